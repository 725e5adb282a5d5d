"""A report in a language the corpus has no sentences in is not taken for one it has (issue #17 item
7, intel-lang10): Latin-script languages profiled from the CLDR alone, Ukrainian told by its letters,
scripts the identifier does not know answered ``und`` (no home).

The sentences below are written for these tests (none is in the corpus or a benchmark batch)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.intel import build_lang, lang
from supplyscreen.intel.link import language_home

# Everyday text per CLDR-only language, for the identifier.
CLDR_ONLY_TEXT = {
    "hu": "Az önkormányzat megnyitotta az új uszodát, és a polgármester nagyon elégedett volt az eredménnyel.",
    "tr": "Belediye yeni yüzme havuzunu açtı ve belediye başkanı sonuçtan çok memnun olduğunu söyledi.",
    "cs": ("Obec otevřela nový bazén a starosta byl s výsledkem velmi spokojen, jak řekl novinářům. "
           "Stavba trvala dva roky a stála víc, než se původně čekalo."),
    "fi": "Kunta avasi uuden uimahallin, ja kunnanjohtaja oli tulokseen hyvin tyytyväinen.",
    "ro": ("Primăria a deschis noua piscină, iar primarul s-a declarat foarte mulțumit de rezultat. "
           "Lucrările au durat doi ani și au costat mai mult decât se estimase la început."),
}
# Texts in scripts none of the profiles is written in.
OTHER_SCRIPT = {
    "el": "Ο δήμος εγκαίνιασε τη νέα πισίνα και ο δήμαρχος δήλωσε πολύ ικανοποιημένος με το αποτέλεσμα.",
    "ar": "افتتحت البلدية المسبح الجديد وأعرب رئيس البلدية عن رضاه الكبير عن النتيجة.",
    "th": "เทศบาลเปิดสระว่ายน้ำแห่งใหม่ และนายกเทศมนตรีพอใจกับผลลัพธ์มาก",
}
UKRAINIAN = "Громада відкрила новий басейн, і міський голова був дуже задоволений результатом роботи."
RUSSIAN = "Муниципалитет открыл новый бассейн, и мэр был очень доволен результатом работы."
KNOWN = {
    "nl": "Het ministerie liet weten dat de gemeenten geen nieuwe apparatuur meer mogen kopen van die leverancier.",
    "sv": "Myndigheten meddelade att kommunerna inte längre får köpa ny utrustning från den leverantören.",
    "es": "El ministerio anunció que los ayuntamientos ya no podrán comprar equipos nuevos de ese proveedor.",
}
NAMES = ["Huawei", "ZTE", "Hikvision", "Dahua", "Kaspersky", "China Mobile", "5G", "2027", "12,5", "MSB"]


@pytest.mark.parametrize("code", sorted(CLDR_ONLY_TEXT))
def test_a_cldr_only_language_is_told_as_itself(code: str) -> None:
    # Mutant caught: CLDR_ONLY emptied (Hungarian and Turkish read as Dutch, Romanian as Italian).
    assert lang.detect(CLDR_ONLY_TEXT[code]) == code


@pytest.mark.parametrize("code", sorted(CLDR_ONLY_TEXT))
def test_a_cldr_only_language_gets_its_own_home(code: str) -> None:
    # The bare government of a Hungarian report is Hungary's, never the Netherlands'.
    assert language_home(lang.detect(CLDR_ONLY_TEXT[code])) == code.upper().replace("CS", "CZ")


@pytest.mark.parametrize("code", sorted(OTHER_SCRIPT))
def test_an_unknown_script_is_und_and_has_no_home(code: str) -> None:
    # Mutant caught: dropping the Latin-share check (Greek, Arabic, Thai were read as Polish or Malay).
    assert lang.detect(OTHER_SCRIPT[code]) == "und"
    assert language_home(lang.detect(OTHER_SCRIPT[code])) == ""


def test_ukrainian_is_not_russian() -> None:
    # Mutant caught: every Cyrillic text read as Russian (a Ukrainian "уряд" placed in Russia).
    assert lang.detect(UKRAINIAN) == "uk" and language_home("uk") == "UA"
    assert lang.detect(RUSSIAN) == "ru"


def test_a_russian_text_naming_a_ukrainian_place_stays_russian() -> None:
    # Mutant caught: UKRAINIAN_SHARE at 0 (one "і" would make a Russian report Ukrainian).
    assert lang.detect(f"{RUSSIAN} Об этом сообщили в Київ.") == "ru"


@settings(max_examples=40, deadline=None)
@given(code=st.sampled_from(sorted(KNOWN | CLDR_ONLY_TEXT)),
       names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=2))
def test_names_and_numbers_do_not_change_the_language(code: str, names: list[str]) -> None:
    # Metamorphic: firms and figures are no language's words, in a known or a CLDR-only language.
    text = (KNOWN | CLDR_ONLY_TEXT)[code]
    assert lang.detect(f"{' '.join(names)}: {text} ({names[0]})") == code


@settings(max_examples=40, deadline=None)
@given(code=st.sampled_from(sorted(OTHER_SCRIPT)), names=st.lists(st.sampled_from(NAMES), max_size=3))
def test_an_unknown_script_gets_no_home_whatever_latin_names_it_quotes(code: str, names: list[str]) -> None:
    # Metamorphic: a few Latin-script firm names in a Greek report do not make it a Latin language.
    assert language_home(lang.detect(f"{' '.join(names)} {OTHER_SCRIPT[code]}")) == ""


def test_every_profiled_language_is_in_the_shipped_file() -> None:
    # Mutant caught: a builder that loops over the corpus languages only.
    assert set(lang._profiles()[2]) == set(build_lang.PROFILED)
    assert not set(build_lang.CLDR_ONLY) & set(build_lang.LANGUAGES)
