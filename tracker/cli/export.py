"""`tracker export`: progress reports in Markdown, CSV or JSON, to stdout or a file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.app import CommandError, app


class Format(StrEnum):
    md = "md"
    csv = "csv"
    json = "json"


SUFFIXES = {".md": Format.md, ".markdown": Format.md, ".csv": Format.csv, ".json": Format.json}


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
            "--format", "-f", help="md, csv or json. Default: from the file's suffix, else md."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
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
    from tracker.reports.gather import gather
    from tracker.services.learners import list_learners
    from tracker.services.progress import started_paths
    from tracker.services.workspace import open_workspace

    chosen = format or SUFFIXES.get(output.suffix.lower() if output else "", Format.md)
    ws = open_workspace(ctx.obj)
    learners = [ws.learner]
    if users is not None:
        known = {learner.name: learner for learner in list_learners(ws.engine)}
        names = list(known) if users == "all" else [n.strip() for n in users.split(",") if n]
        missing = [name for name in names if name not in known]
        if missing or not names:
            raise CommandError(f"no learner {', '.join(map(repr, missing)) or repr(users)}")
        learners = [known[name] for name in names]
    if every_path:
        paths = list(ws.library.paths.values())
    elif path_ids:
        paths = [ws.path(path_id) for path_id in dict.fromkeys(path_ids)]
    else:
        started = set().union(*(started_paths(ws.engine, lr.id) for lr in learners))
        paths = [path for path in ws.library.paths.values() if path.id in started]
        if not paths:
            raise CommandError("no path started yet; name a PATH_ID, or use --all")
    report = gather(ws.engine, learners, paths, ws.settings.lang)
    text = _render(chosen, report)
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text, force)
    typer.echo(f"wrote {output}", err=True)


def _render(chosen: Format, report) -> str:
    if chosen is Format.csv:
        from tracker.reports.csv_report import csv_report

        return csv_report(report)
    if chosen is Format.json:
        from tracker.reports.json_report import json_report

        return json_report(report)
    from tracker.reports.markdown_report import markdown_report

    return markdown_report(report)


def _write(output: Path, text: str, force: bool) -> None:
    from tracker.atomic import FileExists, write_atomically

    folder = output.absolute().parent
    if not folder.is_dir():
        raise CommandError(f"the folder does not exist: {folder}")
    try:
        write_atomically(output, text.encode("utf-8"), replace=force)
    except FileExists:
        raise CommandError(f"{output} exists; add --force to replace it") from None
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
