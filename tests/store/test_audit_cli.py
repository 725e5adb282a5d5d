"""`supplyscreen audit verify|export` on a real SQLite store, and CLI start-up staying light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from sqlalchemy import text
from typer.testing import CliRunner

from supplyscreen.cli import app
from supplyscreen.service import screenings, users
from supplyscreen.store import open_store

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()


def test_verify_passes_then_names_the_tampered_record(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    st = open_store(url)
    with st.session() as s:
        u = users.create_user(s, "t", "olga", "long enough pw", "officer")
    screenings.submit(st, screenings.Submission(u.team_id, "olga", u.id, "mixed.csv", MIXED, "us-ndaa-889"))
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify", "--db", url])
    assert ok.exit_code == 0 and "2 records" in ok.output
    out = tmp_path / "audit.jsonl"
    assert runner.invoke(app, ["audit", "export", "-o", str(out), "--db", url]).exit_code == 0
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["seq"] for r in recs] == [1, 2] and recs[1]["prev_hash"] == recs[0]["hash"]
    with st.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
    bad = runner.invoke(app, ["audit", "verify", "--db", url])
    assert bad.exit_code == 1 and "record 2" in bad.output


def test_cli_start_up_does_not_import_the_service_stack() -> None:
    code = ("import sys, supplyscreen.cli; "
            "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'alembic', 'uvicorn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_anchor_from_the_cli_catches_a_truncated_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    st = open_store(url)
    with st.session() as s:
        u = users.create_user(s, "t", "olga", "long enough pw", "officer")
    for n in range(2):
        screenings.submit(st, screenings.Submission(u.team_id, "olga", u.id, f"m{n}.csv", MIXED, "us-ndaa-889"))
    runner = CliRunner()
    anchors = tmp_path / "anchors.jsonl"
    assert runner.invoke(app, ["audit", "anchor", "-o", str(anchors), "--db", url]).exit_code == 0
    assert runner.invoke(app, ["audit", "verify", "--anchor", str(anchors), "--db", url]).exit_code == 0
    with st.engine.begin() as c:
        prev = c.execute(text("SELECT hash FROM audit_log WHERE seq = 2")).scalar()
        c.execute(text("DELETE FROM audit_log WHERE seq > 2"))
        c.execute(text(f"UPDATE audit_head SET seq = 2, hash = '{prev}'"))
    # The chain alone links up; the screening its lost record sealed is named, and the anchor says why.
    alone = runner.invoke(app, ["audit", "verify", "--db", url])
    assert alone.exit_code == 1 and "no record sealed it" in alone.output and "truncated" not in alone.output
    bad = runner.invoke(app, ["audit", "verify", "--anchor", str(anchors), "--db", url])
    assert bad.exit_code == 1 and "truncated" in bad.output
