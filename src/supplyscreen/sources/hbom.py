"""Hardware bills of materials as spreadsheets, in the shape of CISA's HBOM framework (CSV/XLSX).

One row per component, with its own id and its parent's id (the parent/child structure of the
framework), a name, the manufacturer, part numbers and countries. Column headers are recognised by
:mod:`supplyscreen.sources.columns` (so ``Manufacturer``, ``メーカー`` and ``Mfr`` all work) plus
the HBOM-specific ``Parent``/``Parent ID`` and ``Component ID``/``Component Name`` headers.
A file is claimed only when it has a parent column and a maker or part-number column, so an
ordinary item list is never mistaken for a bill of materials.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from supplyscreen.errors import InputError
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.bom import BomSource, Part, assemble, check_size, maker_value
from supplyscreen.sources.columns import REF, normalise_header, role_of
from supplyscreen.sources.text import clean_value, detect_encoding

PARENT_HEADERS = frozenset({"parent", "parentid", "parentref", "parentcomponent", "parentcomponentid",
                            "parentpartnumber", "assembly", "assemblyid", "親", "親部品", "親id", "上位部品"})
REF_HEADERS = frozenset({"componentid", "partid", "bomref", "bomid", "itemid", "部品id"})
NAME_HEADERS = frozenset({"componentname", "component", "partname", "name", "部品名"})
MAKER_HEADERS = frozenset({"manufacturer", "supplier", "partnumber", "manufacturerpartnumber", "mpn"})
# HBOM headers whose role differs from an item list's reading of the same words.
EXTRA_ROLES = {"manufacturerpartnumber": "part_number", "countryofmanufacture": "country",
               "countryofproduction": "country", "componenttype": "category", "componentrole": "role",
               "macaddress": "mac"}
HEADER_ROWS = 10
"""Rows searched for the header: a title and a note or two may sit above it in a spreadsheet."""


def _roles(header: Sequence[str]) -> tuple[dict[str, int], int | None] | None:
    """Role → column for an HBOM header row, or None when the row is not one."""
    keys = [normalise_header(h) for h in header]
    parent = next((i for i, k in enumerate(keys) if k in PARENT_HEADERS), None)
    if parent is None or not any(k in MAKER_HEADERS or role_of(h) == "manufacturer" for k, h in zip(keys, header,
                                                                                                      strict=True)):
        return None
    index: dict[str, int] = {}
    for i, (k, h) in enumerate(zip(keys, header, strict=True)):
        if i == parent:
            continue
        role = (REF if k in REF_HEADERS else "name" if k in NAME_HEADERS else EXTRA_ROLES.get(k) or role_of(h))
        if role is not None and role not in index:
            index[role] = i
    return index, parent


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    if path.read_bytes()[:4] == b"PK\x03\x04":
        from supplyscreen.sources.xlsx_items import _rows as sheet_rows
        from supplyscreen.sources.xlsx_items import _texts, _workbook

        with _workbook(path) as wb:
            return [(n, _texts(r)) for n, r in sheet_rows(wb.worksheets[0])]
    head = path.read_bytes()
    enc = detect_encoding(head, complete=True, forced=None, path=str(path))
    text = head.decode(enc.codec, errors="replace")
    return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), 1)]


def open_hbom(path: Path, options: ReadOptions) -> BomSource:
    shown = str(path)
    check_size(path)
    rows = _rows(path)
    pos, found = next(((n, f) for n, (_, row) in enumerate(rows[:HEADER_ROWS]) if (f := _roles(row)) is not None),
                      (0, None))
    if found is None:
        raise InputError("no HBOM header (a parent column and a manufacturer or part-number column)", path=shown)
    index, parent_col = found
    parts: list[Part] = []
    parents: list[str] = []
    for line, row in rows[pos + 1:]:
        if not any(c.strip() for c in row):
            continue
        cell = {role: clean_value(row[i]).value.strip() if i < len(row) else "" for role, i in index.items()}
        part = Part(ref=cell.pop(REF, ""), name=cell.get("name") or cell.get("product") or "", line=line)
        for role, value in cell.items():
            if role == "name":
                role = "product"
            part.set(role, maker_value(value) if role in ("manufacturer", "supplier", "vendor") else value)
        parts.append(part)
        parents.append(clean_value(row[parent_col]).value.strip() if parent_col is not None and parent_col < len(row)
                       else "")
    # Rows whose parent is blank are the products; the first is the product, the rest hang under it.
    roots = [p for p, up in zip(parts, parents, strict=True) if not up]
    product = roots[0] if roots else None
    links = [(up, p.ref) for p, up in zip(parts, parents, strict=True) if up and p.ref]
    notes = [f"HBOM spreadsheet, header on row {rows[pos][0]}"]
    # Parts with a parent are reached through the links; the other roots are placed under the product.
    return assemble(shown, "hbom", product, [p for p in parts if p is not product], links, notes)


def _sniff(path: Path, head: bytes) -> bool:
    if head.startswith(b"PK\x03\x04"):
        return False  # an XLSX HBOM is read with --kind bom (opening every workbook to sniff is costly)
    try:
        enc = detect_encoding(head, complete=False, forced=None, path=str(path))
    except InputError:
        return False
    sample = head.decode(enc.codec, errors="replace").splitlines()[:HEADER_ROWS]
    return any(_roles(row) is not None for row in csv.reader(sample))


def _guess(path: Path, head: bytes) -> bool:
    """A workbook (or text) whose first rows hold an HBOM header; asked only when no extension or
    sniffer decided (e.g. ``--kind bom`` on an XLSX), since it opens the workbook."""
    if not head.startswith(b"PK\x03\x04"):
        return _sniff(path, head)
    try:
        return any(_roles(row) is not None for _, row in _rows(path)[:HEADER_ROWS])
    except InputError:
        return False


register_reader(Reader(
    name="hbom",
    open=open_hbom,
    sniff=_sniff,
    guess=_guess,
    kinds=("bom",),
))
