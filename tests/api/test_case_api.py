"""Procurement cases over REST (``api/case_routes.py``) through FastAPI's TestClient: the three-bid
scenario from request to decision, a bid file that fails to parse, a new BOM screened again,
roles, team isolation and bad input."""

from __future__ import annotations

import hashlib
import io
import json
import weakref
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.case import package as pkg
from supplyscreen.server import create_app
from supplyscreen.service import users

ASSETS = Path(__file__).parent.parent / "assets" / "case"
PW = "correct horse battery"
ANSWERS = {"buyer": "central-government", "it-procurement": "yes", "national-security": "no",
           "confidential-information": "no", "personal-data": "no", "core-infrastructure": "yes", "very-costly": "no",
           "other-judged": "no", "us-federal": "no"}
CASES = "/api/v1/cases"


@pytest.fixture
def api(sqlite_store):  # type: ignore[no-untyped-def]
    """Two agencies (red, blue), one user per role; red's administrators put Huawei on the team's
    own list, as an agency does under the 2018 agreement (which names no company)."""
    with sqlite_store.session() as s:
        for team in ("red", "blue"):
            for role in ("viewer", "officer", "reviewer", "admin"):
                users.create_user(s, team, f"{role}-{team}", PW, role)
    with TestClient(create_app(sqlite_store, web=False, upload_limit=64 * 1024)) as client:
        r = client.post("/api/v1/registry/designations", headers=auth(client, "admin-red"), json={
            "name": "Huawei Technologies Co., Ltd.", "entity_id": "huawei", "reason": "the agency's own list"})
        assert r.status_code == 201, r.text
        yield client


# One token per user and client: password logins are limited per user name (10, then 5 a minute).
_tokens: weakref.WeakKeyDictionary[TestClient, dict[str, dict[str, str]]] = weakref.WeakKeyDictionary()


def auth(client: TestClient, who: str) -> dict[str, str]:
    mine = _tokens.setdefault(client, {})
    if who not in mine:
        r = client.post("/api/v1/auth/token", json={"username": who, "password": PW})
        assert r.status_code == 200, r.text
        mine[who] = {"Authorization": f"Bearer {r.json()['token']}"}
    return mine[who]


def new_case(client: TestClient, who: str = "officer-red", title: str = "Office LAN renewal",
             **extra: Any) -> dict[str, Any]:
    r = client.post(CASES, headers=auth(client, who), json={
        "agency": "デジタル庁", "title": title, "description": "Routers and servers for the LAN",
        "budget": 120_000_000, "deadline": "2026-12-01", "answers": ANSWERS, **extra})
    assert r.status_code == 201, r.text
    return dict(r.json())


def files(**named: str) -> dict[str, tuple[str, bytes, str]]:
    return {role: (name, (ASSETS / name).read_bytes(), "application/octet-stream") for role, name in named.items()}


def add_bid(client: TestClient, case_id: int, bidder: str, who: str = "officer-red", reps: dict[str, str] | None = None,
            **named: str):  # type: ignore[no-untyped-def]
    return client.post(f"{CASES}/{case_id}/bids", headers=auth(client, who), data={"bidder": bidder, **(reps or {})},
                       files=files(**named))


def test_three_bids_from_request_to_decision(api: TestClient) -> None:
    officer, reviewer = auth(api, "officer-red"), auth(api, "reviewer-red")
    questionnaire = api.get(f"{CASES}/questionnaire", headers=auth(api, "viewer-red")).json()
    assert [q["id"] for q in questionnaire] == list(ANSWERS)
    assert questionnaire[0]["choices"][0]["label"]["ja"] == "国の府省庁"
    case = new_case(api)
    cid = case["id"]
    assert (case["status"], case["review_required"], case["packs"]) == ("open", True, ["jp-gov-it-procurement-2018"])
    assert case["classification"]["answers"] == ANSWERS and case["classification"]["reasons"]

    clean = add_bid(api, cid, "Sakura Systems", items="clean-items.csv")
    assert clean.status_code == 201, clean.text
    assert (clean.json()["decision"], clean.json()["risk"], clean.json()["factors"]) == ("allow", "none", [])
    router = add_bid(api, cid, "Yamato Networks", reps={"far_24_provide": "will-not"}, items="router-items.csv",
                     bom="router-hisilicon.cdx.json")
    assert router.status_code == 201, router.text
    gateway = add_bid(api, cid, "Hokuto Denki", bom="gateway-unknown-module.hbom.csv")
    assert gateway.status_code == 201, gateway.text

    cmp = api.get(f"{CASES}/{cid}/comparison", headers=auth(api, "viewer-red")).json()
    assert cmp["clean"] is False and cmp["case"]["review_required"]
    a, b, c = cmp["bids"]
    assert [(x["bidder"], x["decision"], x["risk"]) for x in (a, b, c)] == [
        ("Sakura Systems", "allow", "none"), ("Yamato Networks", "review", "high"), ("Hokuto Denki", "unknown", "medium")]
    (soc,) = b["findings"]
    assert soc["path"] == ["YR-500 router", "Mainboard", "NP-2 network processor module", "Hi5651 network SoC"]
    assert soc["depth"] == 3 and soc["file"] == "router-hisilicon.cdx.json"
    (ev,) = soc["matches"]
    huawei = next(d for d in ev["designated"] if d["entity"]["id"] == "huawei")
    assert "subsidiary of Huawei Technologies" in huawei["path"][0]
    assert any(x["id"].startswith("org-team-") for x in huawei["lists"])  # the agency's own list
    assert [f["id"] for f in b["factors"]] == ["designated-parts"]
    assert [r["status"] for r in b["representation_checks"]] == ["needs-inquiry"]
    (lte,) = c["unknown_makers"]
    assert lte["path"][-1] == "LTE module" and lte["asked"] is None

    # Questions: the suggested one, then a free one to every bidder; answers once.
    asked = api.post(f"{CASES}/{cid}/questions/unknown", headers=officer, json={})
    assert asked.status_code == 201 and [q["item_ref"] for q in asked.json()] == ["lte"]
    assert api.post(f"{CASES}/{cid}/questions/unknown", headers=officer, json={}).json() == []
    qid = asked.json()[0]["id"]
    r = api.post(f"{CASES}/{cid}/questions/{qid}/answer", headers=officer,
                 json={"text": "LTE module: Quectel EG25-G", "answered_by": "Hokuto Denki sales"})
    assert r.status_code == 200 and r.json()["answered_by"] == "Hokuto Denki sales"
    assert api.post(f"{CASES}/{cid}/questions/{qid}/answer", headers=officer, json={"text": "again"}).status_code == 409
    free = api.post(f"{CASES}/{cid}/questions", headers=officer, json={"text": "Delivery by December?"})
    assert free.status_code == 201 and free.json()["bidder"] == ""
    assert len(api.get(f"{CASES}/{cid}/questions", headers=auth(api, "viewer-red")).json()) == 2

    # Another case of the same team must not leak into this case's package.
    other = new_case(api, title="Unrelated CCTV upgrade")["id"]
    assert add_bid(api, other, "Unrelated Bidder KK", items="clean-items.csv").status_code == 201

    # Not consulted yet: no award. The package in Japanese, as the JSON bundle, then as a ZIP.
    early = api.post(f"{CASES}/{cid}/decision", headers=reviewer, json={"outcome": "award", "bid_id": 1,
                                                                        "reason": "too early"})
    assert early.status_code == 409 and "consult" in early.json()["detail"]
    r = api.post(f"{CASES}/{cid}/package", headers=officer, params={"lang": "ja", "format": "json"})
    assert r.status_code == 201 and r.headers["content-type"] == "application/json"
    assert r.headers["x-package-sha256"] == hashlib.sha256(r.content).hexdigest()
    bundle = r.json()
    assert bundle["lang"] == "ja" and [x["bidder"] for x in bundle["bids"]] == [
        "Sakura Systems", "Yamato Networks", "Hokuto Denki"]
    assert bundle["questions"][0]["answer"] == "LTE module: Quectel EG25-G"
    r = api.post(f"{CASES}/{cid}/package", headers=officer)
    assert r.status_code == 201 and r.headers["content-disposition"] == f'attachment; filename="case-{cid}-package.zip"'
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        names = set(z.namelist())
        html = z.read(f"case-{cid}-package.html").decode()
        raw = z.read(f"case-{cid}-package.json")
        sums = z.read("SHA256SUMS").decode()
    assert {f"case-{cid}-package.html", f"case-{cid}-package.json"} <= names
    assert f"{hashlib.sha256(raw).hexdigest()}  case-{cid}-package.json" in sums
    assert hashlib.sha256(raw).hexdigest() in html and "Supply-chain risk consultation package" in html
    for text in (html, raw.decode(), json.dumps(bundle, ensure_ascii=False)):
        assert "Unrelated" not in text and "Office LAN renewal" in text
    if pkg.chromium():
        assert f"case-{cid}-package.pdf" in names

    # The reply and the decision: who, when, why.
    from supplyscreen.service.cases import today

    r = api.post(f"{CASES}/{cid}/reply", headers=reviewer, json={"outcome": "no-concern", "reply": "No concern.",
                                                                 "reply_on": str(today())})
    assert r.status_code == 201, r.text
    assert r.json()["id"] == 2 and r.json()["bids"] == {"1": 1, "2": 1, "3": 1}
    assert [(x["bid_id"], x["recorded_by"], x["reply_on"]) for x in r.json()["replies"]] == [
        (b, "reviewer-red", str(today())) for b in (1, 2, 3)]
    r = api.post(f"{CASES}/{cid}/decision", headers=reviewer, json={"outcome": "award", "bid_id": 1,
                                                                    "reason": "Best comprehensive evaluation"})
    assert r.status_code == 201, r.text
    assert (r.json()["bidder"], r.json()["decided_by"]) == ("Sakura Systems", "reviewer-red")
    full = api.get(f"{CASES}/{cid}", headers=auth(api, "viewer-red")).json()
    assert full["status"] == "decided" and [x["bidder"] for x in full["bids"]] == [
        "Sakura Systems", "Yamato Networks", "Hokuto Denki"]
    assert full["bids"][1]["files"][1]["role"] == "bom" and full["decisions"][0]["reason"] == "Best comprehensive evaluation"
    late = add_bid(api, cid, "Late KK", items="clean-items.csv")
    assert late.status_code == 409 and "decided" in late.json()["detail"]

    v = api.get(f"{CASES}/{cid}/verify", headers=reviewer).json()
    assert v == {"ok": True, "chain_ok": True, "chain_records": v["chain_records"], "problems": []}
    assert api.get("/api/v1/audit/verify", headers=auth(api, "admin-red")).json()["ok"] is True
    trail = [json.loads(x) for x in api.get("/api/v1/audit/export", headers=auth(api, "admin-red")).text.splitlines()]
    decided = next(x for x in trail if x["action"] == "case.decided")
    assert (decided["actor"], decided["payload"]["reason"]) == ("reviewer-red", "Best comprehensive evaluation")


def test_a_bid_file_that_fails_to_parse_is_reported_on_that_bid(api: TestClient) -> None:
    cid = new_case(api)["id"]
    broken = add_bid(api, cid, "Broken Co", bom="broken.cdx.json")
    assert broken.status_code == 201, broken.text
    doc = broken.json()
    assert (doc["decision"], doc["risk"], doc["files"][0]["status"]) == ("unknown", "blocking", "failed")
    assert "not valid JSON" in doc["errors"][0] and doc["errors"][0].startswith("broken.cdx.json")
    # The case stays usable: another bid, the comparison, the package.
    assert add_bid(api, cid, "Sakura Systems", items="clean-items.csv").status_code == 201
    bids = api.get(f"{CASES}/{cid}/comparison", headers=auth(api, "viewer-red")).json()["bids"]
    assert [(x["bidder"], x["decision"]) for x in bids] == [("Broken Co", "unknown"), ("Sakura Systems", "allow")]
    r = api.post(f"{CASES}/{cid}/package", headers=auth(api, "officer-red"), params={"format": "html"})
    assert r.status_code == 201 and "not valid JSON" in r.text
    api.post(f"{CASES}/{cid}/reply", headers=auth(api, "reviewer-red"), json={"outcome": "concern", "reply": "x"})
    r = api.post(f"{CASES}/{cid}/decision", headers=auth(api, "reviewer-red"),
                 json={"outcome": "award", "bid_id": broken.json()["id"], "reason": "cheapest"})
    assert r.status_code == 409 and "cannot be awarded" in r.json()["detail"]


def test_a_new_bom_is_screened_again_and_the_change_shown(api: TestClient) -> None:
    cid = new_case(api)["id"]
    bid = add_bid(api, cid, "Yamato Networks", bom="router-hisilicon.cdx.json").json()["id"]
    officer = auth(api, "officer-red")
    r = api.post(f"{CASES}/{cid}/bids/{bid}/files", headers=officer, files=files(bom="router-v2.cdx.json"))
    assert r.status_code == 422  # the reason is required
    r = api.post(f"{CASES}/{cid}/bids/{bid}/files", headers=officer, data={"reason": "SoC replaced"},
                 files=files(bom="router-v2.cdx.json"))
    assert r.status_code == 201, r.text
    (u,) = r.json()["updates"]
    changes = {(x["ref"], x["before"], x["after"]) for x in u["changes"]}
    assert {("yr500-soc", "review", None), ("yr500-soc2", None, "allow"), ("yr500", "review", "allow")} <= changes
    view = r.json()["bid"]
    assert (view["decision"], view["files"][0]["version"], view["files"][0]["note"]) == ("allow", 2, "SoC replaced")
    assert view["files"][0]["previous_file"] == "router-hisilicon.cdx.json"


ROLE_CHECKS = [
    ("viewer-red", "post", "", {"agency": "A", "title": "T", "answers": ANSWERS}),
    ("viewer-red", "post", "/{cid}/questions", {"text": "x"}),
    ("viewer-red", "post", "/{cid}/questions/unknown", {}),
    ("viewer-red", "post", "/{cid}/package", None),
    ("officer-red", "post", "/{cid}/reply", {"outcome": "no-concern", "reply": "x"}),
    ("officer-red", "post", "/{cid}/decision", {"outcome": "cancel", "reason": "x"}),
    ("officer-red", "get", "/{cid}/verify", None),
]


def test_every_case_endpoint_checks_the_role(api: TestClient) -> None:
    """Viewers read; officers open cases, add bids, ask and package; reviewers reply, decide, verify."""
    cid = new_case(api)["id"]
    for who, method, path, body in ROLE_CHECKS:
        r = getattr(api, method)(CASES + path.format(cid=cid), headers=auth(api, who),
                                 **({"json": body} if body is not None else {}))
        assert r.status_code == 403, (who, path, r.text)
    r = api.post(f"{CASES}/{cid}/bids", headers=auth(api, "viewer-red"), data={"bidder": "X"},
                 files=files(items="clean-items.csv"))
    assert r.status_code == 403
    for path in ("", f"/{cid}", f"/{cid}/comparison", f"/{cid}/questions", "/questionnaire"):
        assert api.get(CASES + path, headers=auth(api, "viewer-red")).status_code == 200
    assert api.get(f"{CASES}/{cid}/verify", headers=auth(api, "reviewer-red")).json()["ok"] is True


def test_another_teams_case_does_not_exist_for_it(api: TestClient) -> None:
    cid = new_case(api)["id"]
    bid = add_bid(api, cid, "Sakura Systems", items="clean-items.csv").json()["id"]
    (q,) = [api.post(f"{CASES}/{cid}/questions", headers=auth(api, "officer-red"), json={"text": "When?"}).json()]
    mine = new_case(api, "officer-blue", "Blue procurement")["id"]
    blue, admin = auth(api, "officer-blue"), auth(api, "admin-blue")
    assert [c["title"] for c in api.get(CASES, headers=blue).json()] == ["Blue procurement"]
    for method, path, kw in [
        ("get", f"/{cid}", {}), ("get", f"/{cid}/comparison", {}), ("get", f"/{cid}/questions", {}),
        ("get", f"/{cid}/verify", {}), ("post", f"/{cid}/questions", {"json": {"text": "x"}}),
        ("post", f"/{cid}/questions/unknown", {"json": {}}),
        ("post", f"/{cid}/questions/{q['id']}/answer", {"json": {"text": "x"}}),
        ("post", f"/{mine}/questions/{q['id']}/answer", {"json": {"text": "x"}}),  # red's question, blue's case
        ("post", f"/{cid}/package", {}), ("post", f"/{cid}/reply", {"json": {"outcome": "concern", "reply": "x"}}),
        ("post", f"/{cid}/decision", {"json": {"outcome": "cancel", "reason": "x"}}),
        ("post", f"/{cid}/bids", {"data": {"bidder": "X"}, "files": files(items="clean-items.csv")}),
        ("post", f"/{mine}/bids/{bid}/files", {"data": {"reason": "x"}, "files": files(items="clean-items.csv")}),
        ("post", f"/{mine}/questions", {"json": {"text": "x", "bid_id": bid}}),
    ]:
        r = getattr(api, method)(CASES + path, headers=admin, **kw)
        assert r.status_code == 404, (method, path, r.status_code, r.text)
        assert "Sakura" not in r.text and "Office LAN" not in r.text
    pkg_text = api.post(f"{CASES}/{mine}/package", headers=blue, params={"format": "json"}).text
    assert "Office LAN renewal" not in pkg_text and "Sakura Systems" not in pkg_text


def test_bad_input_is_a_4xx_with_a_sentence(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    officer = auth(api, "officer-red")
    r = api.post(CASES, headers=officer, json={"agency": "A", "title": "T", "answers": {"buyer": "central-government"}})
    assert r.status_code == 422 and "not answered: it-procurement (yes|no)" in r.json()["detail"]
    r = api.post(CASES, headers=officer, json={"agency": "A", "title": "T", "answers": {**ANSWERS, "buyer": "king"}})
    assert r.status_code == 422 and "central-government" in r.json()["detail"]
    for pack in ("no-such-pack", "/etc/passwd", "../policy/packs/us-ndaa-889.yaml"):
        r = api.post(CASES, headers=officer, json={"agency": "A", "title": "T", "answers": ANSWERS,
                                                   "extra_packs": [pack]})
        assert r.status_code == 422 and "unknown policy" in r.json()["detail"]
    assert api.post(CASES, headers=officer, json={"agency": " ", "title": "T", "answers": ANSWERS}).status_code == 422
    cid = new_case(api, extra_packs=["us-ndaa-889"])["id"]
    assert api.get(f"{CASES}/{cid}", headers=officer).json()["packs"] == ["jp-gov-it-procurement-2018", "us-ndaa-889"]

    r = api.post(f"{CASES}/{cid}/bids", headers=officer, data={"bidder": "X"})
    assert r.status_code == 422 and "item list" in r.json()["detail"]
    r = api.post(f"{CASES}/{cid}/bids", headers=officer, data={"bidder": "X"},
                 files={"items": ("offer.exe", b"MZ...", "application/octet-stream")})
    assert r.status_code == 415
    r = api.post(f"{CASES}/{cid}/bids", headers=officer, data={"bidder": "X"}, files={"items": ("a.csv", b"", "text/csv")})
    assert r.status_code == 422 and "empty" in r.json()["detail"]
    big = b"vendor\n" + b"Acme\n" * 20_000
    r = api.post(f"{CASES}/{cid}/bids", headers=officer, data={"bidder": "X"}, files={"items": ("a.csv", big, "text/csv")})
    assert r.status_code == 413
    r = add_bid(api, cid, "X", reps={"far_24_provide": "perhaps"}, items="clean-items.csv")
    assert r.status_code == 422
    assert add_bid(api, cid, "Sakura Systems", items="clean-items.csv").status_code == 201
    r = add_bid(api, cid, "Sakura Systems", items="clean-items.csv")
    assert r.status_code == 409 and "already bid" in r.json()["detail"]
    r = api.post(f"{CASES}/{cid}/questions", headers=officer, json={"text": "  "})
    assert r.status_code == 422
    r = api.post(f"{CASES}/{cid}/reply", headers=auth(api, "reviewer-red"), json={"outcome": "concern", "reply": "x"})
    assert r.status_code == 409 and "no consultation package" in r.json()["detail"]
    r = api.post(f"{CASES}/{cid}/decision", headers=auth(api, "reviewer-red"), json={"outcome": "award", "reason": "x"})
    assert r.status_code == 422  # an award names the bid
    r = api.post(f"{CASES}/{cid}/decision", headers=auth(api, "reviewer-red"),
                 json={"outcome": "cancel", "reason": "x", "bid_id": 1})
    assert r.status_code == 422
    assert api.get(f"{CASES}/99", headers=officer).status_code == 404
    assert api.get(f"{CASES}/{2**63}", headers=officer).status_code == 422

    monkeypatch.setattr(pkg, "chromium", lambda: None)
    r = api.post(f"{CASES}/{cid}/package", headers=officer, params={"format": "pdf"})
    assert r.status_code == 503 and "no headless Chromium" in r.json()["detail"]
    r = api.post(f"{CASES}/{cid}/package", headers=officer)
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert not any(n.endswith(".pdf") for n in z.namelist())


def test_a_case_row_edited_behind_the_log_fails_audit_verify(api: TestClient, sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from typer.testing import CliRunner

    from supplyscreen.cli import app

    cid = new_case(api)["id"]
    assert add_bid(api, cid, "Sakura Systems", items="clean-items.csv").status_code == 201
    r = api.post(f"{CASES}/{cid}/decision", headers=auth(api, "reviewer-red"),
                 json={"outcome": "cancel", "reason": "The budget was withdrawn"})
    assert r.status_code == 201
    blue_case = new_case(api, "officer-blue", "Blue procurement")["id"]
    url = sqlite_store.engine.url.render_as_string(hide_password=False)
    assert CliRunner().invoke(app, ["audit", "verify", "--db", url]).exit_code == 0
    with sqlite_store.engine.begin() as conn:
        conn.execute(text("UPDATE case_decisions SET reason = 'The cheapest bid' WHERE case_id = :c"), {"c": cid})

    v = api.get(f"{CASES}/{cid}/verify", headers=auth(api, "reviewer-red")).json()
    assert v["ok"] is False and any("The cheapest bid" in p and "The budget was withdrawn" in p for p in v["problems"])
    assert api.get("/api/v1/audit/verify", headers=auth(api, "admin-red")).json()["ok"] is False
    res = CliRunner().invoke(app, ["audit", "verify", "--db", url])
    assert res.exit_code == 1 and f"case {cid}: decision 1" in res.output
    # Another agency learns that the log fails, never what another team's case says.
    other = api.get(f"{CASES}/{blue_case}/verify", headers=auth(api, "reviewer-blue")).json()
    assert other["ok"] is False and "cheapest" not in json.dumps(other) and "budget" not in json.dumps(other)
