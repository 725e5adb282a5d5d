"""Reading MAC addresses as inventories write them: every notation, and every way to get one wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.identifiers import MacParse, format_mac, parse_mac

DAHUA = "9002A9123456"


@pytest.mark.parametrize(
    "text",
    [
        "90:02:a9:12:34:56",
        "90:02:A9:12:34:56",
        "90-02-A9-12-34-56",
        "90-02-a9-12-34-56",
        "9002.a912.3456",  # Cisco IOS
        "9002-a912-3456",  # Huawei VRP, H3C/HPE Comware
        "9002A9123456",
        "9002a9123456",
        "90 02 a9 12 34 56",
        "  90:02:a9:12:34:56\t",
        "\n9002A9123456 ",
    ],
)
def test_every_common_notation_reads_the_same_address(text: str) -> None:
    m = parse_mac(text)
    assert m == MacParse(DAHUA, locally_administered=False, multicast=False, problem="")
    assert m.ok and m.has_oui
    assert m.colon == "90:02:A9:12:34:56"


def test_dropped_leading_zeros_are_restored() -> None:
    # macOS arp and some switch CLIs print "0:1b:..." for 00:1B:...
    assert parse_mac("0:e0:fc:1:2:3").value == "00E0FC010203"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("N/A", "N/A"),
        ("n/a", "N/A"),
        ("unknown", "N/A"),
        ("-", "N/A"),
        ("90:02:a9:12:34", "5 octets"),
        ("90-02-A9-12-34", "5 octets"),
        ("90:02:a9:12:34:56:78", "7 octets"),
        ("90:02:G9:12:34:56", "non-hex digit 'G'"),
        ("9002A912345Z", "non-hex digit 'Z'"),
        ("9002A91234", "10 hex digits (a MAC address has 12)"),
        ("9002A912345678", "14 hex digits (a MAC address has 12)"),
        ("90:02:a9-12:34:56", "mixed separators '-' and ':'"),
        ("90::02:a9:12:34:56", "empty group between ':' separators"),
        ("9002.a912", "dotted notation needs three groups of four hex digits"),
        ("900:02:a9:12:34:56", "group '900' is too long"),
    ],
)
def test_malformed_values_say_why_and_give_no_value(text: str | None, problem: str) -> None:
    m = parse_mac(text)
    assert m.value is None
    assert not m.ok and not m.has_oui
    assert m.problem == problem
    assert m.colon == ""


@pytest.mark.parametrize("text", ["02:00:5e:10:00:01", "DA:A1:19:00:00:01", "3a:f9:d3:12:34:56", "fe-ff-ff-00-00-01"])
def test_locally_administered_addresses_are_flagged_and_carry_no_oui(text: str) -> None:
    m = parse_mac(text)
    assert m.ok
    assert m.locally_administered
    assert not m.has_oui


def test_multicast_bit_is_reported() -> None:
    m = parse_mac("01:00:5E:00:00:FB")  # mDNS group address
    assert m.multicast and not m.locally_administered and not m.has_oui
    broadcast = parse_mac("FF:FF:FF:FF:FF:FF")
    assert broadcast.multicast and broadcast.locally_administered


def test_format_mac() -> None:
    assert format_mac("9002a9123456") == "90:02:A9:12:34:56"


@given(st.text())
def test_parse_mac_never_raises(text: str) -> None:
    m = parse_mac(text)
    assert (m.value is None) == bool(m.problem)
    if m.value is not None:
        assert len(m.value) == 12 and all(c in "0123456789ABCDEF" for c in m.value)


@given(st.binary(min_size=6, max_size=6), st.sampled_from([":", "-", " ", ""]), st.booleans())
def test_any_six_octets_round_trip(raw: bytes, sep: str, upper: bool) -> None:
    text = sep.join(f"{b:02x}" for b in raw)
    text = text.upper() if upper else text
    m = parse_mac(text)
    assert m.value == raw.hex().upper()
    assert m.locally_administered == bool(raw[0] & 2)
    assert m.multicast == bool(raw[0] & 1)
