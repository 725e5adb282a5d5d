"""Grouping claims into events: the rules that decide whether two reports describe one measure."""

import datetime as dt

from supplyscreen.intel.cluster import build_events, same_event
from supplyscreen.intel.model import Claim, Measure, Status, Target

HUAWEI = (Target("Huawei Technologies Co., Ltd.", "huawei", "huawei"),)


def _claim(path: str, measure: Measure, day: int | None, *, status: Status = Status.DECIDED, main: bool = True,
           instruments: frozenset[str] = frozenset(), words: str = "", month: int = 3,
           authority: tuple[str, str] = ("", ""), undated: bool = False, targets: tuple[Target, ...] = HUAWEI,
           jurisdiction: str = "US") -> Claim:
    date = dt.date(2031, month, day) if day else None
    return Claim(path=path, jurisdiction=jurisdiction, measure=measure, targets=targets, status=status, date=date,
                 main=main, article_date=None if undated else date or dt.date(2031, month, 1),
                 instruments=instruments, words=frozenset(words.split()), date_stated=day is not None,
                 authority=authority[0], authority_kind=authority[1])


FCC = ("Federal Communications Commission", "regulator")
BIS = ("Bureau of Industry and Security", "agency")


def test_network_measures_named_differently_group():
    a = _claim("a", Measure.LICENSE_CONDITION, 10, words="auction licence conditions")
    b = _claim("b", Measure.NETWORK_EXCLUSION, 11, words="bans networks")
    assert same_event(a, b)


def test_labels_need_not_agree_but_two_regulators_are_two_measures():
    # One decision read as a procurement ban in one language and "other" in another: one event.
    a = _claim("a", Measure.PROCUREMENT_BAN, 10, authority=FCC)
    b = _claim("b", Measure.OTHER, 10, authority=FCC)
    assert same_event(a, b)
    # The FCC's licence action and BIS's listing the next day: two measures, whatever the labels.
    c = _claim("c", Measure.ENTITY_LISTING, 11, authority=BIS)
    assert not same_event(a, c)
    # Different specific labels a week apart are two measures of one government.
    d = _claim("d", Measure.ENTITY_LISTING, 17)
    assert not same_event(a, d)


def test_an_undated_report_joins_the_one_event_its_slots_match():
    dated = _claim("dated", Measure.PROCUREMENT_BAN, 10, authority=BIS)
    undated = _claim("undated", Measure.OTHER, None, undated=True, authority=BIS)
    assert not same_event(dated, undated)  # not pairwise ...
    events, of = build_events([dated, undated])
    assert of[0] == of[1] and events[0].date == dt.date(2031, 3, 10)  # ... but on its slots
    # Two candidate events and no authority to choose between them: unknown stays unknown.
    other = _claim("other", Measure.PROCUREMENT_BAN, 10, month=9)
    plain = _claim("plain", Measure.OTHER, None, undated=True)
    _, of = build_events([dated, other, plain])
    assert of[2] not in (of[0], of[1])
    # Another jurisdiction or other targets never join.
    _, of = build_events([dated, _claim("jp", Measure.OTHER, None, undated=True, jurisdiction="JP")])
    assert of[0] != of[1]


def partition(cs: list[Claim]) -> set[frozenset[str]]:
    """The events as sets of report paths."""
    _, of = build_events(cs)
    groups: dict[str, set[str]] = {}
    for i, c in enumerate(cs):
        groups.setdefault(of[i], set()).add(c.path)
    return {frozenset(g) for g in groups.values()}


def test_grouping_does_not_depend_on_claim_order():
    claims = [_claim("a", Measure.PROCUREMENT_BAN, 10, authority=BIS), _claim("b", Measure.OTHER, 11),
              _claim("c", Measure.OTHER, None, undated=True, authority=BIS),
              _claim("d", Measure.ENTITY_LISTING, 28, authority=BIS)]

    # "c" agrees with both BIS events on every slot: it stays alone rather than pick one.
    assert partition(claims) == partition(claims[::-1]) == {frozenset("ab"), frozenset("c"), frozenset("d")}
    assert partition(claims[:3]) == partition(claims[:3][::-1]) == {frozenset("abc")}


def test_the_instrument_named_decides():
    listed = frozenset({"FCC Covered List"})
    a = _claim("a", Measure.OTHER, 10, instruments=listed, words="adds list threat")
    b = _claim("b", Measure.NETWORK_EXCLUSION, 11, instruments=listed, words="rural subsidy carriers")
    assert same_event(a, b)
    sales = _claim("s", Measure.OTHER, 20, instruments=frozenset({"ICTS final determination"}))
    listing = _claim("l", Measure.OTHER, 24, instruments=frozenset({"Entity List"}))
    assert not same_event(sales, listing)


def test_undated_mentions_years_apart_stay_apart():
    a = _claim("a", Measure.NETWORK_EXCLUSION, None, main=False)
    b = _claim("b", Measure.NETWORK_EXCLUSION, None, main=False, month=11)
    assert not same_event(a, b)


def test_commencement_joins_the_latest_earlier_decision():
    january = _claim("jan", Measure.NETWORK_EXCLUSION, 10, month=1)
    march = _claim("mar", Measure.NETWORK_EXCLUSION, 10, month=3)
    starts = _claim("jun", Measure.NETWORK_EXCLUSION, 15, month=6, status=Status.IN_FORCE)
    events, of = build_events([january, march, starts])
    assert of[2] == of[1] != of[0]
    assert str(next(e for e in events if e.id == of[2]).date) == "2031-03-10"
