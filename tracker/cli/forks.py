"""Commands that make a path the learner's own: fork (a copy to change) and reset (start over)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tracker.cli.app import CommandError, app, count, workspace


@app.command()
def fork(
    ctx: typer.Context,
    path_id: Annotated[str, typer.Argument(metavar="PATH_ID", help="The path to copy.")],
    new_id: Annotated[str, typer.Argument(metavar="NEW_ID", help="The copy's path id.")],
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Carry your statuses and notes over to the copy (asked when omitted at a "
            "terminal; not carried in a script).",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="The copy's title (default: the original's followed by \"(my copy)\", in "
            "each of its languages).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a file or path of that id.")
    ] = False,
) -> None:
    """Copy a path into your paths folder under a new id and title, to change as you like.

    Item ids stay the same, so your progress can come along; `tracker undo` takes the carried
    progress back. The copy is an ordinary path file: edit it, then `tracker validate` it.
    """
    from tracker.pathdefs.text import pick
    from tracker.services.forks import fork_path
    from tracker.services.progress import carry_progress

    ws = workspace(ctx)
    file, copy = fork_path(ws, path_id, new_id, title=title, force=force)
    shown = pick(copy.title, ws.settings.lang, copy.lang)
    typer.echo(f"wrote {file} (path '{new_id}', \"{shown}\", a copy of '{path_id}')")
    if progress is None and sys.stdin.isatty():
        progress = typer.confirm(f"Carry your progress on '{path_id}' over to '{new_id}'?", True)
    if progress:
        carried = carry_progress(ws.engine, ws.learner.id, ws.path(path_id), copy)
        typer.echo(f"carried {count(len(carried), 'item')} over (tracker undo takes them back)")


@app.command()
def reset(
    ctx: typer.Context,
    path_id: Annotated[str, typer.Argument(metavar="PATH_ID", help="The path to start over.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Clear your progress on a path: every item back to todo, notes cleared.

    Asks first (in a script, pass --yes); `tracker undo` brings it all back.
    """
    from tracker.services.progress import path_progress, recorded_items, reset_path

    ws = workspace(ctx)
    path = ws.path(path_id)
    kept = recorded_items(path_progress(ws.engine, ws.learner.id, path))
    if not kept:
        typer.echo(f"nothing to reset: no progress on '{path_id}'")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise CommandError("reset asks first; add --yes to reset without asking")
        question = f"Clear {ws.learner.name}'s progress on '{path_id}' ({count(kept, 'item')})?"
        if not typer.confirm(question, default=False):
            raise CommandError("nothing changed", status=1)
    changes = reset_path(ws.engine, ws.learner.id, path)
    typer.echo(
        f"reset {count(len(changes), 'item')} on '{path_id}' (tracker undo brings them back)"
    )
