"""Reading files named by a user, who may name a pipe or a device by mistake."""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO


def open_regular(file: str | os.PathLike[str]) -> BinaryIO:
    """`file` opened for reading in binary; OSError when it is not a regular file, which a
    FIFO or a terminal would make wait forever for data, and /dev/zero never end."""
    # O_NONBLOCK, or opening a FIFO would itself wait for a writer.
    descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe or device)")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
