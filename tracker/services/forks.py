"""`tracker fork`: a learner's own copy of a path, written into their paths folder."""

from __future__ import annotations

from pathlib import Path

from tracker import appdirs
from tracker.atomic import FileExists, write_atomically
from tracker.files import open_regular
from tracker.pathdefs.fork import ForkError, forked_text
from tracker.pathdefs.model import PathDef
from tracker.pathdefs.syntax import is_id, not_a_path_id
from tracker.services.errors import ServiceError
from tracker.services.workspace import Workspace


def fork_path(
    ws: Workspace,
    path_id: str,
    new_id: str,
    *,
    title: str | None = None,
    folder: Path | None = None,
    force: bool = False,
) -> tuple[Path, PathDef]:
    """Write `<folder>/<new_id>.yaml`, the file of `path_id` under the id `new_id` and the
    title `title` (None: the original's, marked as a copy), into the learner's paths folder
    by default, which is searched before the shipped paths."""
    source = ws.path(path_id)
    if not is_id(new_id):
        raise ServiceError(not_a_path_id(new_id))
    taken = ws.library.paths.get(new_id)
    if taken is not None and not force:
        raise ServiceError(f"a path '{new_id}' is already loaded (from {taken.file})")
    if not source.file:
        raise ServiceError(f"path '{path_id}' was not loaded from a file")
    try:
        with open_regular(source.file) as stream:
            data = stream.read()
        text, copy = forked_text(data, str(source.file), new_id, title)
    except OSError as exc:
        raise ServiceError(f"cannot read {source.file}: {exc.strerror or exc}") from None
    except ForkError as exc:
        raise ServiceError(str(exc)) from None
    folder = folder or appdirs.user_paths_dir()
    file = folder / f"{new_id}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(file, text.encode("utf-8"), replace=force)
    except FileExists:
        raise ServiceError(f"{file} already exists; add --force to replace it") from None
    except OSError as exc:
        raise ServiceError(f"cannot write {file}: {exc.strerror or exc}") from None
    copy.file = str(file)
    return file, copy
