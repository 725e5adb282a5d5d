"""``supplyscreen check`` of a large CSV by columns: Arrow parses, keys are made per distinct value,
each verdict key is screened once, and the CSV writer's rows are joined back per key.

The row path spends ~15 µs of Python per row (an Item, a key, an ItemResult, a row written); here
no Python runs per row: Arrow parses, cleans (printable ASCII only needs trimming), dictionary-encodes
the deciding columns (a MAC column by the digits that decide its block), numpy folds each row's key
parts into one integer and groups rows by it, and Arrow joins each row's ref and line to its key's
CSV cells (written by the csv module once per key) and hands the bytes to the output. What remains
in Python is per distinct value and per distinct key: screening the keys is most of the time
(benchmarks/README.md, "Fast on one machine").

The output is byte-for-byte the row path's (the reader's header detection, cleaning, refs and line
numbers; the screener's decisions; the CSV writer's cells). Where that cannot be proved cheaply the
file is left to the row path (:func:`screen_csv` returns None, having written nothing): not UTF-8,
a header below line 1, lone carriage returns, a quote the csv module would reject, rows with more
or fewer cells than the header, blank lines or blank rows, NUL bytes, an id column with a blank or
repeated id, a cell past the csv module's field limit, or a key the screener no longer makes column
by column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from supplyscreen.batch.core import quotes_row
from supplyscreen.batch.keys import KeyMaker
from supplyscreen.formats.csv_format import HEADER, Shared, safe, tail_cells
from supplyscreen.model import Item
from supplyscreen.screen import _REQUOTED, Screener, Tally
from supplyscreen.sources.columns import ALSO_AS, REF
from supplyscreen.sources.csv_items import CsvSource
from supplyscreen.sources.text import clean_value

if TYPE_CHECKING:
    import pyarrow as pa

_UTF8 = ("utf-8", "utf-8-sig")
_BOM = b"\xef\xbb\xbf"
# Python's str.isspace characters beyond RE2's \s: a row made only of these is blank to the reader.
_NOT_SPACE = (r"[^\s\x{0b}\x{0c}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
              r"\x{202f}\x{205f}\x{3000}]")
# Rows per progress report and per block of output written.
BLOCK = 65_536
# Bytes per block Arrow parses: 4 MiB parses 1,000,000 inventory rows in less CPU and memory than
# 16 MiB (0.7 against 1.1 CPU s, 266 against 321 MB peak, measured on the benchmark file).
BLOCK_BYTES = 1 << 22


def available() -> bool:
    """Whether the columnar engine (pyarrow, the ``batch`` extra) is installed."""
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def quotes_ok(data: bytes, delimiter: bytes) -> bool:
    """Whether every quoted cell of ``data`` is one the csv module (strict) reads as Arrow does:
    opened at the start of a cell, closed, and followed by a delimiter or a line end. A quote inside
    an unquoted cell is text to both."""
    find, delim = data.find, delimiter[0]
    i = find(b'"')
    while i >= 0:
        if i == 0 or data[i - 1] in (delim, 10) or (i == 3 and data.startswith(_BOM)):
            j = i
            while True:
                j = find(b'"', j + 1)
                if j < 0:
                    return False  # never closed
                if data[j + 1:j + 2] == b'"':
                    j += 1  # a doubled quote inside the cell
                    continue
                break
            if data[j + 1:j + 2] not in (b"", delimiter, b"\r", b"\n"):
                return False  # text after the closing quote
            i = find(b'"', j + 1)
        else:
            i = find(b'"', i + 1)
    return True


def read_cells(source: CsvSource) -> pa.Table | None:
    """The file's records as a table of string columns (header row first), or None when the file
    is not one whose records Arrow reads as the csv module does (see the module docstring).

    The bytes are checked first and let go before Arrow parses the file in blocks of its own, so
    the whole file is never held twice (1,000,000 rows: ~110 MB less at the peak)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    state = source.state
    width = len(state.cmap.headers)
    delim = source.delimiter.encode()
    data = source.path.read_bytes()
    if (source.encoding.codec not in _UTF8 or state.kind == "bom" or source.header_record != 0
            or source.header_line != 1 or len(delim) != 1 or b"\x00" in data
            or data.count(b"\r") != data.count(b"\r\n") or not quotes_ok(data, delim)):
        return None
    # Every physical line is a record or inside a quoted cell (checked below): no blank lines skipped.
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    quoted, size = b'"' in data, len(data)
    del data
    names = [f"c{i}" for i in range(width)]
    try:
        table = pcsv.read_csv(
            str(source.path),
            read_options=pcsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(delimiter=source.delimiter, quote_char='"', double_quote=True,
                                             escape_char=False, newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
        return None  # invalid UTF-8, a row with more or fewer cells than the header, or gone
    if table.num_rows < 2 or source.path.stat().st_size != size:
        return None  # no data rows, or the file changed while it was read
    cols = table.columns
    if any((pc.max(pc.utf8_length(c)).as_py() or 0) > csv.field_size_limit() for c in cols):
        return None
    extra = _newlines(cols) if quoted else None
    if table.num_rows + (int(pc.sum(extra).as_py() or 0) if extra is not None else 0) != lines:
        return None
    # A row of blank cells (the reader skips and counts it): every cell without a character other
    # than Unicode spaces; the few rows RE2 cannot rule out are joined and asked of Python.
    maybe_blank = pc.invert(pc.match_substring_regex(cols[0], _NOT_SPACE))
    for c in cols[1:]:
        maybe_blank = pc.and_(maybe_blank, pc.invert(pc.match_substring_regex(c, _NOT_SPACE)))
    if pc.any(maybe_blank).as_py():
        few = [pc.filter(c, maybe_blank) for c in cols]
        joined = pc.binary_join_element_wise(*few, "") if width > 1 else few[0]
        if any(not v.strip() for v in joined.to_pylist()):
            return None
    return table.append_column("__lines", extra) if extra is not None else table


def _newlines(cols: list[Any]) -> Any:
    import pyarrow.compute as pc

    total = pc.count_substring(cols[0], "\n")
    for c in cols[1:]:
        total = pc.add(total, pc.count_substring(c, "\n"))
    return total


def _start_lines(table: Any) -> Any:
    """The physical line each data record starts on, as a numpy array (the header record starts on
    line 1 and spans its own newlines plus one)."""
    import numpy as np

    n = table.num_rows
    if "__lines" not in table.column_names:
        return np.arange(2, n + 1, dtype=np.int64)
    spans = 1 + table.column("__lines").to_numpy()
    return 1 + np.cumsum(spans[:-1], dtype=np.int64)


def _array(table: Any, pos: int) -> Any:
    col = table.column(pos)
    return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()


# Cells the reader's cleaning leaves as they are but for spaces at their edges: printable ASCII
# (clean_value's own fast case). Others are cleaned by clean_value itself, once per distinct value.
_PRINTABLE_ASCII = r"^[ -~]*$"


def clean_cells(array: Any) -> Any:
    """``clean_value(v).value`` of every cell of a string array, as an array: printable ASCII
    trimmed of spaces by Arrow, any other cell by the reader's own clean_value (once per value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    plain = pc.match_substring_regex(array, _PRINTABLE_ASCII)
    out = pc.utf8_trim(array, " ")
    if pc.all(plain).as_py() is not False:
        return out
    odd = pc.invert(plain)
    cleaned: dict[str, str] = {}
    values = [cleaned.get(v) or cleaned.setdefault(v, clean_value(v).value)
              for v in pc.filter(array, odd).to_pylist()]
    return pc.replace_with_mask(out, odd, pa.array(values, pa.string()))


# A well-formed MAC (matching.macs.WELL_FORMED_MAC) in RE2, which has no back-references: each
# separator spelled out. tests/batch/test_columnar.py checks the two agree.
WELL_FORMED_MAC_RE2 = (r"^(?:[0-9A-Fa-f]{12}"
                       r"|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
                       r"|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}|[0-9A-Fa-f]{4}(?::[0-9A-Fa-f]{4}){2}"
                       r"|[0-9A-Fa-f]{4}(?:-[0-9A-Fa-f]{4}){2})$")


def part_codes(keys: KeyMaker, field: str, column: Any) -> tuple[Any, int]:
    """Each row's verdict-key part for ``field`` as a dense integer code (equal codes: equal parts),
    and how many distinct parts there are, from the column's raw cells (an Arrow array, or chunked:
    chunk by chunk, so the column is never copied whole). Parts are made once per distinct cell; a
    MAC column (every MAC distinct) once per block: a well-formed MAC's part is decided by its
    first six or nine hex digits (MacBlockKey.deciding_digits)."""
    import numpy as np
    import pyarrow as pa

    parts: dict[str, int] = {}
    chunks = column.chunks if hasattr(column, "chunks") else [column]
    if keys.mac_keyer(field) is not None:
        # MACs are short: the column's cleaned cells are joined into one array (~20 MB a million).
        clean = [clean_cells(c) for c in chunks]
        joined = pa.chunked_array(clean, pa.string()).combine_chunks() if clean else pa.array([], pa.string())
        return _MacCodes(keys, field, parts).codes(joined), len(parts)
    coder = _CellCodes(keys, field, parts)
    codes = [coder.codes(c) for c in chunks]
    return (np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)), len(parts)


class _CellCodes:
    """Codes of a column's cells by their distinct values (a few thousand makers and models)."""

    def __init__(self, keys: KeyMaker, field: str, parts: dict[str, int]) -> None:
        self._part, self._parts = keys.part(field), parts
        self._memo: dict[str, int] = {}

    def code(self, raw: str) -> int:
        code = self._memo.get(raw)
        if code is None:
            code = self._memo[raw] = self._parts.setdefault(self._part(clean_value(raw).value), len(self._parts))
        return code

    def codes(self, chunk: Any) -> Any:
        import numpy as np
        import pyarrow.compute as pc

        enc = pc.dictionary_encode(chunk)
        values = enc.dictionary.to_pylist()
        code_of = np.fromiter(map(self.code, values), np.int64, len(values))
        return code_of[enc.indices.to_numpy(zero_copy_only=False)]


class _MacCodes(_CellCodes):
    """Codes of a MAC column: well-formed MACs by the digits that decide their key, others by value."""

    def __init__(self, keys: KeyMaker, field: str, parts: dict[str, int]) -> None:
        super().__init__(keys, field, parts)
        blocks = keys.mac_keyer(field)
        assert blocks is not None
        self._blocks = blocks
        self._heads: dict[tuple[int, str], int] = {}  # (6 or 9, digits) → code; -1: nine digits decide

    def codes(self, clean: Any) -> Any:
        """Codes of a column of cleaned cells."""
        import numpy as np
        import pyarrow.compute as pc

        codes = np.full(len(clean), -1, dtype=np.int64)
        well = np.flatnonzero(pc.match_substring_regex(clean, WELL_FORMED_MAC_RE2).to_numpy(zero_copy_only=False))
        if len(well):
            macs = clean.take(well)
            # The first nine digits and more: 13 characters hold them in every notation ("BC:0F:64:DF:B").
            digits = pc.utf8_slice_codeunits(macs, 0, 13)
            for sep in ":-.":
                digits = pc.replace_substring(digits, sep, "")
            digits = pc.ascii_upper(digits)
            open_rows = np.arange(len(macs))
            for width in (6, 9):  # rows of whole blocks by six digits, then the rest by nine
                heads = pc.dictionary_encode(pc.utf8_slice_codeunits(digits.take(open_rows), 0, width))
                idx = heads.indices.to_numpy(zero_copy_only=False)
                _, first = np.unique(idx, return_index=True)
                head_code = np.fromiter((self._head(width, head, macs, digits, open_rows[at])
                                         for head, at in zip(heads.dictionary.to_pylist(), first.tolist(), strict=True)),
                                        np.int64, len(first))
                row_code = head_code[idx]
                codes[well[open_rows]] = row_code
                open_rows = open_rows[row_code < 0]
                if not len(open_rows):
                    break
        rest = np.flatnonzero(codes < 0)  # not a well-formed MAC: by the whole value
        if len(rest):
            codes[rest] = super().codes(clean.take(rest))  # cleaned already: cleaning again changes nothing
        return codes

    def _head(self, width: int, head: str, macs: Any, digits: Any, at: int) -> int:
        code = self._heads.get((width, head))
        if code is None:
            mac = macs[at].as_py()
            if width == 9 or self._blocks.deciding_digits(digits[at].as_py()) == 6:
                code = self._parts.setdefault(self._part(mac), len(self._parts))
            else:
                code = -1
            self._heads[(width, head)] = code
        return code


# Largest product of distinct part counts folded into one int64 key before compacting to dense codes.
_RADIX_LIMIT = 1 << 62


def group_rows(codes: list[tuple[Any, int]], n: int) -> tuple[Any, Any]:
    """Rows grouped by their whole key: (group of each row, numbered by first appearance order of
    np.unique, i.e. by key; the first row of each group). Codes are folded into one integer per
    row while the product of their ranges fits in 62 bits, and compacted when it would not."""
    import numpy as np

    combined = np.zeros(n, dtype=np.int64)
    span = 1
    for c, size in codes:
        size = max(size, 1)
        if span * size >= _RADIX_LIMIT:
            uniq, combined = np.unique(combined, return_inverse=True)
            span = max(len(uniq), 1)
        combined = combined * size + c
        span *= size
    _, first, group = np.unique(combined, return_index=True, return_inverse=True)
    return group.astype(np.int64, copy=False), first


def screen_csv(source: CsvSource, screener: Screener, out_factory: Callable[[], Any],
               progress: Callable[[int], None] | None = None) -> Tally | None:
    """Screen ``source`` by columns and write the CSV format to the stream ``out_factory()`` opens;
    None, with nothing opened, for a file the row path must read (the caller screens it as before)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = KeyMaker(screener)
    if not keys.by_column or keys.per_ref:
        return None  # a waiver naming items makes each row its own key: the row path is as fast
    table = read_cells(source)
    if table is None:
        return None
    state = source.state
    index = state.cmap.index
    lines = _start_lines(table)
    body = table.slice(1)
    del table
    n = body.num_rows
    if REF in index:
        refs = clean_cells(_array(body, index[REF]))
        if n and (pc.min(pc.utf8_length(refs)).as_py() == 0 or pc.count_distinct(refs).as_py() != n):
            return None  # a blank or repeated id: the reader numbers or suffixes it
    else:
        refs = pc.cast(pa.array(np.arange(1, n + 1, dtype=np.int64)), pa.string())
    # field → column, as the reader fills an item's fields (a role, then what it is also given as).
    pos_of = {k: pos for role, pos in index.items()
              for k in (role, ALSO_AS.get(role)) if k and (k == role or k not in index)}
    # Each row's verdict key as one integer: the key's parts per distinct value, rows grouped by the
    # combination (a field no column gives is '' in every row's key).
    # The field with the most distinct parts folded first: groups are then numbered in its order and
    # the two processes screening them split mostly along it, so each new maker name (the costliest
    # evidence: a fuzzy match) is matched by one of them, not both.
    parts = sorted((part_codes(keys, f, body.column(pos_of[f])) for f in keys.fields if f in pos_of),
                   key=lambda codes: -codes[1])
    group, firsts = group_rows(parts, n)
    del parts
    pa.default_memory_pool().release_unused()  # the parse's and the keying's scratch, before the fork
    scratch = _Scratch(state, len(state.cmap.headers), body, sorted(set(pos_of.values())), refs, lines)
    decided = _on_two_cores(screener, scratch, firsts.tolist())
    tables: list[Any] = [pa.array([d.cells for d in decided], pa.string())]
    decision = np.array([d.decision for d in decided], dtype=np.int8)[group]
    how = np.array([d.how for d in decided], dtype=np.int8)[group]
    which = group.copy()
    # Rows whose key's result quotes the first row's own MAC or sysObjectID as its top evidence: the
    # key's cells with the row's own value (cleaned by Arrow as the reader cleans it) between them.
    for f in sorted({d.field for d in decided if d.how == OWN_VALUE}):
        rows = np.flatnonzero((how == OWN_VALUE) & np.isin(group, [g for g, d in enumerate(decided) if d.field == f]))
        values = clean_cells(body.column(pos_of[f]).take(rows).combine_chunks())
        odd = pc.or_(pc.match_substring_regex(values, _NEEDS_QUOTES), pc.match_substring_regex(values, _FORMULA))
        plain = np.flatnonzero(pc.invert(odd).to_numpy(zero_copy_only=False))
        how[rows[np.flatnonzero(odd.to_numpy(zero_copy_only=False))]] = PER_ROW  # the csv module writes those
        at = pa.array(group[rows[plain]])
        tables.append(pc.binary_join_element_wise(pa.array([d.before for d in decided], pa.string()).take(at),
                                                  values.take(pa.array(plain)),
                                                  pa.array([d.after for d in decided], pa.string()).take(at), ""))
        which[rows[plain]] = sum(len(t) for t in tables[:-1]) + np.arange(len(plain))
    # Rows whose key's sentences quote the first row's own values: each screened (from the screener's
    # cache, deciding afresh where the pack's sentence names its own value) with its own cells.
    requote = np.flatnonzero(how == PER_ROW)
    if len(requote):
        own = _on_two_cores(screener, scratch, requote.tolist())
        which[requote] = sum(len(t) for t in tables) + np.arange(len(requote))
        decision[requote] = [d.decision for d in own]
        tables.append(pa.array([d.cells for d in own], pa.string()))
    del scratch, body
    counts = {name: int(np.count_nonzero(decision == code)) for code, name in enumerate(DECISIONS)}
    with out_factory() as out:
        _write(out, refs, lines, which, pa.concat_arrays(tables), progress)
    state.rows_in = n
    return Tally(n, counts)


DECISIONS = ("exclude", "review", "allow", "unknown")
HEADER_DECISION = {d: i for i, d in enumerate(DECISIONS)}
# What makes the csv module quote a cell under the writer's dialect (excel, "\n" line ends).
_NEEDS_QUOTES = r'[,"\r\n]'
# A cell csv_format.safe guards against a spreadsheet running it as a formula.
_FORMULA = r"^[=+\-@\t\r]"


def _cells(writer: Any, buf: io.StringIO, row: tuple[Any, ...]) -> str:
    """``row`` as the csv module writes it (with its line end)."""
    buf.seek(0)
    buf.truncate()
    writer.writerow(row)
    return buf.getvalue()


def _write(out: Any, refs: Any, lines: Any, which: Any, suffixes: Any, progress: Callable[[int], None] | None) -> None:
    """The CSV format's rows, a block at a time, built by Arrow: each row's ref and line cells, then
    its key's (or its own) cells after them, written by the csv module once per key. A ref the csv
    module would quote or guard (a formula's first character) is written by the csv module itself."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = _cells(writer, buf, HEADER)
    n = len(refs)
    raw: Any = getattr(out, "buffer", None)
    # Bytes straight to the stream's buffer when the stream would encode them as UTF-8 anyway.
    utf8 = raw is not None and str(getattr(out, "encoding", "")).lower().replace("-", "").replace("_", "") == "utf8"
    if utf8:
        out.flush()
        raw.write(head.encode("utf-8"))
    else:
        out.write(head)
    line_cells = pc.cast(pa.array(lines), pa.string())
    odd = pc.or_(pc.match_substring_regex(refs, _NEEDS_QUOTES), pc.match_substring_regex(refs, _FORMULA))
    odd_at = np.flatnonzero(odd.to_numpy(zero_copy_only=False))
    if len(odd_at):
        fixed = [_cells(writer, buf, (safe(r), 0))[:-3] for r in refs.take(pa.array(odd_at)).to_pylist()]
        refs = pc.replace_with_mask(refs, odd, pa.array(fixed, pa.string()))
    for start in range(0, n, BLOCK):
        stop = min(n, start + BLOCK)
        rows = pc.binary_join_element_wise(refs.slice(start, stop - start), line_cells.slice(start, stop - start),
                                           suffixes.take(pa.array(which[start:stop])), ",")
        offsets = rows.buffers()[1]
        first, last = np.frombuffer(offsets, dtype=np.int32, count=len(rows) + 1, offset=rows.offset * 4)[[0, -1]]
        chunk = memoryview(rows.buffers()[2])[first:last]
        if utf8:
            raw.write(chunk)
        else:
            out.write(bytes(chunk).decode("utf-8"))
        if progress is not None:
            progress(stop - start)
    if utf8:
        raw.flush()


class _Scratch:
    """Items for chosen rows, built by the reader's own row code (cleaning, fields, what each role
    is also given as), with the ref and line the whole-file read gives them."""

    def __init__(self, state: Any, width: int, body: Any, positions: list[int], refs: Any, lines: Any) -> None:
        from supplyscreen.sources.table import TableState

        self._state = TableState(state.path, state.format, state.encoding, state.cmap, state.kind)
        self._width = width
        self._body, self._positions = body, positions
        self._refs, self._lines = refs, lines

    def items(self, rows: list[int]) -> Iterator[Item]:
        import dataclasses

        import pyarrow as pa

        at = pa.array(rows, pa.int64())
        columns = [(pos, self._body.column(pos).take(at).to_pylist()) for pos in self._positions]
        refs = self._refs.take(at).to_pylist()
        lines = self._lines[rows].tolist()
        for i in range(len(rows)):
            cells = [""] * self._width
            for pos, values in columns:
                cells[pos] = values[i]
            self._state.reset()
            made = self._state.item(cells, lines[i])
            ref = refs[i]
            yield dataclasses.replace(made, ref=ref) if made.ref != ref else made


# Rows below which screening is not split between two processes: forking and sending results back
# cost ~0.1 s, what a few hundred new keys cost to screen.
TWO_CORES_MIN = 2_000

# How the rows of a key other than its first are written.
SHARED = 0
"""With the first row's cells (its result quotes none of its own values, or not in the cells)."""
OWN_VALUE = 1
"""With the first row's cells around the row's own value of ``Decided.field`` (its top evidence)."""
PER_ROW = 2
"""Screened each (the key's sentences quote the first row's MAC or sysObjectID)."""


@dataclass(frozen=True, slots=True)
class Decided:
    """A row's CSV cells after ref and line (as the csv module writes them, line end included), its
    decision's code, and how the other rows of its key are written (:data:`SHARED` ...)."""

    cells: str
    decision: int
    how: int = SHARED
    field: str = ""
    before: str = ""
    """For :data:`OWN_VALUE`: the cells before the value, with the comma after them."""
    after: str = ""
    """For :data:`OWN_VALUE`: the cells after the value, with the comma before them."""


def _screen_rows(screener: Screener, scratch: _Scratch, rows: list[int]) -> list[Decided]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    out = []
    shared: Shared = {}
    for item in scratch.items(rows):
        result = screener.screen_item(item)
        tail = tail_cells(result, shared)
        cells, code = _cells(writer, buf, tail), HEADER_DECISION[str(tail[0])]
        if not quotes_row(result):
            out.append(Decided(cells, code))
            continue
        # The screener gives another row of this key the same decision, rules and sentences, its own
        # MAC and sysObjectID quoted in the evidence, unless the sentences quote the first row's
        # (then it decides that row afresh: Screener.screen_item).
        fields = result.item.fields
        said = (result.reason, *(h.rationale for h in result.rules))
        top = result.matches[0] if result.matches else None
        if any((v := fields.get(f, "")) and any(v in t for t in said) for f in _REQUOTED):
            out.append(Decided(cells, code, PER_ROW))
        elif top is not None and top.field in _REQUOTED:
            out.append(Decided(cells, code, OWN_VALUE, top.field, _cells(writer, buf, (*tail[:2], ""))[:-1],
                               _cells(writer, buf, ("", *tail[3:]))))
        else:
            out.append(Decided(cells, code))  # the evidence quoted is not the one the cells show
    return out


def _on_two_cores(screener: Screener, scratch: _Scratch, rows: list[int]) -> list[Decided]:
    """:func:`_screen_rows`, the second half in a forked child (which inherits the loaded registry
    and screener) when there are two cores and enough rows; one process otherwise. Verdicts do not
    depend on which process screens a key first (the screener quotes each row's own values)."""
    import multiprocessing
    import os

    if len(rows) < TWO_CORES_MIN or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _screen_rows(screener, scratch, rows)
    half = len(rows) // 2
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(_screen_rows(screener, scratch, rows[half:]))
        except Exception:  # the parent screens this half itself
            send.send(None)
        finally:
            send.close()

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    send.close()
    try:
        first = _screen_rows(screener, scratch, rows[:half])
        try:
            second = recv.recv()
        except EOFError:
            second = None
    finally:
        proc.join()
    return first + (second if second is not None else _screen_rows(screener, scratch, rows[half:]))
