"""Large screenings: the item's site as a column, indices that page and filter one screening's
items (by decision, maker, site, evidence) and count them without reading the rows, and each
screening's counts by maker, site and rule, written with its items.

Items stored before keep an empty site: it was never stored apart from the input (a re-run fills it).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDICES = {
    "ix_items_screening_decision": ["screening_id", "decision"],
    "ix_items_screening_maker": ["screening_id", "maker"],
    "ix_items_screening_site": ["screening_id", "site"],
    "ix_items_screening_evidence": ["screening_id", "evidence_id", "maker"],
}


def upgrade() -> None:
    op.create_table(
        "screening_facets",
        # 64-bit like every key since 0006 (SQLite's INTEGER already is).
        sa.Column("screening_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["screening_id"], ["screenings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("screening_id"),
    )
    with op.batch_alter_table("items", schema=None) as b:
        b.add_column(sa.Column("site", sa.String(length=300), nullable=False, server_default=""))
    for name, cols in INDICES.items():
        op.create_index(name, "items", cols)


def downgrade() -> None:
    op.drop_table("screening_facets")
    for name in INDICES:
        op.drop_index(name, table_name="items")
    with op.batch_alter_table("items", schema=None) as b:
        b.drop_column("site")
