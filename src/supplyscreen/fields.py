"""The one field vocabulary: every role an item's field can have, and what kind of thing it holds.

A reader names each column by a role (``sources/columns.py``); the evidence finder reads roles of
the kinds that can name a maker (``matching/evidence.py``); the policy conditions read roles of the
kinds they ask about (``policy/conditions.py``); the screener keys its verdicts on what those two
declare they read (``screen.py``). Each of them takes its field lists from here, so a role added
once (a new identifier scheme, a new maker field) is read, looked up and keyed everywhere.

Kinds:

- ``name``: a company's name (who made, sold or published the item);
- ``identifier``: an exact identifier under one scheme (MAC block, IANA enterprise number, CPE
  vendor, package URL namespace, LEI, web domain), looked up exactly, never fuzzily;
- ``model``: a model or part number (read for designated makers' product-line numbering);
- ``mention``: free text that may mention a firm (a product name, a device's self-description);
- ``purpose``, ``country``, ``category``, ``component_role``, ``exception``: what the item says
  about its use, where it was produced, what it is, its role in a system and exceptions asserted;
- ``other``: kept and shown, never decides (a serial number, a price, a site).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Kind(StrEnum):
    NAME = "name"
    IDENTIFIER = "identifier"
    MODEL = "model"
    MENTION = "mention"
    PURPOSE = "purpose"
    COUNTRY = "country"
    CATEGORY = "category"
    COMPONENT_ROLE = "component_role"
    EXCEPTION = "exception"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Role:
    """One field role."""

    name: str
    kinds: tuple[Kind, ...]
    """What the field holds; a few hold two things (a model text may also mention its maker)."""
    scheme: str = ""
    """For an identifier: the registry scheme it is looked up under (``mac``, ``pen``, ``lei`` ...)."""
    maker: bool = False
    """For a name: whether it says who made the item, so that a stated value makes the maker known
    (``author`` names a writer of software metadata, not a maker of equipment)."""


_ROLES = (
    Role("manufacturer", (Kind.NAME,), maker=True),
    Role("vendor", (Kind.NAME,), maker=True),
    Role("brand", (Kind.NAME,), maker=True),
    Role("supplier", (Kind.NAME,), maker=True),
    Role("oem", (Kind.NAME,), maker=True),
    Role("publisher", (Kind.NAME,), maker=True),
    Role("author", (Kind.NAME,)),
    Role("mac", (Kind.IDENTIFIER,), scheme="mac"),
    Role("sys_object_id", (Kind.IDENTIFIER,), scheme="pen"),
    Role("cpe", (Kind.IDENTIFIER,), scheme="cpe_vendor"),
    Role("purl", (Kind.IDENTIFIER,), scheme="purl_namespace"),
    Role("lei", (Kind.IDENTIFIER,), scheme="lei"),
    Role("domain", (Kind.IDENTIFIER,), scheme="domain"),
    Role("product", (Kind.MENTION, Kind.MODEL, Kind.CATEGORY)),
    Role("model", (Kind.MODEL, Kind.MENTION, Kind.CATEGORY)),
    Role("part_number", (Kind.MODEL,)),
    Role("sys_descr", (Kind.MENTION, Kind.MODEL, Kind.CATEGORY)),
    Role("description", (Kind.CATEGORY,)),
    Role("hostname", (Kind.CATEGORY,)),
    Role("purpose", (Kind.PURPOSE,)),
    Role("role", (Kind.PURPOSE, Kind.CATEGORY, Kind.COMPONENT_ROLE)),
    Role("category", (Kind.CATEGORY,)),
    Role("country", (Kind.COUNTRY,)),
    Role("country_of_origin", (Kind.COUNTRY,)),
    Role("origin", (Kind.COUNTRY,)),
    Role("maker_country", (Kind.OTHER,)),
    Role("component_role", (Kind.COMPONENT_ROLE,)),
    Role("exception", (Kind.EXCEPTION,)),
    Role("exceptions", (Kind.EXCEPTION,)),
    Role("serial", (Kind.OTHER,)),
    Role("site", (Kind.OTHER,)),
    Role("firmware", (Kind.OTHER,)),
    Role("quantity", (Kind.OTHER,)),
    Role("price", (Kind.OTHER,)),
    Role("note", (Kind.OTHER,)),
    Role("notes", (Kind.OTHER,)),
)
ROLES: Mapping[str, Role] = MappingProxyType({r.name: r for r in _ROLES})
"""Every field role, in the order a person would look at them."""


def of_kind(kind: Kind) -> tuple[str, ...]:
    """The roles holding ``kind``, in vocabulary order."""
    return tuple(r.name for r in _ROLES if kind in r.kinds)


NAME_FIELDS = of_kind(Kind.NAME)
"""Fields naming a company, in the order a person would look at them."""
MAKER_FIELDS = tuple(r.name for r in _ROLES if r.maker)
"""Name fields that say who made the item (a stated value makes the maker known)."""
IDENTIFIER_FIELDS = of_kind(Kind.IDENTIFIER)
"""Fields holding an exact identifier; each is looked up under its scheme (:data:`SCHEMES`)."""
SCHEMES: Mapping[str, str] = MappingProxyType({r.name: r.scheme for r in _ROLES if r.scheme})
"""Identifier field → the registry scheme it is looked up under."""
MODEL_FIELDS = ("model", "part_number", "product", "sys_descr")
"""Fields whose text may carry a model or part number, most specific first (a pattern found in the
model column is quoted before one in the product name)."""
assert set(MODEL_FIELDS) == set(of_kind(Kind.MODEL)), "MODEL_FIELDS must list every model-kind role"
MENTION_FIELDS = of_kind(Kind.MENTION)
"""Fields whose text may mention a firm by name."""
PURPOSE_FIELDS = of_kind(Kind.PURPOSE)
COUNTRY_FIELDS = of_kind(Kind.COUNTRY)
CATEGORY_FIELDS = of_kind(Kind.CATEGORY)
COMPONENT_ROLE_FIELDS = ("component_role", "role")
"""Read in this order: a stated component role first, then the row's role."""
EXCEPTION_FIELDS = of_kind(Kind.EXCEPTION)
SCREENABLE = (*NAME_FIELDS[:-1], "model", "part_number", "product", *IDENTIFIER_FIELDS)
"""Roles that give the evidence finder something to work on; a list without any cannot be screened."""

# Words in a maker field that state the maker is not known: the item is undecided, never clean,
# and such a value names no maker for any reader.
UNKNOWN_MAKER = re.compile(r"^\s*(unknown|n/?a|none|tbd|tba|\?+|-+|不明|未定|なし|未知|不详)\s*$", re.IGNORECASE)


# --- What a reader reads ------------------------------------------------------------------------

RAW = "raw"
"""A field read as its text: rows differing there may be decided apart."""
MAC_BLOCK = "mac-block"
"""A MAC read only through its registered block (and whether it is usable at all)."""
ENTERPRISE = "enterprise"
"""A sysObjectID read only through its IANA enterprise number."""
SILENT_TEXT = "silent-text"
"""A text read only when it may name a maker or a product line; other texts say the same."""
USE_CLASS = "use-class"
"""A stated use read only through its class (``policy.conditions.use_class``: a use inside
§889(f)(3)(B)'s limit, another use, or none), and quoted as it is in a sentence."""
REWORDED = frozenset({MAC_BLOCK, ENTERPRISE, USE_CLASS})
"""Readings coarser than the text that a sentence or the evidence may still quote verbatim: a key
holding a field so is shared by rows with different texts, and each row gets its own wording (the
screener decides afresh a row whose value differs from one its key's sentences quote)."""

@dataclass(frozen=True, slots=True)
class Reads:
    """What a reader of items declares it reads: field roles (each with how it is read) and item
    attributes other than fields (``ref``, ``parent``, ``path``). Two items equal on what a reader
    reads get the same answer from it; the screener's verdict key is built from these declarations."""

    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Role → how it is read (:data:`RAW`, :data:`MAC_BLOCK`, :data:`ENTERPRISE`, :data:`SILENT_TEXT`,
    :data:`USE_CLASS`)."""
    facts: tuple[str, ...] = ()
    """Facts of the item that are worked out from attributes other than its fields (``component``
    from ``parent`` and ``path``; ``ref``): the key holds their values."""
    everything: bool = False
    """The reader did not declare what it reads: every field and attribute counts."""

    def __or__(self, other: Reads) -> Reads:
        fields = dict(self.fields)
        for role, how in other.fields.items():
            # A field read two different ways is keyed on its text: neither coarse reading alone
            # vouches for what the other reader sees.
            fields[role] = how if fields.get(role, how) == how else RAW
        return Reads(MappingProxyType(fields), tuple(dict.fromkeys((*self.facts, *other.facts))),
                     self.everything or other.everything)


def raw(*roles: str) -> Reads:
    """Reads of these roles as raw text."""
    return Reads(MappingProxyType(dict.fromkeys(roles, RAW)))


EVERYTHING = Reads(everything=True)
