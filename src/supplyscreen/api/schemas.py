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
    policy: str = "us-ndaa-889"
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


class ReviewIn(BaseModel):
    action: Literal["confirm", "false_positive", "waive"]
    reason: str = Field(min_length=1, max_length=5000)
    outcome: Literal["exclude", "allow"] = "exclude"
    approver: str = Field(default="", max_length=200)
    expires: dt.date | None = None
    scope: Literal["entity", "maker"] = "entity"


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
    policy: str
    scope: str
    justification: str
    approver: str
    granted_by: str
    created: dt.datetime
    expires: dt.date
    revoked: bool
    active: bool


class Withdrawal(BaseModel):
    entity_id: str = Field(min_length=1, max_length=300)
    reason: str = Field(min_length=1, max_length=5000)
