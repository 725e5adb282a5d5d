"""Screening a large CSV on two cores, with output identical to one process.

The file is split at a record boundary near its middle. The parent screens the first part while
a forked child (which inherits the loaded registry and the opened source, so it starts in
milliseconds) screens the second; each writes its rows, in the requested format's row form, to a
temporary file of its own, and the parent writes the header or summary and copies the parts in
order.

Exactness: before screening, the child re-reads the first part with the same CSV parser and counts
its data rows and physical lines, so its refs (row numbers when there is no id column) and line
numbers equal a whole-file read; that count also proves the split point is a record boundary (not
inside a quoted cell). When the file has an id column, refs repeated across the two parts would be
suffixed differently from a single pass (``#2``): the parts' refs are compared and any overlap
falls back to one process. Evidence and verdicts never depend on which row of a MAC block or
enterprise number came first (the screener quotes each row's own value), so two caches give what
one gives. Anything unusual (not a UTF-8 CSV, a bill of materials, a small file, no ``fork``) is
screened by one process, as before.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from supplyscreen import library, settings
from supplyscreen.formats.base import Run
from supplyscreen.formats.csv_format import HEADER, CsvWriter
from supplyscreen.formats.json_format import JsonWriter
from supplyscreen.model import ItemResult
from supplyscreen.registry import Registry
from supplyscreen.screen import Screener, Tally
from supplyscreen.sources.columns import REF
from supplyscreen.sources.csv_items import CsvSource
from supplyscreen.sources.table import RowCounts
from supplyscreen.sources.text import text_of

FORMATS = ("csv", "json")
_UTF8 = ("utf-8", "utf-8-sig")  # a split at a newline byte never cuts a character only in these

# Share of the bytes the parent screens. The child first re-reads the parent's part to count its
# rows (about 0.3 s for the first half of a 111 MB, 1,000,000-row inventory, against ~6 s of
# screening it), and the parent copies both parts to the output at the end (~0.2 s), so the two
# come out about even with the parent slightly ahead.
PARENT_SHARE = 0.51
# Rows between progress reports from the child (a shared counter the parent's bar reads).
PROGRESS_EVERY = 1000


@dataclass
class _Part:
    tally: Tally
    counts: RowCounts
    rows_in: int
    refs: set[str]


def split_point(path: Path, share: float = PARENT_SHARE) -> int | None:
    """A byte offset just after a newline near ``share`` of the file with an even number of quote
    characters before it: a likely record boundary (the child proves it). None if there is none."""
    data = path.read_bytes()
    pos = data.find(b"\n", int(len(data) * share))
    quotes = data.count(b'"', 0, pos) if pos >= 0 else 0
    tries = 0
    while pos >= 0 and quotes % 2 and tries < 1000:  # inside a quoted multi-line cell: try the next lines
        nxt = data.find(b"\n", pos + 1)
        if nxt < 0:
            return None
        quotes += data.count(b'"', pos + 1, nxt)
        pos, tries = nxt, tries + 1
    if pos < 0 or quotes % 2 or pos + 1 >= len(data):
        return None
    return pos + 1


def _text(path: Path, source: CsvSource, start: int, end: int) -> TextIO:
    """The file's bytes [start, end) as text, decoded as the source decodes the whole file."""
    with path.open("rb") as fh:
        fh.seek(start)
        return text_of(fh.read(end - start), source.encoding)


def _write_rows(fmt: str, results: Iterator[ItemResult], run: Run, out: TextIO) -> None:
    if fmt == "csv":
        CsvWriter().rows(results, out)
    else:
        JsonWriter().items(results, run, out)


def _screen_part(screener: Screener, source: CsvSource, run: Run, fmt: str, text: TextIO, target: Path,
                 past_header: bool, rows_before: int, lines_before: int,
                 progress: Callable[[int], None] | None) -> _Part:
    tally = Tally()
    results = screener.screen(source.items_from(text, past_header, rows_before, lines_before), tally, progress)
    with target.open("w", encoding="utf-8", newline="") as out:
        _write_rows(fmt, results, run, out)
    state = source.state
    refs = set(state.refs_used()) if REF in state.cmap.index else set()
    return _Part(tally, state.counts, state.rows_in - rows_before, refs)


def screen_parallel(path: Path, fmt: str, policy: str, as_of: dt.date | None, columns: dict[str, str],
                    kind: str | None, encoding: str | None, reg: Registry, waivers: Path | None,
                    out_factory: Callable[[], Any],
                    progress: Callable[[int], None] | None = None) -> tuple[CsvSource, Tally] | None:
    """Screen ``path`` on two cores and write it to the stream ``out_factory()`` opens; None (and
    nothing written) when the file is not one this handles, for the caller to screen it in one
    process. ``progress`` is told of rows screened by either process, a thousand at a time."""
    conf = settings.load()
    done = _by_columns(path, fmt, policy, as_of, columns, kind, encoding, reg, waivers, out_factory, progress)
    if done is not None:
        return done
    if fmt not in FORMATS or conf.parallel_min_bytes <= 0 or (os.cpu_count() or 1) < 2:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # the child must inherit the loaded registry; spawning would reload it
    try:
        if path.stat().st_size < conf.parallel_min_bytes:
            return None
    except OSError:
        return None
    from supplyscreen.sources import ReadOptions, open_source

    source = open_source(path, ReadOptions(columns=dict(columns), encoding=encoding, kind=kind))
    if not isinstance(source, CsvSource) or source.encoding.codec not in _UTF8 or source.state.kind == "bom":
        return None
    split = split_point(path)
    if split is None:
        return None
    screener = library.make_screener(reg, policy, as_of, waivers)
    size = path.stat().st_size
    with tempfile.TemporaryDirectory(prefix="supplyscreen-") as tmp:
        parts = [Path(tmp) / "part0", Path(tmp) / "part1"]
        run = Run(source.info, policy, as_of, reg)
        ctx = multiprocessing.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        child_rows = ctx.Value("q", 0, lock=False)  # rows the child has screened, for the progress bar

        def child_tick(n: int) -> None:
            child_rows.value += n

        def child() -> None:
            try:
                counted = source.count_before(_text(path, source, 0, split))
                if counted is None:
                    send.send(None)  # the split point is inside a quoted cell
                    return
                rows, lines = counted
                send.send(_screen_part(screener, source, run, fmt, _text(path, source, split, size), parts[1],
                                       True, rows, lines, child_tick if progress is not None else None))
            except Exception:  # any failure: the parent screens the file in one process instead
                send.send(None)
            finally:
                send.close()

        seen = 0

        def report_child() -> None:
            nonlocal seen
            now = child_rows.value
            if progress is not None and now > seen:
                progress(now - seen)
                seen = now

        def tick(n: int) -> None:
            assert progress is not None
            progress(n)
            report_child()

        proc = ctx.Process(target=child, daemon=True)
        proc.start()
        send.close()
        try:
            first = _screen_part(screener, source, run, fmt, _text(path, source, 0, split), parts[0], False, 0, 0,
                                 tick if progress is not None else None)
            while not recv.poll(0.2):  # the child is still screening: keep its rows on the bar
                report_child()
                if not proc.is_alive() and not recv.poll(0):
                    raise EOFError
            second: _Part | None = recv.recv()
        except EOFError:
            second = None
        finally:
            proc.join()
        if second is None or first.refs & second.refs:
            return None  # not a record boundary, a ref repeated across the parts, or the child failed
        report_child()
        tally = Tally(first.tally.rows_in + second.tally.rows_in,
                      {k: v + second.tally.counts[k] for k, v in first.tally.counts.items()})
        _merge(source, first, second)
        # ``run`` keeps the source description as it was before any row was read, as one process
        # writes it (the JSON head is written from the Run made before screening).
        with out_factory() as out:
            if fmt == "csv":
                import csv

                csv.writer(out, lineterminator="\n").writerow(HEADER)
                _append(parts, out)
            else:
                with parts[0].open(encoding="utf-8") as a, parts[1].open(encoding="utf-8") as b:
                    JsonWriter().finish(run, tally, (a, b), out)
    return source, tally


def _by_columns(path: Path, fmt: str, policy: str, as_of: dt.date | None, columns: dict[str, str],
                kind: str | None, encoding: str | None, reg: Registry, waivers: Path | None,
                out_factory: Callable[[], Any],
                progress: Callable[[int], None] | None) -> tuple[CsvSource, Tally] | None:
    """A large CSV checked by columns (batch/columnar.py), when pyarrow is installed and the file
    is one it reads exactly as the row path does; None, with nothing written, otherwise."""
    from supplyscreen.batch import columnar

    conf = settings.load()
    try:
        big = conf.columnar_min_bytes > 0 and path.stat().st_size >= conf.columnar_min_bytes
    except OSError:
        return None
    if fmt != "csv" or not big or not columnar.available():
        return None
    from supplyscreen.sources import ReadOptions, open_source

    source = open_source(path, ReadOptions(columns=dict(columns), encoding=encoding, kind=kind))
    if not isinstance(source, CsvSource):
        return None
    tally = columnar.screen_csv(source, library.make_screener(reg, policy, as_of, waivers), out_factory, progress)
    return None if tally is None else (source, tally)


def _append(parts: list[Path], out: TextIO) -> None:
    """The parts' bytes after what ``out`` holds (as bytes when it has a binary buffer: no decoding)."""
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        for p in parts:
            with p.open("rb") as fh:
                shutil.copyfileobj(fh, buffer, 1 << 20)
        buffer.flush()
        return
    for p in parts:
        with p.open(encoding="utf-8", newline="") as fh:
            shutil.copyfileobj(fh, out)


def _merge(source: CsvSource, first: _Part, second: _Part) -> None:
    """Give the source the counts of a whole-file read, so its notes and rows_in are the same."""
    a, b = first.counts, second.counts
    total = first.rows_in + second.rows_in
    extra = [n for n in dict.fromkeys((*a.extra, *b.extra)) if not total or n != "no data rows below the header"]
    source.state.counts = RowCounts(
        a.blank + b.blank, a.controls + b.controls, a.extra_cells + b.extra_cells, a.bad_bytes + b.bad_bytes,
        a.unreadable + b.unreadable, a.duplicate_refs + b.duplicate_refs, extra)
    source.state.rows_in = total
