"""The report formats a procurement file and a CI pipeline need: HTML, SARIF, annotated CycloneDX."""

import json
from pathlib import Path

from typer.testing import CliRunner

from supplyscreen.cli import app

ROOT = Path(__file__).resolve().parents[1]
BOM = ROOT / "assets" / "bom" / "router.cdx.json"
ITEMS = ROOT / "assets" / "check" / "mixed.csv"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_html_report_is_self_contained_and_shows_each_row():
    res = run("check", str(ITEMS), "--format", "html")
    assert res.exit_code == 1
    page = res.stdout
    assert page.startswith("<!doctype html>") and "<script" not in page and "http" not in page.split("<body>")[0]
    for ref in ("A1", "A2", "A3", "A4", "A5", "A6", "A7"):
        assert f">{ref} " in page or f">{ref}<" in page
    assert "Pub. L. 115-232" in page  # the legal citation travels with the decision


def test_sarif_lists_every_finding_with_its_rule_and_level():
    res = run("check", str(ITEMS), "--format", "sarif")
    doc = json.loads(res.stdout)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    refs = {r["properties"]["ref"]: r["level"] for r in results}
    assert refs["A2"] == "error" and refs["A4"] == "warning" and refs["A5"] == "note"
    assert "A1" not in refs  # allowed items are not findings
    rule_ids = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rule_ids


def test_annotated_cyclonedx_keeps_the_document_and_adds_decisions():
    res = run("check", str(BOM), "--format", "cyclonedx")
    doc = json.loads(res.stdout)
    original = json.loads(BOM.read_text(encoding="utf-8"))
    assert doc["bomFormat"] == "CycloneDX" and doc["components"][0]["bom-ref"] == original["components"][0]["bom-ref"]

    def props(c):
        return {p["name"]: p["value"] for p in c.get("properties", [])}

    def walk(cs):
        for c in cs:
            yield c
            yield from walk(c.get("components", []))

    annotated = [props(c) for c in walk(doc.get("components", []))]
    assert annotated and all("supplyscreen:decision" in p for p in annotated)
    assert props(doc["metadata"])["supplyscreen:policy"] == "us-ndaa-889"


def test_annotated_cyclonedx_refuses_other_inputs():
    res = run("check", str(ITEMS), "--format", "cyclonedx")
    assert res.exit_code == 2 and "CycloneDX JSON" in res.output
