"""The values of a procurement case, from request to decision.

A case is opened by an agency, classified with the agreement's categories, receives bids (each an
item list, a bill of materials or both, plus the bidder's representations), raises questions to
bidders, goes to the central body for consultation and ends with a decision. These dataclasses are
what the store hands the domain code (``compare``, ``package``); they hold no database objects, so
the CLI, the web pages and the API render the same values.

Text a person reads comes in English and Japanese (:class:`Text`): the agencies are Japanese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

LANGS = ("en", "ja")
"""Languages of labels and explanations; English is the default."""

# Risk levels of a bid's factors, least to most severe. `blocking` means the agreement's criteria
# say not to buy as offered (an excluded item, an offer that could not be read).
LEVELS = ("none", "low", "medium", "high", "blocking")

# What a case can end with.
OUTCOMES = ("award", "cancel", "retender")

# What the central body can answer to a consultation (USEJ 2020: it asks for another source when
# it finds risk).
REPLY_OUTCOMES = ("no-concern", "concern", "another-source")


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Text:
    """One sentence or label in each language; ``get`` falls back to English."""

    en: str
    ja: str = ""

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" and self.ja else self.en

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "ja": self.ja or self.en}


@dataclass(frozen=True, slots=True)
class Reason:
    """A step of the classification, with the sources it rests on."""

    text: Text
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Classification:
    """What the questionnaire's answers decide for a case."""

    answers: Mapping[str, str]
    """Question id → answer (a choice id, or ``yes`` / ``no``), as given."""
    bound: bool
    """Whether the agreement binds this buyer on the case's date."""
    categories: tuple[str, ...]
    """The agreement's categories the system falls in (ids from classification.yaml)."""
    review_required: bool
    """Whether the agreement's supply-chain review (and consultation with the central body) applies."""
    packs: tuple[str, ...]
    """Policy packs every bid is screened against."""
    representations: bool
    """Whether bidders owe FAR 52.204-24/-26 representations (a US federal procurement)."""
    reasons: tuple[Reason, ...]
    """Why, step by step, in both languages."""
    on: dt.date
    """The date the classification was made for (the case's opening day)."""


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """A case's own fields."""

    id: int
    team_id: int
    agency: str
    title: str
    description: str
    budget: int | None
    currency: str
    deadline: dt.date | None
    status: str
    """``open``, ``consulting`` (a package was generated), ``replied`` (the body answered) or ``decided``."""
    opened: dt.datetime
    opened_by: str
    classification: Classification


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One screened item of a bid file, as stored: the screening's decision, the decision after
    review (a false positive or waiver turns it to allow) and the evidence document."""

    seq: int
    ref: str
    decision: str
    final: str
    review_state: str
    note: str
    doc: Mapping[str, Any]
    """``formats.serialise.item``: path, matches with designated parties and relation paths, rules."""


@dataclass(frozen=True, slots=True)
class Change:
    """An item whose decision differs between two versions of a bid file (None: absent)."""

    ref: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class BidScreening:
    """The newest version of one bid file screened against one policy pack."""

    screening_id: int
    role: str
    """``items`` (an item list) or ``bom`` (a bill of materials)."""
    version: int
    policy: str
    file_name: str
    status: str
    """The screening's status: ``complete``, ``failed`` (the file could not be read), ..."""
    error: str
    decision: str
    counts: Mapping[str, int]
    items: tuple[ItemRow, ...]
    changes: tuple[Change, ...] = ()
    """What changed since the previous version of the file (empty for version 1)."""
    previous_file: str = ""
    note: str = ""
    """Why this version was submitted (the officer's words)."""


@dataclass(frozen=True, slots=True)
class Representations:
    """A bidder's FAR 52.204-24 and 52.204-26 answers; None where not given."""

    far_24_provide: str | None = None
    """52.204-24(d)(1): ``will`` or ``will-not`` provide covered equipment or services."""
    far_24_use: str | None = None
    """52.204-24(d)(2): ``does`` or ``does-not`` use covered equipment or services."""
    far_26_provide: str | None = None
    """52.204-26(c)(1): ``does`` or ``does-not`` provide them as part of its offered products."""
    far_26_use: str | None = None
    """52.204-26(c)(2): ``does`` or ``does-not`` use them."""
    disclosure: str = ""
    """52.204-24(e): producer, model or part number and use of what a positive answer covers."""

    @property
    def given(self) -> bool:
        return any(v is not None for v in (self.far_24_provide, self.far_24_use, self.far_26_provide,
                                           self.far_26_use))


@dataclass(frozen=True, slots=True)
class VersionChange:
    """An item that changed from one version of a bid to the next, named as the bidder named it."""

    role: str
    ref: str
    before: str | None
    after: str | None
    name: str
    maker: str
    model: str
    reason: Text
    """Why the item was decided as it was (the side that has it: after, else before)."""


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a bid: the files it came with, why, and what changed from the one before."""

    version: int
    at: dt.datetime
    by: str
    reason: str
    files: tuple[tuple[str, str, str], ...]
    """(role, file name, SHA-256) of each file submitted with this version."""
    changes: tuple[VersionChange, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """An item as the bidder described it, for the package's table of every item."""

    role: str
    ref: str
    name: str
    path: tuple[str, ...]
    maker: str
    model: str
    country: str
    decision: str
    final: str
    review_state: str
    note: str
    declared: bool
    """The maker or model comes from the bidder's answer to a question, not from its file."""
    reason: Text


@dataclass(frozen=True, slots=True)
class Bid:
    id: int
    bidder: str
    representations: Representations
    screenings: tuple[BidScreening, ...]
    added: dt.datetime
    added_by: str
    version: int = 1
    versions: tuple[Version, ...] = ()
    items: tuple[ItemInfo, ...] = ()
    """Every item of the bid's newest files, cleared ones too, with maker, model and country."""


@dataclass(frozen=True, slots=True)
class Question:
    """A question to a bidder and, once it came, the answer."""

    id: int
    bid_id: int | None
    bidder: str
    item_ref: str
    kind: str
    """``maker`` (name an unknown maker), ``confirm-maker`` (a possible match), or ``other``."""
    text: str
    asked_by: str
    asked: dt.datetime
    answer: str = ""
    answered_by: str = ""
    answered: dt.datetime | None = None
    facts: tuple[Mapping[str, str], ...] = ()
    """What the answer established about named items (ref, manufacturer, model, country)."""


@dataclass(frozen=True, slots=True)
class Reply:
    """The central body's reply about one bid, at the version the package showed."""

    id: int
    bid_id: int
    bid_version: int
    outcome: str
    reply: str
    reply_on: dt.date
    recorded_by: str
    recorded: dt.datetime


@dataclass(frozen=True, slots=True)
class Consultation:
    """A package prepared for the central body and, once recorded, its reply."""

    id: int
    body: str
    json_sha256: str
    html_sha256: str
    lang: str
    prepared: dt.datetime
    prepared_by: str
    reply_outcome: str = ""
    reply: str = ""
    reply_on: dt.date | None = None
    recorded_by: str = ""
    recorded: dt.datetime | None = None
    purpose: str = "consult"
    """``consult`` (awaits the body's reply about each bid) or ``record`` (a decided case's copy)."""
    bids: Mapping[int, int] = field(default_factory=dict)
    """The bid versions the package showed: bid id → version."""
    replies: tuple[Reply, ...] = ()

    @property
    def awaiting(self) -> bool:
        """Whether some bid the package showed has no reply yet."""
        if self.purpose != "consult" or self.recorded is not None:
            return False
        return set(self.bids) > {r.bid_id for r in self.replies}


@dataclass(frozen=True, slots=True)
class Override:
    """An award the guard blocked, requested with a justification and confirmed by a second person."""

    id: int
    bid_id: int
    bid_version: int
    blocked: str
    reason: str
    justification: str
    requested_by: str
    requested: dt.datetime
    confirmed_by: str = ""
    confirmed: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DesignationPin:
    """The designation lists a case screens with: their digest, the lists they hold, when pinned."""

    sha256: str
    lists: Mapping[str, str]
    """List id → name."""
    files: tuple[tuple[str, str], ...]
    """(file name, SHA-256) of each designation file."""
    pinned_by: str
    pinned: dt.datetime
    reason: str = ""
    current_sha256: str = ""
    """The digest of the lists a new case would pin today (a difference is worth a re-pin)."""


@dataclass(frozen=True, slots=True)
class CaseDecision:
    """The buyer's final decision: who, when and why."""

    id: int
    outcome: str
    bid_id: int | None
    bidder: str
    reason: str
    decided_by: str
    at: dt.datetime
    override: Override | None = None


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """Everything about one case, and nothing about any other."""

    info: CaseInfo
    bids: tuple[Bid, ...]
    questions: tuple[Question, ...] = ()
    consultations: tuple[Consultation, ...] = ()
    decisions: tuple[CaseDecision, ...] = ()
    trail: tuple[Mapping[str, Any], ...] = ()
    """The audit records about this case and its screenings (seq, at, actor, action, hash ...)."""
    designations: DesignationPin | None = None
    overrides: tuple[Override, ...] = ()
    policies: tuple[Mapping[str, str], ...] = ()
    """The policy versions the bids were screened with: {id, name, sha256}."""
    registry: Mapping[str, str] = field(default_factory=_empty)
    """The registry snapshot the newest screenings used: {built, fingerprint}."""


# -- the comparison -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """An offending item of a bid: the item whose own evidence decides, not an assembly that merely
    contains it."""

    policies: tuple[str, ...]
    """The policy packs under which the item was found (the most severe decision is kept)."""
    role: str
    file_name: str
    ref: str
    path: tuple[str, ...]
    decision: str
    final: str
    review_state: str
    note: str
    reason: str
    doc: Mapping[str, Any] = field(default_factory=_empty)

    @property
    def depth(self) -> int:
        """Levels below the offered product (0: the product itself or a row of an item list)."""
        return max(0, len(self.path) - 1)


@dataclass(frozen=True, slots=True)
class UnknownMaker:
    """An item whose maker must be established: a question for the bidder."""

    role: str
    file_name: str
    ref: str
    path: tuple[str, ...]
    kind: str
    """``maker`` or ``confirm-maker``."""
    reason: str
    question: Text
    asked: int | None = None
    """The id of the question already asked about it, if any."""
    answered: bool = False


@dataclass(frozen=True, slots=True)
class RepFinding:
    """A bidder's representation checked against what screening found."""

    clause: str
    status: str
    """``contradicted``, ``needs-inquiry``, ``incomplete``, ``disclosed``, ``consistent`` or ``not-checkable``."""
    text: Text
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Factor:
    """One documented risk factor of a bid for the comprehensive evaluation."""

    id: str
    level: str
    title: Text
    explanation: Text
    why: Text
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BidView:
    """One bid, side by side with the others."""

    bid: Bid
    decision: str
    """The most severe decision after review over the bid's files and policy packs (``unknown``
    where a file could not be read)."""
    by_policy: Mapping[str, str]
    counts: Mapping[str, int]
    findings: tuple[Finding, ...]
    unknown_makers: tuple[UnknownMaker, ...]
    representations: tuple[RepFinding, ...]
    factors: tuple[Factor, ...]
    risk: str
    """The most severe level among the factors (``none`` without any)."""
    errors: tuple[str, ...]
    """Files that could not be read, each with the reader's message."""


@dataclass(frozen=True, slots=True)
class Comparison:
    case: CaseInfo
    bids: tuple[BidView, ...]

    @property
    def clean(self) -> bool:
        """Every bid allowed with no risk factor."""
        return all(b.decision == "allow" and b.risk == "none" for b in self.bids)
