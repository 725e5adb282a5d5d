"""A MAC block or enterprise number the registry does not hold still names its registrant, whose
formal name may be exactly a listed party's."""

from types import MappingProxyType

from builders import entity, registry
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import Item


def finder() -> EvidenceFinder:
    reg = registry(
        entity("tp-link", "TP-Link Technologies Co., Ltd.", lists=("us-dow-1260h",)),
        entity("teltronic", "Teltronic S.A.U.", lists=("us-ndaa-889",), group="hytera"),
    )
    return EvidenceFinder(Matcher(reg))


def item(**fields: str) -> Item:
    return Item("1", MappingProxyType(fields))


def test_a_block_registered_to_a_listed_party_is_evidence_of_it():
    found = finder().find(item(mac="50-C7-BF-12-34-56"), None)  # IEEE MA-L 50C7BF: TP-LINK TECHNOLOGIES CO.,LTD.
    assert [(m.field, m.match.entity.id) for m in found] == [("mac", "tp-link")]
    assert "registered to 'TP-LINK TECHNOLOGIES CO.,LTD.'" in found[0].match.explanation


def test_same_words_under_another_legal_form_are_another_firm():
    # IEEE MA-L 540237 is Teltronic AG of Switzerland, not Hytera's Teltronic S.A.U.
    assert finder().find(item(mac="54:02:37:71:E9:A6"), None) == ()


def test_an_unlisted_registrant_says_nothing():
    assert finder().find(item(mac="00:00:0C:12:34:56"), None) == ()  # Cisco Systems
