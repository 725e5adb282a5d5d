"""The audit log: append-only records, each hashed with the one before it.

``hash = sha256(prev_hash + canonical JSON of the record)``, where the canonical JSON has sorted
keys, no spaces and UTF-8 text. Editing any field of a record changes its hash; deleting one
breaks the link from the next (or, for the last, the link from the chain head).
``service.verify`` recomputes the chain and names the first record that does not check out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
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


def newest(s: Session, team_id: int, limit: int = 200) -> list[m.AuditRecord]:
    """The team's newest records first (for a page; ``records`` reads the whole chain in order)."""
    return list(s.scalars(select(m.AuditRecord).where(m.AuditRecord.team_id == team_id)
                          .order_by(m.AuditRecord.seq.desc()).limit(limit)))


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
