"""Build the shipped registry snapshot from the public raw files in ``data/raw`` and curated YAML.

    python -m supplyscreen.registry.build [--raw DIR] [--out PATH]

Order matters only for which id a merged party keeps: curated entities first (readable ids such as
``huawei``), then the named-company lists (FCC Covered List, s.889), the current BIS Entity List,
the 2022 Consolidated Screening List, the 1260H and NS-CMIC lists, brand ownership, OEM relabels,
and finally the identifiers (IEEE MAC blocks, IANA enterprise numbers). The output is sorted and
written with a fixed gzip mtime, so the same input gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from supplyscreen.errors import InputError, RegistryError
from supplyscreen.identifiers import build_data, shortnames
from supplyscreen.model import Designation, Identifier, ListInfo, RelationKind, Source
from supplyscreen.registry import dates
from supplyscreen.registry import snapshot as snap
from supplyscreen.registry.assemble import Book, Draft, clean, norm, slug
from supplyscreen.registry.importers import csl
from supplyscreen.registry.registry import bundled_path

PACKAGE_DIR = Path(__file__).resolve().parent
CURATED_DIR = PACKAGE_DIR / "curated"
# src/supplyscreen/registry -> repository root
DEFAULT_RAW = PACKAGE_DIR.parents[2] / "data" / "raw"

FCC_DIR = "us-fcc-covered-list-and-ndaa-889"
BIS_DIR = "us-bis-entity-list-and-related"
CSL_DIR = "us-consolidated-screening-list"
BRAND_DIR = "brands-and-oem-relabels"
IEEE_DIR = "ieee-registries"
PEN_DIR = "iana-enterprise-numbers"

RAW_SOURCES = [
    Source("fcc-covered-list", "FCC Covered List (List of Equipment and Services Covered By Section 2 of The Secure "
           "Networks Act)", "https://www.fcc.gov/supplychain/coveredlist", "Federal Communications Commission",
           "2026-07 (OpenSanctions transcription and nsfreg parse of 2026-07-09)", "US Government work (public domain)"),
    Source("ndaa-889", "John S. McCain NDAA for FY2019, Pub. L. 115-232, s.889",
           "https://www.acq.osd.mil/dpap/dars/section889.html", "US Congress", "2018-08-13 (enacted; statute text as quoted by EAC/DPC)",
           "US Government work (public domain)"),
    Source("bis-entity-list", "BIS Entity List (eCFR Supplement No. 4 to Part 744), parsed by phagehunter/nsfreg",
           "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744",
           "US Commerce, Bureau of Industry and Security", "2026-07-09 (nsfreg commit 02787e87)",
           "US Government work (public domain); compilation without stated licence"),
    Source("dow-1260h", "Section 1260H Chinese Military Companies list (91 FR 35189, 2026-06-10)",
           "https://www.federalregister.gov/documents/search?conditions%5Bterm%5D=1260H", "US Department of War",
           "2026-07-09 (nsfreg)", "US Government work (public domain)"),
    Source("ofac-ns-cmic", "OFAC Non-SDN Chinese Military-Industrial Complex Companies List",
           "https://ofac.treasury.gov/", "US Treasury, OFAC", "2026-07-09 (nsfreg)", "US Government work (public domain)"),
    Source("csl", "Consolidated Screening List (trade.gov consolidated.csv), about April 2022",
           csl.CSL_URL, "International Trade Administration",
           "2022-05-06 (moov-io/watchman blob 19383a31)", "US Government work (public domain); repository Apache-2.0"),
    Source("brand-ownership", "supplyscreen brand ownership compilation (brand_ownership.csv), evidence per row",
           "", "supplyscreen maintainers", "2026", "evidence quotations from the cited pages",
           "curated by supplyscreen maintainers; each row cites its evidence address"),
    Source("oem-relabelers", "supplyscreen OEM relabeller compilation (oem_relabelers.csv), evidence per row",
           "", "supplyscreen maintainers", "2026", "", "press and community reports: review evidence, not findings"),
    Source("oui-evidence-relabels", "Relabelled devices carrying Hikvision/Dahua MAC OUIs (CamioCam/rtsp paths.csv)",
           "https://github.com/CamioCam/rtsp", "CamioCam", "commits of 2016-2019", "Apache-2.0"),
    Source("ieee-registries", "IEEE MAC address registries (MA-L, MA-M, MA-S, IAB)",
           "https://standards-oui.ieee.org/", "IEEE Registration Authority", f"{build_data.IEEE_DATE} "
           f"({build_data.IEEE_ORIGIN})", "public domain data"),
    Source("network-tool-short-names", "Vendor short names as network tools print them (Wireshark's manuf rules, "
           "8 and 12 characters), derived from the IEEE registrant names by supplyscreen.identifiers.shortnames",
           "https://www.wireshark.org/docs/wsug_html_chunked/ChAppFilesConfigurationSection.html", "supplyscreen maintainers",
           build_data.IEEE_DATE, "derived from IEEE public listings"),
    Source("iana-pen", "IANA Private Enterprise Numbers (Wireshark enterprises.tsv)",
           "https://www.iana.org/assignments/enterprise-numbers", "IANA",
           f"{build_data.PEN_DATE} ({build_data.PEN_ORIGIN})", "public registry"),
]

# Federal Register notices that add Huawei's non-US affiliates "Huawei and its non-U.S. affiliates".
HUAWEI_FRS = {"84 FR 22963", "84 FR 22961", "84 FR 43495", "85 FR 51603"}
FR_TITLES = {
    "84 FR 22963": ("2019-05-21", "Addition of Entities to the Entity List (Huawei Technologies Co., Ltd. and 68 "
                    "non-U.S. affiliates)"),
    "84 FR 43495": ("2019-08-21", "Addition of Certain Entities to the Entity List (46 further Huawei non-U.S. "
                    "affiliates)"),
    "85 FR 51603": ("2020-08-20", "Addition of Huawei Non-U.S. Affiliates to the Entity List (38 affiliates)"),
    "88 FR 18985": ("2023-03-30", "Additions to the Entity List (Hikvision subsidiaries in Xinjiang)"),
    "89 FR 52363": ("2024-06-24", "Additions to the Entity List (AO Kaspersky Lab, OOO Kaspersky Group, "
                    "Kaspersky Labs Limited)"),
}

COUNTRIES = {
    "Afghanistan": "AF", "Argentina": "AR", "Armenia": "AM", "Australia": "AU", "Austria": "AT", "Bahrain": "BH",
    "Belarus": "BY", "Belgium": "BE", "Belize": "BZ", "Bolivia": "BO", "Brazil": "BR", "Bulgaria": "BG",
    "Burma": "MM", "Canada": "CA", "Chile": "CL", "China": "CN", "Costa Rica": "CR",
    "Crimea Region of Ukraine": "UA", "Cuba": "CU", "Cyprus": "CY", "Denmark": "DK", "Ecuador": "EC",
    "Egypt": "EG", "Estonia": "EE", "Finland": "FI", "France": "FR", "Georgia": "GE", "Germany": "DE",
    "Greece": "GR", "Hungary": "HU", "India": "IN", "Indonesia": "ID", "Iran": "IR", "Iraq": "IQ",
    "Ireland": "IE", "Israel": "IL", "Italy": "IT", "Jamaica": "JM", "Japan": "JP", "Jordan": "JO",
    "Kazakhstan": "KZ", "Kenya": "KE", "Kyrgyzstan": "KG", "Laos": "LA", "Latvia": "LV", "Lebanon": "LB",
    "Lithuania": "LT", "Luxembourg": "LU", "Madagascar": "MG", "Malaysia": "MY", "Malta": "MT", "Mexico": "MX",
    "Morocco": "MA", "Netherlands": "NL", "New Zealand": "NZ", "Nicaragua": "NI", "North Macedonia": "MK",
    "Norway": "NO", "Oman": "OM", "Pakistan": "PK", "Panama": "PA", "Paraguay": "PY", "Peru": "PE",
    "Philippines": "PH", "Poland": "PL", "Portugal": "PT", "Qatar": "QA", "Romania": "RO", "Russia": "RU",
    "Saudi Arabia": "SA", "Senegal": "SN", "Singapore": "SG", "Slovakia": "SK", "South Africa": "ZA",
    "South Korea": "KR", "South Sudan": "SS", "Spain": "ES", "Sri Lanka": "LK", "Sweden": "SE",
    "Switzerland": "CH", "Syria": "SY", "Taiwan": "TW", "Thailand": "TH", "Turkey": "TR", "Uganda": "UG",
    "Ukraine": "UA", "United Arab Emirates": "AE", "United Kingdom": "GB", "Uzbekistan": "UZ",
    "Venezuela": "VE", "Vietnam": "VN", "Hong Kong": "HK", "United States": "US",
}

_FR = re.compile(r"(\d{2,3})\s*F\.?\s*R\.?\s*(\d+)(?:,?\s*(\d{1,2}/\d{1,2}/\d{2,4}))?")
# The Entity List's first publication (curated/list_starts.yaml): the default century pivot.
ENTITY_LIST_START = dt.date(1997, 2, 3)


@dataclass(frozen=True, slots=True)
class FrCitation:
    """One Federal Register citation as a list row gives it."""

    volume: int
    page: int
    date: dt.date | None
    raw: str
    """The text it was read from ("63 FR 64322, 11/19/98")."""

    @property
    def citation(self) -> str:
        return f"{self.volume} FR {self.page}"


def fr_citations(text: str, earliest: dt.date = ENTITY_LIST_START) -> list[FrCitation]:
    """Federal Register citations ("84 FR 22963, 5/21/19") with their published dates.

    A two-digit year takes its century from ``earliest`` (the list's start, see
    :func:`dates.century_year`): "11/19/98" on the Entity List is 1998, not 2098. Raises ValueError
    when a date names no real day."""
    out = []
    for m in _FR.finditer(text or ""):
        vol, page, when = m.groups()
        date = dates.parse_us_date(when, earliest) if when else None
        out.append(FrCitation(int(vol), int(page), date, m.group(0)))
    return out


def parse_fr(text: str, earliest: dt.date = ENTITY_LIST_START) -> list[tuple[str, dt.date | None]]:
    """Federal Register citations as (citation, published date) pairs; see :func:`fr_citations`."""
    return [(c.citation, c.date) for c in fr_citations(text, earliest)]


def loose_date(value: str) -> tuple[dt.date | None, str]:
    """A date from the brand table: ISO, "YYYY-MM" or a bare year, with a note when it is partial.

    Text that only announces something ("2025-03 (announced sale)") or hedges ("~2017") is not a
    date the relation ended: it is returned as a note with no date.
    """
    v = (value or "").strip()
    if not v:
        return None, ""
    if "announced" in v or "~" in v or v.startswith("("):
        return None, f"not an end date: {v}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return dt.date.fromisoformat(v), ""
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return dt.date.fromisoformat(v + "-01"), f"month only ({v}); first day used"
    if re.fullmatch(r"\d{4}", v):
        return dt.date(int(v), 1, 1), f"year only ({v}); 1 January used"
    raise ValueError(f"{v!r} is not a date")


_ENTITY_KEYS = frozenset({"id", "name", "country", "group", "source", "notes", "aliases", "merge_names", "identifiers",
                          "relations", "match_any_country", "designations"})
_ALIAS_KEYS = frozenset({"name", "script", "lang", "source", "weak"})
_IDENTIFIER_KEYS = frozenset({"scheme", "value", "source"})
# A listing the raw files do not state by name: the Covered List's UAS entry of 2025-12-22 covers the
# equipment s.1709(a)(1) of the FY25 NDAA names (DJI, Autel Robotics), which the FCC's table lists
# only as a category.
_DESIGNATION_KEYS = frozenset({"list_id", "added", "scope", "citation", "source"})
_RELATION_KEYS = frozenset({"kind", "object", "source", "note"})


def _known_keys(entry: Any, allowed: frozenset[str], path: Path, where: str = "entity") -> None:
    """Stop on a key the builder does not read. An unquoted comma in a YAML flow mapping
    (``{name: X Co., Ltd.}``) cuts the name and adds a key ``Ltd.``: that must not pass silently."""
    extra = sorted(str(k) for k in (entry if isinstance(entry, dict) else {}) if k not in allowed)
    if not isinstance(entry, dict) or extra:
        raise InputError(f"{where} {entry!r}: unknown key(s) {extra} (quote a name that holds a comma)", path=str(path))


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(f"invalid YAML ({getattr(e, 'problem', e)})", path=str(path), line=line) from None


def _csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


def _fr_source(book: Book, citation: str) -> str:
    sid = "fr-" + citation.lower().replace(" fr ", "-").replace(" ", "-")
    date, title = FR_TITLES.get(citation, ("", "Federal Register notice"))
    vol, page = citation.split(" FR ")
    book.add_source(Source(sid, f"{citation}: {title}",
                           f"https://www.federalregister.gov/citation/{vol}-FR-{page}",
                           "Federal Register", date, "US Government work (public domain)"))
    return sid


class Builder:
    def __init__(self, raw: Path, curated: Path, taken: dict[str, str] | None = None) -> None:
        self.raw = raw
        self.curated = curated
        self.taken = dict(taken or {})
        """Raw file name -> the ISO date a newer copy was taken (``registry update``): its rows may
        carry dates up to then, not only up to the date the bundled copy was retrieved."""
        self.book = Book()
        self.groups = _yaml(curated / "groups.yaml")
        self.starts = dates.ListStarts.load(curated / "list_starts.yaml")
        self.corrections = _yaml(curated / "date_corrections.yaml") or {}
        self.pending: list[tuple[str, RelationKind, str, str, str]] = []
        # IEEE registrant (name, country) -> its entity, or None when it is none (see macs).
        self.ties: dict[tuple[str, str], Draft | None] = {}

    # ------------------------------------------------------------------ dates
    def window(self, list_id: str, path: Path, stated: str = "", source: str = "") -> dates.Window:
        """The dates ``list_id``'s rows in ``path`` may carry: from the list's start to the date the
        file states (``stated``), or else the date its source was retrieved."""
        text = stated or self.taken.get(path.name) or self.book.sources[source].retrieved
        try:
            latest = dates.stated_date(text)
        except ValueError:
            raise InputError(f"the file states no date it was taken ({text!r})", path=str(path)) from None
        return self.starts.window(list_id, latest, str(path))

    @staticmethod
    def date(raw: str, win: dates.Window, path: Path, line: int | None, column: str, *,
             future_ok: bool = False) -> dt.date:
        """An ISO date read with its century and checked against ``win``; stops the build if not."""
        try:
            value = dates.parse_iso_date(raw, win.started)
        except ValueError as e:
            raise InputError(str(e), path=str(path), line=line, column=column) from None
        return win.check(value, path=str(path), line=line, column=column, raw=raw, future_ok=future_ok)

    # ------------------------------------------------------------------ curated
    def curated_entities(self) -> None:
        for s in self.groups.get("sources", []):
            self.book.add_source(Source(**s))
        for s in [*self.starts.sources, *self.corrections.get("sources", [])]:
            self.book.add_source(Source(**s))
        for info in _yaml(self.curated / "lists.yaml"):
            self.book.add_list(ListInfo(**info))
        for e in self.groups.get("entities", []):
            _known_keys(e, _ENTITY_KEYS, self.curated / "groups.yaml")
            for key, allowed in (("aliases", _ALIAS_KEYS), ("identifiers", _IDENTIFIER_KEYS),
                                 ("relations", _RELATION_KEYS), ("designations", _DESIGNATION_KEYS)):
                for sub in e.get(key, []):
                    _known_keys(sub, allowed, self.curated / "groups.yaml", f"entity {e.get('id')}: {key}")
            source = e["source"]
            if source not in self.book.sources:
                raise InputError(f"entity {e['id']}: unknown source {source!r}", path=str(self.curated / "groups.yaml"))
            d = self.book.new(e["id"], e["name"], country=e.get("country", ""), group=e.get("group", ""),
                              notes=e.get("notes", ""))
            if d.id != e["id"]:
                raise InputError(f"duplicate curated id {e['id']!r}", path=str(self.curated / "groups.yaml"))
            d.add_source(source)
            any_country = "" if e.get("match_any_country", True) else None
            self.book.index(d, d.name, any_country)
            for a in e.get("aliases", []):
                d.add_alias(a["name"], a.get("source", source), script=a.get("script", "Latn"),
                            lang=a.get("lang", ""), weak=a.get("weak", False))
                if a.get("script", "Latn") == "Latn" and not a.get("weak", False):
                    self.book.index(d, a["name"], any_country)
            for n in e.get("merge_names", []):
                self.book.index(d, n, "")
            for i in e.get("identifiers", []):
                d.add_identifier(Identifier(i["scheme"], str(i["value"]), i.get("source", source)))
            for x in e.get("designations", []):
                if x["list_id"] not in self.book.lists or x.get("source", source) not in self.book.sources:
                    raise InputError(f"entity {e['id']}: unknown list or source in {x!r}",
                                     path=str(self.curated / "groups.yaml"))
                d.add_designation(Designation(x["list_id"], added=dt.date.fromisoformat(str(x["added"])),
                                              scope=x.get("scope", ""), citation=x.get("citation", ""),
                                              source=x.get("source", source)))
                d.add_source(x.get("source", source))
            for r in e.get("relations", []):
                self.pending.append((d.id, RelationKind(r["kind"]), r["object"], r.get("source", source),
                                     r.get("note", "")))

    # ------------------------------------------------------------------ FCC and s.889
    def fcc(self) -> None:
        base = self.raw / FCC_DIR
        table = _csv(base / "opensanctions_table.csv")
        rows = _csv(base / "covered_list_entities.csv")
        if len(table) != len(rows):
            raise RegistryError(f"{base}: covered_list_entities.csv and opensanctions_table.csv differ in length")
        categories = {
            "UAS": ("fcc-category-uas", "Foreign-produced UAS and UAS critical components (FCC Covered List category)"),
            "Routers": ("fcc-category-routers", "Foreign-produced consumer routers (FCC Covered List category)"),
            "power inverters": ("fcc-category-power-inverters",
                                "Foreign-produced power inverters (FCC Covered List category)"),
            "robotic": ("fcc-category-robotic-devices",
                        "Foreign-produced advanced robotic devices (FCC Covered List category)"),
        }
        # The table is OpenSanctions' scrape of July 2026 (entries to 2026-07-28): its source's date.
        win = self.window("us-fcc-covered-list", base / "covered_list_entities.csv", source="fcc-covered-list")
        for (line, row), (_, trow) in zip(rows, table, strict=True):
            scope = re.sub(r"Visit - |[†#^£³]", "", trow["covered_equipment_or_services"])
            scope = clean(scope.replace('""', '" '))
            added = self.date(row["date_of_inclusion"], win, base / "covered_list_entities.csv", line,
                              "date_of_inclusion")
            citation = f"Secure Networks Act s.2 (47 CFR 1.50002); basis: {row['designated_list_basis']}"
            des = Designation("us-fcc-covered-list", added=added, scope=scope, citation=citation,
                              source="fcc-covered-list")
            if row["covered_scope"] == "category-based":
                key = next((k for k in categories if k in row["entity"]), None)
                if key is None:
                    raise InputError(f"unknown category entry {row['entity']!r}", path=str(base / "covered_list_entities.csv"), line=line)
                cid, cname = categories[key]
                d = self.book.new(cid, cname, kind="category")
                d.notes = clean(row["entity"])[:200]
                d.add_designation(des)
                d.add_source("fcc-covered-list")
                continue
            for name in row["entity"].split(";"):
                d = self.book.get_or_new(f"fcc-{slug(name)}", name.strip())
                d.add_designation(des)
                d.add_source("fcc-covered-list")
                d.add_alias(name, "fcc-covered-list")
        # The toy-drone carve-out (DA 26-588) took toy drones off the UAS entry on 2026-06-15.
        toy = self.book.new("fcc-category-toy-drones", "Foreign-produced toy drones (removed from the FCC Covered "
                            "List UAS entry)", kind="category")
        toy.notes = ("Toy drones: at most 150 g, at most 10 min flight, no GNSS, camera or network link, marketed "
                     "as a toy, maker not a FY25 NDAA s.1709 entity.")
        toy.add_designation(Designation(
            "us-fcc-covered-list", added=dt.date(2025, 12, 22), removed=dt.date(2026, 6, 15),
            scope="Toy drones were covered as UAS from 2025-12-22 and removed from coverage on 2026-06-15 (DA 26-588).",
            citation="Secure Networks Act s.2; National Security Determination of 2025-12-21, as updated 2026-06-15 "
                     "(DA 26-588)", source="fcc-covered-list"))
        toy.add_source("fcc-covered-list")

        for line, row in _csv(base / "ndaa_889_named_entities.csv"):
            m = re.search(r"s\.889\(f\)\(3\)\(([A-D])\)", row["statute"])
            if m is None or m.group(1) == "D":
                continue  # (D): designations by the Secretary of Defense, supplied by the user
            para = m.group(1)
            qualifier = row["scope_qualifier"]
            if qualifier.startswith("same as"):
                qualifier = ("for the purpose of public safety, security of government facilities, physical "
                             "security surveillance of critical infrastructure, and other national security purposes")
            scope = f"{row['covered_items']} produced by the entity or any subsidiary or affiliate"
            scope += " (any use)" if para == "A" else f", only {qualifier}"
            scope += "; s.889(a)(1)(B) contractor-use ban from 2020-08-13"
            found = self.book.find(row["entity"])
            if found is None:
                raise InputError(f"s.889 entity {row['entity']!r} has no curated entity",
                                 path=str(base / "ndaa_889_named_entities.csv"), line=line)
            d = found
            d.add_designation(Designation("us-ndaa-889", added=dt.date(2019, 8, 13), scope=scope,
                                          citation=f"Pub. L. 115-232 §889(f)(3)({para})", source="ndaa-889",
                                          published=dt.date(2018, 8, 13)))
            d.add_source("ndaa-889")

    # ------------------------------------------------------------------ BIS Entity List (2026)
    def bis(self) -> None:
        path = self.raw / BIS_DIR / "bis_entity_list.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        win = self.window("us-bis-entity-list", path, doc.get("extracted", ""), "bis-entity-list")
        for n, e in enumerate(doc["entities"], 1):
            name = clean(e["name"])
            country = COUNTRIES.get(e.get("country") or "", "")
            if e.get("country") and not country:
                raise InputError(f"unknown country {e['country']!r}", path=str(path), line=n, column="country")
            cites = self.fr(self.corrected(path, name, "federal_register", e.get("federal_register") or ""),
                            win, path, n)
            frs = [(c.citation, c.date) for c in cites]
            published = frs[0][1] if frs else None
            d = self.book.get_or_new(f"bis-{slug(name)}", name, country)
            d.add_designation(Designation(
                "us-bis-entity-list", added=published, scope=clean(e.get("notes") or "")[:160],
                citation="; ".join(c for c, _ in frs), source="bis-entity-list", published=published))
            d.add_source("bis-entity-list")
            for alias in e.get("aliases") or []:
                d.add_alias(_strip_address(alias), "bis-entity-list")
            self._bis_relations(d, name, [c for c, _ in frs])

    def corrected(self, path: Path, row: str, field: str, text: str) -> str:
        """``text`` with a reviewed correction from date_corrections.yaml applied, if one names it."""
        rel = path.relative_to(self.raw).as_posix() if path.is_relative_to(self.raw) else path.name
        for c in self.corrections.get("corrections", []):
            if (c["file"], c["row"], c["field"]) != (rel, row, field):
                continue
            if c["written"] not in text:
                # The raw row changed since the correction was reviewed: review it again.
                raise InputError(f"date correction for {row!r} {field}: {c['written']!r} is no longer in {text!r}",
                                 path=str(self.curated / "date_corrections.yaml"))
            return text.replace(c["written"], c["corrected"])
        return text

    @staticmethod
    def fr(text: str, win: dates.Window, path: Path, row: int) -> list[FrCitation]:
        """The Federal Register citations of one list row, each date read with its century from the
        list's start, in its volume's year, and inside the list's window; stops the build if not."""
        try:
            cites = fr_citations(text, win.started)
        except ValueError as e:
            raise InputError(f"{e} in {text!r}", path=str(path), line=row, column="federal_register") from None
        for c in cites:
            if c.date is not None:
                dates.check_fr(c.volume, c.date, path=str(path), line=row, column="federal_register", raw=c.raw)
                win.check(c.date, path=str(path), line=row, column="federal_register", raw=c.raw)
        return cites

    def _bis_relations(self, d: Draft, name: str, frs: list[str]) -> None:
        low = name.lower()
        first = frs[0] if frs else ""
        if first in HUAWEI_FRS and ("huawei" in low or "hisilicon" in low) and d.id not in ("huawei", "hisilicon"):
            sid = _fr_source(self.book, first if first in FR_TITLES else "84 FR 22963")
            note = "Listed as one of Huawei and its non-U.S. affiliates."
            d.group = d.group or "huawei"
            if "hisilicon" in low:
                self.book.relate(d.id, RelationKind.SUBSIDIARY_OF, "hisilicon", sid, note=note)
            elif "huawei device" in low and d.id != "huawei-device":
                self.book.relate(d.id, RelationKind.SUBSIDIARY_OF, "huawei-device", sid, note=note)
            elif d.id != "huawei-device":
                self.book.relate(d.id, RelationKind.AFFILIATE_OF, "huawei", sid, note=note)
        elif first == "88 FR 18985" and "haishi" in low:
            d.group = d.group or "hikvision"
            self.book.relate(d.id, RelationKind.SUBSIDIARY_OF, "hikvision", _fr_source(self.book, first),
                             note="Hikvision subsidiary in Xinjiang, listed with Hikvision's 2023 additions.")
        elif first == "89 FR 52363" and "kaspersky" in low and d.id != "kaspersky-lab-ao":
            d.group = d.group or "kaspersky"
            self.book.relate(d.id, RelationKind.AFFILIATE_OF, "kaspersky-lab-ao", _fr_source(self.book, first),
                             note="Listed together with AO Kaspersky Lab.")

    # ------------------------------------------------------------------ CSL (2022)
    def csl(self) -> None:
        path = self.raw / CSL_DIR / "consolidated.csv.gz"
        csl.add_rows(self.book, csl.read_csv(path), "csl", str(path),
                     dated=csl.ListDates(self.starts, dates.stated_date(
                         self.taken.get(path.name) or self.book.sources["csl"].retrieved)))
        # (The CSL's own two-digit years, "0097-06-30", take their century from each list's start.)
        # The same Huawei/Hikvision/Kaspersky affiliate rules as for the current Entity List rows.
        linked = {r.subject for r in self.book.relations}
        for d in list(self.book.drafts.values()):
            if d.id in linked:
                continue
            for des in d.designations:
                if des.list_id == "us-csl-entity-list":
                    self._bis_relations(d, d.name, [c for c, _ in parse_fr(des.citation)])
                    break
        # Affiliates named in the CSL's packed "Affiliated Entity:" rows belong to the parent's group.
        groups = {d.id: d.group for d in self.book.drafts.values() if d.group}
        for r in self.book.relations:
            if r.source == "csl" and groups.get(r.object):
                sub = self.book.drafts[r.subject]
                sub.group = sub.group or groups[r.object]

    # ------------------------------------------------------------------ 1260H and NS-CMIC
    def other_lists(self) -> None:
        for fname, list_id, prefix, source in (
            ("dow_1260h.json", "us-dow-1260h", "dow", "dow-1260h"),
            ("ofac_nscmic.json", "us-ofac-ns-cmic", "cmic", "ofac-ns-cmic"),
        ):
            path = self.raw / BIS_DIR / fname
            doc = json.loads(path.read_text(encoding="utf-8"))
            win = self.window(list_id, path, doc.get("extracted", ""), source)
            for n, e in enumerate(doc["entities"], 1):
                name = clean(e["name"])
                country = COUNTRIES.get(e.get("country") or "", "")
                d = self.book.get_or_new(f"{prefix}-{slug(name)}", name, country)
                added = self.date(e["effective_date"], win, path, n, "effective_date") if e.get("effective_date") else None
                notes = e.get("notes") or ""
                d.add_designation(Designation(list_id, added=added, citation=clean(e.get("federal_register") or ""),
                                              scope=clean(notes.split(";")[0])[:160], source=source))
                d.add_source(source)
                for alias in e.get("aliases") or []:
                    d.add_alias(alias, source)
                m = re.search(r"USCC:\s*([0-9A-Z]{18})", notes)
                if m:
                    d.add_identifier(Identifier("uscc", m.group(1), source))

    # ------------------------------------------------------------------ brands and relabels
    def brands(self) -> None:
        path = self.raw / BRAND_DIR / "brand_ownership.csv"
        table = self.groups["brand_ownership"]
        win = self.window("relations", path, source="brand-ownership")
        for line, row in _csv(path):
            spec = table.get(row["brand_or_entity"])
            if spec is None:
                raise InputError(f"brand {row['brand_or_entity']!r} has no entry in groups.yaml brand_ownership",
                                 path=str(path), line=line)
            try:
                start, note1 = loose_date(row["valid_from"])
                end, note2 = loose_date(row["valid_to"])
            except ValueError as e:
                raise InputError(str(e), path=str(path), line=line) from None
            for value, column in ((start, "valid_from"), (end, "valid_to")):
                if value is not None:
                    win.check(value, path=str(path), line=line, column=column, raw=row[column],
                              future_ok=column == "valid_to")
            if start is not None and end is not None and end < start:
                raise InputError(f"valid_to {row['valid_to']!r} is before valid_from {row['valid_from']!r}",
                                 path=str(path), line=line, column="valid_to")
            note = "; ".join(x for x in (clean(row["relationship"])[:200], note1, note2) if x)
            self.book.relate(spec["subject"], RelationKind(spec["kind"]), spec["object"], "brand-ownership",
                             valid_from=start, valid_to=end, note=note)
            self.book.drafts[spec["subject"]].add_source("brand-ownership")

        path = self.raw / BRAND_DIR / "oem_relabelers.csv"
        evidence: dict[str, list[str]] = {}
        for _, row in _csv(self.raw / BRAND_DIR / "oui_evidence_relabels.csv"):
            bid = self.groups["oui_evidence_brands"].get(row["brand"])
            if bid:
                evidence.setdefault(bid, []).append(f"{row['brand']} {row['model']} carries OUI {row['ouis_in_record']} "
                                                    f"({row['first_seen_date']})")
        for _, row in _csv(path):
            spec = self.groups["oem_brands"].get(row["brand"])
            if spec is None:
                continue  # multi-brand and general statements name no maker per brand
            d = self.book.drafts.get(spec["id"]) or self.book.new(spec["id"], spec["name"])
            assert d is not None
            d.add_source("oem-relabelers")
            for a in spec.get("aliases", []):
                d.add_alias(a, "oem-relabelers")
            end = spec.get("valid_to")
            if isinstance(end, dt.date):
                win.check(end, path=str(self.curated / "groups.yaml"), line=None,
                          column=f"oem_brands.{row['brand']}.valid_to", future_ok=True)
            elif end is not None:
                raise InputError(f"oem_brands.{row['brand']}.valid_to {end!r} is not a date (YYYY-MM-DD)",
                                 path=str(self.curated / "groups.yaml"))
            for maker in spec["makers"]:
                note = clean(f"{row['evidence_type']}. Relabelling is review evidence, not ownership.")
                if spec["id"] in evidence:
                    note += " MAC evidence: " + "; ".join(evidence[spec["id"]])
                self.book.relate(d.id, RelationKind.OEM_SOURCE, maker, "oem-relabelers",
                                 valid_to=end if isinstance(end, dt.date) else None, note=note[:400])
            if spec["id"] in evidence:
                d.add_source("oui-evidence-relabels")

    # ------------------------------------------------------------------ identifiers
    def macs(self) -> None:
        """Each IEEE block whose registrant is a registry entity, as that entity's identifier.

        A registrant is tied to an entity the way the lists are merged: its normalised name (case,
        punctuation and legal-form spelling set aside, the legal form itself kept) is the entity's
        name or a curated alias, and the countries agree (the block's address ends with its
        country code). So HUAWEI TECHNOLOGIES CO.,LTD is Huawei and Hangzhou Microimage Software
        Co., Ltd is HIKMICRO, while Teltronic AG (Swiss) is not Hytera's Teltronic S.A.U. and
        Shanghai Dahua Scale Factory is not Dahua. List aliases are not merge keys, so a registrant
        never ties through a list's loose alias."""
        widths = {"MA-L": 6, "MA-M": 7, "MA-S": 9}
        ties = self.ties
        for fname in ("oui.csv", "mam.csv", "oui36.csv"):
            path = self.raw / IEEE_DIR / fname
            for line, row in _csv(path):
                org = clean(row["Organization Name"])
                country = _ieee_country(row.get("Organization Address") or "")
                key = (org, country)
                if key not in ties:
                    ties[key] = self.book.find(org, country) if org.lower() not in _NO_MAKER else None
                d = ties[key]
                if d is None:
                    continue
                value = row["Assignment"].strip().upper()
                if len(value) != widths.get(row["Registry"], 0):
                    raise InputError(f"assignment {value!r} does not fit {row['Registry']}", path=str(path), line=line)
                d.add_identifier(Identifier("mac", value, "ieee-registries", f"{row['Registry']}: {org}"))
                d.add_source("ieee-registries")

    def short_names(self) -> None:
        """The names network tools print for each tied registrant (identifiers/shortnames.py:
        ``HuaweiTe``, ``HikvisionDig``), as weak aliases of its entity.

        A form is unique when every IEEE registrant that yields it is tied to the same group (or,
        outside the groups, the same entity): then it names that maker. A form other registrants
        yield too is ambiguous (``Hangzhou``: Hikvision, EZVIZ, Imou and a hundred other Hangzhou
        firms): it is kept only for a designated group's entity, as a lead for review, never a
        finding. So is a form that is one whole word of the name (``Sinclair``, ``Huacheng``): a
        word alone is any firm's that bears it, not the run-together name only a tool prints. A form
        that is already one of the entity's names, or another entity's, is not added."""
        producers: dict[str, set[str]] = {}
        for fname in ("oui.csv", "mam.csv", "oui36.csv", "iab.csv"):
            for _line, row in _csv(self.raw / IEEE_DIR / fname):
                org = clean(row["Organization Name"])
                if org.lower() in _NO_MAKER:
                    continue
                for form in shortnames.short_forms(org):
                    producers.setdefault(form.casefold(), set()).add(norm(org))
        owner: dict[str, set[str]] = {}
        for (org, _country), d in self.ties.items():
            owner.setdefault(norm(org), set()).add((d.group or d.id) if d is not None else "")
        done: set[tuple[str, str]] = set()
        for (org, _country), d in sorted(self.ties.items(), key=lambda kv: kv[0]):
            if d is None:
                continue
            mine = d.group or d.id
            names = {norm(n) for n in (d.name, *(a.name for a in d.aliases))}
            words = {w.casefold() for w in re.split(r"[\W_]+", org) if w}
            for form in sorted(shortnames.short_forms(org)):
                key = norm(form)
                if (d.id, key) in done or key in names:
                    continue
                other = self.book.find(form)
                if other is not None and other.id != d.id:
                    continue
                done.add((d.id, key))
                sharers = set().union(*(owner.get(o, {""}) for o in producers[form.casefold()]))
                if sharers == {mine} and form.casefold() not in words:
                    d.add_alias(form, "network-tool-short-names", weak=True)
                elif d.group:
                    d.add_alias(form, "network-tool-short-names", weak=True, ambiguous=True)

    def packages(self) -> None:
        """Package namespaces, project names and name families of the designated groups in each
        ecosystem a purl names (curated/package_namespaces.csv), each row with its registry page
        as the source. Read at build time only: nothing is looked up on the registries at run time."""
        path = self.curated / "package_namespaces.csv"
        schemes = {"namespace": "purl_namespace", "name": "purl_name", "name-prefix": "purl_name_prefix"}
        for line, row in _csv(path):
            eco, value, kind = row["ecosystem"].strip().lower(), row["value"].strip(), row["kind"].strip()
            if kind not in schemes or eco not in _PURL_TYPES or not value:
                raise InputError(f"ecosystem {eco!r}, kind {kind!r}, value {value!r}: expected a purl type "
                                 f"({', '.join(sorted(_PURL_TYPES))}) and kind {' / '.join(schemes)}",
                                 path=str(path), line=line)
            if kind != "namespace" and eco != "pypi":
                raise InputError("project names and families are for PyPI, whose packages have no namespace",
                                 path=str(path), line=line, column="kind")
            d = self.book.drafts.get(row["entity"].strip())
            if d is None:
                raise InputError(f"unknown entity {row['entity']!r}", path=str(path), line=line, column="entity")
            url = row["source_url"].strip()
            if not url.startswith("https://"):
                raise InputError("each row needs its registry page (https://...) as its source", path=str(path),
                                 line=line, column="source_url")
            sid = f"pkg-{eco}-{slug(value)}"
            self.book.add_source(Source(sid, f"{eco} registry: {value} ({clean(row['note'])})", url,
                                        "the package registry", "2026", "registry listing"))
            d.add_identifier(Identifier(schemes[kind], f"pkg:{eco}/{value.lower()}", sid, clean(row["note"])))
            d.add_source(sid)

    def pens(self) -> None:
        path = self.raw / PEN_DIR / "enterprises.tsv"
        names: dict[int, str] = {}
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw and not raw.startswith("#") and "\t" in raw:
                num, _, org = raw.partition("\t")
                if num.strip().isdigit():
                    names[int(num)] = org.strip()
        for num, target in sorted(self.groups["pens"].items()):
            if num not in names:
                raise InputError(f"enterprise number {num} is not in the registry file", path=str(path))
            d = self.book.drafts[target]
            d.add_identifier(Identifier("pen", str(num), "iana-pen", names[num]))
            d.add_source("iana-pen")
        for num, spec in sorted(self.groups["pen_traps"].items()):
            d = self.book.new(spec["id"], names[num], country=spec.get("country", ""), notes=spec["note"])
            d.add_identifier(Identifier("pen", str(num), "iana-pen", names[num]))
            d.add_source("iana-pen")

    def finish(self) -> snap.Snapshot:
        for subject, kind, obj, source, note in self.pending:
            self.book.relate(subject, kind, obj, source, note=note)
        for r in self.book.relations:
            for end in (r.subject, r.object):
                if end not in self.book.drafts:
                    raise RegistryError(f"relation {r.subject} -> {r.object}: unknown entity {end!r}")
        built = max([*(s.retrieved[:10] for s in self.book.sources.values() if re.match(r"\d{4}-\d{2}-\d{2}", s.retrieved)),
                     *self.taken.values()], default="")
        return self.book.freeze(built)


# purl types the namespace table may name (ECMA-427 / purl-spec registered types in use here).
_PURL_TYPES = frozenset({"maven", "npm", "golang", "pypi", "github", "gitlab", "nuget", "cargo", "gem", "composer",
                         "swift", "cocoapods", "pub", "conan", "hex"})
# Registrant names that name no maker: the IEEE's own parent blocks and withheld names.
_NO_MAKER = frozenset({"ieee registration authority", "private"})
# An IEEE address ends with the country code, then the postcode if any: "... Shenzhen Guangdong CN
# 518057", "... Richmond BC CA V6V 2L4", "Poligono de Malpica   ES". Postcode words hold a digit.
_CODE = re.compile(r"^[A-Z]{2}$")


def _ieee_country(address: str) -> str:
    """The country code an IEEE registrant's address ends with, or "" when it states none: the
    last two-capital word after which only postcode words (each holding a digit) follow."""
    words = address.split()
    for i in range(len(words) - 1, max(len(words) - 4, -1), -1):
        if _CODE.match(words[i]):
            return words[i]
        if not any(c.isdigit() for c in words[i]):
            return ""
    return ""


def _strip_address(alias: str) -> str:
    """Cut address text the Entity List parse left in an alias ("X LLC. 5 Dzerzhinsky Ave., Minsk")."""
    m = re.match(r"^(.*?\b(?:LLC|Ltd|Inc|Co|Corp|GmbH|S\.A|JSC|OOO|AO)\.?)(?:[.,]\s+\S.*\d.*)$", alias)
    if m:
        return m.group(1).rstrip(".,")
    m = re.match(r"^(.*?),\s*\S+,\s*\S+$", alias)  # "Huawei Suzhou OpenLab, Suzhou, China"
    if m and any(c in alias for c in ("China", "Russia")):
        return m.group(1)
    return alias


def build(raw_dir: Path, curated_dir: Path = CURATED_DIR, taken: dict[str, str] | None = None) -> snap.Snapshot:
    """The registry snapshot built from ``raw_dir`` (the public files) and ``curated_dir`` (YAML);
    ``taken``: raw file names with the date a newer copy was taken (see ``Builder.taken``)."""
    b = Builder(raw_dir, curated_dir, taken)
    for s in RAW_SOURCES:
        b.book.add_source(s)
    b.curated_entities()
    b.fcc()
    b.bis()
    b.csl()
    b.other_lists()
    b.brands()
    b.macs()
    b.short_names()
    b.packages()
    b.pens()
    return b.finish()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m supplyscreen.registry.build", description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of raw public files (data/raw)")
    parser.add_argument("--curated", type=Path, default=CURATED_DIR, help="folder of curated YAML")
    parser.add_argument("--out", type=Path, default=None, help="snapshot to write (.json.gz; default: the "
                        "bundled one, and then the identifier tables are rebuilt too)")
    parser.add_argument("--tables", type=Path, default=None, help="folder to write the identifier tables "
                        "(IEEE blocks, IANA enterprise numbers) to; default: the package's own, when --out is not given")
    args = parser.parse_args(argv)
    out = args.out or bundled_path()
    tables = args.tables or (build_data.DEFAULT_OUT if args.out is None else None)
    if tables is not None:
        # The snapshot's MAC blocks and the table of all blocks come from the same raw files.
        for name, count in build_data.build(args.raw, tables).items():
            print(f"{tables / name}: {count} rows")
    snapshot = build(args.raw, args.curated)
    snap.dump(snapshot, out)
    print(f"{out}: {len(snapshot.entities)} entities, {len(snapshot.relations)} relations, "
          f"{len(snapshot.lists)} lists, {len(snapshot.sources)} sources")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
