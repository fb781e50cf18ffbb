"""One engine per process, made from a URL; a short session per unit of work.

On SQLite every write transaction takes the write lock when it begins (`BEGIN IMMEDIATE`).
Under SQLite's default deferred transactions, a read-then-write in two processes at once
lets the second writer fail or, worse, act on what it read before the first one committed.
Reads stay deferred, so they never wait for a writer (WAL lets them see the last commit).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from tracker import appdirs
from tracker.errors import TrackerError

BUSY_TIMEOUT_MS = 10_000
_WRITE = "tracker_write"


class StoreError(TrackerError):
    """A database problem, said in one line for the learner."""


def default_url() -> str:
    return f"sqlite:///{appdirs.default_database()}"


def _parsed(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StoreError(
            f"'{url}' is not a database URL (for example sqlite:///progress.db)"
        ) from None


def sqlite_file(url: str | None) -> Path | None:
    """The file an SQLite URL names (None: the default one); None for an in-memory SQLite
    database or any other kind."""
    parsed = _parsed(url or default_url())
    return _sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None


def _sqlite_file(parsed: URL) -> Path | None:
    database = parsed.database or ""
    if parsed.query.get("uri") == "true":  # file:NAME?mode=ro and the like
        database = database.removeprefix("file:").partition("?")[0]
    if database in ("", ":memory:") or "mode=memory" in str(parsed):
        return None
    return Path(database).expanduser()


def make_engine(url: str | None = None) -> Engine:
    """The engine for `url`, or for the default SQLite file, whose folder is made on first use."""
    is_default = url is None
    url = url or default_url()
    parsed = _parsed(url)
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return _postgresql_engine(parsed)
    if backend != "sqlite":
        raise StoreError(
            f"tracker stores progress in SQLite or PostgreSQL, not {backend} "
            "(sqlite:///FILE or postgresql+psycopg://USER@HOST/DATABASE)"
        )
    file = _sqlite_file(parsed)
    in_memory = file is None
    if file is not None:
        folder = file.resolve().parent
        if is_default:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise StoreError(f"the folder of the database does not exist: {folder}")
    engine = create_engine(
        url,
        # One connection for an in-memory database, or each session would see an empty one.
        poolclass=StaticPool if in_memory else None,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _postgresql_engine(parsed: URL) -> Engine:
    # psycopg 3 whatever driver the URL names: it is the one tracker installs.
    parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError("PostgreSQL needs psycopg: pip install 'tracker[postgresql]'") from None
    seconds = BUSY_TIMEOUT_MS // 1000
    return create_engine(
        parsed,
        pool_pre_ping=True,  # a long-lived app outlives a server restart
        connect_args={
            "connect_timeout": seconds,
            # A writer waits this long for another's row lock, then gives up ("busy").
            "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}",
        },
    )


def _configure_sqlite(connection, _record) -> None:
    # pysqlite would otherwise open transactions on its own, deferred; "begin" below does it.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # NORMAL, not FULL: in WAL mode a commit survives a crash of the program and the file
    # never corrupts; only the last commits before a power cut can be lost, which costs a
    # learner a mark or two, while FULL would wait for the disk on every single mark.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def use_wal(engine: Engine) -> None:
    """Put an SQLite database in WAL mode, where readers never block the writer nor it them.
    The mode is kept in the file, so this writes only the first time; a read-only database
    keeps the mode it has."""
    if engine.dialect.name != "sqlite":
        return
    import sqlite3

    # Outside any transaction (SQLite refuses the change inside one): the raw connection.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise
    finally:
        connection.close()


def _begin_sqlite(connection) -> None:
    write = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session whose transaction holds the write lock from its start; commits at the end,
    or changes nothing when anything fails."""
    with database_errors(), Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={_WRITE: True})
        yield session
        session.commit()


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    with database_errors(), Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def database_errors() -> Iterator[None]:
    """Database failures as one-line StoreErrors (locked, read-only, not a database...)."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        if "database is locked" in reason or _lock_timed_out(exc.orig):
            # another writer held on past the busy timeout
            raise StoreError("database busy; nothing changed") from None
        reason = reason.splitlines()[0] if reason else str(exc)
        raise StoreError(f"database error: {reason}{_advice(reason)}") from None


# What a learner can do about the failures a file or a disk causes; the transaction that
# met them was rolled back, so each says nothing changed.
_ADVICE = {
    "database or disk is full": "; nothing changed: free some disk space and try again",
    "readonly database": "; nothing changed: the database file or its folder is read-only",
    "disk image is malformed": (
        "; nothing changed: the file is damaged (tracker doctor says more; "
        "a backup restores into a new database)"
    ),
    "disk I/O error": (
        "; nothing changed: the file could not be read or written whole, "
        "as when it is cut short (tracker doctor says more)"
    ),
}


def _advice(reason: str) -> str:
    return next((advice for known, advice in _ADVICE.items() if known in reason), "")


def _lock_timed_out(error: BaseException | None) -> bool:
    """PostgreSQL's lock_timeout (SQLSTATE 55P03) or a deadlock it broke (40P01)."""
    return getattr(error, "sqlstate", None) in ("55P03", "40P01")
