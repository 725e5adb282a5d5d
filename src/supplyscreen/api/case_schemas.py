"""The JSON shapes of the procurement-case endpoints (``case_routes.py``).

A bid in a comparison is the consultation package's bid (``case.package``): its top-level fields
are typed here; findings, evidence and risk factors keep the package's shape, text a person reads
as ``{"en": ..., "ja": ...}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

# Free text kept in the store: PostgreSQL refuses a NUL character in text, so it is a 422 here.
NO_NUL = r"^[^\x00]*$"
Line = Annotated[str, Field(max_length=300, pattern=NO_NUL)]
Words = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
# Text that must say something (a reason, a reply, an answer): the audit log records it.
Said = Annotated[str, Field(min_length=1, max_length=5000, pattern=r"^[^\x00]*\S[^\x00]*$")]
Name = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00]*\S[^\x00]*$")]
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class LocalText(BaseModel):
    en: str
    ja: str


class ChoiceOut(BaseModel):
    id: str
    label: LocalText
    why: LocalText


class QuestionnaireItem(BaseModel):
    """One question of the classification questionnaire; answer with a choice id, or yes / no."""

    id: str
    kind: Literal["choice", "yesno", "scope"]
    text: LocalText
    answers: list[str]
    """The accepted answers."""
    choices: list[ChoiceOut]
    why: LocalText
    """What a yes means (yes/no questions)."""
    sources: list[str]


class CaseIn(BaseModel):
    agency: Name
    title: Name
    description: Words = ""
    budget: Annotated[int | None, Field(ge=0, le=2**63 - 1)] = None
    """Whole units of ``currency``."""
    currency: Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")] = "JPY"
    deadline: dt.date | None = None
    answers: Annotated[dict[Annotated[str, Field(max_length=100)], Annotated[str, Field(max_length=100)]],
                       Field(max_length=50)]
    """Question id → answer, every question of ``GET /api/v1/cases/questionnaire``."""
    extra_packs: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)] = []
    """Shipped policy packs to screen with beyond those the classification brings."""


class ReasonOut(BaseModel):
    text: LocalText
    sources: list[str]


class ClassificationOut(BaseModel):
    on: dt.date
    answers: dict[str, str]
    bound: bool
    categories: list[str]
    review_required: bool
    packs: list[str]
    representations_required: bool
    reasons: list[ReasonOut]


class CaseSummary(BaseModel):
    id: int
    agency: str
    title: str
    description: str
    budget: int | None
    currency: str
    deadline: dt.date | None
    status: Literal["open", "consulting", "replied", "decided"]
    opened: dt.datetime
    opened_by: str
    review_required: bool
    packs: list[str]


class ChangeOut(BaseModel):
    ref: str
    before: str | None
    after: str | None


class BidFileOut(BaseModel):
    """The newest version of one bid file under one policy pack."""

    role: Literal["items", "bom"]
    version: int
    policy: str
    file_name: str
    screening_id: int | None
    status: str
    error: str
    """Why the file could not be read; empty when it could."""
    decision: str
    counts: dict[str, int]
    note: str
    previous_file: str
    changes: list[ChangeOut]


class BidOut(BaseModel):
    id: int
    bidder: str
    added: dt.datetime
    added_by: str
    representations: dict[str, Any]
    files: list[BidFileOut]


class QuestionOut(BaseModel):
    id: int
    bid_id: int | None
    bidder: str
    """Empty for a question to every bidder."""
    item_ref: str
    kind: str
    text: str
    asked_by: str
    asked: dt.datetime
    answer: str
    answered_by: str
    answered: dt.datetime | None


class ReplyOut(BaseModel):
    id: int
    bid_id: int
    bid_version: int
    outcome: str
    reply: str
    reply_on: dt.date
    recorded_by: str
    recorded: dt.datetime


class OverrideOut(BaseModel):
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


class ConsultationOut(BaseModel):
    id: int
    body: str
    json_sha256: str
    html_sha256: str
    lang: str
    prepared: dt.datetime
    prepared_by: str
    reply_outcome: str
    reply: str
    reply_on: dt.date | None
    recorded_by: str
    recorded: dt.datetime | None
    purpose: str = "consult"
    """``consult`` (awaits the replies about its bids) or ``record`` (a decided case's copy)."""
    bids: dict[int, int] = {}
    """The bid versions the package showed: bid id → version."""
    replies: list[ReplyOut] = []


class DecisionOut(BaseModel):
    id: int
    outcome: str
    bid_id: int | None
    bidder: str
    reason: str
    decided_by: str
    at: dt.datetime
    override: OverrideOut | None = None


class CaseOut(CaseSummary):
    classification: ClassificationOut
    bids: list[BidOut]
    questions: list[QuestionOut]
    consultations: list[ConsultationOut]
    decisions: list[DecisionOut]


class BidView(BaseModel):
    """One bid side by side with the others (the consultation package's bid)."""

    id: int
    bidder: str
    added: str | None
    added_by: str
    decision: str
    """The most severe decision after review over the bid's files and packs (unknown: a file could not be read)."""
    risk: Literal["none", "low", "medium", "high", "blocking"]
    by_policy: dict[str, str]
    counts: dict[str, int]
    errors: list[str]
    """Files that could not be read, each with the reader's message."""
    files: list[dict[str, Any]]
    representations: dict[str, Any]
    representation_checks: list[dict[str, Any]]
    factors: list[dict[str, Any]]
    """Documented risk factors: id, level, title, explanation, why."""
    findings: list[dict[str, Any]]
    """Offending items with their evidence chains (matches → designated parties → lists)."""
    unknown_makers: list[dict[str, Any]]
    """Items whose maker must be established, with the question to send."""


class ComparisonCase(BaseModel):
    id: int
    agency: str
    title: str
    status: str
    review_required: bool
    packs: list[str]


class ComparisonOut(BaseModel):
    case: ComparisonCase
    clean: bool
    """Every bid allowed with no risk factor."""
    bids: list[BidView]


class FileUpdateOut(BaseModel):
    role: str
    policy: str
    version: int
    before: int | None
    """The previous version's screening id."""
    after: int | None
    changes: list[ChangeOut]


class BidUpdated(BaseModel):
    bid: BidView
    updates: list[FileUpdateOut]


class AskIn(BaseModel):
    text: Words = ""
    """The question; may be left out for an item with a suggested question (``item_ref`` and ``bid_id``)."""
    bid_id: RowId | None = None
    """The bid asked; none: every bidder."""
    item_ref: Line = ""


class AskUnknownIn(BaseModel):
    bid_id: RowId | None = None
    """Ask only this bidder; none: every bidder."""


class FactIn(BaseModel):
    """What an answer establishes about one item of the bid (the item is screened again with it)."""

    item_ref: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    manufacturer: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    model: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    country: Annotated[str, Field(max_length=100, pattern=NO_NUL)] = ""


class AnswerIn(BaseModel):
    text: Said
    answered_by: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""
    """Who answered for the bidder (default: the caller)."""
    facts: list[FactIn] = []
    """Makers or models the answer names for items of the bid."""


class ReplyIn(BaseModel):
    outcome: Literal["no-concern", "concern", "another-source"]
    reply: Said
    """The central body's reply, in its words."""
    reply_on: dt.date | None = None
    """The reply's date (default today)."""
    consultation_id: RowId | None = None
    """The package replied to (default: the newest)."""
    bid_id: RowId | None = None
    """The bid the reply is about (default: every bid of the package not replied about yet)."""


class DecisionIn(BaseModel):
    outcome: Literal["award", "cancel", "retender"]
    reason: Said
    bid_id: RowId | None = None
    """The bid awarded; an award names one, a cancellation or re-tender none."""
    override: Annotated[str, Field(max_length=5000, pattern=NO_NUL)] = ""
    """A written justification to award a bid the consultation guard blocks: recorded as a request
    that a second person confirms (``POST /cases/{id}/overrides/{override}/confirm``)."""

    @model_validator(mode="after")
    def _award_names_a_bid(self) -> DecisionIn:
        if (self.outcome == "award") != (self.bid_id is not None):
            raise ValueError("an award names the bid (bid_id); a cancellation or re-tender names none")
        return self


class CaseVerified(BaseModel):
    ok: bool
    """The audit chain verifies and the case's rows agree with its records."""
    chain_ok: bool
    chain_records: int
    problems: list[str]
    """Each row that disagrees with what its audit record sealed (or the chain's problem)."""


class OverrideRequested(BaseModel):
    override: OverrideOut
    confirm: str
    """The endpoint a second person posts to, to confirm it."""


class RepinIn(BaseModel):
    reason: Said
