"""Find path files in folders, load them, and keep the first path of each id."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import appdirs
from tracker.pathdefs.diagnostics import Diagnostic, Severity
from tracker.pathdefs.load import LoadResult, load_path_file
from tracker.pathdefs.model import PathDef

if TYPE_CHECKING:
    from tracker.pathdefs.cache import PathCache

PATH_SUFFIXES = (".yaml", ".yml")
PATHS_ENV = "TRACKER_PATHS"


@dataclass(slots=True)
class Library:
    """Every path found, by id in the order found, and every file looked at."""

    paths: dict[str, PathDef] = field(default_factory=dict)
    results: list[LoadResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def broken(self) -> list[LoadResult]:
        return [r for r in self.results if r.path is None]


def shipped_paths_dir() -> Path:
    """The paths that come with tracker: inside the package when installed from a wheel,
    at the top of the repository in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "shipped_paths"
    return installed if installed.is_dir() else package.parent / "paths"


def path_folders(extra: Sequence[Path] = (), env: Mapping[str, str] = os.environ) -> list[Path]:
    """Folders in the order they win: --paths, TRACKER_PATHS, the learner's, the shipped."""
    from_env = [Path(p) for p in env.get(PATHS_ENV, "").split(os.pathsep) if p]
    folders = [*extra, *from_env, appdirs.user_paths_dir(), shipped_paths_dir()]
    unique: dict[Path, Path] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), folder)
    return list(unique.values())


def missing_env_folders(env: Mapping[str, str] = os.environ) -> list[str]:
    """Entries of TRACKER_PATHS that are not folders: most likely a typo worth telling."""
    return [p for p in env.get(PATHS_ENV, "").split(os.pathsep) if p and not Path(p).is_dir()]


def path_files(folder: Path, *, strict: bool = False) -> list[Path]:
    """The path files directly in `folder`, by name; hidden files (editor backups) are skipped.
    An unreadable folder has none, unless `strict` asks for the OSError."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        if strict:
            raise
        return []
    return sorted(
        entry
        for entry in entries
        if entry.suffix in PATH_SUFFIXES and not entry.name.startswith(".") and entry.is_file()
    )


def discover(folders: Iterable[Path], cache: PathCache | None = None) -> Library:
    files = [file for folder in folders for file in path_files(folder)]
    library = load_files(files, cache)
    if cache is not None:
        cache.prune(set(files))
    return library


def load_files(files: Iterable[Path], cache: PathCache | None = None) -> Library:
    """Load each file; of two paths with one id the first wins, with a warning on the second."""
    library = Library()
    for file in files:
        result = cache.load(file) if cache is not None else load_path_file(file)
        library.results.append(result)
        library.diagnostics.extend(result.diagnostics)
        path = result.path
        if path is None:
            continue
        first = library.paths.get(path.id)
        if first is None:
            library.paths[path.id] = path
            continue
        library.diagnostics.append(
            Diagnostic(
                result.file,
                1,
                1,
                Severity.WARNING,
                f"path id '{path.id}' is already loaded from {first.file}; this file is skipped",
            )
        )
    return library


def default_library(extra: Sequence[Path] = ()) -> Library:
    """The paths a learner sees: every folder, through the cache."""
    from tracker.pathdefs.cache import PathCache

    return discover(path_folders(extra), PathCache(appdirs.path_cache_dir()))
