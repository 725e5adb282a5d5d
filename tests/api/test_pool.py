"""Screening processes: the API hands screenings to them in arrival order; one that dies fails
only the screening it held (left running, it is marked failed with the reason), the others go on,
and a new process takes its place."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.server import create_app
from supplyscreen.service import screenings, users
from supplyscreen.service.pool import PoolStopped, ScreeningPool
from supplyscreen.service.verify import verify_chain
from supplyscreen.store import models as m

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()
PW = "correct horse battery"


def _whose(store: Any) -> tuple[int, str]:
    """Which process ran the job, on which database (a job: the store comes first)."""
    return os.getpid(), str(store.engine.url.database)


def _die(store: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_jobs_run_in_the_screening_processes_on_the_same_store(sqlite_store: Any) -> None:
    pool = ScreeningPool(sqlite_store, 2)
    try:
        started = pool.start()
        assert len(started) == 2 and os.getpid() not in started

        async def some() -> list[tuple[int, str]]:
            return list(await asyncio.gather(*(pool.run(_whose) for _ in range(8))))

        ran = asyncio.run(some())
        assert {pid for pid, _ in ran} <= started
        assert {db for _, db in ran} == {sqlite_store.engine.url.database}
    finally:
        pool.close()


def _die_midway(store: Any, team_id: int) -> None:
    """A large screening recorded as running (and reported so, as screenings.screen does), then its
    process dies (out of memory, say)."""
    from supplyscreen.service.pool import report_running

    with store.writing() as s:
        sc = m.Screening(team_id=team_id, file_name="big.csv", policy="us-ndaa-889", input=b"", status=m.RUNNING)
        s.add(sc)
    report_running(sc.id)
    os.kill(os.getpid(), signal.SIGKILL)


def _running_elsewhere(store: Any, team_id: int) -> None:
    """A screening recorded as running by another process, one that has not died."""
    with store.writing() as s:
        s.add(m.Screening(team_id=team_id, file_name="other.csv", policy="us-ndaa-889", input=b"",
                          status=m.RUNNING))


def test_a_process_that_dies_fails_its_job_and_the_next_job_gets_new_processes(sqlite_store: Any) -> None:

    with sqlite_store.session() as s:
        team = m.Team(name="red")
        s.add(team)
        s.flush()
        team_id = team.id
    pool = ScreeningPool(sqlite_store, 1)
    try:
        pool.start()
        with pytest.raises(PoolStopped, match="submit it again"):
            asyncio.run(pool.run(_die))
        asyncio.run(pool.run(_running_elsewhere, team_id))
        with pytest.raises(PoolStopped, match="killed"):
            asyncio.run(pool.run(_die_midway, team_id))
        with sqlite_store.session() as s:  # what it left running failed, not running forever
            other, big = s.scalars(select(m.Screening).order_by(m.Screening.id)).all()
            assert big.status == m.FAILED and "screening process was killed" in big.error
            assert other.status == m.RUNNING  # another process's screening is not touched
            assert verify_chain(s).ok
        sub = screenings.Submission(team_id, "someone", None, "mixed.csv", MIXED, "us-ndaa-889")
        sid = asyncio.run(pool.run(screenings.submit, sub))
        with sqlite_store.session() as s:
            assert s.get_one(m.Screening, sid).status == m.COMPLETE
    finally:
        pool.close()


def test_the_api_screens_in_its_processes(sqlite_store: Any) -> None:
    with sqlite_store.session() as s:
        users.create_user(s, "red", "officer-red", PW, "officer")
    app = create_app(sqlite_store, web=False, screening_processes=2)
    with TestClient(app) as client:
        assert app.state.screening_pool is not None
        token = client.post("/api/v1/auth/token", json={"username": "officer-red", "password": PW}).json()["token"]
        r = client.post("/api/v1/screenings", headers={"Authorization": f"Bearer {token}"},
                        files={"file": ("mixed.csv", MIXED, "text/csv")})
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["status"] == "complete" and body["decision"] == "exclude"
        got = client.get(f"/api/v1/screenings/{body['id']}", headers={"Authorization": f"Bearer {token}"}).json()
        assert len(got["items"]) == body["summary"]["rows_in"]
        # A bad pack is the caller's error, said the same way as without processes.
        bad = client.post("/api/v1/screenings", headers={"Authorization": f"Bearer {token}"},
                          data={"policy": "no-such-pack"}, files={"file": ("mixed.csv", MIXED, "text/csv")})
        assert bad.status_code == 422 and "unknown policy" in bad.text
    assert app.state.screening_pool is None
