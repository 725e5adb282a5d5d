"""Verification of what the store keeps against the audit chain that sealed it.

``verify_chain`` recomputes the hash chain from the first record (any edited, inserted or deleted
record fails) and checks that what the records sealed is still what the tables say: a screening's
items, and every procurement case's rows (``verify_case``). Each problem names the record or row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from supplyscreen.service import cases
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store
from supplyscreen.store.models import (
    CaseBid,
    CaseBidFile,
    CaseConsultation,
    CaseDecisionRow,
    CaseDesignationPin,
    CaseOverride,
    CaseQuestion,
    CaseReply,
)


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    records: int
    problem: str = ""
    """The first thing wrong, naming the record (``record 12``) or row; empty when all verifies."""
    seq: int | None = None
    problems: tuple[str, ...] = ()
    """Everything wrong, each naming its record or row (``problem`` is the first)."""


def _failed(n: int, problems: list[str], seq: int | None = None) -> Verification:
    return Verification(False, n, problems[0], seq, tuple(problems))


def verify_chain(s: Session, anchors: Sequence[Mapping[str, Any]] = ()) -> Verification:
    """Recompute the chain from the first record; any edited, inserted or deleted record fails.
    Then every row a record sealed (``audit.SEALED``) is compared with the newest record that
    sealed it, and every item's decision (as screened and after review) with what its screening's
    record and the later review records sealed; rows no record speaks for are named, and so are a
    procurement case's rows edited behind the log. ``anchors`` (``audit.anchor``, kept elsewhere)
    tell a log truncated or rewound together with its head."""
    prev, expected, n = audit.GENESIS, 1, 0
    hashes: dict[int, str] = {}
    want = {int(a["seq"]) for a in anchors}
    fold = _Fold()
    for r in audit.records(s):
        if r.seq != expected:
            return _failed(n, [f"record {expected} is missing (next is record {r.seq}): deleted"], expected)
        if r.prev_hash != prev:
            return _failed(n, [f"record {r.seq} does not link to record {r.seq - 1}: edited or reordered"], r.seq)
        try:
            doc = audit.record_doc(r)
        except ValueError:
            return _failed(n, [f"record {r.seq} payload is not JSON: edited"], r.seq)
        if audit.chain_hash(prev, doc) != r.hash:
            return _failed(n, [f"record {r.seq} ({r.action} {r.subject}) was edited: its hash does not match"], r.seq)
        if r.action == "screening.completed" and not _items_match(s, doc["payload"]):
            return _failed(n, [f"the items of screening {doc['payload'].get('screening')} were edited "
                               f"after record {r.seq} sealed them"], r.seq)
        fold.add(doc)
        if r.seq in want:
            hashes[r.seq] = r.hash
        prev, expected, n = r.hash, expected + 1, n + 1
    head = s.execute(select(m.AuditHead).where(m.AuditHead.id == 1)).scalar_one_or_none()
    if head is None:
        return _failed(n, ["the chain head is missing"])
    if head.seq != n or head.hash != prev:
        return _failed(n, [f"the chain ends at record {n} but its head records {head.seq}: record {n + 1} or later "
                           "was deleted"], n + 1)
    problems = [*_anchors(anchors, n, hashes), *fold.check(s)]
    edited = _cases_match(s)
    if edited:
        problems.append(edited)
    if problems:
        return _failed(n, problems)
    return Verification(True, n)


def _anchors(anchors: Sequence[Mapping[str, Any]], n: int, hashes: Mapping[int, str]) -> list[str]:
    out = []
    for a in anchors:
        seq, at = int(a["seq"]), a.get("at", "?")
        signed = audit.check_anchor_signature(a)
        if signed is False:
            out.append(f"the anchor of {at} naming record {seq} has a signature that does not match: forged or "
                       "altered (or SUPPLYSCREEN_AUDIT_KEY differs)")
            continue
        if seq > n:
            out.append(f"the anchor of {at} names record {seq}, but the chain ends at record {n}: the log was "
                       f"truncated (records {n + 1} to {seq} or more are gone, with the head moved back)")
        elif seq > 0 and hashes.get(seq) != a["hash"]:
            out.append(f"record {seq} is not the one the anchor of {at} names: the log was rewound and written "
                       "again from there")
    return out


class _Fold:
    """What the records sealed, newest last: each sealed row's values, which rows were created by a
    record, the items' decisions as screened and as changed since."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], tuple[int, dict[str, Any]]] = {}
        self.created: dict[str, set[int]] = {t: set() for t in audit.SEALED}
        self.screenings: dict[int, tuple[int, dict[str, Any]]] = {}
        self.first: dict[int, list[Any]] = {}
        self.last: dict[int, tuple[int, list[Any]]] = {}

    def add(self, doc: dict[str, Any]) -> None:
        action, payload, seq = doc["action"], doc["payload"], doc["seq"]
        tables = dict(audit.tables_of(action))
        if not tables:
            return
        sealed = payload.get("rows")
        if isinstance(sealed, dict):
            for table, values in sealed.items():
                if table in tables:
                    self._row(table, int(values["id"]), values, seq, tables[table])
        elif action.startswith("user."):  # written flat by service/users.py: the subject names the user
            uid = int(doc["subject"].split(":", 1)[1])
            values = dict(audit.SEALED["users"].defaults) if tables["users"] else {}
            values.update({c: payload[c] for c in audit.SEALED["users"].fields if c in payload})
            self._row("users", uid, values, seq, tables["users"])
        if action == "screening.completed" and payload.get("screening") is not None:
            t = audit.SEALED["screenings"]
            values = {c: payload[t.aliases.get(c, c)] for c in t.fields if t.aliases.get(c, c) in payload}
            if "as_of" in values:
                values["as_of"] = values["as_of"]
            self._row("screenings", int(payload["screening"]), values, seq, True)
            self.screenings[int(payload["screening"])] = (seq, payload)
        for change in payload.get("items", ()) if isinstance(payload.get("items"), list) else ():
            i = int(change["item"])
            self.first.setdefault(i, list(change["before"]))
            self.last[i] = (seq, list(change["after"]))

    def _row(self, table: str, rid: int, values: dict[str, Any], seq: int, creates: bool) -> None:
        old = self.rows.get((table, rid), (0, {}))[1]
        self.rows[(table, rid)] = (seq, {**old, **values})
        if creates:
            self.created[table].add(rid)

    def check(self, s: Session) -> list[str]:
        out: list[str] = []
        for (table, rid), (seq, values) in sorted(self.rows.items(), key=lambda kv: kv[1][0]):
            spec = audit.SEALED[table]
            model = _MODELS[table]
            row = s.get(model, rid)
            if row is None:
                out.append(f"{spec.label} {rid} sealed by record {seq} is missing: deleted")
                continue
            for c in spec.fields:
                if c not in values:
                    continue
                stored = audit.sealed_value(table, c, getattr(row, c))
                if stored != values[c]:
                    out.append(f"{spec.label} {rid} {c}: stored {stored!r}, but record {seq} sealed {values[c]!r}")
        for table in ("review_actions", "waivers", "false_positives", "users"):
            model = _MODELS[table]
            ids = set(s.scalars(select(model.id)))
            for rid in sorted(ids - self.created[table]):
                out.append(f"{table} row {rid} ({audit.SEALED[table].label} {rid}) has no audit record: added behind "
                           "the log")
        complete = set(s.scalars(select(m.Screening.id).where(m.Screening.status == m.COMPLETE)))
        for sid in sorted(complete - set(self.screenings)):
            out.append(f"screening {sid} is complete but no record sealed it: added behind the log")
        for sid, (seq, payload) in sorted(self.screenings.items()):
            out += self._items(s, sid, seq, payload)
        return out

    def _items(self, s: Session, sid: int, seq: int, payload: dict[str, Any]) -> list[str]:
        """Each item's screened decision against its sealed result, and its decision after review
        against what the screening's record and the later records sealed."""
        out = []
        legacy = "cleared" not in payload  # sealed before decisions after review were
        cleared = {int(c[0]): list(c[1:]) for c in payload.get("cleared", ())}
        q = (select(m.ScreeningItem.id, m.ScreeningItem.seq, m.ScreeningItem.ref, m.ScreeningItem.decision,
                    m.ScreeningItem.result, m.ScreeningItem.final_decision, m.ScreeningItem.review_state,
                    m.ScreeningItem.waiver_id, m.ScreeningItem.false_positive_id)
             .where(m.ScreeningItem.screening_id == sid).order_by(m.ScreeningItem.seq))
        for iid, n, ref, decision, result, final, state, wid, fid in s.execute(q):
            try:
                screened = json.loads(result).get("decision", decision)
            except ValueError:
                screened = decision
            where = f"item {iid} (ref {ref}, screening {sid})"
            if decision != screened:
                out.append(f"{where}: decision {decision!r}, but record {seq} sealed {screened!r} as screened")
                continue
            now = [final, state, wid, fid]
            if iid in self.last:
                at, sealed = self.last[iid]
                initial = self.first[iid]
            else:
                at, sealed = seq, None
                initial = None
            if legacy:
                if sealed is not None and now != sealed:
                    out.append(f"{where}: decision after review {final!r} ({state}), but record {at} sealed "
                               f"{sealed[0]!r} ({sealed[1]})")
                elif sealed is None and state in (m.NO_REVIEW, m.PENDING) and final != screened:
                    out.append(f"{where}: decision after review {final!r} with no review, screened {screened!r}")
                continue
            expected_initial = [*cleared[n][:2], *cleared[n][2:]] if n in cleared else [
                screened, m.PENDING if screened == "review" else m.NO_REVIEW, None, None]
            if initial is not None and initial != expected_initial:
                out.append(f"{where}: record {self.last[iid][0]} changed it from {initial[0]!r} ({initial[1]}), but "
                           f"record {seq} sealed {expected_initial[0]!r} ({expected_initial[1]}) as screened")
            expect = sealed if sealed is not None else expected_initial
            if now != expect:
                out.append(f"{where}: decision after review {final!r} ({state}), but record {at} sealed "
                           f"{expect[0]!r} ({expect[1]})")
        return out


_MODELS: dict[str, Any] = {"review_actions": m.ReviewAction, "waivers": m.Waiver, "false_positives": m.FalsePositive,
                           "users": m.User, "screenings": m.Screening}


def _cases_match(s: Session) -> str:
    """The first procurement-case row (a reason, reply, answer, file or decision) that no longer says
    what its audit record sealed, or empty: the records verify, but a case edited behind the log
    would not show it (``verify_case``)."""
    bind = s.get_bind()
    st = Store(bind if isinstance(bind, Engine) else bind.engine)
    for team_id, case_id in s.execute(select(m.Case.team_id, m.Case.id).order_by(m.Case.id)).all():
        problems = verify_case(st, team_id, case_id)
        if problems:
            return f"case {case_id}: {problems[0]}"
    return ""


def _items_match(s: Session, payload: dict[str, Any]) -> bool:
    """Whether a screening's stored items still hash to the digest its audit record sealed."""
    sid, sealed = payload.get("screening"), payload.get("items_digest")
    if sid is None or sealed is None:
        return True
    digest = hashlib.sha256()
    q = (select(m.ScreeningItem.result, m.Evidence.body)
         .outerjoin(m.ScreeningItem.evidence)
         .where(m.ScreeningItem.screening_id == sid).order_by(m.ScreeningItem.seq))
    for text, evidence in s.execute(q):
        audit.add_item(digest, text.encode(), evidence.encode() if evidence is not None else None)
    return digest.hexdigest() == sealed


# -- a procurement case's rows -------------------------------------------------------------------------------


def verify_case(store: Store, team_id: int, case_id: int) -> list[str]:
    """The case's stored rows against what its audit records sealed: a reason, reply, answer, file or
    decision edited in the tables (not through this module) is named. Empty when everything agrees.

    ``verify_chain`` proves the records themselves unchanged; this proves the case's rows still say
    what the records say.
    """
    problems: list[str] = []

    def expect(what: str, stored: Any, sealed: Any, seq: int) -> None:
        if stored != sealed:
            problems.append(f"{what}: stored {stored!r}, but audit record {seq} sealed {sealed!r}")

    with store.session() as s:
        c = cases.case_row(s, team_id, case_id)
        q = (select(m.AuditRecord).where(m.AuditRecord.team_id == team_id, m.AuditRecord.subject == cases.subject(case_id))
             .order_by(m.AuditRecord.seq))
        records = [audit.record_doc(r) for r in s.scalars(q)]
        files = {(f.bid_id, f.role, f.version, f.policy): f for f in s.scalars(
            select(CaseBidFile).join(CaseBid, CaseBidFile.bid_id == CaseBid.id).where(CaseBid.case_id == case_id))}
        sealed_files: set[tuple[int, str, int, str]] = set()
        counts = {"case.question_asked": 0, "case.decided": 0, "case.package": 0}
        for r in records:
            p, seq, action = r["payload"], r["seq"], r["action"]
            counts[action] = counts.get(action, 0) + 1
            if action == "case.opened":
                cls = json.loads(c.classification)
                for what, stored, field_ in (("agency", c.agency, "agency"), ("title", c.title, "title"),
                                          ("budget", c.budget, "budget"), ("answers", cls["answers"], "answers"),
                                          ("policy packs", cls["packs"], "packs")):
                    expect(f"case {case_id} {what}", stored, p[field_], seq)
            elif action in ("case.bid_added", "case.bid_updated"):
                bid = s.get(CaseBid, p["bid"])
                if bid is None or bid.case_id != case_id:
                    problems.append(f"bid {p['bid']} sealed by audit record {seq} is missing")
                    continue
                if action == "case.bid_added":
                    expect(f"bid {bid.id} bidder", bid.bidder, p["bidder"], seq)
                    expect(f"bid {bid.id} representations", json.loads(bid.representations), p["representations"], seq)
                for fdoc in p["files"]:
                    for policy, sdoc in fdoc["screenings"].items():
                        fkey = (bid.id, fdoc["role"], fdoc["version"], policy)
                        sealed_files.add(fkey)
                        row = files.get(fkey)
                        if row is None:
                            problems.append(f"bid {bid.id} {fdoc['role']} version {fdoc['version']} under {policy} "
                                            f"sealed by audit record {seq} is missing")
                            continue
                        expect(f"bid {bid.id} {fdoc['role']} file", (row.sha256, row.screening_id),
                               (fdoc["sha256"], sdoc["screening"]), seq)
            elif action in ("case.question_asked", "case.question_answered"):
                qrow = s.get(CaseQuestion, p["question"])
                if qrow is None or qrow.case_id != case_id:
                    problems.append(f"question {p['question']} sealed by audit record {seq} is missing")
                elif action == "case.question_asked":
                    expect(f"question {qrow.id}", (qrow.text, qrow.bid_id, qrow.asked_by),
                           (p["text"], p["bid"], r["actor"]), seq)
                else:
                    expect(f"answer to question {qrow.id}", (qrow.answer, qrow.answered_by),
                           (p["answer"], p["answered_by"]), seq)
            elif action in ("case.package", "case.reply_recorded"):
                crow = s.get(CaseConsultation, p["consultation"])
                if crow is None or crow.case_id != case_id:
                    problems.append(f"consultation {p['consultation']} sealed by audit record {seq} is missing")
                elif action == "case.package":
                    expect(f"consultation {crow.id} package", (crow.json_sha256, crow.html_sha256),
                           (p["json_sha256"], p["html_sha256"]), seq)
                else:
                    expect(f"reply to consultation {crow.id}",
                           (crow.reply_outcome, crow.reply, _iso(crow.reply_on), crow.recorded_by),
                           (p["outcome"], p["reply"], p["reply_on"], r["actor"]), seq)
            elif action == "case.decided":
                drow = s.get(CaseDecisionRow, p["decision"])
                if drow is None or drow.case_id != case_id:
                    problems.append(f"decision {p['decision']} sealed by audit record {seq} is missing")
                else:
                    expect(f"decision {drow.id}", (drow.outcome, drow.bid_id, drow.reason, drow.decided_by,
                                                   drow.override_id),
                           (p["outcome"], p["bid"], p["reason"], p.get("decided_by", r["actor"]), p.get("override")),
                           seq)
            elif action == "case.reply":
                for x in p["replies"]:
                    rrow = s.get(CaseReply, x["reply"])
                    if rrow is None or rrow.case_id != case_id:
                        problems.append(f"reply {x['reply']} sealed by audit record {seq} is missing")
                        continue
                    expect(f"reply {rrow.id}", (rrow.bid_id, rrow.bid_version, rrow.outcome, rrow.reply,
                                                rrow.reply_on.isoformat(), rrow.recorded_by),
                           (x["bid"], x["version"], p["outcome"], p["reply"], p["reply_on"], r["actor"]), seq)
                    counts["case.reply_rows"] = counts.get("case.reply_rows", 0) + 1
            elif action in ("case.override_requested", "case.override_confirmed"):
                orow = s.get(CaseOverride, p["override"])
                if orow is None or orow.case_id != case_id:
                    problems.append(f"override {p['override']} sealed by audit record {seq} is missing")
                elif action == "case.override_requested":
                    expect(f"override {orow.id}", (orow.bid_id, orow.bid_version, orow.justification, orow.reason,
                                                   orow.requested_by),
                           (p["bid"], p["bid_version"], p["justification"], p["reason"], r["actor"]), seq)
                else:
                    expect(f"override {orow.id} confirmation", orow.confirmed_by, r["actor"], seq)
        # Rows no record speaks for were added behind the log's back.
        for b_id, role, version, policy in sorted(set(files) - sealed_files):
            problems.append(f"bid {b_id} {role} version {version} under {policy} has no audit record")
        pins = [x.sha256 for x in s.scalars(select(CaseDesignationPin).where(CaseDesignationPin.case_id == case_id)
                                             .order_by(CaseDesignationPin.id))]
        sealed_pins = [x["payload"].get("designations_sha256") if x["action"] == "case.opened" else x["payload"]["after"]
                       for x in records if x["action"] in ("case.opened", "case.designations_repinned")]
        sealed_pins = [x for x in sealed_pins if x is not None]
        if sealed_pins and pins != sealed_pins:
            problems.append(f"designation pins of case {case_id}: stored {pins}, but its records sealed {sealed_pins}")
        counts.setdefault("case.reply_rows", 0)
        counts.setdefault("case.override_requested", 0)
        for table, action in ((CaseQuestion, "case.question_asked"), (CaseDecisionRow, "case.decided"),
                              (CaseConsultation, "case.package"), (CaseReply, "case.reply_rows"),
                              (CaseOverride, "case.override_requested")):
            n = s.scalar(select(func.count()).select_from(table).where(table.case_id == case_id)) or 0
            if n != counts[action]:
                problems.append(f"{table.__tablename__}: {n} row(s) for case {case_id}, "
                                f"{counts[action]} sealed by {action} records")
    return problems


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def chain_problem(v: Verification) -> str:
    """Where the whole audit log fails, never what: the problem may quote another team's records."""
    where = f" at record {v.seq}" if v.seq else ""
    return f"the audit log does not verify{where}; an administrator sees why with supplyscreen audit verify"
