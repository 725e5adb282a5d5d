"""IANA Private Enterprise Numbers: who an SNMP ``sysObjectID`` names.

A device's sysObjectID sits under ``1.3.6.1.4.1.N`` (iso.org.dod.internet.private.enterprises),
where N is the maker's enterprise number: 2011 is Huawei, 3902 ZTE, 39165 Hikvision. The number
is compared whole, at the arc boundaries of the OID: 20110 (MediaPlan) is not 2011 (Huawei).
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from supplyscreen.identifiers.build_data import DATE_LINE, PEN_FILE

# The arcs of 1.3.6.1.4.1 with their registered names, as net-snmp and MIB browsers print them.
_ENTERPRISES_ARCS = (("1", "iso"), ("3", "org"), ("6", "dod"), ("1", "internet"), ("4", "private"),
                     ("1", "enterprises"))
# "iso(1)" style arcs, as in ASN.1 value notation.
_NAMED_NUMBER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*\((\d+)\)$")
_ARC = re.compile(r"^(?:0|[1-9][0-9]*)$")
# An enterprise number is an unsigned 32-bit value in SNMP (RFC 2578 sub-identifiers); a longer
# string of digits is not one, and refusing it early keeps int() cheap on hostile input.
_MAX_PEN_DIGITS = 10
_MAX_PEN = 2**32 - 1


def parse_sys_object_id(text: str | None) -> int | None:
    """The enterprise number in an SNMP sysObjectID, or None when there is none.

    Accepts ``1.3.6.1.4.1.2011.2.23``, ``.1.3.6.1.4.1.2011.2.23``, ``iso.3.6.1.4.1.2011.2.23``,
    ``SNMPv2-SMI::enterprises.2011.2.23``, ``enterprises.2011`` and net-snmp's
    ``OID: ...`` / ``sysObjectID.0 = OID: ...`` output. Every arc after the enterprise number
    must be a plain number too: a malformed OID is not evidence. The number is the whole arc
    right after 1.3.6.1.4.1, so 20110 never counts as 2011.
    """
    s = (text or "").strip().strip("\"'").strip()
    if "OID:" in s:
        s = s.rsplit("OID:", 1)[1].strip()
    if "::" in s:
        module, _, s = s.partition("::")
        # Only SNMPv2-SMI (and v1's RFC1155-SMI) define "enterprises"; another MIB module's
        # symbolic names (HUAWEI-MIB::quidway) cannot be resolved without that MIB.
        if module not in ("SNMPv2-SMI", "RFC1155-SMI") or not s.startswith("enterprises."):
            return None
    s = s.removeprefix(".")
    arcs = s.split(".")
    if arcs and arcs[0] == "enterprises":
        arcs = ["1", "3", "6", "1", "4", "1", *arcs[1:]]
    if len(arcs) < 7:
        return None
    for i, (number, name) in enumerate(_ENTERPRISES_ARCS):
        arc = arcs[i]
        m = _NAMED_NUMBER.match(arc)
        if m:
            arc = m.group(1)
        if arc != number and arc != name:
            return None
    tail = arcs[6:]
    if not all(_ARC.match(a) for a in tail):
        return None
    if len(tail[0]) > _MAX_PEN_DIGITS:
        return None
    pen = int(tail[0])
    return pen if pen <= _MAX_PEN else None


class PenTable:
    """IANA enterprise numbers and their registered organization names."""

    __slots__ = ("_names", "date", "source")

    def __init__(self, names: dict[int, str], source: str = "", date: str = "") -> None:
        self._names = names
        self.source = source
        self.date = date
        """The date the IANA list states (the table's ``# date:`` line), "" when it states none."""

    @classmethod
    def from_lines(cls, lines: list[str], source: str = "") -> PenTable:
        """Build from ``number<TAB>organization`` lines (``#`` lines skipped)."""
        names: dict[int, str] = {}
        date = ""
        for line in lines:
            if not line or line[0] == "#":
                if line.startswith(DATE_LINE):
                    date = line[len(DATE_LINE):].strip()
                continue
            number, org = line.split("\t", 1)
            names[int(number)] = org
        return cls(names, source, date)

    @classmethod
    def load(cls, path: Path | str | None = None) -> PenTable:
        """Read a table built by ``build_data`` (the shipped one when ``path`` is None)."""
        if path is None:
            data = resources.files("supplyscreen.identifiers").joinpath("data", PEN_FILE).read_bytes()
            source = f"supplyscreen/identifiers/data/{PEN_FILE}"
        else:
            data = Path(path).read_bytes()
            source = str(path)
        return cls.from_lines(gzip.decompress(data).decode("utf-8").splitlines(), source)

    def __len__(self) -> int:
        return len(self._names)

    def organizations(self) -> set[str]:
        """Every assignee's name."""
        return set(self._names.values())

    def lookup(self, number: int) -> str | None:
        """The organization registered for an enterprise number, or None when unassigned."""
        return self._names.get(number)


@lru_cache(maxsize=1)
def default_pen_table() -> PenTable:
    """The shipped IANA table, read once on first use."""
    return PenTable.load()
