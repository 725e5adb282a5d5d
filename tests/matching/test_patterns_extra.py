"""Product-line patterns added after the inventory-extra set: tiny positive and negative cases."""

from __future__ import annotations

import pytest

from supplyscreen.matching.patterns import SELLER, find_patterns


@pytest.mark.parametrize("model", ["SD49425GB-HNR", "SD6AL445XA-HNR", "SD22404DB-GNY", "DH-SD1A404XB-GNR"])
def test_dahua_ptz_numbering(model: str) -> None:
    assert [h.pattern.maker for h in find_patterns({"model": model})] == ["dahua"]


@pytest.mark.parametrize("model", ["SDSQXA1-128G", "SD-WAN Edge 1000", "SDX55"])
def test_dahua_ptz_pattern_leaves_other_sd_names_alone(model: str) -> None:
    assert find_patterns({"model": model}) == []


@pytest.mark.parametrize("label", ["Vodafone", "EE", "Telstra", "T-Mobile", "CDW Government", "SHI International",
                                   "Insight Public Sector"])
def test_carriers_and_resellers_are_sellers(label: str) -> None:
    assert SELLER.match(label)


@pytest.mark.parametrize("label", ["Huawei", "Cisco Systems", "Telit", "Eero", "Insightful Labs"])
def test_makers_are_not_sellers(label: str) -> None:
    assert not SELLER.match(label)
