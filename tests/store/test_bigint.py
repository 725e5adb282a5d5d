"""Ids past 2**31 - 1 work on both stores (PostgreSQL's INTEGER stopped there: migration 0006), and
the SQLite file is created readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient
from sqlalchemy import text

from supplyscreen.server import create_app
from supplyscreen.service import users
from supplyscreen.store import models as m

PW = "correct horse battery"
PAST_32_BITS = 2**31 + 7
MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()


def test_ids_past_32_bits_work_in_the_api_and_the_pages(store: Any) -> None:
    with store.session() as s:
        s.add(m.Team(id=PAST_32_BITS, name="big"))
        s.flush()
        u = users.add_to_team(s, PAST_32_BITS, "officer-big", PW, "admin", "test")
        if store.dialect == "postgresql":  # the next screening's id comes from its sequence, past 2**31
            s.execute(text("SELECT setval(pg_get_serial_sequence('screenings', 'id'), :v)"), {"v": 2**40})
        else:
            s.add(m.Screening(id=2**40, team_id=PAST_32_BITS, user_id=u.id, file_name="x.csv", policy="p",
                              input=b"", status=m.FAILED))
    with TestClient(create_app(store)) as client:
        token = client.post("/api/v1/auth/token", json={"username": "officer-big", "password": PW}).json()["token"]
        h = {"Authorization": f"Bearer {token}"}
        r = client.post("/api/v1/screenings", headers=h, files={"file": ("mixed.csv", MIXED, "text/csv")})
        assert r.status_code == 201, r.text
        sid = r.json()["id"]
        assert sid > 2**31
        assert client.get(f"/api/v1/screenings/{sid}", headers=h).status_code == 200
        item = client.get(f"/api/v1/screenings/{sid}", headers=h).json()["items"][0]["id"]
        assert client.get(f"/api/v1/items/{item}/history", headers=h).status_code == 200
        assert client.get(f"/api/v1/screenings/{2**62}", headers=h).status_code == 404
        client.post("/login", data={"username": "officer-big", "password": PW})
        assert client.get(f"/screenings/{sid}").status_code == 200
        assert client.get("/admin").status_code == 200


def test_the_sqlite_file_and_its_new_folder_are_private(tmp_path: Path) -> None:
    from supplyscreen.store import open_store

    db = tmp_path / "new" / "store.db"
    st = open_store(f"sqlite:///{db}")
    try:
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    finally:
        st.close()
