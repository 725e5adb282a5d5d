"""Screening a large CSV on two cores, with output identical to one process.

The file is split at a record boundary near its middle. The parent screens the first part while
a forked child (which inherits the loaded registry and the opened source, so it starts in
milliseconds) screens the second; each writes its rows, in the requested format's row form, to a
temporary file, and the parent writes the header or summary and the parts in order.

Exactness (CSV output only; see FORMATS): before screening, the child re-reads the first part with the same CSV parser and
counts its data rows and physical lines, so its refs (row numbers when there is no id column) and
line numbers equal a whole-file read; that count also proves the split point is a record boundary
(not inside a quoted cell). When the file has an id column, refs repeated across the two parts
would be suffixed differently from a single pass (``#2``): the parts' refs are compared and any
overlap falls back to one process. Anything unusual (not a UTF-8 CSV, a bill of materials, a
small file, no ``fork``) is screened by one process, as before.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from supplyscreen import library, settings
from supplyscreen.formats.base import Run
from supplyscreen.formats.csv_format import HEADER, CsvWriter
from supplyscreen.formats.json_format import JsonWriter
from supplyscreen.registry import Registry
from supplyscreen.screen import Screener, Tally
from supplyscreen.sources.columns import REF
from supplyscreen.sources.csv_items import CsvSource
from supplyscreen.sources.table import RowCounts
from supplyscreen.sources.text import text_of

# CSV only. JSON would carry each match's explanation, which names the IEEE block of the row that
# first filled the screener's cache (rows of one maker's blocks share a verdict: screen.MacBlockKey),
# so a JSON output split between two caches could name another of the maker's blocks than one pass.
FORMATS = ("csv",)
_UTF8 = ("utf-8", "utf-8-sig")  # a split at a newline byte never cuts a character only in these

# Share of the bytes the parent screens. The child first re-reads the parent's part to count its
# rows (about 0.5 s per 50 MB, a few per cent of screening it), so it gets slightly less.
PARENT_SHARE = 0.52


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


def _screen_part(screener: Screener, source: CsvSource, run: Run, fmt: str, text: TextIO, target: Path,
                 past_header: bool, rows_before: int, lines_before: int) -> _Part:
    tally = Tally()
    results = screener.screen(source.items_from(text, past_header, rows_before, lines_before), tally)
    with target.open("w", encoding="utf-8", newline="") as out:
        if fmt == "csv":
            CsvWriter().rows(results, out)
        else:
            JsonWriter().items(results, run, out)
    state = source.state
    refs = set(state.refs_used()) if REF in state.cmap.index else set()
    return _Part(tally, state.counts, state.rows_in - rows_before, refs)


def screen_parallel(path: Path, fmt: str, policy: str, as_of: dt.date | None, columns: dict[str, str],
                    kind: str | None, encoding: str | None, reg: Registry, waivers: Path | None,
                    out_factory: Callable[[], Any]) -> tuple[CsvSource, Tally] | None:
    """Screen ``path`` on two cores and write it to the stream ``out_factory()`` opens; None (and
    nothing written) when the file is not one this handles, for the caller to screen it in one
    process."""
    conf = settings.load()
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

        def child() -> None:
            try:
                counted = source.count_before(_text(path, source, 0, split))
                if counted is None:
                    send.send(None)  # the split point is inside a quoted cell
                    return
                rows, lines = counted
                send.send(_screen_part(screener, source, run, fmt, _text(path, source, split, size), parts[1],
                                       True, rows, lines))
            except Exception:  # any failure: the parent screens the file in one process instead
                send.send(None)
            finally:
                send.close()

        proc = ctx.Process(target=child, daemon=True)
        proc.start()
        send.close()
        try:
            first = _screen_part(screener, source, run, fmt, _text(path, source, 0, split), parts[0], False, 0, 0)
            second: _Part | None = recv.recv()
        except EOFError:
            second = None
        finally:
            proc.join()
        if second is None or first.refs & second.refs:
            return None  # not a record boundary, a ref repeated across the parts, or the child failed
        tally = Tally(first.tally.rows_in + second.tally.rows_in,
                      {k: v + second.tally.counts[k] for k, v in first.tally.counts.items()})
        _merge(source, first, second)
        run = Run(source.info, policy, as_of, reg)
        with out_factory() as out:
            if fmt == "csv":
                import csv
                import shutil

                csv.writer(out, lineterminator="\n").writerow(HEADER)
                for p in parts:
                    with p.open(encoding="utf-8", newline="") as fh:
                        shutil.copyfileobj(fh, out)
            else:
                with parts[0].open(encoding="utf-8") as a, parts[1].open(encoding="utf-8") as b:
                    JsonWriter().finish(run, tally, (a, b), out)
    return source, tally


def _merge(source: CsvSource, first: _Part, second: _Part) -> None:
    """Give the source the counts of a whole-file read, so its notes and rows_in are the same."""
    a, b = first.counts, second.counts
    total = first.rows_in + second.rows_in
    extra = [n for n in dict.fromkeys((*a.extra, *b.extra)) if not total or n != "no data rows below the header"]
    source.state.counts = RowCounts(
        a.blank + b.blank, a.controls + b.controls, a.extra_cells + b.extra_cells, a.bad_bytes + b.bad_bytes,
        a.unreadable + b.unreadable, a.duplicate_refs + b.duplicate_refs, extra)
    source.state.rows_in = total
