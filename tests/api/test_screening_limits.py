"""A test per limit: the hostile input of one team is refused (or its row kept) with the limit
named, while another team's screening, submitted at the same time, completes. The CPU and memory
budgets hold in the screening processes: the screening past them fails, the process goes on."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("httpx", reason="httpx is needed by FastAPI's TestClient")

from fastapi.testclient import TestClient
from sqlalchemy import select

from supplyscreen.server import create_app
from supplyscreen.service import users
from supplyscreen.service.limits import ScreeningBudget
from supplyscreen.sources import limits
from supplyscreen.sources.limits import LIMITS, InputLimits
from supplyscreen.store import models as m

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "service_limits"))
from make_inputs import deep_cyclonedx, xlsx

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()
PW = "correct horse battery"
HEADER = "vendor,model,purpose\n"
ROWS = MIXED.count(b"\n")  # a row limit blue's list just fits under (its header counted as a row too)
CSV, XLSX, XML, JSON = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "application/xml", "application/json")

# name, bytes, content type, what the screening says (status, and text in its error or in a row's problem)
HOSTILE = {
    "cell": ("cell.csv", (HEADER + "Acme," + "M" * (LIMITS.cell_chars + 5) + ",camera\n").encode(), CSV,
             ("complete", "over the limit of 32,767 (Excel's own cell limit)")),
    "row": ("row.csv", (HEADER + "Acme,X1,camera" + ",xx" * (LIMITS.row_chars // 2 + 5) + "\n").encode(), CSV,
            ("complete", f"over the limit of {LIMITS.row_chars:,}")),
    "zip": ("bomb.xlsx", xlsx("A" * (4 * 2**20)), XLSX, ("failed", "zip bomb")),
    "xml-depth": ("deep.cdx.xml", deep_cyclonedx(LIMITS.xml_depth + 1).encode(), XML,
                  ("failed", f"nests elements more than {LIMITS.xml_depth} deep")),
    "json-depth": ("deep.json", ('[{"vendor": "Acme", "model": ' + "[" * 100_000 + "]" * 100_000 + "}]").encode(),
                   JSON, ("failed", "nests arrays or objects past the limit")),
    # Counted before screening: refused in the answer (413), nothing stored.
    "rows": ("rows.csv", (HEADER + "Acme,X1,camera\n" * (ROWS + 1)).encode(), CSV,
             ("refused", f"file: rows.csv: the input has more than {ROWS} rows, the limit of one screening")),
}


def _teams(store: Any) -> None:
    with store.session() as s:
        for team in ("red", "blue"):
            users.create_user(s, team, f"officer-{team}", PW, "officer")


def _token(client: TestClient, who: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": who, "password": PW})
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _at_once(client: TestClient, bad: tuple[str, bytes, str]) -> tuple[dict[str, Any], Any]:
    """Red's hostile file and blue's ordinary list, submitted at the same time."""
    red, blue = _token(client, "officer-red"), _token(client, "officer-blue")
    got: dict[str, Any] = {}

    def send(who: str, headers: dict[str, str], f: tuple[str, bytes, str]) -> None:
        got[who] = client.post("/api/v1/screenings", headers=headers, files={"file": f})

    threads = [threading.Thread(target=send, args=("red", red, bad)),
               threading.Thread(target=send, args=("blue", blue, ("mixed.csv", MIXED, CSV)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    b = got["blue"]
    assert b.status_code == 201 and b.json()["status"] == "complete" and b.json()["decision"] == "exclude", b.text
    if got["red"].status_code == 503:  # refused where no screening could record it: the reason, in the answer
        return {"status": "failed", "error": got["red"].json()["detail"]}, None
    if got["red"].status_code == 413:  # refused before screening: the reason, in the answer
        return {"status": "refused", "error": got["red"].json()["detail"]}, None
    assert got["red"].status_code == 201, got["red"].text
    return got["red"].json(), client.get(f"/api/v1/screenings/{got['red'].json()['id']}", headers=red).json()


@pytest.mark.parametrize("limit", sorted(HOSTILE))
def test_each_input_limit_refuses_with_its_reason_while_another_team_screens(
        limit: str, sqlite_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "LIMITS", InputLimits(rows=ROWS))  # the rows case, without a 2M-row upload
    _teams(sqlite_store)
    name, data, ctype, (status, says) = HOSTILE[limit]
    with TestClient(create_app(sqlite_store, web=False, upload_limit=32 * 2**20)) as client:
        summary, full = _at_once(client, (name, data, ctype))
    assert summary["status"] == status, summary
    if status in ("failed", "refused"):
        assert says in summary["error"], summary["error"]
    else:  # the row is kept, as an item with the limit for its problem
        problems = [i["result"].get("problem", "") for i in full["items"]]
        assert any(says in p for p in problems), problems


def _costly(rows: int) -> bytes:
    """An ordinary-looking list of many different makers: CPU work row after row."""
    return (HEADER + "".join(f"Maker{i * 7919 % 99991} Systems,Model-{i},camera {i}\n" for i in range(rows))).encode()


def test_a_screening_past_its_cpu_budget_fails_and_the_others_go_on(sqlite_store: Any) -> None:
    _teams(sqlite_store)
    app = create_app(sqlite_store, web=False, upload_limit=32 * 2**20, screening_processes=2,
                     budget=ScreeningBudget(cpu_seconds=2, memory_bytes=0))
    with TestClient(app) as client:
        pids = {p.pid for p in app.state.screening_pool._all}
        summary, _ = _at_once(client, ("costly.csv", _costly(150_000), CSV))
        assert summary["status"] == "failed" and "more than 2 s of CPU, the limit of one screening" in summary["error"]
        # The process that ran it is the same one, and screens the next file.
        assert {p.pid for p in app.state.screening_pool._all} == pids
        again, _ = _at_once(client, ("mixed.csv", MIXED, CSV))
        assert again["status"] == "complete"


def test_a_screening_past_its_memory_budget_fails_and_the_others_go_on(sqlite_store: Any) -> None:
    _teams(sqlite_store)
    big = json.dumps([{"vendor": f"Maker {i}", "model": f"M{i}" * 20, "purpose": "camera" * 10}
                      for i in range(120_000)]).encode()  # ~28 MB: its objects take several times that
    app = create_app(sqlite_store, web=False, upload_limit=32 * 2**20, screening_processes=2,
                     budget=ScreeningBudget(cpu_seconds=0, memory_bytes=96 << 20))
    with TestClient(app) as client:
        summary, _ = _at_once(client, ("big.json", big, JSON))
        assert summary["status"] == "failed", summary
        assert "more than 96 MiB of memory, the limit of one screening" in summary["error"]
        again, _ = _at_once(client, ("mixed.csv", MIXED, CSV))  # both processes go on
        assert again["status"] == "complete"
    with sqlite_store.session() as s:  # nothing left running
        assert not s.scalars(select(m.Screening).where(m.Screening.status == m.RUNNING)).all()
