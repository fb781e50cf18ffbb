"""The store: migrations, the databases it refuses, how it fails, and two writers at once."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from tests.conftest import REPO, environment
from tests.patience import HANG_SECONDS
from tracker.pathdefs.load import load_path
from tracker.services.learners import current_learner, list_learners
from tracker.services.progress import mark, path_progress
from tracker.store import engine as engine_module
from tracker.store.engine import StoreError, make_engine, reading, writing
from tracker.store.schema import HEAD, MIGRATIONS, REVISIONS, current_revision, ensure_schema

FIRST_SCHEMA = Path(__file__).parent.parent / "data" / "db" / "schema-0001.db"


def digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def test_the_known_revisions_are_alembics_chain():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    chain = [rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()]
    assert tuple(reversed(chain)) == REVISIONS


def test_the_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_a_database_of_the_first_schema_upgrades_and_keeps_its_data(tmp_path):
    copy = tmp_path / "old.db"
    shutil.copy(FIRST_SCHEMA, copy)
    engine = make_engine(f"sqlite:///{copy}")
    ensure_schema(engine)
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD
    assert [(lr.name, lr.active) for lr in list_learners(engine)] == [("ada", True), ("bob", False)]
    ada = current_learner(engine)
    progress = path_progress(engine, ada.id, load_path(REPO / "paths" / "dl-learning-path.yaml"))
    assert progress.state("basic-math").note == "Khan Academy, calculus first"
    assert progress.state("python-basics").status == "done"
    assert progress.unfollowed == {"speech"}


def test_a_fresh_database_gets_the_schema_and_a_first_learner(tmp_path, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "grace")
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    ensure_schema(engine)
    assert [(lr.name, lr.active) for lr in list_learners(engine)] == [("grace", True)]


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path):
    copy = tmp_path / "newer.db"
    shutil.copy(FIRST_SCHEMA, copy)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(copy)
    with pytest.raises(StoreError) as error:
        ensure_schema(make_engine(f"sqlite:///{copy}"))
    assert str(error.value) == (
        f"this database has schema 9999, newer than this tracker knows (up to {HEAD}); "
        "use a newer tracker with it. Nothing was changed."
    )
    assert digest(copy) == before


def test_a_database_of_something_else_is_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(
        StoreError, match=r"this is not a tracker database \(it has other tables: invoices\)"
    ):
        ensure_schema(make_engine(f"sqlite:///{other}"))


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match=r"^database error: file is not a database$"):
        ensure_schema(make_engine(f"sqlite:///{junk}"))


def test_a_missing_folder_is_one_line(tmp_path):
    with pytest.raises(StoreError, match="the folder of the database does not exist"):
        make_engine(f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}")


def test_a_bad_url_is_one_line():
    with pytest.raises(StoreError, match="is not a database URL"):
        make_engine("not a url")


def test_a_read_only_database_refuses_writes_and_keeps_its_data(tmp_path, path):
    copy = tmp_path / "ro.db"
    shutil.copy(FIRST_SCHEMA, copy)
    ensure_schema(make_engine(f"sqlite:///{copy}"))
    engine = make_engine(f"sqlite:///file:{copy}?mode=ro&uri=true")
    learner = current_learner(engine)
    with pytest.raises(StoreError, match="readonly database"):
        mark(engine, learner.id, path, ["a"], "done")
    assert path_progress(engine, learner.id, path).state("a").status == "todo"


def test_a_locked_database_gives_up_after_the_busy_timeout(tmp_path, monkeypatch, path):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    file = tmp_path / "locked.db"
    engine = make_engine(f"sqlite:///{file}")
    ensure_schema(engine)
    learner = current_learner(engine)
    holder = sqlite3.connect(file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match=r"^database busy; nothing changed$"):
            mark(make_engine(f"sqlite:///{file}"), learner.id, path, ["a"], "done")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with reading(engine) as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM event").scalar() == 0


def test_a_failed_write_leaves_nothing_half_written(engine, learner, path):
    def interrupted_write():
        with writing(engine) as session:
            session.connection().exec_driver_sql("INSERT INTO setting VALUES ('x', 'y')")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted_write()
    with reading(engine) as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM setting WHERE key = 'x'")
        assert count.scalar() == 0


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(engine):
    with sqlite3.connect(engine.url.database) as fresh:  # what any other process sees
        assert fresh.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with reading(engine) as session:
        pragma = session.connection().exec_driver_sql
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == engine_module.BUSY_TIMEOUT_MS
        assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL


WRITER = """
import sys
from tracker.pathdefs.load import parse_path
from tracker.services.learners import current_learner
from tracker.services.progress import mark
from tracker.store.engine import make_engine
from tests.services.conftest import PATH
engine = make_engine(sys.argv[1])
path = parse_path(PATH.encode(), "demo.yaml").path
learner = current_learner(engine)
for round in range(60):
    for status in ("done", "todo", "doing"):
        mark(engine, learner.id, path, ["a", "b"], status)
"""


def test_two_processes_writing_at_once_lose_no_update(tmp_path, engine, learner):
    """Every event must start from the state the previous one left: with deferred
    transactions two writers read the same state and one of their changes is lost."""
    url = str(engine.url)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url], cwd=REPO, env=environment(), stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=HANG_SECONDS)
        assert writer.returncode == 0, err.decode()
    with reading(engine) as session:
        rows = (
            session.connection()
            .exec_driver_sql("SELECT item_id, from_status, to_status FROM event ORDER BY id")
            .all()
        )
    assert len(rows) > 60 * 2 * 2
    last = {"a": "todo", "b": "todo"}
    for item_id, before, after in rows:
        assert before == last[item_id], (item_id, before, after)
        last[item_id] = after
