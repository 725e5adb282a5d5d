"""Vendor short names as Wireshark derives them from IEEE registrant names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.identifiers import shortnames as sn


@pytest.mark.parametrize(("registrant", "legacy", "current"), [
    # Short names as Wireshark's manuf file prints them.
    ("HUAWEI TECHNOLOGIES CO.,LTD", "HuaweiTe", "HuaweiTechno"),
    ("Huawei Device Co., Ltd.", "HuaweiDe", "HuaweiDevice"),
    ("zte corporation", "zte", "zte"),
    ("Hangzhou Hikvision Digital Technology Co.,Ltd.", "Hangzhou", "HikvisionDig"),
    ("Zhejiang Dahua Technology Co., Ltd.", "Zhejiang", "ZhejiangDahu"),
    ("TP-LINK TECHNOLOGIES CO.,LTD.", "Tp-LinkT", "TpLinkTechno"),
    ("Cisco Systems, Inc", "Cisco", "Cisco"),
    ("Apple, Inc.", "Apple", "Apple"),
    ("Aruba, a Hewlett Packard Enterprise Company", "ArubaaHe", "ArubaHewlett"),
    ("Hangzhou Microimage Software Co., Ltd", "Hangzhou", "MicroimageSo"),
])
def test_wireshark_short_names(registrant: str, legacy: str, current: str) -> None:
    assert sn.legacy_short_name(registrant) == legacy
    assert sn.current_short_name(registrant) == current
    assert {legacy, current} <= sn.short_forms(registrant)


_names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60)


@given(_names)
def test_forms_are_cuts_of_the_run_together_names(name: str) -> None:
    wholes = [sn.legacy_run_together(name), sn.current_run_together(name)]
    for form in sn.short_forms(name):
        assert any(w.startswith(form) for w in wholes)
        assert not any(c.isspace() for c in form)
        assert len(form) <= sn.CURRENT_WIDTH
        # Cut at 8 to 12 characters, or whole when the name is no longer than the legacy width.
        assert len(form) >= sn.LEGACY_WIDTH or form in wholes


@given(_names)
def test_spacing_and_capitals_do_not_change_the_forms(name: str) -> None:
    spaced = "  " + name.replace(" ", "   ") + " "
    assert sn.short_forms(spaced) == sn.short_forms(name)
