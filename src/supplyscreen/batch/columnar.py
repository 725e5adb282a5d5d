"""``supplyscreen check`` of a large CSV by columns: Arrow parses, keys are made per distinct value,
each verdict key is screened once, and the CSV writer's rows are joined back per key.

The row path spends ~15 µs of Python per row (an Item, a key, an ItemResult, a row written); here
the per-row work is Arrow's (parsing, dictionary encoding, the take of each key's cells) plus one
tuple per row written by the csv module, so 1,000,000 inventory rows cost about what reading them
with the csv module costs a few times over (benchmarks/README.md, "Batch screening by verdict key").

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
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from supplyscreen.batch.core import quotes_row
from supplyscreen.batch.keys import KeyMaker
from supplyscreen.formats.csv_format import HEADER, _middle, safe
from supplyscreen.model import Item
from supplyscreen.screen import Screener, Tally
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


def read_cells(data: bytes, source: CsvSource) -> pa.Table | None:
    """The file's records as a table of string columns (header row first), or None when the file
    is not one whose records Arrow reads as the csv module does (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    state = source.state
    width = len(state.cmap.headers)
    delim = source.delimiter.encode()
    if (source.encoding.codec not in _UTF8 or state.kind == "bom" or source.header_record != 0
            or source.header_line != 1 or len(delim) != 1 or b"\x00" in data
            or data.count(b"\r") != data.count(b"\r\n") or not quotes_ok(data, delim)):
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(delimiter=source.delimiter, quote_char='"', double_quote=True,
                                             escape_char=False, newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # invalid UTF-8, or a row with more or fewer cells than the header
    if table.num_rows < 2:
        return None
    cols = [c.combine_chunks() for c in table.columns]
    if any((pc.max(pc.utf8_length(c)).as_py() or 0) > csv.field_size_limit() for c in cols):
        return None
    # Every physical line is a record or inside a quoted cell: no blank lines were skipped.
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    extra = _newlines(cols) if b'"' in data else None
    if table.num_rows + (int(pc.sum(extra).as_py() or 0) if extra is not None else 0) != lines:
        return None
    joined = pc.binary_join_element_wise(*cols, "") if width > 1 else cols[0]
    maybe_blank = pc.invert(pc.match_substring_regex(joined, _NOT_SPACE))
    if pc.any(maybe_blank).as_py() and any(not v.strip() for v in pc.filter(joined, maybe_blank).to_pylist()):
        return None  # a row of blank cells: the reader skips and counts it
    out = pa.table(cols, names=names)
    return out.append_column("__lines", extra) if extra is not None else out


def _newlines(cols: list[Any]) -> Any:
    import pyarrow.compute as pc

    total = pc.count_substring(cols[0], "\n")
    for c in cols[1:]:
        total = pc.add(total, pc.count_substring(c, "\n"))
    return total


def _start_lines(table: Any) -> list[int]:
    """The physical line each data record starts on (the header record starts on line 1)."""
    import itertools

    n = table.num_rows
    if "__lines" not in table.column_names:
        return list(range(2, n + 1))
    spans = [1 + k for k in table.column("__lines").to_pylist()]
    return list(itertools.accumulate(spans[:-1], initial=1))[1:]


class _Column:
    """One mapped column's cleaned values and key parts, by distinct raw value."""

    def __init__(self, array: Any) -> None:
        import pyarrow.compute as pc

        enc = pc.dictionary_encode(array.combine_chunks() if hasattr(array, "combine_chunks") else array)
        self.codes = enc.indices
        self.raw: list[str] = enc.dictionary.to_pylist()
        self.clean: list[str] = [clean_value(v).value for v in self.raw]


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
    data = source.path.read_bytes()
    table = read_cells(data, source)
    del data
    if table is None:
        return None
    state = source.state
    index = state.cmap.index
    lines = _start_lines(table)
    body = table.slice(1)
    del table
    n = body.num_rows
    # field → column, as the reader fills an item's fields (a role, then what it is also given as).
    pos_of = {k: pos for role, pos in index.items()
              for k in (role, ALSO_AS.get(role)) if k and (k == role or k not in index)}
    columns = {pos: _Column(body.column(pos)) for pos in set(pos_of.values())}
    del body  # the cells live on as each column's codes and distinct values; free the string buffers
    pa.default_memory_pool().release_unused()
    refs: list[str]
    if REF in index:
        ref_col = columns[index[REF]]
        if any(not v for v in ref_col.clean) or len(ref_col.raw) != n or len(set(ref_col.clean)) != n:
            return None  # a blank or repeated id: the reader numbers or suffixes it
        refs = pc.take(pa.array(ref_col.clean, pa.string()), ref_col.codes).to_pylist()
    else:
        refs = [str(i) for i in range(1, n + 1)]

    # Each row's verdict key as one integer: the key's parts per distinct value, then rows reduced
    # to distinct combinations of parts, column by column (dense codes, so no product overflows).
    group = np.zeros(n, dtype=np.int64)
    groups = 1
    for f, part in ((f, keys.part(f)) for f in keys.fields):
        if f not in pos_of:
            continue  # a field no column gives: '' in every row's key
        col = columns[pos_of[f]]
        parts: dict[str, int] = {}
        code_of = np.fromiter((parts.setdefault(part(v), len(parts)) for v in col.clean), np.int64,
                              len(col.clean))
        codes = code_of[col.codes.to_numpy(zero_copy_only=False)]
        combined = group * len(parts) + codes
        uniq, group = np.unique(combined, return_inverse=True)
        groups = len(uniq)
    for col in columns.values():
        col.clean = []  # the parts are made; the scratch items clean the raw values as the reader does
    # The first row of each group stands for it (groups are numbered 0, 1, ... by np.unique).
    order = np.argsort(group, kind="stable")
    firsts = order[np.r_[0, np.flatnonzero(np.diff(group[order])) + 1]] if n else order
    assert len(firsts) == groups
    cells_of = {pos: (c.codes.to_numpy(zero_copy_only=False), c.raw) for pos, c in columns.items()}
    scratch = _Scratch(state, len(state.cmap.headers), cells_of, refs, lines)
    counts = {k: 0 for k in Tally().counts}
    decided = _on_two_cores(screener, scratch, firsts.tolist())
    mid = [m for m, _ in decided]
    per_row = np.asarray([p for _, p in decided], dtype=bool)
    decisions_by_group = np.array([HEADER_DECISION[m[0]] for m in mid], dtype=np.int8)
    for code, name in enumerate(DECISIONS):
        counts[name] = int(np.count_nonzero(decisions_by_group[group] == code))
    requote = np.flatnonzero(per_row[group]).tolist()
    own = {row: m for row, (m, _) in zip(requote, _on_two_cores(screener, scratch, requote), strict=True)}

    groups_list = group.tolist()
    with out_factory() as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            writer.writerows(_rows(refs, lines, groups_list, mid, own, start, stop))
            if progress is not None:
                progress(stop - start)
    state.rows_in = n
    return Tally(n, counts)


DECISIONS = ("exclude", "review", "allow", "unknown")
HEADER_DECISION = {d: i for i, d in enumerate(DECISIONS)}


def _rows(refs: list[str], lines: list[int], groups: list[int], mid: list[tuple[Any, ...]],
          own: dict[int, tuple[Any, ...]], start: int, stop: int) -> Iterator[tuple[Any, ...]]:
    for i in range(start, stop):
        m = own.get(i) or mid[groups[i]]
        yield (safe(refs[i]), lines[i], *m)


class _Scratch:
    """Items for chosen rows, built by the reader's own row code (cleaning, fields, what each role
    is also given as), with the ref and line the whole-file read gives them."""

    def __init__(self, state: Any, width: int, cells_of: dict[int, tuple[Any, list[str]]],
                 refs: list[str], lines: list[int]) -> None:
        from supplyscreen.sources.table import TableState

        self._state = TableState(state.path, state.format, state.encoding, state.cmap, state.kind)
        self._width = width
        self._cells_of = cells_of
        self._refs, self._lines = refs, lines

    def items(self, rows: list[int]) -> Iterator[Item]:
        import dataclasses

        import numpy as np

        at = np.asarray(rows, dtype=np.int64)
        columns = [(pos, [raw[c] for c in codes[at].tolist()]) for pos, (codes, raw) in self._cells_of.items()]
        for i, row in enumerate(rows):
            cells = [""] * self._width
            for pos, values in columns:
                cells[pos] = values[i]
            self._state.reset()
            made = self._state.item(cells, self._lines[row])
            ref = self._refs[row]
            yield dataclasses.replace(made, ref=ref) if made.ref != ref else made


# Rows below which screening is not split between two processes: forking and sending results back
# cost ~0.1 s, what a few hundred new keys cost to screen.
TWO_CORES_MIN = 2_000


def _screen_rows(screener: Screener, scratch: _Scratch, rows: list[int]) -> list[tuple[tuple[Any, ...], bool]]:
    """Each row's CSV cells after ref and line, and whether its result quotes the row's own values."""
    out = []
    for item in scratch.items(rows):
        result = screener.screen_item(item)
        top = result.matches[0] if result.matches else None
        m = _middle(result, top)
        out.append(((m[0], m[1], safe(top.value) if top else "", *m[2:], safe(result.reason)), quotes_row(result)))
    return out


def _on_two_cores(screener: Screener, scratch: _Scratch, rows: list[int]) -> list[tuple[tuple[Any, ...], bool]]:
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
