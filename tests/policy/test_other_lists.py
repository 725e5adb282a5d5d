"""us-ndaa-889 and the lists it does not enforce: another government list (Entity List, 1260H) is
noted and allowed; an organisation's own designation is still a review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

from supplyscreen import library
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.model import Decision, Item
from supplyscreen.policy import get_policy

ORG_FILE = """\
list: {id: acme-own-bans, name: Acme's own bans, authority: Acme IT board, restricts_purchase: true}
source: {id: acme-board-2025, title: Acme IT board minutes 2025-04}
designations:
  - {name: Widgetron Surveillance Ltd, added: 2025-04-01, scope: all}
"""


def screen(org: tuple[Path, ...] = (), **fields: str):
    reg = library.load_registry(None, org)
    pol = get_policy("us-ndaa-889", known_lists=reg.lists)
    item = Item("X", MappingProxyType(fields))
    return pol.evaluate(item, EvidenceFinder(library.matcher_for(reg)).find(item, None), dt.date(2026, 1, 1))


def test_a_firm_only_on_another_government_list_is_allowed_and_noted() -> None:
    v = screen(vendor="TP-Link")
    assert v.decision is Decision.ALLOW and [r.id for r in v.rules] == ["other-list"]


def test_an_organisations_own_designation_is_reviewed(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG_FILE, encoding="utf-8")
    v = screen((org,), vendor="Widgetron Surveillance Ltd")
    assert v.decision is Decision.REVIEW and "org-designation" in [r.id for r in v.rules]


def test_a_product_type_is_not_a_stated_use_and_a_use_is_quoted_once() -> None:
    from types import MappingProxyType

    from supplyscreen.model import Item
    from supplyscreen.policy.conditions import facts

    typed = facts(Item("c1", MappingProxyType({"category": "device"})))
    assert typed.purpose == "" and typed.purpose_class == "missing"
    cctv = facts(Item("c2", MappingProxyType({"category": "CCTV camera"})))
    assert cctv.purpose_class == "covered"
    twice = facts(Item("c3", MappingProxyType({"role": "anpr-camera", "purpose": "anpr-camera", "category": "device"})))
    assert twice.purpose == "anpr-camera"
    lab = facts(Item("c4", MappingProxyType({"role": "lab-test", "category": "CCTV camera"})))
    assert lab.purpose_class == "other"  # the stated use decides, not the product type
