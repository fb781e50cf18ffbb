"""Load one path file: bytes in, a `PathDef` and its diagnostics out. Never raises on bad input."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tracker.files import open_regular
from tracker.pathdefs.diagnostics import Diagnostic, PathFileError, Report
from tracker.pathdefs.gcpause import gc_paused
from tracker.pathdefs.limits import MAX_FILE_BYTES, too_large
from tracker.pathdefs.model import PathDef


@dataclass(slots=True)
class LoadResult:
    file: str
    path: PathDef | None  # None when the file has errors
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def parse_path(data: bytes, file: str) -> LoadResult:
    """Validate the content of a path file; `file` is the name used in diagnostics."""
    # Imported here: a start whose paths all come from the cache never loads YAML at all.
    from tracker.pathdefs.validate import build_path
    from tracker.pathdefs.yamltree import read_tree

    report = Report(file)
    with gc_paused():
        root = read_tree(data, report)
        path = build_path(root, report) if root is not None else None
        del root  # freed while the collector sleeps, it never has to look at the tree
    if report.has_errors:
        path = None
    elif path is not None:
        path.file = file
    return LoadResult(file, path, report.sorted())


def read_path_bytes(file: str | os.PathLike[str], report: Report) -> bytes | None:
    """The bytes of a path file, or None (and an error) when it is unreadable or too large."""
    try:
        with open_regular(file) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_FILE_BYTES:
                report.error(1, 1, too_large(size))
                return None
            return stream.read(MAX_FILE_BYTES + 1)  # a file may grow while it is read
    except OSError as exc:
        report.error(1, 1, f"cannot read the file: {exc.strerror or exc}")
        return None


def load_path_file(file: str | os.PathLike[str], name: str | None = None) -> LoadResult:
    """Read and validate a path file; an unreadable file is one error line, not an exception."""
    name = name or os.fspath(file)
    report = Report(name)
    data = read_path_bytes(file, report)
    if data is None:
        return LoadResult(name, None, report.items)
    return parse_path(data, name)


def load_path(file: str | Path) -> PathDef:
    """The path in `file`; raises PathFileError with every diagnostic when it has errors."""
    result = load_path_file(file)
    if result.path is None:
        raise PathFileError(result.errors)
    return result.path
