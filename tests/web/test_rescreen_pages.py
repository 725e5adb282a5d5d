"""The alert, registry update and webhook pages: roles, CSRF, and a diff a person can read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.server import create_app
from supplyscreen.service import jobs, rescreen, screenings, users

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()
PW = "correct horse battery"


@pytest.fixture
def web(sqlite_store, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SUPPLYSCREEN_HOME", str(tmp_path / "home"))
    with sqlite_store.session() as s:
        users.create_user(s, "ops", "root", PW, "admin")  # the service's own team: made first
        users.create_user(s, "red", "ada", PW, "admin")
        users.create_user(s, "red", "vic", PW, "viewer")
    with TestClient(create_app(sqlite_store)) as client:
        client.store = sqlite_store  # type: ignore[attr-defined]
        yield client


def login(client: TestClient, who: str) -> str:
    client.cookies.clear()
    r = client.post("/login", data={"username": who, "password": PW})
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', r.text).group(1)  # type: ignore[union-attr]


def test_a_team_sees_its_alert_with_was_and_now_and_both_reasons(web: TestClient) -> None:
    st = web.store  # type: ignore[attr-defined]
    with st.session() as s:
        red = users.team(s, "red").id
    screenings.submit(st, screenings.Submission(red, "ada", None, "mixed.csv", MIXED, "us-ndaa-889",
                                                as_of=dt.date(2022, 1, 1)))
    csrf = login(web, "root")
    assert web.post("/rescreens", data={"csrf": csrf, "reason": "pack revised"}, follow_redirects=False).status_code == 303
    jobs.work(st, "w", until_idle=True)
    csrf = login(web, "vic")
    page = web.get("/alerts")
    assert 'href="/alerts"' in page.text and "pack revised" in page.text
    with st.session() as s:
        alert = rescreen.alerts(s, red)[0]
    one = web.get(f"/alerts/{alert['id']}")
    assert one.status_code == 200
    change = rescreen.changes(st, alert["run"], red)[0]
    for text in (change["ref"], change["was"]["final_decision"], change["now"]["final_decision"]):
        assert text in one.text
    # Reasons are shown as written (escaped as the templates escape).
    from markupsafe import escape

    assert str(escape(change["was"]["reason"])) in one.text and str(escape(change["now"]["reason"])) in one.text
    assert web.post(f"/alerts/{alert['id']}/seen", data={"csrf": "forged"}).status_code == 400
    assert web.post(f"/alerts/{alert['id']}/seen", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert "Seen by vic" in web.get(f"/alerts/{alert['id']}").text
    login(web, "root")  # another team
    assert web.get(f"/alerts/{alert['id']}").status_code == 404


def test_only_a_service_admin_reaches_the_registry_update(web: TestClient) -> None:
    login(web, "ada")  # a team's admin, not the service's
    assert web.get("/registry/update").status_code == 403
    csrf = login(web, "root")
    page = web.get("/registry/update")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    r = web.post("/registry/update", data={"csrf": csrf},
                 files=[("files", ("entity-list-2027.csv", b"x\n", "text/csv"))])
    assert r.status_code == 422 and "no raw list is named" in r.text


def test_a_team_admin_adds_a_webhook_and_sees_its_secret_once(web: TestClient) -> None:
    login(web, "vic")
    assert web.get("/webhooks").status_code == 403
    csrf = login(web, "ada")
    r = web.post("/webhooks", data={"csrf": csrf, "url": "https://chat.example.org/hooks/x"})
    assert r.status_code == 201
    secret = re.search(r'<code class="secret">([0-9a-f]{64})</code>', r.text).group(1)  # type: ignore[union-attr]
    again = web.get("/webhooks")
    assert "https://chat.example.org/hooks/x" in again.text and secret not in again.text
    bad = web.post("/webhooks", data={"csrf": csrf, "url": "javascript:alert(1)"})
    assert bad.status_code == 422 and "http:// or https://" in bad.text
