"""Every shipped pack loads, has sources and cites each rule; the default pack reproduces §889."""

from __future__ import annotations

import pytest

from supplyscreen.policy import DEFAULT_POLICY, available, get_policy, load, shipped


def test_default_policy_is_the_889_pack() -> None:
    assert get_policy().id == DEFAULT_POLICY == "us-ndaa-889"


@pytest.mark.parametrize("pack_id", sorted(shipped()))
def test_every_shipped_pack_loads_with_sources_and_citations(pack_id: str) -> None:
    pack = load(pack_id)
    assert pack.id == pack_id
    assert pack.sources and all(s.title for s in pack.sources)
    assert any(s.url for s in pack.sources)
    assert all(r.citation and r.rationale for r in pack.rules)


def test_available_lists_every_shipped_pack() -> None:
    assert set(available()) == set(shipped())
