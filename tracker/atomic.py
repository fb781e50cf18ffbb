"""Write a file whole or not at all: a temporary file beside it, synced, then renamed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class FileExists(FileExistsError):
    """The file is there and replacing it was not asked for."""


def write_atomically(file: Path, data: bytes, *, replace: bool = True) -> None:
    """`file` holds `data` afterwards, or is as it was (and no temporary file is left).

    Without `replace`, an existing file is kept and FileExists raised; the new name is made
    with a hard link, which fails if the name exists, so that no check-then-write race can
    lose someone else's file. OSError says what else went wrong."""
    descriptor, temporary = tempfile.mkstemp(
        dir=file.absolute().parent, prefix=f".{file.name}.", suffix=".tmp"
    )
    try:
        with open(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # the data is on disk before the name points at it
        if replace:
            os.replace(temporary, file)
        else:
            try:
                os.link(temporary, file)
            except FileExistsError:
                raise FileExists(file) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
