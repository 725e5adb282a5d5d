"""`registry info` and the registry stamp every report carries: each source with its file's date."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from supplyscreen.cli import app
from supplyscreen.registry import Registry, info


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def test_info_states_each_source_date_and_counts(reg: Registry) -> None:
    doc = info.info(reg)
    by_id = {s["id"]: s for s in doc["sources"]}
    assert by_id["ieee-registries"]["date"] == "2026-08-19" and by_id["ieee-registries"]["mac_blocks"] > 3000
    assert by_id["bis-entity-list"]["date"] == "2026-07-09" and by_id["bis-entity-list"]["designations"] > 3000
    assert by_id["csl"]["date"] == "2022-05-06"
    assert doc["identifier_tables"]["ieee-oui"]["date"] == "2026-08-19"
    assert doc["identifier_tables"]["ieee-oui"]["MA-L"] == 39954
    assert doc["totals"]["mac_blocks"] == sum(s.get("mac_blocks", 0) for s in doc["sources"])
    lists = {x["id"]: x for x in doc["lists"]}
    assert lists["us-csl-sdn"]["source"] == "csl" and lists["us-fcc-covered-list"]["designations"] >= 15


def test_stamp_is_short_and_dated(reg: Registry) -> None:
    s = info.stamp(reg)
    assert s["built"] == reg.data.built and s["entities"] == len(reg)
    assert s["sources"]["ieee-mac-table"] == "2026-08-19"
    assert s["sources"]["ndaa-889"] == "2018-08-13"
    assert all(v == "" or v[:4].isdigit() for v in s["sources"].values())
    assert info.stamp(reg) is s  # worked out once per registry
    assert "ieee-registries 2026-08-19" in info.stamp_line(reg)


@pytest.mark.parametrize(("text", "date"), [
    ("2026-07-09 (nsfreg commit 02787e87)", "2026-07-09"), ("2026-07 (OpenSanctions)", "2026-07"),
    ("2026", "2026"), ("statute text", ""), ("", ""), ("20260709", ""),
])
def test_source_date(text: str, date: str) -> None:
    assert info.source_date(text) == date


def test_registry_info_command_and_check_json_carry_the_dates(tmp_path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["registry", "info", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["identifier_tables"]["ieee-oui"]["date"] == "2026-08-19"
    table = runner.invoke(app, ["registry", "info"])
    assert table.exit_code == 0 and "IEEE MAC table dated 2026-08-19" in table.output
    items = tmp_path / "items.csv"
    items.write_text("id,vendor\n1,Cisco\n", encoding="utf-8")
    done = runner.invoke(app, ["check", str(items), "--format", "json"])
    assert json.loads(done.output)["registry"]["sources"]["ieee-mac-table"] == "2026-08-19"
    html = tmp_path / "r.html"
    runner.invoke(app, ["check", str(items), "--format", "html", "-o", str(html)])
    assert "source files dated" in html.read_text(encoding="utf-8")
