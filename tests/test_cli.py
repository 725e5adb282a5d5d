"""The CLI as a user and a CI pipeline see it: JSON contract, exit codes, errors naming the file."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from supplyscreen import library
from supplyscreen.cli import app
from supplyscreen.errors import SupplyscreenError

ASSETS = Path(__file__).parent / "assets" / "check"
ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_match_json_contract_and_exit_code():
    res = run("match", "--format", "json", "HUAWEI TECH CO LTD", "華為", "HiSilicon", "ZT Systems")
    assert res.exit_code == 1  # findings
    doc = json.loads(res.stdout)
    assert [r["query"] for r in doc["results"]] == ["HUAWEI TECH CO LTD", "華為", "HiSilicon", "ZT Systems"]
    huawei = doc["results"][0]["matches"][0]
    assert huawei["entity"]["id"] == "huawei" and huawei["band"] == "exact"
    assert {"us-fcc-covered-list", "us-ndaa-889"} <= {x["id"] for d in huawei["designated"] for x in d["lists"]}
    hisilicon = doc["results"][2]["matches"][0]
    path = next(d["path"] for d in hisilicon["designated"] if d["entity"]["id"] == "huawei")
    assert path and "subsidiary of Huawei Technologies" in path[0]
    assert doc["results"][3]["matches"] == []  # ZT Systems is not ZTE


def test_match_nothing_found_exits_zero():
    res = run("match", "--format", "json", "Cisco Systems Inc")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["results"][0]["matches"] == []


def test_check_json_accounts_for_every_row():
    res = run("check", str(ASSETS / "mixed.csv"), "--format", "json")
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    s = doc["summary"]
    assert s["rows_in"] == s["rows_out"] == len(doc["items"]) == 7
    got = {it["ref"]: it["decision"] for it in doc["items"]}
    assert got == {"A1": "allow", "A2": "exclude", "A3": "exclude", "A4": "review", "A5": "unknown",
                   "A6": "unknown", "A7": "review"}
    assert doc["decision"] == "exclude"
    a2 = next(it for it in doc["items"] if it["ref"] == "A2")
    assert a2["rules"][0]["citation"].startswith("Pub. L. 115-232")
    assert a2["reason"]


def test_check_as_of_moves_ownership():
    res = run("check", str(ASSETS / "mixed.csv"), "--format", "json", "--as-of", "2021-06-01")
    got = {it["ref"]: it["decision"] for it in json.loads(res.stdout)["items"]}
    assert got["A7"] == "exclude"  # Lorex belonged to Dahua then, and the use is physical security


def test_check_clean_file_exits_zero_and_csv_output():
    res = run("check", str(ASSETS / "clean.csv"), "--format", "csv")
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("ref,line,decision") and len(lines) == 3


@pytest.mark.parametrize(
    "args, message",
    [
        (("check", "no/such/file.csv"), "no/such/file.csv"),
        (("check", str(ASSETS / "clean.csv"), "--as-of", "2021-13-40"), "--as-of"),
        (("check", str(ASSETS / "clean.csv"), "--policy", "nope"), "unknown policy"),
        (("check", str(ASSETS / "clean.csv"), "--format", "xml"), "--format"),
    ],
)
def test_errors_exit_two_with_a_message(args, message):
    res = run(*args)
    assert res.exit_code == 2
    assert message in res.output


def test_registry_show_finds_by_native_name():
    res = run("registry", "show", "華為", "--format", "json")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["id"] == "huawei"
    assert any(a["script"] == "Hant" for a in doc["aliases"])
    assert any(d["list"] == "us-fcc-covered-list" for d in doc["designations"])


def test_registry_show_finds_an_entity_on_no_list_by_name():
    res = run("registry", "show", "Honor", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["id"] == "honor"


def test_readme_commands_exist_in_help():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cmd in set(re.findall(r"(?:^|bin/)supplyscreen ((?:registry )?[a-z]+)", readme, re.M)):
        res = run(*cmd.split(), "--help")
        assert res.exit_code == 0, f"README mentions `supplyscreen {cmd}` but it has no --help"
    for opt in set(re.findall(r"(--[a-z][a-z-]+)", readme)):
        if opt in ("--format", "--as-of", "--org-designations", "--column", "--policy", "--output"):
            assert opt in run("check", "--help").output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), min_size=0, max_size=6))
def test_check_never_crashes_and_keeps_every_row(tmp_path, rows):
    path = tmp_path / "items.csv"
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["vendor", "product", "purpose", "model"])
        w.writerows(rows)
    try:
        report = library.check(path)
    except SupplyscreenError:
        return  # a clear error is allowed; a crash is not
    assert report.rows_in == report.rows_out


def test_org_designations_extend_the_registry():
    org = Path(__file__).parent / "assets" / "registry" / "org-sanwa.yaml"
    res = run("match", "--format", "json", "--org-designations", str(org), "三和工業商事", "Sanwa Kogyo Trading")
    doc = json.loads(res.stdout)
    for result in doc["results"]:
        top = result["matches"][0]
        assert top["entity"]["name"] == "Sanwa Kogyo Trading Co., Ltd."
        assert top["designated"][0]["lists"][0]["id"] == "org-test-agency"
    before = json.loads(run("match", "--format", "json", "Sanwa Kogyo Trading").stdout)
    assert before["results"][0]["matches"] == []
