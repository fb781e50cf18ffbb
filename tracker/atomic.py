"""Write a file whole or not at all: a temporary file beside it, synced, then renamed."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


class FileExists(FileExistsError):
    """The file is there and replacing it was not asked for."""


def write_atomically(file: Path, data: bytes, *, replace: bool = True) -> None:
    """`file` holds `data` afterwards, or is as it was (and no temporary file is left).

    Without `replace`, an existing file is kept and FileExists raised; the new name is made
    with a hard link, which fails if the name exists, so that no check-then-write race can
    lose someone else's file. OSError says what else went wrong."""
    folder = file.absolute().parent
    temporary = folder / f".{file.name}.{secrets.token_hex(4)}.tmp"
    # 0o666 less the umask, as any new file gets (mkstemp's 0o600 would make a shared report
    # private); a replaced file keeps its own mode.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(descriptor, "wb") as handle:
            with contextlib.suppress(FileNotFoundError):
                if replace:
                    os.fchmod(handle.fileno(), stat.S_IMODE(os.stat(file).st_mode))
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
        _sync_folder(folder)  # the new name itself survives a power cut
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder to sync it
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
