"""The audit log: append-only records, each hashed with the one before it.

``hash = sha256(prev_hash + canonical JSON of the record)``, where the canonical JSON has sorted
keys, no spaces and UTF-8 text. Editing any field of a record changes its hash; deleting one
breaks the link from the next (or, for the last, the link from the chain head). ``verify`` names
the first record that does not check out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from supplyscreen.store import models as m

GENESIS = "0" * 64


def canonical(doc: Any) -> str:
    """The one JSON text of ``doc`` that is hashed: sorted keys, compact, UTF-8 kept as is."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def record_doc(r: m.AuditRecord) -> dict[str, Any]:
    return {
        "seq": r.seq,
        "at": r.at,
        "team": r.team_id,
        "actor": r.actor,
        "action": r.action,
        "subject": r.subject,
        "payload": json.loads(r.payload),
    }


def chain_hash(prev_hash: str, doc: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(doc)).encode("utf-8")).hexdigest()


HEAD = m.Base.metadata.tables["audit_head"]
LOG = m.Base.metadata.tables["audit_log"]


def append(
    s: Session, actor: str, action: str, subject: str, payload: dict[str, Any], team_id: int | None
) -> m.AuditRecord:
    """Append one record in the caller's transaction (so it commits or rolls back with the change)."""
    # Taking the head row's write lock first serialises appenders, threads and server processes
    # alike: on PostgreSQL the UPDATE locks the row, on SQLite it takes the database write lock;
    # RETURNING reads the head under that lock in the same statement.
    seq, prev = s.execute(_TAKE_HEAD).one()
    rec = m.AuditRecord(
        seq=seq + 1,
        at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        team_id=team_id,
        actor=actor,
        action=action,
        subject=subject,
        payload=canonical(payload),
        prev_hash=prev,
        hash="",
    )
    rec.hash = chain_hash(prev, record_doc(rec))
    # Core statements, not the unit of work: two statements instead of a flush with its bookkeeping.
    s.execute(_ADD, {c.key: getattr(rec, c.key) for c in LOG.columns})
    s.execute(_MOVE_HEAD, {"new_seq": rec.seq, "new_hash": rec.hash})
    return rec


# The three statements of an append, built once (building them cost as much as running them).
_TAKE_HEAD = update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq).returning(HEAD.c.seq, HEAD.c.hash)
_ADD = insert(LOG)
_MOVE_HEAD = update(HEAD).where(HEAD.c.id == 1).values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    records: int
    problem: str = ""
    """What is wrong, naming the record (``record 12``); empty when the chain verifies."""
    seq: int | None = None


def records(s: Session, team_id: int | None = None, batch: int = 1000) -> Iterator[m.AuditRecord]:
    last = 0
    while True:
        q = select(m.AuditRecord).where(m.AuditRecord.seq > last).order_by(m.AuditRecord.seq).limit(batch)
        if team_id is not None:
            q = q.where(m.AuditRecord.team_id == team_id)
        rows = list(s.scalars(q))
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        s.expunge_all()


def verify(s: Session) -> Verification:
    """Recompute the chain from the first record; any edited, inserted or deleted record fails, and
    so does a screening's item (its decision and evidence) edited after its record sealed it, or a
    procurement case's row edited after its records sealed it."""
    prev, expected, n = GENESIS, 1, 0
    for r in records(s):
        if r.seq != expected:
            return Verification(False, n, f"record {expected} is missing (next is record {r.seq}): deleted", expected)
        if r.prev_hash != prev:
            return Verification(False, n, f"record {r.seq} does not link to record {r.seq - 1}: edited or reordered", r.seq)
        try:
            doc = record_doc(r)
        except ValueError:
            return Verification(False, n, f"record {r.seq} payload is not JSON: edited", r.seq)
        if chain_hash(prev, doc) != r.hash:
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
    would not show it (``cases.verify``)."""
    from sqlalchemy import Engine

    from supplyscreen.store import cases  # here, not at the top: cases imports this module
    from supplyscreen.store.db import Store

    bind = s.get_bind()
    st = Store(bind if isinstance(bind, Engine) else bind.engine)
    for team_id, case_id in s.execute(select(cases.Case.team_id, cases.Case.id).order_by(cases.Case.id)).all():
        problems = cases.verify(st, team_id, case_id)
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
        add_item(digest, text.encode(), evidence.encode() if evidence is not None else None)
    return digest.hexdigest() == sealed


def add_item(digest: Any, own: bytes, evidence: bytes | None) -> None:
    """One stored item into a screening's items digest: its own text, then its evidence's (items
    stored before evidence had a table have none, and their digest is what it was)."""
    digest.update(own + b"\n")
    if evidence is not None:
        digest.update(evidence + b"\n")


def export(s: Session, out: TextIO, team_id: int | None = None) -> int:
    """Write the log as JSON lines (each record with its hashes); returns how many."""
    n = 0
    for r in records(s, team_id):
        out.write(canonical({**record_doc(r), "prev_hash": r.prev_hash, "hash": r.hash}) + "\n")
        n += 1
    return n
