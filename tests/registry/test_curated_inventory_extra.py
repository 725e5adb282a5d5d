"""Curated facts that the inventory-extra set showed missing, checked against the committed snapshot."""

from __future__ import annotations

import pytest

from supplyscreen import match
from supplyscreen.registry import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(("name", "group"), [("Хуавэй", "huawei"), ("Хуавей", "huawei"),
                                             ("Хиквижн", "hikvision"), ("Дахуа", "dahua")])
def test_russian_spellings_name_the_group(name: str, group: str) -> None:
    top = match(name)[0]
    assert group in {d.entity.id for d in top.designated}


@pytest.mark.parametrize(("prefix", "entity_id", "parent"), [("AC64DD5", "zte-shanghai", "zte"),
                                                            ("34BD20", "hikrobot", "hikvision"),
                                                            ("B0B3536", "hikrobot", "hikvision")])
def test_subsidiary_mac_blocks_reach_the_parent(reg: Registry, prefix: str, entity_id: str, parent: str) -> None:
    assert [e.id for e in reg.by_identifier("mac", prefix)] == [entity_id]
    assert {link.entity.id for link in reg.designated_links(entity_id)} >= {parent}
