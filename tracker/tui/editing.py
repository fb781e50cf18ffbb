"""Open a path's file in the learner's editor, with the app suspended meanwhile."""

from __future__ import annotations

import subprocess

from textual.app import App, SuspendNotSupported

from tracker.editor import editor_command
from tracker.errors import TrackerError


def edit_path_file(app: App, file: str) -> None:
    try:
        command = [*editor_command(), file]
        with app.suspend():
            subprocess.run(command, check=False)
    except TrackerError as exc:
        app.notify(str(exc), severity="error")
        return
    except SuspendNotSupported:
        app.notify("This terminal cannot hand over to an editor", severity="error")
        return
    except OSError as exc:
        app.notify(f"cannot start the editor: {exc.strerror}", severity="error")
        return
    app.action_reload_paths()
