"""The trade.gov Consolidated Screening List: its CSV download and its JSON API shape.

One :class:`ListInfo` per source list the CSL consolidates (SDN, Entity List, DPL, MEU, CMIC, ...).
Rows naming one party at several addresses become one entity; a name that packs a parent and
"Affiliated Entity: X" becomes entity X with an ``affiliate_of`` relation to the parent.
Addresses are dropped (only the country is kept) so the shipped registry stays small.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from supplyscreen.errors import InputError
from supplyscreen.model import Designation, ListInfo, RelationKind, Source
from supplyscreen.registry import dates
from supplyscreen.registry.assemble import Book, clean, short_hash
from supplyscreen.registry.snapshot import Snapshot

# Abbreviation in the CSL "source" column -> (list id, full name, authority).
CSL_LISTS: dict[str, tuple[str, str, str]] = {
    "SDN": ("us-csl-sdn", "Specially Designated Nationals and Blocked Persons List (SDN)",
            "US Treasury, Office of Foreign Assets Control"),
    "EL": ("us-csl-entity-list", "Entity List (as consolidated in the CSL)",
           "US Commerce, Bureau of Industry and Security (15 CFR 744 Supp. 4)"),
    "DTC": ("us-csl-itar-debarred", "ITAR Debarred Parties", "US State Department, Directorate of Defense Trade Controls"),
    "DPL": ("us-csl-dpl", "Denied Persons List (DPL)", "US Commerce, Bureau of Industry and Security"),
    "SSI": ("us-csl-ssi", "Sectoral Sanctions Identifications List (SSI)", "US Treasury, OFAC"),
    "UVL": ("us-csl-uvl", "Unverified List (UVL)", "US Commerce, Bureau of Industry and Security"),
    "ISN": ("us-csl-isn", "Nonproliferation Sanctions (ISN)", "US State Department, Bureau of International Security and Nonproliferation"),
    "PLC": ("us-csl-plc", "Palestinian Legislative Council List (PLC)", "US Treasury, OFAC"),
    "MEU": ("us-csl-meu", "Military End User List (MEU)", "US Commerce, Bureau of Industry and Security"),
    "CMIC": ("us-csl-cmic", "Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC, as consolidated in the CSL)",
             "US Treasury, OFAC (E.O. 13959 as amended by E.O. 14032)"),
    "CAP": ("us-csl-cap", "Correspondent Account or Payable-Through Account Sanctions (CAPTA) List", "US Treasury, OFAC"),
    "NS-MBS List": ("us-csl-ns-mbs", "Non-SDN Menu-Based Sanctions List (NS-MBS)", "US Treasury, OFAC"),
    "FSE": ("us-csl-fse", "Foreign Sanctions Evaders List (FSE)", "US Treasury, OFAC"),
}
CSL_URL = "https://www.trade.gov/consolidated-screening-list"
_KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_AFFILIATE = re.compile(r"^(?P<parent>.*?)\.?\s+Affiliated Entity:\s*(?P<child>.+)$", re.S)
_ABBR = re.compile(r"\(([^()]+)\)")
# Entity List rows sometimes append the city to the name ("Wuhan Huawei Investment Co., Ltd., Wuhan,
# Hubei"); cut after the legal form so the row merges with the same party on the current list.
_CITY_TAIL = re.compile(r"^(.*?\b(?:Co\.,? Ltd\.?|Co\., Limited|Limited|Ltd\.?|AG|Inc\.?|LLC|Ltda))(?:,\s*[^,]*)+,?$")
_COUNTRY = re.compile(r",\s*([A-Z]{2})\s*$")


def list_for(source: str, where: str) -> ListInfo:
    """The ListInfo for a CSL ``source`` value ("Entity List (EL) - Bureau of Industry and Security")."""
    abbr = next((m for m in _ABBR.findall(source) if m in CSL_LISTS), None)
    if abbr is None:
        key = source.strip()
        if key in CSL_LISTS:
            abbr = key
        else:
            raise InputError(f"unknown CSL source list {source!r}", path=where)
    list_id, name, authority = CSL_LISTS[abbr]
    return ListInfo(list_id, name, authority=authority, citation="", url=CSL_URL, restricts_purchase=False)


# The package's own list start dates, for files imported at run time.
_LIST_STARTS = Path(__file__).resolve().parents[1] / "curated" / "list_starts.yaml"


class ListDates:
    """How a CSL row's dates are read and checked: each with its century from its list's start
    (registry/dates.py), a start date inside the list's life and not after ``latest`` (the date
    the file was taken), an end date not before the start.

    ``strict``: a dated row of a list with no known start stops the import (the registry build);
    otherwise its dates are read as written, a year without its century being refused."""

    def __init__(self, starts: dates.ListStarts | None = None, latest: dt.date | None = None,
                 *, strict: bool = True) -> None:
        self.starts = starts or dates.ListStarts.load(_LIST_STARTS)
        self.latest = latest or dt.date.today()
        self.strict = strict

    def read(self, row: dict[str, Any], list_id: str, path: str, line: int | None) -> tuple[dt.date | None, dt.date | None]:
        start_raw = str(row.get("start_date") or "").strip()
        end_raw = str(row.get("end_date") or "").strip()
        if not start_raw and not end_raw:
            return None, None
        win = None
        if list_id in self.starts.starts:
            win = self.starts.window(list_id, self.latest, path)
        elif self.strict:
            raise InputError(f"list {list_id} has dated rows but no start date in list_starts.yaml", path=path,
                             line=line, column="start_date")
        earliest = win.started if win else dt.date.min
        start = _date(start_raw, earliest, path, line, "start_date")
        end = _date(end_raw, earliest, path, line, "end_date")
        if win is not None:
            if start is not None:
                win.check(start, path=path, line=line, column="start_date", raw=start_raw)
            if end is not None:
                win.check(end, path=path, line=line, column="end_date", raw=end_raw, future_ok=True)
        if start is not None and end is not None and end < start:
            raise InputError(f"end_date {end_raw!r} is before start_date {start_raw!r}", path=path, line=line,
                             column="end_date")
        return start, end


def _date(value: str, earliest: dt.date, path: str, line: int | None, column: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = dates.parse_iso_date(value, earliest)
    except ValueError:
        parsed = None
    if parsed is None or parsed.year < 100:
        raise InputError(f"{value!r} is not a date (YYYY-MM-DD)" + (" with its century" if parsed else ""),
                         path=path, line=line, column=column)
    return parsed


def _country(row: dict[str, Any]) -> str:
    addresses = row.get("addresses") or ""
    if isinstance(addresses, list):  # JSON API: [{"country": "CN", ...}]
        for a in addresses:
            if isinstance(a, dict) and a.get("country"):
                return str(a["country"])[:2].upper()
        addresses = ""
    first = str(addresses).split(";")[0]
    m = _COUNTRY.search(first.strip())
    if m:
        return m.group(1)
    for key in ("nationalities", "citizenships"):
        v = row.get(key) or ""
        v = v[0] if isinstance(v, list) and v else v
        if isinstance(v, str) and re.fullmatch(r"[A-Z]{2}", v.split(";")[0].strip()):
            return v.split(";")[0].strip()
    return ""


def _alt_names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [clean(str(v)) for v in value if str(v).strip()]
    return [clean(v) for v in str(value or "").split(";") if v.strip()]


def add_rows(book: Book, rows: Iterable[tuple[int, dict[str, Any]]], source_id: str, path: str,
             dated: ListDates | None = None) -> int:
    """Add CSL rows (line number, row) to ``book``; returns how many rows were read. ``dated``
    reads and checks their dates (by default: the package's list starts, up to today)."""
    dated = dated or ListDates(strict=False)
    count = 0
    for line, row in rows:
        count += 1
        name = clean(str(row.get("name") or ""))
        if not name:
            raise InputError("row has no name", path=path, line=line, column="name")
        info = list_for(str(row.get("source") or ""), f"{path}:{line}")
        book.add_list(info)
        kind = _KINDS.get(str(row.get("type") or "").strip().lower(), "organization")
        country = _country(row)
        citation = clean(str(row.get("federal_register_notice") or ""))
        programs = row.get("programs") or ""
        if isinstance(programs, list):
            programs = "; ".join(programs)
        scope = clean(str(row.get("license_requirement") or "")) or clean(str(programs))
        added, removed = dated.read(row, info.id, path, line)
        des = Designation(
            list_id=info.id,
            added=added,
            removed=removed,
            scope=scope[:160],
            citation=citation,
            source=source_id,
        )
        parent_name = ""
        m = _AFFILIATE.match(name)
        if m:
            parent_name, name = clean(m.group("parent")), clean(m.group("child"))
        full_name = ""
        if info.id == "us-csl-entity-list":
            tail = _CITY_TAIL.match(name)
            if tail:
                full_name, name = name, tail.group(1)
        row_id = str(row.get("_id") or row.get("id") or row.get("entity_number") or f"{info.id}:{name}")
        if kind == "organization":
            draft = book.get_or_new(f"csl-{short_hash(row_id)}", name, country)
        else:
            draft = book.new(f"csl-{short_hash(row_id)}", name, kind=kind, country=country)
        draft.add_designation(des)
        draft.add_source(source_id)
        if full_name:
            draft.add_alias(full_name, source_id)
        for alt in _alt_names(row.get("alt_names")):
            draft.add_alias(alt, source_id)
        if programs and not draft.notes and kind != "organization":
            draft.notes = clean(str(programs))[:80]
        if parent_name:
            parent = book.get_or_new(f"csl-{short_hash(parent_name + country)}", parent_name, country)
            book.relate(draft.id, RelationKind.AFFILIATE_OF, parent.id, source_id,
                        note="Listed on the Entity List as an affiliated entity of this party.")
    return count


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSL CSV (plain or .gz) with their 1-based line numbers."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "name" not in reader.fieldnames or "source" not in reader.fieldnames:
                raise InputError("not a Consolidated Screening List CSV (needs name and source columns)",
                                 path=str(path), line=1)
            for row in reader:
                yield reader.line_num, row
    except (UnicodeDecodeError, OSError, csv.Error) as e:
        raise InputError(f"cannot read CSL CSV ({e})", path=str(path)) from None


def read_json(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Results of the CSL JSON API (``{"results": [...]}``); the "line" is the 1-based result number."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read CSL JSON ({e})", path=str(path)) from None
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, list):
        raise InputError('not a CSL JSON document (needs a "results" list)', path=str(path))
    for i, row in enumerate(results, 1):
        if not isinstance(row, dict):
            raise InputError("result is not an object", path=str(path), line=i)
        yield i, row


def load(path: Path, book: Book | None = None) -> Snapshot:
    """Read a CSL CSV or JSON file into a snapshot of its own."""
    book = book or Book()
    source = book.add_source(Source(f"csl-{path.stem.split('.')[0]}", f"Consolidated Screening List ({path.name})",
                                    url=CSL_URL, publisher="International Trade Administration"))
    if not path.exists():
        raise InputError("file not found", path=str(path))
    rows = read_json(path) if path.suffix.lower() == ".json" else read_csv(path)
    add_rows(book, rows, source, str(path))
    return book.freeze("")
