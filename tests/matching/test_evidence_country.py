from types import MappingProxyType

from builders import entity, registry
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import Item


def finder() -> EvidenceFinder:
    reg = registry(
        entity("huawei", "Huawei Technologies Co., Ltd.", "Huawei", lists=("us-ndaa-889",), group="huawei"),
        entity("gen-el", "General Electronic", "Delta Electronic", lists=("us-bis-entity-list",), country="IR"),
    )
    return EvidenceFinder(Matcher(reg))


def item(**fields: str) -> Item:
    return Item("1", MappingProxyType(fields))


def test_a_namesake_in_another_country_is_not_the_listed_party():
    f = finder()
    assert [m.match.entity.id for m in f.find(item(manufacturer="Delta Electronics, Inc."), None)] == ["gen-el"]
    assert f.find(item(manufacturer="Delta Electronics, Inc.", maker_country="TW"), None) == ()
    assert [m.match.entity.id for m in f.find(item(manufacturer="Delta Electronics", maker_country="IR"), None)] == ["gen-el"]


def test_designated_groups_keep_their_matches_wherever_the_maker_sits():
    f = finder()
    assert [m.match.entity.id for m in f.find(item(manufacturer="Huawei", maker_country="DE"), None)] == ["huawei"]


def test_a_customer_named_in_a_description_is_not_a_maker():
    f = finder()
    assert f.find(item(manufacturer="Acme Power", description="power supply made for Huawei"), None) == ()
    assert [m.field for m in f.find(item(manufacturer="Acme Cameras", product="Camera with Huawei module"), None)] \
        == ["product"]
