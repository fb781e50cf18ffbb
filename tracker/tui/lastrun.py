"""What the app read last run, shown again at the first paint while nothing it depends on
has changed since: the library's completion figures, and the learner's standing on the path
that was open. The database's own reading replaces them a moment later.

Both depend on the database file (and its write-ahead log), the learner asked for, the path
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
from typing import Any

from tracker import __version__, appdirs
from tracker.pathdefs.model import PathDef
from tracker.services.standing import DEPTHS, Completion, ItemState, PathProgress
from tracker.settings import Settings
from tracker.tui.format import GLYPHS

Figures = dict[str, tuple[Completion, datetime | None]]  # path id: (completion, last activity)
Files = dict[Path, tuple[int, int]]  # path file: (size, mtime)
_FIGURES = "library-figures.json"
_STANDING = "path-standing.json"


def database_file(db_url: str | None) -> Path | None:
    if db_url is None:
        return appdirs.default_database()
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url or db_url == prefix + ":memory:":
        return None
    return Path(db_url.removeprefix(prefix)).expanduser()


def key(settings: Settings, files: Files) -> list | None:
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


def load_figures(settings: Settings, files: Files) -> Figures | None:
    stored = _load(_FIGURES, key(settings, files))
    if stored is None:
        return None
    with contextlib.suppress(ValueError, TypeError):
        return {
            path_id: (_completion(counts), datetime.fromisoformat(last) if last else None)
            for path_id, (counts, last) in stored.items()
        }
    return None


def save_figures(stamp: list | None, figures: Figures) -> None:
    stored = {
        path_id: (_counts(done), last.isoformat() if last else None)
        for path_id, (done, last) in figures.items()
    }
    _save(_FIGURES, stamp, stored)


def _counts(done: Completion) -> list[int]:
    return [done.done, done.skipped, done.counted, done.unfollowed, done.optional]


def _completion(counts: list) -> Completion:
    if not isinstance(counts, list) or not all(type(n) is int and n >= 0 for n in counts):
        raise ValueError("not a stored completion")
    return Completion(*counts)  # a TypeError if there are too many


def load_standing(settings: Settings, files: Files, path: PathDef) -> PathProgress | None:
    """The learner's standing on `path` as last read, if that path was the one kept."""
    stored = _load(_STANDING, key(settings, files))
    if stored is None or stored.get("path") != path.id:
        return None
    with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
        return PathProgress(
            path=path,
            states={item_id: _state(state) for item_id, state in stored["states"].items()},
            orphans={item_id: _state(state) for item_id, state in stored["orphans"].items()},
            unfollowed=frozenset(str(track) for track in stored["unfollowed"]),
        )
    return None


def save_standing(stamp: list | None, progress: PathProgress) -> None:
    _save(
        _STANDING,
        stamp,
        {
            "path": progress.path.id,
            "states": {item_id: _stored(s) for item_id, s in progress.states.items()},
            "orphans": {item_id: _stored(s) for item_id, s in progress.orphans.items()},
            "unfollowed": sorted(progress.unfollowed),
        },
    )


def _stored(state: ItemState) -> list:
    moments = (state.started_at, state.done_at, state.updated_at)
    return [
        state.status, state.note, *(m.isoformat() if m else None for m in moments), state.depth
    ]  # fmt: skip


def _state(stored: list) -> ItemState:
    status, note, *moments, depth = stored
    if status not in GLYPHS or not isinstance(note, str) or len(moments) != 3:
        raise ValueError("not a stored state")
    if depth is not None and depth not in DEPTHS:
        raise ValueError("not a stored depth")
    started, done, updated = (datetime.fromisoformat(m) if m else None for m in moments)
    return ItemState(status, note, started, done, updated, depth)


def _load(name: str, expected: list | None) -> Any:
    if expected is None:
        return None
    try:
        stored = json.loads((appdirs.cache_dir() / name).read_text(encoding="utf-8"))
        return stored["data"] if stored["key"] == expected else None
    except (OSError, ValueError, KeyError, TypeError):  # none yet, or damaged: not worth a word
        return None


def _save(name: str, stamp: list | None, data: Any) -> None:
    if stamp is None:
        return
    folder = appdirs.cache_dir()
    temporary = folder / f".{name}.{os.getpid()}"
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"key": stamp, "data": data}), encoding="utf-8")
        temporary.replace(folder / name)
