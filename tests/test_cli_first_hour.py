"""The command line in a newcomer's first hour: help, version, Ctrl-C, short actionable errors, a
strict CSV read, a summary when the results go to a file, and a server that binds before it talks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from supplyscreen.cli import app
from supplyscreen.commands.common import package_version
from supplyscreen.errors import MESSAGE_LIMIT

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _commands(cmd: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    if hasattr(cmd, "commands"):  # a group (typer's own click, or click's)
        for name, sub in cmd.commands.items():
            out += _commands(sub, (*path, name))
    return out


COMMANDS = _commands(typer.main.get_command(app))
assert len(COMMANDS) > 30  # the root, its commands, the groups and theirs


def test_version_flag_and_command_agree() -> None:
    for args in (["--version"], ["-V"], ["version"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0 and res.stdout.strip() == package_version()


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "supplyscreen")
def test_every_command_takes_h_and_shows_no_type_for_a_flag(path: tuple[str, ...]) -> None:
    short = runner.invoke(app, [*path, "-h"], terminal_width=120)
    long = runner.invoke(app, [*path, "--help"], terminal_width=120)
    assert short.exit_code == long.exit_code == 0 and short.stdout == long.stdout
    assert "<bool>" not in short.stdout and "Usage:" in short.stdout


def test_a_header_of_200000_columns_gives_a_short_error_with_the_fix_for_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "wide.csv"
    src.write_text(",".join(f"column number {i}" for i in range(200_000)) + "\n" + "x," * 10 + "\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(src)])
    assert res.exit_code == 2 and len(res.stderr) < MESSAGE_LIMIT + 200
    assert "wide.csv:1" in res.stderr and "and 199,980 more" in res.stderr and "--column vendor=HEADER" in res.stderr


def test_a_stray_quote_stops_the_check_naming_the_line(tmp_path: Path) -> None:
    src = tmp_path / "offer.csv"
    src.write_text('ref,maker\nK1,Juniper\nK2,"Brother\nK3,Dahua\n', encoding="utf-8")
    res = runner.invoke(app, ["check", str(src), "--format", "json"])
    assert res.exit_code == 2 and res.stdout == "" and "offer.csv:3:" in res.stderr and "never closed" in res.stderr


def test_check_to_a_file_prints_one_summary_line(tmp_path: Path) -> None:
    src = tmp_path / "offer.csv"
    src.write_text("ref,maker\nK1,Juniper Networks\nK2,Huawei Technologies Co., Ltd.\nK3,\n", encoding="utf-8")
    out = tmp_path / "out.json"
    res = runner.invoke(app, ["check", str(src), "--format", "json", "-o", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    lines = res.stderr.strip().splitlines()
    assert res.exit_code == 1 and res.stdout == "" and len(lines) == 1
    counts = doc["summary"]
    for decision in ("exclude", "unknown", "allow"):
        assert f"{counts[decision]} {decision}" in lines[0]
    assert str(out) in lines[0] and doc["policy"] in lines[0]
    # Written to stdout instead, the results are all there is: no summary mixed into a pipe.
    assert runner.invoke(app, ["check", str(src), "--format", "json"]).stderr == ""


@pytest.mark.parametrize(("args", "env", "pack"), [
    (["--jurisdiction", "GB"], {}, "uk-huawei-dvd-2022"),
    (["-j", "jp"], {}, "jp-gov-it-procurement-2018"),
    ([], {"SUPPLYSCREEN_JURISDICTION": "GB"}, "uk-huawei-dvd-2022"),
    ([], {"SUPPLYSCREEN_POLICY": "jp-gov-it-procurement-2018"}, "jp-gov-it-procurement-2018"),
    (["--policy", "us-ndaa-889"], {"SUPPLYSCREEN_JURISDICTION": "GB"}, "us-ndaa-889"),
])
def test_check_takes_its_policy_from_the_jurisdiction_or_the_settings(
        monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str], pack: str) -> None:
    for name in ("SUPPLYSCREEN_POLICY", "SUPPLYSCREEN_JURISDICTION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    res = runner.invoke(app, ["check", str(ROOT / "tests" / "assets" / "check" / "clean.csv"), "--format", "json", *args])
    assert json.loads(res.stdout)["policy"] == pack


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HOME": str(tmp_path), "SUPPLYSCREEN_NO_PROGRESS": "1"}


def test_ctrl_c_ends_with_130_and_no_traceback_while_starting_and_while_screening(tmp_path: Path) -> None:
    src = tmp_path / "big.csv"
    src.write_text("ref,maker,product\n" + "".join(f"R{i},Vendor number {i},switch\n" for i in range(300_000)),
                   encoding="utf-8")
    out = tmp_path / "out.json"
    for moment in ("starting", "screening"):
        out.unlink(missing_ok=True)
        proc = subprocess.Popen([sys.executable, "-m", "supplyscreen", "check", str(src), "-f", "json", "-o", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp_path),
                                start_new_session=True)
        if moment == "starting":
            time.sleep(0.3)
        else:
            deadline = time.monotonic() + 120
            while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert proc.poll() is None, "finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to the whole job
        _stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 130, (moment, stderr)
        assert "Traceback" not in stderr and "interrupted" in stderr


def test_serve_on_a_busy_port_exits_2_at_once_and_prints_no_password(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "supplyscreen", "serve", "--port", str(port), "--workers", "1",
                            "--db", f"sqlite:///{tmp_path / 'store.db'}"],
                           capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert r.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in r.stderr and "--port" in r.stderr
    assert "password" not in r.stdout + r.stderr
    assert not (tmp_path / "store.db").exists()  # nothing was set up for a server that cannot start
