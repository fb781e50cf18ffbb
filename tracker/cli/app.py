"""The `tracker` app: global options, errors, and the entry point.

Only typer is imported up front; each command imports what it needs, so that `tracker --help`
and `tracker validate` start fast (they never load SQLAlchemy or textual).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from tracker import __version__
from tracker.errors import TrackerError, reporting_errors
from tracker.settings import Settings, language_from_locale
from tracker.vocabulary import count as count  # what every command counts with

app = typer.Typer(
    name="tracker",
    help="Follow deep-learning roadmaps step by step and keep track of where you are.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich costs more start-up time than the help is worth
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_ERRORS = 1
EXIT_USAGE = 2


class CommandError(TrackerError):
    """A problem to report in one line, with the exit status to end with."""

    def __init__(self, message: str, status: int = EXIT_ERRORS):
        super().__init__(message)
        self.status = status


def _check_language(value: str | None) -> str | None:
    from tracker.pathdefs.syntax import LANGUAGE_CODE

    if value is not None and not LANGUAGE_CODE.fullmatch(value):
        raise typer.BadParameter(f"'{value}' is not a language code such as en or zh")
    return value


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="TRACKER_DB",
            metavar="URL",
            help="Database: sqlite:///FILE or postgresql://USER@HOST/NAME (shared by a class). "
            "Default: an SQLite file in your data folder.",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            envvar="TRACKER_USER",
            metavar="NAME",
            help="Act as this learner for one command.",
        ),
    ] = None,
    paths: Annotated[
        list[Path] | None,
        typer.Option(
            "--paths",
            metavar="DIR",
            help="Also load path files from DIR (repeatable; searched first). "
            "TRACKER_PATHS adds folders separated by ':'.",
            exists=True,
            file_okay=False,
            dir_okay=True,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="TRACKER_LANG",
            metavar="CODE",
            callback=_check_language,
            help="Language of titles and summaries (en, zh, ...). Default: from your locale.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = Settings(
        db_url=db,
        user=user,
        path_dirs=tuple(paths or ()),
        lang=lang or language_from_locale(),
    )
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from tracker.tui.run import run_app

            run_app(ctx.obj)
        else:  # in a pipe or a script, the commands are what is wanted
            typer.echo(ctx.get_help())


def completion_words(completion: dict) -> str:
    """A completion of the JSON documents as the commands print it: `67% (2/3)`; with nothing
    left to count, why instead: `not followed`, `optional` or `skipped`."""
    if completion["percent"] is None:
        return completion["reason"]
    counted = completion["counted"] - completion["skipped"]
    return f"{completion['percent']:.0f}% ({completion['done']}/{counted})"


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors and proper exit statuses instead of tracebacks.

    `argv` None means a whole process (the console script), which ends when this returns.
    """
    try:
        reporting_errors(lambda: app(args=argv, prog_name="tracker"))
    finally:
        if argv is None:
            # At exit CPython runs one last full collection over every object SQLAlchemy and
            # pydantic built (about 0.1 s, a fifth of a command); frozen objects are skipped.
            # Everything is written and committed by now, and the process frees it all anyway.
            gc.freeze()


def workspace(ctx: typer.Context, *, with_paths: bool = True):
    """The database, learner and paths this command works with (see services.workspace)."""
    from tracker.services.workspace import open_workspace

    return open_workspace(ctx.obj, with_paths=with_paths)
