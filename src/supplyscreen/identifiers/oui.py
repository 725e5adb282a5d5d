"""IEEE MAC address blocks: who a MAC address's block is registered to.

The IEEE assigns blocks of three sizes: MA-L (24-bit prefix, the classic "OUI"), MA-M (28 bit)
and MA-S (36 bit, which replaced the older 36-bit IAB). Small blocks are carved out of MA-L blocks
registered to "IEEE Registration Authority", so the longest matching prefix names the real
registrant: 40:2C:76:1x:xx:xx is Shanghai Dahua Scale Factory (MA-M), not the IEEE and not
Zhejiang Dahua Technology.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from supplyscreen.identifiers.build_data import DATE_LINE, OUI_FILE

# Registrant name of the MA-L blocks that the IEEE subdivides into MA-M/MA-S/IAB blocks.
IEEE_RA = "IEEE Registration Authority"

# Prefix lengths in hex digits, longest first: MA-S/IAB (36 bit), MA-M (28), MA-L (24).
_LENGTHS = (9, 7, 6)


@dataclass(frozen=True, slots=True)
class OuiAssignment:
    """One IEEE block assignment."""

    prefix: str
    """The block's prefix in upper-case hex: 6, 7 or 9 digits (``9002A9``, ``402C761``)."""
    bits: int
    """Prefix length in bits: 24, 28 or 36."""
    registry: str
    """``MA-L``, ``MA-M``, ``MA-S`` or ``IAB``."""
    organization: str
    """The registrant as the IEEE spells it (``Zhejiang Dahua Technology Co., Ltd.``)."""

    @property
    def is_private(self) -> bool:
        """True when the registrant paid for its name to be withheld ("Private")."""
        return self.organization.strip().lower() == "private"

    @property
    def is_ieee_parent(self) -> bool:
        """True for an MA-L block the IEEE subdivides: it names no maker by itself."""
        return self.organization == IEEE_RA

    @property
    def colon_prefix(self) -> str:
        """The prefix as written in a MAC (``90:02:A9``, ``40:2C:76:1``)."""
        p = self.prefix
        return ":".join(p[i : i + 2] for i in range(0, len(p), 2))


class OuiTable:
    """IEEE assignments keyed by prefix; lookups try 9, then 7, then 6 hex digits."""

    __slots__ = ("_by_len", "date", "source")

    def __init__(self, rows: dict[int, dict[str, tuple[str, str]]], source: str = "", date: str = "") -> None:
        self._by_len = rows
        self.source = source
        self.date = date
        """The date the raw IEEE files state (the table's ``# date:`` line), "" when it states none."""

    @classmethod
    def from_lines(cls, lines: list[str], source: str = "") -> OuiTable:
        """Build from ``prefix<TAB>bits<TAB>registry<TAB>organization`` lines (``#`` lines skipped)."""
        by_len: dict[int, dict[str, tuple[str, str]]] = {n: {} for n in _LENGTHS}
        registries: dict[str, str] = {}
        date = ""
        for line in lines:
            if not line or line[0] == "#":
                if line.startswith(DATE_LINE):
                    date = line[len(DATE_LINE):].strip()
                continue
            prefix, _bits, registry, org = line.split("\t", 3)
            # Interning the four registry names keeps the table small.
            reg = registries.setdefault(registry, registry)
            by_len[len(prefix)][prefix] = (reg, org)
        return cls(by_len, source, date)

    @classmethod
    def load(cls, path: Path | str | None = None) -> OuiTable:
        """Read a table built by ``build_data`` (the shipped one when ``path`` is None)."""
        if path is None:
            data = resources.files("supplyscreen.identifiers").joinpath("data", OUI_FILE).read_bytes()
            source = f"supplyscreen/identifiers/data/{OUI_FILE}"
        else:
            data = Path(path).read_bytes()
            source = str(path)
        return cls.from_lines(gzip.decompress(data).decode("utf-8").splitlines(), source)

    def __len__(self) -> int:
        return sum(len(d) for d in self._by_len.values())

    def lookup(self, mac12: str) -> OuiAssignment | None:
        """The most specific block holding a MAC address (twelve hex digits, or a prefix of
        at least six), or None when no block holds it.

        A MAC inside an MA-M or MA-S block is answered with that block, not its MA-L parent
        registered to the IEEE Registration Authority. When an address falls in an IEEE parent
        block but in no sub-block this snapshot knows, the parent is returned and
        :attr:`OuiAssignment.is_ieee_parent` says that it names no maker.
        """
        key = mac12.upper()
        for n in _LENGTHS:
            if len(key) < n:
                continue
            hit = self._by_len[n].get(key[:n])
            if hit is not None:
                return OuiAssignment(key[:n], n * 4, hit[0], hit[1])
        return None

    def assignments(self) -> Iterator[OuiAssignment]:
        """Every block in the table, shortest prefixes first."""
        for n in sorted(self._by_len):
            for p, (reg, org) in self._by_len[n].items():
                yield OuiAssignment(p, n * 4, reg, org)

    def organizations(self) -> set[str]:
        """Every registrant's name (the IEEE Registration Authority's own and "Private" included)."""
        return {org for d in self._by_len.values() for _reg, org in d.values()}

    def blocks_of(self, organization: str) -> list[OuiAssignment]:
        """Every block registered under exactly this organization name (case-insensitive)."""
        want = organization.casefold()
        return sorted(
            (
                OuiAssignment(p, n * 4, reg, org)
                for n, d in self._by_len.items()
                for p, (reg, org) in d.items()
                if org.casefold() == want
            ),
            key=lambda a: a.prefix,
        )


@lru_cache(maxsize=1)
def default_oui_table() -> OuiTable:
    """The shipped IEEE table, read once on first use."""
    return OuiTable.load()
