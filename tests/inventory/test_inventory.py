"""Inventory audit: nmap input, model-number evidence, label/identifier conflicts, the plan, the
HTML report and the work orders, on tiny real files in tests/assets/inventory."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest
from typer.testing import CliRunner

from supplyscreen import library
from supplyscreen.cli import app
from supplyscreen.inventory.plan import build_plan, cell, load_deadlines, load_roles, write_work_orders
from supplyscreen.inventory.report import render
from supplyscreen.matching.conflicts import names_agree
from supplyscreen.matching.patterns import bundled_patterns, find_patterns, load_patterns

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "inventory"
DEVICES = ASSETS / "devices.csv"


@pytest.fixture(scope="module")
def report():
    return library.check(DEVICES)


def _by_ref(report):
    return {r.item.ref: r for r in report.results}


def test_model_number_alone_is_review_with_pattern_and_source(report):
    r = _by_ref(report)["M1"]
    assert r.decision.value == "review"
    fm = next(fm for fm in r.matches if fm.field == "model")
    assert fm.match.band.value == "possible"
    assert "dahua-ipc" in fm.match.explanation and "dahuasecurity.com" in fm.match.explanation
    assert _by_ref(report)["M2"].decision.value == "review"


def test_look_alike_model_number_with_another_makers_identifier_is_not_a_lead(report):
    # Teltronics' IDS-2000 is not Hikvision's iDS- line, and its PEN names Teltronics.
    assert _by_ref(report)["M3"].decision.value == "allow"


def test_every_pattern_names_a_registry_maker_and_a_source():
    reg = library.load_registry()
    for p in bundled_patterns():
        assert p.maker in reg.entities, p.id
        assert p.source.startswith(("http", "Hikvision", "Dahua", "Huawei", "ZTE", "Hytera", "Kaspersky", "EZVIZ")), p.id
        assert 0.6 <= p.confidence <= 1.0


@pytest.mark.parametrize(("model", "maker"), [
    ("DS-2CD2T47G2-L", "hikvision"), ("DS-K1T671M", "hikvision"), ("AirEngine 5761-11", "huawei"),
    ("ZXA10 C600", "zte"), ("NVR5432-16P-EI", "dahua"), ("HR1065", "hytera"), ("CE6881-48S6CQ", "huawei"),
])
def test_patterns_find_product_lines(model, maker):
    assert [h.pattern.maker for h in find_patterns({"model": model})] == [maker]


@pytest.mark.parametrize("model", ["IDS-2000", "NVR301-04S3", "S5850-48S6Q", "USG1100", "Q6135-LE", "C9300-48P"])
def test_patterns_leave_other_makers_alone(model):
    assert find_patterns({"model": model}) == []


def test_bad_pattern_file_names_the_file(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("patterns:\n  - id: x\n    maker: huawei\n    regex: '('\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"p\.yaml"):
        load_patterns(bad)


def test_relabel_is_a_finding_with_both_pieces_of_evidence(report):
    r = _by_ref(report)["R1"]
    assert r.decision.value == "exclude"
    fields = {fm.field for fm in r.matches}
    assert {"vendor", "mac"} <= fields
    assert "The vendor says 'LTS'" in r.reason and "made by Hangzhou Hikvision" in r.reason


def test_identifier_beats_a_name_resemblance(report):
    # "Poly" is the name of a firm that registered MAC blocks, not Poly Technologies (Entity List).
    r = _by_ref(report)["P1"]
    assert r.decision.value == "allow" and not any(fm.match.designated for fm in r.matches)
    # A label that only resembles the listed firm yields to the MAC block's registrant.
    from supplyscreen import library
    from supplyscreen.model import Item
    from supplyscreen.screen import Tally

    screener = library.make_screener(library.load_registry())
    item = Item("P2", MappingProxyType({"vendor": "Poly Comms", "mac": "64:16:7F:6D:22:A4"}), line=2)
    (r,) = list(screener.screen(iter([item]), Tally()))
    assert r.decision.value == "allow"
    assert "Polycom" in r.reason and "resembles Poly Technologies" in r.reason


def test_names_agree_needs_a_real_word():
    assert names_agree("Poly", "Polycom")
    assert not names_agree("Huawei", "Intel Corporate")
    assert not names_agree("HP", "HPE")


def test_duplicate_asset_ids_are_kept_with_unique_refs(report):
    refs = [r.item.ref for r in report.results]
    assert "D1" in refs and "D1#2" in refs
    assert len(refs) == len(set(refs)) == report.rows_in == 10


def test_bad_mac_row_is_kept_and_decided(report):
    r = _by_ref(report)["X1"]
    assert r.decision.value in ("review", "exclude")


def test_nmap_xml_hosts_are_items():
    rep = library.check(ASSETS / "scan.nmap.xml")
    assert rep.source.format == "nmap-xml" and rep.rows_in == rep.rows_out == 4
    by = _by_ref(rep)
    assert by["10.0.0.4"].decision.value == "exclude"  # Huawei MAC block
    assert by["10.0.0.3"].decision.value == "allow"
    assert by["10.0.0.5"].decision.value == "unknown" and "only an IP address" in by["10.0.0.5"].reason


def test_nmap_reader_refuses_entity_expansion(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE nmaprun [<!ENTITY a "aaaa">]><nmaprun>&a;</nmaprun>',
                    encoding="utf-8")
    with pytest.raises(Exception, match="nmap"):
        library.check(bomb)


def _plan(report, jurisdictions, as_of):
    return build_plan(report.results, library.load_registry(), load_roles(), load_deadlines(), jurisdictions, as_of)


def test_plan_deadlines_per_role_and_jurisdiction(report):
    before = _plan(report, ("GB",), dt.date(2023, 6, 1))
    work = {w.ref: w for w in before.work}
    assert work["H1"].cls == "core" and work["H1"].deadline == dt.date(2023, 12, 31)
    # Mobile backhaul is neither the core nor 5G radio access: the UK pack reviews it as outside the
    # direction's dated parts, and the plan gives it no date (before, the plan said 2027-12-31).
    assert work["H2"].cls == "aggregation" and work["H2"].deadline is None
    assert before.overdue == 0
    after = _plan(report, ("GB",), dt.date(2024, 1, 2))
    assert {w.ref for w in after.work if w.deadline and w.deadline < after.as_of} == {"H1"}


def test_plan_orders_a_jurisdictions_deadlines_earliest_first(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("asset_id,hostname,role,vendor,model\nR1,site-9,5g-lte-router,ZTE,MC801A\n", encoding="utf-8")
    results = library.check(inv).results
    ca = {w.ref: w for w in build_plan(results, library.load_registry(), load_roles(), load_deadlines(), ("CA",),
                                       dt.date(2024, 1, 1)).work}
    assert ca["R1"].deadline == dt.date(2024, 6, 28)  # 5G date first; 4G date is the later rule
    assert [d.rule for d in ca["R1"].rules] == ["ca-5g", "ca-4g"]


def test_us_plan_dates_huawei_zte_under_889_a1A_and_a1B_and_kaspersky_under_1634(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("asset_id,hostname,role,vendor,model\n"
                   "H1,rtr-1,wan-router,Huawei,AR6140\nZ1,sw-1,access-switch,ZTE,ZXR10 2928E\n"
                   "C1,cam-1,cctv-camera,Hikvision,DS-2CD2143G2-I\nC2,cam-2,conference-camera,Hikvision,DS-UVC-X12\n"
                   "K1,proxy-1,web-proxy,Kaspersky,Kaspersky Web Traffic Security\n", encoding="utf-8")
    results = library.check(inv, "us-ndaa-889").results
    plan = build_plan(results, library.load_registry(), load_roles(), load_deadlines(), ("US",), dt.date(2026, 1, 1),
                      "us-ndaa-889")
    work = {w.ref: w for w in plan.work}
    for ref in ("H1", "Z1"):
        assert work[ref].deadline == dt.date(2019, 8, 13)
        assert [d.rule for d in work[ref].rules][:2] == ["889-f3A-covered", "889-a1B-contractor-use"]
    assert work["C1"].deadline == dt.date(2019, 8, 13)
    # A conference camera is not a covered use: the pack reviews it, so no s.889 date applies.
    assert work["C2"].deadline is None and work["C2"].cls == "camera"
    assert work["K1"].deadline == dt.date(2018, 10, 1) and work["K1"].rules[0].rule == "kaspersky-1634"


def test_roles_are_user_mappable(tmp_path, report):
    roles = tmp_path / "roles.yaml"
    roles.write_text(
        "fields: [role]\nclasses: {core: the core}\n"
        "kinds:\n  - {id: backhaul-core, class: core, categories: [core-network], words: ['mobile-backhaul', 'pe-router']}\n",
        encoding="utf-8")
    plan = build_plan(report.results, library.load_registry(), load_roles(roles), load_deadlines(), ("GB",),
                      dt.date(2023, 6, 1))
    assert {w.ref: w for w in plan.work}["H2"].deadline == dt.date(2023, 12, 31)


def test_a_bad_roles_file_names_the_file(tmp_path):
    from supplyscreen.errors import InputError

    roles = tmp_path / "roles.yaml"
    roles.write_text("classes:\n  core: ['(']\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"roles\.yaml"):
        load_roles(roles)


def test_report_html_has_the_charts_and_escapes_input(report):
    html = render(_plan(report, ("GB", "US"), dt.date(2026, 1, 1)), "devices.csv", "us-ndaa-889")
    for chart in ('id="by-maker"', 'id="by-site"', 'id="by-deadline"', 'id="burn-down"'):
        assert chart in html
    assert "<script" not in html and "<svg" in html
    assert "=HYPERLINK(\"" not in html  # input text is escaped, never markup


def test_work_orders_escape_formulas(tmp_path, report):
    files = write_work_orders(_plan(report, ("GB", "US"), dt.date(2026, 1, 1)), tmp_path)
    assert files
    rows = [row for f in files for row in csv.reader(f.open(encoding="utf-8-sig"))]
    cells = [c for row in rows for c in row]
    assert not any(c.lstrip(" ").startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert cell("-1+2") == "'-1+2" and cell("plain") == "plain"


def test_report_command_writes_html_and_work_orders(tmp_path):
    out = tmp_path / "plan.html"
    res = CliRunner().invoke(app, ["report", str(DEVICES), "-o", str(out), "--jurisdiction", "GB",
                                   "--work-orders", str(tmp_path / "wo")])
    assert res.exit_code == 1, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert list((tmp_path / "wo").glob("*.csv"))
    bad = CliRunner().invoke(app, ["report", str(DEVICES), "-o", str(out), "--jurisdiction", "XX"])
    assert bad.exit_code == 2


def test_no_conflict_without_designated_evidence():
    from supplyscreen import library
    from supplyscreen.matching.conflicts import ConflictFinder
    from supplyscreen.model import Item

    finder = ConflictFinder(library.matcher_for(library.load_registry()))
    clean = Item("c", MappingProxyType({"vendor": "Acme Networks", "mac": "64:16:7F:6D:22:A4"}))
    assert finder.find(clean, (), None) == []


def test_burn_down_date_labels_close_together_take_two_lines(report):
    import re
    from itertools import pairwise

    from supplyscreen.inventory.report import burn_down_chart

    svg = burn_down_chart(_plan(report, ("GB", "US"), dt.date(2026, 11, 23)))
    labels = [(float(x), float(y)) for x, y in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="10"', svg)]
    assert labels
    for (x1, y1), (x2, y2) in pairwise(labels):
        assert x2 - x1 >= 66 or y1 != y2  # no two dates drawn over each other


def test_an_unstated_category_is_one_question_per_maker_not_a_work_order_per_device(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("asset_id,hostname,role,vendor,model\nB1,dev-1,,Brother,HL-L2350DW\nB2,dev-2,,Brother,MFC-L8900CDW\n"
                   "P1,prn-1,printer,HP,LaserJet M611\nR1,rtr-1,home-router,Netgear,RAX50\n", encoding="utf-8")
    day = dt.date(2026, 8, 1)
    results = library.check(inv, "us-fcc-covered-list", day).results
    plan = build_plan(results, library.load_registry(), load_roles(), load_deadlines(), ("US",), day,
                      "us-fcc-covered-list")
    assert plan.questions == {"Brother": 2}
    assert [w.ref for w in plan.work] == ["R1"]  # the router's country is unknown: a device to review
    assert plan.devices == 4 and plan.decisions["review"] == 3
    html = render(plan, "inv.csv", "us-fcc-covered-list")
    assert "What does Brother supply you (2 devices" in html
