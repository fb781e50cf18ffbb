"""`tracker doctor` reports what state a database is in and never changes it."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tracker.store.schema import HEAD

FIXTURES = Path(__file__).parent.parent / "data" / "db"


def _digest(file) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


@pytest.fixture
def database(cli, tmp_path):
    """A database with some progress, as one file: a copy of what the CLI wrote, whose
    in-process connections would keep a write-ahead log open beside the original."""
    written = tmp_path / "written" / "progress.db"
    written.parent.mkdir()
    assert cli("--db", f"sqlite:///{written}", "done", "dl-guide/small-datasets").status == 0
    file = tmp_path / "db" / "progress.db"
    file.parent.mkdir()
    source, copy = sqlite3.connect(written), sqlite3.connect(file)
    source.backup(copy)
    source.close()
    copy.close()
    return file, f"sqlite:///{file}"


def test_a_healthy_database_is_all_ok(cli, database):
    file, url = database
    before = _digest(file)
    result = cli("--db", url, "doctor")
    assert result.status == 0
    assert "ok       integrity: ok (quick_check)" in result.out
    assert f"ok       schema: {HEAD}, current" in result.out
    assert "PROBLEM" not in result.out
    assert _digest(file) == before


def test_no_database_yet_is_not_created(cli, tmp_path):
    file = tmp_path / "none.db"
    result = cli("--db", f"sqlite:///{file}", "doctor")
    assert (result.status, result.out) == (
        0,
        f"ok       no database yet at {file}: nothing to check\n",
    )
    assert not file.exists()


def test_rows_of_a_missing_learner_are_problems_left_in_place(cli, database):
    file, url = database
    with sqlite3.connect(file) as connection:  # foreign keys are off in a plain connection
        connection.execute(
            "INSERT INTO progress (learner_id, path_id, item_id, status, note, updated_at)"
            " VALUES (99, 'dl-guide', 'image-data', 'done', '', '2026-01-01 00:00:00')"
        )
    before = _digest(file)
    result = cli("--db", url, "doctor")
    assert result.status == 1
    assert "PROBLEM  progress rows of no learner: 1" in result.out
    assert result.err == "1 problem found; nothing was changed\n"
    assert _digest(file) == before


def test_records_of_a_missing_learner_are_problems_too(cli, database):
    file, url = database
    with sqlite3.connect(file) as connection:
        connection.execute(
            "INSERT INTO time_spent (learner_id, path_id, item_id, at, seconds)"
            " VALUES (99, 'dl-guide', 'image-data', '2026-01-01 00:00:00', 60)"
        )
    result = cli("--db", url, "doctor")
    assert result.status == 1
    assert "PROBLEM  time entries of no learner: 1" in result.out
    assert "ok       evidence rows of no learner: 0" in result.out


def test_a_database_of_the_first_schema_is_examined_as_it_is(cli, tmp_path):
    """Its tables of later schemas do not exist yet: nothing to count in them."""
    file = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-0001.db", file)
    before = _digest(file)
    result = cli("--db", f"sqlite:///{file}", "doctor")
    assert result.status == 0, result.out
    assert f"ok       schema: 0001; the next command upgrades it to {HEAD}" in result.out
    assert "events of no learner: 0" in result.out
    assert "time entries" not in result.out
    assert _digest(file) == before


def test_progress_on_items_no_path_has_is_counted_not_a_problem(cli, database):
    file, url = database
    with sqlite3.connect(file) as connection:
        connection.execute(
            "INSERT INTO progress (learner_id, path_id, item_id, status, note, updated_at)"
            " SELECT id, 'gone-path', 'gone-item', 'done', '', '2026-01-01 00:00:00'"
            " FROM learner"
        )
    result = cli("--db", url, "doctor")
    assert result.status == 0
    assert "ok       progress kept for items no loaded path has: 1 (paths: gone-path)" in result.out


def _garbage(file):
    file.write_bytes(b"garbage" * 500)


def _newer(file):
    with contextlib.closing(sqlite3.connect(file)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")


def _foreign(file):
    file.unlink()
    with contextlib.closing(sqlite3.connect(file)) as connection, connection:
        connection.execute("CREATE TABLE photos (id INTEGER)")


def _damaged(file):
    data = bytearray(file.read_bytes())
    page = 4096
    data[2 * page : 3 * page] = b"\xff" * page  # a b-tree page of the tables, overwritten
    file.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (_garbage, "cannot read the database: database error: file is not a database"),
        (_newer, f"schema: 9999, newer than this tracker ({HEAD})"),
        (_foreign, "schema: this is not a tracker database"),
        (_damaged, "integrity: damaged"),
    ],
    ids=["garbage", "newer", "foreign", "damaged"],
)
def test_a_broken_database_is_a_problem_and_stays_as_it_was(cli, database, damage, problem):
    file, url = database
    damage(file)
    before = _digest(file)
    result = cli("--db", url, "doctor")
    assert result.status == 1
    assert f"PROBLEM  {problem}" in result.out
    assert "Traceback" not in result.out + result.err
    assert _digest(file) == before
    assert sorted(p.name for p in file.parent.iterdir()) == [file.name]  # no log, no journal


def test_a_url_that_is_not_one_is_a_one_line_error(cli):
    result = cli("--db", "no such url", "doctor")
    assert result.status == 1
    assert result.err == (
        "tracker: error: 'no such url' is not a database URL (for example sqlite:///progress.db)\n"
    )
