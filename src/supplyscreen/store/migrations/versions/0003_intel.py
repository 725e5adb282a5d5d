"""Restriction events from news: a team's articles and the events worked out from them.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intel_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "digest"),
    )
    with op.batch_alter_table("intel_articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intel_articles_team_id"), ["team_id"], unique=False)
    op.create_table(
        "intel_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("jurisdiction", sa.String(length=100), nullable=False),
        sa.Column("authority", sa.String(length=300), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("corroboration", sa.Integer(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "key"),
    )
    with op.batch_alter_table("intel_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intel_events_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("intel_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_events_team_id"))
    op.drop_table("intel_events")
    with op.batch_alter_table("intel_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_articles_team_id"))
    op.drop_table("intel_articles")
