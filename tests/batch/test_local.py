"""`supplyscreen batch screen` (local engine) and `batch export`: every row once, with its key and the
registry's fingerprint; an exported items table screens as the file it came from."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from batch.inventory import write_inventory
from supplyscreen import library
from supplyscreen.cli import app

pq = pytest.importorskip("pyarrow.parquet")


def test_batch_screen_and_export_agree(tmp_path):
    src = write_inventory(tmp_path / "inv.csv", 250, seed=3)
    # The same devices again under other ids (a second site's export): every key now repeats.
    head, *body = src.read_text(encoding="utf-8").split("\nA")
    src.write_text(head + "".join("\nA" + b for b in body) + "".join("\nB" + b for b in body), encoding="utf-8")
    out, items, again = tmp_path / "out.parquet", tmp_path / "items.parquet", tmp_path / "again.parquet"
    res = CliRunner().invoke(app, ["batch", "screen", str(src), "-o", str(out)])
    assert res.exit_code == 1, res.output  # findings
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == 500 and [r["ref"] for r in rows][:2] == ["A0000000", "A0000001"]
    assert {r["registry"] for r in rows} == {library.load_registry().fingerprint}
    assert all(len(r["verdict_key"]) == 32 for r in rows)
    # Rows that share a key share a decision (and, MACs aside, a reason).
    by_key: dict[str, set[str]] = {}
    for r in rows:
        by_key.setdefault(r["verdict_key"], set()).add(r["decision"])
    assert len(by_key) < len(rows) and all(len(d) == 1 for d in by_key.values())
    assert CliRunner().invoke(app, ["batch", "export", str(src), "-o", str(items)]).exit_code == 0
    assert CliRunner().invoke(app, ["batch", "screen", str(items), "-o", str(again)]).exit_code == 1
    assert pq.read_table(again).to_pylist() == rows


def test_bad_input_is_named(tmp_path):
    res = CliRunner().invoke(app, ["batch", "screen", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "missing.csv" in res.output
    res = CliRunner().invoke(app, ["batch", "screen", str(tmp_path), "-o", str(tmp_path / "o"), "--engine", "hadoop"])
    assert res.exit_code == 2 and "--engine" in res.output
