"""Portfolio re-screen: every stored screening of every team screened again after a registry or
policy change, with a per-item diff (was → now, each with its reason) and an alert per team.

A run queues one job per stored screening (``service/jobs.py``), so it goes on in the background,
on as many workers and hosts as share the store, and survives a crash: progress is the run's jobs
done, each committed with its changes in one transaction. A worker screens a file with the warm
screener of its registry and policy, whose verdict cache is keyed on the verdict key (the fields
that decide an item, ``screen._cache_key``): across a portfolio the same makers and models recur,
so each distinct key is screened once per worker and every other row is a look-up. Each row is
then compared with its stored decision; a row whose decision differs is a change, with the stored
reason and the new one (each naming the row's own values). Each screening is screened against the
registry, the team's designations and the policy in use when its turn comes, as of today (as a
rerun is).

Stored screenings are not rewritten: each is sealed in the audit chain as it was screened. The
changes are kept beside them, and a team reruns a screening (``screenings.rerun``) to make the new
decisions its record. The run's start and each team's outcome are audit records; the team's
outcome carries the digest of its changes, so an edited change row is noticed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from supplyscreen import library
from supplyscreen.formats import serialise
from supplyscreen.model import ItemResult
from supplyscreen.screen import CACHE_LIMIT, Screener
from supplyscreen.service import jobs, screenings
from supplyscreen.service.uploads import safe_file_name
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

CHANGES = m.RescreenChange.metadata.tables["rescreen_changes"]
ITEMS = m.ScreeningItem.metadata.tables["items"]
# Changes read back per query when the diff is shown: a page, not a whole portfolio.
PAGE = 500


def start(store: Store, actor: str, reason: str, registry_version_id: int | None = None) -> int:
    """Queue a re-screen of every complete stored screening of every team; returns the run's id."""
    with store.writing() as s:
        run = m.RescreenRun(reason=reason, actor=actor, registry_version_id=registry_version_id, status=m.RUNNING,
                            screenings=0)
        s.add(run)
        s.flush()
        todo = list(s.execute(select(m.Screening.id, m.Screening.team_id).where(m.Screening.status == m.COMPLETE)
                              .order_by(m.Screening.id)))
        for sid, team in todo:
            jobs.enqueue(s, "rescreen", {"run": run.id, "screening": sid}, team_id=team, group_id=run.id,
                         max_attempts=3)
        run.screenings = len(todo)
        audit.append(s, actor, "rescreen.started", f"rescreen:{run.id}", {
            "run": run.id, "reason": reason, "registry_version": registry_version_id, "screenings": len(todo)}, None)
        if not todo:
            _finish(s, run)
        return run.id


@dataclass(frozen=True, slots=True)
class Outcome:
    """One stored screening screened again: its rows and the ones whose decision changed."""

    screening_id: int
    team_id: int
    rows: int
    changes: tuple[dict[str, Any], ...]
    screened: int = 0
    """Rows screened: every row when screened row by row, else one per key not screened yet plus
    the rows decided alone and the changed ones."""
    keys: tuple[str, tuple[int | None, ...]] | None = None
    """The keying and each row's key, when they were worked out afresh (the rows were screened one
    by one because the stored keys were made under another keying): kept for the next re-screen."""


def rescreen_screening(store: Store, sid: int) -> Outcome:
    """Screen stored screening ``sid`` again with its team's registry and policy of today and
    compare each row with its stored decision.

    A screening whose rows carry keys made under the keying in use (``Screener.stored_keying``) is
    screened by key: each distinct key once (none that this worker has screened for another
    screening already), and a row changes when its key's decision is not its stored one. Its file
    is read again only for what needs a row: a key not screened yet, a row decided alone (no key),
    and each changed row's reason, which names the row's own values. Any other screening is
    screened row by row."""
    with store.session() as s:
        sc = s.get_one(m.Screening, sid)
        team, policy, kind, name, keying = sc.team_id, sc.policy, sc.kind, sc.file_name, sc.row_keying
        reg = screenings.team_registry(s, team)
        waivers, fps = _review_state_of(s, team)
        screener = screenings.warm_screener(reg, policy, None)
        by_key = bool(keying) and keying == screener.stored_keying
        stored = list(s.execute(select(m.ScreeningItem.seq, m.ScreeningItem.decision, m.ScreeningItem.row_key)
                                .where(m.ScreeningItem.screening_id == sid).order_by(m.ScreeningItem.seq)))
        data = (s.scalar(select(m.Screening.input).where(m.Screening.id == sid))
                if not by_key or _must_read(screener, stored) else None)
    keys = None
    if by_key:
        n, changed, screened = _by_key(screener, stored, kind, name, data)
    else:
        n, changed, fresh = _row_by_row(reg, screener, policy, stored, kind, name, data or b"")
        screened = n
        if fresh is not None and n == len(stored):
            keys = (screener.stored_keying, fresh)
    rows = _stored_rows(store, sid, [seq for seq, _ in changed])
    out = []
    was_reasons = _stored_reasons(store, [rows[seq][0] for seq, _ in changed if seq in rows])
    for seq, res in changed:
        old = rows.get(seq)
        iid, was, was_final, ref = old if old is not None else (None, "", "", "")
        now, now_final, now_reason = "", "", "the row is no longer in the file as read today"
        if res is not None:
            now, now_reason, ref = res.decision.value, res.reason, res.item.ref[:300]
            now_final = _final(res, reg, policy, waivers, fps)
        out.append({"screening_id": sid, "item_id": iid, "seq": seq, "ref": ref, "was_decision": was,
                    "was_final": was_final, "was_reason": was_reasons.get(iid, "") if iid is not None else
                    "the row was not in the file as screened then", "now_decision": now, "now_final": now_final,
                    "now_reason": now_reason})
    return Outcome(sid, team, n, tuple(out), screened, keys)


Stored = list[Any]  # (seq, decision, row_key) of each stored row, by seq
Changed = list[tuple[int, ItemResult | None]]  # (seq, the row's result today, or None: no such row)


def _row_by_row(reg: Any, screener: Screener, policy: str, stored: Stored, kind: str, name: str,
                data: bytes) -> tuple[int, Changed, tuple[int | None, ...] | None]:
    """Every row of the stored file screened again and compared with its stored decision; and the
    rows' keys under the keying in use (none for a bill of materials, whose assemblies are decided
    from their parts)."""
    with _as_file(name, data) as path:
        report = library.check(path, policy, kind=kind or None, registry=reg, screener=screener)
        by_seq = {seq: dec for seq, dec, _ in stored}
        changed: Changed = []
        keys: list[int | None] | None = None if report.source.kind == "bom" else []
        n = 0
        for n, r in enumerate(report.results, 1):
            if by_seq.get(n) != r.decision.value:
                changed.append((n, r))
            if keys is not None:
                keys.append(screener.stored_key(r.item))
    changed += [(seq, None) for seq in by_seq if seq > n]  # rows the file no longer yields
    return n, changed, tuple(keys) if keys is not None else None


# Per warm screener, the decision it gives each stored key it has screened: across a portfolio the
# same keys recur from one screening to the next (and a screener's registry and policy never change).
_decided: weakref.WeakKeyDictionary[Screener, dict[int, str]] = weakref.WeakKeyDictionary()


def _decisions(screener: Screener) -> dict[int, str]:
    known = _decided.get(screener)
    if known is None:
        known = _decided[screener] = {}
    return known


def _must_read(screener: Screener, stored: Stored) -> bool:
    """Whether a keyed screening's file must be read: a row without a key, a key not screened yet,
    or a row whose key's decision is not its stored one (its reason names its own values)."""
    known = _decisions(screener)
    return any(key is None or known.get(key, "") != dec for _, dec, key in stored)


def _by_key(screener: Screener, stored: Stored, kind: str, name: str,
            data: bytes | None) -> tuple[int, Changed, int]:
    """The rows' decisions today by their stored keys: each key screened once (through its first
    row), a row without a key on its own, and each row whose key's decision changed screened for
    its own result. Two rows with one stored key have one verdict key under the keying in use
    (Screener.stored_key), so this is what screening every row gives."""
    if data is None:
        return len(stored), [], 0  # every key decided as stored: nothing to read
    from supplyscreen.sources import ReadOptions, open_source

    known = _decisions(screener)
    rows = {seq: (dec, key) for seq, dec, key in stored}
    changed: Changed = []
    n = screened = 0
    with _as_file(name, data) as path:
        source = open_source(path, ReadOptions(kind=kind or None))
        for n, item in enumerate(source.items(), 1):
            dec, key = rows.get(n, ("", None))
            now = known.get(key) if key is not None else None
            if now is None:
                r = screener.screen_item(item)
                screened += 1
                if key is not None and len(known) < CACHE_LIMIT:
                    known[key] = r.decision.value
                if r.decision.value != dec:
                    changed.append((n, r))
            elif now != dec:
                changed.append((n, screener.screen_item(item)))
                screened += 1
    changed += [(seq, None) for seq in rows if seq > n]  # rows the file no longer yields
    return n, changed, screened


@contextlib.contextmanager
def _as_file(name: str, data: bytes) -> Iterator[Path]:
    """A stored screening's file where a reader can open it (readers take a path, and the file's
    name tells them its format), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="supplyscreen-rescreen-") as tmp:
        path = Path(tmp) / safe_file_name(name)
        path.write_bytes(data)
        yield path


def _stored_rows(store: Store, sid: int, seqs: list[int]) -> dict[int, tuple[int, str, str, str]]:
    """(item id, decision, final decision, ref) of the stored rows ``seqs`` of screening ``sid``."""
    out: dict[int, tuple[int, str, str, str]] = {}
    with store.session() as s:
        for i in range(0, len(seqs), PAGE):
            for seq, iid, dec, final, ref in s.execute(
                    select(m.ScreeningItem.seq, m.ScreeningItem.id, m.ScreeningItem.decision,
                           m.ScreeningItem.final_decision, m.ScreeningItem.ref)
                    .where(m.ScreeningItem.screening_id == sid, m.ScreeningItem.seq.in_(seqs[i:i + PAGE]))):
                out[seq] = (iid, dec, final, ref)
    return out


def stored_keys(screeners: dict[str, Screener], policy: str, kind: str, name: str, data: bytes,
                rows: int) -> tuple[str, list[int | None]] | None:
    """The keying and each row's key of a stored screening's file (``data``, named ``name``), as a
    screening stores them, keyed with the registry in use and ``policy`` (a screener per policy in
    ``screeners``, made on first use); None when the file does not yield its ``rows`` stored rows
    again as a flat list, or cannot be read with that policy. For screenings stored before rows had
    keys (migration 0010)."""
    from supplyscreen.errors import SupplyscreenError
    from supplyscreen.sources import ReadOptions, open_source

    try:
        screener = screeners.get(policy)
        if screener is None:
            screener = screeners[policy] = library.make_screener(library.load_registry(), policy)
        with _as_file(name, data) as path:
            source = open_source(path, ReadOptions(kind=kind or None))
            if source.info.kind == "bom":
                return None
            keys = [screener.stored_key(item) for item in source.items()]
    except (SupplyscreenError, OSError, ValueError):
        return None
    return (screener.stored_keying, keys) if len(keys) == rows else None


def _review_state_of(s: Session, team: int) -> tuple[list[m.Waiver], dict[str, m.FalsePositive]]:
    import datetime as dt

    waivers = list(s.scalars(select(m.Waiver).where(m.Waiver.team_id == team, m.Waiver.status == m.ACTIVE,
                                                    m.Waiver.expires >= dt.date.today())))
    fps = {f.key: f for f in s.scalars(select(m.FalsePositive).where(m.FalsePositive.team_id == team,
                                                                     m.FalsePositive.status == m.ACTIVE))}
    return waivers, fps


def _final(r: ItemResult, reg: Any, policy: str, waivers: list[m.Waiver], fps: dict[str, m.FalsePositive]) -> str:
    """The decision after review that a screening today would store for ``r`` (waivers and
    remembered false positives of the team as they stand)."""
    maker = screenings.maker_of(r)
    model, product = screenings.part_of(r)
    doc = serialise.evidence(r, reg)
    key = screenings.fp_key(maker, doc) if r.matches else ""
    ids = screenings.entity_ids(doc) if r.matches else []
    return screenings._review_state(r.decision, ids, (maker, model, product), key, policy, waivers, fps)[1]


def _stored_reasons(store: Store, item_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    with store.session() as s:
        for i in range(0, len(item_ids), PAGE):
            for iid, result in s.execute(select(m.ScreeningItem.id, m.ScreeningItem.result)
                                         .where(m.ScreeningItem.id.in_(item_ids[i:i + PAGE]))):
                out[iid] = json.loads(result).get("reason", "")
    return out


def run_task(store: Store, c: jobs.Claim) -> None:
    """A job of a run: one stored screening re-screened; its changes and the job's completion
    commit together (and, for the run's last job, the run's outcome per team)."""
    run_id, sid = int(c.payload["run"]), int(c.payload["screening"])
    with store.session() as s:
        exists = s.get(m.Screening, sid) is not None  # deleted since the run started: nothing to compare
    outcome = rescreen_screening(store, sid) if exists else None
    with store.writing() as s:
        if outcome is not None and outcome.changes:
            s.execute(insert(CHANGES), [{"run_id": run_id, "team_id": outcome.team_id, **ch} for ch in outcome.changes])
        if outcome is not None and outcome.keys is not None:
            _keep_keys(s, sid, *outcome.keys)
        jobs.complete(s, c, {"screening": sid, "rows": outcome.rows if outcome else 0,
                             "changed": len(outcome.changes) if outcome else 0,
                             "screened": outcome.screened if outcome else 0})
        run = s.scalars(select(m.RescreenRun).where(m.RescreenRun.id == run_id).with_for_update()).one()
        finish_if_done(s, run)


def _keep_keys(s: Session, sid: int, keying: str, keys: tuple[int | None, ...]) -> None:
    """Store the rows' keys worked out afresh: the stored screening's decisions and reasons stay as
    they were sealed; its keys only say which rows the next re-screen may screen once."""
    s.connection().execute(
        update(ITEMS).where(ITEMS.c.screening_id == bindparam("sid"), ITEMS.c.seq == bindparam("n"))
        .values(row_key=bindparam("key")),
        [{"sid": sid, "n": n, "key": k} for n, k in enumerate(keys, 1)])
    s.execute(update(m.Screening).where(m.Screening.id == sid).values(row_keying=keying))


def finish_if_done(s: Session, run: m.RescreenRun) -> bool:
    """Complete ``run`` when none of its jobs is left to do (the caller holds the run's row lock,
    so of two workers finishing the last two jobs, the second sees the first's)."""
    if run.status != m.RUNNING:
        return False
    left = s.scalar(select(func.count()).select_from(m.Job).where(
        m.Job.group_id == run.id, m.Job.kind == "rescreen", m.Job.status.in_((m.QUEUED, m.JOB_RUNNING))))
    if left:
        return False
    _finish(s, run)
    return True


def after_failure(store: Store, run_id: int) -> None:
    """A job of the run failed for good: the run may be complete without it."""
    with store.writing() as s:
        run = s.scalars(select(m.RescreenRun).where(m.RescreenRun.id == run_id).with_for_update()).one()
        finish_if_done(s, run)


def _finish(s: Session, run: m.RescreenRun) -> None:
    """The run's outcome: per team an audit record (screenings, failures, changes and their digest)
    and, where a decision changed, an alert and its webhook deliveries."""
    from supplyscreen.service import webhooks

    run.status, run.finished = m.COMPLETE, m.utcnow()
    per_team: dict[int, Counter[str]] = {}
    for team, status, n in s.execute(select(m.Job.team_id, m.Job.status, func.count()).where(
            m.Job.group_id == run.id, m.Job.kind == "rescreen").group_by(m.Job.team_id, m.Job.status)):
        if team is not None:  # every re-screen job names its screening's team
            per_team.setdefault(team, Counter())[status] += n
    for team in sorted(per_team):
        rows = list(s.execute(select(CHANGES).where(CHANGES.c.run_id == run.id, CHANGES.c.team_id == team)
                              .order_by(CHANGES.c.screening_id, CHANGES.c.seq)).mappings())
        digest = hashlib.sha256()
        summary: Counter[str] = Counter()
        for r in rows:
            digest.update(audit.canonical({k: r[k] for k in _SEALED}).encode() + b"\n")
            summary[f"{r['was_final'] or '—'} → {r['now_final'] or '—'}"] += 1
        counts = per_team[team]
        alert_id = None
        if rows:
            alert = m.RescreenAlert(run_id=run.id, team_id=team, changed=len(rows),
                                    screenings=len({r["screening_id"] for r in rows}),
                                    summary=audit.canonical(dict(sorted(summary.items()))))
            s.add(alert)
            s.flush()
            alert_id = alert.id
            webhooks.enqueue_for_alert(s, alert)
        audit.append(s, run.actor, "rescreen.completed", f"rescreen:{run.id}", {
            "run": run.id, "reason": run.reason, "registry_version": run.registry_version_id,
            "screenings": counts[m.DONE] + counts[m.JOB_FAILED], "failed": counts[m.JOB_FAILED],
            "changed": len(rows), "summary": dict(sorted(summary.items())), "changes_sha256": digest.hexdigest(),
            "alert": alert_id}, team)


# The columns of a change its team's record seals (all but the row's own id and the team).
_SEALED = ("run_id", "screening_id", "item_id", "seq", "ref", "was_decision", "was_final", "was_reason",
           "now_decision", "now_final", "now_reason")


def change_doc(r: Any) -> dict[str, Any]:
    return {"screening_id": r.screening_id, "item_id": r.item_id, "seq": r.seq, "ref": r.ref,
            "was": {"decision": r.was_decision, "final_decision": r.was_final, "reason": r.was_reason},
            "now": {"decision": r.now_decision, "final_decision": r.now_final, "reason": r.now_reason}}


def changes(store: Store, run_id: int, team_id: int | None = None, offset: int = 0,
            limit: int | None = None) -> list[dict[str, Any]]:
    """The run's changed items (one team's, or every team's), by screening and row."""
    with store.session() as s:
        q = select(m.RescreenChange).where(m.RescreenChange.run_id == run_id)
        if team_id is not None:
            q = q.where(m.RescreenChange.team_id == team_id)
        q = q.order_by(m.RescreenChange.screening_id, m.RescreenChange.seq).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return [change_doc(r) for r in s.scalars(q)]


def progress(s: Session, run_id: int) -> dict[str, Any]:
    run = s.get(m.RescreenRun, run_id)
    if run is None:
        raise screenings.NotFound(f"re-screen {run_id}")
    by_status = dict(s.execute(select(m.Job.status, func.count()).where(m.Job.group_id == run_id,
                                                                        m.Job.kind == "rescreen")
                               .group_by(m.Job.status)).all())
    return {"id": run.id, "reason": run.reason, "actor": run.actor, "status": run.status,
            "registry_version": run.registry_version_id, "screenings": run.screenings,
            "done": by_status.get(m.DONE, 0), "failed": by_status.get(m.JOB_FAILED, 0),
            "started": run.started, "finished": run.finished}


def runs(s: Session, limit: int = 20) -> list[dict[str, Any]]:
    ids = s.scalars(select(m.RescreenRun.id).order_by(m.RescreenRun.id.desc()).limit(limit))
    return [progress(s, i) for i in ids]


# -- a team's alerts ------------------------------------------------------------------------------


def alert_doc(a: m.RescreenAlert, run: m.RescreenRun | None) -> dict[str, Any]:
    return {"id": a.id, "run": a.run_id, "reason": run.reason if run else "", "changed": a.changed,
            "screenings": a.screenings, "summary": json.loads(a.summary), "created": a.created,
            "seen_by": a.seen_by, "seen_at": a.seen_at}


def alerts(s: Session, team_id: int, limit: int = 50, unseen_only: bool = False) -> list[dict[str, Any]]:
    q = select(m.RescreenAlert).where(m.RescreenAlert.team_id == team_id)
    if unseen_only:
        q = q.where(m.RescreenAlert.seen_at.is_(None))
    return [alert_doc(a, s.get(m.RescreenRun, a.run_id))
            for a in s.scalars(q.order_by(m.RescreenAlert.id.desc()).limit(limit))]


def alert(s: Session, team_id: int, alert_id: int) -> m.RescreenAlert:
    a = s.get(m.RescreenAlert, alert_id)
    if a is None or a.team_id != team_id:
        raise screenings.NotFound(f"alert {alert_id}")
    return a


def mark_seen(store: Store, team_id: int, alert_id: int, actor: str) -> None:
    with store.writing() as s:
        a = alert(s, team_id, alert_id)
        if a.seen_at is None:
            a.seen_by, a.seen_at = actor, m.utcnow()
            audit.append(s, actor, "rescreen.alert_seen", f"alert:{a.id}", {"alert": a.id, "run": a.run_id}, team_id)
