"""A work queue shared by workers on several hosts; registry versions put in use from the service;
portfolio re-screens with their per-item changes and per-team alerts; teams' webhooks and their
delivery log.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Keys and the columns pointing at them are 64-bit on PostgreSQL, as 0006 made every earlier one
# (store/models.py ID); SQLite's INTEGER is already 64-bit.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", ID, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("team_id", ID, sa.ForeignKey("teams.id"), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("input", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        _when("run_after"),
        sa.Column("worker", sa.String(length=200), nullable=False),
        _when("lease_until", True),
        sa.Column("screening_id", ID, sa.ForeignKey("screenings.id"), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        _when("created"),
        _when("finished", True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_jobs_ready", "jobs", ["status", "run_after"])
    op.create_index("ix_jobs_group", "jobs", ["group_id", "status"])
    op.create_table(
        "registry_versions",
        sa.Column("id", ID, nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("built", sa.String(length=50), nullable=False),
        sa.Column("diff", sa.Text(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        _when("at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rescreen_runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("registry_version_id", ID, sa.ForeignKey("registry_versions.id"), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("screenings", sa.Integer(), nullable=False),
        _when("started"),
        _when("finished", True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rescreen_changes",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, sa.ForeignKey("rescreen_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("team_id", ID, sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("screening_id", ID, sa.ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", ID, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=300), nullable=False),
        sa.Column("was_decision", sa.String(length=20), nullable=False),
        sa.Column("was_final", sa.String(length=20), nullable=False),
        sa.Column("was_reason", sa.Text(), nullable=False),
        sa.Column("now_decision", sa.String(length=20), nullable=False),
        sa.Column("now_final", sa.String(length=20), nullable=False),
        sa.Column("now_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "screening_id", "seq"),
    )
    op.create_index("ix_rescreen_changes_team", "rescreen_changes", ["team_id", "run_id"])
    op.create_table(
        "rescreen_alerts",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, sa.ForeignKey("rescreen_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("team_id", ID, sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("screenings", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        _when("created"),
        sa.Column("seen_by", sa.String(length=200), nullable=False),
        _when("seen_at", True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "team_id"),
    )
    op.create_index("ix_rescreen_alerts_team_id", "rescreen_alerts", ["team_id"])
    op.create_table(
        "webhooks",
        sa.Column("id", ID, nullable=False),
        sa.Column("team_id", ID, sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        _when("created"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhooks_team_id", "webhooks", ["team_id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", ID, nullable=False),
        sa.Column("webhook_id", ID, sa.ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alert_id", ID, sa.ForeignKey("rescreen_alerts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("job_id", ID, sa.ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        _when("at"),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        _when("next_try", True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_deliveries_webhook_id", "webhook_deliveries", ["webhook_id"])


def downgrade() -> None:
    for index, table in (("ix_webhook_deliveries_webhook_id", "webhook_deliveries"), ("ix_webhooks_team_id", "webhooks"),
                         ("ix_rescreen_alerts_team_id", "rescreen_alerts"),
                         ("ix_rescreen_changes_team", "rescreen_changes"), ("ix_jobs_group", "jobs"),
                         ("ix_jobs_ready", "jobs")):
        op.drop_index(index, table_name=table)
    for table in ("webhook_deliveries", "webhooks", "rescreen_alerts", "rescreen_changes", "rescreen_runs",
                  "registry_versions", "jobs"):
        op.drop_table(table)
