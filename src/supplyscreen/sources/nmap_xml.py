"""nmap ``-oX`` scan results: one item per scanned host, with its MAC, nmap's MAC vendor and OS guess.

Parsed with defusedxml (entity expansion and external entities refused: a scan file is input from
the network). nmap's MAC vendor is its own OUI lookup, so it is kept as ``vendor``-like evidence in
``brand``; the MAC itself is the exact evidence. The best OS match (its vendor and family, e.g.
"Huawei VRP") is the host's sysDescr-like self-description.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from supplyscreen.errors import InputError
from supplyscreen.model import Item, SourceInfo
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.limits import check_xml_depth

COLUMNS = {"ref": "host address", "hostname": "hostnames/hostname", "mac": "address[@addrtype=mac]",
           "brand": "address[@addrtype=mac]/@vendor", "sys_descr": "os/osmatch (best)", "role": "os/osclass/@type"}


class NmapSource:
    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self._rows = 0
        self._notes: list[str] = []
        check_xml_depth(path.read_bytes(), path)
        try:
            self._root = SafeET.parse(str(path)).getroot()
        except (SafeET.ParseError, DefusedXmlException) as e:
            raise InputError(f"not a readable nmap XML file: {e}", path=str(path)) from None
        if self._root.tag != "nmaprun":
            raise InputError(f"not an nmap -oX file (root element <{self._root.tag}>)", path=str(path))

    @property
    def info(self) -> SourceInfo:
        return SourceInfo(path=str(self.path), kind="inventory", format="nmap-xml", encoding="utf-8",
                          columns=MappingProxyType(COLUMNS), notes=tuple(self._notes))

    @property
    def rows_in(self) -> int:
        return self._rows

    def items(self) -> Iterator[Item]:
        self._rows = 0
        seen: dict[str, int] = {}
        for host in self._root.iter("host"):
            self._rows += 1
            fields, ref = _host_fields(host)
            ref = ref or str(self._rows)
            if ref in seen:  # the same address scanned twice: both kept, refs unique
                seen[ref] += 1
                ref = f"{ref}#{seen[ref]}"
            else:
                seen[ref] = 1
            problem = "" if fields else "the host entry has no MAC address or OS match (only an IP address); nothing names its maker"
            yield Item(ref=ref, fields=MappingProxyType(fields), line=self._rows, problem=problem)


def _host_fields(host: Element) -> tuple[dict[str, str], str]:
    fields: dict[str, str] = {}
    ref = ""
    for addr in host.findall("address"):
        kind, value = addr.get("addrtype", ""), (addr.get("addr") or "").strip()
        if kind == "mac" and value:
            fields["mac"] = value
            if addr.get("vendor"):
                fields["brand"] = addr.get("vendor", "").strip()
        elif kind in ("ipv4", "ipv6") and value and not ref:
            ref = value
    name = host.find("hostnames/hostname")
    if name is not None and name.get("name"):
        fields["hostname"] = name.get("name", "").strip()
    best = max(host.findall("os/osmatch"), key=lambda m: int(m.get("accuracy", "0") or 0), default=None)
    if best is not None:
        cls = best.find("osclass")
        parts = [best.get("name", "")]
        if cls is not None:
            parts.insert(0, " ".join(x for x in (cls.get("vendor", ""), cls.get("osfamily", "")) if x))
            if cls.get("type"):
                fields["role"] = fields["purpose"] = cls.get("type", "")
        fields["sys_descr"] = " / ".join(p for p in parts if p)
    return fields, ref


def _sniff(path: Path, head: bytes) -> bool:
    return b"<nmaprun" in head


register_reader(Reader(name="nmap-xml", open=NmapSource, extensions=(".nmap.xml",), sniff=_sniff,
                       kinds=("inventory",)))
