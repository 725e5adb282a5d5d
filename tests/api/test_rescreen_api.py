"""The API of the work queue, registry updates, portfolio re-screens, alerts and webhooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.registry import build
from supplyscreen.server import create_app
from supplyscreen.service import jobs, screenings, users

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()
PW = "correct horse battery"
COVERED = "us-fcc-covered-list-and-ndaa-889/covered_list_entities.csv"


@pytest.fixture
def api(sqlite_store, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SUPPLYSCREEN_HOME", str(tmp_path / "home"))
    with sqlite_store.session() as s:
        for team in ("red", "blue"):  # red is the service's own team: made first
            for role in ("viewer", "officer", "admin"):
                users.create_user(s, team, f"{role}-{team}", PW, role)
    with TestClient(create_app(sqlite_store, web=False)) as client:
        client.store = sqlite_store  # type: ignore[attr-defined]
        yield client


def auth(client: TestClient, who: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": who, "password": PW})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_a_queued_screening_is_done_by_a_worker_and_found_by_its_job(api: TestClient) -> None:
    h = auth(api, "officer-red")
    r = api.post("/api/v1/jobs/screenings", headers=h, files={"file": ("mixed.csv", MIXED, "text/csv")})
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    assert api.get(f"/api/v1/jobs/{job}", headers=h).json()["status"] == "queued"
    jobs.work(api.store, "w", until_idle=True)  # type: ignore[attr-defined]
    done = api.get(f"/api/v1/jobs/{job}", headers=h).json()
    assert done["status"] == "done" and done["attempts"] == 1
    sc = api.get(f"/api/v1/screenings/{done['screening_id']}", headers=h).json()
    assert sc["status"] == "complete" and len(sc["items"]) > 0
    assert api.get(f"/api/v1/jobs/{job}", headers=auth(api, "officer-blue")).status_code == 404
    bad = api.post("/api/v1/jobs/screenings", headers=h, files={"file": ("x.csv", MIXED, "text/csv")},
                   data={"policy": "no-such-pack"})
    assert bad.status_code == 422 and "unknown policy" in bad.text


def test_a_rescreen_alerts_the_team_whose_decisions_changed(api: TestClient) -> None:
    st = api.store  # type: ignore[attr-defined]
    with st.session() as s:
        red = users.team(s, "red").id
    screenings.submit(st, screenings.Submission(red, "officer-red", None, "mixed.csv", MIXED, "us-ndaa-889",
                                                as_of=dt.date(2022, 1, 1)))
    body = {"reason": "policy pack revised"}
    assert api.post("/api/v1/rescreens", json=body, headers=auth(api, "admin-blue")).status_code == 403
    assert api.post("/api/v1/rescreens", json=body, headers=auth(api, "officer-red")).status_code == 403
    r = api.post("/api/v1/rescreens", json=body, headers=auth(api, "admin-red"))
    assert r.status_code == 202 and r.json()["screenings"] == 1 and r.json()["status"] == "running"
    jobs.work(st, "w", until_idle=True)
    h = auth(api, "viewer-red")
    run = api.get(f"/api/v1/rescreens/{r.json()['id']}", headers=h).json()
    assert (run["status"], run["done"]) == ("complete", 1)
    alerts = api.get("/api/v1/alerts?unseen=true", headers=h).json()
    assert len(alerts) == 1 and alerts[0]["reason"] == "policy pack revised" and alerts[0]["changed"] > 0
    one = api.get(f"/api/v1/alerts/{alerts[0]['id']}", headers=h).json()
    assert len(one["changes"]) == alerts[0]["changed"]
    c = one["changes"][0]
    assert c["was"]["decision"] != c["now"]["decision"] and c["was"]["reason"] and c["now"]["reason"]
    assert api.get(f"/api/v1/alerts/{alerts[0]['id']}", headers=auth(api, "viewer-blue")).status_code == 404
    assert api.get("/api/v1/alerts", headers=auth(api, "viewer-blue")).json() == []
    assert api.post(f"/api/v1/alerts/{alerts[0]['id']}/seen", headers=h).status_code == 204
    assert api.get("/api/v1/alerts?unseen=true", headers=h).json() == []
    assert api.get("/api/v1/alerts", headers=h).json()[0]["seen_by"] == "viewer-red"


def test_webhooks_are_a_team_admins_and_their_secret_is_shown_once(api: TestClient) -> None:
    h = auth(api, "admin-blue")
    assert api.post("/api/v1/webhooks", json={"url": "gopher://x.example"}, headers=h).status_code == 422
    r = api.post("/api/v1/webhooks", json={"url": "https://chat.example.org/hooks/abc"}, headers=h)
    assert r.status_code == 201 and len(r.json()["secret"]) == 64
    listed = api.get("/api/v1/webhooks", headers=h).json()
    assert [w["url"] for w in listed] == ["https://chat.example.org/hooks/abc"]
    assert r.json()["secret"] not in str(listed)
    assert api.get("/api/v1/webhooks", headers=auth(api, "officer-blue")).status_code == 403
    assert api.get("/api/v1/webhooks", headers=auth(api, "admin-red")).json() == []
    assert api.delete(f"/api/v1/webhooks/{r.json()['id']}", headers=auth(api, "admin-red")).status_code == 404
    assert api.delete(f"/api/v1/webhooks/{r.json()['id']}", headers=h).status_code == 204
    assert api.get("/api/v1/webhooks", headers=h).json()[0]["active"] is False


def test_a_registry_update_from_the_api_puts_a_new_snapshot_in_use_with_its_diff(api: TestClient, tmp_path: Path) -> None:
    rows = (build.DEFAULT_RAW / COVERED).read_text(encoding="utf-8").splitlines()
    # A newer Covered List: Hytera's entry removed, a new party added.
    newer = "\n".join([r for r in rows if not r.startswith("Hytera")]
                      + ["Acme Surveillance Robotics Co.,robots,2026-11-30,no,Secure Networks Act s.2"]) + "\n"
    files = [("files", ("covered_list_entities.csv", newer.encode(), "text/csv"))]
    assert api.post("/api/v1/registry/update", files=files, headers=auth(api, "admin-blue")).status_code == 403
    stray = [("files", ("entity-list-2027.csv", b"x\n", "text/csv"))]
    r = api.post("/api/v1/registry/update", files=stray, headers=auth(api, "admin-red"))
    assert r.status_code == 422 and "no raw list is named 'entity-list-2027.csv'" in r.text
    st = api.store  # type: ignore[attr-defined]
    with st.session() as s:
        blue = users.team(s, "blue").id
    hytera = b"id,vendor,product,purpose\nR1,Hytera Communications,Radio,field\nR2,Cisco Systems,Switch,office\n"
    screenings.submit(st, screenings.Submission(blue, "officer-blue", None, "radios.csv", hytera, "us-fcc-covered-list"))
    r = api.post("/api/v1/registry/update", files=files, headers=auth(api, "admin-red"))
    assert r.status_code == 201, r.text
    doc = r.json()
    kinds = {(c["kind"], c["entity_id"]) for c in doc["diff"]["changes"]}
    assert any(k == "designation_removed" and "hytera" in e for k, e in kinds)
    replaced = doc["provenance"]["replaced"][0]
    assert replaced["folder"] == "us-fcc-covered-list-and-ndaa-889" and len(replaced["sha256"]) == 64
    assert doc["rescreen_run"] is not None
    versions = api.get("/api/v1/registry/versions", headers=auth(api, "viewer-blue")).json()
    assert versions[0]["id"] == doc["version"] and versions[0]["sha256"] == doc["sha256"]
    # Every team's screenings now use it: blue's Hytera radio is no longer on the Covered List.
    jobs.work(st, "w", until_idle=True)
    h = auth(api, "viewer-blue")
    alerts = api.get("/api/v1/alerts", headers=h).json()
    assert len(alerts) == 1, "blue's radio changed"
    changes = api.get(f"/api/v1/alerts/{alerts[0]['id']}", headers=h).json()["changes"]
    assert [c["ref"] for c in changes] == ["R1"]
    assert "Covered" in changes[0]["was"]["reason"] or "covered" in changes[0]["was"]["reason"].lower()
