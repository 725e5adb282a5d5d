"""SPDX 2 spreadsheets (``.xlsx``, legacy ``.xls``) in the layout the SPDX Java tools write.

The workbook is a bill of materials, not an item list: the ``Package Info`` sheet has one row per
package, whose maker is in ``Package Supplier`` and ``Package Originator`` (SPDX actors,
``Organization: name``); ``Relationships`` gives the structure and ``External Refs`` the purls and
CPEs; ``Document Info`` gives the SPDX version and what the document describes. Columns are found
by their header text (the tools' titles, in any order), so an edited sheet still reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from supplyscreen.errors import InputError
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.bom import BomSource, Document, Part, check_size
from supplyscreen.sources.document import SPREADSHEET_DOCUMENT, SPREADSHEET_PACKAGES
from supplyscreen.sources.spdx import (
    SPDX2_VERSIONS,
    _actor_notes,
    _ext_ref,
    _finish,
    _holds,
    _settings,
    actor,
    actor_problem,
    relationship_types,
)

# Header titles as the SPDX Java tools write them → what this reader reads from the column.
PACKAGE_COLUMNS: Mapping[str, str] = {
    "package name": "name", "spdx identifier": "ref", "package version": "version",
    "package supplier": "supplier", "package originator": "originator", "summary": "summary",
    "description": "description", "comments": "comment", "package comment": "comment",
    "primary package purpose": "purpose",
}
RELATIONSHIP_COLUMNS: Mapping[str, str] = {
    "spdx identifier": "from", "spdx element id": "from", "relationship": "type", "relationship type": "type",
    "related spdx element": "to",
}
EXTERNAL_REF_COLUMNS: Mapping[str, str] = {"package id": "ref", "type": "type", "locator": "locator"}
DOCUMENT_COLUMNS: Mapping[str, str] = {"spdx version": "version", "document contents": "describes",
                                       "spdx identifier": "ref", "document name": "name"}


def _sheets(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet's rows as text, by lower-case sheet name."""
    from supplyscreen.sources.xlsx_items import cell_text

    out: dict[str, list[list[str]]] = {}
    if path.read_bytes()[:4] == b"PK\x03\x04":
        from supplyscreen.sources.xlsx_items import _rows, _workbook

        with _workbook(path) as wb:
            for ws in wb.worksheets:
                out[ws.title.strip().lower()] = [[cell_text(v).strip() for v in row] for _, row in _rows(ws)]
        return out
    import xlrd

    try:
        book = xlrd.open_workbook(str(path))
    except Exception as exc:  # xlrd raises several kinds for damaged workbooks
        raise InputError(f"not a readable .xls workbook ({type(exc).__name__}: {exc})", path=str(path)) from exc
    for sheet in book.sheets():
        out[sheet.name.strip().lower()] = [[cell_text(v).strip() for v in sheet.row_values(r)]
                                           for r in range(sheet.nrows)]
    return out


def _records(rows: Sequence[Sequence[str]], columns: Mapping[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, field → value) for each non-blank row under the header (the first row)."""
    if not rows:
        return
    index = {columns[h.strip().lower()]: i for i, h in enumerate(rows[0]) if h.strip().lower() in columns}
    for n, row in enumerate(rows[1:], start=2):
        if any(c for c in row):
            yield n, {field: row[i] if i < len(row) else "" for field, i in index.items()}


def open_spdx_sheet(path: Path, options: ReadOptions) -> BomSource:
    shown = str(path)
    check_size(path)
    sheets = _sheets(path)
    doc_rows = next((sheets[n.lower()] for n in SPREADSHEET_DOCUMENT if n.lower() in sheets), [])
    doc = next((r for _, r in _records(doc_rows, DOCUMENT_COLUMNS)), {})
    version = doc.get("version", "")
    if version not in SPDX2_VERSIONS["tag-value"]:
        raise InputError(f"'SPDX Version' {version or 'missing'!r} in the document sheet is not an SPDX version this "
                         f"reader takes ({', '.join(SPDX2_VERSIONS['tag-value'])})", path=shown)
    packages: dict[str, Part] = {}
    order: list[str] = []
    actors: list[str] = []
    sheet = SPREADSHEET_PACKAGES
    for line, rec in _records(sheets.get(sheet.lower(), []), PACKAGE_COLUMNS):
        if not rec.get("ref") or not rec.get("name"):
            raise InputError(f"'{sheet}' row {line}: 'Package Name' and 'SPDX Identifier' are required", path=shown,
                             line=line)
        part = Part(ref=rec["ref"], name=rec["name"], line=line)
        part.set("product", rec["name"])
        for key, role in (("originator", "manufacturer"), ("supplier", "supplier")):
            if rec.get(key):
                part.set(role, actor(rec[key]))
                if actor_problem(rec[key]):
                    actors.append(f"row {line} Package {key.title()}")
        part.set("version", rec.get("version"))
        part.set("description", rec.get("description") or rec.get("summary"))
        if rec.get("purpose"):
            part.set("category", rec["purpose"].lower())
        _settings(rec.get("comment", ""), part)
        key = part.ref if part.ref not in packages else f"{part.ref}#dup{line}"
        packages[key] = part
        order.append(key)
    for _, rec in _records(sheets.get("external refs", []), EXTERNAL_REF_COLUMNS):
        if rec.get("ref") in packages:
            _ext_ref(packages[rec["ref"]], rec.get("type", ""), rec.get("locator", ""))
    rels: list[tuple[str, str, str]] = []
    for line, rec in _records(sheets.get("relationships", []), RELATIONSHIP_COLUMNS):
        kind = rec.get("type", "").strip()
        if kind not in relationship_types():
            raise InputError(f"'Relationships' row {line}: {kind!r} is not an SPDX relationship type", path=shown,
                             line=line)
        rels.append((rec.get("from", ""), kind, rec.get("to", "")))
    described = [d.strip() for d in doc.get("describes", "").split(",") if d.strip()]
    files = max(0, len(sheets.get("per file info", [])) - 1)
    notes = [f"{version} spreadsheet ({', '.join(sorted(sheets))})", *_actor_notes(actors)]
    document = Document(doc.get("ref") or "SPDXRef-DOCUMENT", doc.get("name") or path.name, _holds(files))
    return _finish(shown, "spdx-spreadsheet", packages, order, rels, described, notes, document)


register_reader(Reader(
    name="spdx-spreadsheet",
    open=open_spdx_sheet,
    formats=("spdx-spreadsheet",),
    kinds=("bom",),
))
