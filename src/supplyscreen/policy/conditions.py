"""The condition kinds a pack's ``when`` block may use, and what an item says about itself.

Each condition is a small function of a :class:`Subject` (the item, its facts, and for per-link
conditions one designated link reached through one field match) returning True, False, or None
when the item does not say (no category, no country). Its docstring is the explanation shown in
``supplyscreen policy show`` and ``packs/README.md``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from supplyscreen import fields as fields_vocab
from supplyscreen.fields import ENTERPRISE, MAC_BLOCK, USE_CLASS, Reads, raw
from supplyscreen.identifiers import parse_mac
from supplyscreen.model import Band, DesignatedLink, FieldMatch, Item, RelationKind
from supplyscreen.reference.countries import Countries, UnknownCountry, code_for, read_countries
from supplyscreen.reference.devices import UNCLASSIFIED, DeviceClass, classify
from supplyscreen.reference.devices import shipped as device_classifier

Tri = bool | None

# --- What an item says about itself -------------------------------------------------------------

# §889(f)(3)(B): Hytera, Hikvision and Dahua equipment is covered only "for the purpose of public
# safety, security of Government facilities, physical security surveillance of critical
# infrastructure, and other national security purposes". These words in an item's purpose, role or
# category put it inside that limit: English, the inventory roles of a security estate (cctv-camera,
# nvr, access-control, intercom, anpr-camera, perimeter-security, public-safety-radio,
# emergency-satcom), and the Japanese a ministry's list would use.
COVERED_PURPOSE = re.compile(
    r"public[\s_-]*safety|physical[\s_-]*security|security|surveillance|cctv|ptz|nvr|dvr|anpr|lpr|"
    r"access[\s_-]*control|intercom|perimeter|critical[\s_-]*infrastructure|national[\s_-]*security|"
    r"government[\s_-]*facilit|police|emergency|first[\s_-]*responder|law[\s_-]*enforcement|"
    r"防犯|監視|警備|保安|セキュリティ|入退室|治安|消防|警察|防災|重要インフラ|庁舎",
    re.IGNORECASE,
)
# The stated use: the purpose-kind fields, then a category only when it names a use (see _purpose).
PURPOSE_FIELDS = (*fields_vocab.PURPOSE_FIELDS, "category")

# Which fields name a maker, hold an identifier, a country ... come from the one vocabulary
# (supplyscreen/fields.py), as does what "the maker is not known" looks like.
UNKNOWN_MAKER = fields_vocab.UNKNOWN_MAKER
MAKER_FIELDS = fields_vocab.MAKER_FIELDS
IDENTIFIER_FIELDS = fields_vocab.IDENTIFIER_FIELDS

# What an item is comes from the one device classifier the plan also reads
# (supplyscreen/reference/data/device-classes.yaml): its kinds, classes and categories, with sources.
# Where it was produced comes from the country table built from rigour and the CLDR
# (supplyscreen/reference/countries.py): every language's names, abbreviations, "Made in X".
COUNTRY_FIELDS = fields_vocab.COUNTRY_FIELDS

# Component roles under FAR 4.2101: a "substantial or essential component" is one "necessary for the
# proper function or performance"; "critical technology" is its own term. Other words say nothing.
COMPONENT_ROLES: dict[str, str] = {
    "substantial": "substantial", "essential": "essential", "substantial-or-essential": "essential",
    "critical-technology": "critical-technology", "critical": "critical-technology",
    "non-essential": "non-essential", "nonessential": "non-essential", "ancillary": "non-essential",
    "accessory": "non-essential",
}
COMPONENT_ROLE_FIELDS = fields_vocab.COMPONENT_ROLE_FIELDS

# Exception assertions a user may make per item or component (a column or property `exception`).
EXCEPTIONS: dict[str, str] = {
    "backhaul": "backhaul", "roaming": "roaming", "interconnection": "interconnection",
    "no-user-data": "no-user-data", "cannot-route-user-data": "no-user-data",
    "blue-uas": "blue-uas", "buy-american": "buy-american", "conditional-approval": "conditional-approval",
    "toy-drone": "toy-drone", "previously-authorized": "previously-authorized",
    "existing-equipment": "existing-equipment",
}
EXCEPTION_FIELDS = fields_vocab.EXCEPTION_FIELDS

EVIDENCE_KINDS = {
    # Fields naming a company.
    "name": fields_vocab.NAME_FIELDS,
    # Exact identifiers, and the device's own SNMP self-description.
    "identifier": (*IDENTIFIER_FIELDS, "sys_descr"),
    # Text that merely mentions a designated firm or follows its model numbering (a part named in a
    # description, a camera number in a SKU column).
    "mention": tuple(dict.fromkeys(
        f for f in (*fields_vocab.MENTION_FIELDS, *fields_vocab.MODEL_FIELDS, "description", "note", "notes")
        if f != "sys_descr")),
}


class Facts:
    """What an item says about itself, each fact worked out on first use.

    Most rows of a large inventory match nothing, and for them only the maker rules run; working
    out categories, purpose and countries for every row would cost more than the rest of the
    screening, so each fact is computed lazily and kept.

    Every read of the item goes through :meth:`read` (the properties below call it), so a policy can
    record which facts one evaluation looked at, in order (``reads``), and reuse its verdict for
    another item that says the same about those facts (``evaluator.PackPolicy``).
    """

    def __init__(self, item: Item) -> None:
        self.item = item
        self._maker: tuple[str, str] | None = None
        self._known: dict[str, Any] = {}
        self.reads: dict[str, Any] | None = None
        """Facts read so far, in order, while a policy records (None when it does not)."""
        self.quoted: set[str] = set()
        """Facts a sentence has quoted (rendered into its text) so far."""

    def read(self, name: str) -> Any:
        """The fact ``name`` (one of :data:`FACTS`, or ``field:ROLE`` for one raw field), noted in
        ``reads`` while recording."""
        try:
            value = self._known[name]
        except KeyError:
            value = self._known[name] = self._work_out(name)
        if self.reads is not None and name not in self.reads:
            self.reads[name] = value
        return value

    def note(self, name: str, value: str) -> str:
        """Note a value read from outside the item that a verdict depends on (``value:N``, the
        input value of the N-th field match); returns ``value``."""
        if self.reads is not None and name not in self.reads:
            self.reads[name] = value
        return value

    def _work_out(self, name: str) -> Any:
        if name.startswith("field:"):
            return self.item.fields.get(name[6:], "")
        return _FACT_RULES[name](self)

    @property
    def categories(self) -> frozenset[str]:
        """The categories pack rules test (see :mod:`supplyscreen.reference.devices`)."""
        return self.read("categories")

    @property
    def device_class(self) -> str:
        """The class the plan shows (``core``, ``endpoint``, ..., ``unclassified``)."""
        return self.read("device_class")

    @property
    def category_stated(self) -> bool:
        """Whether the item's fields say what it is."""
        return self.read("category_stated")

    @property
    def category_text(self) -> str:
        """For a reason: "core-network, telecom (class core)", "class endpoint", or "not stated"."""
        if not self.category_stated:
            return "not stated"
        cats = ", ".join(sorted(self.categories))
        cls = self.device_class
        if cls == UNCLASSIFIED:
            return cats
        return f"{cats} (class {cls})" if cats else f"class {cls}"

    @property
    def purpose(self) -> str:
        return self.read("purpose")

    @property
    def purpose_class(self) -> str:
        """``covered`` (a §889(f)(3)(B) use), ``other`` or ``missing``."""
        return self.read("purpose_class")

    @property
    def countries(self) -> Countries:
        """Where the item says it was produced: territories read, and values that could not be."""
        return self.read("countries")

    def device(self) -> DeviceClass:
        """The classifier's reading of the item, worked out once (not itself a recorded fact: its
        basis quotes the row; rules read ``categories``, ``device_class`` and ``category_stated``)."""
        d = self._known.get("_device")
        if d is None:
            d = self._known["_device"] = classify(self.item.fields)
        return d

    @property
    def component_role(self) -> str:
        return self.read("component_role")

    @property
    def exceptions(self) -> frozenset[str]:
        return self.read("exceptions")

    @property
    def maker(self) -> str:
        """``known``, ``unknown`` (stated as unknown) or ``missing`` (no maker and no identifier)."""
        return self.read("maker")

    @property
    def maker_text(self) -> str:
        """For messages: the maker as stated, or which field said 'unknown'."""
        return self.read("maker_text")

    @property
    def component(self) -> bool:
        return self.read("component")

    @property
    def software(self) -> bool:
        """Software on its own (see :func:`c_software`)."""
        return self.read("software")

    @property
    def ref(self) -> str:
        return self.read("ref")

    def field(self, role: str) -> str:
        """One raw field of the item ("" when absent), for conditions the vocabulary lacks."""
        return self.read("field:" + role)

    def _maker_state(self) -> tuple[str, str]:
        if self._maker is None:
            self._maker = _maker_state(self.item)
        return self._maker




# Distinct use texts remembered by use_class: an inventory states a few hundred roles and purposes.
USE_TEXTS_LIMIT = 50_000


@lru_cache(maxsize=USE_TEXTS_LIMIT)
def use_class(text: str) -> str:
    """The class of one stated use: ``covered`` (it names a §889(f)(3)(B) use), ``other``, or ''
    (nothing stated). What the ``purpose`` condition reads of each purpose, role and category field,
    so a verdict key holds these fields by this class (``fields.USE_CLASS``), not by their text.

    Remembered per text (it reads nothing else): every verdict key reads the role and purpose
    through it, and so does the ``purpose_class`` fact of every evaluation (1,000,000 rows: ~5 % of
    screening the keys was this regex on the same few hundred texts)."""
    text = text.strip()
    return "" if not text else "covered" if COVERED_PURPOSE.search(text) else "other"


def _purpose(f: Facts) -> str:
    """The stated use: the purpose and role fields (each value once). A category is a use only
    when it names one (a "CCTV" category); a product type ("device", "camera") leaves the use
    unstated rather than making it some other use."""
    fields = f.item.fields
    stated = dict.fromkeys(v for k in PURPOSE_FIELDS if k != "category" and (v := fields.get(k, "").strip()))
    if stated:
        return " ".join(stated)
    category = fields.get("category", "").strip()
    return category if COVERED_PURPOSE.search(category) else ""


def _purpose_class(f: Facts) -> str:
    """From each field's own class (:func:`use_class`), never from the fields' texts run together:
    a stated use is covered when one of its values names a covered use; a category counts only
    when no purpose or role is stated, and only when it names a covered use (see _purpose)."""
    fields = f.item.fields
    stated = {use_class(fields.get(k, "")) for k in PURPOSE_FIELDS if k != "category"} - {""}
    if stated:
        return "covered" if "covered" in stated else "other"
    return "covered" if use_class(fields.get("category", "")) == "covered" else "missing"


def _countries(f: Facts) -> Countries:
    fields = f.item.fields
    return read_countries(*(fields.get(k, "") for k in COUNTRY_FIELDS))


def _component_role(f: Facts) -> str:
    fields = f.item.fields
    for k in COMPONENT_ROLE_FIELDS:
        role = COMPONENT_ROLES.get(fields.get(k, "").strip().lower().replace(" ", "-"), "")
        if role:
            return role
    return ""


def _exceptions(f: Facts) -> frozenset[str]:
    fields = f.item.fields
    return frozenset(EXCEPTIONS.get(w.replace(" ", "-"), w) for k in EXCEPTION_FIELDS for w in _words(fields.get(k, "")))


def _software(f: Facts) -> bool:
    fields = f.item.fields
    kind = fields.get("category", "").strip().lower()
    if kind:
        return kind in SOFTWARE_TYPES
    text = f"{fields.get('product', '')} {fields.get('description', '')}"
    return bool(_SOFTWARE_TEXT.search(text)) and not _EQUIPMENT_TEXT.search(text)


_FACT_RULES: dict[str, Callable[[Facts], Any]] = {
    "categories": lambda f: f.device().categories,
    "device_class": lambda f: f.device().cls,
    "category_stated": lambda f: f.device().stated,
    "purpose": _purpose,
    "purpose_class": _purpose_class,
    "countries": _countries,
    "component_role": _component_role,
    "exceptions": _exceptions,
    "maker": lambda f: f._maker_state()[0],
    "maker_text": lambda f: f._maker_state()[1],
    "component": lambda f: bool(f.item.parent) or len(f.item.path) > 1,
    "software": _software,
    "ref": lambda f: f.item.ref,
}
FACTS = tuple(_FACT_RULES)
"""The facts a policy may read of an item, besides ``field:ROLE``."""

_DEVICE = raw(*device_classifier().fields)
_USE = Reads(MappingProxyType(dict.fromkeys(PURPOSE_FIELDS, USE_CLASS)))
FACT_READS: dict[str, Reads] = {
    "categories": _DEVICE,
    "device_class": _DEVICE,
    "category_stated": _DEVICE,
    # The use is read only by its class (the `purpose` condition); its text is only ever quoted in
    # a sentence ({purpose}), which the screener words afresh for each row (fields.REWORDED).
    "purpose": _USE,
    "purpose_class": _USE,
    "countries": raw(*COUNTRY_FIELDS),
    "component_role": raw(*COMPONENT_ROLE_FIELDS),
    "exceptions": raw(*EXCEPTION_FIELDS),
    # A MAC tells the maker fact only whether it is usable, an OID only whether it is given: their
    # block and enterprise number are finer than that.
    "maker": raw(*MAKER_FIELDS, "product", *(f for f in IDENTIFIER_FIELDS if f not in ("mac", "sys_object_id")))
    | Reads(MappingProxyType({"mac": MAC_BLOCK, "sys_object_id": ENTERPRISE})),
    "component": Reads(facts=("component",)),
    "software": raw("category", "product", "description"),
    "ref": Reads(facts=("ref",)),
}
"""What each fact reads of an item: field roles, or attributes other than fields (``component``
reads ``Item.parent`` and ``Item.path``, ``ref`` the row's id). A policy's declaration of what it
reads (``PackPolicy.reads``) is the union over the facts it can read; the screener keys on it."""
FACT_READS["maker_text"] = FACT_READS["maker"]
assert set(FACT_READS) == set(FACTS), "every fact declares what it reads"


def fact_reads(name: str) -> Reads:
    """What the fact ``name`` (or ``field:ROLE``) reads of an item."""
    return raw(name[6:]) if name.startswith("field:") else FACT_READS[name]


# What separates the words of a list cell ("cots; lab-use").
_WORD_SEPARATOR = re.compile(r"[;,|/]")


def _words(value: str) -> list[str]:
    if not value:
        return []  # most rows state no exception: the fact is read for every key's evaluation
    return [w.strip().lower() for w in _WORD_SEPARATOR.split(value) if w.strip()]


def _usable_mac(text: str) -> bool:
    parsed = parse_mac(text)
    return parsed.value is not None and not parsed.locally_administered


def facts(item: Item) -> Facts:
    return Facts(item)


def _maker_state(item: Item) -> tuple[str, str]:
    f = item.fields
    stated = {k: v for k in MAKER_FIELDS if (v := f.get(k, "").strip())}
    unknown = [k for k, v in stated.items() if UNKNOWN_MAKER.match(v)]
    known = [k for k in stated if k not in unknown]
    if "manufacturer" in unknown:
        # A maker stated as unknown is not settled by who sold the part: a distributor in the
        # supplier or vendor column says nothing about who made it. Only a brand or OEM does.
        known = [k for k in known if k in ("brand", "oem")]
    if known or _identified(f):
        shown = [f"{k} '{stated[k]}'" for k in known]
        if f.get("product", "").strip():
            shown.append(f"product '{f['product'].strip()}'")
        return "known", ", ".join(shown) or "its identifiers"
    if unknown:
        return "unknown", f"{unknown[0]} is stated as '{stated[unknown[0]]}'"
    return "missing", "no maker, vendor or identifier is given"


def _identified(fields: Mapping[str, str]) -> bool:
    """Whether an identifier is given; a randomised or malformed MAC says nothing about the maker.
    (Asked only when no maker is named, so most rows never parse their MAC here.)"""
    for k in IDENTIFIER_FIELDS:
        v = fields.get(k, "").strip()
        if v and (k != "mac" or _usable_mac(v)):
            return True
    return False


# --- Organisation lists ------------------------------------------------------------------------


@cache
def public_lists() -> frozenset[str]:
    """List ids the shipped registry defines; any other list came from an organisation file."""
    path = resources.files("supplyscreen.registry") / "curated" / "lists.yaml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return frozenset(str(r["id"]) for r in rows if isinstance(r, dict) and "id" in r)


def is_org_list(list_id: str) -> bool:
    # The Consolidated Screening List's sub-lists are built into the snapshot, not curated by hand.
    return list_id not in public_lists() and not list_id.startswith("us-csl-")


# A pure function of a few dozen list ids and a pack's few pattern tuples, asked for every
# designation of every link of every rule: 659,000 calls, 1.9 s of cProfile time on 100,000
# inventory rows before it was cached.
@lru_cache(maxsize=8192)
def list_matches(list_id: str, patterns: tuple[str, ...]) -> bool:
    """``org:*`` (or ``org:PATTERN``) matches an organisation's own lists; other patterns are
    globs on the list id (``us-*``)."""
    for p in patterns:
        if p.startswith("org:"):
            if is_org_list(list_id) and fnmatch.fnmatchcase(list_id, p[4:] or "*"):
                return True
        elif fnmatch.fnmatchcase(list_id, p):
            return True
    return False


# --- Subjects and condition functions ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subject:
    """What one rule is tried against: an item, and for per-link rules one link of one match."""

    item: Item
    facts: Facts
    matches: tuple[FieldMatch, ...]
    day: dt.date
    known_lists: frozenset[str] | None = None
    """The lists of the registry in use; None when the policy was not told (``lists_loaded`` is
    then unknown)."""
    fm: FieldMatch | None = None
    link: DesignatedLink | None = None
    rule_lists: tuple[str, ...] = ()
    """The enclosing rule's ``lists`` patterns, which ``scope_matches`` reads designations from."""


def _strs(value: Any, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for v in items:
        if isinstance(v, (dict, list)) or v is None:
            raise ValueError("expected a string or a list of strings")
        s = str(v).strip()
        if allowed is not None and s not in allowed:
            raise ValueError(f"{s!r} is not one of {', '.join(allowed)}")
        out.append(s)
    if not out:
        raise ValueError("expected at least one value")
    return tuple(out)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _regex(value: Any) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise ValueError("expected a regular expression (a string)")
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as e:
        raise ValueError(f"invalid regular expression: {e}") from None


def _country(value: Any) -> tuple[str, frozenset[str]]:
    if isinstance(value, dict) and len(value) == 1:
        (op, codes), = value.items()
        if op in ("in", "not_in"):
            return op, _codes(codes)
    if isinstance(value, (str, list)):
        return "in", _codes(value)
    raise ValueError("expected a list of country codes, or {in: [...]} / {not_in: [...]}")


def _codes(value: Any) -> frozenset[str]:
    try:
        return frozenset(code_for(c) for c in _strs(value))
    except UnknownCountry as e:
        raise ValueError(str(e)) from None


def _fields(value: Any) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if not isinstance(value, dict) or not value:
        raise ValueError("expected a mapping of field name to regular expression")
    return tuple((str(k), _regex(v)) for k, v in value.items())


def _depth(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("expected the largest number of relation steps (0 = the designated party itself)")
    return value


RELATIONS = (*(k.value for k in RelationKind), "self")


def c_lists(s: Subject, pats: tuple[str, ...]) -> Tri:
    """The designated party reached is, on the screening date, on one of these lists (ids, globs,
    or ``org:*`` for an organisation's own lists)."""
    assert s.link is not None
    return any(list_matches(d.list_id, pats) for d in s.link.designations)


def c_scope_matches(s: Subject, rx: re.Pattern[str]) -> Tri:
    """Every designation of the party on the rule's ``lists`` has scope or citation text matching
    this pattern (how a list words a limited entry, e.g. §889(f)(3)(B)'s purpose limit)."""
    assert s.link is not None
    des = [d for d in s.link.designations if not s.rule_lists or list_matches(d.list_id, s.rule_lists)]
    return bool(des) and all(rx.search(f"{d.scope} {d.citation}") for d in des)


def c_party(s: Subject, ids: tuple[str, ...]) -> Tri:
    """The designated party reached is one of these registry entity ids (for rules that name a
    company, such as the UK's designation of Huawei)."""
    assert s.link is not None
    return s.link.entity.id in ids


def c_relation(s: Subject, kinds: tuple[str, ...]) -> Tri:
    """The path to the designated party uses one of these relation kinds (``self``: the matched
    party is itself designated)."""
    assert s.link is not None
    walked = {k.value for k in s.link.relation_kinds} or {"self"}
    return bool(walked & set(kinds))


def c_depth(s: Subject, n: int) -> Tri:
    """The designated party is at most this many relation steps from the matched one."""
    assert s.link is not None
    return len(s.link.path) <= n


def c_former(s: Subject, want: bool) -> Tri:
    """The path uses a relation that had ended on the screening date (a former owner)."""
    assert s.link is not None
    return s.link.former is want


def c_band(s: Subject, bands: tuple[str, ...]) -> Tri:
    """The match is in one of these bands: ``exact`` (identifier or exact alias), ``strong``,
    ``possible``."""
    assert s.fm is not None
    return s.fm.match.band.value in bands


def c_evidence(s: Subject, kinds: tuple[str, ...]) -> Tri:
    """The match came from a field of this kind: ``name`` (maker, vendor, brand, supplier, ...),
    ``identifier`` (MAC, SNMP, CPE, purl, LEI, web domain, sysDescr) or ``mention`` (a description,
    model or part number that names the firm or follows its numbering). A model or product text that states its maker (evidence gives such a
    match a confident band: "HUAWEI S5720-52X" begins with the maker's name) is ``name`` evidence."""
    assert s.fm is not None
    field = s.fm.field
    if field in EVIDENCE_KINDS["mention"] and s.fm.match.band is not Band.POSSIBLE:
        return "name" in kinds
    return any(field in EVIDENCE_KINDS[k] for k in kinds)


def c_field(s: Subject, names: tuple[str, ...]) -> Tri:
    """The match came from one of these item fields (``vendor``, ``mac``, ...)."""
    assert s.fm is not None
    return s.fm.field in names


def c_category(s: Subject, cats: tuple[str, ...]) -> Tri:
    """The item is of one of these categories, as the device classifier reads its role, category,
    product, description, sysDescr, model and host name (the same reading the rip-and-replace plan
    uses). Unknown when those fields do not say what the item is."""
    if not s.facts.category_stated:
        return None
    return bool(s.facts.categories & set(cats))


def c_category_stated(s: Subject, want: bool) -> Tri:
    """The item's fields say what it is (a class or category the device classifier knows); never
    unknown, so a rule can ask about an unstated category once instead of per category entry."""
    return s.facts.category_stated is want


# Component types (CycloneDX `type`, SPDX purpose) that are software in its own right, as opposed
# to firmware or an operating system that ships inside equipment.
SOFTWARE_TYPES = frozenset({"library", "application", "framework", "platform", "file", "container", "sdk",
                            "software", "app", "install", "archive", "source"})
_SOFTWARE_TEXT = re.compile(r"\bsdk\b|\blibrary\b|\bapplication\b|\bapp\b|software|ソフトウェア|アプリ", re.IGNORECASE)
_EQUIPMENT_TEXT = re.compile(r"firmware|operating[\s_-]*system|\bos\b|ファームウェア", re.IGNORECASE)


def c_software(s: Subject, want: bool) -> Tri:
    """The item is software on its own (a library, application or SDK), not equipment or the
    firmware inside it. Read from the component type when the input has one, else from the product
    text; never unknown, so an item that does not say is not software."""
    return s.facts.software is want


def c_purpose(s: Subject, classes: tuple[str, ...]) -> Tri:
    """The item's stated use is ``covered`` (public safety, security of government facilities,
    physical security surveillance of critical infrastructure, national security), ``other``, or
    ``missing``; each purpose or role field is read on its own, covered when one of them is."""
    return s.facts.purpose_class in classes


def c_country(s: Subject, spec: tuple[str, frozenset[str]]) -> Tri:
    """A country of production (any stage: design, development, manufacture, assembly) is ``in`` /
    ``not_in`` these countries; a territory counts as its governing country too (Puerto Rico as the
    US). Unknown when the item gives no country, or when what it gives cannot be read as one and the
    countries it does name do not settle the question ('Untied States' is quoted, never foreign)."""
    c: Countries = s.facts.countries
    if not c.stated:
        return None
    op, codes = spec
    hit = c.any_in(codes) if op == "in" else c.any_outside(codes)
    if hit:
        return True
    return None if c.unread else False


def c_component_role(s: Subject, roles: tuple[str, ...]) -> Tri:
    """The component's stated role (``substantial``, ``essential``, ``critical-technology``,
    ``non-essential``). Unknown when not stated."""
    if not s.facts.component_role:
        return None
    return s.facts.component_role in roles


def c_component(s: Subject, want: bool) -> Tri:
    """The item is a part inside a larger product (a bill-of-materials child)."""
    return s.facts.component is want


def c_exception(s: Subject, names: tuple[str, ...]) -> Tri:
    """The user asserts one of these exceptions for the item (column or property ``exception``)."""
    return bool(s.facts.exceptions & set(names))


def c_maker(s: Subject, states: tuple[str, ...]) -> Tri:
    """The maker is ``known``, stated as ``unknown``, or ``missing`` (no maker and no identifier)."""
    return s.facts.maker in states


def c_matched(s: Subject, want: bool) -> Tri:
    """Any field of the item matched a registry entity."""
    return bool(s.matches) is want


def c_listed(s: Subject, pats: tuple[str, ...]) -> Tri:
    """A confident (exact or strong) match leads to a party on one of these lists."""
    return any(
        fm.match.band is not Band.POSSIBLE and not link.former
        and any(list_matches(d.list_id, pats) for d in link.designations)
        for fm in s.matches for link in fm.match.designated
    )


def c_lists_loaded(s: Subject, pats: tuple[str, ...]) -> Tri:
    """The registry in use holds one of these lists (``org:*``: an organisation file was loaded)."""
    if s.known_lists is None:
        return None
    return any(list_matches(x, pats) for x in s.known_lists)


def c_fields(s: Subject, spec: tuple[tuple[str, re.Pattern[str]], ...]) -> Tri:
    """Each named item field matches its regular expression (an escape hatch for criteria the
    vocabulary lacks)."""
    return all(rx.search(s.facts.field(name)) for name, rx in spec)


@dataclass(frozen=True, slots=True)
class ConditionKind:
    parse: Callable[[Any], Any]
    test: Callable[[Subject, Any], Tri]
    per_link: bool
    facts: tuple[str, ...] = ()
    """The item facts the test reads (per-link tests read only the match and its link)."""


def _choice(allowed: tuple[str, ...]) -> Callable[[Any], tuple[str, ...]]:
    return lambda v: _strs(v, allowed)


CONDITIONS: dict[str, ConditionKind] = {
    "lists": ConditionKind(_strs, c_lists, True),
    "scope_matches": ConditionKind(_regex, c_scope_matches, True),
    "party": ConditionKind(_strs, c_party, True),
    "relation": ConditionKind(_choice(RELATIONS), c_relation, True),
    "depth": ConditionKind(_depth, c_depth, True),
    "former": ConditionKind(_bool, c_former, True),
    "band": ConditionKind(_choice(tuple(b.value for b in Band)), c_band, True),
    "evidence": ConditionKind(_choice(tuple(EVIDENCE_KINDS)), c_evidence, True),
    "field": ConditionKind(_strs, c_field, True),
    "category": ConditionKind(_choice(device_classifier().categories), c_category, False,
                              ("category_stated", "categories")),
    "category_stated": ConditionKind(_bool, c_category_stated, False, ("category_stated",)),
    "software": ConditionKind(_bool, c_software, False, ("software",)),
    "purpose": ConditionKind(_choice(("covered", "other", "missing")), c_purpose, False, ("purpose_class",)),
    "country": ConditionKind(_country, c_country, False, ("countries",)),
    "component_role": ConditionKind(
        _choice(tuple(dict.fromkeys(COMPONENT_ROLES.values()))), c_component_role, False, ("component_role",)),
    "component": ConditionKind(_bool, c_component, False, ("component",)),
    "exception": ConditionKind(_choice(tuple(dict.fromkeys(EXCEPTIONS.values()))), c_exception, False,
                               ("exceptions",)),
    "maker": ConditionKind(_choice(("known", "unknown", "missing")), c_maker, False, ("maker",)),
    "matched": ConditionKind(_bool, c_matched, False),
    "listed": ConditionKind(_strs, c_listed, False),
    "lists_loaded": ConditionKind(_strs, c_lists_loaded, False),
    "fields": ConditionKind(_fields, c_fields, False),
}
"""Every condition kind; ``all``, ``any`` and ``not`` combine them (see ``evaluator.test``)."""
