"""CPE 2.3 formatted strings and CPE 2.2 URIs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.identifiers import Cpe, parse_cpe, vendor_of


def test_cpe_23_hardware() -> None:
    c = parse_cpe("cpe:2.3:h:huawei:ar6120:-:*:*:*:*:*:*:*")
    assert c == Cpe("h", "huawei", "ar6120", version="")
    assert c.part_name == "hardware"
    assert vendor_of("cpe:2.3:h:huawei:ar6120:-:*:*:*:*:*:*:*") == "huawei"


def test_cpe_23_escapes_are_undone() -> None:
    c = parse_cpe(r"cpe:2.3:a:at\&t:connect\:manager:1.0\.2:*:*:*:*:*:*:*")
    assert c is not None
    assert (c.vendor, c.product, c.version) == ("at&t", "connect:manager", "1.0.2")


def test_cpe_23_all_fields() -> None:
    c = parse_cpe("cpe:2.3:o:hikvision:ds-2cd2032-i_firmware:5.4.5:build_170124:*:en:*:*:arm:*")
    assert c is not None
    assert (c.part, c.vendor, c.product, c.version, c.update) == (
        "o", "hikvision", "ds-2cd2032-i_firmware", "5.4.5", "build_170124"
    )
    assert (c.language, c.target_hw, c.other) == ("en", "arm", None)


def test_cpe_22_uri() -> None:
    c = parse_cpe("cpe:/h:huawei:ar6120")
    assert c == Cpe("h", "huawei", "ar6120")
    assert vendor_of("CPE:/h:Huawei:ar6120") == "huawei"


def test_cpe_22_percent_escapes_and_packed_edition() -> None:
    c = parse_cpe("cpe:/a:at%26t:foo:1.0:sp1:~~pro~win~x64~:en")
    assert c is not None
    assert c.vendor == "at&t"
    assert (c.update, c.edition, c.sw_edition, c.target_sw, c.target_hw, c.language) == (
        "sp1", None, "pro", "win", "x64", "en"
    )


def test_both_spellings_give_the_same_vendor() -> None:
    assert vendor_of(r"cpe:2.3:a:at\&t:x:*:*:*:*:*:*:*:*") == vendor_of("cpe:/a:at%26t:x") == "at&t"


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "huawei ar6120",
        "cpe:2.3:x:huawei:ar6120:*:*:*:*:*:*:*:*",  # unknown part
        "cpe:2.3:h:huawei",  # too few attributes
        "cpe:2.3:h:huawei:ar6120:*:*:*:*:*:*:*:*:*",  # too many
        "cpe:2.3:h:huawei:ar6120:*:*:*:*:*:*:*:\\",  # dangling escape
        "cpe:/q:huawei",
        "cpe:/a:a:b:c:d:e:f:g",
        "cpe:/a:x:y:1:2:~a~b:en",  # packed edition needs five parts
    ],
)
def test_not_a_cpe(text: str | None) -> None:
    assert parse_cpe(text) is None
    assert vendor_of(text) is None


def test_any_and_na_vendor_give_no_vendor() -> None:
    assert vendor_of("cpe:2.3:h:*:ar6120:*:*:*:*:*:*:*:*") is None
    assert vendor_of("cpe:2.3:h:-:ar6120:*:*:*:*:*:*:*:*") is None
    assert vendor_of("cpe:/h::ar6120") is None


@given(st.text())
def test_parse_cpe_never_raises(text: str) -> None:
    parse_cpe("cpe:2.3:" + text)
    parse_cpe("cpe:/" + text)
    parse_cpe(text)
