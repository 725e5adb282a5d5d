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

import csv
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
from zoneinfo import ZoneInfo

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
    DesignationPin,
    ItemInfo,
    ItemRow,
    Override,
    Question,
    Reply,
    Representations,
    Version,
    VersionChange,
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
    CaseDesignationPin,
    CaseOverride,
    CaseQuestion,
    CaseReply,
)

ROLES = ("items", "bom")
"""A bid file is an item list or a bill of materials; the role is also the reader's kind."""
DECLARED = "declared"
"""The role of the item list made from a bidder's answer naming makers or models (``Fact``)."""
JST = ZoneInfo("Asia/Tokyo")
"""The agencies' time zone: a reply's date and "today" are Japanese dates."""


class CaseError(ValueError):
    """An action the case cannot take as asked; the message says what to do."""


class AwardBlocked(CaseError):
    """An award the guard refuses: the central body's latest reply to that version of the bid is not
    a no-objection (or there is none). ``request_override`` takes it further, with a second person."""

    def __init__(self, message: str, bid_id: int, version: int) -> None:
        super().__init__(message)
        self.bid_id, self.version = bid_id, version


def today() -> dt.date:
    """Today in Japan."""
    return dt.datetime.now(JST).date()


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
class Fact:
    """What a bidder's answer establishes about one item of its bid: the maker, model or country
    (empty: not stated). The item is screened again with it (role ``declared``)."""

    ref: str
    manufacturer: str = ""
    model: str = ""
    country: str = ""


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


def store_user(s: Session, username: str) -> m.User | None:
    """The store's user called ``username`` (user names are unique across teams), or None."""
    return s.scalar(select(m.User).where(m.User.username == username))


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
        content, sha = _current_lists(s, actor.team_id)
        s.add(CaseDesignationPin(case_id=c.id, sha256=sha, content=content, pinned_by=actor.name,
                                 reason="pinned when the case was opened"))
        audit.append(s, actor.name, "case.opened", subject(c.id), {
            "case": c.id, "agency": agency, "title": title, "budget": draft.budget, "currency": c.currency,
            "deadline": draft.deadline.isoformat() if draft.deadline else None, "answers": doc["answers"],
            "categories": doc["categories"], "review_required": doc["review_required"], "packs": doc["packs"],
            "designations_sha256": sha,
        }, actor.team_id)
        return c.id


def _current_lists(s: Session, team_id: int) -> tuple[str, str]:
    """The designation lists a case opened now would pin: (canonical JSON, its SHA-256)."""
    content = audit.canonical(screenings.designation_files(s, team_id))
    return content, hashlib.sha256(content.encode()).hexdigest()


def _pin(s: Session, case_id: int) -> CaseDesignationPin | None:
    return s.scalar(select(CaseDesignationPin).where(CaseDesignationPin.case_id == case_id)
                    .order_by(CaseDesignationPin.id.desc()).limit(1))


def _pinned_content(s: Session, case_id: int) -> str | None:
    """The case's pinned lists (None for a case opened before lists were pinned: the team's current)."""
    pin = _pin(s, case_id)
    return pin.content if pin is not None else None


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
    """Everything about one case of the team (and nothing about another), newest file versions,
    every version of each bid, every item with its maker, the replies, overrides and the pinned lists."""
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
        replies: dict[int, list[Reply]] = {}
        for r in s.scalars(select(CaseReply).where(CaseReply.case_id == case_id).order_by(CaseReply.id)):
            replies.setdefault(r.consultation_id, []).append(Reply(r.id, r.bid_id, r.bid_version, r.outcome, r.reply,
                                                                   r.reply_on, r.recorded_by, r.recorded))
        consultations = tuple(_consultation(x, replies.get(x.id, [])) for x in s.scalars(
            select(CaseConsultation).where(CaseConsultation.case_id == case_id).order_by(CaseConsultation.id)))
        overrides = {o.id: Override(o.id, o.bid_id, o.bid_version, o.blocked, o.reason, o.justification,
                                    o.requested_by, o.requested, o.confirmed_by, o.confirmed)
                     for o in s.scalars(select(CaseOverride).where(CaseOverride.case_id == case_id)
                                        .order_by(CaseOverride.id))}
        bidders = {b.id: b.bidder for b in bid_rows}
        decisions = tuple(CaseDecision(d.id, d.outcome, d.bid_id, bidders.get(d.bid_id or 0, ""), d.reason,
                                       d.decided_by, d.at, overrides.get(d.override_id or 0))
                          for d in s.scalars(select(CaseDecisionRow).where(CaseDecisionRow.case_id == case_id)
                                             .order_by(CaseDecisionRow.id)))
        sids = [f.screening_id for f in files if f.screening_id is not None]
        trail = _trail(s, team_id, case_id, sids)
        pin = _pin(s, case_id)
        designations = _pin_info(s, team_id, pin) if pin is not None else None
        policies, registry = _versions_used(s, [f.screening_id for f in latest.values() if f.screening_id])
        inputs = {f.screening_id: f for f in files if f.screening_id is not None}
        fields = {sid: _fields(s, store.url, sid, f.role) for sid, f in inputs.items()}
        docs = {sid: _docs(s, sid) for sid in inputs}
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
        ordered = tuple(sorted(mine, key=lambda x: ((*ROLES, DECLARED).index(x.role), x.policy)))
        versions = _bid_versions(b, [f for f in files if f.bid_id == b.id], info.classification.packs, fields, docs)
        items = _bid_items(ordered, fields, info.classification.packs)
        bids.append(Bid(b.id, b.bidder, reps.from_doc(json.loads(b.representations)), ordered, b.added, b.added_by,
                        b.version, versions, items))
    return CaseRecord(info, tuple(bids), questions, consultations, decisions, trail, designations,
                      tuple(overrides.values()), policies, registry)


def _pin_info(s: Session, team_id: int, pin: CaseDesignationPin) -> DesignationPin:
    import yaml

    lists: dict[str, str] = {}
    files = []
    for f in json.loads(pin.content):
        files.append((str(f["name"]), str(f["sha256"])))
        try:
            doc = yaml.safe_load(f["text"]) or {}
        except yaml.YAMLError:
            doc = {}
        if isinstance(doc, dict) and isinstance(doc.get("list"), dict):
            lists[str(doc["list"].get("id", f["name"]))] = str(doc["list"].get("name", f["name"]))
        else:
            lists[str(f["name"])] = str(f["name"])
    try:
        current = _current_lists(s, team_id)[1]
    except OSError:  # a listed file is gone: the pin still holds its text
        current = ""
    return DesignationPin(pin.sha256, lists, tuple(files), pin.pinned_by, pin.pinned, pin.reason, current)


def _versions_used(s: Session, sids: Sequence[int]) -> tuple[tuple[dict[str, str], ...], dict[str, str]]:
    """The policy versions and the registry the newest screenings ran with."""
    policies: dict[str, dict[str, str]] = {}
    registry: dict[str, str] = {}
    for sid in sorted(set(sids)):
        sc = s.get_one(m.Screening, sid)
        if sc.policy_version_id is not None:
            pv = s.get_one(m.PolicyVersion, sc.policy_version_id)
            body = json.loads(pv.body)
            policies[pv.policy_id] = {"id": pv.policy_id, "name": str(body.get("name", pv.policy_id)),
                                      "sha256": str(body.get("sha256", pv.digest))}
        if sc.registry_fingerprint:
            registry = {"built": sc.registry_built, "fingerprint": sc.registry_fingerprint}
    return tuple(policies.values()), registry


# Item fields per screening, read back from its stored input once per process: a stored screening
# never changes, and a case's page reads the same few files again and again.
_FIELDS: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}


def _fields(s: Session, where: str, sid: int, role: str) -> dict[str, dict[str, Any]]:
    """ref → {name, path, maker, model, country} of a screening's items, from its stored input."""
    hit = _FIELDS.get((where, sid))
    if hit is not None:
        return hit
    from supplyscreen.sources import ReadOptions, open_source

    sc = s.get_one(m.Screening, sid)
    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="supplyscreen-case-") as tmp:
        path = FilePath(tmp) / (sc.file_name or "input")
        path.write_bytes(sc.input or b"")
        try:
            for it in open_source(path, ReadOptions(kind=sc.kind or ("items" if role == DECLARED else role))).items():
                f = it.fields
                name = (it.path[-1] if it.path else "") or f.get("product", "") or f.get("description", "") or it.ref
                out[it.ref] = {"name": name, "path": tuple(it.path),
                               "maker": f.get("manufacturer") or f.get("vendor") or f.get("brand") or f.get("supplier", ""),
                               "model": f.get("model") or f.get("part_number", ""), "country": f.get("country", "")}
        except Exception:
            out = {}
    if len(_FIELDS) > 2000:
        _FIELDS.clear()
    _FIELDS[(where, sid)] = out
    return out


def _docs(s: Session, sid: int) -> dict[str, tuple[str, str, dict[str, Any]]]:
    q = (select(m.ScreeningItem.ref, m.ScreeningItem.decision, m.ScreeningItem.final_decision,
                m.ScreeningItem.result, m.Evidence.body)
         .outerjoin(m.ScreeningItem.evidence).where(m.ScreeningItem.screening_id == sid))
    return {ref: (d, final, m.item_doc(result, ev)) for ref, d, final, result, ev in s.execute(q)}


def _bid_items(screened: Sequence[BidScreening], fields: Mapping[int, Mapping[str, Mapping[str, Any]]],
               packs: Sequence[str]) -> tuple[ItemInfo, ...]:
    """Every item of the bid's newest files with maker, model and country, and its most severe
    decision over the policy packs; an item the bidder's answer named is shown as declared."""
    from supplyscreen.case import reasons
    from supplyscreen.case.compare import worst

    declared: dict[str, tuple[ItemRow, Mapping[str, Any]]] = {}
    for b in screened:
        if b.role == DECLARED and b.status == m.COMPLETE:
            f = fields.get(b.screening_id, {})
            for i in b.items:
                seen = declared.get(i.ref)
                if seen is None or worst([seen[0].final, i.final]) == i.final:
                    declared[i.ref] = (i, f.get(i.ref, {}))
    by: dict[tuple[str, str], ItemInfo] = {}
    for b in screened:
        if b.role == DECLARED or b.status != m.COMPLETE:
            continue
        f = fields.get(b.screening_id, {})
        for i in b.items:
            info = f.get(i.ref, {})
            name = str(info.get("name") or (i.doc.get("path") or [i.ref])[-1])
            decision, final, row = i.decision, i.final, i
            maker, model, country = str(info.get("maker", "")), str(info.get("model", "")), str(info.get("country", ""))
            is_declared = False
            if i.ref in declared:
                drow, dinfo = declared[i.ref]
                is_declared = True
                maker = str(dinfo.get("maker") or maker)
                model = str(dinfo.get("model") or model)
                country = str(dinfo.get("country") or country)
                if worst([final, drow.final]) == drow.final and drow.final != final:
                    decision, final, row = drow.decision, drow.final, drow
            key = (b.role, i.ref)
            seen_info = by.get(key)
            if seen_info is not None and worst([seen_info.final, final]) == seen_info.final:
                continue
            by[key] = ItemInfo(b.role, i.ref, name, tuple(i.doc.get("path", ())), maker, model, country, decision,
                               final, row.review_state, row.note, is_declared, reasons.reason(row.doc, final, name))
    return tuple(by.values())


def _bid_versions(b: CaseBid, files: Sequence[CaseBidFile], packs: Sequence[str],
                  fields: Mapping[int, Mapping[str, Mapping[str, Any]]],
                  docs: Mapping[int, Mapping[str, tuple[str, str, dict[str, Any]]]]) -> tuple[Version, ...]:
    """Every version of a bid: its files, why, and each item that changed from the version before
    (under the case's first pack), named as the bidder named it, the removed ones too."""
    from supplyscreen.case import reasons

    policy = packs[0] if packs else None
    out = []
    current: dict[str, CaseBidFile] = {}
    for v in sorted({f.bid_version for f in files}):
        mine = [f for f in files if f.bid_version == v and (policy is None or f.policy == policy)]
        if not mine:
            continue
        changes: list[VersionChange] = []
        for f in mine:
            before = current.get(f.role)
            if before is not None and before.screening_id and f.screening_id:
                old, new = docs.get(before.screening_id, {}), docs.get(f.screening_id, {})
                of, nf = fields.get(before.screening_id, {}), fields.get(f.screening_id, {})
                for ref in dict.fromkeys([*old, *new]):
                    a, z = old.get(ref), new.get(ref)
                    if (a[1] if a else None) == (z[1] if z else None):
                        continue
                    side, info = (z, nf.get(ref, {})) if z else (a, of.get(ref, {}))
                    assert side is not None
                    name = str(info.get("name") or (side[2].get("path") or [ref])[-1])
                    changes.append(VersionChange(f.role, ref, a[1] if a else None, z[1] if z else None, name,
                                                 str(info.get("maker", "")), str(info.get("model", "")),
                                                 reasons.reason(side[2], side[1], name)))
            current[f.role] = f
        first = mine[0]
        out.append(Version(v, first.added, first.added_by, first.note,
                           tuple((f.role, f.file_name, f.sha256) for f in mine), tuple(changes)))
    return tuple(out)


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
                          r.asked, r.answer, r.answered_by, r.answered, tuple(json.loads(r.facts or "[]")))
                 for r in rows)


def _consultation(x: CaseConsultation, replies: Sequence[Reply] = ()) -> Consultation:
    return Consultation(x.id, x.body, x.json_sha256, x.html_sha256, x.lang, x.prepared, x.prepared_by,
                        x.reply_outcome, x.reply, x.reply_on, x.recorded_by, x.recorded, x.purpose,
                        {int(k): int(v) for k, v in json.loads(x.bids or "{}").items()}, tuple(replies))


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
            note: str, bid_version: int = 1, designations: str | None = None) -> dict[str, Any]:
    """Screen one file under each pack and link the screenings to the bid. A file that cannot be
    read is a failed screening (its error kept) and the bid stays in the case."""
    name = safe_file_name(f.name)
    digest = hashlib.sha256(f.data).hexdigest()
    out: dict[str, Any] = {"role": f.role, "file": name, "sha256": digest, "version": version,
                           "bid_version": bid_version, "screenings": {}}
    for policy in packs:
        sid: int | None = None
        error = ""
        try:
            kind = "items" if f.role == DECLARED else f.role
            sid = screenings.submit(store, screenings.Submission(actor.team_id, actor.name, actor.user_id, name, f.data,
                                                                 policy, None, kind, designations=designations))
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
                              screening_id=sid, error=error, note=note, added_by=actor.name, bid_version=bid_version))
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
        lists = _pinned_content(s, case_id)
        b = CaseBid(case_id=case_id, bidder=bidder, representations=audit.canonical(reps.to_doc(draft.representations)),
                    added_by=actor.name, version=1)
        s.add(b)
        s.flush()
        bid_id = b.id
    files = [_screen(store, actor, bid_id, f, 1, packs, "", 1, lists) for f in draft.files]
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
    return _new_version(store, actor, bid_id, files, why)


def _new_version(store: Store, actor: Actor, bid_id: int, files: Sequence[BidFile], why: str,
                 extra: Mapping[str, Any] | None = None) -> list[FileUpdate]:
    """Screen ``files`` as the bid's next version (under the case's pinned lists) and record it."""
    with store.session() as s:
        b, c = _bid(s, actor.team_id, bid_id)
        _writable(s, actor.team_id, c.id)
        case_id, packs, bid_version = c.id, _packs(c), b.version + 1
        lists = _pinned_content(s, case_id)
        prior = {(f.role, f.policy): f for f in s.scalars(
            select(CaseBidFile).where(CaseBidFile.bid_id == bid_id).order_by(CaseBidFile.version))}
    out: list[FileUpdate] = []
    done = []
    for f in files:
        version = 1 + max((p.version for (role, _), p in prior.items() if role == f.role), default=0)
        doc = _screen(store, actor, bid_id, f, version, packs, why, bid_version, lists)
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
        s.get_one(CaseBid, bid_id).version = bid_version
        audit.append(s, actor.name, "case.bid_updated", subject(case_id), {
            "case": case_id, "bid": bid_id, "reason": why, "files": done, "bid_version": bid_version,
            "changes": [{"role": u.role, "policy": u.policy, "version": u.version, "changed": len(u.changes)}
                        for u in out], **(extra or {}),
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


def ask_unknown(store: Store, actor: Actor, case_id: int, bid_id: int | None = None, lang: str = "en") -> list[int]:
    """Ask each bidder (or one) every question the comparison suggests and nobody asked yet, in
    ``lang`` (the words the agency sends)."""
    cmp = comparison(store, actor.team_id, case_id)
    if bid_id is not None and not any(v.bid.id == bid_id for v in cmp.bids):
        raise NotFound(f"bid {bid_id} of case {case_id}")
    out = []
    for v in cmp.bids:
        if bid_id is not None and v.bid.id != bid_id:
            continue
        for u in v.unknown_makers:
            if u.asked is None:
                out.append(ask(store, actor, case_id, u.question.get(lang), v.bid.id, u.ref, u.kind))
    return out


def answer(store: Store, actor: Actor, question_id: int, text: str, answered_by: str = "",
           facts: Sequence[Fact] = ()) -> None:
    """Record the bidder's answer to a question (``answered_by``: the bidder's contact, if known).
    ``facts`` are what the answer establishes about named items of the bid (all three cameras are
    Hikvision): the items are screened again with them, as the bid's next version."""
    body = _reason(text, "an answer")
    named = [f for f in facts if f.ref.strip() and (f.manufacturer.strip() or f.model.strip() or f.country.strip())]
    with store.session() as s:
        q = s.get(CaseQuestion, question_id)
        if q is None:
            raise NotFound(f"question {question_id}")
        _writable(s, actor.team_id, q.case_id)
        if q.answered is not None:
            raise CaseError(f"question {question_id} was answered on {q.answered:%Y-%m-%d}; ask a new question")
        if named and q.bid_id is None:
            raise CaseError("an answer naming makers of items belongs to a question to one bidder")
        facts_doc = [dataclasses.asdict(f) for f in named]
        q.answer, q.answered_by, q.answered = body, (answered_by.strip() or actor.name)[:200], m.utcnow()
        q.facts = audit.canonical(facts_doc)
        audit.append(s, actor.name, "case.question_answered", subject(q.case_id), {
            "case": q.case_id, "question": q.id, "bid": q.bid_id, "item": q.item_ref, "answer": body,
            "answered_by": q.answered_by, "facts": facts_doc,
        }, actor.team_id)
        bid_id = q.bid_id
    if named and bid_id is not None:
        _declare(store, actor, bid_id, question_id, named)


def _declare(store: Store, actor: Actor, bid_id: int, question_id: int, facts: Sequence[Fact]) -> None:
    """Screen the items the answer names again, with the maker or model it gives, as an item list
    of its own (role ``declared``); the comparison keeps the more severe decision of each item."""
    record = None
    with store.session() as s:
        _, c = _bid(s, actor.team_id, bid_id)
        case_id = c.id
    record = load(store, actor.team_id, case_id)
    bid = next(b for b in record.bids if b.id == bid_id)
    known = {i.ref: i for i in bid.items}
    declared = {f.ref: f for f in facts}
    prior = next((x for x in bid.screenings if x.role == DECLARED), None)
    rows = {i.ref: i for i in (prior.items if prior else ())}
    lines = [("id", "manufacturer", "model", "product", "country")]
    refs = list(dict.fromkeys([*(r for r in rows), *declared]))
    for ref in refs:
        f = declared.get(ref)
        base = known.get(ref)
        if f is None:  # declared before: kept as declared
            before = prior_facts(record, bid_id).get(ref, {})
            lines.append((ref, before.get("manufacturer", ""), before.get("model", ""), base.name if base else ref,
                          before.get("country", "")))
            continue
        if base is None:
            raise CaseError(f"bid {bid_id} has no item {ref!r}: name items by their ref in the bid's files")
        lines.append((ref, f.manufacturer or base.maker, f.model or base.model, base.name, f.country or base.country))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(lines)
    _new_version(store, actor, bid_id, [BidFile(DECLARED, f"declared-q{question_id}.csv", buf.getvalue().encode())],
                 f"the bidder's answer to question {question_id}", {"question": question_id})


def prior_facts(record: CaseRecord, bid_id: int) -> dict[str, dict[str, str]]:
    """What answers established so far about the bid's items, by ref (later answers win)."""
    out: dict[str, dict[str, str]] = {}
    for q in record.questions:
        if q.bid_id == bid_id:
            for f in q.facts:
                out[str(f["ref"])] = {k: str(v) for k, v in f.items() if v}
    return out


# -- consultation and decision ------------------------------------------------------------------


def package(store: Store, actor: Actor, case_id: int, lang: str = "en", marking: str = "") -> Package:
    """Generate the consultation package (JSON bundle and HTML page) and record it with its digests
    and the bid versions it shows; the case then waits for the central body's reply about each bid.
    A decided case's package is a copy for the file: it opens no consultation."""
    from supplyscreen.case import package as pkg

    record = load(store, actor.team_id, case_id)
    at = m.utcnow()
    bundle = pkg.bundle(record, compare(record), lang, actor.name, at, marking)
    json_bytes = pkg.dumps(bundle)
    json_sha = hashlib.sha256(json_bytes).hexdigest()
    html = pkg.render_html(bundle, json_sha)
    html_sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    with store.session() as s:
        c = case_row(s, actor.team_id, case_id)
        purpose = "record" if c.status == DECIDED else "consult"
        bids = {str(b.id): b.version for b in record.bids}
        row = CaseConsultation(case_id=case_id, body=bundle["addressed_to"]["en"], json_sha256=json_sha,
                               html_sha256=html_sha, lang=lang, prepared=at, prepared_by=actor.name, purpose=purpose,
                               bids=audit.canonical(bids))
        s.add(row)
        s.flush()
        if purpose == "consult" and c.status in (OPEN, REPLIED):
            c.status = CONSULTING
        audit.append(s, actor.name, "case.package", subject(case_id), {
            "case": case_id, "consultation": row.id, "lang": lang, "json_sha256": json_sha, "html_sha256": html_sha,
            "bids": [b.id for b in record.bids], "versions": bids, "purpose": purpose,
        }, actor.team_id)
        return Package(row.id, bundle, json_bytes, html, json_sha, html_sha)


def _jst_date(t: dt.datetime) -> dt.date:
    return (t if t.tzinfo else t.replace(tzinfo=dt.UTC)).astimezone(JST).date()


def record_reply(store: Store, actor: Actor, case_id: int, outcome: str, reply: str,
                 reply_on: dt.date | None = None, consultation_id: int | None = None,
                 bid_id: int | None = None) -> int:
    """Record the central body's reply about one bid (or every bid the package showed that has no
    reply yet) to the newest package (or the one named). The reply is dated between the package's
    day and today (Japanese dates). Returns the consultation's id."""
    body = _reason(reply, "the central body's reply")
    if outcome not in REPLY_OUTCOMES:
        raise CaseError(f"reply outcome {outcome!r}: one of {', '.join(REPLY_OUTCOMES)}")
    with store.session() as s:
        c = case_row(s, actor.team_id, case_id)
        if c.status == DECIDED:
            raise CaseError(f"case {case_id} is decided: its packages since are copies for the file, and a reply "
                            "changes nothing")
        q = select(CaseConsultation).where(CaseConsultation.case_id == case_id, CaseConsultation.purpose == "consult")
        if consultation_id is not None:
            q = q.where(CaseConsultation.id == consultation_id)
        row = s.scalar(q.order_by(CaseConsultation.id.desc()).limit(1))
        if row is None:
            raise CaseError(f"case {case_id} has no consultation package to reply to; generate one first "
                            "(supplyscreen case package)")
        shown = {int(k): int(v) for k, v in json.loads(row.bids or "{}").items()}
        if row.recorded is not None or not shown:
            raise CaseError(f"consultation {row.id} already has a reply; generate a new package to consult again")
        day = reply_on or today()
        prepared = _jst_date(row.prepared)
        if day < prepared:
            raise CaseError(f"the reply is dated {day.isoformat()}, before the package it answers "
                            f"({prepared.isoformat()}): check the date")
        if day > today():
            raise CaseError(f"the reply is dated {day.isoformat()}, in the future (today is {today().isoformat()} in "
                            "Japan): record a reply once it has come")
        done = {r.bid_id for r in s.scalars(select(CaseReply).where(CaseReply.consultation_id == row.id))}
        if bid_id is not None:
            if bid_id not in shown:
                raise CaseError(f"bid {bid_id} is not in consultation {row.id}'s package")
            if bid_id in done:
                raise CaseError(f"consultation {row.id} already has a reply about bid {bid_id}; generate a new package "
                                "to consult again")
            targets = [bid_id]
        else:
            targets = [b for b in shown if b not in done]
            if not targets:
                raise CaseError(f"consultation {row.id} already has a reply about every bid; generate a new package "
                                "to consult again")
        made = []
        for b in targets:
            r = CaseReply(case_id=case_id, consultation_id=row.id, bid_id=b, bid_version=shown[b], outcome=outcome,
                          reply=body, reply_on=day, recorded_by=actor.name)
            s.add(r)
            s.flush()
            made.append({"reply": r.id, "bid": b, "version": shown[b]})
        c.status = REPLIED if set(shown) <= done | set(targets) else CONSULTING
        audit.append(s, actor.name, "case.reply", subject(case_id), {
            "case": case_id, "consultation": row.id, "body": row.body, "outcome": outcome, "reply": body,
            "reply_on": day.isoformat(), "replies": made, "package_json_sha256": row.json_sha256,
        }, actor.team_id)
        return row.id


def _guard(s: Session, c: Case, bid: CaseBid) -> str:
    """Why an award of ``bid`` must wait (empty when it need not): where the supply-chain review
    applies, the central body's latest reply about this very version of the bid must be a
    no-objection."""
    if not json.loads(c.classification)["review_required"]:
        return ""
    replies = list(s.scalars(select(CaseReply).where(CaseReply.case_id == c.id, CaseReply.bid_id == bid.id)
                             .order_by(CaseReply.id)))
    mine = [r for r in replies if r.bid_version == bid.version]
    body = classification.consultation_body(today()).en
    if not mine:
        earlier = f" (its latest reply, of {replies[-1].reply_on.isoformat()}, was about version {replies[-1].bid_version})" \
            if replies else ""
        return (f"the supply-chain review applies to case {c.id}: consult the {body} about version {bid.version} of "
                f"bid {bid.id} ({bid.bidder}) before an award{earlier} (supplyscreen case package, then record its "
                "reply with supplyscreen case consult)")
    last = mine[-1]
    if last.outcome != "no-concern":
        from supplyscreen.case.labels import Labels

        return (f"the {body}'s reply of {last.reply_on.isoformat()} about version {bid.version} of bid {bid.id} "
                f"({bid.bidder}) was '{Labels('en').of('reply', last.outcome)}': {last.reply}")
    return ""


def _award_checks(store: Store, actor: Actor, case_id: int, bid_id: int) -> dict[str, Any]:
    cmp = comparison(store, actor.team_id, case_id)
    view = next((v for v in cmp.bids if v.bid.id == bid_id), None)
    if view is None:
        raise NotFound(f"bid {bid_id} of case {case_id}")
    blocking = [f for f in view.factors if f.level == "blocking"]
    if blocking:
        raise CaseError(f"bid {bid_id} ({view.bid.bidder}) cannot be awarded: "
                        + " ".join(f.explanation.en for f in blocking))
    return {"bidder": view.bid.bidder, "bid_decision": view.decision, "risk": view.risk,
            "factors": [f.id for f in view.factors]}


def decide(store: Store, actor: Actor, case_id: int, outcome: str, reason: str, bid_id: int | None = None) -> int:
    """Record the final decision: award a bid, cancel, or re-tender; who, when and why.

    An award is refused for a bid with a blocking risk factor (an excluded item, a file that could
    not be read): the agreement says not to buy where concerns cannot be dispelled. Where the
    supply-chain review applies, an award also needs the central body's latest reply about that
    version of the bid to be a no-objection (``AwardBlocked`` otherwise; ``request_override``).
    """
    why = _reason(reason, "a decision")
    if outcome not in OUTCOMES:
        raise CaseError(f"outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
    if (outcome == "award") != (bid_id is not None):
        raise CaseError("an award names the bid it goes to; a cancellation or re-tender names none")
    detail = _award_checks(store, actor, case_id, bid_id) if bid_id is not None else {}
    with store.session() as s:
        c = _writable(s, actor.team_id, case_id)
        if bid_id is not None:
            bid = s.get_one(CaseBid, bid_id)
            blocked = _guard(s, c, bid)
            if blocked:
                raise AwardBlocked(blocked, bid_id, bid.version)
            detail["bid_version"] = bid.version
        return _record_decision(s, actor.name, actor, c, outcome, bid_id, why, detail)


def _record_decision(s: Session, decided_by: str, actor: Actor, c: Case, outcome: str, bid_id: int | None, why: str,
                     detail: dict[str, Any], override: CaseOverride | None = None) -> int:
    row = CaseDecisionRow(case_id=c.id, outcome=outcome, bid_id=bid_id, reason=why, decided_by=decided_by,
                          override_id=override.id if override else None)
    s.add(row)
    s.flush()
    c.status = DECIDED
    extra = {"override": override.id, "justification": override.justification, "blocked": override.blocked,
             "confirmed_by": override.confirmed_by} if override else {}
    audit.append(s, actor.name, "case.decided", subject(c.id), {
        "case": c.id, "decision": row.id, "outcome": outcome, "bid": bid_id, "reason": why, "decided_by": decided_by,
        **detail, **extra,
    }, actor.team_id)
    return row.id


def request_override(store: Store, actor: Actor, case_id: int, bid_id: int, reason: str, justification: str) -> int:
    """Ask to award a bid the guard blocked, with a written justification; a second person confirms
    (``confirm_override``). Returns the override's id."""
    why = _reason(reason, "a decision")
    just = _reason(justification, "an override")
    detail = _award_checks(store, actor, case_id, bid_id)
    with store.session() as s:
        c = _writable(s, actor.team_id, case_id)
        bid = s.get_one(CaseBid, bid_id)
        blocked = _guard(s, c, bid)
        if not blocked:
            raise CaseError(f"an award of bid {bid_id} is not blocked: record the decision itself")
        o = CaseOverride(case_id=case_id, bid_id=bid_id, bid_version=bid.version, blocked=blocked, reason=why,
                         justification=just, requested_by=actor.name)
        s.add(o)
        s.flush()
        audit.append(s, actor.name, "case.override_requested", subject(case_id), {
            "case": case_id, "override": o.id, "bid": bid_id, "bid_version": bid.version, "blocked": blocked,
            "reason": why, "justification": just, **detail,
        }, actor.team_id)
        return o.id


def confirm_override(store: Store, actor: Actor, override_id: int) -> int:
    """A second person confirms an override: the award is recorded, naming the override. Returns
    the decision's id."""
    with store.session() as s:
        o = s.get(CaseOverride, override_id)
        if o is None:
            raise NotFound(f"override {override_id}")
        c = _writable(s, actor.team_id, o.case_id)
        if o.confirmed is not None:
            raise CaseError(f"override {override_id} was confirmed already")
        if actor.name == o.requested_by:
            raise CaseError(f"override {override_id} was requested by {actor.name}: a second person confirms it")
        bid = s.get_one(CaseBid, o.bid_id)
        if bid.version != o.bid_version:
            raise CaseError(f"bid {bid.id} changed (version {bid.version}) since the override was requested for version "
                            f"{o.bid_version}: request it again")
        o.confirmed_by, o.confirmed = actor.name, m.utcnow()
        audit.append(s, actor.name, "case.override_confirmed", subject(c.id), {
            "case": c.id, "override": o.id, "bid": o.bid_id, "bid_version": o.bid_version,
            "justification": o.justification, "requested_by": o.requested_by,
        }, actor.team_id)
        return _record_decision(s, o.requested_by, actor, c, "award", o.bid_id, o.reason,
                                {"bid_version": o.bid_version}, o)


def repin_designations(store: Store, actor: Actor, case_id: int, reason: str) -> str:
    """Pin the designation lists in force today to the case (an explicit, audited step) and screen
    every bid's newest files again with them, as each bid's next version. Returns the new digest."""
    why = _reason(reason, "a re-pin of the designation lists")
    with store.session() as s:
        c = _writable(s, actor.team_id, case_id)
        old = _pin(s, case_id)
        content, sha = _current_lists(s, actor.team_id)
        if old is not None and old.sha256 == sha:
            raise CaseError(f"case {case_id} is pinned to these lists already (sha256 {sha[:16]}…)")
        s.add(CaseDesignationPin(case_id=case_id, sha256=sha, content=content, pinned_by=actor.name, reason=why))
        audit.append(s, actor.name, "case.designations_repinned", subject(case_id), {
            "case": case_id, "before": old.sha256 if old else None, "after": sha, "reason": why,
        }, actor.team_id)
        bids = [b.id for b in s.scalars(select(CaseBid).where(CaseBid.case_id == c.id).order_by(CaseBid.id))]
    for bid_id in bids:
        files = _latest_files(store, bid_id)
        if files:
            _new_version(store, actor, bid_id, files, f"the designation lists were re-pinned: {why}")
    return sha


def _latest_files(store: Store, bid_id: int) -> list[BidFile]:
    """The newest file of each role of a bid, with its bytes (kept with its screening)."""
    with store.session() as s:
        rows = list(s.scalars(select(CaseBidFile).where(CaseBidFile.bid_id == bid_id).order_by(CaseBidFile.version)))
        newest: dict[str, CaseBidFile] = {}
        for f in rows:
            if f.screening_id is not None:
                newest[f.role] = f
        return [BidFile(f.role, f.file_name, s.get_one(m.Screening, f.screening_id).input) for f in newest.values()]

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
