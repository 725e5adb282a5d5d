"""A screening's items through the API a page at a time, filtered, counted and exported; and the
same on the web page (TestClient)."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient

from supplyscreen.server import create_app
from supplyscreen.service import users

PW = "correct horse battery"
SITES = ("North", "South", "Head Office")
VENDORS = ("Huawei", "Cisco Systems", "Dell", "Hikvision", "")


def inventory(n: int) -> bytes:
    rows = ["asset_id,hostname,site,vendor,model"]
    rows += [f"A{i:04d},h{i},{SITES[i % 3]},{VENDORS[i % 5]},M{i % 7}" for i in range(n)]
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture
def client(sqlite_store):  # type: ignore[no-untyped-def]
    with sqlite_store.session() as s:
        users.create_user(s, "red", "rita", PW, "officer")
        users.create_user(s, "blue", "bob", PW, "officer")
    with TestClient(create_app(sqlite_store)) as c:
        yield c


def auth(c: TestClient, who: str) -> dict[str, str]:
    token = c.post("/api/v1/auth/token", json={"username": who, "password": PW}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_items_pages_filters_counts_and_exports(client: TestClient) -> None:
    red = auth(client, "rita")
    sid = client.post("/api/v1/screenings", headers=red, data={"kind": "inventory"},
                      files={"file": ("fleet.csv", inventory(130), "text/csv")}).json()["id"]
    whole = client.get(f"/api/v1/screenings/{sid}", headers=red).json()
    assert whole["items_total"] == 130 == len(whole["items"]) and whole["pages"] == 1
    counts = client.get(f"/api/v1/screenings/{sid}/counts", headers=red).json()
    assert counts["total"] == 130 and dict(counts["sites"]) == {"North": 44, "South": 43, "Head Office": 43}
    pages = [client.get(f"/api/v1/screenings/{sid}/items", headers=red, params={"size": 50, "page": p}).json()
             for p in (1, 2, 3)]
    assert [p["pages"] for p in pages] == [3, 3, 3]
    assert [i["id"] for p in pages for i in p["items"]] == [i["id"] for i in whole["items"]]
    ex = client.get(f"/api/v1/screenings/{sid}/items", headers=red,
                    params={"decision": "exclude", "site": "Head Office", "size": 500}).json()
    assert ex["filter"] == {"decision": "exclude", "site": "Head Office"}
    expected = [i["id"] for i in whole["items"] if i["decision"] == "exclude"
                and int(i["ref"][1:]) % 3 == 2]
    assert ex["total"] == len(expected) > 0 and [i["id"] for i in ex["items"]] == expected
    r = client.get(f"/api/v1/screenings/{sid}/items", headers=red, params={"decision": "banned"})
    assert r.status_code == 422 and "decision" in r.text
    assert client.get(f"/api/v1/screenings/{sid}/items", headers=red, params={"size": 501}).status_code == 422
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/v1/screenings/{sid}/export", headers=red).text)))
    assert [r["ref"] for r in rows] == [i["ref"] for i in whole["items"]]
    assert client.get(f"/api/v1/screenings/{sid}/export", headers=red,
                      params={"format": "json"}).json()["items"][5]["ref"] == whole["items"][5]["ref"]
    blue = auth(client, "bob")
    for path in ("", "/items", "/counts", "/export"):
        assert client.get(f"/api/v1/screenings/{sid}{path}", headers=blue).status_code == 404


def test_the_web_page_pages_and_filters(client: TestClient) -> None:
    r = client.post("/login", data={"username": "rita", "password": PW})
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text).group(1)  # type: ignore[union-attr]
    r = client.post("/screenings", data={"csrf": csrf, "policy": "us-ndaa-889"},
                    files={"file": ("fleet.csv", inventory(250), "text/csv")})
    sid = int(str(r.url).rsplit("/", 1)[1])
    assert "250 items · page 1 of 3" in r.text and r.text.count('<a href="/items/') == 100
    page3 = client.get(f"/screenings/{sid}", params={"page": 3}).text
    assert page3.count('<a href="/items/') == 50 and 'rel="prev"' in page3 and 'rel="next"' not in page3
    north = client.get(f"/screenings/{sid}", params={"site": "North"}).text
    assert "84 items matching" in north and "South</small>" not in north
    bad = client.get(f"/screenings/{sid}", params={"decision": "banned"})
    assert bad.status_code == 400 and "decision" in bad.text
    assert client.get(f"/screenings/{sid}/export.xlsx").status_code == 404
