"""XLSX item lists and inventories, read with openpyxl in read-only mode (rows are streamed).

The sheet read is the one named by ``ReadOptions.sheet``, else the first sheet whose first rows
hold a recognisable header. Cell values are shown as a person sees them: whole numbers without
``.0``, dates as ISO dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from supplyscreen.errors import InputError
from supplyscreen.model import Item, SourceInfo
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.columns import (
    HEADER_SCAN_ROWS,
    map_columns,
    missing_overrides,
    no_columns_error,
    pick_header,
)
from supplyscreen.sources.limits import check_zip
from supplyscreen.sources.table import TableState


def cell_text(value: object) -> str:
    """A cell value as text: ``12`` not ``12.0``, ``2024-04-01`` not ``2024-04-01 00:00:00``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    """An open read-only workbook, closed (with its file) on exit."""
    # openpyxl is imported here so that reading CSV never pays for it.
    from openpyxl import load_workbook

    check_zip(path)
    try:
        # A file object, not a path: openpyxl refuses paths whose extension it does not know,
        # and an export named ``list.dat`` that is really XLSX should still be read.
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    try:
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # zipfile, KeyError, openpyxl's own classes: any damage to the package
            raise InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
                             path=str(path)) from exc
        try:
            yield wb
        finally:
            wb.close()
    finally:
        fh.close()


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[object, ...]]]:
    # Read-only sheets trust the file's stored dimensions, which some exporters write wrongly
    # (A1:A1); resetting makes openpyxl read every row that is really there.
    sheet.reset_dimensions()
    yield from enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)


def _texts(row: Sequence[object]) -> list[str]:
    return [cell_text(v).strip() for v in row]


class XlsxSource:
    """One sheet of an XLSX workbook."""

    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path = path
        shown = str(path)
        with _workbook(path) as wb:
            names = list(wb.sheetnames)
            if options.sheet is not None and options.sheet not in names:
                raise InputError(f"no sheet named {options.sheet!r}; sheets are: {', '.join(names)}", path=shown)
            first_seen: tuple[int | None, list[str]] = (None, [])
            found = None
            for name in [options.sheet] if options.sheet else names:
                records = [(n, _texts(r)) for n, r in self._head(wb[name]) if any(v is not None and
                                                                                   str(v).strip() for v in r)]
                if first_seen[0] is None and records:
                    first_seen = (records[0][0], records[0][1])
                pick = pick_header([r for _, r in records], options.columns)
                if pick is not None:
                    found = (name, records[pick][0], records[pick][1])
                    break
        if found is None:
            raise no_columns_error(shown, first_seen[1], first_seen[0])
        self.sheet, self.header_row, header = found
        missing = missing_overrides(header, options.columns)
        if missing:
            raise InputError(
                f"column(s) {', '.join(map(repr, missing))} given by flags not in the header; "
                f"headers are: {', '.join(repr(h) for h in header if h)}",
                path=shown, line=self.header_row)
        notes = [f"sheet {self.sheet!r}, header on row {self.header_row}"]
        if len(names) > 1:
            notes.append(f"workbook has {len(names)} sheets; read {self.sheet!r} only")
        self.state = TableState(shown, "xlsx", "", map_columns(header, options.columns), options.kind, notes)

    @staticmethod
    def _head(sheet: Any) -> list[tuple[int, tuple[object, ...]]]:
        out = []
        for number, row in _rows(sheet):
            out.append((number, row))
            if len(out) >= HEADER_SCAN_ROWS * 3:  # allow blank spacer rows between title and header
                break
        return out

    @property
    def info(self) -> SourceInfo:
        return self.state.info

    @property
    def rows_in(self) -> int:
        return self.state.rows_in

    def items(self) -> Iterator[Item]:
        state = self.state
        state.reset()
        with _workbook(self.path) as wb:
            rows = _rows(wb[self.sheet])
            # Blank rows count only between data rows: Excel leaves formatted empty rows at the end.
            pending_blank = 0
            while True:
                try:
                    number, row = next(rows)
                except StopIteration:
                    break
                except Exception as exc:  # a damaged sheet part surfaces only while streaming
                    raise InputError(f"sheet {self.sheet!r} cannot be read after row "
                                     f"{self.header_row + state.rows_in} ({type(exc).__name__}: {exc})",
                                     path=str(self.path)) from exc
                if number <= self.header_row:
                    continue
                cells = [None if v is None else cell_text(v) for v in row]
                if not any(c and c.strip() for c in cells):
                    pending_blank += 1
                    continue
                state.counts.blank += pending_blank
                pending_blank = 0
                yield state.item(cells, number)
        if state.rows_in == 0:
            state.counts.extra.append("no data rows below the header")


register_reader(Reader(
    name="xlsx",
    open=XlsxSource,
    extensions=(".xlsx", ".xlsm"),
    guess=lambda _path, head: head.startswith(b"PK\x03\x04"),
))
