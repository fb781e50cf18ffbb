"""A database file that is not SQLite, is truncated, is read-only or sits on a full disk:
one line on stderr, exit status 1, and what was there before is unchanged."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, environment
from tracker.store import engine as engine_module

ITEM = "dl-guide/small-datasets"


def digests(folder: Path) -> dict[str, str]:
    """Every file of the folder (the database, its WAL and shared memory) by content."""
    return {file.name: hashlib.sha256(file.read_bytes()).hexdigest() for file in folder.iterdir()}


def contents(file: Path) -> list[str]:
    with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as connection:
        return list(connection.iterdump())


@pytest.fixture
def database(cli, tmp_path) -> Path:
    """A database folder with some progress in it."""
    folder = tmp_path / "db"
    folder.mkdir()
    file = folder / "progress.db"
    assert cli("--db", f"sqlite:///{file}", "done", ITEM).status == 0
    assert cli("--db", f"sqlite:///{file}", "note", ITEM, "first note").status == 0
    return file


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.status == 1, result
    assert result.err.startswith("tracker: error: "), result
    assert result.err.count("\n") == 1, result
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in result.err, result


def test_a_file_that_is_not_sqlite(cli, tmp_path):
    file = tmp_path / "progress.db"
    file.write_bytes(b"GIF89a" + bytes(range(256)) * 40)
    before = digests(tmp_path)
    for command in (("done", ITEM), ("show", "dl-guide")):
        assert_one_line_error(cli("--db", f"sqlite:///{file}", *command), "not a database")
    assert digests(tmp_path) == before


def test_a_truncated_database(cli, database):
    size = database.stat().st_size
    os.truncate(database, size // 2)
    for other in database.parent.glob("progress.db-*"):
        other.unlink()  # cut where nothing of the write-ahead log can make up for it
    before = digests(database.parent)
    for command in (("done", "dl-guide/image-data"), ("show", "dl-guide"), ("log",)):
        result = cli("--db", f"sqlite:///{database}", *command)
        assert_one_line_error(result, "nothing changed", "tracker doctor")
    after = digests(database.parent)
    assert {name: after[name] for name in before} == before
    empty = hashlib.sha256(b"").hexdigest()
    assert all(after[name] == empty for name in after.keys() - before.keys())  # SQLite's WAL


def _without_file_permission_override() -> list[str]:
    """A prefix that runs a command without root's power to write any file."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux) to drop that power")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def test_a_read_only_database(database, tmp_path):
    folder = database.parent
    for file in folder.iterdir():
        file.chmod(0o444)
    folder.chmod(0o555)
    before = digests(folder)

    def tracker(*args: str) -> subprocess.CompletedProcess:
        command = [*_without_file_permission_override(), sys.executable, "-m", "tracker"]
        return subprocess.run(
            [*command, "--db", f"sqlite:///{database}", *args],
            capture_output=True, text=True, cwd=REPO, env=environment(), check=False,
        )  # fmt: skip

    try:
        refused = tracker("done", "dl-guide/image-data")
        shown = tracker("show", "dl-guide", "--json")
    finally:
        folder.chmod(0o755)
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == (
        "tracker: error: database error: attempt to write a readonly database; "
        "nothing changed: the database file or its folder is read-only\n"
    )
    assert shown.returncode == 0, shown.stderr  # reading still works
    assert '"status": "done"' in shown.stdout
    assert digests(folder) == before


def test_a_full_disk(cli, database, monkeypatch):
    """SQLite's max_page_count stops the file from growing, as a full disk would."""
    pages = sqlite3.connect(database).execute("PRAGMA page_count").fetchone()[0]
    configure = engine_module._configure_sqlite

    def on_a_full_disk(connection, record) -> None:
        configure(connection, record)
        connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(engine_module, "_configure_sqlite", on_a_full_disk)
    before = contents(database)
    result = cli("--db", f"sqlite:///{database}", "note", ITEM, "a long note " * 50_000)
    assert_one_line_error(result, "database or disk is full", "nothing changed")
    assert contents(database) == before
    shown = cli("--db", f"sqlite:///{database}", "note", ITEM)
    assert shown.out == "first note\n"  # the old note, whole
