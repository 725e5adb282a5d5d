"""A MAC address cell → its twelve digits and the block that decides what it can say, fast.

A million-row inventory has a million distinct MACs but only a few thousand IEEE blocks among
them, and everything evidence or a policy learns from a MAC comes from its block (the registry
entities holding it, its IEEE registrant) and the two flag bits of its first octet. So evidence
about a MAC is worked out once per block and remembered under :meth:`MacBlocks.block_key`.
"""

from __future__ import annotations

import re

from supplyscreen import identifiers as ids
from supplyscreen.registry import Registry

# The common notations parse_mac reads as one exact address, matched without parsing; anything else
# goes through parse_mac, so a malformed or mixed-separator MAC is never read differently.
WELL_FORMED_MAC = re.compile(
    r"[0-9A-Fa-f]{12}|[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|"
    r"[0-9A-Fa-f]{4}([.:-])[0-9A-Fa-f]{4}\2[0-9A-Fa-f]{4}"
)
_SEPARATORS = str.maketrans("", "", ":-.")


def mac_digits(text: str) -> str | None:
    """Twelve upper-case hex digits, exactly as :func:`identifiers.parse_mac` reads ``text``, or None
    when it is not a MAC address."""
    s = text.strip()
    if WELL_FORMED_MAC.fullmatch(s) is not None:
        return s.translate(_SEPARATORS).upper()
    return ids.parse_mac(s).value  # rarer notations (a:b:c:d:e:f, spaces) or not a MAC at all


def locally_administered(digits: str) -> bool:
    """Bit 0x02 of the first octet: a randomised or locally assigned address, which names no maker."""
    return bool(int(digits[:2], 16) & 0x02)


class MacBlocks:
    """Which digits of a MAC decide every lookup made with it: the 24-bit prefix when its MA-L block
    belongs to one firm (nothing smaller is carved out of it, in the IEEE table or the registry),
    else the 36-bit prefix (enough for the MA-S, MA-M and MA-L lookups alike)."""

    def __init__(self, registry: Registry) -> None:
        self._oui = ids.default_oui_table()
        # Blocks longer than 24 bits that the registry holds, by their 24-bit prefix.
        self._carved = {value[:6].upper() for value, _ in registry.identifiers("mac") if len(value) > 6}
        self._whole: dict[str, bool] = {}
        # 24-bit prefixes under which some 36-bit (MA-S) block lies, in the IEEE table or the registry.
        self._nine = {p[:6] for p in self._oui._by_len[9]} | {
            value[:6].upper() for value, _ in registry.identifiers("mac") if len(value) > 7}

    def block_key(self, digits: str) -> str:
        """The prefix of ``digits`` (twelve hex digits) that decides every block lookup."""
        p6 = digits[:6]
        whole = self._whole.get(p6)
        if whole is None:
            # The IEEE carves MA-M and MA-S blocks only out of MA-L blocks it registers to itself
            # (tests/matching/test_macs.py checks this of the shipped table); an unassigned prefix is
            # treated as carved, to be safe.
            hit = self._oui.lookup(p6)
            whole = self._whole[p6] = p6 not in self._carved and hit is not None and not hit.is_ieee_parent
        return p6 if whole else digits[:9]

    def head_width(self, digits: str) -> int:
        """How many leading digits of ``digits`` decide every block lookup made with them: 6 where
        :meth:`block_key` keys by 24 bits, 7 where the 24-bit block is carved only into MA-M (28-bit)
        blocks (no 36-bit block lies under it, in the IEEE table or the registry: lookups try 36, 28
        and 24 bits, so the ninth digit can change nothing), else 9. :meth:`block_key` keeps nine
        digits for those (a finer key is still exact); a column of MACs is grouped by this width."""
        if len(self.block_key(digits)) == 6:
            return 6
        return 9 if digits[:6] in self._nine else 7
