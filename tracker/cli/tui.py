"""`tracker tui [PATH_ID]`: the terminal app (also what a bare `tracker` opens)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.app import app


@app.command("tui")
def tui(
    ctx: typer.Context,
    path_id: Annotated[
        str | None, typer.Argument(metavar="[PATH_ID]", help="Open this path directly.")
    ] = None,
) -> None:
    """Open the terminal app (also what a bare `tracker` does in a terminal)."""
    from tracker.tui.run import run_app

    run_app(ctx.obj, path_id)
