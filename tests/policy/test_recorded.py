"""A pack reuses the verdict it recorded for an earlier item only when the new item says the same
about every fact that evaluation read: items that differ in a fact a rule or a sentence reads get
their own verdict, whatever was evaluated before them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import MappingProxyType

from supplyscreen import library
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.model import Band, Decision, FieldMatch, Item
from supplyscreen.policy import get_policy
from supplyscreen.policy.evaluator import PackPolicy

DAY = dt.date(2025, 6, 1)


def _policy(pack: str | Path = "us-ndaa-889") -> tuple[PackPolicy, EvidenceFinder]:
    reg = library.load_registry()
    return get_policy(str(pack), known_lists=reg.lists), EvidenceFinder(library.matcher_for(reg))


def _item(ref: str, **fields: str) -> Item:
    return Item(ref, MappingProxyType(fields))


def test_items_differing_in_a_fact_a_rule_reads_are_decided_apart() -> None:
    pol, finder = _policy()
    cctv, office, none = (_item("1", vendor="Hikvision", role="cctv-camera"),
                          _item("2", vendor="Hikvision", role="video-conferencing"),
                          _item("3", vendor="Hikvision"))
    first = [pol.evaluate(i, finder.find(i, DAY), DAY) for i in (cctv, office, none)]
    again = [pol.evaluate(i, finder.find(i, DAY), DAY) for i in (none, office, cctv)]
    assert [v.decision for v in first] == [Decision.EXCLUDE, Decision.REVIEW, Decision.REVIEW]
    assert again == first[::-1]
    assert "'video-conferencing'" in first[1].reason and "not stated" in first[2].reason


def test_a_recorded_verdict_serves_items_that_differ_only_in_unread_text() -> None:
    pol, finder = _policy()
    a = _item("1", vendor="Huawei", model="S5720-28X-SI-AC", hostname="sw-1")
    b = _item("2", vendor="Huawei", model="S5735-L48T4X-A1", hostname="sw-2")
    va = pol.evaluate(a, finder.find(a, DAY), DAY)
    vb = pol.evaluate(b, finder.find(b, DAY), DAY)
    assert vb is va  # neither rule nor sentence reads the model for a Huawei label
    assert va.decision is Decision.EXCLUDE


def test_no_match_rows_are_told_apart_by_the_maker_they_name() -> None:
    pol, finder = _policy()
    out = {}
    for ref, vendor in (("1", "Intel"), ("2", "Cisco"), ("3", "Intel"), ("4", "unknown"), ("5", "")):
        item = _item(ref, vendor=vendor, mac="02:00:00:00:00:01") if vendor else _item(ref, hostname="h")
        out[ref] = pol.evaluate(item, finder.find(item, DAY), DAY)
    assert out["1"].reason == "No designated or listed party matches vendor 'Intel'."
    assert out["2"].reason == "No designated or listed party matches vendor 'Cisco'."
    assert out["3"] is out["1"]
    assert out["4"].decision is Decision.UNKNOWN and "'unknown'" in out["4"].reason
    assert out["5"].decision is Decision.UNKNOWN


def test_sentences_that_quote_the_ref_the_value_or_a_field_stay_each_items_own(tmp_path: Path) -> None:
    pack = tmp_path / "quoting.yaml"
    pack.write_text(
        "pack: {id: quoting, name: Quoting pack, jurisdiction: XX}\n"
        "sources:\n  - {id: s, title: A source, url: 'https://example.org'}\n"
        "rules:\n"
        "  - id: q-resemble\n    outcome: review\n    citation: c\n"
        "    rationale: \"Row {ref}: '{value}' resembles {matched}.\"\n"
        "    when: {lists: ['*'], band: [possible]}\n"
        "  - id: q-site\n    outcome: exclude\n    citation: c\n"
        "    rationale: \"Row {ref} is at a listed site.\"\n"
        "    when: {fields: {site: '^HQ$'}}\n",
        encoding="utf-8")
    pol, finder = _policy(pack)
    huawei = finder.find(_item("x", vendor="Huawei"), DAY)[0]
    possible = dataclasses.replace(huawei.match, band=Band.POSSIBLE)
    first = _item("r1", vendor="Huawai")
    second = _item("r2", vendor="Hauwei")
    v1 = pol.evaluate(first, (FieldMatch("vendor", "Huawai", possible),), DAY)
    v2 = pol.evaluate(second, (FieldMatch("vendor", "Hauwei", possible),), DAY)
    assert v1.reason.startswith("Row r1: 'Huawai' resembles")
    assert v2.reason.startswith("Row r2: 'Hauwei' resembles")
    at_hq, elsewhere = _item("h1", vendor="Acme", site="HQ"), _item("h2", vendor="Acme", site="Branch")
    assert pol.evaluate(at_hq, (), DAY).reason == "Row h1 is at a listed site."
    assert pol.evaluate(elsewhere, (), DAY).decision is Decision.ALLOW
    assert pol.evaluate(_item("h3", vendor="Acme", site="HQ"), (), DAY).reason == "Row h3 is at a listed site."
