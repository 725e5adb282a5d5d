"""Relative dates resolved against the report's own date (issue 17, item 4): "last Thursday",
"mercoledì scorso", 上周三, "N days ago"; and the order of trust for the report's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen.intel.dates import _WORDS, find_dates, last_weekday
from supplyscreen.intel.load import read

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@given(ref=DAYS, n=st.integers(min_value=1, max_value=31))
def test_n_days_ago_is_never_after_the_article(ref: dt.date, n: int) -> None:
    found = [d for d in find_dates(f"The agency said {n} days ago that it would act.", ref, "en")
             if d.precision == "day"]
    assert [d.date for d in found] == [ref - dt.timedelta(days=n)]


@given(ref=DAYS, wd=st.integers(min_value=0, max_value=6))
def test_a_bare_weekday_is_the_most_recent_such_day_not_after_the_article(ref: dt.date, wd: int) -> None:
    d = find_dates(f"The ministry said on {EN_DAYS[wd].title()} that it would act.", ref, "en")[0].date
    assert d.weekday() == wd and ref - dt.timedelta(days=6) <= d <= ref


@given(ref=DAYS, wd=st.integers(min_value=0, max_value=6))
def test_last_weekday_is_one_to_seven_days_before_the_article(ref: dt.date, wd: int) -> None:
    d = find_dates(f"The ban took effect last {EN_DAYS[wd].title()}.", ref, "en")[0].date
    assert d.weekday() == wd and ref - dt.timedelta(days=7) <= d < ref


@given(ref=DAYS, wd=st.integers(min_value=0, max_value=6))
def test_a_previous_calendar_week_weekday_is_in_the_week_before_the_articles(ref: dt.date, wd: int) -> None:
    d = last_weekday(ref, wd, calendar_week=True)
    monday = ref - dt.timedelta(days=ref.weekday())
    assert d.weekday() == wd and monday - dt.timedelta(days=7) <= d < monday


@given(ref=DAYS)
def test_every_languages_last_weekday_phrase_resolves_to_its_weekday_before_the_article(ref: dt.date) -> None:
    for lang, entry in _WORDS["weekdays_last"].items():
        for phrase, wd in entry["phrases"].items():
            found = [d for d in find_dates(f"x {phrase} x", ref, lang) if d.precision == "day"]
            assert found and found[0].date.weekday() == wd and found[0].date < ref, (lang, phrase)


def test_cldr_phrases_in_several_languages() -> None:
    thu = dt.date(2026, 9, 17)  # a Thursday
    assert find_dates("entró en vigor el pasado jueves", thu, "es")[0].date == dt.date(2026, 9, 10)
    assert find_dates("ha deciso mercoledì scorso", dt.date(2026, 10, 12), "it")[0].date == dt.date(2026, 10, 7)
    assert find_dates("am vergangenen Mittwoch", dt.date(2026, 10, 14), "de")[0].date == dt.date(2026, 10, 7)
    # 上周三 on a Thursday: the previous calendar week's Wednesday, eight days back
    assert find_dates("韩国上周三宣布", thu, "zh")[0].date == dt.date(2026, 9, 9)


def test_no_date_anywhere_stays_unknown(tmp_path: Path) -> None:
    result = ingest_articles(tmp_path, {"hytera-note.txt": (
        "Italy bars police from buying Hytera radios\n"
        "Italy's interior ministry last Wednesday barred police forces from buying new radios made by Hytera.\n")})
    doc = result.documents[0]
    assert doc.date is None and "unknown" in doc.date_why
    assert all(e.date is None for e in result.events)


def test_a_site_header_date_above_the_headline_is_not_the_dateline(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>La Germania esclude Huawei</title></head><body>"
        "<div class='topbar'>lunedì 23 marzo 2026</div><article><h1>La Germania esclude Huawei</h1>"
        "<p>19 marzo 2026</p><p>Il governo tedesco ha deciso ieri di vietare gli apparati Huawei.</p>"
        "</article></body></html>", encoding="utf-8")
    doc = read(page)[0]
    assert doc.date == dt.date(2026, 3, 19) and doc.date_why == "a dateline near the top"


def test_page_metadata_outranks_a_later_header_date_and_the_file_name(tmp_path: Path) -> None:
    page = tmp_path / "outlet_2026-03-30.html"
    page.write_text(
        "<html><head><title>Huawei excluded</title>"
        "<meta property='article:published_time' content='2026-03-19T08:30:00+01:00'></head><body>"
        "<div class='site-date'>Monday, 23 March 2026</div><h1>Huawei excluded</h1>"
        "<p>The government decided yesterday to bar Huawei from 5G core networks.</p></body></html>",
        encoding="utf-8")
    doc = read(page)[0]
    assert doc.date == dt.date(2026, 3, 19) and "article:published_time" in doc.date_why


@given(ref=DAYS, day=st.integers(min_value=1, max_value=28))
def test_a_day_of_last_month_is_in_the_month_before_the_articles(ref: dt.date, day: int) -> None:
    for lang, text in (("ko", f"정부는 지난달 {day}일 밝혔다"), ("ja", f"政府は先月{day}日、決定した")):
        d = find_dates(text, ref, lang)[0].date
        prev = ref.replace(day=1) - dt.timedelta(days=1)
        assert (d.year, d.month, d.day) == (prev.year, prev.month, day), lang


@given(ref=DAYS)
def test_the_end_of_last_month_is_its_last_day(ref: dt.date) -> None:
    d = find_dates("政府は先月末、方針を決定した。", ref, "ja")[0].date
    assert d == ref.replace(day=1) - dt.timedelta(days=1)
