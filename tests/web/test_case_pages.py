"""The procurement-case pages (``web/case_views.py``) through TestClient: the questionnaire, bids
with a broken file and a new version, errors shown on the page, CSRF, roles, other teams, and the
Japanese labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.case.labels import all_labels, data
from supplyscreen.server import create_app
from supplyscreen.service import users
from supplyscreen.web import case_views

ASSETS = Path(__file__).parent.parent / "assets" / "case"
TEMPLATES = Path(case_views.__file__).parent / "templates"
PW = "correct horse battery"
ANSWERS = {"answer.buyer": "central-government", "answer.it-procurement": "yes", "answer.national-security": "no",
           "answer.confidential-information": "no", "answer.personal-data": "no", "answer.core-infrastructure": "yes",
           "answer.very-costly": "no", "answer.other-judged": "no", "answer.us-federal": "no"}


@pytest.fixture
def web(sqlite_store):  # type: ignore[no-untyped-def]
    """Red's administrators keep the agency's own list (the 2018 agreement names no company, so the
    Japanese pack clears nothing without one); blue is another agency."""
    from supplyscreen.store import audit
    from supplyscreen.store import models as m

    with sqlite_store.session() as s:
        olga = users.create_user(s, "red", "olga", PW, "officer")
        payload = {"id": "huawei", "name": "Huawei Technologies Co., Ltd."}
        s.add(m.RegistryEdit(team_id=olga.team_id, actor="admin", action="designate", entity_id="huawei",
                             entity_name=payload["name"], payload=audit.canonical(payload), reason="agency list"))
        users.create_user(s, "red", "vic", PW, "viewer")
        users.create_user(s, "red", "rita", PW, "reviewer")
        users.create_user(s, "blue", "bob", PW, "admin")
    with TestClient(create_app(sqlite_store)) as client:
        yield client


def login(client: TestClient, who: str) -> str:
    client.cookies.clear()
    r = client.post("/login", data={"username": who, "password": PW})
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', r.text).group(1)  # type: ignore[union-attr]


def open_case(client: TestClient, csrf: str, title: str = "Office LAN renewal") -> int:
    r = client.post("/cases", data={"csrf": csrf, "agency": "デジタル庁", "title": title, "budget": "120,000,000",
                                     "step": "open", **ANSWERS}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def upload(client: TestClient, csrf: str, case_id: int, bidder: str, **named: str):  # type: ignore[no-untyped-def]
    return client.post(f"/cases/{case_id}/bids", data={"csrf": csrf, "bidder": bidder},
                       files={role: (name, (ASSETS / name).read_bytes(), "application/octet-stream")
                              for role, name in named.items()})


def test_every_label_has_both_languages_and_every_used_key_exists() -> None:
    own = data("web_labels.yaml")["labels"]
    assert all(isinstance(k, str) for k in own)  # YAML reads a bare yes/no key as a boolean
    assert not set(own) & set(all_labels()), "a page label repeats one of the package's"
    for key, v in own.items():
        assert v.get("en") and v.get("ja"), key
    used = set()
    for t in TEMPLATES.glob("case_*.html"):
        used |= set(re.findall(r"""\bL\(['"]([\w-]+)['"]\)""", t.read_text(encoding="utf-8")))
    for lang in ("en", "ja"):
        labels = case_views.PageLabels(lang)
        for key in used:
            assert labels(key), key


def test_the_questionnaire_checks_then_opens_a_case(web: TestClient) -> None:
    csrf = login(web, "olga")
    page = web.get("/cases/new").text
    assert "Who is buying?" in page and 'name="answer.buyer"' in page
    r = web.post("/cases", data={"csrf": csrf, "agency": "A", "title": "T", "step": "preview",
                                 "answer.buyer": "central-government"})
    assert r.status_code == 422 and "not answered: it-procurement (yes|no)" in r.text
    assert 'value="central-government" required checked' in r.text  # the answers given are kept
    r = web.post("/cases", data={"csrf": csrf, "agency": "A", "title": "T", "step": "preview", **ANSWERS})
    assert r.status_code == 200 and "Supply-chain review required" in r.text and 'id="preview"' in r.text
    r = web.post("/cases", data={"csrf": csrf, "agency": "A", "title": "T", "step": "open", "pack": "/etc/passwd",
                                 **ANSWERS})
    assert r.status_code == 422 and "unknown policy" in r.text
    cid = open_case(web, csrf)
    assert "Office LAN renewal" in web.get("/cases").text
    page = web.get(f"/cases/{cid}").text
    assert "120,000,000 JPY" in page and "jp-gov-it-procurement-2018" in page


def test_bids_errors_and_a_new_version_on_the_case_page(web: TestClient) -> None:
    csrf = login(web, "olga")
    cid = open_case(web, csrf)
    r = upload(web, csrf, cid, "Broken Co", bom="broken.cdx.json")
    assert r.status_code == 200 and "could not be read" in r.text and "not valid JSON" in r.text
    r = upload(web, csrf, cid, "Yamato Networks", bom="router-hisilicon.cdx.json")
    assert "Hi5651 network SoC" in r.text and "3 levels deep" in r.text
    r = upload(web, csrf, cid, "Yamato Networks", bom="router-v2.cdx.json")
    assert r.status_code == 409 and "already bid on case" in r.text and 'role="alert"' in r.text
    r = upload(web, csrf, cid, "Nobody")
    assert r.status_code == 422 and "a bid needs an item list" in r.text
    bid = int(re.findall(r'id="bid-(\d+)"', r.text)[-1])
    r = web.post(f"/cases/{cid}/bids/{bid}/files", data={"csrf": csrf, "reason": "SoC replaced"},
                 files={"bom": ("router-v2.cdx.json", (ASSETS / "router-v2.cdx.json").read_bytes(), "application/json")})
    assert r.status_code == 200 and "Changes since the previous version" in r.text
    changes = r.text[r.text.index("Changes since the previous version"):]
    assert "router-hisilicon.cdx.json → router-v2.cdx.json" in changes and "SoC replaced" in changes
    assert re.search(r"yr500-soc</code></td><td><span class=\"badge review\">review</span></td><td>absent", changes)
    r = web.post(f"/cases/{cid}/package", data={"csrf": csrf, "format": "json", "lang": "ja"})
    assert r.status_code == 200 and r.headers["content-disposition"].endswith('package.json"')
    assert r.json()["lang"] == "ja"


def test_japanese_labels_and_the_kept_choice(web: TestClient) -> None:
    csrf = login(web, "olga")
    cid = open_case(web, csrf)
    assert "Sakura Systems" in upload(web, csrf, cid, "Sakura Systems", items="clean-items.csv").text
    r = web.get(f"/cases/{cid}?lang=ja")
    for want in ("入札の比較", "申合せに基づく分類", "<span class=\"badge allow\">可</span>"):
        assert want in r.text, want
    assert 'lang="ja"' in r.text
    assert "入札の比較" in web.get(f"/cases/{cid}").text  # the choice is kept for the next pages
    assert "Bids side by side" in web.get(f"/cases/{cid}?lang=en").text
    assert "Bids side by side" in web.get(f"/cases/{cid}?lang=fr").text  # an unknown language is English


def test_forms_need_csrf_and_the_role(web: TestClient) -> None:
    csrf = login(web, "olga")
    cid = open_case(web, csrf)
    assert web.post(f"/cases/{cid}/questions", data={"csrf": "forged", "text": "x"}).status_code == 400
    assert web.post(f"/cases/{cid}/reply", data={"csrf": csrf, "outcome": "concern", "reply": "x"}).status_code == 403
    assert web.post(f"/cases/{cid}/decision", data={"csrf": csrf, "outcome": "cancel", "reason": "x"}).status_code == 403
    assert web.get(f"/cases/{cid}/audit").status_code == 403  # the audit trail is the reviewers', as /audit
    csrf = login(web, "vic")
    page = web.get(f"/cases/{cid}").text
    assert "Office LAN renewal" in page and 'action="/cases/1/bids"' not in page  # a viewer reads, no forms
    assert web.get("/cases/new").status_code == 403
    assert web.post(f"/cases/{cid}/questions", data={"csrf": csrf, "text": "x"}).status_code == 403


def test_another_teams_case_is_not_found(web: TestClient) -> None:
    csrf = login(web, "olga")
    cid = open_case(web, csrf)
    csrf = login(web, "bob")
    assert "Office LAN renewal" not in web.get("/cases").text
    for path in (f"/cases/{cid}", f"/cases/{cid}/audit"):
        assert web.get(path).status_code == 404
    for path, form in ((f"/cases/{cid}/questions", {"text": "x"}), (f"/cases/{cid}/package", {}),
                       (f"/cases/{cid}/reply", {"outcome": "concern", "reply": "x"}),
                       (f"/cases/{cid}/decision", {"outcome": "cancel", "reason": "x"})):
        r = web.post(path, data={"csrf": csrf, **form})
        assert r.status_code == 404 and "Office LAN" not in r.text, path


def test_the_case_audit_trail_verifies_and_names_an_edited_row(web: TestClient, sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    csrf = login(web, "rita")
    cid = open_case(web, csrf)
    r = web.post(f"/cases/{cid}/decision", data={"csrf": csrf, "outcome": "cancel", "bid": "",
                                                  "reason": "The budget was withdrawn"})
    assert r.status_code == 200 and "The budget was withdrawn" in r.text and "decided" in r.text
    page = web.get(f"/cases/{cid}/audit").text
    assert "The audit chain verifies" in page and "case.decided" in page and "case.opened" in page
    with sqlite_store.engine.begin() as conn:
        conn.execute(text("UPDATE case_decisions SET reason = 'The cheapest bid' WHERE case_id = :c"), {"c": cid})
    page = web.get(f"/cases/{cid}/audit").text
    assert "does NOT verify" in page and "The cheapest bid" in page


def test_bids_share_the_sessions_submission_limits(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.service.limits import Limits

    with sqlite_store.session() as s:
        users.create_user(s, "red", "olga", PW, "officer")
    with TestClient(create_app(sqlite_store, limits=Limits(submit_rate=0.01, submit_burst=1))) as client:
        csrf = login(client, "olga")
        cid = open_case(client, csrf)
        assert upload(client, csrf, cid, "Sakura Systems", items="clean-items.csv").status_code == 200
        r = upload(client, csrf, cid, "Yamato Networks", items="router-items.csv")
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
        assert "Yamato Networks" not in client.get(f"/cases/{cid}").text
