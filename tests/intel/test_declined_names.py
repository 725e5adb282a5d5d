"""Targets named in declined forms and in scripts without capitals (issue 17, item 3; branch
intel-targets9): a group's name with any case ending of ``name-endings.yaml`` links to that group;
a word that is no group's name before its ending, or only near one ("Дахау", the Dachau memorial,
against Дахуа), links to nothing; a report naming its target in Arabic, Thai, Greek, Cyrillic or
katakana gives the same targets as the same report naming it in Latin letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen import library
from supplyscreen.intel.link import NAME_ENDINGS, CompanyLinker, Endings

_REG = library.load_registry()
_LINKER = CompanyLinker(_REG, library.matcher_for(_REG))
_ENDINGS = Endings.read(NAME_ENDINGS)
# One-word names the groups go by in Latin and Cyrillic letters, with the group each names.
NAMES = [("Huawei", "huawei"), ("Hikvision", "hikvision"), ("Dahua", "dahua"), ("Hytera", "hytera"),
         ("ZTE", "zte"), ("Kaspersky", "kaspersky"), ("Хуавэй", "huawei"), ("Хиквижн", "hikvision")]


def _groups(text: str, restriction: bool = False) -> set[str]:
    return {m.target.group for m in _LINKER.find(text, restriction=restriction)}


def _declined(name: str, ending: str) -> str:
    """``name`` with ``ending`` written on as the table's rules write it (a final letter that
    changes before an ending changes: "Huawei" + "owi" may be "Huawejowi")."""
    return name + ending


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(_ENDINGS.plain))
def test_a_name_with_any_plain_ending_links_to_its_group(named: tuple[str, str], ending: str) -> None:
    name, group = named
    if (name[-1].isascii() != ending[0].isascii()) or len(ending) > len(name):
        return  # a Cyrillic ending is no ending of a Latin name, nor one longer than the name
    assert group in _groups(f"Rząd ogranicza {name}{ending} w sieciach.")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([n for n in NAMES if n[0].isascii()]), st.sampled_from(sorted(_ENDINGS.marked)))
def test_a_name_with_a_marked_ending_links_to_its_group(named: tuple[str, str], ending: str) -> None:
    name, group = named
    for mark in ("'", "’", ":"):
        assert group in _groups(f"Kurum {name}{mark}{ending} ekipmanını yasakladı.")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(_ENDINGS.replace))
def test_an_ending_that_takes_the_last_letters_place_links(named: tuple[str, str], swap: tuple[str, str]) -> None:
    name, group = named
    last, ending = swap
    if name.endswith(last):
        assert group in _groups(f"Úřad zakázal software {name[:-len(last)]}{ending} ve státní správě.")


@pytest.mark.parametrize(("word", "group"), [("Huawejowi", "huawei"), ("Huaweiem", "huawei"), ("Хуавэя", "huawei"),
                                            ("Хуавэем", "huawei"), ("Hyteralta", "hytera"), ("China Telecomu", "china-telecom"),
                                            ("ZTE'nin", "zte"), ("ZTE:n", "zte"), ("China Unicoms", "china-unicom"),
                                            ("Kasperského", "kaspersky"), ("Kaspersky'ego", "kaspersky"), ("Хайтеры", "hytera")])
def test_declined_forms_written_in_reports(word: str, group: str) -> None:
    assert _groups(f"Regulator {word} zakazał.") == {group}


# Ordinary capitalised words of the table's languages: a place, a surname, a common noun; any
# ending taken off leaves no group's exact name.
LOOK_ALIKES = ["Дахау", "Dachau", "Kasperski", "Kasperskiego", "Huta", "Hutu", "Hyten", "Zeta", "Huawea",
               "Daha", "Hikari", "Dahl", "Huang", "Zieta", "Чайка", "Хуан"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(LOOK_ALIKES), st.sampled_from(["", *_ENDINGS.plain]))
def test_a_look_alike_word_never_links(word: str, ending: str) -> None:
    if word[-1].isascii() != ending[:1].isascii() and ending:
        return
    assert _groups(f"Napastnik {word}{ending} zdobył dwie bramki.") == set()


def test_stems_keep_the_name_whole() -> None:
    # A stem never loses more than its ending: a two-letter remainder is not tried.
    assert "ZT" not in _ENDINGS.stems("ZTEn") and "ZTE" in _ENDINGS.stems("ZTEn")
    assert {"Huawej", "Huawei"} <= set(_ENDINGS.stems("Huawejowi"))
    assert "Hytera" in _ENDINGS.stems("Hytery") and "Хуавэй" in _ENDINGS.stems("Хуавэя")
    assert "Huaweй" not in _ENDINGS.stems("Huawea")  # a Cyrillic alternation is no rule for Latin


def test_arabic_name_is_a_word_of_its_own() -> None:
    assert _groups("أوصت الهيئة بالتوقف عن استخدام برامج كاسبرسكي الروسية") == {"kaspersky"}
    assert _groups("قالت وهواوي إن") == {"huawei"}  # the conjunction و attached
    assert _groups("هواويات") == set()  # runs on into a longer word


# One report, its target named natively and in Latin letters: the same targets.
REPORT = {
    "ar": ("أمرت الحكومة اليونانية يوم الأربعاء بإزالة جميع كاميرات {} من مباني الوزارات.",
           ["هيكفيجن", "Hikvision"]),
    "th": ("คณะรัฐมนตรีมีมติห้ามหน่วยงานของรัฐจัดซื้อบริการคลาวด์ของ{}", ["หัวเว่ย", "Huawei"]),
    "el": ("Η Εθνική Αρχή Κυβερνοασφάλειας συνέστησε να σταματήσει η χρήση των προγραμμάτων της {}.",
           ["Κάσπερσκι", "Kaspersky"]),
    # "Польши" is read as Poland since intel-places10 (declined names); before, neither report had an
    # event, so the pair compared nothing. The detector scores a Cyrillic firm name lower than the
    # Latin one (0.49 against 0.60 on "обязало операторов убрать оборудование ... из ядра"), a
    # wording it is sure of on both sides keeps this a test of the linker.
    "ru": ("Правительство Польши исключило {} из сетей 5G.", ["Хуавэй", "Huawei"]),
    "ja": ("総務省は10日、{}の電気通信事業者登録を取り消した。", ["パシフィック・ネットワークス", "Pacific Networks Corp."]),
}


@pytest.mark.parametrize("lang", sorted(REPORT))
def test_native_and_latin_names_give_the_same_targets(tmp_path: Path, lang: str) -> None:
    text, (native, latin) = REPORT[lang]
    got = []
    for k, name in enumerate((native, latin)):
        folder = tmp_path / str(k)
        folder.mkdir()
        out = ingest_articles(folder, {"report_2027-04-15.txt": text.format(name) + "\n"})
        got.append(sorted({t.group for e in out.events for t in e.targets}))
    assert got[0] == got[1]
    assert _groups(text.format(native), restriction=True) == _groups(text.format(latin), restriction=True) != set()


def _place_terms() -> list[str]:
    import yaml

    from supplyscreen.intel.link import GAZETTEER
    return [str(t) for t in yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))["han_place_terms"]]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["大华", "大華", "中兴", "中興", "海康"]), st.sampled_from(_place_terms()))
def test_a_short_han_name_before_a_place_term_is_the_place(name: str, term: str) -> None:
    # Even where the sentence restricts something, "中兴路" is a road and "大华府" an area.
    assert _groups(f"政府禁止在{name}{term}一带安装监控设备。", restriction=True) == set()
    assert _groups(f"政府禁止采购{name}生产的监控设备。", restriction=True) != set()


def test_a_report_in_a_listed_language_reads_only_its_own_endings() -> None:
    # English declines no name but by "s": "Nubian" is the adjective, not Nubia (a ZTE brand) in a
    # Finnish genitive; the Finnish report reads its own endings, an undetected one every table's.
    def linked(text: str, lang: str) -> set[str]:
        return {m.target.group for m in _LINKER.find(text, lang=lang)}

    assert linked("Tourists crossed the Nubian desert.", "en") == set()
    assert linked("Ministeriö kielsi Nubian puhelimet.", "fi") == {"zte"}
    assert linked("Poliisi luopuu Hyteran radioista.", "fi") == linked("Poliisi luopuu Hyteran radioista.", "und") == {"hytera"}
    assert linked("Police drop Hyteras radios.", "en") == {"hytera"}
    assert linked("Police drop Hyteran radios.", "en") == set()
