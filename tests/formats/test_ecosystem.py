"""Outputs other tools take in: SARIF that code scanning turns into located alerts, and an annotated
CycloneDX that is a valid next revision of the input BOM."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from typer.testing import CliRunner

from supplyscreen.cli import app

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SARIF_SCHEMA = json.loads((ASSETS / "formats" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
runner = CliRunner()


def check(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["check", *args])
    return res.exit_code, res.stdout


def sarif(path: Path) -> dict:
    code, out = check(str(path), "--format", "sarif")
    assert code == 1, out
    doc = json.loads(out)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(SARIF_SCHEMA).iter_errors(doc)]
    assert errors == []
    return doc


@pytest.mark.parametrize("name", ["check/mixed.csv", "bom/router.cdx.json", "bom/router.cdx.xml", "bom/app.spdx.json",
                                  "bom/camera.spdx", "inventory/devices.csv"])
def test_sarif_is_valid_and_every_result_is_located_and_every_rule_described(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    src = tmp_path / Path(name).name
    shutil.copy(ASSETS / name, src)
    monkeypatch.chdir(tmp_path)  # a CI job runs from the repository root: URIs relative to it
    doc = sarif(Path(src.name))
    run = doc["runs"][0]
    assert run["results"]
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == src.name
        assert loc["region"]["startLine"] >= 1
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]


def test_a_table_row_s_result_points_at_its_line(tmp_path: Path) -> None:
    src = tmp_path / "offer.csv"
    src.write_text("ref,maker\nK1,Juniper Networks\n\nK2,Huawei Technologies Co., Ltd.\n", encoding="utf-8")
    results = sarif(src)["runs"][0]["results"]
    assert [(r["properties"]["ref"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] \
        == [("K2", 4)]


@pytest.mark.parametrize("name", ["bom/router.cdx.json", "bom/router.cdx.xml", "bom/camera.spdx"])
def test_a_component_s_result_points_at_the_line_that_names_it(name: str) -> None:
    lines = (ASSETS / name).read_text(encoding="utf-8").splitlines()
    for res in sarif(ASSETS / name)["runs"][0]["results"]:
        ref = str(res["properties"]["ref"])
        line = res["locations"][0]["physicalLocation"]["region"]["startLine"]
        if any(ref in x for x in lines):  # a ref the file spells (not one made up for an unnamed part)
            # The line naming the component: its reference, or where its SPDX package block opens.
            assert ref in lines[line - 1] or lines[line - 1].startswith("PackageName:"), (ref, line)


def _annotated(path: Path) -> dict:
    code, out = check(str(path), "--format", "cyclonedx")
    assert code in (0, 1), out
    return json.loads(out)


def _validate(doc: dict) -> None:
    version = SchemaVersion.from_version(doc["specVersion"])
    assert JsonStrictValidator(version).validate_str(json.dumps(doc)) is None


def _tools(doc: dict) -> list[dict]:
    tools = doc["metadata"]["tools"]
    return tools["components"] if isinstance(tools, dict) else tools


@pytest.mark.parametrize(("spec", "version"), [("1.6", 1), ("1.5", 7), ("1.4", 2)])
def test_annotated_cyclonedx_is_the_next_valid_revision(tmp_path: Path, spec: str, version: int) -> None:
    serial = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    bom = {"bomFormat": "CycloneDX", "specVersion": spec, "version": version, "serialNumber": serial,
           "components": [{"type": "device", "bom-ref": "cam", "name": "Camera", "supplier": {"name": "Hikvision"}},
                          {"type": "device", "bom-ref": "nic", "name": "NIC", "supplier": {"name": "Intel Corporation"}}]}
    src = tmp_path / "kiosk.cdx.json"
    src.write_text(json.dumps(bom), encoding="utf-8")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    doc = _annotated(src)
    after = dt.datetime.now(dt.UTC)
    _validate(doc)
    assert doc["serialNumber"] != serial and doc["serialNumber"].startswith("urn:uuid:")
    assert doc["version"] == version + 1
    stamp = dt.datetime.fromisoformat(doc["metadata"]["timestamp"].replace("Z", "+00:00"))
    assert before <= stamp <= after
    assert [t["name"] for t in _tools(doc)] == ["supplyscreen"]
    as_of = {p["name"]: p["value"] for p in doc["metadata"]["properties"]}["supplyscreen:as-of"]
    assert dt.date.fromisoformat(as_of) == stamp.date()  # a date, never the word "today"

    # Metamorphic: annotating the annotated BOM is one more revision, with supplyscreen listed once.
    again = tmp_path / "again.cdx.json"
    again.write_text(json.dumps(doc), encoding="utf-8")
    twice = _annotated(again)
    _validate(twice)
    assert twice["version"] == version + 2 and twice["serialNumber"] != doc["serialNumber"]
    assert [t["name"] for t in _tools(twice)].count("supplyscreen") == 1


def test_annotated_cyclonedx_keeps_the_tools_already_listed(tmp_path: Path) -> None:
    bom = json.loads((ASSETS / "bom" / "router.cdx.json").read_text(encoding="utf-8"))
    bom["metadata"]["tools"] = {"components": [{"type": "application", "name": "syft", "version": "1.0"}]}
    src = tmp_path / "router.cdx.json"
    src.write_text(json.dumps(bom), encoding="utf-8")
    doc = _annotated(src)
    _validate(doc)
    assert [t["name"] for t in _tools(doc)] == ["syft", "supplyscreen"]


def test_the_as_of_date_given_is_the_one_recorded() -> None:
    code, out = check(str(ASSETS / "bom" / "router.cdx.json"), "--format", "cyclonedx", "--as-of", "2022-01-01")
    props = {p["name"]: p["value"] for p in json.loads(out)["metadata"]["properties"]}
    assert code == 1 and props["supplyscreen:as-of"] == "2022-01-01"
