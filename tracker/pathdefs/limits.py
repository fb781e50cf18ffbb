"""How large a path file may be."""

from __future__ import annotations

MAX_FILE_BYTES = 16 * 1024 * 1024


def too_large(size: int) -> str:
    return f"file is larger than 16 MiB ({size / 2**20:.1f} MiB)"
