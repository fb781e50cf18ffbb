"""`tracker doctor`: check the database, reading only."""

from __future__ import annotations

import typer

from tracker.cli.app import app, count


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the database: its integrity (SQLite's quick_check), its schema version, rows
    that point at a missing learner or event, and progress on items no loaded path has.
    Reads only: nothing is upgraded, repaired or deleted. Exit status 1 when a problem is
    found."""
    from tracker.pathdefs.discover import default_library
    from tracker.services.doctor import examine

    findings = examine(ctx.obj.db_url, default_library(ctx.obj.path_dirs))
    for finding in findings:
        typer.echo(f"{'PROBLEM' if finding.problem else 'ok':<7}  {finding.text}")
    problems = sum(finding.problem for finding in findings)
    if problems:
        typer.echo(f"{count(problems, 'problem')} found; nothing was changed", err=True)
        raise typer.Exit(1)
