"""The Spark engine decides as the command line does: the same decisions and reasons row for row,
the same output however the rows are partitioned, BOMs rolled up within themselves, and a
re-screen by distinct key equal to a full rerun."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from batch.inventory import write_inventory
from supplyscreen.batch.core import COLUMNS
from supplyscreen.cli import app
from supplyscreen.formats.csv_format import safe

pytestmark = pytest.mark.spark


def _rows(df: Any) -> list[dict[str, Any]]:
    rows = [r.asDict() for r in df.collect()]
    return sorted(rows, key=lambda r: (r["bom"], r["ref"], r["path"]))


def _job(**kw: Any) -> Any:
    from supplyscreen.batch.spark import Job

    return Job.of(**kw)


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inventory(tmp_path_factory.mktemp("spark") / "inv.csv", 20_000)


def test_20000_rows_decide_as_the_cli(spark, inventory, tmp_path):
    from supplyscreen.batch.spark import screen_path

    out = tmp_path / "cli.csv"
    res = CliRunner().invoke(app, ["check", str(inventory), "--format", "csv", "-o", str(out), "--no-progress"])
    assert res.exit_code == 1, res.output
    cli = {r["ref"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    got = _rows(screen_path(spark, inventory, _job(), partitions=2))
    assert len(got) == len(cli) == 20_000
    for r in got:
        want = cli[safe(r["ref"])]
        assert (r["decision"], safe(r["reason"]), safe(r["value"]), r["entity"], safe(r["rules"])) == (
            want["decision"], want["reason"], want["value"], want["entity"], want["rules"]), r["ref"]
        assert len(r["verdict_key"]) == 32 and r["registry"]
    assert {r["decision"] for r in got} >= {"exclude", "allow"}
    multi = next(r for r in got if r["ref"] == "A0010000")  # the row below the multi-line cell
    assert multi["decision"] == cli["A0010000"]["decision"]


def test_same_output_at_1_2_and_7_partitions_and_as_the_local_engine(spark, tmp_path):
    # No id column: refs are row numbers, counted from the file's order before any repartition.
    import pyarrow.parquet as pq

    from supplyscreen.batch.spark import screen_path

    src = write_inventory(tmp_path / "noid.csv", 3_000, seed=7, with_id=False)
    outs = [_rows(screen_path(spark, src, _job(), partitions=n)) for n in (1, 2, 7)]
    assert outs[0] == outs[1] == outs[2]
    assert sorted(r["ref"] for r in outs[0]) == sorted(str(n) for n in range(1, 3_001))
    local = tmp_path / "local.parquet"
    res = CliRunner().invoke(app, ["batch", "screen", str(src), "-o", str(local)])
    assert res.exit_code == 1, res.output
    mine = sorted((dict(r, line=None) for r in pq.read_table(local).to_pylist()),
                  key=lambda r: (r["bom"], r["ref"], r["path"]))
    assert mine == outs[0]


def _component(ref: str, name: str, supplier: str = "", parts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    c: dict[str, Any] = {"type": "device", "bom-ref": ref, "name": name}
    if supplier:
        c["supplier"] = {"name": supplier}
    if parts:
        c["components"] = parts
    return c


def _bom(path: Path, components: list[dict[str, Any]]) -> Path:
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": components}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_a_nested_bom_rolls_up_within_itself(spark, tmp_path):
    from supplyscreen.batch.spark import screen_path

    boms = tmp_path / "sboms"
    (boms / "site-a").mkdir(parents=True)
    _bom(boms / "site-a" / "router.cdx.json", [
        _component("rt", "Edge router", "Example Networks", [
            _component("rt-board", "Main board", "Example Networks", [
                _component("rt-modem", "LTE module", "Huawei Technologies Co., Ltd."),
                _component("rt-dram", "DRAM", "Micron Technology")])])])
    _bom(boms / "switch.cdx.json", [_component("sw", "Access switch", "Example Networks", [
        _component("sw-psu", "Power supply", "Delta Electronics")])])
    got = _rows(screen_path(spark, boms, _job(), partitions=2))
    by = {(r["bom"], r["ref"]): r for r in got}
    assert {b for b, _ in by} == {"site-a/router.cdx.json", "switch.cdx.json"}
    router = [r for (b, _), r in by.items() if b == "site-a/router.cdx.json"]
    top = next(r for r in router if r["path"].count("›") == 0)
    modem = next(r for r in router if r["path"].endswith("LTE module"))
    dram = next(r for r in router if r["path"].endswith("DRAM"))
    assert modem["decision"] == "exclude"
    assert top["decision"] == "exclude" and top["reason"].startswith("Contains LTE module")
    assert dram["decision"] != "exclude"  # a part is never tainted by its assembly
    assert all(r["decision"] != "exclude" for (b, _), r in by.items() if b == "switch.cdx.json")
    # The local engine reads the same folder into the same rows.
    import pyarrow.parquet as pq

    local = tmp_path / "local.parquet"
    CliRunner().invoke(app, ["batch", "screen", str(boms), "-o", str(local)])
    mine = sorted(pq.read_table(local).to_pylist(), key=lambda r: (r["bom"], r["ref"], r["path"]))
    assert [{k: v for k, v in r.items() if k != "line"} for r in mine] == [
        {k: v for k, v in r.items() if k != "line"} for r in got]


def test_a_rescreen_by_key_after_a_list_change_equals_a_full_rerun(spark, tmp_path):
    from supplyscreen.batch.spark import read_csv, screen_by_key, screen_dataframe

    src = write_inventory(tmp_path / "inv.csv", 3_000, seed=11)
    org = tmp_path / "org.csv"
    org.write_text("name,id,aliases,country,list_id,list_name,added,removed,scope,citation,source,subsidiary_of\n"
                   "Zeta Broadband Inc.,,,US,org-list,Our own list,2024-01-01,,network equipment,memo 7,memo,\n",
                   encoding="utf-8")
    df = read_csv(spark, str(src))
    before = _rows(screen_dataframe(df, _job(), partitions=2))
    job = _job(org=(org,))
    full = _rows(screen_dataframe(df, job, partitions=3))
    by_key = _rows(screen_by_key(df, job, partitions=2))
    assert by_key == full
    changed = {r["ref"] for r, b in zip(full, before, strict=True) if (r["decision"], r["reason"]) != (b["decision"], b["reason"])}
    with src.open(encoding="utf-8", newline="") as fh:
        # Zeta by name, or by its IEEE MAC block 00:08:CB (in any notation) on another label.
        rows = list(csv.DictReader(fh))
    by_name = {r["asset_id"] for r in rows if r["vendor"] == "Zeta Broadband Inc."}
    by_block = {r["asset_id"] for r in rows if "".join(ch for ch in r["mac"] if ch.isalnum()).upper().startswith("0008CB")}
    # Rows labelled Zeta change (those another finding already excluded may keep their wording), and
    # any row that changes is labelled Zeta or carries Zeta's MAC block.
    assert changed & by_name and changed <= by_name | by_block
    assert all(r["decision"] != "allow" for r in full if r["ref"] in changed)
    assert [c for c in COLUMNS if c not in full[0]] == []
