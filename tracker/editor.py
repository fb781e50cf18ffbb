"""Write a text in the learner's editor ($VISUAL, $EDITOR, else a common one)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.errors import TrackerError


def edit_text(text: str, suffix: str = ".md") -> str | None:
    """The text as the learner left it, or None when the editor saved nothing new."""
    command = editor_command()
    with tempfile.TemporaryDirectory(prefix="tracker-") as folder:
        file = Path(folder) / f"note{suffix}"
        file.write_text(text, encoding="utf-8")
        try:
            finished = subprocess.run([*command, str(file)], check=False)
        except OSError as exc:
            raise TrackerError(f"cannot start the editor '{command[0]}': {exc.strerror}") from None
        if finished.returncode != 0:
            raise TrackerError(
                f"the editor '{command[0]}' failed (exit status {finished.returncode})"
            )
        edited = file.read_text(encoding="utf-8")
    return None if edited == text else edited


def editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        if os.environ.get(variable, "").strip():
            return shlex.split(os.environ[variable])
    for name in ("sensible-editor", "nano", "vi"):
        if shutil.which(name):
            return [name]
    raise TrackerError("no editor found; set EDITOR (for example EDITOR=nano)")
