"""Screen a submitted file and keep the result: items, decisions, review state, audit record.

A screening row is written first as ``running``; the items, the final status and the audit record
then commit in one transaction. A process killed in between leaves only a ``running`` row, which
``Store.recover`` marks ``interrupted`` at the next start: a partial screening is never complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from supplyscreen import library, settings
from supplyscreen.errors import SupplyscreenError
from supplyscreen.formats import serialise
from supplyscreen.matching.normalise import normalise
from supplyscreen.model import Decision, ItemResult
from supplyscreen.policy import get_policy
from supplyscreen.registry import Registry
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

# Fields naming who made or sold an item, in the order that best identifies the maker.
MAKER_FIELDS = ("manufacturer", "vendor", "brand", "supplier", "oem", "publisher", "author")
# Items written per executemany: Core inserts in batches cost a fifth of ORM objects, and a batch
# bounds memory on a million-row inventory.
INSERT_BATCH = 2000
ITEMS = m.ScreeningItem.metadata.tables["items"]
_SAFE_NAME = re.compile(r"[^\w.\- ]+")


class NotFound(LookupError):
    """The record does not exist, or belongs to another team (the two are not told apart)."""


def safe_file_name(name: str) -> str:
    """The last path component with odd characters replaced: never a path, never empty."""
    base = re.split(r"[\\/]", name or "")[-1].strip().lstrip(".")
    base = _SAFE_NAME.sub("_", base)[:200]
    return base or "upload"


def maker_of(r: ItemResult) -> str:
    for f in MAKER_FIELDS:
        v = r.item.fields.get(f, "")
        if v.strip():
            return normalise(v).key or v.strip().casefold()
    return ""


def evidence_digest(doc: dict[str, Any]) -> str:
    """Digest of what the decision rests on: matched entities, designations, paths and rules.

    Input values and scores are left out on purpose: the same evidence reached from a re-typed
    row is the same evidence; a new designation or relation path changes the digest.
    """
    ev = {
        "matches": sorted(
            (
                fm["field"],
                fm["entity"]["id"],
                fm["band"],
                sorted((d["entity"]["id"], sorted(x["id"] for x in d["lists"]), d["path"]) for d in fm["designated"]),
            )
            for fm in doc["matches"]
        ),
        "rules": sorted((r["id"], r["outcome"]) for r in doc["rules"]),
    }
    return hashlib.sha256(audit.canonical(ev).encode()).hexdigest()


def entity_ids(doc: dict[str, Any]) -> list[str]:
    """Matched and designated entities of one item, sorted."""
    ids = set()
    for fm in doc["matches"]:
        ids.add(fm["entity"]["id"])
        ids.update(d["entity"]["id"] for d in fm["designated"])
    return sorted(ids)


def fp_key(maker: str, doc: dict[str, Any]) -> str:
    return hashlib.sha256(audit.canonical([maker, entity_ids(doc), evidence_digest(doc)]).encode()).hexdigest()


def policy_version(s: Session, policy_id: str) -> m.PolicyVersion:
    """The stored version of a policy: its id, name and the digest of the code that decides."""
    pol = get_policy(policy_id)
    body = audit.canonical({"id": pol.id, "name": pol.name, "sha256": _policy_digest(policy_id, pol)})
    digest = hashlib.sha256(body.encode()).hexdigest()
    found = s.scalar(select(m.PolicyVersion).where(m.PolicyVersion.policy_id == pol.id, m.PolicyVersion.digest == digest))
    if found is None:
        found = m.PolicyVersion(policy_id=pol.id, digest=digest, body=body)
        s.add(found)
        s.flush()
    return found


def _policy_digest(policy_id: str, pol: Any) -> str:
    """Digest of the rules themselves: the pack file where the policy is one, else its code."""
    from supplyscreen import policy as policies

    shipped = getattr(policies, "shipped", None)
    path = shipped().get(policy_id) if shipped else None
    if path is None and Path(policy_id).suffix.lower() in (".yaml", ".yml"):
        path = Path(policy_id)
    if path is not None and Path(path).is_file():
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    code = inspect.getsource(inspect.getmodule(type(pol)) or type(pol))
    return hashlib.sha256(code.encode()).hexdigest()


def team_registry(s: Session, team_id: int) -> Registry:
    """The registry plus the team's own designations (administrators' registry edits)."""
    edits = list(s.scalars(select(m.RegistryEdit).where(m.RegistryEdit.team_id == team_id).order_by(m.RegistryEdit.id)))
    if not edits:
        return library.load_registry()
    current: dict[str, dict[str, Any]] = {}
    for e in edits:
        if e.action == "withdraw":
            current.pop(e.entity_id, None)
        else:
            current[e.entity_id] = json.loads(e.payload)
    if not current:
        return library.load_registry()
    doc = {
        "list": {
            "id": f"org-team-{team_id}",
            "name": "This organisation's own designations",
            "authority": "the organisation's registry administrators",
            "restricts_purchase": True,
        },
        "source": {"id": f"org-team-{team_id}-edits", "title": "Registry edits recorded in supplyscreen"},
        "designations": list(current.values()),
    }
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=True)
    # One file per content, so the registry cache (keyed on the path) is reused until the next edit.
    folder = (settings.load().cache_dir or Path(tempfile.gettempdir())) / "org-edits"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"team-{team_id}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.yaml"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return library.load_registry(None, (path,))


@dataclass(frozen=True, slots=True)
class Submission:
    team_id: int
    actor: str
    user_id: int | None
    file_name: str
    data: bytes
    policy: str
    as_of: dt.date | None = None
    kind: str | None = None
    rerun_of: int | None = None


def submit(store: Store, sub: Submission) -> int:
    """Screen ``sub`` and store it; returns the screening id (status complete or failed)."""
    name = safe_file_name(sub.file_name)
    with store.session() as s:
        get_policy(sub.policy)  # an unknown policy is the caller's error, before anything is stored
        pv = policy_version(s, sub.policy)
        row = m.Screening(
            team_id=sub.team_id, user_id=sub.user_id, file_name=name, policy=sub.policy, policy_version_id=pv.id,
            as_of=sub.as_of, input=sub.data, status=m.RUNNING, rerun_of=sub.rerun_of, kind=sub.kind or "",
        )
        s.add(row)
        s.flush()
        sid = row.id
        reg = team_registry(s, sub.team_id)
    try:
        with tempfile.TemporaryDirectory(prefix="supplyscreen-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(sub.data)
            report = library.check(path, sub.policy, sub.as_of, kind=sub.kind, registry=reg)
    except (SupplyscreenError, OSError, ValueError) as e:
        with store.session() as s:
            row = s.get_one(m.Screening, sid)
            row.status, row.error, row.finished = m.FAILED, str(e), m.utcnow()
            audit.append(s, sub.actor, "screening.failed", f"screening:{sid}", {"screening": sid, "file": name,
                         "error": str(e)}, sub.team_id)
        return sid
    _store_results(store, sid, sub, report, reg)
    return sid


def _store_results(store: Store, sid: int, sub: Submission, report: Any, reg: Registry) -> None:
    today = dt.date.today()
    with store.session() as s:
        row = s.get_one(m.Screening, sid)
        waivers = list(s.scalars(select(m.Waiver).where(
            m.Waiver.team_id == sub.team_id, m.Waiver.revoked.is_(False), m.Waiver.expires >= today)))
        fps = {f.key: f for f in s.scalars(select(m.FalsePositive).where(m.FalsePositive.team_id == sub.team_id))}
        digest = hashlib.sha256()
        finals: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        for n, r in enumerate(report.results, 1):
            doc = serialise.item(r, reg)
            text = audit.canonical(doc)
            digest.update(text.encode() + b"\n")
            maker = maker_of(r)
            key = fp_key(maker, doc) if r.matches else ""
            state, final, note = _review_state(r.decision, doc, maker, key, sub.policy, waivers, fps)
            finals[final] = finals.get(final, 0) + 1
            rows.append({"screening_id": sid, "seq": n, "ref": r.item.ref[:300], "decision": r.decision.value,
                         "result": text, "maker": maker[:300], "fp_key": key, "review_state": state,
                         "final_decision": final, "note": note})
            if len(rows) >= INSERT_BATCH:
                s.execute(insert(ITEMS), rows)
                rows = []
        if rows:
            s.execute(insert(ITEMS), rows)
        row.status, row.finished = m.COMPLETE, m.utcnow()
        row.kind = report.source.kind
        row.decision = report.decision.value
        row.counts = audit.canonical(report.counts())
        row.rows_in, row.rows_out = report.rows_in, report.rows_out
        row.source = audit.canonical(serialise.source(report.source))
        row.registry_built = str(reg.data.built or "")
        row.registry_fingerprint = reg.fingerprint
        row.items_digest = digest.hexdigest()
        audit.append(s, sub.actor, "screening.completed", f"screening:{sid}", {
            "screening": sid, "file": row.file_name, "policy": sub.policy, "policy_version": row.policy_version_id,
            "as_of": sub.as_of.isoformat() if sub.as_of else None, "registry": row.registry_fingerprint,
            "decision": row.decision, "counts": report.counts(), "after_review": finals,
            "rows_in": report.rows_in, "items_digest": row.items_digest, "rerun_of": sub.rerun_of,
        }, sub.team_id)


def _review_state(
    decision: Decision, doc: dict[str, Any], maker: str, key: str, policy: str,
    waivers: list[m.Waiver], fps: dict[str, m.FalsePositive],
) -> tuple[str, str, str]:
    """(review state, decision after review, note) for a freshly screened item."""
    if decision not in (Decision.EXCLUDE, Decision.REVIEW):
        return m.NO_REVIEW, decision.value, ""
    ids = set(entity_ids(doc))
    for w in waivers:
        if w.entity_id in ids and (not w.maker or w.maker == maker) and (not w.policy or w.policy == policy):
            return m.WAIVED, Decision.ALLOW.value, (
                f"Waiver #{w.id} approved by {w.approver} until {w.expires.isoformat()}: {w.justification}")
    fp = fps.get(key)
    if fp is not None:
        return m.FALSE_POSITIVE, Decision.ALLOW.value, (
            f"Remembered false positive #{fp.id} ({fp.actor}): {fp.reason}")
    if decision is Decision.REVIEW:
        return m.PENDING, decision.value, ""
    return m.NO_REVIEW, decision.value, ""


def get(s: Session, team_id: int, sid: int) -> m.Screening:
    row = s.get(m.Screening, sid)
    if row is None or row.team_id != team_id:
        raise NotFound(f"screening {sid}")
    return row


def rerun(store: Store, team_id: int, sid: int, actor: str, user_id: int | None) -> int:
    """Screen a stored screening's input again against today's registry; returns the new id."""
    with store.session() as s:
        old = get(s, team_id, sid)
        sub = Submission(team_id, actor, user_id, old.file_name, old.input, old.policy, None,
                         old.kind or None, rerun_of=old.id)
    return submit(store, sub)


def compare(store: Store, team_id: int, a: int, b: int) -> list[dict[str, Any]]:
    """Per ref, the decisions that differ between screenings ``a`` and ``b`` (added/removed too)."""
    with store.session() as s:
        get(s, team_id, a), get(s, team_id, b)
        rows_a = {r: d for r, d in s.execute(select(m.ScreeningItem.ref, m.ScreeningItem.decision)
                                              .where(m.ScreeningItem.screening_id == a))}
        rows_b = {r: d for r, d in s.execute(select(m.ScreeningItem.ref, m.ScreeningItem.decision)
                                              .where(m.ScreeningItem.screening_id == b))}
    out = []
    for ref in list(dict.fromkeys([*rows_a, *rows_b])):
        before, after = rows_a.get(ref), rows_b.get(ref)
        if before != after:
            out.append({"ref": ref, "before": before, "after": after})
    return out
