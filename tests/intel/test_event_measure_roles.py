"""Which reports' readings decide an event's measure: a reading taken only from the setting ("5G")
yields to an instrument outside the network family that a main report states; passing mentions
vote only when no main report states a measure; the order of reports and of background sentences
never matters (issue 17, item 6; `intel-evmeasure7`)."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.intel.cluster import NETWORK_FAMILY, event_measure
from supplyscreen.intel.extract import setting_phrase
from supplyscreen.intel.model import Claim, Measure, Status, Target

from .builders import ingest_articles

ZTE = (Target("ZTE Corporation", "zte", "zte"),)
LABELS = [m for m in Measure if m != Measure.UNKNOWN]


def _claim(path: str, measure: Measure, dist: dict[Measure, float], *, main: bool = True,
           setting: bool = False) -> Claim:
    return Claim(path=path, jurisdiction="JP", measure=measure, targets=ZTE, status=Status.DECIDED,
                 date=dt.date(2031, 1, 28), main=main, article_date=dt.date(2031, 1, 28), date_stated=True,
                 measure_dist=tuple((m.value, p) for m, p in dist.items()), measure_setting=setting)


@pytest.mark.parametrize("phrase", ["5G", "、ZTEの5G", "networks", "mobile operators", "redes", "网络"])
def test_a_phrase_naming_only_the_network_is_the_setting(phrase):
    assert setting_phrase(phrase)


@pytest.mark.parametrize("phrase", ["has ordered", "List", "warns", "contratto", "untersagt", "5G procurement",
                                    "entity list", "removal from networks", ""])
def test_a_phrase_with_an_instrument_or_no_network_word_is_not(phrase):
    assert not setting_phrase(phrase)


@given(st.text(max_size=30))
def test_an_instrument_cue_always_makes_the_phrase_an_instrument(text):
    assert not setting_phrase(f"{text} procurement")
    assert not setting_phrase(f"{text} warned")


def _listing_event() -> list[Claim]:
    # Two outlets' measure read from "5G" (the subsidiaries make 5G base stations), one from
    # "End User List": the model's near-sure scope readings outweigh the list by mass.
    return [_claim("a", Measure.NETWORK_EXCLUSION, {Measure.NETWORK_EXCLUSION: 0.78, Measure.ENTITY_LISTING: 0.10},
                   setting=True),
            _claim("b", Measure.NETWORK_EXCLUSION, {Measure.NETWORK_EXCLUSION: 0.83, Measure.ENTITY_LISTING: 0.09},
                   setting=True),
            _claim("c", Measure.ENTITY_LISTING, {Measure.ENTITY_LISTING: 0.38, Measure.NETWORK_EXCLUSION: 0.33})]


def test_a_setting_reading_yields_to_an_instrument_a_main_report_states():
    assert event_measure(_listing_event()) == Measure.ENTITY_LISTING
    # The flag is what decides: the same readings taken from an instrument keep the old vote.
    plain = [dataclasses.replace(c, measure_setting=False) for c in _listing_event()]
    assert event_measure(plain) == Measure.NETWORK_EXCLUSION


def test_an_instrument_named_only_in_passing_does_not_silence_the_setting():
    a, b, c = _listing_event()
    assert event_measure([a, b, dataclasses.replace(c, main=False)]) == Measure.NETWORK_EXCLUSION


def test_within_the_network_family_the_vote_stands():
    # "Banned from 5G, equipment out by 2027": three outlets read the exclusion from "5G", one the
    # removal from its deadline. One decision named two ways; the setting is no misreading there.
    ne = {Measure.NETWORK_EXCLUSION: 0.7, Measure.REMOVAL_ORDER: 0.2}
    claims = [_claim(str(k), Measure.NETWORK_EXCLUSION, ne, setting=True) for k in range(3)]
    removal = _claim("r", Measure.REMOVAL_ORDER, {Measure.REMOVAL_ORDER: 0.35, Measure.NETWORK_EXCLUSION: 0.24})
    assert event_measure([*claims, removal]) == Measure.NETWORK_EXCLUSION


def test_an_unknown_report_does_not_silence_the_setting_but_still_leans():
    a, b, _ = _listing_event()
    unsure = _claim("u", Measure.UNKNOWN, {Measure.ENTITY_LISTING: 0.3, Measure.OTHER: 0.3})
    assert event_measure([a, b, unsure]) == Measure.NETWORK_EXCLUSION


_dist = st.dictionaries(st.sampled_from(LABELS), st.floats(0.0, 1.0), min_size=1, max_size=4)
_report = st.tuples(st.sampled_from([*LABELS, Measure.UNKNOWN]), _dist, st.booleans(), st.booleans())


def _claims(rows: list[tuple[Measure, dict[Measure, float], bool, bool]]) -> list[Claim]:
    return [_claim(str(k), m, d, main=main, setting=setting) for k, (m, d, main, setting) in enumerate(rows)]


@given(st.lists(_report, min_size=1, max_size=6), st.randoms())
def test_the_order_of_reports_never_changes_the_measure(rows, rnd):
    claims = _claims(rows)
    shuffled = claims[:]
    rnd.shuffle(shuffled)
    assert event_measure(claims) == event_measure(shuffled)


@given(st.lists(_report, min_size=1, max_size=5), _report)
def test_a_passing_mention_never_flips_an_event_a_main_report_states(rows, extra):
    claims = _claims(rows)
    if not any(c.main and c.measure != Measure.UNKNOWN for c in claims):
        return  # only an event no main report states is told by its passing mentions
    m, d, _, setting = extra
    passing = _claim("passing", m, d, main=False, setting=setting)
    assert event_measure([*claims, passing]) == event_measure(claims)


@given(st.lists(_report, min_size=1, max_size=5), _dist)
def test_another_setting_reading_never_flips_an_event_an_instrument_decides(rows, dist):
    claims = _claims(rows)
    if not any(c.main and not c.measure_setting and c.measure not in (*NETWORK_FAMILY, Measure.UNKNOWN)
               for c in claims):
        return
    scope = _claim("scope", Measure.NETWORK_EXCLUSION, dist, setting=True)
    assert event_measure([*claims, scope]) == event_measure(claims)


# Through the real model and pipeline: reports written for this test (invented event).
_ES = ("Spain bars Huawei from the core of 5G networks\n"
       "The Spanish government on Thursday approved a decree that excludes Huawei from the core of "
       "operators' 5G networks.\n"
       "{background}\n"
       "Operators must notify their suppliers to the digital ministry.\n")
_UK = "Britain ordered in 2020 the removal of all Huawei equipment from its networks by 2027."
_ES_IT = ("Madrid esclude Huawei dal cuore del 5G\n"
          "Il governo spagnolo ha approvato giovedì un decreto che esclude Huawei dal nucleo delle reti 5G "
          "degli operatori.\n")
_LATER = ("Portugal's operators weigh their Huawei contracts\n"
          "Portuguese operators said on Monday they were reviewing maintenance contracts with ZTE.\n"
          "Spain excluded Huawei from the core of its 5G networks last week.\n")


def _es_measure(tmp_path: Path, articles: dict[str, str]) -> str:
    res = ingest_articles(tmp_path, articles)
    es = [e for e in res.events if e.jurisdiction == "ES"]
    assert es, "the Spanish event was read"
    return es[0].measure.value


def test_where_the_background_sentence_stands_does_not_change_the_event(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _es_measure(tmp_path / "a", {"wire_2031-04-10.txt": _ES.format(background=_UK),
                                          "rete_2031-04-10.txt": _ES_IT})
    moved = _ES.replace("{background}\n", "") + _UK + "\n"
    second = _es_measure(tmp_path / "b", {"wire_2031-04-10.txt": moved, "rete_2031-04-10.txt": _ES_IT})
    assert first == second == Measure.NETWORK_EXCLUSION.value


def test_a_later_report_mentioning_the_measure_in_passing_does_not_flip_it(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    base = {"wire_2031-04-10.txt": _ES.format(background=_UK), "rete_2031-04-10.txt": _ES_IT}
    before = _es_measure(tmp_path / "a", base)
    after = _es_measure(tmp_path / "b", {**base, "lusa_2031-04-14.txt": _LATER})
    assert before == after == Measure.NETWORK_EXCLUSION.value


def test_the_event_s_measure_evidence_is_from_a_report_that_read_that_measure():
    from supplyscreen.intel.cluster import build_events
    from supplyscreen.intel.model import Evidence

    def why(c: Claim, text: str) -> Claim:
        return dataclasses.replace(c, evidence=(Evidence("measure", text, text),), measure_why=text)

    a, b, c = _listing_event()
    claims = [why(a, "measure network_exclusion (0.95) from “5G”"), why(b, "measure network_exclusion (0.98) from “5G”"),
              why(c, "measure entity_listing (0.44) from “List”")]
    events, _ = build_events(claims)
    assert len(events) == 1 and events[0].measure == Measure.ENTITY_LISTING
    assert [e.why for e in events[0].evidence if e.field == "measure"] == ["measure entity_listing (0.44) from “List”"]
    # Each source still says what it alone read.
    assert sorted(s.measure_why for s in events[0].sources) == sorted(x.measure_why for x in claims)
