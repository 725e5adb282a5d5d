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


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("with_id", [True, False])
def test_two_cores_same_output_as_one(tmp_path, monkeypatch, with_id, fmt):
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


def test_rows_of_a_shared_mac_block_read_the_same_in_either_part(tmp_path, monkeypatch):
    # Every row of one maker's MAC blocks shares a verdict; each must still quote its own MAC, in
    # the evidence and in a relabel sentence, whichever process screened the block first.
    src = tmp_path / "inv.csv"
    rows = ["asset_id,vendor,mac"]
    for n in range(300):
        rows.append(f"R{n},LTS,C0:56:E3:{n % 256:02X}:{n // 256:02X}:0{n % 7}")  # LTS label, Hikvision block
        rows.append(f"S{n},Intel,BC:0F:64:{n % 256:02X}:00:{n % 9:02X}")
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for fmt in ("csv", "json"):
        single, parallel = _check(tmp_path, monkeypatch, src, fmt)
        assert parallel == single
    assert "the MAC block in C0:56:E3:2B:01:05 is registered to" in single


def test_progress_counts_both_processes(tmp_path, monkeypatch):
    src = tmp_path / "inv.csv"
    _inventory(src, with_id=True, rows=5000)
    monkeypatch.setenv("SUPPLYSCREEN_PARALLEL_MIN_BYTES", "1")
    ticks: list[int] = []
    with open(tmp_path / "direct", "w", encoding="utf-8") as fh:
        done = screen_parallel(src, "csv", "us-ndaa-889", None, {}, None, None, library.load_registry(), None,
                               lambda: fh, ticks.append)
    assert done is not None
    # Each process reports every thousand rows it screens: about 2,500 each here.
    assert sum(ticks) == 4000


def test_ref_repeated_across_parts_falls_back(tmp_path, monkeypatch):
    src = tmp_path / "inv.csv"
    _inventory(src, with_id=True, repeat_across=True)
    monkeypatch.setenv("SUPPLYSCREEN_PARALLEL_MIN_BYTES", "1")
    with open(tmp_path / "direct", "w", encoding="utf-8") as fh:
        assert screen_parallel(src, "csv", "us-ndaa-889", None, {}, None, None, library.load_registry(), None,
                               lambda: fh) is None
    single, parallel = _check(tmp_path, monkeypatch, src, "csv")
    assert parallel == single and "A1#2" in single
