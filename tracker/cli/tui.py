"""`tracker tui [PATH_ID]`, and a bare `tracker` in a terminal: the terminal app."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tracker.cli.app import CommandError, app
from tracker.settings import Settings


@app.command("tui")
def tui(
    ctx: typer.Context,
    path_id: Annotated[
        str | None, typer.Argument(metavar="[PATH_ID]", help="Open this path directly.")
    ] = None,
) -> None:
    """Open the terminal app (also what a bare `tracker` does in a terminal)."""
    run_app(ctx.obj, path_id)


def run_app(settings: Settings, path_id: str | None = None) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError("the terminal app needs a terminal; see tracker --help for commands")
    library = None
    if path_id is not None:
        # Checked before the screen changes, so that a typo is one line in the shell.
        from tracker.errors import suggest
        from tracker.pathdefs.discover import default_library

        library = default_library(settings.path_dirs)
        if path_id not in library.paths:
            raise CommandError(f"no path '{path_id}'{suggest(path_id, library.paths)}")
    from tracker.tui.app import TrackerApp
    from tracker.tui.config import load_config

    TrackerApp(settings, open_path=path_id, library=library, config=load_config()).run()
