"""SNMP sysObjectIDs and IANA enterprise numbers, matched whole at arc boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.identifiers import PenTable, default_pen_table, describe_sys_object_id, parse_sys_object_id


@pytest.fixture(scope="module")
def table() -> PenTable:
    return default_pen_table()


@pytest.mark.parametrize(
    "text",
    [
        "1.3.6.1.4.1.2011.2.23",
        ".1.3.6.1.4.1.2011.2.23",
        "iso.3.6.1.4.1.2011.2.23",
        "SNMPv2-SMI::enterprises.2011.2.23",
        "enterprises.2011",
        "1.3.6.1.4.1.2011",
        "  1.3.6.1.4.1.2011.2.23  ",
        '"1.3.6.1.4.1.2011.2.23"',
        "OID: SNMPv2-SMI::enterprises.2011.2.23",
        "SNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.2011.2.23",
        "iso.org.dod.internet.private.enterprises.2011.2.23",
        "iso(1).org(3).dod(6).internet(1).private(4).enterprises(1).2011.2.23",
    ],
)
def test_every_notation_gives_the_enterprise_number(text: str) -> None:
    assert parse_sys_object_id(text) == 2011


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.3.6.1.4.1.20110.1.2", 20110),  # MediaPlan: begins with "2011" but is not Huawei
        ("1.3.6.1.4.1.201.2011", 201),  # 2011 later in the OID is not the enterprise arc
        ("1.3.6.1.4.1.0", 0),
    ],
)
def test_number_is_the_whole_arc_after_enterprises(text: str, expected: int) -> None:
    assert parse_sys_object_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "N/A",
        "1.3.6.1.4.1",  # no enterprise arc
        "1.3.6.1.2.1.1.2.0",  # mib-2, not enterprises
        "1.3.6.1.4.2.2011",
        "2011",  # a bare number is not an OID
        "1.3.6.1.4.1.2011x.1",
        "1.3.6.1.4.1.02011",  # leading zero: not a canonical arc
        "1.3.6.1.4.1.2011..2",
        "1.3.6.1.4.1.-2011",
        "1.3.6.1.4.1.99999999999",  # beyond 32 bits
        "HUAWEI-MIB::quidway.1",  # needs that MIB to resolve
        "1.3.6.1.4.1.2011.",
        "1.3.6.1.4.1.٢٠١١",  # Arabic-Indic digits are not OID digits
    ],
)
def test_not_an_enterprise_oid(text: str | None) -> None:
    assert parse_sys_object_id(text) is None


@pytest.mark.parametrize(
    ("pen", "org"),
    [
        (2011, "HUAWEI Technology Co.,Ltd"),
        (3902, "Zhongxing Telecom Co.,ltd. (abbr. ZTE)"),
        (39165, "Hikvision Digital Technology Co., Ltd."),
        (37496, "ZHEJIANG DAHUA TECHNOLOGY CO.,LTD"),
        (40297, "Hytera Communications Co.,Ltd."),
        (22488, "Teltronic S.A.U."),
        # Traps: look-alike names and numbers that are other organisations.
        (20110, "MediaPlan Inc."),
        (3600, "Teltronics, Inc."),
        (14457, "Lorex Industries, Inc."),
        (47956, "KAV Danubia"),
        (29279, "WuXi ZhongXing Optoelectronics Technology Co., Ltd."),
    ],
)
def test_real_enterprise_numbers(table: PenTable, pen: int, org: str) -> None:
    assert table.lookup(pen) == org


def test_trailing_comments_are_not_part_of_the_name(table: PenTable) -> None:
    assert table.lookup(78) == "LogMatrix Inc"  # source line carries "# formerly 'OpenService Inc.'"


def test_unassigned_number(table: PenTable) -> None:
    assert table.lookup(4_000_000_000) is None
    assert len(table) == 62240


def test_describe_sys_object_id(table: PenTable) -> None:
    assert describe_sys_object_id("1.3.6.1.4.1.2011.2.23", table) == (
        "sysObjectID 1.3.6.1.4.1.2011.2.23 is under IANA enterprise number 2011, "
        "registered to HUAWEI Technology Co.,Ltd"
    )
    assert "20110, registered to MediaPlan Inc." in describe_sys_object_id("1.3.6.1.4.1.20110.5", table)
    assert "names no maker" in describe_sys_object_id("1.3.6.1.2.1", table)


@given(st.text())
def test_parse_sys_object_id_never_raises(text: str) -> None:
    pen = parse_sys_object_id(text)
    assert pen is None or 0 <= pen < 2**32


@given(st.lists(st.sampled_from(["1", "3", "6", "4", "2011", "20110", "", "enterprises", "iso", "::", "x"]), max_size=10))
def test_oid_like_text_never_raises(arcs: list[str]) -> None:
    parse_sys_object_id(".".join(arcs))


@given(st.integers(min_value=0, max_value=2**32 - 1), st.lists(st.integers(min_value=0, max_value=10**6), max_size=5))
def test_any_enterprise_oid_round_trips(pen: int, tail: list[int]) -> None:
    oid = ".".join(str(a) for a in [1, 3, 6, 1, 4, 1, pen, *tail])
    assert parse_sys_object_id(oid) == pen
    assert parse_sys_object_id("." + oid) == pen
