"""64-bit ids on PostgreSQL: every key, every column that points at one, and the audit log's
sequence number and team become BIGINT, and the sequences that number new rows count as far.
INTEGER stopped at 2**31 - 1: an id past it was a server error on 18 API operations and the web
pages (issue 19). SQLite's INTEGER is already 64-bit: nothing changes there.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The columns that hold ids: keys ("id"), the columns pointing at them ("..._id", "rerun_of"), and
# the audit log's own key ("seq" of audit_log, and of audit_head, which keeps the last one); not
# counts or versions, nor audit_head's own id (its one row is always 1).
ID_COLUMNS = """
SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND data_type = 'integer'
  AND ((column_name = 'id' AND table_name <> 'audit_head') OR right(column_name, 3) = '_id'
       OR column_name = 'rerun_of' OR (table_name IN ('audit_log', 'audit_head') AND column_name = 'seq'))
ORDER BY table_name, column_name
"""


def _widen(to: str) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    query = ID_COLUMNS if to == "bigint" else ID_COLUMNS.replace("'integer'", "'bigint'")
    for table, column in conn.execute(sa.text(query)).all():
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {to}')
        seq = conn.execute(sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table, "c": column}).scalar()
        if seq:
            op.execute(f"ALTER SEQUENCE {seq} AS {to}")


def upgrade() -> None:
    _widen("bigint")


def downgrade() -> None:
    _widen("integer")
