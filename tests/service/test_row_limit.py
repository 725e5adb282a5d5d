"""An input with more rows than one screening takes is refused before any row is screened, in the
interface it came through, with the file and the limit named; an input within the limit is never
refused, however many lines its rows span."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.screen import Screener
from supplyscreen.sources import limits
from supplyscreen.sources.limits import InputLimits, TooManyRows

HEADER = "vendor,model,purpose\n"
PW = "correct horse battery"


def rows_file(path: Path, rows: int, spans: int = 1, blanks: int = 0) -> Path:
    """A CSV of ``rows`` data rows, each with a quoted cell over ``spans`` lines, and ``blanks``
    blank lines after each row: physical lines are not rows."""
    note = '"' + "\n".join(f"line {k}" for k in range(spans)) + '"'
    path.write_text(HEADER + "".join(f"Acme,X{i},{note}\n" + "\n" * blanks for i in range(rows)))
    return path


@pytest.fixture
def screened_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the rows screened (none, when the input is refused up front)."""
    calls = [0]
    real = Screener.screen_item

    def counting(self: Screener, item: Any) -> Any:
        calls[0] += 1
        return real(self, item)

    monkeypatch.setattr(Screener, "screen_item", counting)
    return calls


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(0, 12), limit=st.integers(1, 10), spans=st.integers(1, 3), blanks=st.integers(0, 2))
def test_refused_before_screening_exactly_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          screened_rows: list[int], rows: int, limit: int,
                                                          spans: int, blanks: int) -> None:
    monkeypatch.setattr(limits, "LIMITS", InputLimits(rows=limit))
    f = rows_file(tmp_path / "fleet.csv", rows, spans, blanks)
    screened_rows[0] = 0
    if rows > limit:
        with pytest.raises(TooManyRows, match=rf"fleet\.csv: the input has more than {limit} rows, the limit of one "
                                              r"screening; split it into several files \(counted before screening\)"):
            library.check(f, "us-ndaa-889")
        assert screened_rows[0] == 0
    else:
        assert library.check(f, "us-ndaa-889").rows_in == rows
        assert screened_rows[0] == rows


def test_the_command_line_names_the_file_and_its_remedy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from supplyscreen.cli import app

    monkeypatch.setattr(limits, "LIMITS", InputLimits(rows=5))
    f = rows_file(tmp_path / "fleet.csv", 6)
    res = CliRunner().invoke(app, ["check", str(f)])
    assert res.exit_code == 2
    assert f"{f}: the input has more than 5 rows" in res.stderr and "SUPPLYSCREEN_MAX_ROWS=N" in res.stderr


@pytest.fixture
def client(sqlite_store: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    pytest.importorskip("fastapi", reason="the service extra is not installed")
    pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")
    from fastapi.testclient import TestClient

    from supplyscreen.server import create_app
    from supplyscreen.service import users

    monkeypatch.setattr(limits, "LIMITS", InputLimits(rows=5))
    with sqlite_store.session() as s:
        users.create_user(s, "red", "rita", PW, "officer")
    with TestClient(create_app(sqlite_store)) as c:
        yield c, sqlite_store


def stored(store: Any) -> int:
    from sqlalchemy import func, select

    from supplyscreen.store import models as m

    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.Screening)) or 0)


def test_the_web_form_and_the_api_refuse_it_storing_nothing(client: Any, tmp_path: Path,
                                                             screened_rows: list[int]) -> None:
    c, store = client
    big = rows_file(tmp_path / "fleet.csv", 6, spans=2).read_bytes()
    r = c.post("/login", data={"username": "rita", "password": PW})
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text).group(1)  # type: ignore[union-attr]
    r = c.post("/screenings", data={"csrf": csrf, "policy": "us-ndaa-889"},
               files={"file": ("fleet.csv", big, "text/csv")})
    assert r.status_code == 400
    assert "fleet.csv: the input has more than 5 rows, the limit of one screening; split it into several files" \
        in r.text
    token = c.post("/api/v1/auth/token", json={"username": "rita", "password": PW}).json()["token"]
    r = c.post("/api/v1/screenings", headers={"Authorization": f"Bearer {token}"},
               files={"file": ("fleet.csv", big, "text/csv")})
    assert r.status_code == 413
    detail = json.loads(r.text)["detail"]
    assert detail.startswith("file: fleet.csv: the input has more than 5 rows") and "limit is 5 rows" in detail
    assert stored(store) == 0 and screened_rows[0] == 0
    # Within the limit, rows over several lines each: screened.
    fits = rows_file(tmp_path / "fits.csv", 5, spans=3).read_bytes()
    r = c.post("/api/v1/screenings", headers={"Authorization": f"Bearer {token}"},
               files={"file": ("fits.csv", fits, "text/csv")})
    assert r.status_code == 201 and r.json()["status"] == "complete" and r.json()["summary"]["rows_in"] == 5
