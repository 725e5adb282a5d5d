"""What a device's own texts say of its maker: a model that begins with the maker's name, a
sysDescr banner with the maker's acronym in capitals, and a net-snmp sysDescr's host name (which
says nothing)."""

from types import MappingProxyType, SimpleNamespace

from builders import entity, registry
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import Band, Item
from supplyscreen.policy.conditions import c_evidence


def finder() -> EvidenceFinder:
    reg = registry(
        entity("huawei", "Huawei Technologies Co., Ltd.", "Huawei", lists=("us-ndaa-889",), group="huawei"),
        entity("zte", "ZTE Corporation", "ZTE", lists=("us-ndaa-889",), group="zte"),
    )
    return EvidenceFinder(Matcher(reg))


def item(**fields: str) -> Item:
    return Item("1", MappingProxyType(fields))


def kinds(fm) -> set[str]:
    """The evidence kinds the policy sees in one match."""
    return {k for k in ("name", "identifier", "mention") if c_evidence(SimpleNamespace(fm=fm), (k,))}  # type: ignore[arg-type]


def test_a_model_beginning_with_the_makers_name_states_the_maker():
    (fm,) = finder().find(item(model="HUAWEI S5720-52X-PWR-SI-AC"), None)
    assert (fm.field, fm.match.entity.id, fm.match.band) == ("model", "huawei", Band.STRONG)
    assert kinds(fm) == {"name"}


def test_a_maker_named_later_or_as_a_fit_is_only_a_mention():
    for model in ("SFP+ module for Huawei S5720", "Huawei compatible 10GBASE-SR SFP+"):
        (fm,) = finder().find(item(model=model), None)
        assert fm.match.band is Band.POSSIBLE
        assert kinds(fm) == {"mention"}


def test_a_sysdescr_banner_names_zte_in_capitals_only():
    (fm,) = finder().find(item(sys_descr="ZXR10 ROS Version V4.08.23 Copyright (c) 2000-2023 By ZTE Corporation"), None)
    assert (fm.match.entity.id, fm.match.band) == ("zte", Band.STRONG)
    assert finder().find(item(sys_descr="Linux zte-lab 5.15.0 x86_64"), None) == ()
    assert finder().find(item(sys_descr="Aztec gateway firmware 2.1"), None) == ()


def test_a_net_snmp_host_name_is_not_the_maker():
    assert finder().find(item(sys_descr="Linux huawei-mirror 5.15.0-91-generic #101-Ubuntu SMP x86_64"), None) == ()
    (fm,) = finder().find(item(sys_descr="Linux ap01 4.4.60 Huawei AirEngine"), None)
    assert fm.match.entity.id == "huawei"


def test_a_seller_in_the_vendor_column_leaves_a_weak_model_pattern_standing():
    # B535-333 is Huawei's LTE-router numbering (confidence below standalone): a carrier's name is no maker.
    (fm,) = finder().find(item(vendor="Vodafone", model="B535-333"), None)
    assert (fm.field, fm.match.entity.id, fm.match.band) == ("model", "huawei", Band.POSSIBLE)
    assert finder().find(item(vendor="Netgear", model="B535-333"), None) == ()
