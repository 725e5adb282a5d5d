"""An event's measure is the vote of its reports' measure distributions, not of their labels; each
report keeps what it alone said (its label and reason) on the event's source."""

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.intel import detect
from supplyscreen.intel.cluster import build_events, event_measure
from supplyscreen.intel.model import Claim, Measure, Status, Target
from supplyscreen.intel.serialise import event as event_json

HUAWEI = (Target("Huawei Technologies Co., Ltd.", "huawei", "huawei"),)
LABELS = [m for m in Measure if m != Measure.UNKNOWN]


def _claim(path: str, measure: Measure, dist: dict[Measure, float], *, main: bool = True, why: str = "") -> Claim:
    return Claim(path=path, jurisdiction="NO", measure=measure, targets=HUAWEI, status=Status.DECIDED,
                 date=dt.date(2031, 5, 6), main=main, article_date=dt.date(2031, 5, 6), date_stated=True,
                 measure_dist=tuple((m.value, p) for m, p in dist.items()), measure_why=why)


def test_two_unsure_labels_do_not_outvote_one_sure_report():
    # Two outlets lean to a network exclusion from "5G" and half-see the removal; one says
    # "ordered to remove" clearly. By labels it is 2 to 1; by what the reports said, a removal.
    a = _claim("a", Measure.NETWORK_EXCLUSION, {Measure.NETWORK_EXCLUSION: 0.55, Measure.REMOVAL_ORDER: 0.41})
    b = _claim("b", Measure.NETWORK_EXCLUSION, {Measure.NETWORK_EXCLUSION: 0.45, Measure.REMOVAL_ORDER: 0.40})
    c = _claim("c", Measure.REMOVAL_ORDER, {Measure.REMOVAL_ORDER: 0.85, Measure.NETWORK_EXCLUSION: 0.10})
    assert event_measure([a, b, c]) == Measure.REMOVAL_ORDER
    # Without the sure report the two unsure ones decide.
    assert event_measure([a, b]) == Measure.NETWORK_EXCLUSION


def test_an_unknown_report_still_votes_with_what_it_leans_to():
    sure = _claim("a", Measure.ADVISORY, {Measure.ADVISORY: 0.5, Measure.NETWORK_EXCLUSION: 0.4})
    unsure = _claim("b", Measure.UNKNOWN, {Measure.NETWORK_EXCLUSION: 0.34, Measure.ADVISORY: 0.05})
    assert event_measure([sure]) == Measure.ADVISORY
    assert event_measure([sure, unsure]) == Measure.NETWORK_EXCLUSION  # it counted, though unknown
    assert event_measure([unsure, dataclasses.replace(unsure, path="c")]) == Measure.UNKNOWN


def test_a_report_built_without_a_distribution_votes_with_its_label():
    a = _claim("a", Measure.ENTITY_LISTING, {})
    b = _claim("b", Measure.ENTITY_LISTING, {})
    c = _claim("c", Measure.NETWORK_EXCLUSION, {Measure.NETWORK_EXCLUSION: 0.9})
    assert event_measure([a, b, c]) == Measure.ENTITY_LISTING


def test_a_passing_mention_counts_half():
    main = _claim("a", Measure.ADVISORY, {Measure.ADVISORY: 0.6})
    passing = _claim("b", Measure.PROCUREMENT_BAN, {Measure.PROCUREMENT_BAN: 0.9}, main=False)
    assert event_measure([main, passing]) == Measure.ADVISORY
    assert event_measure([main, dataclasses.replace(passing, main=True)]) == Measure.PROCUREMENT_BAN


_dist = st.dictionaries(st.sampled_from(LABELS), st.floats(0.0, 1.0), min_size=1, max_size=4)


@given(st.lists(st.tuples(st.sampled_from(LABELS), _dist, st.booleans()), min_size=1, max_size=5), st.randoms())
def test_the_vote_does_not_depend_on_the_order_of_reports(rows, rnd):
    claims = [_claim(str(k), m, d, main=main) for k, (m, d, main) in enumerate(rows)]
    shuffled = claims[:]
    rnd.shuffle(shuffled)
    assert event_measure(claims) == event_measure(shuffled)


@given(st.lists(st.tuples(st.sampled_from(LABELS), _dist), min_size=1, max_size=4))
def test_adding_a_report_sure_of_the_winner_keeps_it(rows):
    claims = [_claim(str(k), m, d) for k, (m, d) in enumerate(rows)]
    won = event_measure(claims)
    sure = _claim("sure", won, {won: 1.0})
    assert event_measure([*claims, sure]) == won


def test_the_event_keeps_each_report_s_own_measure_and_reason():
    # Through the real model: each report's reason as detect.decide_measure gave it.
    texts = {"a": "The government ordered operators to remove Huawei equipment already installed in 5G networks.",
             "b": "Operators may not use Huawei in their 5G networks, the government decided."}
    claims = []
    for path, text in texts.items():
        d = detect.decide_measure([text])
        assert d.dist and abs(sum(p for _, p in d.dist) - 1.0) < 1e-6
        claims.append(_claim(path, Measure(d.label), {Measure(c): p for c, p in d.dist if c != "unknown"},
                             why=d.reason))
    events, _ = build_events(claims)
    assert len(events) == 1
    out = event_json(events[0])
    assert [s["measure"] for s in out["sources"]] == [c.measure.value for c in claims]
    assert [s["measure_why"] for s in out["sources"]] == [c.measure_why for c in claims]
    assert out["measure"] == event_measure(claims).value


_words = st.lists(st.sampled_from(["Huawei", "ZTE", "government", "banned", "bars", "operators", "from", "5G",
                                   "networks", "remove", "Entity", "List", "warns", "licence", "buying", "the",
                                   "ordered", "to", "cameras", "Hikvision", "untersagt", "禁止"]),
                  min_size=1, max_size=14)


@given(st.lists(_words.map(" ".join), min_size=1, max_size=3))
def test_the_distribution_a_report_votes_with_is_the_one_its_label_came_from(texts):
    d = detect.decide_measure(texts)
    if not d.dist:  # no sentence states a restriction: nothing to vote with
        assert d.label == "unknown"
        return
    assert abs(sum(p for _, p in d.dist) - 1.0) < 1e-6
    top = max(p for _, p in d.dist)
    if d.label != "unknown":
        assert dict(d.dist)[d.label] == top
