"""Dates the registry build reads, parsed with their century and checked against the list's life.

A designation date is only as good as the year it names. The raw lists write dates in several
ways: ISO (``2019-05-21``), US month/day/two-digit-year in Federal Register citations
(``84 FR 22963, 5/21/19``; ``63 FR 64322, 11/19/98``), and ISO strings whose year lost its century
on the way (the 2022 CSL has ``0097-06-30`` and ``0017-05-26``). Reading ``98`` as 2098 put 30
Entity List listings of 1997-1999 into the future, where no ``--as-of`` date ever reached them.

Rules, each with the reason:

- **Century of a two-digit year**: the first year, on or after the year the list started, that
  ends in those two digits. A list cannot hold a listing from before it existed, so for the Entity
  List (started 1997) ``97``-``99`` are 1997-1999 and ``00``-``96`` are 2000-2096. The pivot is the
  list's own start, not today's date, so a rebuild gives the same dates whenever it runs (a
  clock-based pivot such as dateutil's "within 50 years of now" would shift over time).
- **Federal Register cross-check**: volume N of the Federal Register is the year 1935 + N
  (volume 1 is 1936; 62 FR is 1997, 84 FR is 2019). A citation whose date falls in another year
  is a broken row, not a date to guess from.
- **Bounds**: a listing date must lie between the list's start (``curated/list_starts.yaml``, each
  with its source) and the date the raw file states it was taken; an end date must not precede
  its start. Anything else stops the build with the file, row, field and value named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from supplyscreen.errors import InputError

# Federal Register volume 1 is calendar year 1936: volume N is year 1935 + N.
FR_FIRST_YEAR = 1935

_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{1,4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\s*$")


@dataclass(frozen=True, slots=True)
class Window:
    """The dates one list's rows may carry: not before the list existed, not after the copy."""

    list_id: str
    started: dt.date
    """The day the list was first published (or its statute took effect)."""
    started_source: str
    """Where that start date is stated."""
    latest: dt.date
    """The date the raw file states it was taken: no listing can be later."""

    def check(self, value: dt.date, *, path: str, line: int | None, column: str, raw: str = "",
              future_ok: bool = False) -> dt.date:
        """``value`` unchanged when it lies in the window, else an error naming where it was read.

        ``future_ok``: an end date (a denial order's expiry) may lie after the copy was taken."""
        shown = f"{raw!r} (read as {value.isoformat()})" if raw and raw.strip() != value.isoformat() else repr(
            value.isoformat())
        if value < self.started:
            raise InputError(f"date {shown} is before the {self.list_id} list existed ({self.started.isoformat()}, "
                             f"source: {self.started_source})", path=path, line=line, column=column)
        if not future_ok and value > self.latest:
            raise InputError(f"date {shown} is after the file's own date ({self.latest.isoformat()}): a listing "
                             "cannot be in the future", path=path, line=line, column=column)
        return value


def century_year(two_digits: int, earliest: dt.date) -> int:
    """The first year on or after ``earliest``'s year that ends in ``two_digits`` (0-99)."""
    if not 0 <= two_digits <= 99:
        raise ValueError(f"{two_digits} is not a two-digit year")
    base = earliest.year - earliest.year % 100
    year = base + two_digits
    return year if year >= earliest.year else year + 100


def fr_volume_year(volume: int) -> int:
    """The calendar year of a Federal Register volume (84 -> 2019)."""
    return FR_FIRST_YEAR + volume


def parse_us_date(text: str, earliest: dt.date) -> dt.date:
    """A ``M/D/YY`` or ``M/D/YYYY`` date; a two-digit year takes its century from ``earliest``.

    Raises ValueError when the text is not such a date or names no real day."""
    m = _US_DATE.match(text or "")
    if m is None:
        raise ValueError(f"{text!r} is not a month/day/year date")
    mon, day, year = m.groups()
    y = int(year) if len(year) == 4 else century_year(int(year), earliest)
    return dt.date(y, int(mon), int(day))


def parse_iso_date(text: str, earliest: dt.date) -> dt.date:
    """A ``YYYY-MM-DD`` date (a time after it is ignored). A year below 100 (``0097-06-30``) is a
    two-digit year that lost its century and takes it from ``earliest``.

    Raises ValueError when the text is not such a date or names no real day."""
    m = _ISO_DATE.match(text or "")
    if m is None or len(m.group(1)) not in (2, 4):
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    year, mon, day = (int(g) for g in m.groups())
    if year < 100:
        year = century_year(year, earliest)
    return dt.date(year, mon, day)


def check_fr(volume: int, date: dt.date, *, path: str, line: int | None, column: str, raw: str) -> None:
    """Stop when a Federal Register citation's date is not in its volume's year."""
    want = fr_volume_year(volume)
    if date.year != want:
        raise InputError(f"Federal Register citation {raw!r}: volume {volume} is the year {want}, but the date "
                         f"reads as {date.isoformat()}", path=path, line=line, column=column)


@dataclass(frozen=True, slots=True)
class ListStarts:
    """Each list's start date and its source, from ``curated/list_starts.yaml``."""

    starts: dict[str, tuple[dt.date, str]]
    sources: tuple[dict[str, Any], ...]

    @classmethod
    def load(cls, path: Path) -> ListStarts:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        starts: dict[str, tuple[dt.date, str]] = {}
        for n, row in enumerate(doc.get("lists") or [], 1):
            started = row.get("started")
            if not isinstance(started, dt.date) or not row.get("source") or not row.get("id"):
                raise InputError(f"list entry {n} needs id, started (YYYY-MM-DD) and source", path=str(path),
                                 column="started")
            starts[str(row["id"])] = (started, str(row["source"]))
        return cls(starts, tuple(doc.get("sources") or ()))

    def window(self, list_id: str, latest: dt.date, path: str) -> Window:
        """The window for ``list_id`` read from a file taken on ``latest``."""
        if list_id not in self.starts:
            raise InputError(f"list {list_id!r} has no start date in list_starts.yaml", path=path)
        started, source = self.starts[list_id]
        return Window(list_id, started, source, latest)


def stated_date(text: str) -> dt.date:
    """The last day a raw file's stated date can mean: ``2026-07-09``, ``2026-07`` (end of month),
    ``2026`` (end of year), each optionally followed by a note in words."""
    s = (text or "").strip()
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", s):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.match(r"^(\d{4})-(\d{2})\b", s):
        first_next = dt.date(int(m[1]) + int(m[2]) // 12, int(m[2]) % 12 + 1, 1)
        return first_next - dt.timedelta(days=1)
    if m := re.match(r"^(\d{4})\b", s):
        return dt.date(int(m[1]), 12, 31)
    raise ValueError(f"{text!r} states no date")
