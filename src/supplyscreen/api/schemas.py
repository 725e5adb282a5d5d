"""The API's JSON shapes. Screening results themselves follow the CLI's JSON contract."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)
    token_name: str = Field(default="api", max_length=200)


class TokenOut(BaseModel):
    token: str
    role: str


class JsonItems(BaseModel):
    items: list[dict[str, Any]] = Field(min_length=1, max_length=100_000)
    policy: str | None = Field(default=None, description="Policy pack id; default: the service's "
                               "(SUPPLYSCREEN_POLICY, else SUPPLYSCREEN_JURISDICTION's pack, else us-ndaa-889)")
    as_of: dt.date | None = None
    name: str = Field(default="items.json", max_length=200)


class ScreeningSummary(BaseModel):
    id: int
    file_name: str
    kind: str
    policy: str
    as_of: dt.date | None
    status: Literal["running", "complete", "failed", "interrupted"]
    decision: str
    summary: dict[str, int]
    started: dt.datetime
    finished: dt.datetime | None
    registry_built: str
    error: str
    rerun_of: int | None


class ItemOut(BaseModel):
    id: int
    ref: str
    decision: str
    final_decision: str
    review_state: str
    note: str
    result: dict[str, Any]


class ScreeningOut(ScreeningSummary):
    items: list[ItemOut]
    """The first page of the items (``items_total`` in all; the rest from ``/screenings/{id}/items``)."""
    items_total: int
    pages: int


class Counts(BaseModel):
    """A screening's items counted: by screened decision, by decision after review, by maker and
    site (the most frequent, with how many distinct there are), by rule."""

    total: int
    decisions: dict[str, int]
    final: dict[str, int]
    makers: list[tuple[str, int]]
    makers_distinct: int
    sites: list[tuple[str, int]]
    sites_distinct: int
    rules: list[tuple[str, int]]


class ItemPageOut(BaseModel):
    """One page of a screening's items matching the filter, in input order."""

    total: int
    """Items matching the filter, over all pages."""
    page: int
    pages: int
    size: int
    filter: dict[str, str]
    items: list[ItemOut]


class ReviewIn(BaseModel):
    action: Literal["confirm", "false_positive", "waive"]
    reason: str = Field(min_length=1, max_length=5000)
    outcome: Literal["exclude", "review", "allow"] = "exclude"
    approver: str = Field(default="", max_length=200)
    """A waiver's approver: a user of the team with the reviewer role."""
    expires: dt.date | None = None
    """A waiver's expiry: required, at most SUPPLYSCREEN_WAIVER_MAX_DAYS (365) days away."""
    scope: Literal["part", "model", "maker", "entity"] = "part"
    """A waiver's reach, narrowest first; any but ``part`` waits for a second reviewer's approval."""


class ReviewOut(BaseModel):
    id: int
    item_id: int
    actor: str
    action: str
    outcome: str
    reason: str
    at: dt.datetime


class Change(BaseModel):
    ref: str
    before: str | None
    after: str | None


class Rerun(BaseModel):
    id: int
    rerun_of: int
    changes: list[Change]


class DesignationIn(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    entity_id: str = Field(default="", max_length=200)
    scope: str = Field(default="", max_length=1000)
    citation: str = Field(default="", max_length=1000)
    added: dt.date | None = None
    reason: str = Field(min_length=1, max_length=5000)


class EditOut(BaseModel):
    id: int
    action: str
    entity_id: str
    entity_name: str
    actor: str
    at: dt.datetime


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=200, pattern=r"^[\w.@-]+$")
    password: str = Field(min_length=8, max_length=1000)
    role: Literal["viewer", "officer", "reviewer", "admin"]


class UserOut(BaseModel):
    id: int
    username: str
    role: str


class Verified(BaseModel):
    ok: bool
    records: int
    problem_record: int | None


class WaiverOut(BaseModel):
    id: int
    entity_id: str
    maker: str
    model: str = ""
    product: str = ""
    policy: str
    scope: str
    """part, model, maker or entity (narrowest first)."""
    justification: str
    approver: str
    granted_by: str
    created: dt.datetime
    expires: dt.date
    status: str = "active"
    """active, proposed (awaiting a second reviewer), expired or revoked."""
    approved_by: str = ""
    revoked: bool
    revoked_by: str = ""
    revoked_reason: str = ""
    active: bool
    clears: list[ItemOut] | None = None
    """The items the waiver clears now (on GET /waivers/{id})."""


class FalsePositiveOut(BaseModel):
    id: int
    maker: str
    entity_ids: list[str]
    actor: str
    reason: str
    created: dt.datetime
    status: str
    revoked_by: str
    revoked_reason: str


class Withdrawal(BaseModel):
    entity_id: str = Field(min_length=1, max_length=300)
    reason: str = Field(min_length=1, max_length=5000)


class ArticleOut(BaseModel):
    id: int
    file_name: str
    title: str
    outlet: str
    published: dt.date | None
    lang: str
    error: str
    """Why the file could not be read as an article; empty when it could."""
    submitted_by: str
    submitted: dt.datetime


class ArticlesAdded(BaseModel):
    added: list[ArticleOut]
    already_stored: int
    events: int
    """Events of the team after the change."""


class EventSource(BaseModel):
    article: int
    file_name: str
    quote: str
    outlet: str
    status: str
    main: bool


class EventTarget(BaseModel):
    name: str
    entity_id: str
    group: str
    mention: str


class EventOut(BaseModel):
    """A restriction event as `supplyscreen intel ingest --format json` writes it; sources name
    the team's articles."""

    id: str
    jurisdiction: str
    authority: str
    measure: str
    targets: list[EventTarget]
    status: str
    date: dt.date | None
    scope: str
    sources: list[EventSource]
    conflicts: list[str]
    corroboration: int
    reasons: list[str]
    deadlines: list[str]
    evidence: list[dict[str, str]]


class TimelineRow(BaseModel):
    jurisdiction: str
    events: list[EventOut]
    """Oldest first; undated events last."""


class AlertItem(BaseModel):
    screening: int
    item: int
    ref: str
    file_name: str


class AlertOut(BaseModel):
    event: str
    jurisdiction: str
    measure: str
    status: str
    date: dt.date | None
    items: list[AlertItem]
    reason: str
