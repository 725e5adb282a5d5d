"""How much of an input the readers take: the size of a cell, of a row, the number of rows, the
unpacked size of a zip (XLSX) and the nesting depth of XML.

A file small on disk can be costly to read: one 300 MB cell deflates to 300 KB in an XLSX, a
10 MB cell costs seconds of matching, a BOM nested 50,000 deep exhausts the interpreter's stack.
Each limit is far above what a real list, inventory or bill of materials holds; past it, a row is
kept as an item with a problem (a cell, a row) or the file is refused with the limit named (rows,
zip, depth), never read at any cost and never dropped.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from supplyscreen.errors import InputError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InputLimits:
    cell_chars: int = 32_767
    """Characters in one cell: Excel's own limit per cell, so no spreadsheet a person made is over it."""
    columns: int = 16_384
    """Cells of a row looked at when searching for the header: Excel's own column limit, so a
    header of any real sheet fits; a row of two million cells is a data row to report, not a header."""
    row_chars: int = 1_048_576
    """Characters in one row, all its cells together: 32 full Excel cells; a real row is a few hundred."""
    rows: int = 2_000_000
    """Rows (items, parts) in one input: twice Excel's 1,048,576-row sheet, room for the 1M-row
    inventory the service is sized for (SUPPLYSCREEN_MAX_ROWS sets another)."""
    unzipped_bytes: int = 1 << 30
    """Bytes an XLSX (a zip) may unpack to, all parts together (1 GiB: a full 1,048,576-row sheet of
    ten short columns is about 400 MB of XML)."""
    zip_ratio: int = 200
    """How many times larger than its compressed size a part of a zip may unpack to. Spreadsheet XML
    deflates 5-30×, a sheet of one value repeated ~100×; a cell of one letter repeated deflates ~1000×."""
    zip_ratio_from: int = 1 << 20
    """Parts under this many unpacked bytes (1 MiB) are not held to ``zip_ratio``: a tiny part that
    compresses well costs nothing to read."""
    xml_depth: int = 256
    """Elements nested in one another in an XML input. A CycloneDX BOM nests an assembly's parts a
    few levels deep (a chassis, its boards, their chips); 256 leaves room and stays far below the
    interpreter's recursion limit (1,000) that the readers' walks use."""


def _configured() -> InputLimits:
    from supplyscreen import settings

    return InputLimits(rows=settings.load().max_rows)


LIMITS = _configured()
"""The limits in force: the defaults, with the number of rows from the settings."""


def oversize(cells: Sequence[object], headers: Sequence[str], limits: InputLimits | None = None) -> str:
    """Why a row's cells are too large to read (a cell or the whole row), or "" when they are not."""
    limits = limits or LIMITS
    total = 0
    for pos, c in enumerate(cells):
        n = len(c) if isinstance(c, str) else 0
        if n > limits.cell_chars:
            col = headers[pos] if pos < len(headers) and headers[pos].strip() else f"column {pos + 1}"
            return (f"the cell in {col!r} holds {n:,} characters, over the limit of {limits.cell_chars:,} "
                    "(Excel's own cell limit); the row was not screened")
        total += n
    if total > limits.row_chars:
        return (f"the row holds {total:,} characters in {len(cells):,} cells, over the limit of "
                f"{limits.row_chars:,}; the row was not screened")
    return ""


class TooManyRows(InputError):
    """An input holding more rows than one screening takes. Raised when the source is opened, from a
    count made before any row is screened (``check_rows``), or while streaming (``counted``) by a
    reader that cannot count ahead. ``remedy="rows"``: each interface says how to split or raise it."""

    def __init__(self, limit: int, path: str = "", counted_ahead: bool = True) -> None:
        how = "counted before screening" if counted_ahead else "found while screening"
        super().__init__(f"the input has more than {limit:,} rows, the limit of one screening; split it into "
                         f"several files ({how})", path=path, remedy="rows")
        self.limit = limit
        self.counted_ahead = counted_ahead

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a screening process and re-raised in the web process: travels by pickle, which
        # rebuilds an exception from its message alone unless told its own arguments.
        return (TooManyRows, (self.limit, self.path, self.counted_ahead))


def counted(items: Iterator[T], limits: InputLimits | None = None) -> Iterator[T]:
    """``items``, refused with TooManyRows past ``limits.rows``: the backstop for a reader that
    cannot count its rows ahead (``check_rows``)."""
    limits = limits or LIMITS
    for n, item in enumerate(items, 1):
        if n > limits.rows:
            raise TooManyRows(limits.rows, counted_ahead=False)
        yield item


def check_rows(source: object, path: str, limits: InputLimits | None = None) -> None:
    """Refuse a source holding more than ``limits.rows`` rows before any row is screened, when its
    reader can count ahead cheaply (``rows_over(limit)``: the rows counted once past the limit,
    else None); otherwise ``counted`` refuses it while streaming."""
    limits = limits or LIMITS
    over = getattr(source, "rows_over", None)
    if callable(over) and over(limits.rows) is not None:
        raise TooManyRows(limits.rows, path)


def line_count(path: Path, chunk: int = 1 << 20) -> int:
    """Physical lines of a file (its newline bytes, plus a last line without one): at least as many
    as the records of any line-based format in any encoding, counted at disk speed."""
    lines, last = 0, b"\n"
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def check_zip(path: Path, limits: InputLimits | None = None) -> None:
    """Refuse a zip (an XLSX) that unpacks to more than ``limits.unzipped_bytes``, or holds a part
    that unpacks ``limits.zip_ratio`` times its packed size (a "zip bomb"). Reads the zip's
    directory only: the sizes it declares are the most the zip module will unpack (it stops there
    and reports a damaged file)."""
    limits = limits or LIMITS
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the reader says what it is
    total = sum(p.file_size for p in parts)
    if total > limits.unzipped_bytes:
        raise InputError(f"refused: the workbook unpacks to {total:,} bytes, over the limit of "
                         f"{limits.unzipped_bytes:,}", path=str(path))
    for p in parts:
        if p.file_size >= limits.zip_ratio_from and p.file_size > limits.zip_ratio * max(p.compress_size, 1):
            raise InputError(f"refused: {p.filename} unpacks {p.file_size / max(p.compress_size, 1):,.0f} times "
                             f"its packed size ({p.compress_size:,} → {p.file_size:,} bytes), over the limit of "
                             f"{limits.zip_ratio}× (a cell or part of one value repeated: a zip bomb)",
                             path=str(path))


def check_xml_depth(data: bytes, path: Path, limits: InputLimits | None = None) -> None:
    """Refuse XML nested deeper than ``limits.xml_depth`` before anything builds a tree of it.
    Malformed XML passes: the reader's parser reports it, with its line."""
    limits = limits or LIMITS
    import xml.parsers.expat

    depth = 0
    line = 0

    def start(_name: str, _attrs: object) -> None:
        nonlocal depth, line
        depth += 1
        if depth > limits.xml_depth:
            line = parser.CurrentLineNumber
            raise _TooDeep

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    def entity(*_args: object) -> None:
        raise _Entity  # never expanded here: the reader's defusedxml refuses it with its own reason

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except _Entity:
        return
    except _TooDeep:
        raise InputError(f"refused: the XML nests elements more than {limits.xml_depth} deep, the limit (line {line})",
                         path=str(path)) from None
    except xml.parsers.expat.ExpatError:
        return


class _TooDeep(Exception):
    pass


class _Entity(Exception):
    pass


def json_loads(text: str, path: Path) -> object:
    """``json.loads``, with a document nested past the interpreter's recursion limit (about 1,000
    levels; no list, inventory or BOM nests more than a few) refused with that reason instead of
    a RecursionError. JSONDecodeError passes through for the reader to report with its position."""
    import json

    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("refused: the JSON nests arrays or objects past the limit of about 1,000 levels",
                         path=str(path)) from None
