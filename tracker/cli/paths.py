"""Commands about path files: validate, paths, schema, new."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.app import EXIT_ERRORS, EXIT_USAGE, CommandError, app, count
from tracker.settings import Settings


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
        f"{count(len(files), 'file')} checked: "
        f"{count(errors, 'error')}, {count(warnings, 'warning')}",
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
            f"({count(row['levels'], 'level')}, {count(row['items'], 'item')}){tracks}"
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
