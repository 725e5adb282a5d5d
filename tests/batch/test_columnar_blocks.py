"""The columnar `check` holds a parse block at a time: the same bytes whatever the block size, and
no more held for a file of more rows with the same keys."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batch.inventory import columnar_check, write_inventory
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


@pytest.mark.parametrize("block_bytes", [1 << 11, 1 << 14])
def test_same_output_whatever_the_block_size(tmp_path, monkeypatch, block_bytes):
    src = write_inventory(tmp_path / "inv.csv", 1500)
    whole, counts = columnar_check(src)  # 4 MiB blocks: the file is one block
    monkeypatch.setattr(columnar, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(columnar, "SCREEN_KEYS", 100)  # new keys screened in many small lots too
    blocks = []
    real = columnar._batches

    def counted(source: CsvSource, width: int) -> Iterator[Any]:
        for batch in real(source, width):
            blocks.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(columnar, "_batches", counted)
    small, small_counts = columnar_check(src)
    assert len(blocks) >= 2 * (src.stat().st_size // block_bytes) > 4  # both reads went block by block
    assert small == whole
    assert small_counts == counts
    assert sum(counts.values()) == 1500


def test_rows_held_do_not_grow_with_the_rows(tmp_path, monkeypatch):
    # The same keys in 1× and 16× the rows: Arrow's memory while blocks are held is about the same
    # (it swings with Arrow's read-ahead: up to 1.5× measured), less than the longer file's bytes,
    # which a read of the whole table holds and more.
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 15)
    one = write_inventory(tmp_path / "inv.csv", 2000)
    many = _repeat(one, 16, tmp_path / "inv16.csv")
    real = columnar._batches

    def peak_of(path: Path) -> tuple[int, int]:
        peak = [0, 0]

        def counted(source: CsvSource, width: int) -> Iterator[Any]:
            for batch in real(source, width):
                peak[0] = max(peak[0], pa.total_allocated_bytes())
                peak[1] = max(peak[1], batch.num_rows)
                yield batch

        monkeypatch.setattr(columnar, "_batches", counted)
        out, _ = columnar_check(path)
        assert out.count("\n") > 2000
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
