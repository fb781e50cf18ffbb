"""Alembic's environment: migrations run on the connection tracker hands over."""

from alembic import context
from sqlmodel import SQLModel

import tracker.store.models  # noqa: F401  (the tables, for autogenerate)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it; batch mode does that
)
with context.begin_transaction():
    context.run_migrations()
