"""`serve --workers 2`: concurrent submissions through two server processes keep one audit
chain that verifies, and every screening completes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the service extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx is not installed")

PW = "correct horse battery"
MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_two_workers_share_one_audit_chain(tmp_path: Path) -> None:
    from supplyscreen.service.verify import verify_chain
    from supplyscreen.store import models as m
    from supplyscreen.store import open_store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    port = _port()
    env = {**os.environ, "SUPPLYSCREEN_ADMIN_PASSWORD": PW, "SUPPLYSCREEN_DATABASE_URL": url}
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "supplyscreen", "serve", "--port", str(port), "--workers", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("the server did not start: " + (tmp_path / "serve.log").read_text())
                time.sleep(0.2)
        admin = httpx.post(base + "/api/v1/auth/token", json={"username": "admin", "password": PW}).json()["token"]
        errors: list[str] = []

        def client(k: int) -> None:
            # A connection per request, so the kernel hands requests to both processes.
            for n in range(4):
                r = httpx.post(base + "/api/v1/screenings", headers={"Authorization": f"Bearer {admin}"},
                               files={"file": (f"c{k}-{n}.csv", MIXED, "text/csv")}, timeout=120)
                if r.status_code != 201 or r.json()["status"] != "complete":
                    errors.append(f"{r.status_code} {r.text[:200]}")

        threads = [threading.Thread(target=client, args=(k,)) for k in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        assert errors == []
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    st = open_store(url)
    with st.session() as s:
        v = verify_chain(s)
        assert v.ok, v.problem
        done = s.query(m.AuditRecord).filter(m.AuditRecord.action == "screening.completed").count()
        assert done == 24 == s.query(m.Screening).filter(m.Screening.status == m.COMPLETE).count()
    st.close()


def test_serve_documents_workers() -> None:
    out = subprocess.run([sys.executable, "-m", "supplyscreen", "serve", "--help"], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "200"}, timeout=60).stdout
    assert "--workers" in out and "one per core" in out
