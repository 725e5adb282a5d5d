"""The columnar `check` holds a parse block at a time: the same bytes whatever the block size, and
no more held for a file of more rows with the same keys."""

from __future__ import annotations

import csv
import functools
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batch.inventory import HEADER, columnar_check, write_inventory
from supplyscreen.batch import columnar
from supplyscreen.sources.csv_items import CsvSource

pa = pytest.importorskip("pyarrow")


def _repeat(src: Path, times: int, out: Path) -> Path:
    """``src``'s rows ``times`` over, each copy's ids its own (benchmarks/batch/repeat_inventory.py):
    more rows, the same keys."""
    with src.open(encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for k in range(times):
            w.writerows([f"{r[0]}-{k}", *r[1:]] if k else r for r in body)
    return out


# ``one_read_budget``: 0 holds nothing (two reads), this much holds any test file (one read).
TWO_READS, ONE_READ = 0, 1 << 40


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Each parse of a file from now on, as its blocks' row counts."""
    parses: list[list[int]] = []
    real = columnar._batches

    def counted(source: CsvSource, width: int) -> Iterator[Any]:
        parses.append([])
        for batch in real(source, width):
            parses[-1].append(batch.num_rows)
            yield batch

    monkeypatch.setattr(columnar, "_batches", counted)
    return parses


@pytest.mark.parametrize("reads", [1, 2])
@pytest.mark.parametrize("block_bytes", [1 << 11, 1 << 14])
def test_same_output_whatever_the_block_size(tmp_path, monkeypatch, block_bytes, reads):
    src = write_inventory(tmp_path / "inv.csv", 1500)
    whole, counts = columnar_check(src)  # 4 MiB blocks: the file is one block
    monkeypatch.setattr(columnar, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(columnar, "SCREEN_KEYS", 100)  # new keys screened in many small lots too
    parses = _parses(monkeypatch)
    small, small_counts = columnar_check(src, ONE_READ if reads == 1 else TWO_READS)
    assert len(parses) == reads
    assert all(len(p) >= src.stat().st_size // block_bytes > 2 for p in parses)  # block by block
    assert small == whole
    assert small_counts == counts
    assert sum(counts.values()) == 1500


def test_the_budget_decides_one_read_or_two(tmp_path, monkeypatch):
    # One read where the estimate of the blocks held is within the budget, two a byte below it;
    # the default budget reads the generated file once (it is far smaller than the benchmark's).
    src = write_inventory(tmp_path / "inv.csv", 300)
    lines = src.read_bytes().count(b"\n")
    held = columnar.held_bytes(src.stat().st_size, lines, len(HEADER))
    assert held > src.stat().st_size + lines * 4 * len(HEADER)  # the cells' offsets are counted
    outputs = {}
    for budget, reads in [(held, 1), (held - 1, 2), (None, 1)]:
        parses = _parses(monkeypatch)
        outputs[budget] = columnar_check(src, budget)
        assert len(parses) == reads, budget
    assert len(set(map(str, outputs.values()))) == 1


def test_rows_held_do_not_grow_with_the_rows(tmp_path, monkeypatch):
    # The same keys in 4× and 16× the rows: Arrow's memory while blocks are held is about the same
    # (it swings with Arrow's read-ahead: up to 1.5× measured), less than the longer file's bytes,
    # which a read of the whole table holds and more. The shorter file is 4× (~1 MB, past the
    # ~1 MB Arrow reads ahead of 32 KiB blocks): a 1× file is read ahead whole, and since the keys'
    # cells are built from buffers outside Arrow's pool it is no measure of a block's memory
    # (1×, 4×, 8×, 16×, 32× peaked at 0.60, 1.33, 1.51, 1.54, 1.53 MB).
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 15)
    base = write_inventory(tmp_path / "inv.csv", 2000)
    one = _repeat(base, 4, tmp_path / "inv4.csv")
    many = _repeat(base, 16, tmp_path / "inv16.csv")
    real = columnar._batches

    def peak_of(path: Path) -> tuple[int, int]:
        peak = [0, 0]

        def counted(source: CsvSource, width: int) -> Iterator[Any]:
            for batch in real(source, width):
                peak[0] = max(peak[0], pa.total_allocated_bytes())
                peak[1] = max(peak[1], batch.num_rows)
                yield batch

        monkeypatch.setattr(columnar, "_batches", counted)
        out, _ = columnar_check(path, TWO_READS)  # what two reads hold (one read holds the file)
        assert out.count("\n") > 8000
        return peak[0], peak[1]

    bytes_one, rows_one = peak_of(one)
    bytes_many, rows_many = peak_of(many)
    assert rows_many <= rows_one + 50  # a block is a block, whatever the file's length
    bound = 2 * bytes_one + (1 << 16)
    assert many.stat().st_size > bound  # holding the longer file whole would fail the next line
    assert bytes_many < bound


@settings(max_examples=200, deadline=None)
@given(data=st.lists(st.sampled_from([b"a", b",", b'"', b'""', b"\n", b"\r\n", b"\xef\xbb\xbf"]), max_size=40)
       .map(b"".join),
       size=st.integers(1, 9))
def test_quotes_read_in_blocks_as_in_one(data, size):
    scan = columnar.QuoteStream(b",")
    fed = all(scan.feed(data[i:i + size]) for i in range(0, len(data), size))
    assert (fed and scan.end()) == columnar.quotes_ok(data, b",")


def test_one_read_holds_no_more_than_its_estimate(tmp_path, monkeypatch):
    # The budget is checked against held_bytes before reading: what the read then holds (Arrow's
    # memory once every block is parsed, keyed and screened) must not be more.
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 16)
    src = write_inventory(tmp_path / "inv.csv", 3000)
    held = []
    real = columnar._Keyed.__init__

    def measured(self: Any, *args: Any) -> None:
        held.append(pa.total_allocated_bytes())
        real(self, *args)

    monkeypatch.setattr(columnar._Keyed, "__init__", measured)
    before = pa.total_allocated_bytes()
    columnar_check(src, ONE_READ)
    estimate = columnar.held_bytes(src.stat().st_size, src.read_bytes().count(b"\n"), len(HEADER))
    assert src.stat().st_size < held[0] - before <= estimate


@functools.cache
def _screener() -> Any:
    """One screener for every example (its caches give each key the same answer: tests/test_verdict_key.py)."""
    from supplyscreen import library

    return library.make_screener(library.load_registry())


@settings(max_examples=25, deadline=None)
@given(rows=st.integers(1, 400), seed=st.integers(0, 10_000), with_id=st.booleans(),
       block_bytes=st.integers(1 << 10, 1 << 16), lot=st.integers(1, 500),
       budget=st.one_of(st.just(0), st.just(1 << 40), st.integers(0, 1 << 17)))
def test_output_does_not_depend_on_the_budget_or_the_block_size(rows, seed, with_id, block_bytes, lot, budget):
    with tempfile.TemporaryDirectory() as tmp:
        src = write_inventory(Path(tmp) / "inv.csv", rows, seed, with_id)
        whole = columnar_check(src, screener=_screener())  # one block, one read
        saved = columnar.BLOCK_BYTES, columnar.SCREEN_KEYS
        columnar.BLOCK_BYTES, columnar.SCREEN_KEYS = block_bytes, lot
        try:
            assert columnar_check(src, budget, _screener()) == whole
        finally:
            columnar.BLOCK_BYTES, columnar.SCREEN_KEYS = saved
