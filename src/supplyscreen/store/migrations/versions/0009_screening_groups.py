"""Large screenings, second pass: each complete screening's items that carry evidence, counted per
(evidence, maker), so the events page matches a few thousand groups instead of grouping every item
of every screening on each view (1.4 s at a million items).

Every stored screening gets its groups here, from its items; a screening stored since gets them
with its items (service/screenings.py). Items stored before evidence had a table of its own (0004)
have no evidence row and no group: the events page reads those items as before.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Keys and the columns pointing at them are 64-bit on PostgreSQL (store/models.py ID).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "screening_groups",
        sa.Column("screening_id", ID, nullable=False),
        sa.Column("evidence_id", ID, nullable=False),
        sa.Column("maker", sa.String(length=300), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("first_item", ID, nullable=False),
        sa.ForeignKeyConstraint(["screening_id"], ["screenings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"]),
        sa.PrimaryKeyConstraint("screening_id", "evidence_id", "maker"),
    )
    # Every stored screening's groups, in one pass over the (screening, evidence, maker) index.
    op.execute(
        "INSERT INTO screening_groups (screening_id, evidence_id, maker, items, first_item) "
        "SELECT screening_id, evidence_id, maker, count(*), min(id) FROM items "
        "WHERE evidence_id IS NOT NULL GROUP BY screening_id, evidence_id, maker")


def downgrade() -> None:
    op.drop_table("screening_groups")
