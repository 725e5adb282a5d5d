"""Decisions that hold up: narrow, revocable waivers and false positives linked to the items they
clear; per-bid versions, replies and overrides of procurement cases; the designation list pinned
to a case.

Waivers granted before had no status: a revoked one becomes ``revoked``, the others ``active``
with the scope they were granted with (``entity`` or ``maker``). Replies recorded before replies
were per bid stay in their consultation's columns (and verify against their records as before).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("waivers", schema=None) as b:
        b.add_column(sa.Column("model", sa.String(length=300), nullable=False, server_default=""))
        b.add_column(sa.Column("product", sa.String(length=300), nullable=False, server_default=""))
        b.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="active"))
        b.add_column(sa.Column("approved_by", sa.String(length=200), nullable=False, server_default=""))
        b.add_column(sa.Column("approved", sa.DateTime(timezone=True), nullable=True))
        b.add_column(sa.Column("revoked_by", sa.String(length=200), nullable=False, server_default=""))
        b.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        b.add_column(sa.Column("revoked_reason", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("item_id", sa.Integer(), nullable=True))
        b.create_foreign_key("fk_waivers_item_id", "items", ["item_id"], ["id"], ondelete="SET NULL")
    op.execute("UPDATE waivers SET status = 'revoked' WHERE revoked")
    op.execute("UPDATE waivers SET scope = CASE WHEN maker = '' THEN 'entity' ELSE 'maker' END")
    with op.batch_alter_table("waivers", schema=None) as b:
        b.drop_column("revoked")
    with op.batch_alter_table("false_positives", schema=None) as b:
        b.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="active"))
        b.add_column(sa.Column("revoked_by", sa.String(length=200), nullable=False, server_default=""))
        b.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        b.add_column(sa.Column("revoked_reason", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("items", schema=None) as b:
        b.add_column(sa.Column("model", sa.String(length=300), nullable=False, server_default=""))
        b.add_column(sa.Column("product", sa.String(length=300), nullable=False, server_default=""))
        b.add_column(sa.Column("waiver_id", sa.Integer(), nullable=True))
        b.add_column(sa.Column("false_positive_id", sa.Integer(), nullable=True))
        b.create_foreign_key("fk_items_waiver_id", "waivers", ["waiver_id"], ["id"], ondelete="SET NULL")
        b.create_foreign_key("fk_items_false_positive_id", "false_positives", ["false_positive_id"], ["id"],
                             ondelete="SET NULL")
    with op.batch_alter_table("case_bids", schema=None) as b:
        b.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("case_bid_files", schema=None) as b:
        b.add_column(sa.Column("bid_version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("case_questions", schema=None) as b:
        b.add_column(sa.Column("facts", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("case_consultations", schema=None) as b:
        b.add_column(sa.Column("purpose", sa.String(length=10), nullable=False, server_default="consult"))
        b.add_column(sa.Column("bids", sa.Text(), nullable=False, server_default="{}"))
    op.create_table(
        "case_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("bid_version", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("reply_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["consultation_id"], ["case_consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["bid_id"], ["case_bids.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consultation_id", "bid_id"),
    )
    op.create_index("ix_case_replies_case_id", "case_replies", ["case_id"])
    op.create_table(
        "case_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("bid_version", sa.Integer(), nullable=False),
        sa.Column("blocked", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(length=200), nullable=False),
        sa.Column("confirmed", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["bid_id"], ["case_bids.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_overrides_case_id", "case_overrides", ["case_id"])
    op.create_table(
        "case_designation_pins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("pinned_by", sa.String(length=200), nullable=False),
        sa.Column("pinned", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_designation_pins_case_id", "case_designation_pins", ["case_id"])
    with op.batch_alter_table("case_decisions", schema=None) as b:
        b.add_column(sa.Column("override_id", sa.Integer(), nullable=True))
        b.create_foreign_key("fk_case_decisions_override_id", "case_overrides", ["override_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("case_decisions", schema=None) as b:
        b.drop_constraint("fk_case_decisions_override_id", type_="foreignkey")
        b.drop_column("override_id")
    for name in ("case_designation_pins", "case_overrides", "case_replies"):
        op.drop_index(f"ix_{name}_case_id", table_name=name)
        op.drop_table(name)
    with op.batch_alter_table("case_consultations", schema=None) as b:
        b.drop_column("bids")
        b.drop_column("purpose")
    with op.batch_alter_table("case_questions", schema=None) as b:
        b.drop_column("facts")
    with op.batch_alter_table("case_bid_files", schema=None) as b:
        b.drop_column("bid_version")
    with op.batch_alter_table("case_bids", schema=None) as b:
        b.drop_column("version")
    with op.batch_alter_table("items", schema=None) as b:
        b.drop_constraint("fk_items_false_positive_id", type_="foreignkey")
        b.drop_constraint("fk_items_waiver_id", type_="foreignkey")
        b.drop_column("false_positive_id")
        b.drop_column("waiver_id")
        b.drop_column("product")
        b.drop_column("model")
    with op.batch_alter_table("false_positives", schema=None) as b:
        for c in ("revoked_reason", "revoked_at", "revoked_by", "status"):
            b.drop_column(c)
    with op.batch_alter_table("waivers", schema=None) as b:
        b.add_column(sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE waivers SET revoked = (status = 'revoked')")
    with op.batch_alter_table("waivers", schema=None) as b:
        b.drop_constraint("fk_waivers_item_id", type_="foreignkey")
        for c in ("item_id", "revoked_reason", "revoked_at", "revoked_by", "approved", "approved_by", "status",
                  "product", "model"):
            b.drop_column(c)
