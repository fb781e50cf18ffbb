"""Bring a database to the schema this program writes, with Alembic, when it is opened.

Most runs find the schema current with one query and never import Alembic (it costs more
start-up time than the whole command). A database of a newer schema is refused untouched.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from tracker.store.engine import StoreError, database_errors, use_wal

# Every revision in order; the last one is what this program writes. A test checks that this
# is exactly Alembic's chain in migrations/versions.
REVISIONS = ("0001", "0002")
HEAD = REVISIONS[-1]
MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATING = 0x7472_6163_6B65_72  # "tracker": PostgreSQL's lock for one migration at a time


def ensure_schema(engine: Engine) -> None:
    with database_errors():
        _ensure_schema(engine)


def _ensure_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        current = current_revision(connection)
    if current != HEAD:
        _check_upgradable(engine, current)  # a refused database is left exactly as it was
        _migrate(engine)
    use_wal(engine)


def _migrate(engine: Engine) -> None:
    # The write lock first: two first runs at once must migrate once.
    with (
        engine.connect().execution_options(tracker_write=True) as connection,
        connection.begin(),
    ):
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATING})
        current = current_revision(connection)
        if current != HEAD:
            _check_upgradable(engine, current)
            try:
                _upgrade(connection)
            except StoreError:
                raise
            except Exception as exc:  # whatever a migration raised: the transaction undoes it
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""]
                was = f"schema {current}" if current else "empty"
                raise StoreError(
                    f"upgrading the database to schema {HEAD} failed ({reason[0]}); "
                    f"it is left as it was ({was})"
                ) from exc


def current_revision(connection: Connection) -> str | None:
    """The schema revision, or None for a database tracker has never written to."""
    if not connection.dialect.has_table(connection, "alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def _check_upgradable(engine: Engine, current: str | None) -> None:
    if current is None:
        from sqlalchemy import inspect

        tables = set(inspect(engine).get_table_names())
        if tables:
            shown = ", ".join(sorted(tables)[:5])
            raise StoreError(f"this is not a tracker database (it has other tables: {shown})")
        return
    if current not in REVISIONS:
        raise StoreError(
            f"this database has schema {current}, newer than this tracker knows "
            f"(up to {HEAD}); use a newer tracker with it. Nothing was changed."
        )


def _upgrade(connection: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, HEAD)
