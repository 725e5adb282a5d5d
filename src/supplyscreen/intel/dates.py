"""Dates in news text: absolute ("25 November 2022", "Nov. 25", "2019-05-15"), relative to the
article ("on Tuesday", "last year") and deadlines ("by 2027", "by June 28, 2024")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from supplyscreen.datafile import read_yaml

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # Spanish, French, German month names: reports in those languages date the same events.
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "octobre": 10, "novembre": 11, "décembre": 12, "januar": 1, "februar": 2, "märz": 3, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábado": 5, "domingo": 6,
            "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
            "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6}
def _is_cjk(word: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in word)


_WORDS = read_yaml(Path(__file__).with_name("date-words.yaml"))
# The CLDR's names in every language the reader covers (build_words.py), beside the forms above
# (English abbreviations with a dot, "sept").
MONTHS = {**{str(k): int(v) for k, v in _WORDS["months"].items()}, **MONTHS}
WEEKDAYS = {**{str(k): int(v) for k, v in _WORDS["weekdays"].items()}, **WEEKDAYS}
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\s+(?:de\s+)?({_MON})\.?,?\s+(?:de\s+)?(\d{{4}})\b", re.I)
_MONTH_FIRST = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
# A day and month without a year ("28 August", "le 3 juillet", "am 6. November", "3 de março", "den 3
# mars"): a candidate span for dateparser (`_day_month`), after the forms with a year took theirs.
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°|\.)?\s+(?:de\s+)?({_MON})\b\.?", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MON})\.?\s+(?:de\s+|of\s+)?(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# 11.07.2024: day first, as German, French and Spanish datelines write it.
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
# 2022.03.27, 2022/03/27: year first, as Korean, Chinese and Japanese datelines write it.
_YEAR_FIRST = re.compile(r"\b((?:19|20)\d{2})([./])(\d{1,2})\2(\d{1,2})\b")
_YEAR = re.compile(r"\b(?:in|since|from|en|desde|im|en)\s+((?:19|20)\d{2})\b", re.I)
_LATIN_DAYS = sorted((w for w in WEEKDAYS if w.isascii() or not _is_cjk(w)), key=len, reverse=True)
_CJK_DAYS = sorted((w for w in WEEKDAYS if _is_cjk(w)), key=len, reverse=True)
# Swedish news writes the definite form ("på tisdagen"): the name plus -en.
_WEEKDAY = re.compile(r"\b(" + "|".join(map(re.escape, _LATIN_DAYS)) + r")(?:en)?\b|(" + "|".join(_CJK_DAYS) + ")", re.I)
# A weekday with its day of the month ("nesta terça-feira (19)", "el pasado martes 19", "Tuesday 19"):
# the day, found back as far as the two agree; not a time ("Tuesday 10 am", "martes 19.30 horas").
_WEEKDAY_DAY = re.compile("(?:" + _WEEKDAY.pattern + r")\s*\(?\s*(\d{1,2})(?!\d)(?:\s*\))?"
                          r"(?!\s*(?:[:h.,]\s*\d|a\.?m\b|p\.?m\b|uhr\b|horas?\b|heures?\b|ore\b|o'clock))", re.I)
# A weekday after these words is the day a decision is expected ("as early as Monday"): a date ahead.
_PLANNED_LEAD = re.compile(r"(as early as|as soon as|expected on|expected|scheduled for|slated for|dès|bereits am)\s+"
                           r"(on\s+|le\s+|am\s+)?$", re.I)
# "last November", "noviembre pasado", "novembre dernier", "novembre scorso": the latest such month before.
_LAST_MONTH = re.compile(rf"\b(?:last|this past)\s+({_MON})\b|\b({_MON})\s+(?:pasado|dernier|scorso|passado)\b", re.I)
# A weekday after these words is a step still to come ("as early as Monday"), not a past date.
_FUTURE_LEAD = re.compile(r"(as early as|next|by|until|from|before|after|no later than|expected|on or|begins?|"
                          r"starts?|effective|takes? effect|comes? into force|am kommenden|kommenden|prochain|"
                          r"d'ici|à partir du|ab|bis)\s+(on\s+|le\s+|am\s+)?$", re.I)
_DEADLINE = re.compile(
    rf"\b(?:by|until|before|from|after|no later than|at the latest by|antes de|hasta)\s+((?:the end of\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MON})\.?,?\s+\d{{4}}|(?:{_MON})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MON})\.?\s+\d{{4}}|(?:19|20)\d{{2}}))", re.I)
# Chinese, Japanese and Korean: 2018年12月10日 (2019년 5월 16일), 2018年12月, a bare 10日 or 15일 (a day
# of the report's month), 2026年末.
_CJK_YMD = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号일]")
_CJK_YM = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월](?!\s*\d)")
# 3月3日, 3월 3일 without a year: a day of that month, before a bare 3日 is read as the report's month's.
_CJK_MD = re.compile(r"(?<![\d年년])(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号일]")
_CJK_DAY = re.compile(r"(?<![\d月월])(\d{1,2})\s*[日일](?![本语語본])")
# After "last month" in CJK text: a day of it (24일, 10日) or its end (末, 底, 말, the words the
# deadline pattern below reads as "end of" too).
_CJK_DAY_OR_END = r"\s*(?:(\d{1,2})\s*[日号일]|末|底|말)"
_CJK_DEADLINE = re.compile(
    r"(?:(?:自|从|於)?(\d{4}\s*[年년](?:\s*\d{1,2}\s*[月월](?:\s*\d{1,2}\s*[日号일])?|末|底|말)?)\s*"
    r"(?:までに|まで|前|以前|以降|から|起|底前|末まで|까지|부터|이전))")
# Full-width digits read as ASCII ones (one character for one, so offsets stay valid).
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_RELATIVE_MONTH = re.compile(r"\b(this month|earlier this month|last month)\b", re.I)
_RELATIVE_YEAR = re.compile(r"\b(last year|earlier this year|this year|el año pasado|l'année dernière)\b", re.I)


# "N days ago" further back than a month is not how a report dates its news.
MAX_DAYS_AGO = 31
# A day and month without a year is the latest such day up to a week after the report ("on 21 March"
# in a report of the 20th, announced ahead or filed across a time zone); later than that it is last
# year's. After "from", "by", "until" (a step to come) the next such day from a week before the report.
AHEAD_SLACK = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class DateMention:
    date: dt.date
    precision: str
    """``day``, ``week``, ``month`` or ``year``."""
    text: str
    start: int


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, ref: dt.date | None = None, lang: str = "") -> list[DateMention]:
    """Dates mentioned in ``text``; day-only forms, weekdays and relative words ("yesterday", "ieri",
    "last November") are resolved against ``ref``, the report's date. Relative words are read in the
    report's language ``lang`` when known ("hier" is yesterday in French, "here" in German)."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(d: dt.date | None, precision: str, m: re.Match[str]) -> None:
        if d and free(m.start(), m.end()) and 1990 <= d.year <= 2100:
            out.append(DateMention(d, precision, m.group(0), m.start()))
            taken.append((m.start(), m.end()))

    text = text.translate(_FULLWIDTH)
    for m in _ISO.finditer(text):
        add(_mk(int(m[1]), int(m[2]), int(m[3])), "day", m)
    for m in _DOTTED.finditer(text):
        add(_mk(int(m[3]), int(m[2]), int(m[1])), "day", m)
    for m in _YEAR_FIRST.finditer(text):
        add(_mk(int(m[1]), int(m[3]), int(m[4])), "day", m)
    for m in _CJK_YMD.finditer(text):
        add(_mk(int(m[1]), int(m[2]), int(m[3])), "day", m)
    for m in _CJK_YM.finditer(text):
        add(_mk(int(m[1]), int(m[2]), 1), "month", m)
    if ref:
        for m in _CJK_MD.finditer(text):
            # The latest such day up to AHEAD_SLACK after the report: next year's for "1月2日" written
            # on 28 December, last year's for "12月28日" written on 3 January.
            days = [d for y in (ref.year + 1, ref.year, ref.year - 1)
                    if (d := _mk(y, int(m[1]), int(m[2]))) and d <= ref + AHEAD_SLACK]
            add(days[0] if days else None, "day", m)
        # "3 giorni fa", "vor 3 Tagen", "3日前" (dateparser's patterns): before a bare "3日" is read as a day.
        for pat in _WORDS.get("days_ago", {}).get(lang) or []:
            for m in re.finditer(_bounded_pattern(pat), text, re.I):
                if m[1].isdigit() and int(m[1]) <= MAX_DAYS_AGO:
                    add(ref - dt.timedelta(days=int(m[1])), "day", m)
        for word, off in _relative(lang, "months_relative").items():
            if not _is_cjk(word):
                continue
            # 先月10日, 지난달 24일: that day of last month; 先月末, 지난달 말: its last day. Before a bare
            # "24일", which is read as a day of the report's own month.
            first = ref.replace(day=1)
            month = first if off == 0 else (first - dt.timedelta(days=1)).replace(day=1)
            end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            for m in re.finditer(re.escape(word) + _CJK_DAY_OR_END, text):
                add(_mk(month.year, month.month, int(m[1])) if m[1] else end, "day", m)
        for m in _CJK_DAY.finditer(text):
            # "政府は10日": the report's month, or the month before when that day is still to come.
            day = int(m[1])
            d = _mk(ref.year, ref.month, day) if 1 <= day <= 31 else None
            if d is None or d > ref + dt.timedelta(days=3):
                prev = ref.replace(day=1) - dt.timedelta(days=1)
                d = _mk(prev.year, prev.month, day)
            add(d, "day", m)
    for m in _DAY_FIRST.finditer(text):
        add(_mk(int(m[3]), MONTHS[m[2].lower()], int(m[1])), "day", m)
    for m in _MONTH_FIRST.finditer(text):
        mon = MONTHS[m[1].lower()]
        if m[3]:
            add(_mk(int(m[3]), mon, int(m[2])), "day", m)
        elif ref and int(m[2]) <= 31:
            # "Nov. 25" in a report: the most recent such day not after the report (+ a week of slack
            # for "on May 21" announced ahead); after "from", "by", "until" the next such day.
            d = _mk(ref.year, mon, int(m[2]))
            if _FUTURE_LEAD.search(text[max(0, m.start() - 25):m.start()]):
                if d and d < ref - dt.timedelta(days=7):
                    d = _mk(ref.year + 1, mon, int(m[2]))
            else:  # the latest such day up to a week ahead: "Jan. 2" written on 28 December is next year's
                d = next((c for y in (ref.year + 1, ref.year, ref.year - 1)
                          if (c := _mk(y, mon, int(m[2]))) and c <= ref + dt.timedelta(days=7)), None)
            add(d, "day", m)
    for m in _MONTH_YEAR.finditer(text):
        add(_mk(int(m[2]), MONTHS[m[1].lower()], 1), "month", m)
    if ref:
        for m in _DAY_MONTH.finditer(text):
            if free(m.start(), m.end()):
                ahead = bool(_FUTURE_LEAD.search(text[max(0, m.start() - 25):m.start()]))
                add(_day_month(m.group(0), lang, ref, ahead=ahead), "day", m)
        # "last Thursday", "mercoledì scorso", 上周三 (the CLDR's phrases): before a bare weekday is
        # read, since "last Thursday" written on a Thursday is a week back, not the report's day.
        for m in _WEEKDAY_DAY.finditer(text):
            if not _FUTURE_LEAD.search(text[max(0, m.start() - 25):m.start()]):
                add(weekday_and_day(ref, WEEKDAYS[(m[1] or m[2]).lower()], int(m[3])), "day", m)
        last_week = [w for w, off in _relative(lang, "weeks_relative").items() if off == -1]
        for word, wd in _last_weekday_phrases(lang).items():
            # 上周三 and "onsdag förra veckan" name last calendar week's day; "i onsdags" and
            # "mercredi dernier" the latest Wednesday: the phrase says which by holding "last week".
            calendar = _last_is_calendar_week(lang) and any(w in word for w in last_week)
            for m in re.finditer(_bounded(word), text, re.I):
                add(last_weekday(ref, wd, calendar_week=calendar), "day", m)
        for m in _WEEKDAY.finditer(text):
            before = text[max(0, m.start() - 25):m.start()]
            wd = WEEKDAYS[(m[1] or m[2]).lower()]
            full = _NUMBER_AFTER.match(text, m.end())
            if full and not free(full.end() - 1, full.end()):
                continue  # "mardi 3 juillet", "Tuesday, 19 June 2029": the date that follows says which
            if _PLANNED_LEAD.search(before):
                add(ref + dt.timedelta(days=(wd - ref.weekday()) % 7), "day", m)
                continue
            if _FUTURE_LEAD.search(before):
                continue
            back = (ref.weekday() - wd) % 7
            add(ref - dt.timedelta(days=back), "day", m)
        for word, off in _relative(lang, "days").items():
            for m in re.finditer(_bounded(word), text, re.I):
                add(ref + dt.timedelta(days=off), "day", m)
        for word, off in _relative(lang, "weeks_relative").items():
            for m in re.finditer(_bounded(word), text, re.I):
                # "la settimana scorsa": a week back, no surer than that (never the event's day).
                add(ref + dt.timedelta(weeks=off), "week", m)
        for m in _LAST_MONTH.finditer(text):
            mon = MONTHS[(m[1] or m[2]).lower()]
            year = ref.year if mon < ref.month else ref.year - 1
            add(dt.date(year, mon, 1), "month", m)
        for word, off in _relative(lang, "months_relative").items():
            for m in re.finditer(_bounded(word), text, re.I):
                first = ref.replace(day=1)
                add(first if off == 0 else (first - dt.timedelta(days=1)).replace(day=1), "month", m)
        for word, off in _relative(lang, "years_relative").items():
            for m in re.finditer(_bounded(word), text, re.I):
                add(dt.date(ref.year + off, 1, 1), "year", m)
        for m in _RELATIVE_MONTH.finditer(text):
            first = ref.replace(day=1)
            add(first if "this" in m[1].lower() else (first - dt.timedelta(days=1)).replace(day=1), "month", m)
        for m in _RELATIVE_YEAR.finditer(text):
            y = ref.year - 1 if "last" in m[1].lower() or "pasado" in m[1].lower() or "derni" in m[1].lower() else ref.year
            add(dt.date(y, 1, 1), "year", m)
    for m in _YEAR.finditer(text):
        add(dt.date(int(m[1]), 1, 1), "year", m)
    out.sort(key=lambda d: d.start)
    return out


def _day_month(span: str, lang: str, ref: dt.date, *, ahead: bool = False) -> dt.date | None:
    """A day and month without a year ("28 August", "le 3 juillet") read by dateparser in the report's
    language, relative to the report's date: the latest such day up to AHEAD_SLACK after it, or the
    next one when a step to come is meant (``ahead``)."""
    base = ref - AHEAD_SLACK if ahead else ref + AHEAD_SLACK
    return _dateparser(span.lower().rstrip("."), lang, base, "future" if ahead else "past")


@lru_cache(maxsize=4096)
def _dateparser(span: str, lang: str, base: dt.date, prefer: str) -> dt.date | None:
    """dateparser on one candidate span (it is slow on whole texts: ~1 ms a call once loaded), in the
    report's language, else in the languages the reader covers (a German report may write "6. November"
    as an English one would). Cached per (span, language, base)."""
    import dateparser  # imported on first use: it takes a second to load its language data

    # The span is day first by construction (_DAY_MONTH); without DATE_ORDER dateparser reads the
    # Swedish "31 januari" as January 1931 (its sv order is year first).
    settings: dict[str, Any] = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "DATE_ORDER": "DMY",
                                "PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": ["day", "month"]}
    for langs in ([lang] if lang in _LANGUAGES else [], _LANGUAGES):
        if not langs:
            continue
        got = dateparser.parse(span, languages=langs, settings=settings)
        if got is not None:
            return got.date()
    return None


_LANGUAGES: list[str] = [str(x) for x in _WORDS.get("languages") or ["en"]]


# After a weekday, the number that starts a date written out ("mardi 3 juillet", "Tuesday, June 19").
_NUMBER_AFTER = re.compile(r"[,\s(]*(?:[^\W\d]{1,10}\.?\s+)?\d")
# How many calendar months a weekday and day of the month are looked for in together: a report dates
# its measure within weeks (extract's date window is a month), which with the week ahead spans three
# calendar months; a pair that agrees only further back is a misprint or no date ("Tuesday 3 firms").
MAX_WEEKDAY_DAY_MONTHS = 3


def weekday_and_day(ref: dt.date, weekday: int, day: int) -> dt.date | None:
    """The latest date up to ``ref`` whose day of the month is ``day`` and weekday ``weekday``, within
    MAX_WEEKDAY_DAY_MONTHS; else such a date up to AHEAD_SLACK after ``ref`` (announced ahead); when
    none agrees, the latest such day of a month up to ``ref`` (the weekday misprinted); None for a day
    that is no day of any month."""
    if not 1 <= day <= 31:
        return None
    end = ref + AHEAD_SLACK
    y, mo = end.year, end.month
    days = []
    for _ in range(MAX_WEEKDAY_DAY_MONTHS):
        d = _mk(y, mo, day)
        if d and d <= end:
            days.append(d)
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    past = [d for d in days if d <= ref]
    agree = [d for d in past if d.weekday() == weekday] or [d for d in days if d.weekday() == weekday]
    best = agree or past
    return best[0] if best else None


def last_weekday(ref: dt.date, weekday: int, *, calendar_week: bool) -> dt.date:
    """The day "last <weekday>" names in a report dated ``ref`` (Monday is 0). Read as one to seven
    days back ("last Thursday" written on a Thursday is a week ago); where the language's phrase
    names the previous calendar week (上周三, 先週の水曜日, "onsdag förra veckan") that week's day,
    Monday-first as the CLDR's week in those locales."""
    if calendar_week:
        return ref - dt.timedelta(days=ref.weekday() + 7 - weekday)
    return ref - dt.timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)


def _weekdays_last(lang: str) -> dict[str, Any]:
    """The language's "last <weekday>" entry of date-words.yaml (English where it has none)."""
    table: dict[str, dict[str, Any]] = _WORDS.get("weekdays_last", {})
    return table.get(lang) or table.get("en") or {}


def _last_weekday_phrases(lang: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in (_weekdays_last(lang).get("phrases") or {}).items()}


def _last_is_calendar_week(lang: str) -> bool:
    return bool(_weekdays_last(lang).get("calendar_week"))


def _relative(lang: str, table: str) -> dict[str, int]:
    words: dict[str, dict[str, int]] = _WORDS[table]
    if lang in words:
        return words[lang]
    return words["en"]  # an unknown language: only the English words, which collide with no other's


# Korean writes words apart, with case particles joined to the word before: "3일 전에" is three days
# ago, "11일 전국 ..." is "on the 11th, nationwide" (전국). The particles that follow a time noun
# (National Institute of Korean Language, 표준국어대사전: 조사 에, 엔, 에는, 부터, 까지, 의, 만).
_KO_PARTICLE = "에는|에|엔|부터|까지|의|만"


def _bounded_pattern(pattern: str) -> str:
    """A pattern of the date-words table on word boundaries; in Chinese and Japanese text, which has
    no spaces, only not inside a longer number ("は3日前に"); in Korean, ending its word or before a
    particle."""
    if any("\uac00" <= ch <= "\ud7af" for ch in pattern):
        return rf"(?<!\d){pattern}(?:(?![\uac00-\ud7af])|(?=(?:{_KO_PARTICLE})(?![\uac00-\ud7af])))"
    if _is_cjk(pattern):
        return rf"(?<!\d){pattern}"
    return rf"(?<!\w){pattern}(?!\w)"


def _bounded(word: str) -> str:
    """A word on word boundaries in Latin script; anywhere in CJK text, which has no spaces."""
    w = re.escape(word).replace("’", "['’]")
    return w if _is_cjk(word) else rf"(?<!\w){w}(?!\w)"


def deadlines(text: str) -> list[str]:
    """Deadline phrases ("by 2027", "by June 28, 2024", "2026年末までに") as written."""
    return [m.group(0) for m in _deadline_matches(text)]


def deadline_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _deadline_matches(text)]


def _deadline_matches(text: str) -> list[re.Match[str]]:
    text = text.translate(_FULLWIDTH)
    return sorted([*_DEADLINE.finditer(text), *_CJK_DEADLINE.finditer(text)], key=lambda m: m.start())


def find_dateline(text: str) -> dt.date | None:
    """A dateline: a line near the top that is little more than a full date ("7 Dec 2018",
    "Aug 23, 2018", "Published December 5, 2022"). Dates inside sentences are news, not datelines."""
    for line in text.split("\n")[:8]:
        if len(line) > DATELINE_MAX or _FURNITURE.search(line):
            continue
        for d in find_dates(line):
            if d.precision == "day" and len(line.strip()) - len(d.text) <= DATELINE_REST and not _SENTENCE_END.search(line):
                return d.date
    return None


# A dateline is short: a date, perhaps a weekday, "Published", "Updated" and a time.
DATELINE_MAX = 48
# ... and little more than its date: "Published Tuesday 7 Dec 2018, 10:15 GMT" leaves 28 characters
# besides the date; a short sentence with a date in it ("기존 장비는 2025년 1월 1일까지 철거해야 한다.") is news.
DATELINE_REST = 32
_SENTENCE_END = re.compile(r"[다요]\.?\s*$|[。！？]")
# Site furniture around a page (a header's "today", a site's last update, a copyright line) carries
# dates that are not the report's.
_FURNITURE = re.compile(r"©|\b(copyright|site|subscribe|newsletters?|weather|today is|trending|most read|"
                        r"all rights reserved)\b", re.I)


def lead_date(text: str) -> dt.date | None:
    """A full date (day, month and year, not a deadline) stated in a report's first line after its headline
    ("Le 25 mai 2031, le conseil a décidé ..."): the last resort for the report's own date, after the
    page's metadata, a dateline and the file name. A date further down is more often the news' past."""
    lines = [ln for ln in text.split("\n") if ln.strip()][1:2]
    for line in lines:
        spans = deadline_spans(line)
        for d in find_dates(line):
            if any(a <= d.start < b for a, b in spans):
                continue  # "by January 1, 2031" is a deadline, not the day of the report
            if d.precision == "day" and re.search(r"(19|20)\d{2}", d.text):
                return d.date
    return None


def iso_in_name(name: str) -> dt.date | None:
    """A YYYY-MM-DD (or YYYYMMDD, YYYY_MM_DD) date in a file name (captures are commonly saved as
    OUTLET_DATE.txt)."""
    m = re.search(r"(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)", name)
    return _mk(int(m[1]), int(m[2]), int(m[3])) if m else None


def date_in_url(url: str) -> dt.date | None:
    """The date in a page's own address ("/2029/06/21/slug", "/20290621-slug", "?d=2029-06-21"): the
    publishing system files a report under the day it went out, as a capture's file name does."""
    parts = urlsplit(url.strip() if "//" in url else "//" + url.strip())
    m = re.search(r"(?<!\d)((?:19|20)\d{2})[-_./]?(\d{2})[-_./]?(\d{2})(?!\d)", parts.path + "?" + parts.query)
    return _mk(int(m[1]), int(m[2]), int(m[3])) if m else None
