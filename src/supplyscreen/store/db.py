"""Engine and session set-up, and running the migrations that ship in the package."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from supplyscreen import settings
from supplyscreen.store import models as m

MIGRATIONS = Path(__file__).parent / "migrations"
# Writers wait this long for SQLite's single write lock instead of failing at once: a screening
# of 100,000 rows commits in well under this on a laptop.
SQLITE_BUSY_SECONDS = 60


def engine_for(url: str) -> Engine:
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")  # psycopg 3; the bare name would ask for psycopg2
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            u, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}, pool_pre_ping=False
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(u, pool_pre_ping=True, pool_size=10, max_overflow=20)


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
        self.sessions = sessionmaker(engine, expire_on_commit=False)

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

    def recover(self) -> int:
        """Mark screenings left `running` by a killed process as `interrupted`; returns how many.

        Call once at start-up, before serving: a screening still running in another live process
        would be marked too, so only one server process may own a store.
        """
        from supplyscreen.store import audit

        with self.session() as s:
            ids = list(s.scalars(select(m.Screening.id).where(m.Screening.status == m.RUNNING)))
            if ids:
                s.execute(
                    update(m.Screening)
                    .where(m.Screening.id.in_(ids))
                    .values(status=m.INTERRUPTED, finished=m.utcnow(), error="the server stopped during screening")
                )
                for i in ids:
                    audit.append(s, "system", "screening.interrupted", f"screening:{i}", {"screening": i}, None)
        return len(ids)

    def close(self) -> None:
        self.engine.dispose()
