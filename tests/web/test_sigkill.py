"""SIGKILL the server during a screening: after a restart the screening is `interrupted`, never
complete, and the audit chain verifies."""

from __future__ import annotations

import contextlib
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


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(url: str, port: int, tmp: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SUPPLYSCREEN_ADMIN_PASSWORD": PW, "SUPPLYSCREEN_DATABASE_URL": url,
           "SUPPLYSCREEN_UPLOAD_LIMIT": str(50 * 1024 * 1024)}
    proc = subprocess.Popen([sys.executable, "-m", "supplyscreen", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=(tmp / f"serve-{port}.log").open("wb"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("the server did not start: " + (tmp / f"serve-{port}.log").read_text())


def test_sigkill_during_screening_leaves_no_complete_partial(tmp_path: Path) -> None:
    from supplyscreen.store import audit, open_store
    from supplyscreen.store import models as m

    url = f"sqlite:///{tmp_path / 'store.db'}"
    # Distinct made-up makers defeat the screener's cache, so the screening takes seconds.
    rows = "\n".join(f"R{n},Maker{n} Widgets {n % 97} Ltd,Model {n}" for n in range(60_000))
    data = ("id,vendor,product\n" + rows + "\n").encode()
    port = _port()
    proc = _serve(url, port, tmp_path)
    try:
        base = f"http://127.0.0.1:{port}"
        token = httpx.post(f"{base}/api/v1/auth/token", json={"username": "admin", "password": PW}).json()["token"]

        def submit() -> None:
            with contextlib.suppress(httpx.TransportError):  # the server dies under it
                httpx.post(f"{base}/api/v1/screenings", headers={"Authorization": f"Bearer {token}"},
                           files={"file": ("big.csv", data, "text/csv")}, timeout=120)

        t = threading.Thread(target=submit, daemon=True)
        t.start()
        st = open_store(url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with st.session() as s:
                if s.query(m.Screening).filter(m.Screening.status == m.RUNNING).count():
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the screening never started")
        time.sleep(0.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        t.join(10)
        with st.session() as s:
            assert s.query(m.Screening).filter(m.Screening.status == m.COMPLETE).count() == 0
        proc = _serve(url, port, tmp_path)  # a restart recovers the store
        listed = httpx.get(f"{base}/api/v1/screenings", headers={"Authorization": f"Bearer {token}"}).json()
        assert [x["status"] for x in listed] == ["interrupted"]
        with st.session() as s:
            assert audit.verify(s).ok
            assert s.query(m.ScreeningItem).count() == 0
        st.close()
    finally:
        proc.kill()
        proc.wait(10)
