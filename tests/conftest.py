from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI explores the same examples on every run, so that a red build can be reproduced;
# locally hypothesis keeps searching new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "paths"

MINIMAL_PATH = """\
format: 1
id: {id}
title: {title}
levels:
  - id: basics
    title: Basics
    steps:
      - id: first
        title: First
        items:
          - id: one
            title: One
"""


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own data and cache folders, and no path folders from outside."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for variable in (
        "TRACKER_PATHS",
        "TRACKER_DB",
        "TRACKER_USER",
        "TRACKER_LANG",
        "TRACKER_DEBUG",
    ):
        monkeypatch.delenv(variable, raising=False)
    return home


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    """Tests that use a database run on SQLite and on PostgreSQL, but those marked
    sqlite_only (they look at the file itself)."""
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", BACKENDS[:1] if only_sqlite else BACKENDS, indirect=True)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole run, started on first use."""
    from tests.postgres import missing_reason, running

    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
        pytest.skip(reason)
    with running() as server:
        yield server


@pytest.fixture
def database_url(backend, request, tmp_path_factory) -> Iterator[str]:
    """A new, empty database on the backend under test (an SQLite one in a folder of its
    own, so that a test's tmp_path holds only what the test makes)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('database') / 'progress.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def engine(database_url):
    """A fresh database with the current schema."""
    from tracker.store.engine import make_engine
    from tracker.store.schema import ensure_schema

    engine = make_engine(database_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def write_path(tmp_path):
    """Write a small valid path file; returns its location."""

    def write(
        name: str,
        path_id: str | None = None,
        title: str = "A path",
        folder: Path | None = None,
        text: str | None = None,
    ) -> Path:
        target = (folder or tmp_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        body = (
            text
            if text is not None
            else MINIMAL_PATH.format(id=path_id or target.stem, title=title)
        )
        target.write_text(body, encoding="utf-8")
        return target

    return write


def environment(**extra: str) -> dict[str, str]:
    """The current environment plus `extra`, for subprocesses."""
    return {**os.environ, **extra}


class CliResult:
    def __init__(self, status: int, out: str, err: str):
        self.status, self.out, self.err = status, out, err

    def __repr__(self) -> str:
        return f"CliResult(status={self.status}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(capsys):
    """Run `tracker ARGS...` in this process; returns its exit status and output."""
    from tracker.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    return run
