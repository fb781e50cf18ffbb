"""The `tracker` command line.

Only typer is imported up front; each command imports what it needs, so that `tracker --help`
and `tracker validate` start fast (they never load SQLAlchemy or textual).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from tracker import __version__
from tracker.settings import Settings, language_from_locale

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


class CommandError(Exception):
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
            help="Database URL (any SQLAlchemy URL). Default: an SQLite file in your data folder.",
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
        typer.echo(ctx.get_help())


@app.command()
def validate(
    file_or_dir: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE_OR_DIR...",
            help="Path files, or folders whose *.yaml and *.yml files are checked.",
            exists=True,
        ),
    ],
) -> None:
    """Check path files against the path format and print every problem.

    Each problem is one line, FILE:LINE:COLUMN: error|warning: message. Exit status: 0 when
    no file has errors (warnings allowed), 1 when any has, 2 for bad usage.
    """
    from tracker.pathdefs.discover import load_files

    files = list(dict.fromkeys(_files_to_check(file_or_dir)))  # a file given twice is checked once
    library = load_files(files)
    for diagnostic in sorted(library.diagnostics, key=_in_file_order(files)):
        typer.echo(str(diagnostic))
    errors = sum(d.is_error for d in library.diagnostics)
    warnings = len(library.diagnostics) - errors
    typer.echo(
        f"{_count(len(files), 'file')} checked: "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}",
        err=True,
    )
    if errors:
        raise typer.Exit(EXIT_ERRORS)


@app.command("paths")
def list_paths(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON list instead of a table.")
    ] = False,
) -> None:
    """List the loaded paths: shipped, your own, and those of --paths and TRACKER_PATHS.

    Problems in path files are printed on stderr; a broken file never hides the others.
    """
    import json

    from tracker.pathdefs.discover import default_library, missing_env_folders
    from tracker.pathdefs.text import pick

    settings: Settings = ctx.obj
    library = default_library(settings.path_dirs)
    for folder in missing_env_folders():
        typer.echo(f"tracker: warning: TRACKER_PATHS names no folder: {folder}", err=True)
    for diagnostic in library.diagnostics:
        typer.echo(str(diagnostic), err=True)
    rows = [
        {
            "id": path.id,
            "title": pick(path.title, settings.lang, path.lang),
            "levels": len(path.levels),
            "items": path.item_count(),
            "tracks": [track.id for track in path.tracks],
            "file": path.file,
        }
        for path in library.paths.values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("No paths found. Create one with: tracker new PATH_ID", err=True)
        return
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        tracks = f"  tracks: {', '.join(row['tracks'])}" if row["tracks"] else ""
        typer.echo(
            f"{row['id']:<{width}}  {row['title']}  "
            f"({_count(row['levels'], 'level')}, {_count(row['items'], 'item')}){tracks}"
        )


@app.command()
def schema() -> None:
    """Print a JSON Schema of the path format, for editors that use yaml-language-server.

    Save it and point a path file at it in its first line:

    \b
        tracker schema > path.schema.json
        # yaml-language-server: $schema=path.schema.json
    """
    import json

    from tracker.pathdefs.schema import path_schema

    typer.echo(json.dumps(path_schema(), indent=2))


@app.command()
def new(
    ctx: typer.Context,
    path_id: Annotated[
        str, typer.Argument(metavar="PATH_ID", help="Id of the new path, e.g. my-path.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter path into your paths folder and print where it is."""
    from tracker.pathdefs.discover import default_library
    from tracker.pathdefs.starter import InvalidPathId, StarterError, write_starter

    settings: Settings = ctx.obj
    try:
        file = write_starter(path_id, force=force)
    except InvalidPathId as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except StarterError as exc:
        raise CommandError(str(exc)) from None
    typer.echo(str(file))
    library = default_library(settings.path_dirs)
    loaded = library.paths.get(path_id)
    if loaded is not None and Path(loaded.file).resolve() != file.resolve():
        typer.echo(
            f"note: a path '{path_id}' is also loaded from {loaded.file}, which comes first; "
            "yours is skipped until you rename one of them",
            err=True,
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _files_to_check(targets: list[Path]) -> Iterator[Path]:
    from tracker.pathdefs.discover import path_files

    for target in targets:
        if not target.is_dir():
            yield target
            continue
        try:
            found = path_files(target, strict=True)
        except OSError as exc:
            raise CommandError(f"{target}: cannot read the folder: {exc.strerror}") from None
        if not found:
            message = f"{target}: no path files (*.yaml, *.yml) in this folder"
            raise CommandError(message, EXIT_USAGE)
        yield from found


def _in_file_order(files: list[Path]):
    order = {str(file): index for index, file in enumerate(files)}
    return lambda d: (order.get(d.file, len(order)), d.line, d.column)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors and proper exit statuses instead of tracebacks."""
    try:
        app(args=argv, prog_name="tracker")
    except CommandError as exc:
        typer.echo(f"tracker: error: {exc}", err=True)
        sys.exit(exc.status)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("TRACKER_DEBUG"):
            raise
        typer.echo(
            f"tracker: internal error: {exc.__class__.__name__}: {exc} "
            "(run with TRACKER_DEBUG=1 for the traceback)",
            err=True,
        )
        sys.exit(EXIT_ERRORS)
