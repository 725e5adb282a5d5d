"""A team's webhooks: alerts POSTed as signed JSON a chat tool can show, retried with backoff, every
attempt in the delivery log."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from supplyscreen.service import jobs, rescreen, screenings, users, webhooks
from supplyscreen.service.errors import Invalid
from supplyscreen.store import models as m

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()


@contextmanager
def receiver(fail_first: int = 0) -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    """A local HTTP endpoint that answers 500 to the first ``fail_first`` POSTs, then 204."""
    got: list[tuple[dict[str, str], bytes]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(500 if len(got) <= fail_first else 204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/hook", got
    finally:
        srv.shutdown()
        srv.server_close()


def _alerted_team(store) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        u = users.create_user(s, "red", "admin-red", "correct horse battery", "admin")
        team, actor = u.team_id, u.username
    screenings.submit(store, screenings.Submission(team, actor, None, "mixed.csv", MIXED, "us-ndaa-889",
                                                   as_of=dt.date(2022, 1, 1)))
    return team, actor


def _due_now(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        s.execute(update(m.Job).where(m.Job.status == m.QUEUED).values(run_after=m.utcnow()))


def test_an_alert_is_delivered_signed_after_retries_and_logged(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    store = sqlite_store
    team, actor = _alerted_team(store)
    with receiver(fail_first=2) as (url, got):
        hook, secret = webhooks.create(store, team, url, actor)
        run = rescreen.start(store, actor, "Dahua sold Lorex")
        for _ in range(3):
            jobs.work(store, "w", until_idle=True)
            _due_now(store)
    assert len(got) == 3
    headers, body = got[-1]
    assert webhooks.verify(secret, body, headers[webhooks.SIGNATURE_HEADER.lower()])
    assert not webhooks.verify("another secret", body, headers[webhooks.SIGNATURE_HEADER.lower()])
    doc = json.loads(body)
    changed = rescreen.changes(store, run, team)
    assert doc["event"] == "rescreen.alert" and doc["alert"]["changed"] == len(changed) > 0
    assert f"changed {len(changed)} stored decision(s)" in doc["text"] and "Dahua sold Lorex" in doc["text"]
    assert {i["ref"] for i in doc["items"]} <= {c["ref"] for c in changed}
    assert all(i["was_reason"] and i["now_reason"] for i in doc["items"])
    assert headers["x-supplyscreen-delivery"] == doc["delivery"]
    with store.session() as s:
        log = webhooks.listed(s, team)[0]["deliveries"]
        assert [(d["attempt"], d["ok"], d["status_code"]) for d in reversed(log)] == [
            (1, False, 500), (2, False, 500), (3, True, 204)]
        assert log[-1]["next_try"] is not None and log[0]["next_try"] is None
        job = s.scalars(select(m.Job).where(m.Job.kind == "webhook")).one()
        assert job.status == m.DONE and job.attempts == 3
        assert hook == webhooks.listed(s, team)[0]["id"]


def test_a_receiver_that_never_answers_is_given_up_after_the_last_attempt(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    store = sqlite_store
    team, actor = _alerted_team(store)
    with receiver() as (url, _):
        dead = url  # the port closes with the server: nothing listens there any more
    webhooks.create(store, team, dead, actor)
    rescreen.start(store, actor, "test")
    for _ in range(webhooks.ATTEMPTS + 1):
        jobs.work(store, "w", until_idle=True)
        _due_now(store)
    with store.session() as s:
        log = webhooks.listed(s, team)[0]["deliveries"]
        assert len(log) == webhooks.ATTEMPTS and not any(d["ok"] for d in log)
        assert all("no answer" in d["error"] for d in log) and log[0]["next_try"] is None
        assert s.scalars(select(m.Job).where(m.Job.kind == "webhook")).one().status == m.JOB_FAILED


def test_a_turned_off_webhook_is_not_called(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    store = sqlite_store
    team, actor = _alerted_team(store)
    with receiver() as (url, got):
        hook, _ = webhooks.create(store, team, url, actor)
        webhooks.deactivate(store, team, hook, actor)
        rescreen.start(store, actor, "test")
        jobs.work(store, "w", until_idle=True)
    assert got == []


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "example.org/hook", "http://"])
def test_a_url_that_is_not_http_is_refused(sqlite_store, url: str) -> None:  # type: ignore[no-untyped-def]
    with sqlite_store.session() as s:
        team = users.team(s, "red").id
    with pytest.raises(Invalid, match="http:// or https://"):
        webhooks.create(sqlite_store, team, url, "admin")


@given(st.binary(max_size=2000), st.text(min_size=1, max_size=80), st.integers(min_value=0, max_value=1999))
def test_any_change_to_a_signed_body_fails_verification(body: bytes, secret: str, at: int) -> None:
    header = webhooks.sign(secret, body)
    assert webhooks.verify(secret, body, header)
    if body:
        i = at % len(body)
        changed = body[:i] + bytes([body[i] ^ 1]) + body[i + 1:]
        assert not webhooks.verify(secret, changed, header)
    assert not webhooks.verify(secret + "x", body, header)
