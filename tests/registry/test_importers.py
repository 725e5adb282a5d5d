"""Importers: each format reads into a snapshot, and bad input names its file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from supplyscreen.errors import InputError
from supplyscreen.model import RelationKind
from supplyscreen.registry import Registry
from supplyscreen.registry import snapshot as snap
from supplyscreen.registry.importers import load_any

ASSETS = Path(__file__).parents[1] / "assets" / "registry"
EXAMPLE = Path(__file__).parents[2] / "src/supplyscreen/registry/examples/jp-org-designations.example.yaml"


def test_csl_json_api_splits_affiliates_and_keeps_end_dates(tmp_path: Path) -> None:
    s = load_any(ASSETS / "csl_api.json")
    by_name = {e.name: e for e in s.entities}
    marine = by_name["Huawei Marine Networks Co., Ltd."]
    assert marine.designations[0].list_id == "us-csl-entity-list"
    assert "HMN Tech" in [a.name for a in marine.aliases]
    parent = by_name["Huawei Technologies Co., Ltd. (Huawei)"]
    assert (marine.id, RelationKind.AFFILIATE_OF, parent.id) in [(r.subject, r.kind, r.object) for r in s.relations]
    dahua = by_name["DAHUA ELECTRONICS CORPORATION"]
    assert dahua.designations[0].removed == dt.date(2025, 11, 19)
    # round trip through the snapshot file format
    snap.dump(s, tmp_path / "x.json.gz")
    assert snap.load(tmp_path / "x.json.gz") == s


def test_csl_csv_bad_date_names_file_line_and_column() -> None:
    with pytest.raises(InputError, match=r"csl_bad_date\.csv:3 \(column start_date\)"):
        load_any(ASSETS / "csl_bad_date.csv")


def test_org_csv_adds_designation_and_relation() -> None:
    s = load_any(ASSETS / "org.csv")
    (e,) = s.entities
    assert e.country == "CN" and [a.name for a in e.aliases] == ["Example Tel", "EXT"]
    assert e.designations[0].list_id == "acme-blocklist"
    assert e.designations[0].added == dt.date(2024, 1, 1)
    assert [(r.kind, r.object) for r in s.relations] == [(RelationKind.SUBSIDIARY_OF, "huawei")]


def test_org_yaml_bad_date_names_line() -> None:
    with pytest.raises(InputError, match=r"org_bad\.yaml:6 \(column added\)"):
        load_any(ASSETS / "org_bad.yaml")


def test_japan_example_merges_into_the_shipped_registry() -> None:
    r = Registry.load(extra=[EXAMPLE])
    lists = [d.list_id for d in r.get("huawei").designations]  # type: ignore[union-attr]
    assert "jp-example-agency-it-procurement" in lists
    assert "illustrative" in r.sources["jp-example-press-2018"].note


def test_ftm_entities_identifiers_and_ownership() -> None:
    s = load_any(ASSETS / "ftm.jsonl")
    ids = {e.id: e for e in s.entities}
    assert set(ids) == {"ftm-os-parent", "ftm-os-child"}
    assert ("lei", "5493001KJTIIGC8Y1R12") in [(i.scheme, i.value) for i in ids["ftm-os-parent"].identifiers]
    assert ids["ftm-os-parent"].country == "CN"
    assert [(r.subject, r.object) for r in s.relations] == [("ftm-os-child", "ftm-os-parent")]
    assert {x.id for x in s.lists} == {"ftm-us_fcc_covered_list"}


def test_ftm_bad_line_names_line() -> None:
    with pytest.raises(InputError, match=r"ftm_bad\.jsonl:2"):
        load_any(ASSETS / "ftm_bad.jsonl")


def test_unknown_extension_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "list.txt"
    p.write_text("x")
    with pytest.raises(InputError, match="unknown registry file type"):
        load_any(p)


def test_alias_lists_written_as_prose_lose_their_joining_word():
    from supplyscreen.registry.assemble import Draft

    d = Draft("x", "Center for High Pressure Science and Technology Advanced Research")
    for alias in ("HPSTAR; and", "and", "and PJSC ASZ", "Marks and Spencer"):
        d.add_alias(alias, "test")
    assert [a.name for a in d.aliases] == ["HPSTAR", "PJSC ASZ", "Marks and Spencer"]
