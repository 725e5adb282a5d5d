"""Countries read in every language reports come in, declined and by adjective (issue 17, item 2;
branch intel-places10): a country named in Polish, Czech, Turkish, Hungarian, Finnish, Romanian or
Russian, in any case its grammar gives the name ("w Gruzji", "der Vereinigten Arabischen Emirate",
"Jižního Súdánu"), is that country; an adjective stem that fits two countries ("dominic" of
Dominica in "dominicano") goes to the longer reading or to none, never to the wrong one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen.intel import build_words
from supplyscreen.intel.build_lang import LANGUAGES as PROFILED
from supplyscreen.intel.lang import SCRIPT_LANGUAGES
from supplyscreen.intel.link import NAME_ENDINGS, PlaceLinker, fold

_PLACES = PlaceLinker()
_SHIPPED = yaml.safe_load(build_words.PLACES_OUT.read_text(encoding="utf-8"))
_RULES = yaml.safe_load(NAME_ENDINGS.read_text(encoding="utf-8"))["places"]


def _read(text: str) -> set[str]:
    return {p.jurisdiction for p in _PLACES.find(text)}


# Reports' wordings of one country, each in another language or case (the lead's misses and their
# kind); each must read that country and no other.
SPELLINGS = {
    "GE": ["Rząd w Gruzji zakazał", "Gruzja zakazała", "Vláda v Gruzii zakázala", "Gürcistan hükümeti yasakladı",
           "Правительство Грузии запретило", "Guvernul Georgiei a interzis", "Georgian hallitus kielsi",
           "Wczoraj gruzińscy urzędnicy zakazali", "Rząd gruziński zakazał"],
    "AE": ["Die Vereinigten Arabischen Emirate verbieten", "Władze Zjednoczonych Emiratów Arabskich zakazały",
           "Az Egyesült Arab Emírségek kormánya betiltotta", "De Verenigde Arabische Emiraten verbieden",
           "Vláda Spojených arabských emirátů zakázala", "Guvernul Emiratelor Arabe Unite a interzis"],
    "GQ": ["Rząd Gwinei Równikowej zakazał", "El Gobierno de Guinea Ecuatorial prohibió"],
    "SS": ["Vláda Jižního Súdánu zakázala", "The government of South Sudan banned"],
    "KZ": ["Kazakstanin hallitus kielsi", "Правительство Казахстана запретило", "Rząd Kazachstanu zakazał"],
    "MD": ["Guvernul Republicii Moldova a interzis", "Rząd Mołdawii zakazał"],
    "DO": ["El Estado dominicano prohibió", "O governo dominicano proibiu", "El Gobierno de la República Dominicana"],
    "NE": ["El Gobierno nigerino prohibió", "Le gouvernement du Niger interdit"],
    "NG": ["El Gobierno nigeriano prohibió", "The Nigerian government banned"],
    "CD": ["Władze Demokratycznej Republiki Konga zakazały"],
}


@pytest.mark.parametrize(("code", "text"), [(c, t) for c, ts in SPELLINGS.items() for t in ts])
def test_each_spelling_of_a_country_reads_that_country_alone(code: str, text: str) -> None:
    # Mutants caught: the new languages left out of the table (Gruzja, Gürcistan read as nothing);
    # declension off (Gruzji, Vereinigten); the longest name not first (Gwinei Równikowej as Guinea);
    # the rival rule off (dominicano as Dominica).
    assert _read(text) == {code}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(SPELLINGS)), st.data())
def test_respelling_a_country_does_not_change_the_jurisdiction(code: str, data: st.DataObject) -> None:
    """Metamorphic: the same sentence with the country respelled in another language or case."""
    a, b = data.draw(st.sampled_from(SPELLINGS[code])), data.draw(st.sampled_from(SPELLINGS[code]))
    assert _read(a) == _read(b)


def _declinable() -> list[tuple[str, str, tuple[str, str]]]:
    """(a country's name in a language the table declines, its code, one of that language's rules)."""
    tables = yaml.safe_load(NAME_ENDINGS.read_text(encoding="utf-8"))
    out = []
    for lang, by_code in _SHIPPED["declined"].items():
        rules = {(str(k), str(f or "")) for k, fs in (tables["places"].get(lang) or {}).items() for f in fs or ()}
        rules |= {("", str(e)) for e in (tables["languages"].get(lang) or {}).get("endings") or ()}
        for code, names in by_code.items():
            out += [(n, code, r) for n in names if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", n) for r in sorted(rules)]
    return out


_CASES = _declinable()


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_CASES))
def test_a_declined_name_never_reads_another_country(case: tuple[str, str, tuple[str, str]]) -> None:
    # A guard over the shipped table (every rule of a language on every name of it) rather than a
    # mutant: it fails when a rule or a new name makes one country's declined form another's name.
    name, code, (ending, form) = case
    last = name.split()[-1]
    if not last.endswith(ending) or len(last) - len(ending) < 3:
        return
    declined = name[:len(name) - len(ending)] + form
    if declined in _PLACES.entries or declined.split()[-1] in _PLACES.entries:
        return  # the declined form is a name as written, read by the name pattern
    got = _read(f"Rząd {declined} zakazał.")
    assert got <= {code}, (declined, got)


def test_a_languages_endings_decline_only_its_own_names() -> None:
    # Mutant caught: every language's endings on every name (the Finnish essive "-na" on "India",
    # English "Indiana" read as India).
    assert _read("The Indiana government banned the cameras.") == set()
    assert _read("Intiana hallitus kielsi") == {"IN"}


def test_the_longest_declined_name_wins_and_a_shared_one_names_none() -> None:
    # Mutants caught: a run fitting two countries read as one of them (no ``len(codes) == 1``); the
    # shortest name tried first ("Gwinei" of "Gwinei Równikowej" read as Guinea).
    from supplyscreen.intel.link import _DeclinedNames

    names = _DeclinedNames.of({"pl": {"AA": ["Gwinea"], "BB": ["Gwinea"], "CC": ["Gwinea Równikowa"]}}, NAME_ENDINGS)
    assert names.find("Rząd Gwinei zakazał.", []) == []
    assert [p.jurisdiction for p in names.find("Rząd Gwinei Równikowej zakazał.", [])] == ["CC"]


# Rival stems: every adjective a rival word makes (its stem then an inflection) reads the rival's
# country or none, never the shorter stem's.
_RIVALS = [(stem, word, rival) for stem, rs in _SHIPPED["demonyms"]["rivals"].items() for word, rival in rs.items()]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_RIVALS), st.sampled_from(_SHIPPED["demonyms"]["rival_inflections"]))
def test_a_stem_fitting_two_countries_never_links_to_the_wrong_one(entry: tuple[str, str, str], inflection: str) -> None:
    # Mutant caught: ``_rival`` not consulted (dominicano read as Dominica, DM).
    stem, word, _rival = entry
    own = _SHIPPED["demonyms"]["stems"][stem]
    if any(f.lower() == word + inflection for f in _PLACES.entries):
        return  # a spelled-out name or language adjective wins (Swedish "slovensk" is Slovenian)
    text = f"el gobierno {word}{inflection} prohibió"
    hits = [p for p in _PLACES.find(text) if p.kind == "adjective" and fold(p.text).replace(" ", "") == word + inflection]
    assert all(p.jurisdiction != own for p in hits), (word + inflection, own)


# -- the build script's output --------------------------------------------------------------------

def test_the_gazetteer_languages_are_the_readers() -> None:
    # Mutant caught: a hand list that leaves out a language lang.py identifies or name-endings declines.
    langs = set(_SHIPPED["languages"])
    assert set(PROFILED) | set(SCRIPT_LANGUAGES) <= langs
    assert set(yaml.safe_load(NAME_ENDINGS.read_text(encoding="utf-8"))["languages"]) <= langs
    assert set(_RULES) <= langs
    assert tuple(_SHIPPED["languages"]) == build_words.PLACE_LANGUAGES


def test_the_shipped_names_are_the_builders() -> None:
    """The table in the package is what the script builds today (its source and date stated)."""
    built = build_words.build_places()
    assert built["names"] == _SHIPPED["names"]
    assert built["demonyms"] == _SHIPPED["demonyms"] and built["declined"] == _SHIPPED["declined"]
    assert "CLDR" in _SHIPPED["source"] and "dateparser" in _SHIPPED["source"]


def test_new_language_names_pass_the_word_filters() -> None:
    # Mutant caught: the filters off (Turkish "Çad", "Fas" kept; a name two countries bear kept for both).
    names = {code: ["Chad"] for code in ["TD"]} | {"MA": ["Morocco"], "XX": ["Georgia"], "GE": ["Georgia"]}
    build_words._add_reader_names(names, ["TD", "MA", "GE"])
    assert "Çad" not in names["TD"] and "Fas" not in names["MA"]
    assert "Czad" in names["TD"] and "Gruzja" in names["GE"]
    assert "Gürcistan" in names["GE"]


def test_a_stem_goes_to_the_country_whose_name_it_cuts_least() -> None:
    # Mutant caught: a shared stem dropped (Niger's "nigerino" read as nothing) or given to Nigeria.
    table = build_words.demonym_table({"NE": ["Niger"], "NG": ["Nigeria"]})
    assert table["stems"]["niger"] == "NE" and table["stems"]["nigeri"] == "NG"
    assert table["rivals"]["niger"]["nigeri"] == "NG"


def test_a_rival_is_a_countrys_own_word_not_a_word_it_shares() -> None:
    # Mutant caught: every word of a multi-word name a rival ("francese" of "Polinesia francese"
    # taking France's adjective).
    names = {"DM": ["Dominica"], "DO": ["República Dominicana"], "FR": ["Francia"],
             "PF": ["Polinesia francese"], "GF": ["Guyana francese"],
             **{f"R{i}": [f"República {w}"] for i, w in enumerate(["Checa", "Centroafricana", "Popular", "Unida"])}}
    table = build_words.demonym_table(names)
    assert table["rivals"]["dominic"] == {"dominican": "DO", "dominicana": "DO"}
    assert "francese" not in table["rivals"].get("franc", {})


def test_polish_adjectives_have_the_men_plural() -> None:
    # Mutant caught: "-scy" written onto the whole "-s" stem ("gruzińsscy").
    forms = build_words._inflect("pl", "gruziński")
    assert "gruzińscy" in forms and "gruzińskiej" in forms and not any("ss" in f for f in forms)


def test_a_government_in_its_capital_is_that_countrys(tmp_path: Path) -> None:
    # Mutant caught: ``_seat`` off (the capital after "in" is the scene, so no actor: nothing read).
    text = ("Hikvision-Kameras müssen aus Ministerien verschwinden\n"
            "Die Regierung in Abu Dhabi hat am Dienstag den Abbau aller Hikvision-Kameras in Ministerien "
            "angeordnet.\n")
    out = ingest_articles(tmp_path, {"techwelt_2026-09-09.txt": text})
    assert {e.jurisdiction for e in out.events} == {"AE"}
