"""The web pages through TestClient: log in, upload, review, audit trail; CSRF and roles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.server import create_app
from supplyscreen.service import users

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()
PW = "correct horse battery"


@pytest.fixture
def web(sqlite_store):  # type: ignore[no-untyped-def]
    with sqlite_store.session() as s:
        users.create_user(s, "red", "rita", PW, "reviewer")
        users.create_user(s, "red", "vic", PW, "viewer")
        users.create_user(s, "blue", "bob", PW, "admin")
    with TestClient(create_app(sqlite_store)) as client:
        yield client


def login(client: TestClient, who: str) -> str:
    r = client.post("/login", data={"username": who, "password": PW})
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', r.text).group(1)  # type: ignore[union-attr]


def test_pages_need_a_login(web: TestClient) -> None:
    r = web.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert web.post("/login", data={"username": "rita", "password": "x"}).status_code == 401


def test_upload_review_and_audit_trail(web: TestClient) -> None:
    csrf = login(web, "rita")
    r = web.post("/screenings", data={"csrf": csrf, "policy": "us-ndaa-889"},
                 files={"file": ("mixed.csv", MIXED, "text/csv")})
    assert r.status_code == 200 and "Screening #" in r.text and "Huawei Technologies" in r.text
    sid = int(str(r.url).rsplit("/", 1)[1])
    queue = web.get("/queue").text
    item = int(re.search(r'action="/items/(\d+)/review"', queue).group(1))  # type: ignore[union-attr]
    r = web.post(f"/items/{item}/review", data={"csrf": csrf, "action": "confirm", "reason": "dock camera",
                                                 "back": "/queue"})
    assert r.status_code == 200
    assert "dock camera" in web.get(f"/items/{item}").text
    trail = web.get("/audit").text
    assert "review.confirm" in trail and "The hash chain verifies" in trail
    assert web.get(f"/screenings/{sid}/export.csv").headers["content-type"].startswith("text/csv")
    assert "Designations" in web.get("/entities/huawei").text


def test_forms_need_the_csrf_token(web: TestClient) -> None:
    login(web, "rita")
    r = web.post("/screenings", data={"csrf": "forged"}, files={"file": ("mixed.csv", MIXED, "text/csv")})
    assert r.status_code == 400


def test_viewer_cannot_upload_or_see_the_audit_trail(web: TestClient) -> None:
    csrf = login(web, "vic")
    r = web.post("/screenings", data={"csrf": csrf}, files={"file": ("mixed.csv", MIXED, "text/csv")})
    assert r.status_code == 403
    assert web.get("/audit").status_code == 403


def test_another_teams_pages_are_not_found(web: TestClient) -> None:
    csrf = login(web, "rita")
    r = web.post("/screenings", data={"csrf": csrf}, files={"file": ("mixed.csv", MIXED, "text/csv")})
    sid = int(str(r.url).rsplit("/", 1)[1])
    web.cookies.clear()
    login(web, "bob")
    assert web.get(f"/screenings/{sid}").status_code == 404
    assert "mixed.csv" not in web.get("/").text


def test_events_page_timeline_alerts_and_articles(web: TestClient) -> None:
    intel = Path(__file__).parent.parent / "assets" / "intel"
    csrf = login(web, "rita")
    assert web.post("/screenings", data={"csrf": csrf},
                    files={"file": ("watch.csv", (intel / "watch.csv").read_bytes(), "text/csv")}).status_code == 200
    files = [("files", (p.name, p.read_bytes(), "text/plain"))
             for p in sorted((intel / "batch").iterdir()) if p.name.startswith(("alpha", "beta", "delta"))]
    assert web.post("/events/articles", data={"csrf": "forged"}, files=files).status_code == 400
    r = web.post("/events/articles", data={"csrf": csrf}, files=files)
    assert r.status_code == 200 and str(r.url).endswith("/events")
    assert "<svg" in r.text and "<circle" in r.text  # the timeline chart
    assert "touches 1 screened item(s)" in r.text and 'href="/items/' in r.text  # an alert with its item
    assert "alpha_2031-03-04.txt" in r.text
    # Another team sees none of it; a viewer sees it but has no upload form.
    login(web, "bob")
    other = web.get("/events").text
    assert "alpha_2031-03-04.txt" not in other and "No events yet" in other
    login(web, "vic")
    seen = web.get("/events").text
    assert "alpha_2031-03-04.txt" in seen and 'action="/events/articles"' not in seen
    article = int(re.search(r'/events/articles/(\d+)/delete', r.text).group(1))  # type: ignore[union-attr]
    assert web.post(f"/events/articles/{article}/delete", data={"csrf": "x"}).status_code == 403


def test_uploads_share_the_sessions_submission_limit(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.service.limits import Limits

    with sqlite_store.session() as s:
        users.create_user(s, "red", "olga", PW, "officer")
    with TestClient(create_app(sqlite_store, limits=Limits(submit_rate=0.01, submit_burst=1))) as client:
        csrf = login(client, "olga")
        files = {"file": ("mixed.csv", MIXED, "text/csv")}
        assert client.post("/screenings", data={"csrf": csrf}, files=files).status_code == 200
        r = client.post("/screenings", data={"csrf": csrf}, files=files)
        assert r.status_code == 429 and "Too many submissions" in r.text and int(r.headers["Retry-After"]) >= 1
