"""The first schema: learners, progress, the event log, unfollowed tracks, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learner",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_learner_name", "learner", ["name"], unique=True)
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "progress",
        sa.Column(
            "learner_id",
            sa.Integer(),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("path_id", sa.String(), primary_key=True),
        sa.Column("item_id", sa.String(), primary_key=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "learner_id",
            sa.Integer(),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("change", sa.String(), nullable=False),
        sa.Column("path_id", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_status", sa.String(), nullable=False),
        sa.Column("to_status", sa.String(), nullable=False),
        sa.Column("from_note", sa.String(), nullable=False),
        sa.Column("to_note", sa.String(), nullable=False),
        sa.Column("from_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("from_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undoes", sa.Integer(), sa.ForeignKey("event.id"), nullable=True),
        sa.Column("undone_by", sa.Integer(), sa.ForeignKey("event.id"), nullable=True),
    )
    op.create_index("ix_event_learner_id", "event", ["learner_id"])
    op.create_index("ix_event_change", "event", ["change"])
    op.create_index("ix_event_at", "event", ["at"])
    op.create_table(
        "unfollowed_track",
        sa.Column(
            "learner_id",
            sa.Integer(),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("path_id", sa.String(), primary_key=True),
        sa.Column("track_id", sa.String(), primary_key=True),
    )


def downgrade() -> None:
    for table in ("unfollowed_track", "event", "progress", "setting", "learner"):
        op.drop_table(table)
