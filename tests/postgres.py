"""A throwaway PostgreSQL server for the tests, from the binaries of Debian's `postgresql`.

It lives in a temporary folder, listens on a free loopback port with trust authentication,
and runs as a user other than root (PostgreSQL refuses root). Each test gets a database of
its own. Where the binaries are missing the tests that need it skip, but not under CI.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

USER = "tracker"


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def missing_reason() -> str | None:
    """Why no server can be started here, or None when one can."""
    if binaries() is None or not (binaries() / "initdb").exists():
        return "PostgreSQL is not installed (apt-get install postgresql gives initdb and pg_ctl)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]')"
    if os.geteuid() == 0 and _unprivileged() is None:
        return "running as root and no 'postgres' or 'nobody' user to run the server as"
    return None


def _unprivileged() -> pwd.struct_passwd | None:
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._names = itertools.count(1)
        self._run_as: dict = {}
        if os.geteuid() == 0:
            account = _unprivileged()
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._run_as = {"user": account.pw_uid, "group": account.pw_gid}

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            args, capture_output=True, text=True, cwd=self.folder, **self._run_as, check=False
        )
        if result.returncode != 0:
            log = self.folder / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr}\n{detail}")

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "--pgdata", str(self.data), "--username", USER,
            "--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            # Throwaway data: nothing has to survive a power cut, so skip the disk flushes.
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200 -c timezone=UTC"
        )
        self._run(
            str(self.bin / "pg_ctl"), "start", "--pgdata", str(self.data),
            "--log", str(self.folder / "server.log"), "--wait", "--options", options,
        )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run(str(self.bin / "pg_ctl"), "stop", "--pgdata", str(self.data), "-m", "fast")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def _administer(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(statement)

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        name = f"test_{next(self._names)}"
        self._administer(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by new_database, closing whatever still uses it."""
        name = url.rpartition("/")[2]
        self._administer(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def running() -> Iterator[Server]:
    server = Server()
    try:
        server.start()
        yield server
    finally:
        server.stop()
