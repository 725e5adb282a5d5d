"""The work queue: a table of jobs that workers on one or several hosts take one at a time.

A worker takes the oldest ready job in a short transaction: on PostgreSQL ``SELECT … FOR UPDATE
SKIP LOCKED`` gives each worker a row no other is looking at, so workers never wait on each other;
on SQLite (one machine) the writers' turn does the same. Taking a job marks it ``running`` with a
lease, which the worker renews while it works. The job's outcome commits in the same transaction as
its work (a screening's items and audit record, a re-screen's changes), and only while the lease is
still this worker's attempt's: a worker killed midway leaves nothing committed, its lease runs out,
and another worker takes the job again; a worker that lost its lease cannot commit a second result.
So no job is lost and none is done twice.

A job that fails is tried again later (``BACKOFF_SECONDS``) until ``max_attempts``, then ``failed``
with the error. A job whose workers keep dying (a file that exhausts memory) counts those attempts
too, so it cannot stop the queue.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session

from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

log = logging.getLogger(__name__)
# A lease long enough that a renewal (every third of it) is never late on a loaded host, short
# enough that a dead worker's job is taken again within a minute.
LEASE_SECONDS = 60.0
# How long an idle worker waits before it looks at the queue again: a second is unnoticeable next
# to a screening, and one indexed query a second per worker costs the database nothing.
POLL_SECONDS = 1.0
# Waits before the 2nd, 3rd, … attempt of a failed job: quick for a passing fault, then spaced
# out so a receiver that is down for a while is not hammered (webhooks use the same table).
BACKOFF_SECONDS = (10, 60, 300, 1800, 7200)
KINDS = ("screen", "rescreen", "webhook")


class LeaseLost(RuntimeError):
    """The job's lease ran out and another worker took it: this attempt's result is not committed."""


@dataclass(frozen=True, slots=True)
class Claim:
    """A job as one worker holds it: this attempt's number guards every write about it."""

    id: int
    kind: str
    team_id: int | None
    group_id: int | None
    attempt: int
    worker: str
    payload: dict[str, Any]
    input: bytes | None


def worker_name() -> str:
    """host:pid: says in the job table which host's worker holds a job."""
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(s: Session, kind: str, payload: dict[str, Any], team_id: int | None = None,
            group_id: int | None = None, data: bytes | None = None, max_attempts: int = 5,
            run_after: dt.datetime | None = None) -> m.Job:
    """Add a job in the caller's transaction (it is queued only if the caller commits)."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}; one of {', '.join(KINDS)}")
    job = m.Job(kind=kind, team_id=team_id, group_id=group_id, payload=audit.canonical(payload), input=data,
                status=m.QUEUED, attempts=0, max_attempts=max_attempts, run_after=run_after or m.utcnow(),
                worker="", result="{}", error="")
    s.add(job)
    s.flush()
    return job


def claim(store: Store, worker: str, kinds: Sequence[str] = KINDS, lease: float = LEASE_SECONDS) -> Claim | None:
    """Take the oldest ready job of ``kinds`` (queued and due, or running with its lease run out)."""
    now = m.utcnow()
    with store.writing() as s:
        q = (select(m.Job).where(m.Job.kind.in_(kinds), or_(
                and_(m.Job.status == m.QUEUED, m.Job.run_after <= now),
                and_(m.Job.status == m.JOB_RUNNING, m.Job.lease_until < now)))
             .order_by(m.Job.id).limit(1).with_for_update(skip_locked=True))
        while True:
            job = s.scalars(q).first()
            if job is None:
                return None
            if job.status != m.JOB_RUNNING:
                break
            _abandoned(s, job, now)
            if job.attempts < job.max_attempts:
                break
            job.status, job.finished = m.JOB_FAILED, now
            job.error = f"its worker stopped {job.attempts} times while working on it (last: {job.worker})"
            s.flush()
        job.status, job.attempts, job.worker = m.JOB_RUNNING, job.attempts + 1, worker
        job.lease_until = now + dt.timedelta(seconds=lease)
        return Claim(job.id, job.kind, job.team_id, job.group_id, job.attempts, worker, json.loads(job.payload),
                     job.input)


def _abandoned(s: Session, job: m.Job, now: dt.datetime) -> None:
    """A job whose worker stopped: a screening it had recorded as running is interrupted (the
    next attempt makes a screening of its own)."""
    if job.kind != "screen" or job.screening_id is None:
        return
    sc = s.get(m.Screening, job.screening_id)
    if sc is not None and sc.status == m.RUNNING:
        sc.status, sc.finished = m.INTERRUPTED, now
        sc.error = f"the worker {job.worker} stopped during screening; job {job.id} was taken again"
        audit.append(s, "system", "screening.interrupted", f"screening:{sc.id}", {"screening": sc.id, "job": job.id},
                     sc.team_id)
    job.screening_id = None


def _mine(c: Claim) -> Any:
    return and_(m.Job.id == c.id, m.Job.status == m.JOB_RUNNING, m.Job.worker == c.worker,
                m.Job.attempts == c.attempt)


def _updated(s: Session, stmt: Any) -> int:
    """Rows an UPDATE changed."""
    return int(cast("CursorResult[Any]", s.execute(stmt)).rowcount)


def complete(s: Session, c: Claim, result: dict[str, Any] | None = None, screening_id: int | None = None) -> None:
    """Mark the job done in the caller's transaction, the one that commits its work; raises
    LeaseLost (rolling the work back) when this attempt no longer holds it."""
    # A screening job's file is kept by its screening from now on: not twice.
    values: dict[str, Any] = {"status": m.DONE, "finished": m.utcnow(), "result": audit.canonical(result or {}),
                              "input": None}
    if screening_id is not None:
        values["screening_id"] = screening_id
    if _updated(s, update(m.Job).where(_mine(c)).values(**values)) != 1:
        raise LeaseLost(f"job {c.id}: attempt {c.attempt} of {c.worker} lost its lease")


def note_screening(s: Session, c: Claim, screening_id: int) -> None:
    """Record the screening a job is making (stored as running first), in the same transaction."""
    if _updated(s, update(m.Job).where(_mine(c)).values(screening_id=screening_id)) != 1:
        raise LeaseLost(f"job {c.id}: attempt {c.attempt} of {c.worker} lost its lease")


def renew(store: Store, c: Claim, lease: float = LEASE_SECONDS) -> bool:
    with store.session() as s:
        until = m.utcnow() + dt.timedelta(seconds=lease)
        return _updated(s, update(m.Job).where(_mine(c)).values(lease_until=until)) == 1


def retry_or_fail(store: Store, c: Claim, error: str, backoff: Sequence[float] = BACKOFF_SECONDS) -> str:
    """After a failed attempt: queued again after a wait, or failed for good; returns the new status."""
    with store.writing() as s:
        job = s.get(m.Job, c.id)
        if job is None or job.status != m.JOB_RUNNING or job.worker != c.worker or job.attempts != c.attempt:
            return job.status if job is not None else "gone"
        job.error = error[:4000]
        if job.attempts >= job.max_attempts:
            job.status, job.finished = m.JOB_FAILED, m.utcnow()
        else:
            wait = backoff[min(job.attempts - 1, len(backoff) - 1)]
            job.status, job.run_after = m.QUEUED, m.utcnow() + dt.timedelta(seconds=wait)
        job.lease_until = None
        return job.status


@contextlib.contextmanager
def _renewing(store: Store, c: Claim, lease: float) -> Iterator[None]:
    """Renew the lease every third of it while the job runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(lease / 3):
            with contextlib.suppress(Exception):  # a database hiccup: the next beat tries again
                if not renew(store, c, lease):
                    return

    t = threading.Thread(target=beat, name=f"lease-{c.id}", daemon=True)
    t.start()
    try:
        yield
    finally:
        stop.set()
        t.join()


Handler = Callable[[Store, Claim], None]


def handlers() -> dict[str, Handler]:
    """Each job kind's handler; each commits its work with ``complete`` in one transaction."""
    from supplyscreen.service import rescreen, webhooks

    return {"screen": run_screening, "rescreen": rescreen.run_task, "webhook": webhooks.run_delivery}


def run_one(store: Store, worker: str, kinds: Sequence[str] = KINDS, lease: float = LEASE_SECONDS) -> Claim | None:
    """Take and do one job; returns it, or None when none was ready."""
    c = claim(store, worker, kinds, lease)
    if c is None:
        return None
    try:
        with _renewing(store, c, lease):
            handlers()[c.kind](store, c)
    except LeaseLost:
        log.warning("job %s: lease lost; another worker has it", c.id)
    except Exception as e:  # a job's failure is recorded on it; the worker goes on with the next
        log.warning("job %s (%s) attempt %s failed: %s", c.id, c.kind, c.attempt, e, exc_info=c.kind != "webhook")
        if retry_or_fail(store, c, f"{type(e).__name__}: {e}") == m.JOB_FAILED and c.kind == "rescreen" \
                and c.group_id is not None:
            from supplyscreen.service import rescreen

            rescreen.after_failure(store, c.group_id)  # the run may be complete without this screening
    return c


def work(store: Store, worker: str | None = None, kinds: Sequence[str] = KINDS, until_idle: bool = False,
         stop: threading.Event | None = None, lease: float = LEASE_SECONDS, poll: float = POLL_SECONDS) -> int:
    """Do jobs until ``stop`` is set (or, with ``until_idle``, until none is ready); returns how many."""
    name = worker or worker_name()
    n = 0
    while stop is None or not stop.is_set():
        if run_one(store, name, kinds, lease) is not None:
            n += 1
            continue
        if until_idle:
            return n
        if stop is not None:
            stop.wait(poll)
        else:
            time.sleep(poll)
    return n


# -- screening jobs ---------------------------------------------------------------------------------


def submit_screening(store: Store, team_id: int, actor: str, user_id: int | None, file_name: str, data: bytes,
                     policy: str, as_of: dt.date | None = None, kind: str | None = None) -> int:
    """Queue a screening for any worker sharing the store; returns the job id."""
    with store.writing() as s:
        job = enqueue(s, "screen", {"actor": actor, "user_id": user_id, "file_name": file_name, "policy": policy,
                                    "as_of": as_of.isoformat() if as_of else None, "kind": kind},
                      team_id=team_id, data=data, max_attempts=3)
        return job.id


def run_screening(store: Store, c: Claim) -> None:
    from supplyscreen.service import screenings

    p = c.payload
    assert c.team_id is not None and c.input is not None, "a screening job has a team and a file"

    def stored(s: Session, row: m.Screening) -> None:
        if row.status == m.RUNNING:
            note_screening(s, c, row.id)
        else:
            complete(s, c, {"screening": row.id, "status": row.status}, screening_id=row.id)

    screenings.screen(store, screenings.Submission(
        c.team_id, p["actor"], p.get("user_id"), p["file_name"], c.input, p["policy"],
        dt.date.fromisoformat(p["as_of"]) if p.get("as_of") else None, p.get("kind"), on_store=stored))


def status(s: Session, team_id: int, job_id: int) -> dict[str, Any]:
    from supplyscreen.service.screenings import NotFound

    job = s.get(m.Job, job_id)
    if job is None or job.team_id != team_id or job.kind != "screen":
        raise NotFound(f"job {job_id}")
    return {"id": job.id, "status": job.status, "attempts": job.attempts, "worker": job.worker,
            "screening_id": job.screening_id if job.status == m.DONE else None, "error": job.error,
            "created": job.created, "finished": job.finished}
