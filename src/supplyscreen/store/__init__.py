"""The persistent store: SQLAlchemy tables (``models``), Alembic migrations, the session and its
writers' turns (``db``), and the audit chain's append and read (``audit``). What the application does
with them is ``service/``.

SQLite file by default (``SUPPLYSCREEN_DATABASE_URL``), PostgreSQL by URL. Nothing here is
imported at CLI start-up; ``open_store`` loads SQLAlchemy on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supplyscreen.store.db import Store


def open_store(url: str | None = None, migrate: bool = True) -> Store:
    """Connect to ``url`` (default: the settings' database URL) and bring its schema up to date."""
    from supplyscreen.store.db import Store

    return Store.open(url, migrate=migrate)


__all__ = ["open_store"]
