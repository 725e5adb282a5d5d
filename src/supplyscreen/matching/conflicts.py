"""When a device's label and its identifiers disagree, the disagreement is a finding.

Identifiers (a universally administered MAC block, an SNMP enterprise number) are exact: they name
the block's or number's registrant, which on a whole device is, barring contrary evidence, its
maker. Two kinds of disagreement follow from that one principle:

- **relabel**: the label names one firm (LTS, Annke, a reseller) while the identifier names a
  designated maker. The device is that maker's, and both pieces of evidence stay in the result; the
  policy already decides on the identifier, this adds the sentence saying the label is not the maker.
- **name collision**: the label only *resembles* a listed party (``Poly`` ~ Poly Technologies Inc.)
  while the identifier names an unlisted maker that the label itself names (Polycom). The identifier
  is trusted: the resemblance is dropped before the policy sees it, and the reason says why.

A resemblance is set aside only when the label and the identifier agree on the other maker; a label
that exactly names a designated firm (``Huawei``) is never overruled by, say, an Intel network card's
MAC, because that is the contrary evidence the regulations ask us to respect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from supplyscreen import identifiers as ids
from supplyscreen.fields import ENTERPRISE, MAC_BLOCK, NAME_FIELDS, Reads, raw
from supplyscreen.matching.evidence import enterprise_number
from supplyscreen.matching.macs import MacBlocks, locally_administered, mac_digits
from supplyscreen.matching.matcher import Matcher
from supplyscreen.matching.normalise import normalise
from supplyscreen.matching.patterns import NO_MAKER
from supplyscreen.model import Band, FieldMatch, Item, RelationKind

IDENTIFIER_FIELDS = {"mac": "MAC block", "sys_object_id": "SNMP enterprise number"}
# What find() reads of an item: its name labels as text, a MAC by its block and registrant, a
# sysObjectID by its enterprise number (the screener keys verdicts on it; see fields.Reads).
READS = raw(*NAME_FIELDS) | Reads(MappingProxyType({"mac": MAC_BLOCK, "sys_object_id": ENTERPRISE}))
# A label word this long that begins a registrant's word (or the reverse) names that registrant:
# "Poly" / "Polycom", "Huami" / "Huami Information". Four letters keeps two- and three-letter
# fragments ("HP", "ZT") from agreeing with everything.
MIN_AGREE_LEN = 4
# MAC blocks and enterprise numbers whose registrant ConflictFinder remembers; the bound caps odd input.
REGISTRANTS_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class IdentifiedMaker:
    """The maker an identifier names."""

    field: str
    value: str
    organisation: str
    entity_id: str | None = None
    """The registry entity, when the identifier is in the registry."""
    designated: bool = False


@dataclass(frozen=True, slots=True)
class Conflict:
    """A disagreement between label and identifier, with the sentence a person reads."""

    kind: str
    """``relabel`` or ``name-collision``."""
    label_field: str
    label_value: str
    maker: IdentifiedMaker
    sentence: str
    superseded: FieldMatch | None = None
    """The label's resemblance that the identifier overrules (name collisions only)."""


def identified_makers(item: Item, matches: tuple[FieldMatch, ...],
                      registrant: Callable[[str, str], str] | None = None) -> list[IdentifiedMaker]:
    """Makers named by the item's MAC block and enterprise number: registry entities first, else the
    IEEE or IANA registrant (``registrant(field, value)``; by default :func:`_registrant`)."""
    registrant = registrant or _registrant
    out: list[IdentifiedMaker] = []
    for field in IDENTIFIER_FIELDS:
        value = item.fields.get(field, "").strip()
        if not value:
            continue
        hits = [fm for fm in matches if fm.field == field]
        if hits:
            out.extend(IdentifiedMaker(field, value, fm.match.entity.name, fm.match.entity.id,
                                       bool(fm.match.designated)) for fm in hits)
            continue
        org = registrant(field, value)
        if org:
            out.append(IdentifiedMaker(field, value, org))
    return out


def _registrant(field: str, value: str) -> str:
    if field == "mac":
        parsed = ids.parse_mac(value)
        if parsed.value is None or parsed.locally_administered:
            return ""
        hit = ids.default_oui_table().lookup(parsed.value)
        if hit is None or hit.is_ieee_parent or hit.is_private:
            return ""
        return hit.organization
    pen = ids.parse_sys_object_id(value)
    return (ids.default_pen_table().lookup(pen) or "") if pen is not None else ""


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return normalise(text).distinct


def names_agree(label: str, organisation: str) -> bool:
    """Whether a label names the identifier's registrant: a shared distinctive word, or one word
    beginning the other (Poly / Polycom)."""
    for a in _words(label):
        for b in _words(organisation):
            if a == b:
                return True
            short, long_ = sorted((a, b), key=len)
            if len(short) >= MIN_AGREE_LEN and long_.startswith(short):
                return True
    return False


class ConflictFinder:
    """Finds label/identifier conflicts for one item's evidence."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._listed: dict[tuple[str, dt.date | None], bool] = {}
        self._blocks = MacBlocks(matcher.registry)
        self._registrants: dict[tuple[str, object], str] = {}

    def registrant(self, field: str, value: str) -> str:
        """:func:`_registrant`, remembered by what it reads (READS): a MAC by the digits that decide
        every block lookup (``MacBlocks.block_key``; locally administered or unreadable: none), an
        OID by its enterprise number. Parsing each MAC again cost a third of this class's time."""
        if field == "mac":
            digits = mac_digits(value)
            if digits is None or locally_administered(digits):
                return ""
            key: tuple[str, object] = ("mac", self._blocks.block_key(digits))
        else:
            key = ("pen", enterprise_number(value))
        org = self._registrants.get(key)
        if org is None:
            org = _registrant(field, value)
            if len(self._registrants) < REGISTRANTS_LIMIT:
                self._registrants[key] = org
        return org

    def listed(self, organisation: str, as_of: dt.date | None) -> bool:
        """Whether a registrant's own name confidently matches a designated or listed party."""
        key = (organisation, as_of)
        if key not in self._listed:
            ms = self.matcher.match(organisation, as_of)
            self._listed[key] = any(m.designated and m.band is not Band.POSSIBLE for m in ms[:1])
        return self._listed[key]

    def find(self, item: Item, matches: tuple[FieldMatch, ...], as_of: dt.date | None) -> list[Conflict]:
        if not any(fm.match.designated for fm in matches):
            # Both kinds of conflict need designated evidence: an identifier naming a designated
            # maker (relabel) or a label resembling a listed party (name collision). Most rows of
            # an inventory have none, and need not parse their MAC again.
            return []
        makers = identified_makers(item, matches, self.registrant)
        if not makers:
            return []
        out: list[Conflict] = []
        labels = {f: v for f in NAME_FIELDS if (v := item.fields.get(f, "").strip()) and not NO_MAKER.match(v)}
        by_field = {fm.field: fm for fm in matches if fm.field in labels}
        for x in makers:
            if not x.designated or x.entity_id is None:
                continue
            for f, v in labels.items():
                fm = by_field.get(f)
                if fm is not None and _same_maker(fm, x.entity_id):
                    continue
                if names_agree(v, x.organisation):
                    continue
                out.append(Conflict("relabel", f, v, x, (
                    f"The {f} says '{v}', but the {IDENTIFIER_FIELDS[x.field]} in {x.value} is registered to "
                    f"{x.organisation}: the device was made by {x.organisation} (relabelled or resold under "
                    "another name); both pieces of evidence are shown.")))
        if any(x.designated for x in makers):
            return out
        for f, fm in by_field.items():
            if not fm.match.designated or fm.match.band is Band.EXACT:
                continue
            for x in makers:
                if names_agree(labels[f], x.organisation) and not self.listed(x.organisation, as_of):
                    lists = ", ".join(dict.fromkeys(i for d in fm.match.designated for i in d.list_ids))
                    out.append(Conflict("name-collision", f, labels[f], x, (
                        f"The {f} '{labels[f]}' resembles {fm.match.entity.name} (on {lists}), but the "
                        f"{IDENTIFIER_FIELDS[x.field]} in {x.value} is registered to {x.organisation}, which "
                        f"the {f} also names and no list designates; the identifier is trusted over the "
                        "name resemblance."), superseded=fm))
                    break
        return out


def _same_maker(fm: FieldMatch, entity_id: str) -> bool:
    """The label is the maker itself or a firm it owns (a subsidiary's brand), not a relabeller."""
    if fm.match.entity.id == entity_id:
        return True
    return any(link.entity.id == entity_id and RelationKind.OEM_SOURCE not in link.relation_kinds
               for link in fm.match.designated)
