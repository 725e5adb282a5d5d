"""Review and waivers in the browser pages (issue 18): a review item with no match can be confirmed
either way, a waiver's form defaults to the narrowest scope and offers the team's reviewers as
approvers, and the waivers page lists, filters and revokes, in English and Japanese."""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.server import create_app
from supplyscreen.service import screenings, users

PW = "correct horse battery"
LIST = (b"id,manufacturer,model,product\nM1,\"Huawei Technologies Co., Ltd.\",ME909s-120,LTE module\n"
        b"U1,Unheard Of Devices,UX-1,Gateway\n")


@pytest.fixture
def web(sqlite_store):  # type: ignore[no-untyped-def]
    with sqlite_store.session() as s:
        team = users.create_user(s, "red", "olga", PW, "officer").team_id
        users.create_user(s, "red", "rita", PW, "reviewer")
        users.create_user(s, "red", "ren", PW, "reviewer")
    sid = screenings.submit(sqlite_store, screenings.Submission(team, "olga", None, "offer.csv", LIST,
                                                                 "jp-gov-it-procurement-2018"))
    sid2 = screenings.submit(sqlite_store, screenings.Submission(team, "olga", None, "offer.csv", LIST, "us-ndaa-889"))
    with sqlite_store.session() as s:
        items = {(i.screening_id, i.ref): i.id for x in (sid, sid2) for i in screenings.get(s, team, x).items}
    with TestClient(create_app(sqlite_store)) as client:
        yield client, items, sid, sid2


def login(client: TestClient, who: str) -> str:
    client.cookies.clear()
    r = client.post("/login", data={"username": who, "password": PW})
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', r.text).group(1)  # type: ignore[union-attr]


def test_a_review_item_with_no_match_can_be_confirmed_allowed(web) -> None:  # type: ignore[no-untyped-def]
    client, items, sid, _ = web
    csrf = login(client, "rita")
    item = items[(sid, "U1")]
    page = client.get(f"/items/{item}").text
    assert re.search(r'<select name="outcome"[^>]*>.*value="allow"', page, re.S)
    r = client.post(f"/items/{item}/review", data={"csrf": csrf, "action": "confirm", "outcome": "allow",
                                                   "reason": "a domestic gateway, maker confirmed"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "allow" in client.get(f"/items/{item}").text


def test_the_waiver_form_is_narrow_by_default_and_offers_the_team_s_reviewers(web) -> None:  # type: ignore[no-untyped-def]
    client, items, _, sid2 = web
    login(client, "rita")
    page = client.get(f"/items/{items[(sid2, 'M1')]}").text
    scope = re.search(r'<select name="scope".*?</select>', page, re.S).group(0)  # type: ignore[union-attr]
    assert re.search(r'<option value="part" selected', scope) and "second reviewer" in scope
    approver = re.search(r'<select name="approver".*?</select>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "rita" in approver and "ren" in approver and "olga" not in approver
    assert re.search(r'<input type="date" name="expires"[^>]*required[^>]*max="', page)


def test_the_waivers_page_lists_filters_and_revokes(web) -> None:  # type: ignore[no-untyped-def]
    client, items, _, sid2 = web
    csrf = login(client, "rita")
    expires = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    r = client.post(f"/items/{items[(sid2, 'M1')]}/review", data={
        "csrf": csrf, "action": "waive", "reason": "legacy module until the refresh", "approver": "rita",
        "expires": expires, "scope": "part"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get("/waivers").text
    assert "legacy module until the refresh" in page and "me909s120" in page  # the normalised model
    assert "legacy module" not in client.get("/waivers?status=revoked").text
    (wid,) = re.findall(r'href="/waivers/(\d+)"', page)
    detail = client.get(f"/waivers/{wid}").text
    assert f"/items/{items[(sid2, 'M1')]}" in detail  # what it currently clears
    r = client.post(f"/waivers/{wid}/revoke", data={"csrf": csrf, "reason": "module replaced"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "legacy module" in client.get("/waivers?status=revoked").text
    assert "免除" in client.get("/waivers?lang=ja").text
