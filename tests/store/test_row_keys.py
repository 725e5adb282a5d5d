"""Row keys (migration 0010): each stored row's key and its screening's keying, written when a
screening is stored and, for screenings stored before, by the migration; the models and the
migrations agree on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from sqlalchemy import select

from supplyscreen.service import screenings, users
from supplyscreen.store import models as m

ASSETS = Path(__file__).parent.parent / "assets"
FILES = (("mixed.csv", (ASSETS / "check" / "mixed.csv").read_bytes()),
         ("inventory.csv", (ASSETS / "sources" / "inventory.csv").read_bytes()),
         ("camera.cdx.json", (ASSETS / "sources" / "cyclonedx.json").read_bytes()),
         ("fleet.csv", b"id,vendor,product,purpose\n" + b"".join(
             b"F%d,%s,Switch,office\n" % (n, maker) for n, maker in enumerate([b"Cisco Systems", b"Hikvision"] * 3))))


def _alembic(store: Any, verb: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from supplyscreen.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, verb)(cfg, revision)


def _keys(store: Any) -> dict[int, tuple[str, str, list[int | None]]]:
    with store.session() as s:
        return {sc.id: (sc.kind, sc.row_keying, list(s.scalars(select(m.ScreeningItem.row_key).where(
            m.ScreeningItem.screening_id == sc.id).order_by(m.ScreeningItem.seq))))
            for sc in s.scalars(select(m.Screening).order_by(m.Screening.id))}


def test_the_migration_gives_stored_screenings_the_keys_a_screening_stores(store: Any) -> None:
    with store.session() as s:
        team = users.create_user(s, "red", "officer-red", "correct horse battery", "officer").team_id
    for name, data in FILES:
        screenings.submit(store, screenings.Submission(team, "officer-red", None, name, data, "us-ndaa-889"))
    stored = _keys(store)
    by_kind = {kind: (keying, keys) for kind, keying, keys in stored.values()}
    # A flat list's rows each carry a key; a bill of materials' do not (its assemblies are decided
    # from their parts, not by key), and neither does a row read only in part.
    assert by_kind["bom"] == ("", [None] * len(by_kind["bom"][1]))
    assert all(keying for kind, keying, _ in stored.values() if kind != "bom")
    fleet = stored[max(stored)][2]
    assert len(fleet) == 6 and len(set(fleet)) == 2 and None not in fleet  # two devices, three times each
    # Stored before 0010: no keys. The migration works them out from each stored file.
    _alembic(store, "downgrade", "0009")
    _alembic(store, "upgrade", "head")
    assert _keys(store) == stored
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import supplyscreen.service.cases  # noqa: F401  (its tables are in the same metadata)

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), m.Base.metadata) == []


def test_a_screening_whose_file_no_longer_gives_its_rows_gets_no_keys(store: Any) -> None:
    with store.session() as s:
        team = users.create_user(s, "red", "officer-red", "correct horse battery", "officer").team_id
    name, data = FILES[0]
    sid = screenings.submit(store, screenings.Submission(team, "officer-red", None, name, data, "us-ndaa-889"))
    _alembic(store, "downgrade", "0009")
    with store.session() as s:  # one row fewer stored than the file gives: keys would be misplaced
        s.execute(m.ScreeningItem.__table__.delete().where(m.ScreeningItem.screening_id == sid,
                                                           m.ScreeningItem.seq == 1))
    _alembic(store, "upgrade", "head")
    (_, keying, keys), = _keys(store).values()
    assert keying == "" and set(keys) == {None}
