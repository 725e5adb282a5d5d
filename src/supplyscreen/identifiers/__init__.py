"""Exact identifiers: MAC OUI, IANA PEN, CPE, purl, LEI. Exact evidence, no fuzz.

Each identifier is read exactly or not at all; a malformed value is reported with its reason and
never repaired into someone else's identifier. The ``describe_*`` helpers give the sentence a
procurement officer sees.
"""

from __future__ import annotations

from supplyscreen.identifiers.cpe import Cpe, parse_cpe, vendor_of
from supplyscreen.identifiers.lei import is_valid_lei, lei_check_digits, normalize_lei
from supplyscreen.identifiers.mac import MacParse, format_mac, parse_mac
from supplyscreen.identifiers.oui import OuiAssignment, OuiTable, default_oui_table
from supplyscreen.identifiers.pen import PenTable, default_pen_table, parse_sys_object_id
from supplyscreen.identifiers.purl import Purl, namespace_of, organization_hint, parse_purl

__all__ = [
    "Cpe",
    "MacParse",
    "OuiAssignment",
    "OuiTable",
    "PenTable",
    "Purl",
    "default_oui_table",
    "default_pen_table",
    "describe_mac",
    "describe_sys_object_id",
    "format_mac",
    "is_valid_lei",
    "lei_check_digits",
    "namespace_of",
    "normalize_lei",
    "organization_hint",
    "parse_cpe",
    "parse_mac",
    "parse_purl",
    "parse_sys_object_id",
    "vendor_of",
]


def describe_mac(text: str | None, table: OuiTable | None = None) -> str:
    """One sentence saying what a MAC address tells us about its maker.

    "MAC 90:02:A9:12:34:56 belongs to IEEE MA-L block 90:02:A9 registered to Zhejiang Dahua
    Technology Co., Ltd."; a randomised address "is locally administered (randomised); it
    carries no maker information"; an unreadable one says why it could not be read.
    """
    m = parse_mac(text)
    if m.value is None and m.problem in ("empty", "N/A"):
        return "No MAC address given; it is no evidence either way"
    if m.value is None:
        shown = (text or "").strip()
        return f"MAC {shown!r} could not be read ({m.problem}); it is no evidence either way"
    if m.multicast:
        return f"MAC {m.colon} is a multicast (group) address; it names no device's maker"
    if m.locally_administered:
        return f"MAC {m.colon} is locally administered (randomised); it carries no maker information"
    hit = (table or default_oui_table()).lookup(m.value)
    if hit is None:
        return f"MAC {m.colon} is in no IEEE block known to this snapshot; it names no maker"
    if hit.is_ieee_parent:
        return (
            f"MAC {m.colon} is in IEEE block {hit.colon_prefix}, which the IEEE subdivides; its "
            "sub-block is not in this snapshot, so it names no maker"
        )
    if hit.is_private:
        return (
            f"MAC {m.colon} belongs to IEEE {hit.registry} block {hit.colon_prefix}, registered "
            "privately (the IEEE does not publish the name)"
        )
    return (
        f"MAC {m.colon} belongs to IEEE {hit.registry} block {hit.colon_prefix} registered to "
        f"{hit.organization}"
    )


def describe_sys_object_id(text: str | None, table: PenTable | None = None) -> str:
    """One sentence saying which organisation an SNMP sysObjectID names.

    "sysObjectID 1.3.6.1.4.1.2011.2.23 is under IANA enterprise number 2011, registered to
    HUAWEI Technology Co.,Ltd".
    """
    shown = (text or "").strip()
    pen = parse_sys_object_id(text)
    if pen is None:
        return f"sysObjectID {shown!r} is not under 1.3.6.1.4.1 (enterprises); it names no maker"
    org = (table or default_pen_table()).lookup(pen)
    if org is None:
        return f"sysObjectID {shown} is under IANA enterprise number {pen}, which is not assigned"
    return f"sysObjectID {shown} is under IANA enterprise number {pen}, registered to {org}"
