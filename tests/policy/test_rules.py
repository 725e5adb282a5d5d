"""Pack language: validation with line numbers, each condition kind, dates, exceptions, waivers,
as-of evaluation, and `policy test`. Items are screened against the shipped registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest
from typer.testing import CliRunner

from supplyscreen import library
from supplyscreen.cli import app
from supplyscreen.errors import PolicyError
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.model import Decision, Item
from supplyscreen.policy import get_policy, load_waivers
from supplyscreen.policy.base import Verdict
from supplyscreen.policy.loader import load_pack

ASSETS = Path(__file__).parent.parent / "assets" / "policy"
ORG = Path(__file__).parents[2] / "src/supplyscreen/registry/examples/jp-org-designations.example.yaml"


def screen(policy: str, as_of: str | None = None, ref: str = "X", org: tuple[Path, ...] = (),
           waivers: Path | None = None, parent: str | None = None, **fields: str) -> Verdict:
    reg = library.load_registry(None, org)
    pol = get_policy(policy, waivers=load_waivers(waivers) if waivers else (), known_lists=reg.lists)
    item = Item(ref, MappingProxyType(fields), parent=parent)
    day = dt.date.fromisoformat(as_of) if as_of else None
    return pol.evaluate(item, EvidenceFinder(library.matcher_for(reg)).find(item, day), day)


def rules(v: Verdict) -> list[str]:
    return [r.id for r in v.rules]


@pytest.mark.parametrize(("name", "line", "words"), [
    ("bad-condition.yaml", 10, "unknown condition 'purpse'"),
    ("bad-date.yaml", 9, "not a date"),
    ("bad-outcome.yaml", 6, "must be one of"),
    ("bad-placeholder.yaml", 8, "unknown placeholder {nonsense}"),
    ("bad-yaml.yaml", 5, "scanning a quoted scalar at line 3"),
])
def test_invalid_packs_name_file_and_line(name: str, line: int, words: str) -> None:
    with pytest.raises(PolicyError) as e:
        load_pack(ASSETS / name)
    assert f"{name}:{line}:" in str(e.value)
    assert words in str(e.value)


def test_889_any_use_and_purpose_limit() -> None:
    assert screen("us-ndaa-889", vendor="Huawei").decision is Decision.EXCLUDE
    hik = screen("us-ndaa-889", vendor="Hikvision", role="cctv-camera")
    assert hik.decision is Decision.EXCLUDE and rules(hik)[0] == "889-f3B-covered-purpose"
    assert screen("us-ndaa-889", vendor="Hikvision", purpose="防犯カメラ").decision is Decision.EXCLUDE
    other = screen("us-ndaa-889", vendor="Hikvision", purpose="video-conferencing")
    assert other.decision is Decision.REVIEW and "video-conferencing" in other.reason
    assert screen("us-ndaa-889", vendor="unknown").decision is Decision.UNKNOWN
    assert screen("us-ndaa-889", vendor="ZT Systems").decision is Decision.ALLOW


def test_889_contractor_use_rule_only_from_2020_08_13() -> None:
    before = screen("us-ndaa-889", as_of="2020-01-01", vendor="ZTE Corporation")
    after = screen("us-ndaa-889", as_of="2020-09-01", vendor="ZTE Corporation")
    assert before.decision is after.decision is Decision.EXCLUDE
    assert "889-a1B-contractor-use" not in rules(before)
    assert "889-a1B-contractor-use" in rules(after)


def test_dated_ownership_lorex_and_honor() -> None:
    inside = screen("us-ndaa-889", as_of="2020-01-01", vendor="Lorex Technology Inc.", purpose="physical-security")
    after = screen("us-ndaa-889", as_of="2023-01-01", vendor="Lorex Technology Inc.", purpose="physical-security")
    assert inside.decision is Decision.EXCLUDE
    assert after.decision is Decision.REVIEW and "former-affiliate" in rules(after)
    assert screen("us-ndaa-889", as_of="2020-06-01", vendor="Honor Device Co., Ltd.").decision is Decision.EXCLUDE
    assert screen("us-ndaa-889", as_of="2021-06-01", vendor="Honor Device Co., Ltd.").decision is Decision.ALLOW


def test_router_category_only_from_2026_03_23_and_country_unknown_is_review() -> None:
    fields = {"vendor": "Netgear", "category": "router", "country": "CN"}
    assert screen("us-fcc-covered-list", as_of="2026-03-22", **fields).decision is Decision.ALLOW
    assert screen("us-fcc-covered-list", as_of="2026-03-23", **fields).decision is Decision.EXCLUDE
    assert screen("us-fcc-covered-list", as_of="2026-04-01", vendor="Netgear", category="router",
                  country="US").decision is Decision.ALLOW
    assert screen("us-fcc-covered-list", as_of="2026-04-01", vendor="Netgear",
                  category="router").decision is Decision.REVIEW


def test_category_exceptions_and_toy_drone_removal() -> None:
    drone = {"vendor": "Skydio", "category": "drone", "country": "CN"}
    assert screen("us-fcc-covered-list", as_of="2026-01-01", **drone).decision is Decision.EXCLUDE
    blue = screen("us-fcc-covered-list", as_of="2026-01-01", exception="blue-uas", **drone)
    assert blue.decision is Decision.ALLOW and rules(blue) == ["fcc-uas-blue-or-buy-american"]
    # Blue UAS and Buy American ran until 2028-01-01.
    assert screen("us-fcc-covered-list", as_of="2028-02-01", exception="blue-uas", **drone).decision is Decision.EXCLUDE
    # Toy drones left the entry on 2026-06-15.
    assert screen("us-fcc-covered-list", as_of="2026-03-01", exception="toy-drone", **drone).decision is Decision.EXCLUDE
    assert screen("us-fcc-covered-list", as_of="2026-07-01", exception="toy-drone", **drone).decision is Decision.ALLOW


def test_889_exceptions_are_per_item_assertions() -> None:
    v = screen("us-ndaa-889", vendor="Huawei", exception="no-user-data")
    assert v.decision is Decision.ALLOW
    assert "cannot route or redirect" in v.reason and "889-f3A-covered" in v.reason


def test_deadline_phases_review_before_exclude_after() -> None:
    pack = str(ASSETS / "mini.yaml")
    assert screen(pack, as_of="2023-12-31", vendor="Huawei", category="core").decision is Decision.REVIEW
    assert screen(pack, as_of="2024-01-01", vendor="Huawei", category="core").decision is Decision.EXCLUDE
    uk = "uk-huawei-dvd-2022"
    assert screen(uk, as_of="2027-06-01", vendor="Huawei", category="5G RAN").decision is Decision.REVIEW
    assert screen(uk, as_of="2028-01-01", vendor="Huawei", category="5G RAN").decision is Decision.EXCLUDE
    assert screen("ca-2022", as_of="2024-07-01", vendor="ZTE", category="5G").decision is Decision.EXCLUDE


def test_component_role_and_component_conditions() -> None:
    pack = str(ASSETS / "mini.yaml")
    assert screen(pack, vendor="ZTE Corporation", category="network module", component_role="essential").decision is Decision.REVIEW
    assert screen(pack, vendor="ZTE Corporation", category="network module", component_role="ancillary").decision is Decision.ALLOW
    jp = screen("jp-gov-it-procurement-2018", org=(ORG,), parent="board", vendor="Huawei")
    assert jp.decision is Decision.REVIEW and rules(jp)[0] == "jp-designated-part"


def test_criteria_only_pack_needs_organisation_designations() -> None:
    jp = "jp-gov-it-procurement-2018"
    assert screen(jp, vendor="Fujitsu", category="router").decision is Decision.REVIEW
    assert screen(jp, vendor="Fujitsu").decision is Decision.REVIEW  # category unknown: still not allowed
    assert screen(jp, org=(ORG,), vendor="Fujitsu", category="router").decision is Decision.ALLOW
    assert screen(jp, org=(ORG,), vendor="Huawei").decision is Decision.EXCLUDE
    assert screen("eu-5g-toolbox", vendor="Huawei").decision is Decision.REVIEW
    assert screen("in-trusted-sources-2021", vendor="Cisco").decision is Decision.REVIEW
    assert screen("in-trusted-sources-2021", vendor="Cisco", exception="existing-equipment").decision is Decision.ALLOW


def test_waivers_current_expired_and_out_of_scope() -> None:
    w = ASSETS / "waivers.yaml"
    current = screen("us-ndaa-889", as_of="2024-06-01", ref="A1", waivers=w, vendor="Huawei")
    assert current.decision is Decision.ALLOW and rules(current)[0] == "waiver:W-CURRENT"
    lapsed = screen("us-ndaa-889", as_of="2025-06-01", ref="A1", waivers=w, vendor="Huawei")
    assert lapsed.decision is Decision.EXCLUDE and "W-CURRENT" in lapsed.reason and "expired on 2025-01-01" in lapsed.reason
    old = screen("us-ndaa-889", ref="A2", waivers=w, vendor="Huawei")
    assert old.decision is Decision.EXCLUDE and "W-OLD" in old.reason
    other = screen("us-ndaa-889", ref="A3", waivers=w, vendor="Huawei")
    assert other.decision is Decision.EXCLUDE and "does not cover rule" in other.reason
    assert screen("us-ndaa-889", ref="A9", waivers=w, vendor="Huawei").reason.count("Waiver") == 0


def test_waiver_file_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text("waivers:\n  - id: W1\n    approver: X\n    justification: Y\n    expires: someday\n")
    with pytest.raises(PolicyError, match=r"w\.yaml:5: .*not a date"):
        load_waivers(bad)


def test_policy_cli_list_show_explain_and_test() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["policy", "list"])
    assert listed.exit_code == 0 and "jp-gov-it-procurement-2018" in listed.output
    shown = runner.invoke(app, ["policy", "show", "uk-huawei-dvd-2022"])
    assert shown.exit_code == 0 and "2023-12-31" in shown.output and "gov.uk" in shown.output
    explained = runner.invoke(app, ["policy", "explain", "Hikvision", "--purpose", "public-safety"])
    assert explained.exit_code == 1 and "889-f3B-covered-purpose" in explained.output
    ok = runner.invoke(app, ["policy", "test"])
    assert ok.exit_code == 0, ok.output
    failing = runner.invoke(app, ["policy", "test", str(ASSETS / "mini.tests.yaml")])
    assert failing.exit_code == 1
    assert "1 passed, 1 failed" in failing.output and "expected exclude, got review" in failing.output


def test_check_accepts_pack_paths_and_waivers(tmp_path: Path) -> None:
    csv = tmp_path / "items.csv"
    csv.write_text("id,vendor,category,country\nA1,Huawei,core router,CN\nA2,Netgear,router,CN\n")
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(csv), "--policy", str(ASSETS / "mini.yaml"), "--as-of", "2024-06-01",
                              "--format", "json"])
    assert res.exit_code == 1 and '"exclude"' in res.stdout
    res = runner.invoke(app, ["check", str(csv), "--waivers", str(ASSETS / "waivers.yaml"), "--as-of", "2024-06-01",
                              "--format", "json"])
    assert res.exit_code == 0 and "W-CURRENT" in res.stdout  # A1 waived, A2 not covered by s.889


def test_software_of_an_equipment_designation_is_reviewed_but_kaspersky_software_is_excluded() -> None:
    sdk = screen("us-ndaa-889", purl="pkg:maven/com.huaweicloud/esdk-obs-java@3.23.9", category="library")
    assert sdk.decision is Decision.REVIEW and rules(sdk)[0] == "designated-publisher-software"
    firmware = screen("us-ndaa-889", manufacturer="Huawei Technologies Co., Ltd.", category="firmware")
    assert firmware.decision is Decision.EXCLUDE
    av = screen("us-ndaa-889", manufacturer="AO Kaspersky Lab", category="application")
    assert av.decision is Decision.EXCLUDE
    # An item list without a component type: the product text decides.
    assert screen("us-ndaa-889", vendor="Huawei", product="Huawei Cloud SDK").decision is Decision.REVIEW
    assert screen("us-ndaa-889", vendor="Huawei", product="AR6120 router").decision is Decision.EXCLUDE


def test_a_stated_unknown_manufacturer_is_not_settled_by_the_distributor() -> None:
    v = screen("us-ndaa-889", manufacturer="unknown", supplier="Bayview Components Inc.")
    assert v.decision is Decision.UNKNOWN
    assert screen("us-ndaa-889", manufacturer="unknown", brand="Cisco").decision is Decision.ALLOW
