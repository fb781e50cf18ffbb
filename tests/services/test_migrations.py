"""Every released schema upgrades with its rows intact, on SQLite and PostgreSQL; a migration
that fails midway leaves the database as it was.

tests/data/db keeps one database made by each released schema (`schema-REVISION.db`, made
with tests/data/db/make_fixture.py when a revision is released); they are never rewritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, insert, select, text
from sqlalchemy.engine import Engine

from tracker.services.learners import current_learner
from tracker.services.progress import mark, set_note
from tracker.store import schema
from tracker.store.engine import StoreError, make_engine
from tracker.store.schema import HEAD, MIGRATIONS, REVISIONS, current_revision, ensure_schema

FIXTURES = Path(__file__).parent.parent / "data" / "db"


def fixture_of(revision: str) -> Path:
    return FIXTURES / f"schema-{revision}.db"


def rows_of(engine: Engine) -> dict[str, list[dict]]:
    """Every row of every table but Alembic's, in a stable order."""
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {
            name: sorted(
                (dict(row._mapping) for row in connection.execute(select(table))),
                key=lambda row: [str(value) for value in row.values()],
            )
            for name, table in tables.tables.items()
            if name != "alembic_version"
        }


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return current_revision(connection)


def open_fixture(revision: str, url: str) -> Engine:
    """The fixture of `revision` in the database at `url`: the file itself on SQLite; on
    PostgreSQL that revision's schema, built by its migrations, holding the fixture's rows."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        shutil.copy(fixture_of(revision), engine.url.database)
        return engine
    from alembic import command
    from alembic.config import Config

    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    source = create_engine(f"sqlite:///{fixture_of(revision)}")
    tables = MetaData()
    tables.reflect(source)
    with source.connect() as reading, engine.begin() as writing:
        for table in tables.sorted_tables:
            rows = [dict(row._mapping) for row in reading.execute(select(table))]
            if rows and table.name != "alembic_version":
                # An event names the later event that undid it: link them once both exist.
                links = [(row["id"], row["undone_by"]) for row in rows if row.get("undone_by")]
                for row in rows:
                    row.update({"undone_by": None} if "undone_by" in row else {})
                writing.execute(insert(table), rows)
                for event, undone_by in links:
                    writing.execute(
                        text("UPDATE event SET undone_by = :by WHERE id = :id"),
                        {"by": undone_by, "id": event},
                    )
        counted = [t.name for t in tables.sorted_tables if "id" in t.c and t.c.id.primary_key]
        for name in counted:  # ids were given, so move the counters past them
            writing.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                     f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)")
            )  # fmt: skip
    source.dispose()
    return engine


def test_every_released_schema_has_a_fixture():
    kept = sorted(file.stem.removeprefix("schema-") for file in FIXTURES.glob("schema-*.db"))
    assert kept == sorted(REVISIONS)


@pytest.mark.parametrize("revision", REVISIONS)
def test_each_released_schema_upgrades_with_its_rows_intact(revision, database_url):
    engine = open_fixture(revision, database_url)
    assert revision_of(engine) == revision
    before = rows_of(engine)
    assert all(before.values()), "a fixture should have rows in every table"
    ensure_schema(engine)
    assert revision_of(engine) == HEAD
    after = rows_of(engine)
    for table, rows in before.items():  # columns added later are left out of the comparison
        kept = [{column: row[column] for column in rows[0]} for row in after[table]]
        assert kept == rows, table
    engine.dispose()


BROKEN = '''
"""A migration that fails after doing part of its work."""
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"


def upgrade() -> None:
    with op.batch_alter_table("progress") as batch:
        batch.add_column(sa.Column("evidence", sa.String(), nullable=False, server_default=""))
    op.execute("UPDATE progress SET evidence = 'half done', note = 'overwritten'")
    op.create_table("review", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("the disk caught fire")
'''


def test_a_migration_that_fails_midway_leaves_the_previous_version(
    database_url, path, tmp_path, monkeypatch
):
    engine = make_engine(database_url)
    ensure_schema(engine)
    learner = current_learner(engine)
    mark(engine, learner.id, path, ["a", "b"], "done")
    set_note(engine, learner.id, path, "a", "keep me")
    before = rows_of(engine)
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts)
    (scripts / "versions" / "9000_broken.py").write_text(BROKEN.format(head=HEAD))
    monkeypatch.setattr(schema, "MIGRATIONS", scripts)
    monkeypatch.setattr(schema, "REVISIONS", (*REVISIONS, "9000"))
    monkeypatch.setattr(schema, "HEAD", "9000")

    with pytest.raises(StoreError) as error:
        ensure_schema(make_engine(database_url))
    assert str(error.value) == (
        "upgrading the database to schema 9000 failed (the disk caught fire); "
        f"it is left as it was (schema {HEAD})"
    )
    assert revision_of(engine) == HEAD
    assert rows_of(engine) == before  # no column, no table, no row changed
    engine.dispose()
