"""Fixtures shared by the store, API and web tests: a store on SQLite, and on a throwaway
PostgreSQL cluster when Debian's postgresql is installed."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user() -> tuple[list[str], int | None, int | None]:
    """A command prefix that runs as an unprivileged user (initdb refuses root), and its ids."""
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "supplyscreen-pg"):
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], pw.pw_uid, pw.pw_gid
    subprocess.run(["useradd", "--system", "--no-create-home", "supplyscreen-pg"], check=True, capture_output=True)
    pw = pwd.getpwnam("supplyscreen-pg")
    return ["runuser", "-u", "supplyscreen-pg", "--"], pw.pw_uid, pw.pw_gid


class PgCluster:
    def __init__(self) -> None:
        binary = _pg_bin()
        if binary is None:
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql): PostgreSQL store tests skipped")
        self.bin = binary
        self.prefix, uid, gid = _as_user()
        self.dir = Path(tempfile.mkdtemp(prefix="supplyscreen-pg-"))
        if uid is not None and gid is not None:
            os.chown(self.dir, uid, gid)
        self.port = _free_port()
        self.data = self.dir / "data"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
                  "--no-sync")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -F"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.dir / "log"), "-w", "-t", "60", "start")
        self.n = 0

    def _run(self, tool: str, *args: str) -> None:
        try:
            subprocess.run([*self.prefix, str(self.bin / tool), *args], check=True, capture_output=True, text=True,
                           timeout=120)
        except subprocess.CalledProcessError as e:
            shutil.rmtree(self.dir, ignore_errors=True)
            pytest.skip(f"PostgreSQL {tool} failed, PostgreSQL store tests skipped: {e.stderr.strip()[-300:]}")

    def new_database(self) -> str:
        import psycopg

        self.n += 1
        name = f"t{self.n}_{int(time.time() * 1000) % 100000}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    pytest.importorskip("psycopg", reason="psycopg is not installed: PostgreSQL store tests skipped")
    cluster = PgCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    pytest.importorskip("sqlalchemy", reason="the service extra is not installed")
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture
def store(store_url: str):  # type: ignore[no-untyped-def]
    from supplyscreen.store import open_store

    st = open_store(store_url)
    yield st
    st.close()


@pytest.fixture
def sqlite_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    pytest.importorskip("sqlalchemy", reason="the service extra is not installed")
    from supplyscreen.store import open_store

    st = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield st
    st.close()


@contextmanager
def live_app(store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The service on ``store``, served by uvicorn on a free loopback port in a thread, for the
    browser tests: yields its base URL and stops it afterwards."""
    import uvicorn

    from supplyscreen.server import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


# Headless Chromium as the browser tests start it: no sandbox (CI runs as root), nothing fetched.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def chromium_or_skip() -> str:
    """Debian's chromium (Playwright's executable_path); skips the calling test module when absent."""
    import pytest

    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): browser test skipped",
                    allow_module_level=True)
    return path
