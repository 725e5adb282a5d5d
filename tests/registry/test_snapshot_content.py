"""Facts a screening user relies on, checked against the committed registry snapshot."""

from __future__ import annotations

import datetime as dt

import pytest

from supplyscreen.registry import Registry

D = dt.date


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def _targets(reg: Registry, entity_id: str, as_of: dt.date | None = None) -> dict[str, bool]:
    return {link.entity.id: link.former for link in reg.designated_links(entity_id, as_of)}


def test_huawei_has_native_aliases_and_all_its_lists(reg: Registry) -> None:
    e = reg.get("huawei")
    assert e is not None and e.name == "Huawei Technologies Co., Ltd."
    scripts = {(a.name, a.script) for a in e.aliases}
    assert {("华为技术有限公司", "Hans"), ("華為技術有限公司", "Hant"), ("ファーウェイ", "Jpan")} <= scripts
    assert {"us-fcc-covered-list", "us-ndaa-889", "us-bis-entity-list"} <= {d.list_id for d in e.designations}
    assert "Huawei Technologies Company" in e.all_names()


def test_parents_have_fixed_ids(reg: Registry) -> None:
    for entity_id in ("huawei", "zte", "hikvision", "dahua", "hytera", "kaspersky-lab-ao", "kaspersky-lab-inc"):
        assert reg.get(entity_id) is not None
    s889 = next(d for d in reg.get("dahua").designations if d.list_id == "us-ndaa-889")  # type: ignore[union-attr]
    assert "public safety" in s889.scope and s889.citation.endswith("(B)")


@pytest.mark.parametrize(
    ("start", "target"),
    [("hisilicon", "huawei"), ("ezviz", "hikvision"), ("sepura", "hytera"), ("teltronic", "hytera"),
     ("zte-parsian", "zte"), ("hytera-hk", "hytera"), ("kaspersky-lab-inc", "kaspersky-lab-ao")],
)
def test_subsidiaries_reach_their_designated_parent(reg: Registry, start: str, target: str) -> None:
    assert _targets(reg, start).get(target) is False


def test_lorex_is_former_after_the_sale(reg: Registry) -> None:
    assert _targets(reg, "lorex", D(2020, 1, 1)).get("dahua") is False
    assert _targets(reg, "lorex", D(2024, 1, 1)).get("dahua") is True


def test_honor_leaves_huawei_on_2020_11_17(reg: Registry) -> None:
    assert "huawei" in _targets(reg, "honor", D(2019, 6, 1))
    assert _targets(reg, "honor", D(2020, 11, 16)).get("huawei") is False
    assert _targets(reg, "honor", D(2022, 1, 1)) == {}


def test_dahua_electronics_is_not_dahua(reg: Registry) -> None:
    hits = [e for e in reg if e.name == "DAHUA ELECTRONICS CORPORATION"]
    assert len(hits) == 1 and hits[0].id != "dahua"
    assert _targets(reg, hits[0].id, D(2020, 1, 1)).keys() == {hits[0].id}


def test_h3c_is_not_its_listed_semiconductor_namesake(reg: Registry) -> None:
    from supplyscreen.matching.matcher import Matcher

    h3c = reg.get("new-h3c")
    assert h3c is not None and not h3c.designations and not reg.designated_links("new-h3c")
    m = Matcher(reg)
    for name in ("H3C", "New H3C Technologies Co., Ltd.", "新华三技术有限公司"):
        assert m.match(name) == (), name  # a sure match to the maker, not a look-alike of the listed firm
    listed = m.match("New H3C Semiconductor Technologies Co., Ltd.")
    assert listed and listed[0].entity.name == "New H3C Semiconductor Technologies Co., Ltd."
    assert reg.get(listed[0].entity.id).designations  # type: ignore[union-attr]


def test_mac_blocks_go_to_the_exact_registrant(reg: Registry) -> None:
    honor_macs = {i.value for i in reg.get("honor").identifiers if i.scheme == "mac"}  # type: ignore[union-attr]
    huawei_macs = {i.value for i in reg.get("huawei").identifiers if i.scheme == "mac"}  # type: ignore[union-attr]
    assert honor_macs and not honor_macs & huawei_macs
    for e in reg:
        for i in e.identifiers:
            if i.scheme == "mac":
                assert len(i.value) in (6, 7, 9) and i.value == i.value.upper()
                assert "Scale Factory" not in i.note and "Huami" not in i.note


def test_pen_traps_are_not_designated(reg: Registry) -> None:
    for number in ("3600", "14457", "47956", "29279", "20110"):
        (holder,) = reg.by_identifier("pen", number)
        assert not holder.designations and not reg.designated_links(holder.id)
    assert [e.id for e in reg.by_identifier("pen", "2011")] == ["huawei"]


def test_toy_drones_category_was_removed(reg: Registry) -> None:
    toy = reg.get("fcc-category-toy-drones")
    assert toy is not None and toy.kind == "category"
    assert toy.designations[0].active(D(2026, 1, 1)) and not toy.designations[0].active(D(2026, 7, 1))


def test_integrity_lists_relations_and_sources(reg: Registry) -> None:
    for e in reg:
        for d in e.designations:
            assert d.list_id in reg.lists, (e.id, d.list_id)
            assert d.source in reg.sources, (e.id, d.source)
        for a in e.aliases:
            assert a.source in reg.sources, (e.id, a.name)
        for i in e.identifiers:
            assert i.source in reg.sources, (e.id, i.value)
    for r in reg.data.relations:
        assert r.subject in reg.entities and r.object in reg.entities
        assert r.source in reg.sources, r
    purchase = {x.id for x in reg.lists.values() if x.restricts_purchase}
    assert purchase == {"us-fcc-covered-list", "us-ndaa-889"}


def test_relabellers_are_evidence_not_ownership(reg: Registry) -> None:
    links = reg.designated_links("amcrest")
    assert [link.entity.id for link in links] == ["dahua"]
    assert not links[0].relation_kinds[0].conveys_designation
    assert reg.get("lts").group == ""  # type: ignore[union-attr]
    # Alibi now relabels Uniview (Entity List only), never Hikvision or Dahua.
    assert not {"hikvision", "dahua"} & _targets(reg, "alibi").keys()


@pytest.mark.parametrize(("block", "entity_id", "group"), [
    ("ECDFC9", "hikmicro", "hikvision"),      # Hangzhou Microimage Software Co., Ltd (HIKMICRO)
    ("407AA4", "dahua", "dahua"),             # ZHEJIANG DAHUA TECHNOLOGYCO.,LTD ("Co." glued to the word)
    ("202C05", "dahua-zhilian", "dahua"),
    ("2CC44F9", "kaspersky-middle-east", "kaspersky"),
    ("6469BC", "hytera", "hytera"),           # "Hytera Communications Co .,ltd" of Shenzhen, not the UK company
    ("684983", "huawei", "huawei"),           # assigned since the 2022 ieee-data snapshot
])
def test_ieee_registrants_tie_to_entities_by_name(reg: Registry, block: str, entity_id: str, group: str) -> None:
    (e,) = reg.by_identifier("mac", block)
    assert (e.id, e.group) == (entity_id, group)
    assert reg.designated_links(e.id, None)


@pytest.mark.parametrize("block", ["540237", "0001D8", "402C761"])  # Teltronic AG, Teltronics Inc., Dahua Scale
def test_look_alike_registrants_tie_to_no_designated_entity(reg: Registry, block: str) -> None:
    assert not any(e.group for e in reg.by_identifier("mac", block))


def test_entity_list_listings_of_the_1990s_keep_their_century(reg: Registry) -> None:
    paec = reg.get("bis-pakistan-atomic-energy-commission-paec")
    assert paec is not None
    (listing,) = [d for d in paec.designations if d.list_id == "us-bis-entity-list"]
    assert listing.added == D(1998, 11, 19)
    assert listing.active(D(1999, 1, 1)) and not listing.active(D(1998, 11, 1))


def test_network_tool_short_names_are_weak_aliases_of_the_registrant(reg: Registry) -> None:
    huawei = {a.name: a for a in reg.get("huawei").aliases}  # type: ignore[union-attr]
    assert huawei["HuaweiTe"].weak and not huawei["HuaweiTe"].ambiguous
    assert huawei["HuaweiTechno"].source == "network-tool-short-names"
    hik = {a.name: a for a in reg.get("hikvision").aliases}  # type: ignore[union-attr]
    assert hik["HikvisionDig"].weak and not hik["HikvisionDig"].ambiguous
    # "Hangzhou" is the legacy short name of a hundred Hangzhou firms: a lead only.
    assert hik["Hangzhou"].ambiguous
    # A short name no designated registrant shares with another firm is not made ambiguous, and a
    # non-designated firm's shared short names are not kept at all.
    assert "Hangzhou" not in {a.name for a in reg.get("new-h3c").aliases}  # type: ignore[union-attr]
