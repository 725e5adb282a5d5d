"""The work queue: jobs taken once, leases that run out, retries with backoff, and two worker
processes sharing one PostgreSQL queue while one of them is killed."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from sqlalchemy import func, select, update

from supplyscreen.service import jobs, users
from supplyscreen.store import models as m

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()
SRC = Path(__file__).resolve().parents[2] / "src"


def _team(store) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        u = users.create_user(s, "red", "officer-red", "correct horse battery", "officer")
        return u.team_id, u.username


def _fleet(n: int) -> bytes:
    """A small file of its own per job, so each screening is told apart by its rows."""
    return MIXED + f"J{n},Cisco Systems,Switch {n},office\n".encode()


def test_a_queued_screening_is_done_once_and_names_its_screening(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    job = jobs.submit_screening(store, team, actor, None, "mixed.csv", MIXED, "us-ndaa-889")
    with store.session() as s:
        assert jobs.status(s, team, job)["status"] == m.QUEUED
    assert jobs.work(store, "w1", until_idle=True) == 1
    assert jobs.work(store, "w1", until_idle=True) == 0
    with store.session() as s:
        st = jobs.status(s, team, job)
        assert (st["status"], st["attempts"], st["worker"]) == (m.DONE, 1, "w1")
        sc = s.get_one(m.Screening, st["screening_id"])
        assert sc.status == m.COMPLETE and sc.team_id == team and sc.file_name == "mixed.csv"
        # Another team does not see the job.
        from supplyscreen.service.screenings import NotFound

        with pytest.raises(NotFound):
            jobs.status(s, team + 1, job)


def test_two_workers_never_take_the_same_job(store) -> None:  # type: ignore[no-untyped-def]
    team, _ = _team(store)
    with store.session() as s:
        for n in range(4):
            jobs.enqueue(s, "screen", {"n": n}, team_id=team, data=b"x")
    taken = [jobs.claim(store, f"w{n % 2}") for n in range(5)]
    ids = [c.id for c in taken if c is not None]
    assert len(ids) == 4 == len(set(ids)) and taken[4] is None


def test_a_lease_that_ran_out_goes_to_another_worker_and_the_first_cannot_finish(store) -> None:  # type: ignore[no-untyped-def]
    team, _ = _team(store)
    with store.session() as s:
        jobs.enqueue(s, "screen", {}, team_id=team, data=b"x")
    first = jobs.claim(store, "w1", lease=0.2)
    assert first is not None and jobs.claim(store, "w2") is None  # leased
    time.sleep(0.3)
    second = jobs.claim(store, "w2")
    assert second is not None and (second.id, second.attempt) == (first.id, 2)
    assert not jobs.renew(store, first)
    with pytest.raises(jobs.LeaseLost), store.session() as s:
        jobs.complete(s, first)
    with store.session() as s:
        jobs.complete(s, second, {"ok": True})
        assert s.get_one(m.Job, first.id).status == m.DONE


def test_a_failing_job_is_retried_after_a_wait_then_failed_with_its_error(store) -> None:  # type: ignore[no-untyped-def]
    team, _ = _team(store)
    with store.session() as s:
        jid = jobs.enqueue(s, "screen", {}, team_id=team, data=b"x", max_attempts=2).id
    c = jobs.claim(store, "w1")
    assert c is not None
    assert jobs.retry_or_fail(store, c, "boom", backoff=(30,)) == m.QUEUED
    assert jobs.claim(store, "w1") is None  # waiting its backoff
    with store.session() as s:
        job = s.get_one(m.Job, jid)
        wait = job.run_after.replace(tzinfo=None) - m.utcnow().replace(tzinfo=None)  # SQLite gives naive UTC
        assert wait > dt.timedelta(seconds=20) and job.error == "boom"
        s.execute(update(m.Job).where(m.Job.id == jid).values(run_after=m.utcnow()))
    c = jobs.claim(store, "w1")
    assert c is not None and c.attempt == 2
    assert jobs.retry_or_fail(store, c, "boom again") == m.JOB_FAILED
    with store.session() as s:
        assert s.get_one(m.Job, jid).error == "boom again"


def test_a_job_whose_workers_keep_dying_is_failed_not_retried_forever(store) -> None:  # type: ignore[no-untyped-def]
    team, _ = _team(store)
    with store.session() as s:
        jid = jobs.enqueue(s, "screen", {}, team_id=team, data=b"x", max_attempts=2).id
    for _ in range(2):
        assert jobs.claim(store, "doomed", lease=0.05) is not None
        time.sleep(0.1)
    assert jobs.claim(store, "w") is None
    with store.session() as s:
        job = s.get_one(m.Job, jid)
        assert job.status == m.JOB_FAILED and "stopped 2 times" in job.error


def test_an_unknown_kind_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown job kind 'mine'"), store.session() as s:
        jobs.enqueue(s, "mine", {})


WORKER = """
import sys
from supplyscreen.service import jobs
from supplyscreen.store import open_store
jobs.work(open_store(sys.argv[1], migrate=False), sys.argv[2], lease=float(sys.argv[3]), poll=0.1)
"""


def test_two_worker_processes_and_a_sigkill_lose_nothing_and_do_nothing_twice(pg_cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.store import open_store

    store = open_store(pg_cluster.new_database())
    team, actor = _team(store)
    n_jobs = 8
    ids = [jobs.submit_screening(store, team, actor, None, f"fleet-{n}.csv", _fleet(n), "us-ndaa-889")
           for n in range(n_jobs)]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    lease = 3.0  # short, so the killed worker's job comes back within the test
    procs = {name: subprocess.Popen([sys.executable, "-c", WORKER, store.url, name, str(lease)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for name in ("victim", "survivor")}
    try:
        # Kill the victim while it holds a job (its first job includes loading the registry: seconds).
        deadline = time.monotonic() + 240
        held = None
        while held is None and time.monotonic() < deadline:
            with store.session() as s:
                held = s.scalar(select(m.Job.id).where(m.Job.worker == "victim", m.Job.status == m.JOB_RUNNING))
            time.sleep(0.05)
        assert held is not None, "the victim never took a job"
        procs["victim"].send_signal(signal.SIGKILL)
        procs["victim"].wait(30)
        while time.monotonic() < deadline:
            with store.session() as s:
                left = s.scalar(select(func.count()).select_from(m.Job).where(m.Job.status != m.DONE))
            if not left:
                break
            time.sleep(0.2)
        assert not left, "jobs were left undone"
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.wait(30)
    with store.session() as s:
        done = list(s.scalars(select(m.Job).where(m.Job.id.in_(ids))))
        complete = list(s.scalars(select(m.Screening).where(m.Screening.status == m.COMPLETE)))
        # Nothing lost: every job done with a complete screening of its own file.
        assert all(j.status == m.DONE for j in done) and len(done) == n_jobs
        assert sorted(sc.file_name for sc in complete) == sorted(f"fleet-{n}.csv" for n in range(n_jobs))
        # Nothing done twice: one complete screening per job, each named by its job.
        assert sorted(j.screening_id for j in done) == sorted(sc.id for sc in complete)
        killed = s.get_one(m.Job, held)
        assert killed.attempts == 2 and killed.worker == "survivor"
        # The screenings' audit records: one completion per screening.
        completions = s.scalar(select(func.count()).select_from(m.AuditRecord)
                               .where(m.AuditRecord.action == "screening.completed"))
        assert completions == n_jobs
    store.close()


def test_the_worker_command_does_the_queued_jobs_and_stops_when_idle(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from supplyscreen.cli import app

    team, actor = _team(sqlite_store)
    job = jobs.submit_screening(sqlite_store, team, actor, None, "mixed.csv", MIXED, "us-ndaa-889")
    r = CliRunner().invoke(app, ["worker", "--db", sqlite_store.url, "--until-idle"])
    assert r.exit_code == 0, r.output
    assert "1 job(s) done" in r.output
    with sqlite_store.session() as s:
        assert jobs.status(s, team, job)["status"] == m.DONE


def test_a_large_screening_left_running_by_a_dead_worker_is_interrupted_and_done_again(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.service import screenings

    monkeypatch.setattr(screenings, "RUNNING_ROW_BYTES", 0)  # every upload is recorded as running first
    team, actor = _team(store)
    jid = jobs.submit_screening(store, team, actor, None, "mixed.csv", MIXED, "us-ndaa-889")
    dead = jobs.claim(store, "dead", lease=0.2)
    assert dead is not None

    def stored(s, row) -> None:  # type: ignore[no-untyped-def]
        if row.status == m.RUNNING:
            jobs.note_screening(s, dead, row.id)
        else:
            raise KeyboardInterrupt  # the process dies before its result commits

    with pytest.raises(KeyboardInterrupt):
        screenings.screen(store, screenings.Submission(team, actor, None, "mixed.csv", MIXED, "us-ndaa-889",
                                                       on_store=stored))
    time.sleep(0.3)
    assert jobs.work(store, "w2", until_idle=True) == 1
    with store.session() as s:
        rows = {sc.status: sc for sc in s.scalars(select(m.Screening))}
        assert sorted(rows) == [m.COMPLETE, m.INTERRUPTED]
        assert f"job {jid} was taken again" in rows[m.INTERRUPTED].error
        assert jobs.status(s, team, jid)["screening_id"] == rows[m.COMPLETE].id
        assert s.scalar(select(func.count()).select_from(m.AuditRecord)
                        .where(m.AuditRecord.action == "screening.interrupted")) == 1
