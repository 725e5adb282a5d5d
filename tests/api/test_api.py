"""The REST API through FastAPI's TestClient: roles, teams, uploads, review, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
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
def api(sqlite_store):  # type: ignore[no-untyped-def]
    with sqlite_store.session() as s:
        for team in ("red", "blue"):
            for role in ("viewer", "officer", "reviewer", "admin"):
                users.create_user(s, team, f"{role}-{team}", PW, role)
    with TestClient(create_app(sqlite_store, web=False, upload_limit=64 * 1024)) as client:
        yield client


def auth(client: TestClient, who: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": who, "password": PW})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def upload(client: TestClient, who: str, data: bytes = MIXED, name: str = "mixed.csv", ctype: str = "text/csv"):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/screenings", headers=auth(client, who), files={"file": (name, data, ctype)})


def test_login_and_tokens(api: TestClient) -> None:
    assert api.post("/api/v1/auth/token", json={"username": "admin-red", "password": "nope"}).status_code == 401
    assert api.get("/api/v1/screenings").status_code == 401
    assert api.get("/api/v1/screenings", headers={"Authorization": "Bearer sst_forged"}).status_code == 401
    assert api.get("/api/v1/screenings", headers=auth(api, "viewer-red")).status_code == 200


def test_a_token_revoked_in_the_database_stops_working_within_the_trust_time(api: TestClient, sqlite_store) -> None:  # type: ignore[no-untyped-def]
    import time

    from supplyscreen.api.deps import TrustedTokens
    from supplyscreen.store import models as m

    api.app.state.trusted_tokens = TrustedTokens(seconds=0.5)  # type: ignore[attr-defined]
    headers = auth(api, "viewer-red")
    assert api.get("/api/v1/screenings", headers=headers).status_code == 200
    with sqlite_store.session() as s:  # as an administrator would, outside this server
        s.query(m.Token).update({m.Token.revoked: True})
    assert api.get("/api/v1/screenings", headers=headers).status_code == 200  # trusted a moment longer
    time.sleep(0.6)
    assert api.get("/api/v1/screenings", headers=headers).status_code == 401


def test_submit_a_file_and_read_the_result(api: TestClient) -> None:
    r = upload(api, "officer-red")
    assert r.status_code == 201, r.text
    sc = r.json()
    assert sc["status"] == "complete" and sc["decision"] == "exclude" and sc["summary"]["rows_in"] == 7
    full = api.get(f"/api/v1/screenings/{sc['id']}", headers=auth(api, "viewer-red")).json()
    items = {i["ref"]: i for i in full["items"]}
    assert items["A2"]["result"]["matches"][0]["entity"]["id"] == "huawei"
    assert items["A4"]["review_state"] == "pending"


def test_submit_json_items(api: TestClient) -> None:
    r = api.post("/api/v1/screenings/json", headers=auth(api, "officer-red"),
                 json={"items": [{"id": "X1", "vendor": "ZTE Corporation"}, {"id": "X2", "vendor": "NEC"}]})
    assert r.status_code == 201, r.text
    assert r.json()["decision"] == "exclude" and r.json()["summary"]["rows_out"] == 2


@pytest.mark.parametrize(("env", "pack"), [
    ({}, "us-ndaa-889"),
    ({"SUPPLYSCREEN_JURISDICTION": "GB"}, "uk-huawei-dvd-2022"),
    ({"SUPPLYSCREEN_JURISDICTION": "uk"}, "uk-huawei-dvd-2022"),
    ({"SUPPLYSCREEN_POLICY": "jp-gov-it-procurement-2018", "SUPPLYSCREEN_JURISDICTION": "GB"},
     "jp-gov-it-procurement-2018"),
])
def test_a_screening_without_a_policy_takes_the_services_setting(api: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                                env: dict[str, str], pack: str) -> None:
    """A UK or Japanese service sets its pack once; the API's uploads and JSON follow it, as the CLI does."""
    for name in ("SUPPLYSCREEN_POLICY", "SUPPLYSCREEN_JURISDICTION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    h = auth(api, "officer-red")
    by_file = api.post("/api/v1/screenings", headers=h, files={"file": ("mixed.csv", MIXED, "text/csv")})
    by_json = api.post("/api/v1/screenings/json", headers=h, json={"items": [{"id": "X1", "vendor": "ZTE Corporation"}]})
    assert by_file.status_code == by_json.status_code == 201, by_file.text + by_json.text
    assert by_file.json()["policy"] == by_json.json()["policy"] == pack
    named = api.post("/api/v1/screenings/json", headers=h,
                     json={"items": [{"id": "X1", "vendor": "ZTE"}], "policy": "us-fcc-covered-list"})
    assert named.json()["policy"] == "us-fcc-covered-list"  # a policy named in the request wins


def test_a_service_setting_that_names_no_pack_is_refused_with_the_reason(api: TestClient,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUPPLYSCREEN_POLICY", raising=False)
    monkeypatch.setenv("SUPPLYSCREEN_JURISDICTION", "ZZ")
    r = api.post("/api/v1/screenings/json", headers=auth(api, "officer-red"), json={"items": [{"vendor": "ZTE"}]})
    assert r.status_code == 422 and "SUPPLYSCREEN_JURISDICTION 'ZZ'" in r.text


@pytest.mark.parametrize(("who", "method", "path", "body"), [
    ("viewer-red", "post", "/api/v1/screenings/json", {"items": [{"vendor": "x"}]}),
    ("officer-red", "post", "/api/v1/items/1/review", {"action": "confirm", "reason": "x"}),
    ("reviewer-red", "post", "/api/v1/registry/designations", {"name": "Acme", "reason": "x"}),
    ("reviewer-red", "get", "/api/v1/audit/export", None),
    ("officer-red", "post", "/api/v1/users", {"username": "eve", "password": "12345678", "role": "admin"}),
])
def test_every_endpoint_checks_the_role(api: TestClient, who: str, method: str, path: str, body: object) -> None:
    r = getattr(api, method)(path, headers=auth(api, who), **({"json": body} if body is not None else {}))
    assert r.status_code == 403, r.text


def test_no_endpoint_leaks_another_teams_data(api: TestClient) -> None:
    sid = upload(api, "officer-red").json()["id"]
    red_item = api.get(f"/api/v1/screenings/{sid}", headers=auth(api, "viewer-red")).json()["items"][3]["id"]
    blue = auth(api, "admin-blue")
    assert api.get(f"/api/v1/screenings/{sid}", headers=blue).status_code == 404
    assert api.get(f"/api/v1/screenings/{sid}/export", headers=blue).status_code == 404
    assert api.post(f"/api/v1/screenings/{sid}/rerun", headers=blue).status_code == 404
    assert api.get(f"/api/v1/screenings/{sid}/compare/{sid}", headers=blue).status_code == 404
    assert api.get(f"/api/v1/items/{red_item}/history", headers=blue).status_code == 404
    assert api.post(f"/api/v1/items/{red_item}/review", headers=blue,
                    json={"action": "confirm", "reason": "x"}).status_code == 404
    assert api.get("/api/v1/screenings", headers=blue).json() == []
    assert api.get("/api/v1/review/queue", headers=blue).json() == []
    exported = api.get("/api/v1/audit/export", headers=blue).text
    assert "mixed.csv" not in exported and "red" not in exported


def test_review_actions_through_the_api(api: TestClient) -> None:
    sid = upload(api, "officer-red").json()["id"]
    rev = auth(api, "reviewer-red")
    queue = api.get("/api/v1/review/queue", headers=rev).json()
    assert [q["ref"] for q in queue] == ["A4", "A7"]
    iid = queue[0]["id"]
    far = api.post(f"/api/v1/items/{iid}/review", headers=rev, json={
        "action": "waive", "reason": "legacy site", "approver": "reviewer-red",
        "expires": str(dt.date.today() + dt.timedelta(days=400))})
    assert far.status_code == 409 and "365 days" in far.json()["detail"]  # capped (SUPPLYSCREEN_WAIVER_MAX_DAYS)
    free = api.post(f"/api/v1/items/{iid}/review", headers=rev, json={
        "action": "waive", "reason": "legacy site", "approver": "CIO", "expires": str(dt.date.today())})
    assert free.status_code == 409 and "reviewer role" in free.json()["detail"]  # a user, not free text
    r = api.post(f"/api/v1/items/{iid}/review", headers=rev, json={"action": "waive", "reason": "legacy site",
                 "approver": "reviewer-red", "expires": str(dt.date.today() + dt.timedelta(days=10))})
    assert r.status_code == 201, r.text
    assert r.json()["actor"] == "reviewer-red"
    assert [q["ref"] for q in api.get("/api/v1/review/queue", headers=rev).json()] == ["A7"]
    hist = api.get(f"/api/v1/items/{iid}/history", headers=rev).json()
    assert hist[0]["action"] == "waive" and hist[0]["reason"] == "legacy site"
    waived = {i["ref"]: i for i in api.get(f"/api/v1/screenings/{sid}", headers=rev).json()["items"]}["A4"]
    assert waived["final_decision"] == "allow" and "reviewer-red" in waived["note"]
    ws = api.get("/api/v1/waivers", headers=rev).json()
    assert ws[0]["approver"] == "reviewer-red" and ws[0]["active"] is True and ws[0]["scope"] == "part"
    one = api.get(f"/api/v1/waivers/{ws[0]['id']}", headers=rev).json()
    assert [i["ref"] for i in one["clears"]] == ["A4"]
    assert api.post(f"/api/v1/waivers/{ws[0]['id']}/revoke", headers=auth(api, "admin-blue"),
                    params={"reason": "x"}).status_code == 404
    r = api.post(f"/api/v1/waivers/{ws[0]['id']}/revoke", headers=rev, params={"reason": "site closed"})
    assert r.json()["active"] is False and r.json()["status"] == "revoked"
    assert [w["id"] for w in api.get("/api/v1/waivers", headers=rev, params={"status": "revoked"}).json()] == [
        ws[0]["id"]]
    assert [q["ref"] for q in api.get("/api/v1/review/queue", headers=rev).json()] == ["A4", "A7"]  # put back
    # A blank reason is refused.
    assert api.post(f"/api/v1/items/{iid}/review", headers=rev, json={"action": "confirm", "reason": ""}).status_code == 422


def test_uploads_are_checked(api: TestClient) -> None:
    assert upload(api, "officer-red", b"x" * (65 * 1024)).status_code == 413
    assert upload(api, "officer-red", b"<html></html>", "page.html", "text/html").status_code == 415
    assert upload(api, "officer-red", MIXED, "mixed.exe", "application/octet-stream").status_code == 415
    assert upload(api, "officer-red", b"id,vendor\n1,x\n", "book.xlsx",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").status_code == 422
    r = upload(api, "officer-red", MIXED, "../../../etc/cron.d/evil.csv")
    assert r.status_code == 201 and r.json()["file_name"] == "evil.csv"


def test_csv_export_defuses_formulas(api: TestClient) -> None:
    data = b'id,vendor,product\n=HYPERLINK("http://x"),Huawei,"@SUM(1)"\n'
    sid = upload(api, "officer-red", data, "evil.csv").json()["id"]
    r = api.get(f"/api/v1/screenings/{sid}/export?format=csv", headers=auth(api, "viewer-red"))
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows[0]["ref"].startswith("'=")
    js = api.get(f"/api/v1/screenings/{sid}/export?format=json", headers=auth(api, "viewer-red")).json()
    assert js["items"][0]["decision"] == "exclude"


def test_registry_reads_and_admin_writes(api: TestClient) -> None:
    v = auth(api, "viewer-red")
    assert api.get("/api/v1/registry/entities/huawei", headers=v).json()["name"].startswith("Huawei")
    assert api.get("/api/v1/registry/entities/no-such", headers=v).status_code == 404
    assert api.get("/api/v1/registry/match", params={"q": "ZTE Corp"}, headers=v).json()["matches"]
    r = api.post("/api/v1/registry/designations", headers=auth(api, "admin-red"),
                 json={"name": "Acme Surveillance Widgets Ltd", "reason": "agency decision 2025-04", "scope": "all"})
    assert r.status_code == 201, r.text
    res = api.post("/api/v1/screenings/json", headers=auth(api, "officer-red"),
                   json={"items": [{"id": "1", "vendor": "Acme Surveillance Widgets Ltd"}]}).json()
    assert res["decision"] != "allow"
    # Another team's registry is untouched by red's edit.
    blue = api.post("/api/v1/screenings/json", headers=auth(api, "officer-blue"),
                    json={"items": [{"id": "1", "vendor": "Acme Surveillance Widgets Ltd"}]}).json()
    assert blue["decision"] == "allow"
    adm = auth(api, "admin-red")
    assert api.post("/api/v1/registry/withdrawals", headers=adm,
                    json={"entity_id": "Acme Surveillance Widgets Ltd", "reason": "lifted"}).status_code == 201
    res = api.post("/api/v1/screenings/json", headers=auth(api, "officer-red"),
                   json={"items": [{"id": "1", "vendor": "Acme Surveillance Widgets Ltd"}]}).json()
    assert res["decision"] == "allow"


def test_audit_export_and_verify(api: TestClient) -> None:
    upload(api, "officer-red")
    adm = auth(api, "admin-red")
    lines = [json.loads(x) for x in api.get("/api/v1/audit/export", headers=adm).text.splitlines()]
    assert "screening.completed" in [x["action"] for x in lines]
    assert api.get("/api/v1/audit/verify", headers=adm).json()["ok"] is True


def test_openapi_schema_lists_the_endpoints(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert "/api/v1/screenings" in paths and "/api/v1/items/{item_id}/review" in paths


def test_submissions_are_limited_per_token(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.service.limits import Limits

    with sqlite_store.session() as s:
        users.create_user(s, "red", "officer-red", PW, "officer")
    limits = Limits(submit_rate=0.01, submit_burst=2, login_rate=0.01, login_burst=3)
    with TestClient(create_app(sqlite_store, web=False, limits=limits)) as client:
        first, second = auth(client, "officer-red"), auth(client, "officer-red")
        body = {"items": [{"id": "1", "vendor": "NEC"}]}
        for _ in range(2):
            assert client.post("/api/v1/screenings/json", headers=first, json=body).status_code == 201
        refused = client.post("/api/v1/screenings/json", headers=first, json=body)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert upload(client, "officer-red").status_code == 201  # each token has its own allowance
        assert client.post("/api/v1/screenings/json", headers=second, json=body).status_code == 201
        # Logins by user name: the fourth password try in a row waits, right or wrong.
        assert client.post("/api/v1/auth/token", json={"username": "officer-red", "password": PW}).status_code == 429
    limited = client.app.openapi()["paths"]["/api/v1/screenings"]["post"]["responses"]  # type: ignore[attr-defined]
    assert "429" in limited


def test_policy_is_a_shipped_pack_never_a_server_path(api: TestClient) -> None:
    officer = auth(api, "officer-red")
    for policy in ("/etc/passwd", "../../policy/packs/us-ndaa-889.yaml", "no-such-pack"):
        r = api.post("/api/v1/screenings/json", headers=officer,
                     json={"items": [{"id": "1", "vendor": "NEC"}], "policy": policy})
        assert r.status_code == 422 and "unknown policy" in r.text
    assert api.get("/api/v1/screenings", headers=officer).json() == []
    r = api.post("/api/v1/screenings/json", headers=officer,
                 json={"items": [{"id": "1", "vendor": "Huawei"}], "policy": "uk-huawei-dvd-2022"})
    assert r.status_code == 201 and r.json()["policy"] == "uk-huawei-dvd-2022"


def test_a_failed_screening_names_the_file_not_the_servers_folder(api: TestClient) -> None:
    r = upload(api, "officer-red", b'{"not": "a list', "broken.json", "application/json")
    assert r.status_code == 201 and r.json()["status"] == "failed"
    assert "broken.json" in r.json()["error"] and "/tmp" not in r.json()["error"]
