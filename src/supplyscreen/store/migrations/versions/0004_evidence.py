"""An item's evidence and rules in a table of their own, stored once for every item they decided.

Items stored before keep their whole rendering in ``items.result`` and no evidence row; readers
take both forms (``models.item_doc``), and the audit digest of their screening is unchanged.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest"),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_items_evidence_id", "evidence", ["evidence_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_constraint("fk_items_evidence_id", type_="foreignkey")
        batch_op.drop_column("evidence_id")
    op.drop_table("evidence")
