"""`supplyscreen registry update`: newer official files in, a new snapshot and its diff out."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supplyscreen.cli import app
from supplyscreen.errors import RegistryError
from supplyscreen.registry import build
from supplyscreen.registry.update import place, slots

RAW = build.DEFAULT_RAW
COVERED = "us-fcc-covered-list-and-ndaa-889/covered_list_entities.csv"


def test_every_raw_file_has_one_slot() -> None:
    found = slots(RAW)
    assert found["covered_list_entities.csv"] == Path(COVERED)
    assert "PROVENANCE.md" not in found


def test_a_file_no_raw_list_is_named_like_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "entity-list-2027.csv"
    stray.write_text("x\n")
    with pytest.raises(RegistryError, match=r"no raw list is named 'entity-list-2027\.csv'.*covered_list_entities\.csv"):
        place([stray], RAW)


def test_an_update_writes_a_snapshot_and_says_what_changed(tmp_path: Path) -> None:
    newer = tmp_path / "covered_list_entities.csv"
    rows = (RAW / COVERED).read_text(encoding="utf-8").splitlines()
    # A new party on the Covered List, and Hytera's entry removed.
    kept = [r for r in rows if not r.startswith("Hytera")]
    kept.append("Acme Surveillance Robotics Co.,robots,2026-11-30,no,Secure Networks Act s.2")
    newer.write_text("\n".join(kept) + "\n", encoding="utf-8")
    out, diff_json = tmp_path / "reg.json.gz", tmp_path / "diff.json"
    r = CliRunner().invoke(app, ["registry", "update", str(newer), "-o", str(out), "--diff", str(diff_json)],
                           env={"SUPPLYSCREEN_REGISTRY": ""})
    assert r.exit_code == 1, r.output
    doc = json.loads(diff_json.read_text(encoding="utf-8"))
    kinds = {(c["kind"], c["entity_id"]) for c in doc["changes"]}
    assert any(k == "entity_added" for k, _ in kinds)
    assert any(k == "designation_removed" and "hytera" in e for k, e in kinds)
    assert doc["provenance"]["replaced"][0]["folder"] == "us-fcc-covered-list-and-ndaa-889"
    assert len(doc["provenance"]["replaced"][0]["sha256"]) == 64
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        assert "Acme Surveillance Robotics" in fh.read()
    assert f"SUPPLYSCREEN_REGISTRY={out}" in r.output
    # The raw folder itself is untouched.
    assert (RAW / COVERED).read_text(encoding="utf-8").splitlines() == rows


def test_the_same_files_again_change_nothing(tmp_path: Path) -> None:
    same = tmp_path / "covered_list_entities.csv"
    same.write_bytes((RAW / COVERED).read_bytes())
    first = tmp_path / "a.json.gz"
    r = CliRunner().invoke(app, ["registry", "update", str(same), "-o", str(first), "--format", "json"],
                           env={"SUPPLYSCREEN_REGISTRY": ""})
    # Against the bundled snapshot the rebuild of the same raw files has no change.
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["changes"] == []
