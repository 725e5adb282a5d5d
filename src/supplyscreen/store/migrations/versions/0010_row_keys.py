"""Row keys: each stored row's key (``Screener.stored_key``) and, per screening, what the keys were
made under, so a portfolio re-screen screens each distinct key once instead of every row
(service/rescreen.py).

Every complete stored screening of a flat list gets its keys here: its stored file is read again
and each row keyed with the registry in use and the screening's policy. A team's own designations
may hold MAC blocks that registry does not; the keying stored beside the keys says so, and
the re-screen keys such a screening's rows afresh when its keying is not the one in use. A
screening that cannot be read again as it was stored (its policy gone, its rows not the ones
stored) keeps no keys and is re-screened row by row, as before.

Revision ID: 0010
Revises: 0009
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Keys and 64-bit digests are BIGINT on PostgreSQL (store/models.py ID).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Plain ALTER TABLE on both stores (SQLite adds and, since 3.35, drops a column in place): a
    # copy of the table would cost a million-row store a copy of its items, and on SQLite dropping
    # the old screenings table would take its items with it (ON DELETE CASCADE).
    op.add_column("screenings", sa.Column("row_keying", sa.String(length=64), nullable=False, server_default=""))
    op.add_column("items", sa.Column("row_key", ID, nullable=True))
    _backfill(op.get_bind())


def _backfill(conn: Any) -> None:
    todo = list(conn.execute(sa.text(
        "SELECT id, policy, kind, file_name FROM screenings WHERE status = 'complete' AND kind <> 'bom' "
        "ORDER BY id")))
    if not todo:
        return  # a new store, or nothing to key: the registry is not loaded for nothing
    from supplyscreen.service.rescreen import stored_keys  # the same keys a screening stores today

    screeners: dict[str, Any] = {}
    for sid, policy, kind, name in todo:
        data = conn.execute(sa.text("SELECT input FROM screenings WHERE id = :sid"), {"sid": sid}).scalar_one()
        stored = conn.execute(sa.text("SELECT count(*) FROM items WHERE screening_id = :sid"),
                              {"sid": sid}).scalar_one()
        keyed = stored_keys(screeners, policy, kind, name, bytes(data or b""), stored)
        if keyed is None:
            continue
        keying, keys = keyed
        conn.execute(sa.text("UPDATE items SET row_key = :key WHERE screening_id = :sid AND seq = :seq"),
                     [{"key": k, "sid": sid, "seq": n} for n, k in enumerate(keys, 1) if k is not None])
        conn.execute(sa.text("UPDATE screenings SET row_keying = :keying WHERE id = :sid"),
                     {"keying": keying, "sid": sid})


def downgrade() -> None:
    op.drop_column("items", "row_key")
    op.drop_column("screenings", "row_keying")
