"""MAC addresses (EUI-48) as they appear in inventories, in any common notation.

A MAC address is exact evidence only when it is read exactly: twelve hex digits, no more, no
fewer. Anything else is reported with the reason it could not be read, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cells that mean "no value" in exported inventories; reported as "N/A", not as a malformed MAC.
_NOT_GIVEN = frozenset({"n/a", "na", "n.a.", "none", "null", "nil", "unknown", "-", "--", "?", "tbd"})

_HEX = frozenset("0123456789abcdefABCDEF")
_NON_HEX = re.compile(r"[^0-9A-Fa-f]")

# Group shapes by separator. Colon, hyphen and space notations write six octets (some tools,
# e.g. macOS `arp`, drop a leading zero: "0:1b:..."); dotted (Cisco "aabb.ccdd.eeff") and the
# hyphenated triples of Huawei/H3C/HPE Comware ("00e0-fc12-3456") write three groups of four.
_SEPARATORS = (":", "-", ".", " ")


@dataclass(frozen=True, slots=True)
class MacParse:
    """The result of reading one MAC address cell."""

    value: str | None
    """Twelve upper-case hex digits (``9002A9123456``), or None when the text is not a MAC."""
    locally_administered: bool = False
    """Bit 0x02 of the first octet: a randomised or locally assigned address with no maker."""
    multicast: bool = False
    """Bit 0x01 of the first octet: a group address, not one device's interface."""
    problem: str = ""
    """Why the text could not be read ("empty", "N/A", "5 octets", "non-hex digit 'G'")."""

    @property
    def ok(self) -> bool:
        """True when the text is a well-formed MAC address."""
        return self.value is not None

    @property
    def has_oui(self) -> bool:
        """True when the address can name a maker: well formed, globally unique, not multicast."""
        return self.value is not None and not self.locally_administered and not self.multicast

    @property
    def colon(self) -> str:
        """The address as ``AA:BB:CC:DD:EE:FF`` (empty when it could not be read)."""
        return format_mac(self.value) if self.value else ""


def format_mac(mac12: str) -> str:
    """Write twelve hex digits as ``AA:BB:CC:DD:EE:FF``."""
    v = mac12.upper()
    return ":".join(v[i : i + 2] for i in range(0, len(v), 2))


def parse_mac(text: str | None) -> MacParse:
    """Read a MAC address written as ``aa:bb:cc:dd:ee:ff``, ``AA-BB-CC-DD-EE-FF``,
    ``aabb.ccdd.eeff``, ``aabb-ccdd-eeff``, ``aa bb cc dd ee ff`` or ``AABBCCDDEEFF``.

    Surrounding whitespace is ignored. A value that is not exactly six octets is reported with
    the reason ("5 octets", "non-hex digit 'G'", "empty", "N/A") and no value: a wrong MAC would
    name the wrong maker, so we never repair one.
    """
    s = (text or "").strip()
    if not s:
        return MacParse(None, problem="empty")
    if s.lower() in _NOT_GIVEN:
        return MacParse(None, problem="N/A")
    seps = {c for c in s if c in _SEPARATORS}
    if len(seps) > 1:
        # "aa:bb-cc..." is a typo or two values run together; either way not one exact address.
        return MacParse(None, problem="mixed separators " + " and ".join(repr(c) for c in sorted(seps)))
    if seps:
        sep = seps.pop()
        groups = s.split(sep)
        if any(g == "" for g in groups):
            return MacParse(None, problem=f"empty group between {sep!r} separators")
        bad = _first_non_hex("".join(groups))
        if bad:
            return MacParse(None, problem=f"non-hex digit {bad!r}")
        if len(groups) == 3 and all(len(g) == 4 for g in groups) and sep in ".-:":
            digits = "".join(groups)
        elif sep == ".":
            return MacParse(None, problem="dotted notation needs three groups of four hex digits")
        elif all(len(g) <= 2 for g in groups):
            if len(groups) != 6:
                return MacParse(None, problem=f"{len(groups)} octet{'s' if len(groups) != 1 else ''}")
            digits = "".join(g.rjust(2, "0") for g in groups)
        else:
            return MacParse(None, problem=f"group {next(g for g in groups if len(g) > 2)!r} is too long")
    else:
        bad = _first_non_hex(s)
        if bad:
            return MacParse(None, problem=f"non-hex digit {bad!r}")
        if len(s) != 12:
            return MacParse(None, problem=f"{len(s)} hex digits (a MAC address has 12)")
        digits = s
    value = digits.upper()
    first = int(value[:2], 16)
    return MacParse(value, locally_administered=bool(first & 0x02), multicast=bool(first & 0x01))


def _first_non_hex(s: str) -> str:
    """The first character that is not an ASCII hex digit, or "" when all are."""
    if all(c in _HEX for c in s):
        return ""
    m = _NON_HEX.search(s)
    return m.group(0) if m else ""
