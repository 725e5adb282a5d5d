"""Grouping claims into events: the rules that decide whether two reports describe one measure."""

import datetime as dt

from supplyscreen.intel.cluster import build_events, same_event
from supplyscreen.intel.model import Claim, Measure, Status, Target

HUAWEI = (Target("Huawei Technologies Co., Ltd.", "huawei", "huawei"),)


def _claim(path: str, measure: Measure, day: int | None, *, status: Status = Status.DECIDED, main: bool = True,
           instruments: frozenset[str] = frozenset(), words: str = "", month: int = 3) -> Claim:
    date = dt.date(2031, month, day) if day else None
    return Claim(path=path, jurisdiction="US", measure=measure, targets=HUAWEI, status=status, date=date, main=main,
                 article_date=date or dt.date(2031, month, 1), instruments=instruments,
                 words=frozenset(words.split()), date_stated=day is not None)


def test_network_measures_named_differently_group():
    a = _claim("a", Measure.LICENSE_CONDITION, 10, words="auction licence conditions")
    b = _claim("b", Measure.NETWORK_EXCLUSION, 11, words="bans networks")
    assert same_event(a, b)
    c = _claim("c", Measure.ENTITY_LISTING, 11, words="export licences")
    assert not same_event(a, c)


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
