"""`tracker export`: progress reports in Markdown, HTML, CSV or JSON, to stdout or a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.app import CommandError, app
from tracker.reports.formats import Format, format_for


@app.command()
def export(
    ctx: typer.Context,
    path_ids: Annotated[
        list[str] | None, typer.Argument(metavar="[PATH_ID]...", show_default=False)
    ] = None,
    every_path: Annotated[bool, typer.Option("--all", help="Every loaded path.")] = False,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, csv or json. Default: from the file's suffix, else md.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    user: Annotated[
        str | None,
        typer.Option("--user", metavar="NAME", help="This learner instead of the active one."),
    ] = None,
    users: Annotated[
        str | None,
        typer.Option(
            "--users",
            metavar="all|A,B",
            help="Several learners (a cohort report): all of them, or these names.",
        ),
    ] = None,
) -> None:
    """A progress report: per path, levels and steps with their completion, every item with
    its status, dates and note. Without PATH_ID or --all: the paths you have started."""
    from tracker.reports.export import choose_learners, choose_paths, report_text, write_report
    from tracker.services.workspace import open_workspace

    if user is not None and users is not None:
        raise CommandError("give --user or --users, not both")
    chosen = format_for(output, format)
    ws = open_workspace(ctx.obj)
    learners = choose_learners(ws.engine, ws.learner, user if user is not None else users)
    paths = choose_paths(ws.engine, ws.library, learners, path_ids or (), every_path)
    text = report_text(chosen, ws.engine, learners, paths, ws.settings.lang)
    if output is None:
        sys.stdout.write(text)
        return
    write_report(output, text, force)
    typer.echo(f"wrote {output}", err=True)
