"""Administration over the API: teams, users (invite, role, deactivate, password), API tokens
(create with expiry, list, revoke); each change audited; admin only; a team's administrator
cannot reach another team. And the guards in front of every request: failed logins audited and
throttled per address, no body read before authentication, security headers, offline docs."""

from __future__ import annotations

import socket
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient
from sqlalchemy import select

from supplyscreen.api.deps import TrustedTokens
from supplyscreen.server import create_app
from supplyscreen.service import users
from supplyscreen.service.limits import Limits
from supplyscreen.service.verify import verify_chain
from supplyscreen.store import models as m

PW = "correct horse battery"


@pytest.fixture
def api(sqlite_store):  # type: ignore[no-untyped-def]
    with sqlite_store.session() as s:
        for team in ("red", "blue"):
            for role in ("viewer", "officer", "admin"):
                users.create_user(s, team, f"{role}-{team}", PW, role)
    app = create_app(sqlite_store, web=False, upload_limit=64 * 1024)
    app.state.trusted_tokens = TrustedTokens(seconds=0)  # a revoked token stops at once, for the test
    with TestClient(app) as client:
        yield client


def auth(client: TestClient, who: str, password: str = PW) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": who, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def actions(store: Any) -> list[tuple[str, str]]:
    with store.session() as s:
        return [(r.action, r.actor) for r in s.scalars(select(m.AuditRecord).order_by(m.AuditRecord.seq))]


def test_an_admin_invites_changes_a_role_deactivates_and_each_is_audited(api: TestClient, sqlite_store: Any) -> None:
    h = auth(api, "admin-red")
    r = api.post("/api/v1/admin/users", headers=h, json={"username": "new-red", "role": "officer"})
    assert r.status_code == 201, r.text
    new = r.json()
    temporary = new["password"]
    assert len(temporary) >= 16 and new["user"]["role"] == "officer"
    mine = auth(api, "new-red", temporary)  # the temporary password works
    assert api.get("/api/v1/screenings", headers=mine).status_code == 200
    listed = {u["username"]: u for u in api.get("/api/v1/admin/users", headers=h).json()}
    assert set(listed) == {"viewer-red", "officer-red", "admin-red", "new-red"}  # own team only
    uid = new["user"]["id"]
    assert api.patch(f"/api/v1/admin/users/{uid}", headers=h, json={"role": "viewer"}).json()["role"] == "viewer"
    assert api.post("/api/v1/screenings", headers=mine, files={"file": ("a.csv", b"vendor\nAcme\n", "text/csv")}
                    ).status_code == 403  # the new role holds at once
    assert api.patch(f"/api/v1/admin/users/{uid}", headers=h, json={"active": False}).json()["active"] is False
    assert api.get("/api/v1/screenings", headers=mine).status_code == 401  # every token stopped
    assert api.post("/api/v1/auth/token", json={"username": "new-red", "password": temporary}).status_code == 401
    done = actions(sqlite_store)
    for action in ("user.created", "user.role_changed", "user.deactivated"):
        assert (action, "admin-red") in done
    with sqlite_store.session() as s:
        assert verify_chain(s).ok  # the role and the deactivation verify against their records


def test_password_reset_by_an_admin_and_changed_by_its_user(api: TestClient, sqlite_store: Any) -> None:
    h = auth(api, "admin-red")
    uid = next(u["id"] for u in api.get("/api/v1/admin/users", headers=h).json() if u["username"] == "viewer-red")
    reset = api.post(f"/api/v1/admin/users/{uid}/password", headers=h, json={})
    assert reset.status_code == 200, reset.text
    temp = reset.json()["password"]
    assert api.post("/api/v1/auth/token", json={"username": "viewer-red", "password": PW}).status_code == 401
    mine = auth(api, "viewer-red", temp)
    wrong = api.post("/api/v1/me/password", headers=mine, json={"current": "not it", "new": "a new one 123"})
    assert wrong.status_code == 422 and "current password is wrong" in wrong.text
    ok = api.post("/api/v1/me/password", headers=mine, json={"current": temp, "new": "a new one 123"})
    assert ok.status_code == 204, ok.text
    auth(api, "viewer-red", "a new one 123")
    done = actions(sqlite_store)
    assert ("password.reset", "admin-red") in done and ("password.changed", "viewer-red") in done


def test_tokens_are_created_with_an_expiry_listed_and_revoked(api: TestClient, sqlite_store: Any) -> None:
    h = auth(api, "admin-red")
    r = api.post("/api/v1/admin/tokens", headers=h, json={"name": "ci pipeline", "days": 30})
    assert r.status_code == 201, r.text
    made = r.json()
    expires = made["expires"]
    assert made["state"] == "live" and expires and made["token"].startswith("sst_")
    pipeline = {"Authorization": f"Bearer {made['token']}"}
    assert api.get("/api/v1/screenings", headers=pipeline).status_code == 200
    listed = api.get("/api/v1/admin/tokens", headers=h).json()
    assert made["id"] in [t["id"] for t in listed] and "token" not in listed[0]  # never shown again
    assert api.post("/api/v1/admin/tokens", headers=h, json={"name": "forever", "days": 5000}).status_code == 422
    assert api.post(f"/api/v1/admin/tokens/{made['id']}/revoke", headers=h).json()["state"] == "revoked"
    assert api.get("/api/v1/screenings", headers=pipeline).status_code == 401
    assert ("token.revoked", "admin-red") in actions(sqlite_store)


def test_a_token_past_its_expiry_stops_working(api: TestClient, sqlite_store: Any) -> None:
    h = auth(api, "admin-red")
    made = api.post("/api/v1/admin/tokens", headers=h, json={"name": "short", "days": 1}).json()
    with sqlite_store.session() as s:
        t = s.get_one(m.Token, made["id"])
        t.expires = m.utcnow() - users.dt.timedelta(seconds=1)
    assert api.get("/api/v1/screenings", headers={"Authorization": f"Bearer {made['token']}"}).status_code == 401
    assert next(t for t in api.get("/api/v1/admin/tokens", headers=h).json() if t["id"] == made["id"])["state"] == "expired"


def test_teams_are_created_with_their_first_admin_and_listed(api: TestClient, sqlite_store: Any) -> None:
    h = auth(api, "admin-red")
    r = api.post("/api/v1/admin/teams", headers=h, json={"name": "green", "admin_username": "admin-green"})
    assert r.status_code == 201, r.text
    green = auth(api, "admin-green", r.json()["password"])
    assert [u["username"] for u in api.get("/api/v1/admin/users", headers=green).json()] == ["admin-green"]
    assert {t["name"] for t in api.get("/api/v1/admin/teams", headers=h).json()} == {"red", "blue", "green"}
    assert api.post("/api/v1/admin/teams", headers=h, json={"name": "green", "admin_username": "x"}).status_code == 422
    assert ("team.created", "admin-red") in actions(sqlite_store)


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", "/api/v1/admin/users", None), ("post", "/api/v1/admin/users", {"username": "x", "role": "viewer"}),
    ("patch", "/api/v1/admin/users/1", {"role": "admin"}), ("post", "/api/v1/admin/users/1/password", {}),
    ("get", "/api/v1/admin/tokens", None), ("post", "/api/v1/admin/tokens", {"name": "x", "days": 1}),
    ("post", "/api/v1/admin/tokens/1/revoke", None), ("get", "/api/v1/admin/teams", None),
    ("post", "/api/v1/admin/teams", {"name": "x", "admin_username": "y"}),
])
def test_only_admins_administer(api: TestClient, method: str, path: str, body: Any) -> None:
    for who in ("viewer-red", "officer-red"):
        r = api.request(method.upper(), path, headers=auth(api, who), json=body)
        assert r.status_code == 403 and "admin role" in r.text, (who, r.text)


def test_an_admin_cannot_touch_another_team(api: TestClient) -> None:
    blue = auth(api, "admin-blue")
    blue_token = api.post("/api/v1/admin/tokens", headers=blue, json={"name": "blue ci", "days": 5}).json()
    red = auth(api, "admin-red")
    blue_user = next(u["id"] for u in api.get("/api/v1/admin/users", headers=blue).json()
                     if u["username"] == "viewer-blue")
    assert api.patch(f"/api/v1/admin/users/{blue_user}", headers=red, json={"active": False}).status_code == 404
    assert api.patch(f"/api/v1/admin/users/{blue_user}", headers=red, json={"role": "admin"}).status_code == 404
    assert api.post(f"/api/v1/admin/users/{blue_user}/password", headers=red, json={}).status_code == 404
    assert api.post(f"/api/v1/admin/tokens/{blue_token['id']}/revoke", headers=red).status_code == 404
    assert blue_token["id"] not in [t["id"] for t in api.get("/api/v1/admin/tokens", headers=red).json()]
    assert api.get("/api/v1/screenings", headers={"Authorization": f"Bearer {blue_token['token']}"}).status_code == 200


def test_a_team_keeps_an_active_administrator(api: TestClient) -> None:
    h = auth(api, "admin-red")
    me = next(u["id"] for u in api.get("/api/v1/admin/users", headers=h).json() if u["username"] == "admin-red")
    for change in ({"role": "viewer"}, {"active": False}):
        r = api.patch(f"/api/v1/admin/users/{me}", headers=h, json=change)
        assert r.status_code == 422 and "last active administrator" in r.text


def test_failed_logins_are_audited_and_throttled_per_address(sqlite_store: Any) -> None:
    with sqlite_store.session() as s:
        users.create_user(s, "red", "admin-red", PW, "admin")
    app = create_app(sqlite_store, web=True, limits=Limits(address_rate=0.01, address_burst=5))
    with TestClient(app) as client:
        for i in range(5):  # five different names from one address: the per-name limit never bites
            assert client.post("/api/v1/auth/token", json={"username": f"guess{i}", "password": "x"}).status_code == 401
        r = client.post("/api/v1/auth/token", json={"username": "admin-red", "password": PW})
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
        web = client.post("/login", data={"username": "admin-red", "password": PW}, follow_redirects=False)
        assert web.status_code == 429 and "Too many logins" in web.text
    with sqlite_store.session() as s:
        failed = [r for r in s.scalars(select(m.AuditRecord).where(m.AuditRecord.action == "login.failed"))]
    assert [f.payload.count("guess") for f in failed] == [1] * 5 and all('"via":"api"' in f.payload for f in failed)


def test_a_failed_web_login_is_audited(sqlite_store: Any) -> None:
    with TestClient(create_app(sqlite_store)) as client:
        assert client.post("/login", data={"username": "nobody", "password": "x"}).status_code == 401
    assert ("login.failed", "anonymous") in actions(sqlite_store)


def _raw(base: str, head: str, body: bytes = b"") -> str:
    """Send a request's head (and the start of its body) and read the answer, never sending the rest."""
    u = urlsplit(base)
    with socket.create_connection((u.hostname, u.port), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        got = b""
        while b"\r\n\r\n" not in got:
            chunk = sock.recv(65536)
            if not chunk:
                break
            got += chunk
    return got.decode("latin-1")


def test_no_body_is_read_before_authentication_nor_past_the_limit(sqlite_store: Any) -> None:
    from service_fixtures import live_app

    with sqlite_store.session() as s:
        users.create_user(s, "red", "officer-red", PW, "officer")
        token = users.issue_token(s, s.scalar(select(m.User)), "api", "t")
    gib = 1 << 30
    with live_app(sqlite_store) as base:
        t0 = time.monotonic()
        # A 1 GiB upload announced, 1 KiB sent: the answer comes at once, not after a gigabyte.
        head = (f"POST /api/v1/screenings HTTP/1.1\r\nHost: x\r\nContent-Length: {gib}\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\n\r\n")
        assert _raw(base, head, b"x" * 1024).startswith("HTTP/1.1 401")
        web = head.replace("/api/v1/screenings", "/screenings")
        assert _raw(base, web, b"x" * 1024).startswith("HTTP/1.1 303")  # to the login page
        signed = head.replace("Host: x\r\n", f"Host: x\r\nAuthorization: Bearer {token}\r\n")
        answer = _raw(base, signed, b"x" * 1024)
        assert answer.startswith("HTTP/1.1 413") and "over the limit" in answer
        assert time.monotonic() - t0 < 10


def test_every_response_carries_the_security_headers(api: TestClient) -> None:
    for r in (api.get("/api/v1/screenings"), api.get("/docs"), api.get("/openapi.json"),
              api.get("/api/v1/screenings", headers=auth(api, "viewer-red"))):
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"


def test_the_api_docs_load_nothing_from_another_origin(api: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = api.get(page).text
        assert "http://" not in html and "https://" not in html and "<script>" not in html
        for src in [part.split('"')[1] for part in html.split("src=")[1:]]:
            assert src.startswith("/") and api.get(src).status_code == 200, src
