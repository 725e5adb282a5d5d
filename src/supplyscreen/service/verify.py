"""Verification of what the store keeps against the audit chain that sealed it.

``verify_chain`` recomputes the hash chain from the first record (any edited, inserted or deleted
record fails) and checks that what the records sealed is still what the tables say: a screening's
items, and every procurement case's rows (``verify_case``). Each problem names the record or row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from supplyscreen.service import cases
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store
from supplyscreen.store.models import CaseBid, CaseBidFile, CaseConsultation, CaseDecisionRow, CaseQuestion


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    records: int
    problem: str = ""
    """What is wrong, naming the record (``record 12``); empty when the chain verifies."""
    seq: int | None = None


def verify_chain(s: Session) -> Verification:
    """Recompute the chain from the first record; any edited, inserted or deleted record fails, and
    so does a screening's item (its decision and evidence) edited after its record sealed it, or a
    procurement case's row edited after its records sealed it."""
    prev, expected, n = audit.GENESIS, 1, 0
    for r in audit.records(s):
        if r.seq != expected:
            return Verification(False, n, f"record {expected} is missing (next is record {r.seq}): deleted", expected)
        if r.prev_hash != prev:
            return Verification(False, n, f"record {r.seq} does not link to record {r.seq - 1}: edited or reordered", r.seq)
        try:
            doc = audit.record_doc(r)
        except ValueError:
            return Verification(False, n, f"record {r.seq} payload is not JSON: edited", r.seq)
        if audit.chain_hash(prev, doc) != r.hash:
            return Verification(False, n, f"record {r.seq} ({r.action} {r.subject}) was edited: its hash does not match", r.seq)
        if r.action == "screening.completed" and not _items_match(s, doc["payload"]):
            return Verification(False, n, f"the items of screening {doc['payload'].get('screening')} were edited "
                                f"after record {r.seq} sealed them", r.seq)
        prev, expected, n = r.hash, expected + 1, n + 1
    head = s.execute(select(m.AuditHead).where(m.AuditHead.id == 1)).scalar_one_or_none()
    if head is None:
        return Verification(False, n, "the chain head is missing")
    if head.seq != n or head.hash != prev:
        return Verification(
            False, n, f"the chain ends at record {n} but its head records {head.seq}: record {n + 1} or later was deleted",
            n + 1,
        )
    edited = _cases_match(s)
    if edited:
        return Verification(False, n, edited)
    return Verification(True, n)


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
                    expect(f"decision {drow.id}", (drow.outcome, drow.bid_id, drow.reason, drow.decided_by),
                           (p["outcome"], p["bid"], p["reason"], r["actor"]), seq)
        # Rows no record speaks for were added behind the log's back.
        for b_id, role, version, policy in sorted(set(files) - sealed_files):
            problems.append(f"bid {b_id} {role} version {version} under {policy} has no audit record")
        for table, action in ((CaseQuestion, "case.question_asked"), (CaseDecisionRow, "case.decided"),
                              (CaseConsultation, "case.package")):
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
