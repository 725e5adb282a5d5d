"""The measure's date, not the report's (issue 17, news-unseen-dates9): relative words, weekdays and a
day of a month without its year, resolved against the publication date in the report's language;
a page's date from its address; and the event's date unchanged wherever its dateline stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import get_day_names, get_month_names
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen.intel.dates import _WORDS, AHEAD_SLACK, date_in_url, find_dates
from supplyscreen.intel.load import read

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
LANGS = [str(x) for x in _WORDS["languages"]]
LATIN = [lang for lang in LANGS if lang not in ("ja", "zh", "ko")]
# Every past-relative word of the date-words table, with its language: "yesterday", "i förrgår",
# "l'altro ieri", 先週, "i tisdags", 上周三 ...
RELATIVE = sorted({(lang, str(w)) for table in ("days", "weeks_relative") for lang, ws in _WORDS[table].items()
                   for w in ws} | {(lang, str(p)) for lang, e in _WORDS["weekdays_last"].items() for p in e["phrases"]})
# How each language writes a day of a month in running text, without the year.
DAY_MONTH = {"en": "on {d} {m}", "de": "am {d}. {m}", "fr": "le {d} {m}", "es": "el {d} de {m}",
             "pt": "em {d} de {m}", "it": "il {d} {m}", "sv": "den {d} {m}"}


@given(ref=DAYS, entry=st.sampled_from(RELATIVE))
def test_a_resolved_relative_date_is_never_after_the_publication_date(ref: dt.date, entry: tuple[str, str]) -> None:
    lang, word = entry
    found = find_dates(f"x {word} x", ref, lang)
    assert found, (lang, word)
    assert all(d.date <= ref for d in found), (lang, word, found)


@given(ref=DAYS, wd=st.integers(min_value=0, max_value=6), lang=st.sampled_from(LANGS))
def test_a_weekday_in_any_language_lands_within_the_seven_days_up_to_the_report(ref: dt.date, wd: int,
                                                                               lang: str) -> None:
    name = get_day_names("wide", locale=lang)[wd].lower()
    found = [d for d in find_dates(f"x {name} x", ref, lang) if d.precision == "day"]
    assert found and found[0].date.weekday() == wd, (lang, name)
    assert ref - dt.timedelta(days=6) <= found[0].date <= ref


@settings(max_examples=60)
@given(ref=DAYS, back=st.integers(min_value=-7, max_value=350), lang=st.sampled_from(sorted(DAY_MONTH)))
def test_a_day_and_month_without_a_year_is_the_latest_such_day_up_to_a_week_ahead(
        ref: dt.date, back: int, lang: str) -> None:
    meant = ref - dt.timedelta(days=back)
    if meant.month == 2 and meant.day == 29:
        return  # 29 February without a year: the latest one may be years back
    month = get_month_names("wide", locale=lang)[meant.month].lower()
    text = "x " + DAY_MONTH[lang].format(d=meant.day, m=month) + " x"
    found = [d.date for d in find_dates(text, ref, lang) if d.precision == "day"]
    assert found == [meant], (lang, text)


@given(ref=DAYS, back=st.integers(min_value=-7, max_value=350))
def test_a_cjk_month_and_day_is_that_day_not_a_day_of_the_reports_month(ref: dt.date, back: int) -> None:
    meant = ref - dt.timedelta(days=back)
    if meant.month == 2 and meant.day == 29:
        return
    for lang, text in (("ja", f"政府は{meant.month}月{meant.day}日、決定した。"),
                       ("ko", f"정부는 {meant.month}월 {meant.day}일 발표했다.")):
        assert [d.date for d in find_dates(text, ref, lang)] == [meant], (lang, text)


def test_a_date_ahead_after_from_is_next_years_not_last() -> None:
    ref = dt.date(2029, 3, 20)
    assert find_dates("the rule applies from 2 March", ref, "en")[0].date == dt.date(2030, 3, 2)
    assert find_dates("the ministry decided on 2 March", ref, "en")[0].date == dt.date(2029, 3, 2)
    assert find_dates("on 27 March", ref, "en")[0].date == ref + AHEAD_SLACK


def test_swedish_i_tisdags_is_the_latest_tuesday_not_last_calendar_weeks() -> None:
    thu = dt.date(2029, 8, 30)
    assert find_dates("MSB avrådde i tisdags", thu, "sv")[0].date == dt.date(2029, 8, 28)
    assert find_dates("MSB avrådde tisdag förra veckan", thu, "sv")[0].date == dt.date(2029, 8, 21)


def test_a_page_dated_only_by_its_address(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Governo proíbe câmeras</title>"
        "<link rel='canonical' href='https://news.example.br/2029/06/21/governo-proibe-cameras'></head>"
        "<body><h1>Governo proíbe câmeras</h1><p>BRASÍLIA, 21 jun - O governo proibiu nesta terça-feira"
        " (19) a compra de câmeras.</p></body></html>", encoding="utf-8")
    doc = read(page)[0]
    assert doc.date == dt.date(2029, 6, 21) and "address" in doc.date_why
    assert date_in_url("https://x.example/news/20290621-ban") == dt.date(2029, 6, 21)
    assert date_in_url("https://x.example/news/ban-2029") is None


EVENT = ("L'Arcep retire sa licence à la filiale française de China Mobile",
         "L'Arcep a retiré {day} l'autorisation d'opérer de la filiale française de China Mobile, "
         "invoquant des risques pour la sécurité nationale.",
         "La filiale dispose de six mois pour cesser ses activités.")
FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FR_MONTHS = get_month_names("wide", locale="fr")


@settings(max_examples=12, deadline=None)
@given(published=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
       back=st.integers(min_value=1, max_value=6))
def test_moving_the_dateline_does_not_change_the_events_date(tmp_path_factory: object, published: dt.date,
                                                              back: int) -> None:
    """The same report with its dateline on a line of its own above the lead, opening the lead, or below
    the headline's deck: one event, dated by the weekday the lead names."""
    meant = published - dt.timedelta(days=back)
    line = f"PARIS, {published.day} {FR_MONTHS[published.month]} {published.year}"
    title, lead, tail = EVENT
    lead = lead.format(day=FR_DAYS[meant.weekday()])
    variants = {
        "own-line.txt": "\n".join([title, line, lead, tail]),
        "in-lead.txt": "\n".join([title, f"{line} - {lead}", tail]),
        "after-deck.txt": "\n".join([title, "Le régulateur invoque la sécurité nationale.", line, lead, tail]),
    }
    dates = set()
    for name, text in variants.items():
        folder = Path(str(tmp_path_factory.mktemp("dl")))  # type: ignore[attr-defined]
        result = ingest_articles(folder, {name: text})
        assert result.documents[0].date == published, name
        dates |= {e.date for e in result.events}
    assert dates == {meant}


def test_korean_days_ago_ends_its_word() -> None:
    ref = dt.date(2026, 3, 12)
    # 11일 전국: "on the 11th, nationwide", not "11 days ago" (전 + 국)
    assert [d.date for d in find_dates("행정안전부는 11일 전국 공공기관에 지시했다", ref, "ko")] == [dt.date(2026, 3, 11)]
    assert [d.date for d in find_dates("정부는 3일 전에 발표했다", ref, "ko")] == [dt.date(2026, 3, 9)]


def test_the_decisions_date_from_the_sentence_beside_the_lead(tmp_path: Path) -> None:
    """Wed 22 April 2026: "på torsdagen" in the sentence after the lead dates the decision; a firm's
    reaction beside it ("Huawei said on Monday") does not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    sv = ingest_articles(tmp_path / "a", {"kuriren_2026-04-22.txt": (
        "Regeringen stoppar Huawei i myndigheternas nät\n"
        "Regeringen har beslutat att statliga myndigheter inte längre får köpa utrustning från Huawei.\n"
        "Beslutet fattades på torsdagen och gäller från den 1 juli.\n")})
    en = ingest_articles(tmp_path / "b", {"wire_2026-04-22.txt": (
        "Sweden bars agencies from buying Huawei gear\n"
        "Sweden's government has barred state agencies from buying equipment from Huawei.\n"
        "Huawei said on Monday that it would appeal.\n")})
    assert [e.date for e in sv.events] == [dt.date(2026, 4, 16)]
    assert [e.date for e in en.events] == [dt.date(2026, 4, 22)]


@given(ref=DAYS, back=st.integers(min_value=0, max_value=40), lang=st.sampled_from(LATIN))
def test_a_weekday_with_its_day_of_the_month_is_that_day(ref: dt.date, back: int, lang: str) -> None:
    """"nesta terça-feira (19)", "el pasado martes 19": the weekday and day of month agree on one day,
    even more than a week back, where the weekday alone would say the latest such weekday."""
    meant = ref - dt.timedelta(days=back)
    # the latest day up to the report with both (Thursday 1 February and Thursday 1 March 2001)
    latest = next(d for d in (ref - dt.timedelta(days=k) for k in range(back + 1))
                  if d.day == meant.day and d.weekday() == meant.weekday())
    name = get_day_names("wide", locale=lang)[meant.weekday()].lower()
    for text in (f"x {name} ({meant.day}) x", f"x {name} {meant.day} x"):
        found = [d.date for d in find_dates(text, ref, lang) if d.precision == "day"]
        assert found == [latest], (lang, text)


def test_a_weekday_before_a_date_written_out_or_a_time_is_not_a_day_of_the_month() -> None:
    ref = dt.date(2029, 7, 20)
    assert [d.date for d in find_dates("a interdit le mardi 3 juillet", ref, "fr")] == [dt.date(2029, 7, 3)]
    assert [d.date for d in find_dates("the ministry said on Tuesday, 3 firms", ref, "en")] == [dt.date(2029, 7, 17)]
    assert [d.date for d in find_dates("el martes 19.30 horas", ref, "es")] == [dt.date(2029, 7, 17)]


@pytest.mark.parametrize(("text", "lang"), [("政府は1月2日、決定した。", "ja"), ("정부는 1월 2일 발표했다.", "ko"),
                                            ("The ban takes effect Jan. 2, officials said.", "en")])
def test_a_day_early_next_year_written_at_years_end_is_next_years(text: str, lang: str) -> None:
    assert [d.date for d in find_dates(text, dt.date(2030, 12, 28), lang)] == [dt.date(2031, 1, 2)]
    assert [d.date for d in find_dates(text, dt.date(2031, 1, 5), lang)] == [dt.date(2031, 1, 2)]
