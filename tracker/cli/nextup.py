"""`tracker next`: what to work on now, on one path or on every path you started."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from tracker.cli.app import app, count, workspace
from tracker.cli.progress import GLYPHS, JsonOption, StarsOption, TagOption, item_filter

ONE_PATH, PER_PATH = 10, 5  # items shown by default: of the path named, of each path started


@app.command("next")
def next_up(
    ctx: typer.Context,
    path_id: Annotated[str | None, typer.Argument(metavar="[PATH_ID]")] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            min=0,
            help=f"How many items per path (default {ONE_PATH} of PATH_ID, {PER_PATH} of "
            "each path without it); 0 for all.",
        ),
    ] = None,
    stars_at_least: StarsOption = None,
    tags: TagOption = None,
    as_json: JsonOption = False,
) -> None:
    """What to work on now, on the tracks you follow.

    Required items come before optional ones; within each, requirements met first, then
    doing before todo, in path order. Without PATH_ID: the paths you have started (every
    path until you start one), a heading per path, the one you changed something on last
    first. --stars and --tag keep only the items that match."""
    from tracker.pathdefs.text import pick
    from tracker.services.clock import iso
    from tracker.services.nextup import next_groups

    ws = workspace(ctx)
    paths = ws.paths_or_started(path_id) or list(ws.library.paths.values())
    keep = item_filter(stars_at_least, tags)
    shown = (ONE_PATH if path_id else PER_PATH) if limit is None else limit
    groups = []
    for group in next_groups(ws.engine, ws.learner.id, paths):
        found = [entry for entry in group.items if keep is None or keep(entry.item)]
        if not found:
            continue
        path = group.path
        rows = [
            {
                "path": path.id,
                "id": entry.item.id,
                "title": pick(entry.item.title, ws.settings.lang, path.lang),
                "kind": entry.item.kind,
                "status": entry.status,
                "optional": entry.item.optional,
                "waiting_for": list(entry.waiting_for),
            }
            for entry in found[: shown or None]
        ]
        groups.append(
            {
                "path": path.id,
                "title": pick(path.title, ws.settings.lang, path.lang),
                "last_activity": iso(group.last_activity),
                "items": rows,
                "more": len(found) - len(rows),
            }
        )
    if as_json:
        typer.echo(json.dumps(groups, ensure_ascii=False, indent=2))
        return
    if not groups:
        typer.echo("nothing left to do on the tracks you follow")
    for number, group in enumerate(groups):
        if path_id is None:  # across paths: a heading for each
            if number:
                typer.echo()
            typer.echo(f"{group['path']}  {group['title']}")
        _echo_rows(group, "  " if path_id is None else "")


def _echo_rows(group: dict[str, Any], indent: str) -> None:
    for row in group["items"]:
        optional = " (optional)" if row["optional"] else ""
        waiting = f"  (after {', '.join(row['waiting_for'])})" if row["waiting_for"] else ""
        typer.echo(
            f"{indent}{GLYPHS[row['status']]} {row['path']}/{row['id']}  {row['title']}"
            f"{optional}{waiting}"
        )
    if group["more"]:
        typer.echo(f"{indent}... and {count(group['more'], 'more item')} (--limit 0 for all)")
