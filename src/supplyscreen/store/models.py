"""The store's tables (SQLAlchemy 2). A change here needs a migration in ``migrations/versions``.

JSON payloads are kept as text, not a JSON column type: the audit log hashes the exact bytes, and
text reads back byte-for-byte the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from supplyscreen.case.questions import OTHER

ROLES = ("viewer", "officer", "reviewer", "admin")
"""Each role can do what the ones before it can."""

# Screening status: a screening is `complete` only when its items and its audit record were
# committed in the same transaction. A large upload is `running` while it is screened; killed
# midway it stays so until the server's next start (or, for a screening process that died, the
# web process) marks it `interrupted`. A small one is stored only complete or failed.
RUNNING, COMPLETE, FAILED, INTERRUPTED = "running", "complete", "failed", "interrupted"

# Review state of one item.
NO_REVIEW, PENDING, CONFIRMED, FALSE_POSITIVE, WAIVED = "none", "pending", "confirmed", "false_positive", "waived"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Ids (every ``Mapped[int]`` column without a type of its own: keys and the columns that point at
# them) are 64-bit on PostgreSQL, where INTEGER stops at 2**31 - 1 and a larger id was a server
# error (migration 0006). SQLite keeps INTEGER: only "INTEGER PRIMARY KEY" is its 64-bit row id.
ID = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {int: ID}


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    team: Mapped[Team] = relationship()


class Token(Base):
    """An API token (for pipelines) or a browser session; only the token's sha256 is stored."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # "api" or "session"
    name: Mapped[str] = mapped_column(String(200), default="")
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(default=False)
    user: Mapped[User] = relationship()


class PolicyVersion(Base):
    """The exact policy a screening ran under, so an auditor can see the rules of that day."""

    __tablename__ = "policy_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("policy_id", "digest"),)


class Screening(Base):
    __tablename__ = "screenings"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="")
    policy: Mapped[str] = mapped_column(String(100))
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id"))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    registry_built: Mapped[str] = mapped_column(String(50), default="")
    registry_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    started: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default=RUNNING)
    error: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(20), default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")
    rows_in: Mapped[int] = mapped_column(Integer, default=0)
    rows_out: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(Text, default="{}")
    items_digest: Mapped[str] = mapped_column(String(64), default="")
    rerun_of: Mapped[int | None] = mapped_column(ForeignKey("screenings.id"))
    row_keying: Mapped[str] = mapped_column(String(64), default="")
    """What its items' ``row_key`` were made under (``Screener.stored_keying``); empty when they have
    none (a bill of materials, or a screening the keys could not be worked out for)."""
    input: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    """The submitted bytes, kept so the screening can be re-run against a later registry. Read only
    when used: a million-row inventory's ~100 MB were loaded by every page that shows its screening."""
    items: Mapped[list[ScreeningItem]] = relationship(
        back_populates="screening", order_by="ScreeningItem.seq", cascade="all, delete-orphan"
    )


class Evidence(Base):
    """The evidence and rules of a decision (``matches`` and ``rules`` of ``serialise.item``),
    stored once for every item it decided: a list names the same makers again and again, and
    the evidence of one flagged item is ~3 KB against ~150 bytes of its own."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    """sha256 of ``body``: the same evidence is one row."""
    body: Mapped[str] = mapped_column(Text)


class ScreeningItem(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(300))
    decision: Mapped[str] = mapped_column(String(20))
    """The policy's decision, as screened."""
    result: Mapped[str] = mapped_column(Text)
    """The item's own part of ``formats.serialise.item`` (JSON): ref, path, line, decision and
    reason; its matches and rules are in ``evidence`` (none when ``evidence_id`` is empty).
    Items stored before evidence had a table of its own hold the whole rendering here."""
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"))
    evidence: Mapped[Evidence | None] = relationship(lazy="selectin")
    maker: Mapped[str] = mapped_column(String(300), default="")
    model: Mapped[str] = mapped_column(String(300), default="")
    """Normalised model or part number, else the item's own name: the part a narrow waiver names."""
    product: Mapped[str] = mapped_column(String(300), default="")
    """Normalised name of the offered product a part is in (a BOM's top level); empty for a row."""
    fp_key: Mapped[str] = mapped_column(String(64), default="")
    review_state: Mapped[str] = mapped_column(String(20), default=NO_REVIEW)
    final_decision: Mapped[str] = mapped_column(String(20))
    """The decision after review: a false positive or a waiver turns it to allow."""
    note: Mapped[str] = mapped_column(Text, default="")
    waiver_id: Mapped[int | None] = mapped_column(ForeignKey("waivers.id", ondelete="SET NULL"))
    """The waiver that clears the item (its final decision allow), while it does."""
    false_positive_id: Mapped[int | None] = mapped_column(ForeignKey("false_positives.id", ondelete="SET NULL"))
    """The remembered false positive that clears the item, while it does."""
    screening: Mapped[Screening] = relationship(back_populates="items")
    site: Mapped[str] = mapped_column(String(300), default="")
    """The site an inventory's device is at (its ``site`` field), for a large screening's filter."""
    row_key: Mapped[int | None] = mapped_column(ID, default=None)
    """The row's key as stored (``Screener.stored_key``, 64 bits): rows with one key get one decision
    under any registry, so a portfolio re-screen screens each key once and joins the decision back
    (service/rescreen.py). None for a row read only in part, which is decided alone."""
    __table_args__ = (
        UniqueConstraint("screening_id", "seq"),
        Index("ix_items_review", "review_state"),
        # One screening's items paged, filtered and counted from an index (migration 0008): a
        # million-row screening's page reads a hundred rows, not the million.
        Index("ix_items_screening_decision", "screening_id", "decision"),
        Index("ix_items_screening_maker", "screening_id", "maker"),
        Index("ix_items_screening_site", "screening_id", "site"),
        Index("ix_items_screening_evidence", "screening_id", "evidence_id", "maker"),
    )

    def doc(self) -> dict[str, Any]:
        """The item as ``formats.serialise.item`` renders it."""
        return item_doc(self.result, self.evidence.body if self.evidence is not None else None)


def item_doc(result: str, evidence: str | None) -> dict[str, Any]:
    """An item's rendering from its stored parts (``ScreeningItem.result`` and its evidence body)."""
    doc: dict[str, Any] = json.loads(result)
    if evidence is not None:
        doc.update(json.loads(evidence))
    else:
        doc.setdefault("matches", [])
        doc.setdefault("rules", [])
    return doc


class ReviewAction(Base):
    __tablename__ = "review_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# Waiver scopes, narrowest first: the part or model of this maker in this product; that model in
# any product; anything of this maker; every maker leading to the entity. Only the first may be
# granted by one reviewer; the wider ones wait for a second reviewer (service/review.py).
WAIVER_SCOPES = ("part", "model", "maker", "entity")
# A waiver's or false positive's state. A waiver of a wider scope is `proposed` until a second
# reviewer approves it; a revoked one stays listed with who revoked it and why.
PROPOSED, ACTIVE, REVOKED = "proposed", "active", "revoked"


class Waiver(Base):
    """A decision to accept, until a date, what screening found about one maker's part, model or
    products leading to one entity under one policy (``scope`` says how far it reaches)."""

    __tablename__ = "waivers"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    entity_id: Mapped[str] = mapped_column(String(200))
    maker: Mapped[str] = mapped_column(String(300), default="")
    """Normalised maker the waiver is limited to; empty only for the `entity` scope."""
    model: Mapped[str] = mapped_column(String(300), default="")
    """Normalised model or part number (`part` and `model` scopes); empty for wider ones."""
    product: Mapped[str] = mapped_column(String(300), default="")
    """Normalised product the part is in (`part` scope only)."""
    policy: Mapped[str] = mapped_column(String(100), default="")
    scope: Mapped[str] = mapped_column(Text)
    """One of WAIVER_SCOPES."""
    justification: Mapped[str] = mapped_column(Text)
    approver: Mapped[str] = mapped_column(String(200))
    """A user of the team with the reviewer role (for a wider scope, the second reviewer)."""
    granted_by: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ACTIVE)
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approved: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str] = mapped_column(String(200), default="")
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL", use_alter=True))
    """The item the reviewer was looking at when granting it."""

    @property
    def revoked(self) -> bool:
        return self.status == REVOKED

    def active_on(self, day: dt.date) -> bool:
        return self.status == ACTIVE and self.expires >= day


class FalsePositive(Base):
    """A remembered false positive: the same maker, entity and evidence is not raised again, until
    it is revoked."""

    __tablename__ = "false_positives"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    key: Mapped[str] = mapped_column(String(64))
    maker: Mapped[str] = mapped_column(String(300))
    entity_ids: Mapped[str] = mapped_column(Text)
    evidence_digest: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL", use_alter=True))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=ACTIVE)
    revoked_by: Mapped[str] = mapped_column(String(200), default="")
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("team_id", "key"),)


class RegistryEdit(Base):
    """An administrator's addition to the registry: the team's own designation of a party."""

    __tablename__ = "registry_edits"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(30))  # "designate" or "withdraw"
    entity_id: Mapped[str] = mapped_column(String(200))
    entity_name: Mapped[str] = mapped_column(String(300))
    payload: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditRecord(Base):
    """One link of the hash chain. Never updated or deleted by the application."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    """ISO 8601 UTC text, hashed as stored."""
    team_id: Mapped[int | None] = mapped_column(ID, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last link; its single row is locked while a record is appended, so concurrent
    writers line up, and a deleted tail record is noticed."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(ID)
    hash: Mapped[str] = mapped_column(String(64))


class IntelArticle(Base):
    """A news article (text, HTML or a feed) a team submitted for restriction events."""

    __tablename__ = "intel_articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(300))
    """The last component of the uploaded name; a date in it (2031-03-04) dates the article."""
    digest: Mapped[str] = mapped_column(String(64))
    """sha256 of the bytes: the same file twice is one article."""
    body: Mapped[bytes] = mapped_column(LargeBinary)
    """The bytes as uploaded, so events can be worked out again (a new article, a registry edit)."""
    title: Mapped[str] = mapped_column(Text, default="")
    outlet: Mapped[str] = mapped_column(String(300), default="")
    published: Mapped[dt.date | None] = mapped_column(Date)
    lang: Mapped[str] = mapped_column(String(10), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    """Why the file could not be read as an article; empty when it could."""
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("team_id", "digest"),)


class IntelEvent(Base):
    """A restriction event of a team, worked out from all of the team's articles together (reports
    of one measure by several outlets are one event). Replaced whenever the articles change."""

    __tablename__ = "intel_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    """Stable while its first article stays: the API's and the web pages' event id."""
    jurisdiction: Mapped[str] = mapped_column(String(100))
    authority: Mapped[str] = mapped_column(String(300), default="")
    measure: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date | None] = mapped_column(Date)
    targets: Mapped[str] = mapped_column(Text)
    """Entity ids and designated groups restricted, space-separated, for filtering."""
    corroboration: Mapped[int] = mapped_column(Integer, default=1)
    doc: Mapped[str] = mapped_column(Text)
    """The event as ``intel.serialise.event`` renders it, sources naming article ids (JSON)."""
    __table_args__ = (UniqueConstraint("team_id", "key"),)


# Case status: open → consulting (a package went to the central body) → replied → decided.
OPEN, CONSULTING, REPLIED, DECIDED = "open", "consulting", "replied", "decided"


# -- procurement cases (service/cases.py) -------------------------------------------------------------------------------------


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agency: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[int | None] = mapped_column(BigInteger)
    """Whole units of ``currency`` (a large system's yen budget overflows a 32-bit integer)."""
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    classification: Mapped[str] = mapped_column(Text)
    """``classify.to_doc``: the questionnaire's answers and what they decided, as canonical JSON."""
    status: Mapped[str] = mapped_column(String(20), default=OPEN)
    opened: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    opened_by: Mapped[str] = mapped_column(String(200))


class CaseBid(Base):
    __tablename__ = "case_bids"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    bidder: Mapped[str] = mapped_column(String(300))
    representations: Mapped[str] = mapped_column(Text, default="{}")
    added: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    added_by: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    """The bid's current version: 1 when added, one more at each new file or declared fact."""
    __table_args__ = (UniqueConstraint("case_id", "bidder"),)


class CaseBidFile(Base):
    """One version of one bid file screened under one policy pack."""

    __tablename__ = "case_bid_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("case_bids.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    policy: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    screening_id: Mapped[int | None] = mapped_column(ForeignKey("screenings.id"))
    """None only when screening itself broke; ``error`` then says how."""
    error: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    added: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    added_by: Mapped[str] = mapped_column(String(200))
    bid_version: Mapped[int] = mapped_column(Integer, default=1)
    """The version of the bid this file came with."""
    __table_args__ = (UniqueConstraint("bid_id", "role", "version", "policy"),)


class CaseQuestion(Base):
    __tablename__ = "case_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int | None] = mapped_column(ForeignKey("case_bids.id", ondelete="CASCADE"))
    item_ref: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(20), default=OTHER)
    text: Mapped[str] = mapped_column(Text)
    asked_by: Mapped[str] = mapped_column(String(200))
    asked: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(200), default="")
    answered: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    facts: Mapped[str] = mapped_column(Text, default="[]")
    """What the answer established about named items (maker, model, country), as JSON."""


class CaseConsultation(Base):
    """A consultation package as generated (its digests) and the central body's reply."""

    __tablename__ = "case_consultations"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(String(300))
    json_sha256: Mapped[str] = mapped_column(String(64))
    html_sha256: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(5))
    prepared: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    prepared_by: Mapped[str] = mapped_column(String(200))
    reply_outcome: Mapped[str] = mapped_column(String(20), default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    reply_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    """The four reply columns above hold replies recorded before replies were per bid (CaseReply)."""
    purpose: Mapped[str] = mapped_column(String(10), default="consult")
    """``consult`` (sent to the central body, awaiting its reply per bid) or ``record`` (a copy of
    a decided case for the file: no reply is expected)."""
    bids: Mapped[str] = mapped_column(Text, default="{}")
    """The bid versions the package showed, {bid id: version} as JSON: a reply is to those."""


class CaseReply(Base):
    """The central body's reply about one bid, at the version its package showed."""

    __tablename__ = "case_replies"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("case_consultations.id", ondelete="CASCADE"))
    bid_id: Mapped[int] = mapped_column(ForeignKey("case_bids.id", ondelete="CASCADE"))
    bid_version: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    reply: Mapped[str] = mapped_column(Text)
    reply_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("consultation_id", "bid_id"),)


class CaseOverride(Base):
    """An award the guard blocked, requested with a written justification by one person and
    confirmed by a second; the decision names it."""

    __tablename__ = "case_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("case_bids.id", ondelete="CASCADE"))
    bid_version: Mapped[int] = mapped_column(Integer)
    blocked: Mapped[str] = mapped_column(Text)
    """Why the award guard refused the award (its sentence, English)."""
    reason: Mapped[str] = mapped_column(Text)
    """The decision's reason, as for any award."""
    justification: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_by: Mapped[str] = mapped_column(String(200), default="")
    confirmed: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CaseDesignationPin(Base):
    """The agency's designation list as a case screens with it: the files' text and its digest,
    pinned when the case opens and changed only by an explicit, audited re-pin."""

    __tablename__ = "case_designation_pins"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    """Canonical JSON: [{name, sha256, text}] of every designation file (the environment's files and
    the team's own designations)."""
    pinned_by: Mapped[str] = mapped_column(String(200))
    pinned: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class CaseDecisionRow(Base):
    __tablename__ = "case_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    bid_id: Mapped[int | None] = mapped_column(ForeignKey("case_bids.id"))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    override_id: Mapped[int | None] = mapped_column(ForeignKey("case_overrides.id"))
    """The confirmed override an award the guard blocked went through on."""


class ScreeningFacets(Base):
    """A complete screening's items counted by maker, site and rule, written with its items: these
    never change, and counting a million items again on each page would take seconds."""

    __tablename__ = "screening_facets"
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    """JSON: makers and sites (the most frequent, with how many distinct), rules (all), with counts."""


class ScreeningGroup(Base):
    """A complete screening's items that carry evidence, counted per (evidence, maker), written with
    the counts (``ScreeningFacets``, migration 0009). Items with the same evidence and maker touch
    the same restriction events, so the events page matches these few thousand groups, not a
    million items; neither the evidence nor the maker of a stored item ever changes."""

    __tablename__ = "screening_groups"
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), primary_key=True)
    maker: Mapped[str] = mapped_column(String(300), primary_key=True)
    items: Mapped[int] = mapped_column(Integer)
    """How many of the screening's items have this evidence and maker."""
    first_item: Mapped[int] = mapped_column()
    """The lowest item id among them: the example an alert links to."""


# -- work queue, registry versions, portfolio re-screens and their alerts (issue 20) ---------------

# A job's state. `running` holds a lease: a worker that stops (killed, its host gone) lets the lease
# run out and another worker takes the job again; `done` and `failed` are final.
QUEUED, JOB_RUNNING, DONE, JOB_FAILED = "queued", "running", "done", "failed"


class Job(Base):
    """One unit of background work (a screening, a re-screen of one stored screening, a webhook
    delivery), taken by one worker at a time. Workers on several hosts share the table: PostgreSQL
    hands each its own row (``FOR UPDATE SKIP LOCKED``); on SQLite the writers' turn does."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    group_id: Mapped[int | None] = mapped_column(Integer)
    """The re-screen run a re-screen job belongs to (its progress is its jobs done)."""
    payload: Mapped[str] = mapped_column(Text, default="{}")
    input: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default=QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    run_after: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    worker: Mapped[str] = mapped_column(String(200), default="")
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    screening_id: Mapped[int | None] = mapped_column(ForeignKey("screenings.id"))
    """The screening a screening job made (set while it runs, for a large file, and when done)."""
    result: Mapped[str] = mapped_column(Text, default="{}")
    error: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_jobs_ready", "status", "run_after"), Index("ix_jobs_group", "group_id", "status"))


class RegistryVersion(Base):
    """A registry snapshot a service administrator put in use (the newest row is the one in use),
    with the list diff against the one before and the provenance of the files that made it."""

    __tablename__ = "registry_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    built: Mapped[str] = mapped_column(String(50), default="")
    diff: Mapped[str] = mapped_column(Text, default="{}")
    provenance: Mapped[str] = mapped_column(Text, default="{}")
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RescreenRun(Base):
    """Every stored screening of every team screened again after a registry or policy change."""

    __tablename__ = "rescreen_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    registry_version_id: Mapped[int | None] = mapped_column(ForeignKey("registry_versions.id"))
    status: Mapped[str] = mapped_column(String(20), default=RUNNING)
    screenings: Mapped[int] = mapped_column(Integer, default=0)
    started: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RescreenChange(Base):
    """One stored item whose decision a re-screen changed: what it was and what it is now, each
    with its reason."""

    __tablename__ = "rescreen_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("rescreen_runs.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(300))
    was_decision: Mapped[str] = mapped_column(String(20))
    was_final: Mapped[str] = mapped_column(String(20))
    was_reason: Mapped[str] = mapped_column(Text)
    now_decision: Mapped[str] = mapped_column(String(20))
    now_final: Mapped[str] = mapped_column(String(20))
    now_reason: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("run_id", "screening_id", "seq"), Index("ix_rescreen_changes_team", "team_id", "run_id"))


class RescreenAlert(Base):
    """A team's alert that a re-screen changed some of its stored decisions."""

    __tablename__ = "rescreen_alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("rescreen_runs.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    changed: Mapped[int] = mapped_column(Integer)
    screenings: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="{}")
    """{"was → now": count} over the team's changed items, as JSON."""
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seen_by: Mapped[str] = mapped_column(String(200), default="")
    seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("run_id", "team_id"),)


class Webhook(Base):
    """A team's endpoint for alerts: each delivery is signed with its secret (HMAC-SHA256)."""

    __tablename__ = "webhooks"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebhookDelivery(Base):
    """One attempt to deliver one alert to one webhook: the delivery log."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("rescreen_alerts.id", ondelete="CASCADE"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    attempt: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ok: Mapped[bool] = mapped_column(default=False)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    next_try: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    """When the delivery is tried again after a failure; None when it succeeded or gave up."""
