"""The values supplyscreen passes between its parts.

Every value is a frozen dataclass: registry facts (entities, aliases, identifiers, relations,
designations, sources), matching results (a match with its score, band and reasons), and
screening results (items, rule hits, decisions). Each decision and score carries its reason as
text a procurement officer can read aloud.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Decision(StrEnum):
    """What to do with an item. Ordered by severity through :attr:`severity`."""

    EXCLUDE = "exclude"
    REVIEW = "review"
    UNKNOWN = "unknown"
    ALLOW = "allow"

    @property
    def severity(self) -> int:
        """Higher is worse; an assembly takes the most severe decision of its parts."""
        return _SEVERITY[self]

    @classmethod
    def worst(cls, decisions: list[Decision] | tuple[Decision, ...]) -> Decision:
        """The most severe decision, or ALLOW for an empty list."""
        return max(decisions, key=lambda d: d.severity, default=cls.ALLOW)


_SEVERITY = {Decision.ALLOW: 0, Decision.UNKNOWN: 1, Decision.REVIEW: 2, Decision.EXCLUDE: 3}


class Band(StrEnum):
    """How sure a match is: identifier or exact alias, confident name match, or a lead to check."""

    EXACT = "exact"
    STRONG = "strong"
    POSSIBLE = "possible"


class FeatureEffect(StrEnum):
    """What a matcher feature does to a pair of names (see ``matching/features.py``)."""

    VETO = "veto"
    """The pair is no evidence: the match is dropped."""
    ADJUST = "adjust"
    """The score is set or scaled."""
    CAP = "cap"
    """The match may reach no higher band than the feature's."""


class RelationKind(StrEnum):
    """How one entity relates to another. The subject is the smaller party."""

    SUBSIDIARY_OF = "subsidiary_of"
    AFFILIATE_OF = "affiliate_of"
    BRAND_OF = "brand_of"
    OEM_SOURCE = "oem_relabel_of"
    FORMERLY_OWNED_BY = "formerly_owned_by"
    DIVISION_OF = "division_of"
    JOINT_VENTURE_OF = "joint_venture_of"

    @property
    def phrase(self) -> str:
        """The verb phrase used in evidence sentences ("X is a subsidiary of Y")."""
        return _PHRASES[self]

    @property
    def past_phrase(self) -> str:
        """The phrase for a relation that has ended ("X was a subsidiary of Y")."""
        return _PAST_PHRASES[self]

    @property
    def conveys_designation(self) -> bool:
        """Whether a designation of the object reaches the subject through this relation.

        OEM relabelling is evidence about who made a product, not ownership, so a relabel brand is
        reached for review but is not itself a designated party.
        """
        return self is not RelationKind.OEM_SOURCE


_PHRASES = {
    RelationKind.SUBSIDIARY_OF: "is a subsidiary of",
    RelationKind.AFFILIATE_OF: "is an affiliate of",
    RelationKind.BRAND_OF: "is a brand of",
    RelationKind.OEM_SOURCE: "relabels products made by",
    RelationKind.FORMERLY_OWNED_BY: "was owned by",
    RelationKind.DIVISION_OF: "is a division of",
    RelationKind.JOINT_VENTURE_OF: "is a joint venture of",
}


_PAST_PHRASES = {
    RelationKind.SUBSIDIARY_OF: "was a subsidiary of",
    RelationKind.AFFILIATE_OF: "was an affiliate of",
    RelationKind.BRAND_OF: "was a brand of",
    RelationKind.OEM_SOURCE: "relabelled products made by",
    RelationKind.FORMERLY_OWNED_BY: "was owned by",
    RelationKind.DIVISION_OF: "was a division of",
    RelationKind.JOINT_VENTURE_OF: "was a joint venture of",
}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from, so anyone can check it."""

    id: str
    """Stable key, e.g. ``fcc-covered-list-2026``."""
    title: str
    url: str = ""
    publisher: str = ""
    retrieved: str = ""
    """When the copy we built from was taken (free text: a date or a snapshot name)."""
    licence: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class ListInfo:
    """A designation or screening list: the FCC Covered List, §889, the Entity List, ..."""

    id: str
    """Stable key used in policies and the JSON contract, e.g. ``us-fcc-covered-list``."""
    name: str
    authority: str = ""
    """Who keeps it (agency) and under which law."""
    citation: str = ""
    url: str = ""
    restricts_purchase: bool = False
    """True for lists that bar buying or using (Covered List, §889); False for export-control and
    sanctions lists, which restrict dealings but are not purchase bans."""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Alias:
    """One name an entity is known by."""

    name: str
    script: str = "Latn"
    """ISO 15924 script code: Latn, Hans, Hant, Jpan, Cyrl, ..."""
    lang: str = ""
    """BCP 47 language tag where known: en, zh-Hans, zh-Hant, ja, ru."""
    source: str = ""
    weak: bool = False
    """True for names that alone are not enough to decide (a bare acronym shared by others)."""
    ambiguous: bool = False
    """True for a name that firms the registry does not hold also bear (a network tool's short name
    such as ``Hangzhou``, which Wireshark gives Hikvision and a hundred other Hangzhou firms): a
    match on it is a lead for review, never a finding."""


@dataclass(frozen=True, slots=True)
class Identifier:
    """An exact identifier: MAC OUI block, IANA PEN, LEI, CPE vendor, purl namespace, ..."""

    scheme: str
    """``mac`` (hex prefix, 6/7/9 digits), ``pen``, ``lei``, ``cpe_vendor``, ``purl_namespace``,
    ``uscc`` (Chinese unified social credit code), ``fr_citation``."""
    value: str
    source: str = ""
    note: str = ""


def on_date(as_of: dt.date | None) -> dt.date:
    """The day a question is asked about: ``as_of``, or today when it is None.

    "No date" means two different things and each has one spelling here. An ``as_of`` of None
    asks about the *current* state: it is today's date, for designations and relations alike (a
    listing that takes effect next month is not in force yet). A *fact* without a date (a
    designation's ``added``, a relation's ``valid_from`` left None) is *undated*: the source gives
    no start, so the fact holds at every date asked about until its end.
    """
    return dt.date.today() if as_of is None else as_of


@dataclass(frozen=True, slots=True)
class Designation:
    """An entity's listing on one list, with its dates and legal basis."""

    list_id: str
    added: dt.date | None = None
    """Effective date of the listing (not the publication date when they differ); None when the
    list gives none (undated: in force at every date until ``removed``, see :func:`on_date`)."""
    removed: dt.date | None = None
    """Exclusive end; None while the listing stands."""
    scope: str = ""
    """What the listing covers, in the list's own words (e.g. "telecommunications equipment")."""
    citation: str = ""
    source: str = ""
    published: dt.date | None = None

    def active(self, as_of: dt.date | None) -> bool:
        """Whether the listing was in force on ``as_of`` (None: today, see :func:`on_date`)."""
        day = on_date(as_of)
        if self.added is not None and day < self.added:
            return False
        return self.removed is None or day < self.removed


@dataclass(frozen=True, slots=True)
class Relation:
    """A dated relation between two entities: ``subject`` ``kind`` ``object``."""

    subject: str
    kind: RelationKind
    object: str
    valid_from: dt.date | None = None
    """First day the relation held; None when the source gives none (undated, see :func:`on_date`)."""
    valid_to: dt.date | None = None
    """Exclusive end; None while the relation holds."""
    source: str = ""
    note: str = ""

    def active(self, as_of: dt.date | None) -> bool:
        """Whether the relation held on ``as_of`` (None: today, see :func:`on_date`)."""
        day = on_date(as_of)
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day < self.valid_to


@dataclass(frozen=True, slots=True)
class Entity:
    """A company, person, vessel or product category known to the registry."""

    id: str
    name: str
    kind: str = "organization"
    """``organization``, ``person``, ``vessel``, ``aircraft`` or ``category``."""
    country: str = ""
    aliases: tuple[Alias, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    designations: tuple[Designation, ...] = ()
    sources: tuple[str, ...] = ()
    notes: str = ""
    group: str = ""
    """The designated corporate group this entity belongs to (``huawei``), for reporting only;
    decisions never rely on it, they follow relations."""

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *(a.name for a in self.aliases))


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A short reference to an entity in results."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class DesignatedLink:
    """A designated entity reached from a matched one, with the lists and the path as sentences."""

    entity: EntityRef
    designations: tuple[Designation, ...]
    path: tuple[str, ...]
    """Sentences from the matched entity to this one; empty when the match itself is designated."""
    relation_kinds: tuple[RelationKind, ...] = ()
    """The relation kinds walked, in order, so policies can tell ownership from OEM evidence."""
    former: bool = False
    """True when the path uses a relation that has ended (a former owner): a review lead only."""

    @property
    def list_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.list_id for d in self.designations))


@dataclass(frozen=True, slots=True)
class Match:
    """An input name or identifier matched to a registry entity."""

    entity: EntityRef
    score: float
    """0..1; 1.0 for identifiers and exact aliases."""
    band: Band
    explanation: str
    """Which words or identifiers matched, and why the score is what it is."""
    designated: tuple[DesignatedLink, ...] = ()
    matched_name: str = ""
    """The registry name or alias the input was compared with."""
    features: tuple[FeatureHit, ...] = ()
    """The matcher's features that adjusted or capped this match, in the order they apply; their
    sentences end the explanation."""


@dataclass(frozen=True, slots=True)
class FeatureHit:
    """One matcher feature that fired on a match: its id, its effect and its sentence for the pair."""

    id: str
    effect: FeatureEffect
    explanation: str


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """A match found through one field of an item (vendor, brand, mac, ...)."""

    field: str
    value: str
    match: Match


@dataclass(frozen=True, slots=True)
class Item:
    """One row of an item list, one component of a bill of materials, or one device."""

    ref: str
    """The row's own id, else its 1-based data row number, else a BOM path."""
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Values by role: ``vendor``, ``manufacturer``, ``supplier``, ``brand``, ``model``,
    ``mac``, ``purpose``, ``category``, ``description`` ..."""
    line: int | None = None
    """Line (CSV) or row (XLSX) number in the input file, for messages."""
    path: tuple[str, ...] = ()
    problem: str = ""
    """Why the row could not be read in full; such an item is decided ``unknown``."""
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A policy rule that applied to an item."""

    id: str
    outcome: Decision
    citation: str
    rationale: str


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The screening result for one item."""

    item: Item
    decision: Decision
    matches: tuple[FieldMatch, ...]
    rules: tuple[RuleHit, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What a reader learned about its input: which columns mean what, which encoding."""

    path: str
    kind: str
    """``items``, ``bom`` or ``inventory``."""
    format: str
    """``csv``, ``xlsx``, ``json``, ..."""
    encoding: str = ""
    columns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Role → header text as found in the file."""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """A whole screening: every input row accounted for."""

    source: SourceInfo
    policy: str
    as_of: dt.date | None
    results: tuple[ItemResult, ...]
    rows_in: int

    @property
    def rows_out(self) -> int:
        return len(self.results)

    @property
    def decision(self) -> Decision:
        return Decision.worst([r.decision for r in self.results])

    def counts(self) -> dict[str, int]:
        out = {d.value: 0 for d in (Decision.EXCLUDE, Decision.REVIEW, Decision.ALLOW, Decision.UNKNOWN)}
        for r in self.results:
            out[r.decision.value] += 1
        return out
