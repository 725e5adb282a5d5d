"""Dates the build reads: century, round trip and bounds (properties), and a build that stops on a
bad date naming the file, row and value."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from supplyscreen.errors import InputError
from supplyscreen.model import Designation, Relation, RelationKind, on_date
from supplyscreen.registry import build, dates

RAW = Path(__file__).parents[1] / "assets" / "registry" / "raw"
EL_START = dt.date(1997, 2, 3)

# Any list start from the first Federal Register volume on, and any day in the century after it.
starts = st.dates(min_value=dt.date(1936, 1, 1), max_value=dt.date(2100, 12, 31))


@given(starts, st.integers(min_value=0, max_value=99))
def test_two_digit_year_is_the_first_on_or_after_the_list_start(start: dt.date, yy: int) -> None:
    year = dates.century_year(yy, start)
    assert year % 100 == yy
    assert start.year <= year < start.year + 100


@given(starts, st.integers(min_value=0, max_value=36_524))
def test_us_dates_round_trip_within_a_century_of_the_list_start(start: dt.date, offset: int) -> None:
    day = dt.date(start.year, 1, 1) + dt.timedelta(days=offset)
    assume(day.year < start.year + 100)
    for text in (f"{day.month}/{day.day}/{day.year % 100:02d}", f"{day.month:02d}/{day.day:02d}/{day.year % 100:02d}",
                 f"{day.month}/{day.day}/{day.year}"):
        assert dates.parse_us_date(text, start) == day


@given(starts, st.integers(min_value=0, max_value=36_524))
def test_iso_dates_round_trip_and_a_lost_century_is_restored(start: dt.date, offset: int) -> None:
    day = dt.date(start.year, 1, 1) + dt.timedelta(days=offset)
    assume(day.year < start.year + 100)
    assert dates.parse_iso_date(day.isoformat(), start) == day
    # The 2022 CSL writes "0097-06-30": the two digits keep their century from the list's start.
    assert dates.parse_iso_date(f"00{day.year % 100:02d}-{day.month:02d}-{day.day:02d}", start) == day


@given(st.dates(min_value=dt.date(1936, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_federal_register_date_in_its_volume_year_passes_and_another_year_stops(day: dt.date) -> None:
    volume = day.year - dates.FR_FIRST_YEAR
    dates.check_fr(volume, day, path="f", line=1, column="c", raw="x")
    with pytest.raises(InputError, match="volume"):
        dates.check_fr(volume + 1, day, path="f", line=1, column="c", raw="x")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_window_bounds(day: dt.date) -> None:
    win = dates.Window("us-bis-entity-list", EL_START, "src", dt.date(2026, 7, 9))
    if EL_START <= day <= win.latest:
        assert win.check(day, path="f", line=1, column="c") == day
    elif day > win.latest:
        assert win.check(day, path="f", line=1, column="c", future_ok=True) == day
        with pytest.raises(InputError, match="future"):
            win.check(day, path="f", line=1, column="c")
    else:
        with pytest.raises(InputError, match="before the us-bis-entity-list list existed"):
            win.check(day, path="f", line=1, column="c", future_ok=True)


def test_entity_list_citations_of_1997_to_1999_are_in_their_century() -> None:
    assert build.parse_fr("63 FR 64322, 11/19/98.\n65 FR 14444, 3/17/00.") == [
        ("63 FR 64322", dt.date(1998, 11, 19)), ("65 FR 14444", dt.date(2000, 3, 17))]
    assert build.parse_fr("62 FR 35334, 6/30/97")[0][1] == dt.date(1997, 6, 30)


@pytest.mark.parametrize("text", ["2/30/19", "13/1/19", "1/1/123", "19-05-21", ""])
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        dates.parse_us_date(text, EL_START)


def test_stated_dates_of_raw_files() -> None:
    assert dates.stated_date("2026-07-09 (nsfreg commit 02787e87)") == dt.date(2026, 7, 9)
    assert dates.stated_date("2026-07 (OpenSanctions transcription)") == dt.date(2026, 7, 31)
    assert dates.stated_date("2026-12") == dt.date(2026, 12, 31)
    assert dates.stated_date("2026") == dt.date(2026, 12, 31)
    with pytest.raises(ValueError):
        dates.stated_date("statute text as quoted")


def _raw_with(tmp_path: Path, federal_register: str) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "us-bis-entity-list-and-related" / "bis_entity_list.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["entities"][2]["federal_register"] = federal_register
    path.write_text(json.dumps(doc), encoding="utf-8")
    return raw


@pytest.mark.parametrize(("written", "says"), [
    ("92 FR 22963, 5/21/27", "after the file's own date"),  # 2027: after the copy of 2026-07-09
    ("62 FR 1234, 1/15/97", "before the us-bis-entity-list list existed"),  # before 1997-02-03
    ("83 FR 61541, 11/13/19", "volume 83 is the year 2018"),    # the raw row fixed in date_corrections.yaml
    ("84 FR 22963, 2/30/19", "day is out of range"),
])
def test_build_stops_on_a_bad_date_naming_file_row_and_value(tmp_path: Path, written: str, says: str) -> None:
    raw = _raw_with(tmp_path, written)
    with pytest.raises(InputError) as err:
        build.build(raw)
    message = str(err.value)
    assert "bis_entity_list.json:3" in message and "federal_register" in message and says in message
    assert written.split(",")[0] in message or written.split(", ")[1] in message


def test_current_and_undated_have_one_meaning_each() -> None:
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    assert on_date(None) == today and on_date(dt.date(1998, 1, 1)) == dt.date(1998, 1, 1)
    # Current (as_of None) is today for designations and relations alike: not yet in force tomorrow.
    assert not Designation("l", added=tomorrow).active(None)
    assert not Relation("a", RelationKind.SUBSIDIARY_OF, "b", valid_from=tomorrow).active(None)
    # Undated facts hold at every date asked about until they end.
    for day in (dt.date(1990, 1, 1), today, None):
        assert Designation("l").active(day)
        assert Relation("a", RelationKind.SUBSIDIARY_OF, "b").active(day)
    assert not Designation("l", removed=dt.date(2000, 1, 1)).active(None)
    assert not Relation("a", RelationKind.SUBSIDIARY_OF, "b", valid_to=dt.date(2000, 1, 1)).active(None)
