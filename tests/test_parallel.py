"""A large CSV screened on two cores must give byte-for-byte the output of one process."""

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supplyscreen import library
from supplyscreen.cli import app
from supplyscreen.parallel import screen_parallel

VENDORS = ["Huawei Technologies Co., Ltd.", "Hikvision", "Cisco Systems, Inc.", "Intel", "Dell", "ZTE",
           "Zeta Broadband Inc.", "HP", "", "Dahua", "Juniper Networks"]
MACS = ["00:E0:FC:12:34:56", "BC:0F:64:DF:B9:72", "0008cbc592fb", "00-11-01-F2-E7-C9", "", "not a mac",
        "02:00:00:00:00:01", "4C:BD:8F:00:11:22"]


def _inventory(path: Path, with_id: bool, repeat_across: bool = False, rows: int = 400) -> None:
    rnd = random.Random(7)
    lines = [("asset_id," if with_id else "") + "hostname,vendor,model,mac,notes"]
    for n in range(rows):
        notes = rnd.choice(["", "plain", '"a ""quoted"" note\nover two lines"', '"comma, inside"'])
        row = [f"host-{n}", f'"{v}"' if "," in (v := rnd.choice(VENDORS)) else v,
               rnd.choice(["", "AR6120", "DS-2CD2143G0-I", "OptiPlex"]), rnd.choice(MACS), notes]
        if with_id:
            ref = "A1" if repeat_across and n in (3, rows - 3) else f"A{n - (n % 50 == 1)}"  # repeats in a part
            row.insert(0, ref)
        lines.append(",".join(row))
        if n % 97 == 0:
            lines.append("")  # blank lines are skipped, not counted
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, src: Path, fmt: str) -> tuple[str, str]:
    outs = []
    for limit in ("0", "1"):  # 0: one process; 1: any file is big enough for two
        monkeypatch.setenv("SUPPLYSCREEN_PARALLEL_MIN_BYTES", limit)
        out = tmp_path / f"out-{limit}.{fmt}"
        res = CliRunner().invoke(app, ["check", str(src), "--format", fmt, "-o", str(out), "--no-progress"])
        assert res.exit_code == 1, res.output
        outs.append(out.read_text(encoding="utf-8"))
    return outs[0], outs[1]


@pytest.mark.parametrize("with_id", [True, False])
def test_two_cores_same_output_as_one(tmp_path, monkeypatch, with_id):
    fmt = "csv"
    src = tmp_path / "inv.csv"
    _inventory(src, with_id)
    monkeypatch.setenv("SUPPLYSCREEN_PARALLEL_MIN_BYTES", "1")
    with open(tmp_path / "direct", "w", encoding="utf-8") as fh:
        done = screen_parallel(src, fmt, "us-ndaa-889", None, {}, None, None, library.load_registry(), None,
                               lambda: fh)
    assert done is not None, "the file should have gone the parallel way"
    source, tally = done
    assert tally.rows_in == tally.rows_out == source.rows_in == 400
    single, parallel = _check(tmp_path, monkeypatch, src, fmt)
    assert parallel == single
    assert ("A0#2" in single) is with_id


def test_json_stays_in_one_process(tmp_path, monkeypatch):
    src = tmp_path / "inv.csv"
    _inventory(src, with_id=True)
    monkeypatch.setenv("SUPPLYSCREEN_PARALLEL_MIN_BYTES", "1")
    assert screen_parallel(src, "json", "us-ndaa-889", None, {}, None, None, library.load_registry(), None,
                           lambda: None) is None


def test_ref_repeated_across_parts_falls_back(tmp_path, monkeypatch):
    src = tmp_path / "inv.csv"
    _inventory(src, with_id=True, repeat_across=True)
    monkeypatch.setenv("SUPPLYSCREEN_PARALLEL_MIN_BYTES", "1")
    with open(tmp_path / "direct", "w", encoding="utf-8") as fh:
        assert screen_parallel(src, "csv", "us-ndaa-889", None, {}, None, None, library.load_registry(), None,
                               lambda: fh) is None
    single, parallel = _check(tmp_path, monkeypatch, src, "csv")
    assert parallel == single and "A1#2" in single
