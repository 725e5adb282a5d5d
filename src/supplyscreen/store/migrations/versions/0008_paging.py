"""Large screenings: the item's site as a column, and indices that page and filter one screening's
items (by decision, maker, site, evidence) and count them without reading the rows.

Items stored before keep an empty site: it was never stored apart from the input (a re-run fills it).

Revision ID: 0008
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None

INDICES = {
    "ix_items_screening_decision": ["screening_id", "decision"],
    "ix_items_screening_maker": ["screening_id", "maker"],
    "ix_items_screening_site": ["screening_id", "site"],
    "ix_items_screening_evidence": ["screening_id", "evidence_id"],
}


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as b:
        b.add_column(sa.Column("site", sa.String(length=300), nullable=False, server_default=""))
    for name, cols in INDICES.items():
        op.create_index(name, "items", cols)


def downgrade() -> None:
    for name in INDICES:
        op.drop_index(name, table_name="items")
    with op.batch_alter_table("items", schema=None) as b:
        b.drop_column("site")
