"""Countries of production read from the shipped table (rigour + CLDR): every spelling of a country
gives the same codes and the same decision; what cannot be read is quoted, never called foreign."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.model import Decision, Item
from supplyscreen.policy import get_policy
from supplyscreen.reference.countries import UnknownCountry, code_for, key, provenance, read_countries


def _table() -> dict:
    raw = resources.files("supplyscreen.reference").joinpath("data/country-names.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


TABLE = _table()
NAMES_BY_CODE: dict[str, list[str]] = {}
for _k, _c in TABLE["names"].items():
    NAMES_BY_CODE.setdefault(_c, []).append(_k)
# Latin-script names whose case can be changed without changing the name.
PHRASES = ("{}", "Made in {}", "Produced in {}", "Assembled in {}", "made in the {}", "原産国: {}",
           "Country of origin: {}", "Hergestellt in {}", "  {}  ")


@pytest.mark.parametrize(("text", "code"), [
    ("U.S.A.", "US"), ("USA", "US"), ("United States of America", "US"), ("America", "US"), ("米国", "US"),
    ("アメリカ合衆国", "US"), ("アメリカ", "US"), ("美国", "US"), ("Made in USA", "US"), ("原産国: 米国", "US"),
    ("Deutschland", "DE"), ("Made in Japan", "JP"), ("Produced in Taiwan", "TW"), ("PRC", "CN"),
    ("Republic of Korea", "KR"), ("Korea, Republic of", "KR"), ("韓国", "KR"), ("Taiwan, Province of China", "TW"),
    ("DEU", "DE"), ("de", "DE"), ("中国制造", "CN"), ("日本製", "JP"), ("Fabriqué en France", "FR"), ("中國", "CN"),
    ("China (PRC)", "CN"), ("EE. UU.", "US"),
])
def test_common_spellings(text: str, code: str) -> None:
    read = read_countries(text)
    assert [t.code for t in read.territories] == [code] and not read.unread


def test_territories_count_as_their_country_and_several_stages_are_all_kept() -> None:
    pr = read_countries("Puerto Rico")
    assert pr.any_in(frozenset({"US"})) and not pr.any_outside(frozenset({"US"}))
    both = read_countries("Designed in USA; assembled in China")
    assert [t.code for t in both.territories] == ["US", "CN"]
    assert read_countries("Trinidad and Tobago").territories[0].code == "TT"  # "and" inside a name


@pytest.mark.parametrize("text", ["Untied States", "Amercia", "Freedonia", "see datasheet", "Made in Atlantis"])
def test_unreadable_values_are_kept_as_written(text: str) -> None:
    read = read_countries(text)
    assert not read.territories and read.unread == (text.strip(),)
    assert f"'{text}'" in read.text


@pytest.mark.parametrize("text", ["", "N/A", "unknown", "不明", "  "])
def test_values_that_state_no_country(text: str) -> None:
    assert not read_countries(text).stated and read_countries(text).text == "not stated"


def test_a_pack_naming_an_unknown_country_code_is_refused() -> None:
    assert code_for("usa") == "US"
    with pytest.raises(UnknownCountry, match="'QQ'"):
        code_for("QQ")


@settings(max_examples=300, deadline=None)
@given(code=st.sampled_from(sorted(NAMES_BY_CODE)), data=st.data())
def test_every_name_in_the_table_reads_back_to_its_code(code: str, data: st.DataObject) -> None:
    from supplyscreen.reference.countries import _phrases

    # "na" is Namibia's code and also how a cell says "not stated" (N/A): the cell reading wins.
    names = sorted(set(NAMES_BY_CODE[code]) - set(_phrases()["not_stated"]))
    assume(names)
    name = data.draw(st.sampled_from(names))
    read = read_countries(name)
    assert read.territories and read.territories[0].code == code, name


@settings(max_examples=200, deadline=None)
@given(code=st.sampled_from(["US", "CN", "JP", "DE", "TW", "KR", "VN", "MX", "FR", "GB"]), data=st.data())
def test_respelling_and_wrapping_a_country_keeps_its_code(code: str, data: st.DataObject) -> None:
    # Metamorphic: a name of the country, in any of the phrases people write around it, in any case.
    name = data.draw(st.sampled_from(sorted(NAMES_BY_CODE[code])))
    phrase = data.draw(st.sampled_from(PHRASES))
    text = phrase.format(name)
    if data.draw(st.booleans()) and text.isascii():
        text = text.upper() if data.draw(st.booleans()) else text.lower()
    read = read_countries(text)
    if read.unread:
        # Only a name that is itself a phrase word can be eaten ("Made in Made"): never a wrong code.
        assert not read.territories or read.territories[0].code == code
    else:
        assert read.territories[0].code == code, text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu")), min_size=6, max_size=14))
def test_a_string_the_table_does_not_know_is_never_read_as_a_country(word: str) -> None:
    if key(word) in TABLE["names"]:
        return
    read = read_countries(word)
    assert not read.territories and read.unread == (word,)


def test_provenance_names_the_libraries_and_the_date() -> None:
    p = provenance()
    assert p["rigour"] and p["babel"] and p["cldr"]
    assert dt.date.fromisoformat(p["built"]) <= dt.date.today()


def test_the_table_is_what_the_build_makes_from_the_installed_libraries(tmp_path: Path) -> None:
    from supplyscreen.reference.build import build

    out = tmp_path / "names.json.gz"
    build(out)
    rebuilt = json.loads(gzip.decompress(out.read_bytes()))
    if rebuilt["provenance"]["rigour"] == TABLE["provenance"]["rigour"] and \
            rebuilt["provenance"]["babel"] == TABLE["provenance"]["babel"]:
        assert rebuilt["names"] == TABLE["names"]
    else:
        # A newer library may add or drop a few names; the shipped table must still mostly agree.
        keys = random.Random(1).sample(sorted(TABLE["names"]), 2000)
        same = sum(rebuilt["names"].get(k) == TABLE["names"][k] for k in keys)
        assert same / len(keys) > 0.98


# --- The decision: respelling never changes it; unreadable is review with the value quoted ---------

@pytest.fixture(scope="module")
def fcc():
    reg = library.load_registry()
    pol = get_policy("us-fcc-covered-list", known_lists=reg.lists)
    finder = EvidenceFinder(library.matcher_for(reg))
    day = dt.date(2026, 8, 1)

    def screen(**fields: str):
        item = Item("X", MappingProxyType(fields))
        return pol.evaluate(item, finder.find(item, day), day)
    return screen


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_router_made_in_the_us_is_allowed_however_the_us_is_written(fcc, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(NAMES_BY_CODE["US"])))
    phrase = data.draw(st.sampled_from(PHRASES))
    v = fcc(vendor="Netgear", category="router", country=phrase.format(name))
    assert v.decision in (Decision.ALLOW, Decision.REVIEW)  # review only if a phrase word ate the name
    if read_countries(phrase.format(name)).territories:
        assert v.decision is Decision.ALLOW


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from(["CN", "TW", "VN", "MX", "JP", "DE"]), data=st.data())
def test_a_router_made_abroad_is_excluded_however_the_country_is_written(fcc, code: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(NAMES_BY_CODE[code])))
    v = fcc(vendor="Netgear", category="router", country=name)
    assert v.decision is Decision.EXCLUDE and v.rules[0].id == "fcc-router-foreign"


@pytest.mark.parametrize("country", ["Untied States", "Amercia", "Made in Atlantis", "see datasheet"])
def test_an_unreadable_country_is_review_with_the_value_quoted(fcc, country: str) -> None:
    v = fcc(vendor="Netgear", category="router", country=country)
    assert v.decision is Decision.REVIEW and v.rules[0].id == "fcc-router-foreign"
    assert f"'{country}'" in v.reason


def test_one_foreign_stage_is_enough_and_an_unreadable_one_beside_the_us_is_asked(fcc) -> None:
    assert fcc(vendor="Ubiquiti", category="router", country="Designed in USA; assembled in China").decision \
        is Decision.EXCLUDE
    mixed = fcc(vendor="Ubiquiti", category="router", country="USA; Freedonia")
    assert mixed.decision is Decision.REVIEW and "'Freedonia'" in mixed.reason


def test_a_name_the_table_holds_whole_is_read_before_its_label_words_are_cut() -> None:
    """Found by the property test above: "the virgin islands" was cut to "virgin islands", which
    no entry holds, and read as no country."""
    names = [n for n, c in TABLE["names"].items() if n.startswith("the ") and n[4:] not in TABLE["names"]]
    assert names
    for n in names:
        read = read_countries(n)
        assert read.territories and read.territories[0].code == TABLE["names"][n], n
