"""`tracker backup` and `tracker restore`: every learner's progress as one JSON file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.app import CommandError, app, count


@app.command()
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The JSON file to write; an existing one is replaced whole."
        ),
    ],
) -> None:
    """Write every learner's progress, notes, follows and log to FILE as JSON."""
    from tracker.services.backup import write_backup
    from tracker.services.workspace import open_database

    summary = write_backup(open_database(ctx.obj), file)
    typer.echo(
        f"wrote {summary.file}: {count(summary.learners, 'learner')}, "
        f"{count(summary.items, 'item')} with progress, {count(summary.events, 'event')}"
    )


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file written by tracker backup.")],
) -> None:
    """Merge a backup into this database: learners it lacks are added, per item the newer
    change wins; unfollowed tracks, log entries, evidence, time, review answers and resource
    ticks are added. Restoring twice changes nothing; a file with any problem is refused
    before anything is written."""
    from tracker.services.backup import merge_backup, read_backup
    from tracker.services.workspace import open_database

    if not file.exists():
        raise CommandError(f"no such file: {file}")
    contents = read_backup(file)  # before the database is even opened
    summary = merge_backup(open_database(ctx.obj), contents)
    if not summary.changed:
        typer.echo(f"nothing to change: {file} has nothing newer than this database")
        return
    changes = [f"{count(number, noun)} {verb}" for number, noun, verb in summary.counts() if number]
    typer.echo(f"restored {file}: {', '.join(changes)}")
