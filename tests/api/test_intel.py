"""Events and alerts through the API: articles in, events, timeline, alerts on stored screenings;
roles, team isolation, and what an article upload may not contain."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

from fastapi.testclient import TestClient

from supplyscreen.server import create_app
from supplyscreen.service import users

INTEL = Path(__file__).parent.parent / "assets" / "intel"
PW = "correct horse battery"
TYPES = {".txt": "text/plain", ".html": "text/html", ".xml": "application/rss+xml"}
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss><channel><title>&b;</title><item><title>&b;</title></item></channel></rss>"""


@pytest.fixture
def api(sqlite_store):  # type: ignore[no-untyped-def]
    with sqlite_store.session() as s:
        for team in ("red", "blue"):
            for role in ("viewer", "officer", "reviewer"):
                users.create_user(s, team, f"{role}-{team}", PW, role)
    with TestClient(create_app(sqlite_store, web=False)) as client:
        yield client


def auth(client: TestClient, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.post('/api/v1/auth/token', json={'username': who, 'password': PW}).json()['token']}"}


def articles() -> list[tuple[str, tuple[str, bytes, str]]]:
    files = [*sorted(p for p in (INTEL / "batch").iterdir() if p.name != "empty.txt"), INTEL / "feed.xml"]
    return [("files", (p.name, p.read_bytes(), TYPES.get(p.suffix, "text/plain"))) for p in files]


def test_articles_become_events_a_timeline_and_alerts(api: TestClient) -> None:
    officer, viewer = auth(api, "officer-red"), auth(api, "viewer-red")
    r = api.post("/api/v1/intel/articles", headers=officer, files=articles())
    assert r.status_code == 201, r.text
    body = r.json()
    assert len(body["added"]) == 8 and body["already_stored"] == 0 and body["events"] == 5
    errors = {a["file_name"]: a["error"] for a in body["added"]}
    assert errors["picture.txt"].startswith("binary file") and errors["alpha_2031-03-04.txt"] == ""
    # The same files again add nothing.
    again = api.post("/api/v1/intel/articles", headers=officer, files=articles()[:2]).json()
    assert again["added"] == [] and again["already_stored"] == 2

    events = api.get("/api/v1/intel/events", headers=viewer).json()
    assert [e["jurisdiction"] for e in events] == ["AU", "CA", "US", "SE", "US"]
    ca = events[1]
    assert ca["corroboration"] == 3 and {t["entity_id"] for t in ca["targets"]} == {"huawei", "zte"}
    assert {s["file_name"] for s in ca["sources"]} >= {"alpha_2031-03-04.txt", "beta_2031-03-05.html"}
    assert api.get(f"/api/v1/intel/events/{ca['id']}", headers=viewer).json() == ca
    assert [e["id"] for e in api.get("/api/v1/intel/events", headers=viewer,
                                     params={"entity": "zte"}).json()] == [ca["id"]]
    assert [e["jurisdiction"] for e in api.get("/api/v1/intel/events", headers=viewer,
                                               params={"measure": "entity_listing"}).json()] == ["US"]  # the Covered List addition
    timeline = api.get("/api/v1/intel/timeline", headers=viewer).json()
    assert [row["jurisdiction"] for row in timeline] == ["AU", "CA", "SE", "US"]
    assert [e["date"] for e in timeline[3]["events"]] == ["2031-03-28", "2031-07-07"]

    assert api.get("/api/v1/intel/alerts", headers=viewer).json() == []  # nothing screened yet
    watch = api.post("/api/v1/screenings", headers=officer,
                     files={"file": ("watch.csv", (INTEL / "watch.csv").read_bytes(), "text/csv")}).json()
    alerts = api.get("/api/v1/intel/alerts", headers=viewer).json()
    touched = {a["event"]: {i["ref"] for i in a["items"]} for a in alerts}
    assert touched[ca["id"]] == {"3"} and len(alerts) == 4
    assert all(i["screening"] == watch["id"] for a in alerts for i in a["items"])
    assert "Huawei" in next(a["reason"] for a in alerts if a["event"] == ca["id"])
    assert api.get("/api/v1/intel/alerts", headers=viewer, params={"screening": watch["id"]}).json() == alerts

    adm = api.get("/api/v1/audit/verify", headers=auth(api, "reviewer-red"))
    assert adm.status_code == 403  # verify is for admins; the chain itself is checked in the store tests


def test_roles_and_teams(api: TestClient) -> None:
    red = auth(api, "officer-red")
    assert api.post("/api/v1/intel/articles", headers=auth(api, "viewer-red"), files=articles()[:1]).status_code == 403
    added = api.post("/api/v1/intel/articles", headers=red, files=articles()).json()["added"]
    key = api.get("/api/v1/intel/events", headers=red).json()[0]["id"]
    sid = api.post("/api/v1/screenings", headers=red,
                   files={"file": ("watch.csv", (INTEL / "watch.csv").read_bytes(), "text/csv")}).json()["id"]
    blue = auth(api, "reviewer-blue")
    assert api.get("/api/v1/intel/events", headers=blue).json() == []
    assert api.get("/api/v1/intel/articles", headers=blue).json() == []
    assert api.get("/api/v1/intel/timeline", headers=blue).json() == []
    assert api.get("/api/v1/intel/alerts", headers=blue).json() == []
    assert api.get(f"/api/v1/intel/events/{key}", headers=blue).status_code == 404
    assert api.get("/api/v1/intel/alerts", headers=blue, params={"screening": sid}).status_code == 404
    assert api.delete(f"/api/v1/intel/articles/{added[0]['id']}", headers=blue).status_code == 404
    # Deleting is the reviewer's; the events follow the articles.
    assert api.delete(f"/api/v1/intel/articles/{added[0]['id']}", headers=red).status_code == 403
    su = auth(api, "reviewer-red")
    for a in added:
        assert api.delete(f"/api/v1/intel/articles/{a['id']}", headers=su).status_code == 204
    assert api.get("/api/v1/intel/events", headers=red).json() == []


@pytest.mark.parametrize(("name", "data", "ctype", "code"), [
    ("laughs.xml", BOMB, "application/rss+xml", 422),
    ("evil.rss", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
     "application/xml", 422),
    ("paper.pdf", b"%PDF-1.4", "application/pdf", 415),
    ("notes.exe", b"Huawei was banned.", "application/octet-stream", 415),
    ("empty.txt", b"  \n", "text/plain", 422),
    ("big.txt", b"x" * 5_000_001, "text/plain", 413),
])
def test_article_uploads_are_checked(api: TestClient, name: str, data: bytes, ctype: str, code: int) -> None:
    r = api.post("/api/v1/intel/articles", headers=auth(api, "officer-red"), files=[("files", (name, data, ctype))])
    assert r.status_code == code, r.text
    assert api.get("/api/v1/intel/articles", headers=auth(api, "viewer-red")).json() == []


def test_an_article_name_is_never_a_path(api: TestClient) -> None:
    r = api.post("/api/v1/intel/articles", headers=auth(api, "officer-red"),
                 files=[("files", ("../../etc/alpha_2031-03-04.txt", (INTEL / "batch" / "alpha_2031-03-04.txt").read_bytes(),
                                   "text/plain"))])
    assert r.status_code == 201 and r.json()["added"][0]["file_name"] == "alpha_2031-03-04.txt"
