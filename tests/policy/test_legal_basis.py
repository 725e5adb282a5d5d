"""Each designated party is decided under the law its listing rests on, and the FCC pack's category
entries apply only to items whose fields say they are of the category."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest

from supplyscreen import library
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.model import Decision, Item
from supplyscreen.policy import get_policy
from supplyscreen.policy.base import Verdict


@pytest.fixture(scope="module")
def screen():
    reg = library.load_registry()
    finder = EvidenceFinder(library.matcher_for(reg))

    def run(policy: str, as_of: str | None = None, **fields: str) -> Verdict:
        pol = get_policy(policy, known_lists=reg.lists)
        item = Item("X", MappingProxyType(fields))
        day = dt.date.fromisoformat(as_of) if as_of else None
        return pol.evaluate(item, finder.find(item, day), day)
    return run


def ids(v: Verdict) -> list[str]:
    return [r.id for r in v.rules]


@pytest.mark.parametrize("fields", [
    {"vendor": "Kaspersky", "product": "Kaspersky Endpoint Security 12"},
    {"manufacturer": "AO Kaspersky Lab", "category": "application"},
    {"vendor": "Kaspersky Lab, Inc.", "product": "Kaspersky Anti-Virus"},
    {"vendor": "Лаборатория Касперского"},
    {"cpe": "cpe:2.3:a:kaspersky:endpoint_security:11.11:*:*:*:*:windows:*:*"},
])
def test_kaspersky_is_excluded_under_1634_and_far_52_204_23_never_under_889(screen, fields) -> None:
    v = screen("us-ndaa-889", **fields)
    assert v.decision is Decision.EXCLUDE and ids(v)[0] == "kaspersky-1634"
    assert "1634" in v.rules[0].citation and "52.204-23" in v.rules[0].citation
    assert not any(r.id.startswith("889-") for r in v.rules)
    assert "889" not in " ".join(r.citation for r in v.rules)


def test_huawei_is_still_excluded_under_889_with_the_contractor_use_rule(screen) -> None:
    v = screen("us-ndaa-889", as_of="2024-01-01", vendor="Huawei", product="AR6140 router")
    assert ids(v)[:2] == ["889-f3A-covered", "889-a1B-contractor-use"]
    assert "kaspersky-1634" not in ids(v)


def test_s214_carriers_are_decided_under_the_covered_list_entry(screen) -> None:
    v = screen("us-ndaa-889", vendor="China Telecom (Americas) Corp.", category="service")
    assert v.decision is Decision.EXCLUDE and ids(v) == ["covered-list-other-basis"]
    assert "214" in v.rules[0].citation


def test_a_kaspersky_mention_is_a_covered_list_lead_not_an_889_one(screen) -> None:
    v = screen("us-ndaa-889", vendor="Acme Security", product="Endpoint agent (Kaspersky inside)")
    assert v.decision is Decision.REVIEW and ids(v)[0] == "covered-list-lead"


# --- FCC category entries -----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["printer", "server", "laptop", "desktop", "tablet", "kiosk-pc", "desk-phone",
                                  "wan-router", "access-switch"])
def test_fcc_category_entries_leave_other_classes_alone(screen, role: str) -> None:
    v = screen("us-fcc-covered-list", as_of="2026-08-01", vendor="Dell", role=role)
    assert v.decision is Decision.ALLOW, v.reason


def test_designated_makers_printers_and_laptops_are_excluded_by_name_not_as_drones(screen) -> None:
    for role in ("laptop", "printer", "server"):
        v = screen("us-fcc-covered-list", as_of="2026-08-01", vendor="Huawei", role=role)
        assert v.decision is Decision.EXCLUDE and ids(v) == ["fcc-covered"], (role, ids(v))


def test_an_unstated_category_is_one_question_about_the_maker(screen) -> None:
    v = screen("us-fcc-covered-list", as_of="2026-08-01", vendor="Brother", model="HL-L2350DW")
    assert v.decision is Decision.REVIEW and ids(v) == ["fcc-category-unstated"]
    assert "Brother" in v.reason
    # Before the first category entry there is nothing to ask.
    assert screen("us-fcc-covered-list", as_of="2025-06-01", vendor="Brother").decision is Decision.ALLOW


def test_a_router_with_no_country_is_asked_about_its_country(screen) -> None:
    v = screen("us-fcc-covered-list", as_of="2026-08-01", vendor="Netgear", role="home-router")
    assert v.decision is Decision.REVIEW and ids(v) == ["fcc-router-foreign"] and "not stated" in v.reason


@pytest.mark.parametrize("pack", ["uk-huawei-dvd-2022", "ca-2022", "de-5g-2024", "se-pts-2020"])
def test_network_packs_review_a_designated_makers_other_equipment(screen, pack: str) -> None:
    # A laptop is outside every named network part: reviewed, never silently allowed.
    v = screen(pack, as_of="2026-06-01", vendor="Huawei", role="laptop")
    assert v.decision is Decision.REVIEW and "class endpoint" in v.reason
