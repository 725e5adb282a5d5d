"""The audit log: append-only records, each hashed with the one before it.

``hash = sha256(prev_hash + canonical JSON of the record)``, where the canonical JSON has sorted
keys, no spaces and UTF-8 text. Editing any field of a record changes its hash; deleting one
breaks the link from the next (or, for the last, the link from the chain head).
``service.verify`` recomputes the chain and names the first record that does not check out, and
checks every row a record sealed (``SEALED``, ``ACTIONS``: one table that the writers and the
verifier share) against the newest record that sealed it. An anchor (the head, kept outside the
database, optionally signed) tells a log truncated or rewound with its head.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
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


# -- what each record seals: one table shared by the writers and the verifier ----------------------


@dataclass(frozen=True, slots=True)
class SealedTable:
    """The columns of one table that the records acting on it seal, and why the others are not.

    A record seals a row by carrying, under ``payload["rows"][table]``, the row's id and the value
    of every column in ``fields`` after the action (``row_doc``); the verifier compares the row's
    current values with the newest record that sealed it. A column added to the table must be
    named in one of the two tuples (``tests/store/test_audit_chain.py`` checks), so a new field
    cannot silently escape the chain.
    """

    label: str
    """How a problem names a row: ``waiver 3``."""
    fields: tuple[str, ...]
    unsealed: tuple[str, ...]
    """The primary key, and columns that decide nothing (with the reason in ``UNSEALED_WHY``)."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Column → payload key, for records written flat (``user.created``, ``screening.completed``)."""
    digests: tuple[str, ...] = ()
    """Columns sealed by their SHA-256 (stored inputs), not their bytes."""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """The value a creating record implies when it does not say (a new user is active)."""


SEALED: Mapping[str, SealedTable] = MappingProxyType({
    "review_actions": SealedTable(
        "review action", ("team_id", "item_id", "actor", "action", "outcome", "reason"), ("id", "at")),
    "waivers": SealedTable(
        "waiver", ("team_id", "entity_id", "maker", "model", "product", "policy", "scope", "justification",
                   "approver", "granted_by", "expires", "status", "approved_by", "revoked_by", "revoked_reason",
                   "item_id"),
        ("id", "created", "approved", "revoked_at")),
    "false_positives": SealedTable(
        "false positive", ("team_id", "key", "maker", "entity_ids", "evidence_digest", "actor", "reason", "item_id",
                           "status", "revoked_by", "revoked_reason"),
        ("id", "created", "revoked_at")),
    "users": SealedTable(
        "user", ("username", "role", "active"), ("id", "team_id", "password_hash", "created"),
        defaults={"active": True}),
    "screenings": SealedTable(
        "screening", ("file_name", "policy", "policy_version_id", "as_of", "registry_fingerprint", "decision",
                      "rows_in", "items_digest", "rerun_of", "status", "input"),
        ("id", "team_id", "user_id", "kind", "started", "finished", "error", "counts", "rows_out", "source",
         "registry_built", "row_keying"),
        aliases={"file_name": "file", "policy_version_id": "policy_version", "registry_fingerprint": "registry",
                 "input": "input_sha256"},
        digests=("input",)),
})

UNSEALED_WHY = {
    "id": "the row's key, which the record names",
    "at": "the record's own time is the action's time", "created": "the record's own time",
    "approved": "the record's own time", "revoked_at": "the record's own time",
    "password_hash": "a secret is never logged; a password change is not a decision",
    "team_id": "the record's team (user.created names the team; the chain's team column holds it)",
    "user_id": "who submitted is the record's actor", "kind": "sealed in the items' digest (the reader)",
    "started": "the record's own time", "finished": "the record's own time", "error": "a failed screening decides nothing",
    "counts": "derived from the items, which are sealed", "rows_out": "equals the items, which are sealed",
    "source": "how the file was read; the input itself is sealed by digest", "registry_built": "the registry's fingerprint is sealed",
    "row_keying": "which rows a re-screen may screen once, worked out from the sealed input; remade when it changes",
}

CREATES, CHANGES = True, False
ACTIONS: Mapping[str, tuple[str, bool]] = MappingProxyType({
    "review.confirm": ("review_actions", CREATES),
    "review.false_positive": ("review_actions", CREATES),
    "review.waive": ("review_actions", CREATES),
    "waiver.granted": ("waivers", CREATES),
    "waiver.approved": ("waivers", CHANGES),
    "waiver.revoked": ("waivers", CHANGES),
    "false_positive.remembered": ("false_positives", CREATES),
    "false_positive.revoked": ("false_positives", CHANGES),
    "user.created": ("users", CREATES),
    "user.role_changed": ("users", CHANGES),
    "user.deactivated": ("users", CHANGES),
    "user.activated": ("users", CHANGES),
    "screening.completed": ("screenings", CREATES),
})
"""Which table each action's record seals a row of, and whether the action creates that row (a
row of a table no creating record speaks for was added behind the log's back). A record may seal
rows of several tables (a waiver's grant seals the review action and the waiver); its action names
the main one, and ``TABLES_OF`` lists the rest."""

TABLES_OF: Mapping[str, tuple[tuple[str, bool], ...]] = MappingProxyType({
    "review.waive": (("review_actions", CREATES), ("waivers", CREATES)),
    "review.false_positive": (("review_actions", CREATES), ("false_positives", CREATES)),
    "review.confirm": (("review_actions", CREATES), ("false_positives", CHANGES)),
})


def tables_of(action: str) -> tuple[tuple[str, bool], ...]:
    """The (table, creates) pairs a record of ``action`` may seal rows of."""
    if action in TABLES_OF:
        return TABLES_OF[action]
    return (ACTIONS[action],) if action in ACTIONS else ()


def sealed_value(table: str, column: str, value: Any) -> Any:
    """A column's value as a record seals it: dates as ISO text, digested columns by SHA-256."""
    if column in SEALED[table].digests:
        return hashlib.sha256(value or b"").hexdigest()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    return value


def row_doc(table: str, row: Any) -> dict[str, Any]:
    """What a record seals of ``row``: its id and every sealed column after the action."""
    return {"id": row.id, **{c: sealed_value(table, c, getattr(row, c)) for c in SEALED[table].fields}}


def item_state(it: Any) -> list[Any]:
    """An item's decision after review as a record seals it (a change carries it before and after)."""
    return [it.final_decision, it.review_state, it.waiver_id, it.false_positive_id]


def seal(s: Session, actor: str, action: str, subject: str, team_id: int | None, rows: Sequence[Any] = (),
         items: Sequence[tuple[int, list[Any], list[Any]]] = (), **extra: Any) -> m.AuditRecord:
    """Append the record of ``action``, sealing ``rows`` (after the change) and the items' decisions
    it changed (``(item id, before, after)`` as ``item_state`` gives them). A row of a table the
    action is not declared for is a bug, refused here rather than left unverifiable."""
    allowed = {t for t, _ in tables_of(action)}
    sealed: dict[str, dict[str, Any]] = {}
    for r in rows:
        table = r.__tablename__
        if table not in allowed:
            raise AssertionError(f"{action} does not seal {table} rows (store/audit.py ACTIONS)")
        sealed[table] = row_doc(table, r)
    payload: dict[str, Any] = {**extra}
    if sealed:
        payload["rows"] = sealed
    if items:
        payload["items"] = [{"item": i, "before": b, "after": a} for i, b, a in items]
    return append(s, actor, action, subject, payload, team_id)


# -- anchors: the chain's head kept outside the database ---------------------------------------------


def _signature(key: str, doc: Mapping[str, Any]) -> str:
    body = canonical({k: doc[k] for k in ("seq", "hash", "at")})
    return hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()


def anchor(s: Session) -> dict[str, Any]:
    """The chain's head as an anchor to keep somewhere else (a file, a ticket, an e-mail): later,
    ``verify_chain(anchors=[it])`` tells a log truncated or rewound past it. Signed with
    SUPPLYSCREEN_AUDIT_KEY when set, so one who can write the database cannot forge an older one."""
    from supplyscreen import settings

    head = s.execute(select(m.AuditHead.seq, m.AuditHead.hash).where(m.AuditHead.id == 1)).one()
    doc: dict[str, Any] = {"seq": head.seq, "hash": head.hash,
                           "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    key = settings.load().audit_key
    doc["signature"] = _signature(key, doc) if key else ""
    return doc


def check_anchor_signature(doc: Mapping[str, Any]) -> bool | None:
    """Whether the anchor's signature is right (None when no key is set or the anchor is unsigned)."""
    from supplyscreen import settings

    key = settings.load().audit_key
    if not key or not doc.get("signature"):
        return None
    return hmac.compare_digest(_signature(key, doc), str(doc["signature"]))
