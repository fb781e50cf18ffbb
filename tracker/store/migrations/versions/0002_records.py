"""Records beyond a status: reading depth of papers, review intervals, evidence, time
spent, review answers, resource ticks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _learner() -> sa.Column:
    return sa.Column(
        "learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False
    )


def _item() -> list[sa.Column]:
    return [
        sa.Column("path_id", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    # Nullable columns: SQLite adds them in place, without copying the table.
    op.add_column("learner", sa.Column("review_days", sa.String(), nullable=True))
    op.add_column("progress", sa.Column("depth", sa.String(), nullable=True))
    op.add_column("event", sa.Column("from_depth", sa.String(), nullable=True))
    op.add_column("event", sa.Column("to_depth", sa.String(), nullable=True))
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        _learner(),
        *_item(),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "time_spent",
        sa.Column("id", sa.Integer(), primary_key=True),
        _learner(),
        *_item(),
        sa.Column("seconds", sa.Integer(), nullable=False),
    )
    op.create_table(
        "review_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        _learner(),
        *_item(),
        sa.Column("passed", sa.Boolean(), nullable=False),
    )
    for table in ("evidence", "time_spent", "review_answer"):
        op.create_index(f"ix_{table}_learner_id", table, ["learner_id"])
    op.create_table(
        "resource_tick",
        sa.Column(
            "learner_id",
            sa.Integer(),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("path_id", sa.String(), primary_key=True),
        sa.Column("item_id", sa.String(), primary_key=True),
        sa.Column("url", sa.String(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("resource_tick", "review_answer", "time_spent", "evidence"):
        op.drop_table(table)
    with op.batch_alter_table("event") as event:
        event.drop_column("to_depth")
        event.drop_column("from_depth")
    with op.batch_alter_table("progress") as progress:
        progress.drop_column("depth")
    with op.batch_alter_table("learner") as learner:
        learner.drop_column("review_days")
