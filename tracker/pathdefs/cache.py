"""A cache of validated paths, so that a launch with unchanged files parses no YAML.

One entry per path file, named after a hash of the file's absolute name. An entry is keyed
by the file's size, mtime and content hash (and by the code that validated it) and holds the
model as plain tuples (`marshal`, which is fast and cannot run code) with the file's warnings.
The content hash is part of the key because an edit can keep both size and mtime; an mtime
that changed without the content costs one parse. A damaged entry is ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import zlib
from functools import cache, partial
from itertools import starmap
from pathlib import Path

from tracker import __version__
from tracker.pathdefs.diagnostics import Diagnostic, Report, Severity
from tracker.pathdefs.estimates import Estimate
from tracker.pathdefs.gcpause import gc_paused
from tracker.pathdefs.load import LoadResult, parse_path, read_path_bytes
from tracker.pathdefs.model import Item, Level, PathDef, Resource, Source, Step, Track

_FORMAT = 3  # bump when the plain layout below changes (also part of the stamp)
_SUFFIX = ".entry"
_CHECKSUM = 4  # bytes of CRC-32 over the payload: catches a truncated or damaged entry


@cache
def code_stamp() -> str:
    """What the entries depend on besides the file: tracker's version and the code that
    validates, so that a rule changed without a new version never serves a stale answer."""
    parts = [__version__, str(_FORMAT)]
    for module in sorted(Path(__file__).parent.glob("*.py")):
        stat = module.stat()
        parts.append(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class PathCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def entry_for(self, file: Path) -> Path:
        key = hashlib.sha256(os.fsencode(file.resolve())).hexdigest()[:32]
        return self.folder / f"{key}{_SUFFIX}"

    def load(self, file: Path, name: str | None = None) -> LoadResult:
        """Like `load_path_file`, but from the cache when the file's content is unchanged."""
        name = name or str(file)
        report = Report(name)
        data = read_path_bytes(file, report)
        if data is None:
            return LoadResult(name, None, report.items)
        try:
            # A change between the read and the stat is still caught: the hash of what was
            # read is part of the key.
            stat = file.stat()
        except OSError:  # gone since it was read: nothing to cache it for
            return parse_path(data, name)
        key = (stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).digest())
        entry = self.entry_for(file)
        cached = self._read(entry, key)
        if cached is not None:
            path, warnings = cached
            path.file = name
            return LoadResult(name, path, [_warning(name, w) for w in warnings])
        result = parse_path(data, name)
        if result.path is not None:
            self._write(entry, file, key, result)
        else:
            self._remove(entry)
        return result

    def prune(self, keep: set[Path]) -> None:
        """Drop the entries of files that no longer exist, except those of `keep`."""
        kept = {self.entry_for(file).name for file in keep}
        try:
            entries = [
                e for e in self.folder.iterdir() if e.suffix == _SUFFIX and e.name not in kept
            ]
        except OSError:
            return
        for entry in entries:
            source = _source_of(entry)
            if source is None or not os.path.exists(source):
                self._remove(entry)

    def _read(self, entry: Path, key: tuple) -> tuple[PathDef, list] | None:
        try:
            blob = entry.read_bytes()
            _source, _, rest = blob.partition(b"\n")
            checksum, payload = rest[:_CHECKSUM], rest[_CHECKSUM:]
            if zlib.crc32(payload).to_bytes(_CHECKSUM, "big") != checksum:
                return None
            with gc_paused():
                stamp, stored_key, plain, warnings = marshal.loads(payload)
                if stamp != code_stamp() or stored_key != key:
                    return None
                path = _path_from_plain(plain)
                del plain  # freed while the collector sleeps, it never has to look at it
            return path, warnings
        except (OSError, ValueError, TypeError, EOFError, KeyError, IndexError):
            return None

    def _write(self, entry: Path, file: Path, key: tuple, result: LoadResult) -> None:
        warnings = [(d.line, d.column, d.message) for d in result.diagnostics]
        payload = marshal.dumps((code_stamp(), key, _plain_path(result.path), warnings))
        checksum = zlib.crc32(payload).to_bytes(_CHECKSUM, "big")
        source = os.fsencode(file.resolve()).replace(b"\n", b"?")
        temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(source + b"\n" + checksum + payload)
            os.replace(temporary, entry)  # readers see the old entry or the new one, never half
        except OSError:
            self._remove(temporary)  # a read-only cache only costs speed

    def _remove(self, entry: Path) -> None:
        with contextlib.suppress(OSError):
            entry.unlink(missing_ok=True)


def _source_of(entry: Path) -> str | None:
    try:
        with entry.open("rb") as stream:
            return os.fsdecode(stream.readline().rstrip(b"\n"))
    except OSError:
        return None


def _warning(name: str, stored) -> Diagnostic:
    line, column, message = stored
    return Diagnostic(name, line, column, Severity.WARNING, message)


# -- the model as plain tuples -------------------------------------------------------------


def _estimate(e: Estimate | None):
    return None if e is None else tuple(e)


def _plain_path(p: PathDef):
    source = None if p.source is None else (p.source.title, p.source.url)
    tracks = tuple((t.id, t.title, t.summary) for t in p.tracks)
    levels = tuple(
        (
            level.id, level.title, level.summary, _estimate(level.estimate), level.line,
            tuple(
                (
                    step.id, step.title, step.summary, _estimate(step.estimate), step.tracks,
                    step.line,
                    tuple(
                        (
                            i.id, i.title, i.summary, i.kind, _estimate(i.estimate),
                            tuple(map(tuple, i.resources)),
                            i.requires, i.optional, i.tags, i.tracks, i.was, i.line,
                        )
                        for i in step.items
                    ),
                )
                for step in level.steps
            ),
        )
        for level in p.levels
    )  # fmt: skip
    return (p.id, p.title, p.summary, p.lang, source, p.tags, tracks, levels)


def _path_from_plain(plain) -> PathDef:
    path_id, title, summary, lang, source, tags, tracks, levels = plain
    return PathDef(
        id=path_id,
        title=title,
        summary=summary,
        lang=lang,
        source=None if source is None else Source(*source),
        tags=tags,
        tracks=tuple(Track(*t) for t in tracks),
        levels=tuple(starmap(_level, levels)),
    )


# Values are rebuilt from their tuples without a Python-level call each: thousands of them.
_as_estimate = partial(tuple.__new__, Estimate)
_as_resource = partial(tuple.__new__, Resource)


def _level(level_id, title, summary, estimate, line, steps) -> Level:
    return Level(
        level_id, title, tuple(starmap(_step, steps)), summary,
        estimate and _as_estimate(estimate), line,
    )  # fmt: skip


def _step(step_id, title, summary, estimate, tracks, line, items) -> Step:
    return Step(
        step_id, title, tuple(starmap(_item, items)), summary,
        estimate and _as_estimate(estimate), tracks, line,
    )  # fmt: skip


def _item(
    id_, title, summary, kind, estimate, resources, requires, optional, tags, tracks, was, line
):
    return Item(
        id_, title, summary, kind, estimate and _as_estimate(estimate),
        tuple(map(_as_resource, resources)) if resources else (),
        requires, optional, tags, tracks, was, line,
    )  # fmt: skip
