"""The library's completion figures from the last run, shown at the first paint when nothing
they depend on has changed since; the database's own figures replace them a moment later.

They depend on the database file (and its write-ahead log), the learner asked for, the path
files and tracker's version: all are part of the key. The file is stat'ed *before* the
figures are read, so a write that lands meanwhile makes the key old, never the figures.
Only for SQLite files named by a plain URL; any other database has no cache.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime
from pathlib import Path

from tracker import __version__, appdirs
from tracker.settings import Settings

Figures = dict[str, tuple[float, datetime | None]]  # path id: (percent, last activity)
_FILE = "library-figures.json"


def database_file(db_url: str | None) -> Path | None:
    if db_url is None:
        return appdirs.default_database()
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url or db_url == prefix + ":memory:":
        return None
    return Path(db_url.removeprefix(prefix)).expanduser()


def key(settings: Settings, files: dict[Path, tuple[int, int]]) -> list | None:
    database = database_file(settings.db_url)
    if database is None:
        return None
    stats = []
    for file in (database, database.with_name(database.name + "-wal")):
        try:
            stat = file.stat()
        except OSError:
            stats.append(None)
            continue
        # An empty log holds nothing: it is there while a connection is open, gone after.
        stats.append(None if file.name.endswith("-wal") and stat.st_size == 0 else
                     [stat.st_size, stat.st_mtime_ns])  # fmt: skip
    return [
        __version__,
        str(database.resolve()),
        stats,
        settings.user,
        sorted([str(f), *sig] for f, sig in files.items()),
    ]


def load(settings: Settings, files: dict[Path, tuple[int, int]]) -> Figures | None:
    expected = key(settings, files)
    if expected is None:
        return None
    try:
        stored = json.loads((appdirs.cache_dir() / _FILE).read_text(encoding="utf-8"))
        if stored["key"] != expected:
            return None
        return {
            path_id: (float(p), datetime.fromisoformat(last) if last else None)
            for path_id, (p, last) in stored["figures"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):  # none yet, or damaged: not worth a word
        return None


def save(stamp: list | None, figures: Figures) -> None:
    if stamp is None:
        return
    folder = appdirs.cache_dir()
    temporary = folder / f".{_FILE}.{os.getpid()}"
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        folder.mkdir(parents=True, exist_ok=True)
        stored = {k: (p, last.isoformat() if last else None) for k, (p, last) in figures.items()}
        temporary.write_text(json.dumps({"key": stamp, "figures": stored}), encoding="utf-8")
        temporary.replace(folder / _FILE)
