"""The keys a `check` splits between two processes are split by their evidence (keys sharing a
MAC block or a maker's spelling in one process), and the output is the one process's, byte for
byte, whatever the split."""

from __future__ import annotations

import io
import multiprocessing
import os
from pathlib import Path

import pytest

from batch.inventory import write_inventory
from supplyscreen import library
from supplyscreen.batch import columnar
from supplyscreen.sources import ReadOptions, open_source

pytest.importorskip("pyarrow")


def _screened(path: Path) -> str:
    out = io.StringIO()

    class Keep(io.StringIO):
        def close(self) -> None:
            out.write(self.getvalue())
            super().close()

    screener = library.make_screener(library.load_registry())
    assert columnar.screen_csv(open_source(path, ReadOptions()), screener, Keep) is not None
    return out.getvalue()


@pytest.mark.skipif((os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods(),
                    reason="one core or no fork: nothing is split")
def test_keys_split_by_evidence_write_what_one_process_writes(tmp_path: Path, monkeypatch) -> None:
    src = write_inventory(tmp_path / "inv.csv", 3_000, seed=7)
    monkeypatch.setattr(columnar, "TWO_CORES_MIN", 1 << 62)
    alone = _screened(src)
    orders: list[list[int]] = []
    by_evidence = columnar._by_evidence

    def seen(screener, keys):  # the function under test, watched
        got = by_evidence(screener, keys)
        orders.append(got if got is not None else [])
        return got

    monkeypatch.setattr(columnar, "_by_evidence", seen)
    monkeypatch.setattr(columnar, "TWO_CORES_MIN", 20)
    assert _screened(src) == alone
    assert any(orders), "some lot was reordered before it was split"


def test_keys_are_ordered_so_that_equal_evidence_is_adjacent(tmp_path: Path) -> None:
    screener = library.make_screener(library.load_registry())
    blocks = columnar._Blocks(open_source(write_inventory(tmp_path / "inv.csv", 2_000, seed=3), ReadOptions()),
                              columnar.KeyMaker(screener))
    for _ in blocks.read(True, None):
        pass
    keys = blocks.made
    order = columnar._by_evidence(screener, keys)
    assert order is not None and sorted(order) == list(range(len(keys)))
    parts = [screener.evidence_key(keys[i]) for i in order]
    # Each evidence key's keys form one run: once left, an evidence key never comes back.
    runs = [p for n, p in enumerate(parts) if n == 0 or p != parts[n - 1]]
    assert len(runs) == len(set(runs)) < len(keys)
    assert columnar._by_evidence(screener, [keys[i] for i in order]) is None  # in order already
    assert columnar._by_evidence(screener, []) is None
