"""Engine and session set-up, and running the migrations that ship in the package."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from supplyscreen import settings
from supplyscreen.store import models as m

try:
    import fcntl
except ImportError:  # not POSIX: writers wait in SQLite's own busy handler
    fcntl = None  # type: ignore[assignment]

MIGRATIONS = Path(__file__).parent / "migrations"
# Writers wait this long for SQLite's single write lock instead of failing at once: a screening
# of 100,000 rows commits in well under this on a laptop.
SQLITE_BUSY_SECONDS = 60


def engine_for(url: str) -> Engine:
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")  # psycopg 3; the bare name would ask for psycopg2
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:" and not u.database.startswith("file:"):
            private_file(Path(u.database))
        engine = create_engine(
            u, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}, pool_pre_ping=False
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(u, pool_pre_ping=True, pool_size=10, max_overflow=20)


def private_file(path: Path) -> None:
    """Create the database file readable by its owner only (0600), in a folder of its own (0700)
    when the folder is new: the store holds password hashes and every screened list. An existing
    folder or file keeps the permissions its owner gave it."""
    for folder in reversed([path.parent, *path.parent.parents]):
        if not folder.exists():
            folder.mkdir(mode=0o700, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600))


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers go on while a screening is written; foreign keys are off unless asked for.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")  # durable at each WAL checkpoint, safe against app crashes
    cur.close()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration (idempotent)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store:
    """A connected, migrated database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=False)
        """The full URL, for other processes to connect with and as the key of per-database memos."""
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer_lock: tuple[threading.Lock, int] | None = None
        self._writer_lock_made = threading.Lock()

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> Store:
        engine = engine_for(url or settings.load().database_url)
        if migrate:
            globals()["migrate"](engine)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions() as s, s.begin():
            yield s

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """A session for a short write transaction; on an SQLite file, writers take turns first.

        SQLite lets one writer at a time in, and one that finds the lock taken polls with sleeps
        of 1, 2, 5, 10 … up to 100 ms: with a few server processes writing, those sleeps were most
        of the latency tail, and the cores idled while every writer slept. A kernel file lock
        wakes the next writer the moment the previous one lets go. Readers never wait (WAL), and
        a writer that does not use this method still waits in SQLite's busy handler as before.
        Open the session when the writes are ready: every other writer waits for it to close.
        """
        lock = self._writers()
        if lock is None:
            with self.session() as s:
                yield s
            return
        in_process, fd = lock
        with in_process:  # one thread of this process at a time: flock is per open file, not per thread
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                with self.session() as s:
                    yield s
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def _writers(self) -> tuple[threading.Lock, int] | None:
        """This process's handle on the writers' lock file (next to the database), opened once."""
        if self._writer_lock is not None:
            return self._writer_lock
        db = self.engine.url.database
        if fcntl is None or self.dialect != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
            return None
        with self._writer_lock_made:
            if self._writer_lock is None:
                fd = os.open(f"{db}-writers.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                self._writer_lock = (threading.Lock(), fd)
        return self._writer_lock

    def recover(self, started_before: dt.datetime | None = None,
                reason: str = "the server stopped during screening", ids: list[int] | None = None,
                status: str = m.INTERRUPTED) -> int:
        """Mark screenings left `running` by a killed process as ``status`` (`interrupted`, or
        `failed` when the reason is known) with ``reason``; returns how many.

        Call once at start-up, before serving: a screening still running in another live process
        would be marked too, so only one server process may own a store. ``started_before``
        limits it to screenings started before then; ``ids`` to those (the screenings one dead
        screening process held: the other processes' go on).
        """
        from supplyscreen.store import audit

        with self.session() as s:
            running = select(m.Screening.id).where(m.Screening.status == m.RUNNING)
            if started_before is not None:
                running = running.where(m.Screening.started < started_before)
            if ids is not None:
                running = running.where(m.Screening.id.in_(ids))
            found = list(s.scalars(running))
            if found:
                s.execute(
                    update(m.Screening)
                    .where(m.Screening.id.in_(found))
                    .values(status=status, finished=m.utcnow(), error=reason)
                )
                action = "screening.interrupted" if status == m.INTERRUPTED else "screening.failed"
                for i in found:
                    payload: dict[str, Any] = {"screening": i}
                    if status != m.INTERRUPTED:
                        payload["error"] = reason
                    audit.append(s, "system", action, f"screening:{i}", payload, None)
        return len(found)

    def close(self) -> None:
        self.engine.dispose()
        if self._writer_lock is not None:
            os.close(self._writer_lock[1])
            self._writer_lock = None
