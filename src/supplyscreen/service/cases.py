"""Procurement cases in the store: tables, and the service the CLI, web pages and API all call.

A case belongs to a team. Its bids' files are screened through ``screenings.submit`` (one stored
screening per file and policy pack, so the items, their review and the audit seal are the usual
ones); the tables here only link them to the case. Every action appends a record about
``case:<id>`` to the hash-chained audit log in the same transaction as the change: who (the
actor), when (the record's time) and why (the reason, where the action needs one).

Each function takes the caller as an :class:`Actor` (team, user name, user id) or a team id for
reads; a case, bid or question of another team is :class:`~supplyscreen.service.screenings.NotFound`,
exactly as if it did not exist. An action the case's state does not allow is a :class:`CaseError`
with a sentence saying what to do instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath
from typing import Any

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session

from supplyscreen.case import classify as classification
from supplyscreen.case import representations as reps
from supplyscreen.case.compare import compare
from supplyscreen.case.model import (
    OUTCOMES,
    REPLY_OUTCOMES,
    Bid,
    BidScreening,
    CaseDecision,
    CaseInfo,
    CaseRecord,
    Change,
    Comparison,
    Consultation,
    ItemRow,
    Question,
    Representations,
)
from supplyscreen.case.questions import KINDS, OTHER
from supplyscreen.policy import get_policy
from supplyscreen.service import screenings
from supplyscreen.service.errors import Invalid
from supplyscreen.service.screenings import NotFound
from supplyscreen.service.uploads import safe_file_name
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store
from supplyscreen.store.models import (
    CONSULTING,
    DECIDED,
    OPEN,
    REPLIED,
    Case,
    CaseBid,
    CaseBidFile,
    CaseConsultation,
    CaseDecisionRow,
    CaseQuestion,
)

ROLES = ("items", "bom")
"""A bid file is an item list or a bill of materials; the role is also the reader's kind."""


class CaseError(ValueError):
    """An action the case cannot take as asked; the message says why and what to do."""


# -- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: the team whose data it is, the user's name (written to the audit log), the user's id."""

    team_id: int
    name: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class CaseDraft:
    agency: str
    title: str
    answers: Mapping[str, str]
    """Questionnaire answers (``classify.questions()``); every question must be answered."""
    description: str = ""
    budget: int | None = None
    currency: str = "JPY"
    deadline: dt.date | None = None
    extra_packs: tuple[str, ...] = ()
    """Policy packs to screen with beyond those the classification brings."""
    on: dt.date | None = None
    """The case's date for the classification (default today)."""


@dataclass(frozen=True, slots=True)
class BidFile:
    role: str
    """``items`` or ``bom``."""
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class BidDraft:
    bidder: str
    files: tuple[BidFile, ...]
    representations: Representations = field(default_factory=Representations)


@dataclass(frozen=True, slots=True)
class FileUpdate:
    """What a new version of one bid file changed under one policy pack."""

    role: str
    policy: str
    version: int
    before: int | None
    """The previous version's screening id."""
    after: int | None
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Package:
    """A generated consultation package: the JSON bundle and the HTML page, with their digests."""

    consultation_id: int
    bundle: dict[str, Any]
    json_bytes: bytes
    html: str
    json_sha256: str
    html_sha256: str


# -- helpers ------------------------------------------------------------------------------------


def case_row(s: Session, team_id: int, case_id: int) -> Case:
    c = s.get(Case, case_id)
    if c is None or c.team_id != team_id:
        raise NotFound(f"case {case_id}")
    return c


def _writable(s: Session, team_id: int, case_id: int) -> Case:
    c = case_row(s, team_id, case_id)
    if c.status == DECIDED:
        raise CaseError(f"case {case_id} is decided; open a new case to procure again")
    return c


def _bid(s: Session, team_id: int, bid_id: int) -> tuple[CaseBid, Case]:
    b = s.get(CaseBid, bid_id)
    if b is None:
        raise NotFound(f"bid {bid_id}")
    return b, case_row(s, team_id, b.case_id)


def subject(case_id: int) -> str:
    return f"case:{case_id}"


def _reason(text: str, what: str) -> str:
    t = (text or "").strip()
    if not t:
        raise CaseError(f"{what}: say why (a reason is recorded in the audit log)")
    return t


def _packs(c: Case) -> tuple[str, ...]:
    return tuple(json.loads(c.classification)["packs"])


# -- cases --------------------------------------------------------------------------------------


def open_case(store: Store, actor: Actor, draft: CaseDraft) -> int:
    """Open a case, classify it from the questionnaire's answers, and return its id."""
    agency, title = draft.agency.strip(), draft.title.strip()
    if not agency or not title:
        raise CaseError("a case needs an agency and a title")
    if draft.budget is not None and draft.budget < 0:
        raise CaseError("a budget cannot be negative")
    on = draft.on or dt.date.today()
    cls = classification.classify(draft.answers, on)
    for p in draft.extra_packs:
        get_policy(p)  # an unknown pack is the caller's error, before anything is stored
    doc = classification.to_doc(cls)
    doc["packs"] = list(dict.fromkeys([*cls.packs, *draft.extra_packs]))
    with store.session() as s:
        c = Case(team_id=actor.team_id, user_id=actor.user_id, agency=agency, title=title,
                 description=draft.description.strip(), budget=draft.budget, currency=draft.currency.upper()[:3],
                 deadline=draft.deadline, classification=audit.canonical(doc), status=OPEN, opened_by=actor.name)
        s.add(c)
        s.flush()
        audit.append(s, actor.name, "case.opened", subject(c.id), {
            "case": c.id, "agency": agency, "title": title, "budget": draft.budget, "currency": c.currency,
            "deadline": draft.deadline.isoformat() if draft.deadline else None, "answers": doc["answers"],
            "categories": doc["categories"], "review_required": doc["review_required"], "packs": doc["packs"],
        }, actor.team_id)
        return c.id


def _info(c: Case) -> CaseInfo:
    doc = json.loads(c.classification)
    cls = classification.from_doc(doc)
    return CaseInfo(c.id, c.team_id, c.agency, c.title, c.description, c.budget, c.currency, c.deadline, c.status,
                    c.opened, c.opened_by, cls)


def list_cases(store: Store, team_id: int, limit: int = 200) -> list[CaseInfo]:
    """The team's cases, newest first."""
    with store.session() as s:
        rows = s.scalars(select(Case).where(Case.team_id == team_id).order_by(Case.id.desc()).limit(limit))
        return [_info(c) for c in rows]


def load(store: Store, team_id: int, case_id: int) -> CaseRecord:
    """Everything about one case of the team (and nothing about another), newest file versions."""
    with store.session() as s:
        c = case_row(s, team_id, case_id)
        info = _info(c)
        bid_rows = list(s.scalars(select(CaseBid).where(CaseBid.case_id == case_id).order_by(CaseBid.id)))
        files = list(s.scalars(select(CaseBidFile).where(CaseBidFile.bid_id.in_([b.id for b in bid_rows]))
                               .order_by(CaseBidFile.id))) if bid_rows else []
        latest: dict[tuple[int, str, str], CaseBidFile] = {}
        previous: dict[tuple[int, str, str], CaseBidFile] = {}
        for f in files:
            key = (f.bid_id, f.role, f.policy)
            if key in latest and latest[key].version < f.version:
                previous[key] = latest[key]
            if key not in latest or latest[key].version < f.version:
                latest[key] = f
        screened = {k: _screening(s, f) for k, f in latest.items()}
        questions = _questions(s, case_id, {b.id: b.bidder for b in bid_rows})
        consultations = tuple(_consultation(x) for x in s.scalars(
            select(CaseConsultation).where(CaseConsultation.case_id == case_id).order_by(CaseConsultation.id)))
        bidders = {b.id: b.bidder for b in bid_rows}
        decisions = tuple(CaseDecision(d.id, d.outcome, d.bid_id, bidders.get(d.bid_id or 0, ""), d.reason,
                                       d.decided_by, d.at)
                          for d in s.scalars(select(CaseDecisionRow).where(CaseDecisionRow.case_id == case_id)
                                             .order_by(CaseDecisionRow.id)))
        sids = [f.screening_id for f in files if f.screening_id is not None]
        trail = _trail(s, team_id, case_id, sids)
    # What changed since the previous version: the store's own screening comparison.
    for key, f in latest.items():
        prev = previous.get(key)
        if prev is None or prev.screening_id is None or f.screening_id is None:
            continue
        changes = tuple(Change(x["ref"], x["before"], x["after"])
                        for x in screenings.compare(store, team_id, prev.screening_id, f.screening_id))
        screened[key] = _with_changes(screened[key], changes, prev.file_name)
    bids = []
    for b in bid_rows:
        mine = tuple(v for k, v in screened.items() if k[0] == b.id)
        bids.append(Bid(b.id, b.bidder, reps.from_doc(json.loads(b.representations)),
                        tuple(sorted(mine, key=lambda x: (ROLES.index(x.role), x.policy))), b.added, b.added_by))
    return CaseRecord(info, tuple(bids), questions, consultations, decisions, trail)


def _with_changes(bs: BidScreening, changes: tuple[Change, ...], previous_file: str) -> BidScreening:
    return replace(bs, changes=changes, previous_file=previous_file)


def _screening(s: Session, f: CaseBidFile) -> BidScreening:
    if f.screening_id is None:
        return BidScreening(0, f.role, f.version, f.policy, f.file_name, m.FAILED, f.error, "unknown", {}, (),
                            note=f.note)
    sc = s.get_one(m.Screening, f.screening_id)
    q = (select(m.ScreeningItem.seq, m.ScreeningItem.ref, m.ScreeningItem.decision, m.ScreeningItem.final_decision,
                m.ScreeningItem.review_state, m.ScreeningItem.note, m.ScreeningItem.result, m.Evidence.body)
         .outerjoin(m.ScreeningItem.evidence)
         .where(m.ScreeningItem.screening_id == sc.id).order_by(m.ScreeningItem.seq))
    items = tuple(ItemRow(seq, ref, d, final, state, note, m.item_doc(result, evidence))
                  for seq, ref, d, final, state, note, result, evidence in s.execute(q))
    status = sc.status if sc.status != m.RUNNING else m.INTERRUPTED
    error = sc.error or ("the screening did not finish" if status != m.COMPLETE else "")
    return BidScreening(sc.id, f.role, f.version, f.policy, f.file_name, status, error, sc.decision or "unknown",
                        json.loads(sc.counts or "{}"), items, note=f.note)


def _questions(s: Session, case_id: int, bidders: Mapping[int, str]) -> tuple[Question, ...]:
    rows = s.scalars(select(CaseQuestion).where(CaseQuestion.case_id == case_id).order_by(CaseQuestion.id))
    return tuple(Question(r.id, r.bid_id, bidders.get(r.bid_id or 0, ""), r.item_ref, r.kind, r.text, r.asked_by,
                          r.asked, r.answer, r.answered_by, r.answered) for r in rows)


def _consultation(x: CaseConsultation) -> Consultation:
    return Consultation(x.id, x.body, x.json_sha256, x.html_sha256, x.lang, x.prepared, x.prepared_by,
                        x.reply_outcome, x.reply, x.reply_on, x.recorded_by, x.recorded)


def _trail(s: Session, team_id: int, case_id: int, screening_ids: Sequence[int]) -> tuple[dict[str, Any], ...]:
    subjects = [subject(case_id), *(f"screening:{i}" for i in screening_ids)]
    q = (select(m.AuditRecord).where(m.AuditRecord.team_id == team_id, m.AuditRecord.subject.in_(subjects))
         .order_by(m.AuditRecord.seq))
    return tuple({**audit.record_doc(r), "hash": r.hash, "prev_hash": r.prev_hash} for r in s.scalars(q))


def comparison(store: Store, team_id: int, case_id: int) -> Comparison:
    """The bids of a case side by side (see ``case.compare``)."""
    return compare(load(store, team_id, case_id))


# -- bids ---------------------------------------------------------------------------------------


def _check_files(files: Sequence[BidFile]) -> None:
    if not files:
        raise CaseError("a bid needs an item list, a bill of materials, or both")
    for f in files:
        if f.role not in ROLES:
            raise CaseError(f"a bid file is an item list or a bill of materials ({', '.join(ROLES)}), not {f.role!r}")
    roles = [f.role for f in files]
    if len(set(roles)) != len(roles):
        raise CaseError("one file per role: a bid has at most one item list and one bill of materials")


def _screen(store: Store, actor: Actor, bid_id: int, f: BidFile, version: int, packs: Sequence[str],
            note: str) -> dict[str, Any]:
    """Screen one file under each pack and link the screenings to the bid. A file that cannot be
    read is a failed screening (its error kept) and the bid stays in the case."""
    name = safe_file_name(f.name)
    digest = hashlib.sha256(f.data).hexdigest()
    out: dict[str, Any] = {"role": f.role, "file": name, "sha256": digest, "version": version, "screenings": {}}
    for policy in packs:
        sid: int | None = None
        error = ""
        try:
            sid = screenings.submit(store, screenings.Submission(actor.team_id, actor.name, actor.user_id, name, f.data,
                                                                 policy, None, f.role))
        except Exception as e:
            error = f"screening failed: {type(e).__name__}: {e}"
        with store.session() as s:
            if sid is not None:
                sc = s.get_one(m.Screening, sid)
                error = sc.error if sc.status != m.COMPLETE else ""
                decision = sc.decision or "unknown"
            else:
                decision = "unknown"
            s.add(CaseBidFile(bid_id=bid_id, role=f.role, version=version, policy=policy, file_name=name, sha256=digest,
                              screening_id=sid, error=error, note=note, added_by=actor.name))
        out["screenings"][policy] = {"screening": sid, "decision": decision, **({"error": error} if error else {})}
    return out


def add_bid(store: Store, actor: Actor, case_id: int, draft: BidDraft) -> int:
    """Attach a bid (item list, bill of materials or both, and its representations) and screen its
    files under the case's policy packs. Returns the bid id, also when a file could not be read."""
    bidder = draft.bidder.strip()
    if not bidder:
        raise CaseError("a bid needs the bidder's name")
    _check_files(draft.files)
    with store.session() as s:
        c = _writable(s, actor.team_id, case_id)
        if s.scalar(select(CaseBid.id).where(CaseBid.case_id == case_id, CaseBid.bidder == bidder)) is not None:
            raise CaseError(f"{bidder!r} already bid on case {case_id}; send a new version of its files instead")
        packs = _packs(c)
        b = CaseBid(case_id=case_id, bidder=bidder, representations=audit.canonical(reps.to_doc(draft.representations)),
                    added_by=actor.name)
        s.add(b)
        s.flush()
        bid_id = b.id
    files = [_screen(store, actor, bid_id, f, 1, packs, "") for f in draft.files]
    with store.session() as s:
        audit.append(s, actor.name, "case.bid_added", subject(case_id), {
            "case": case_id, "bid": bid_id, "bidder": bidder, "files": files,
            "representations": reps.to_doc(draft.representations),
        }, actor.team_id)
    return bid_id


def update_bid(store: Store, actor: Actor, bid_id: int, files: Sequence[BidFile], note: str) -> list[FileUpdate]:
    """Screen a new version of a bid's files (the bidder changed its BOM) and say what changed."""
    why = _reason(note, "a new version of a bid file")
    _check_files(files)
    with store.session() as s:
        _, c = _bid(s, actor.team_id, bid_id)
        _writable(s, actor.team_id, c.id)
        case_id, packs = c.id, _packs(c)
        prior = {(f.role, f.policy): f for f in s.scalars(
            select(CaseBidFile).where(CaseBidFile.bid_id == bid_id).order_by(CaseBidFile.version))}
    out: list[FileUpdate] = []
    done = []
    for f in files:
        version = 1 + max((p.version for (role, _), p in prior.items() if role == f.role), default=0)
        doc = _screen(store, actor, bid_id, f, version, packs, why)
        done.append(doc)
        for policy in packs:
            before = prior.get((f.role, policy))
            after = doc["screenings"][policy]["screening"]
            changes: tuple[Change, ...] = ()
            if before is not None and before.screening_id is not None and after is not None:
                changes = tuple(Change(x["ref"], x["before"], x["after"])
                                for x in screenings.compare(store, actor.team_id, before.screening_id, after))
            out.append(FileUpdate(f.role, policy, version, before.screening_id if before else None, after, changes))
    with store.session() as s:
        audit.append(s, actor.name, "case.bid_updated", subject(case_id), {
            "case": case_id, "bid": bid_id, "reason": why, "files": done,
            "changes": [{"role": u.role, "policy": u.policy, "version": u.version, "changed": len(u.changes)}
                        for u in out],
        }, actor.team_id)
    return out


# -- questions ----------------------------------------------------------------------------------


def ask(store: Store, actor: Actor, case_id: int, text: str, bid_id: int | None = None, item_ref: str = "",
        kind: str = OTHER) -> int:
    """Record a question to a bidder (or to all bidders when ``bid_id`` is None)."""
    body = _reason(text, "a question")
    if kind not in KINDS:
        raise CaseError(f"question kind {kind!r}: one of {', '.join(KINDS)}")
    with store.session() as s:
        _writable(s, actor.team_id, case_id)
        bidder = ""
        if bid_id is not None:
            b, c = _bid(s, actor.team_id, bid_id)
            if c.id != case_id:
                raise NotFound(f"bid {bid_id} of case {case_id}")
            bidder = b.bidder
        row = CaseQuestion(case_id=case_id, bid_id=bid_id, item_ref=item_ref[:300], kind=kind, text=body,
                           asked_by=actor.name)
        s.add(row)
        s.flush()
        audit.append(s, actor.name, "case.question_asked", subject(case_id), {
            "case": case_id, "question": row.id, "bid": bid_id, "bidder": bidder, "item": item_ref, "kind": kind,
            "text": body,
        }, actor.team_id)
        return row.id


def ask_unknown(store: Store, actor: Actor, case_id: int, bid_id: int | None = None) -> list[int]:
    """Ask each bidder (or one) every question the comparison suggests and nobody asked yet."""
    cmp = comparison(store, actor.team_id, case_id)
    if bid_id is not None and not any(v.bid.id == bid_id for v in cmp.bids):
        raise NotFound(f"bid {bid_id} of case {case_id}")
    out = []
    for v in cmp.bids:
        if bid_id is not None and v.bid.id != bid_id:
            continue
        for u in v.unknown_makers:
            if u.asked is None:
                out.append(ask(store, actor, case_id, u.question.en, v.bid.id, u.ref, u.kind))
    return out


def answer(store: Store, actor: Actor, question_id: int, text: str, answered_by: str = "") -> None:
    """Record the bidder's answer to a question (``answered_by``: the bidder's contact, if known)."""
    body = _reason(text, "an answer")
    with store.session() as s:
        q = s.get(CaseQuestion, question_id)
        if q is None:
            raise NotFound(f"question {question_id}")
        _writable(s, actor.team_id, q.case_id)
        if q.answered is not None:
            raise CaseError(f"question {question_id} was answered on {q.answered:%Y-%m-%d}; ask a new question")
        q.answer, q.answered_by, q.answered = body, (answered_by.strip() or actor.name)[:200], m.utcnow()
        audit.append(s, actor.name, "case.question_answered", subject(q.case_id), {
            "case": q.case_id, "question": q.id, "bid": q.bid_id, "item": q.item_ref, "answer": body,
            "answered_by": q.answered_by,
        }, actor.team_id)


# -- consultation and decision ------------------------------------------------------------------


def package(store: Store, actor: Actor, case_id: int, lang: str = "en") -> Package:
    """Generate the consultation package (JSON bundle and HTML page) and record it with its digests;
    the case then waits for the central body's reply."""
    from supplyscreen.case import package as pkg

    record = load(store, actor.team_id, case_id)
    at = m.utcnow()
    bundle = pkg.bundle(record, compare(record), lang, actor.name, at)
    json_bytes = pkg.dumps(bundle)
    json_sha = hashlib.sha256(json_bytes).hexdigest()
    html = pkg.render_html(bundle, json_sha)
    html_sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    with store.session() as s:
        c = case_row(s, actor.team_id, case_id)
        row = CaseConsultation(case_id=case_id, body=bundle["addressed_to"]["en"], json_sha256=json_sha,
                               html_sha256=html_sha, lang=lang, prepared=at, prepared_by=actor.name)
        s.add(row)
        s.flush()
        if c.status in (OPEN, REPLIED):
            c.status = CONSULTING
        audit.append(s, actor.name, "case.package", subject(case_id), {
            "case": case_id, "consultation": row.id, "lang": lang, "json_sha256": json_sha, "html_sha256": html_sha,
            "bids": [b.id for b in record.bids],
        }, actor.team_id)
        return Package(row.id, bundle, json_bytes, html, json_sha, html_sha)


def record_reply(store: Store, actor: Actor, case_id: int, outcome: str, reply: str,
                 reply_on: dt.date | None = None, consultation_id: int | None = None) -> int:
    """Record the central body's reply to the newest package (or the one named)."""
    body = _reason(reply, "the central body's reply")
    if outcome not in REPLY_OUTCOMES:
        raise CaseError(f"reply outcome {outcome!r}: one of {', '.join(REPLY_OUTCOMES)}")
    with store.session() as s:
        c = _writable(s, actor.team_id, case_id)
        q = select(CaseConsultation).where(CaseConsultation.case_id == case_id)
        if consultation_id is not None:
            q = q.where(CaseConsultation.id == consultation_id)
        row = s.scalar(q.order_by(CaseConsultation.id.desc()).limit(1))
        if row is None:
            raise CaseError(f"case {case_id} has no consultation package to reply to; generate one first "
                            "(supplyscreen case package)")
        if row.recorded is not None:
            raise CaseError(f"consultation {row.id} already has a reply; generate a new package to consult again")
        row.reply_outcome, row.reply, row.reply_on = outcome, body, reply_on or dt.date.today()
        row.recorded_by, row.recorded = actor.name, m.utcnow()
        c.status = REPLIED
        audit.append(s, actor.name, "case.reply_recorded", subject(case_id), {
            "case": case_id, "consultation": row.id, "body": row.body, "outcome": outcome, "reply": body,
            "reply_on": row.reply_on.isoformat(), "package_json_sha256": row.json_sha256,
        }, actor.team_id)
        return row.id


def decide(store: Store, actor: Actor, case_id: int, outcome: str, reason: str, bid_id: int | None = None) -> int:
    """Record the final decision: award a bid, cancel, or re-tender; who, when and why.

    An award is refused for a bid with a blocking risk factor (an excluded item, a file that could
    not be read): the agreement says not to buy where concerns cannot be dispelled. Where the
    supply-chain review applies, an award also waits for the central body's reply.
    """
    why = _reason(reason, "a decision")
    if outcome not in OUTCOMES:
        raise CaseError(f"outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
    if (outcome == "award") != (bid_id is not None):
        raise CaseError("an award names the bid (--bid); a cancellation or re-tender names none")
    cmp = comparison(store, actor.team_id, case_id)
    detail: dict[str, Any] = {}
    if bid_id is not None:
        view = next((v for v in cmp.bids if v.bid.id == bid_id), None)
        if view is None:
            raise NotFound(f"bid {bid_id} of case {case_id}")
        blocking = [f for f in view.factors if f.level == "blocking"]
        if blocking:
            raise CaseError(f"bid {bid_id} ({view.bid.bidder}) cannot be awarded: "
                            + " ".join(f.explanation.en for f in blocking))
        detail = {"bidder": view.bid.bidder, "bid_decision": view.decision, "risk": view.risk,
                  "factors": [f.id for f in view.factors]}
    with store.session() as s:
        c = _writable(s, actor.team_id, case_id)
        if outcome == "award" and cmp.case.classification.review_required:
            replied = s.scalar(select(CaseConsultation.id).where(CaseConsultation.case_id == case_id,
                                                                 CaseConsultation.recorded.is_not(None)))
            if replied is None:
                body = classification.consultation_body(dt.date.today()).en
                raise CaseError(f"the supply-chain review applies to case {case_id}: consult the {body} before an "
                                "award (supplyscreen case package, then record its reply with supplyscreen case consult)")
        row = CaseDecisionRow(case_id=case_id, outcome=outcome, bid_id=bid_id, reason=why, decided_by=actor.name)
        s.add(row)
        s.flush()
        c.status = DECIDED
        audit.append(s, actor.name, "case.decided", subject(case_id), {
            "case": case_id, "decision": row.id, "outcome": outcome, "bid": bid_id, "reason": why, **detail,
        }, actor.team_id)
        return row.id

# -- what the API, the web pages and the commands share ---------------------------------------


def check_bid(st: Store, team_id: int, case_id: int, bid_id: int) -> None:
    """Raise NotFound unless ``bid_id`` is a bid of the team's case ``case_id``."""
    with st.session() as s:
        c = s.get(Case, case_id)
        b = s.get(CaseBid, bid_id)
        if c is None or c.team_id != team_id or b is None or b.case_id != case_id:
            raise NotFound(f"bid {bid_id} of case {case_id}")


def case_of_bid(st: Store, team_id: int, bid_id: int) -> int:
    """The id of the team's case that bid ``bid_id`` belongs to (NotFound for another team's bid)."""
    with st.session() as s:
        return _bid(s, team_id, bid_id)[1].id


def check_question(st: Store, team_id: int, case_id: int, question_id: int) -> None:
    """Raise NotFound unless ``question_id`` is a question of the team's case ``case_id``."""
    with st.session() as s:
        c = s.get(Case, case_id)
        q = s.get(CaseQuestion, question_id)
        if c is None or c.team_id != team_id or q is None or q.case_id != case_id:
            raise NotFound(f"question {question_id} of case {case_id}")


def ask_about(st: Store, who: Actor, case_id: int, text: str, bid_id: int | None, item_ref: str,
              lang: str = "en") -> int:
    """Ask a question; about an item the comparison suggests a question for, the suggested words
    (in ``lang``) when no text is given, and the suggestion's kind either way."""
    kind, text = OTHER, text.strip()
    if item_ref and bid_id is not None:
        cmp = comparison(st, who.team_id, case_id)
        view = next((v for v in cmp.bids if v.bid.id == bid_id), None)
        if view is None:
            raise NotFound(f"bid {bid_id} of case {case_id}")
        sugg = next((u for u in view.unknown_makers if u.ref == item_ref), None)
        if sugg is not None:
            kind, text = sugg.kind, text or sugg.question.get(lang)
    if not text:
        raise Invalid("a question needs its text (only an item with a suggested question, named with "
                                 "its bid, may leave it out)")
    return ask(st, who, case_id, text, bid_id, item_ref, kind)


PACKAGE_TYPES = {"zip": "application/zip", "json": "application/json", "html": "text/html; charset=utf-8",
                 "pdf": "application/pdf"}


@dataclasses.dataclass(frozen=True, slots=True)
class PackageFile:
    name: str
    media_type: str
    data: bytes
    consultation_id: int
    json_sha256: str


def package_file(st: Store, who: Actor, case_id: int, lang: str, fmt: str) -> PackageFile:
    """Generate (and record) the consultation package and return it in ``fmt``: ``zip`` (HTML, JSON,
    PDF when Chromium is installed, and their SHA-256 sums), ``json``, ``html`` or ``pdf``."""
    from supplyscreen.case import package as pkg

    if fmt == "pdf" and pkg.chromium() is None:
        raise pkg.PackageError("this server has no headless Chromium to print a PDF; the HTML (or the ZIP) holds "
                               "the same content and prints from any browser")
    p = package(st, who, case_id, lang)
    base = f"case-{case_id}-package"
    html = p.html.encode("utf-8")
    if fmt == "json":
        return PackageFile(f"{base}.json", PACKAGE_TYPES[fmt], p.json_bytes, p.consultation_id, p.json_sha256)
    if fmt == "html":
        return PackageFile(f"{base}.html", PACKAGE_TYPES[fmt], html, p.consultation_id, p.json_sha256)
    files = {f"{base}.html": html, f"{base}.json": p.json_bytes}
    if fmt == "pdf" or pkg.chromium() is not None:
        with tempfile.TemporaryDirectory(prefix="supplyscreen-package-") as tmp:
            html_path, pdf_path = FilePath(tmp) / f"{base}.html", FilePath(tmp) / f"{base}.pdf"
            html_path.write_bytes(html)
            try:
                pkg.write_pdf(html_path, pdf_path)
            except pkg.PackageError as e:
                if fmt == "pdf":
                    raise
                files[f"{base}.pdf-not-printed.txt"] = f"{e}\n".encode()
            else:
                files[f"{base}.pdf"] = pdf_path.read_bytes()
    if fmt == "pdf":
        return PackageFile(f"{base}.pdf", PACKAGE_TYPES[fmt], files[f"{base}.pdf"], p.consultation_id,
                           p.json_sha256)
    sums = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in files.items())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in files.items():
            z.writestr(n, b)
        z.writestr("SHA256SUMS", sums)
    return PackageFile(f"{base}.zip", PACKAGE_TYPES["zip"], buf.getvalue(), p.consultation_id, p.json_sha256)
