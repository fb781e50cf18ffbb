"""The `stats` command: completion, this week, streaks, time left and spent, pace, projected
finish, reviews due."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tracker.cli.app import app, completion_words, count, workspace

MINUTES_PER_DAY = 24 * 60


@app.command()
def stats(
    ctx: typer.Context,
    path_id: Annotated[str | None, typer.Argument(metavar="[PATH_ID]")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Your statistics: completion, done this week, streaks of active days, time left from
    the estimates, time spent and how it compares with them, pace over the last four weeks,
    a projected finish and the reviews due this week. Without PATH_ID: every path you have
    started, and all of them together.

    The projected finish follows the hours you logged in the last four weeks when there are
    any (the time left scaled by how your time compared with the estimates); otherwise the
    items you finished.
    """
    from tracker.services.stats import learner_stats, stats_document

    ws = workspace(ctx)
    paths = ws.paths_or_started(path_id)
    document = stats_document(learner_stats(ws.engine, ws.learner.id, paths), ws.settings.lang)
    if as_json:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    _print_text(document, several=path_id is None)


def _print_text(document: dict, several: bool) -> None:
    if not document["paths"]:
        typer.echo("no path started yet; mark an item with: tracker done PATH_ID/ITEM_ID")
    for entry in document["paths"]:
        typer.echo(f"{entry['path']}  {entry['title']}")
        _print_figures(entry)
    if several and len(document["paths"]) > 1:
        typer.echo("all these paths")
        _print_figures(document["overall"])
    typer.echo(f"current streak: {count(document['current_streak'], 'day')}")
    typer.echo(f"longest streak: {count(document['longest_streak'], 'day')}")
    typer.echo(f"active days: {document['active_days']}")
    typer.echo(f"reviews due this week: {document['reviews_due_this_week']}")


def _print_figures(figures: dict) -> None:
    typer.echo(f"  completion: {completion_words(figures['completion'])}")
    typer.echo(f"  done this week: {count(figures['done_this_week'], 'item')}")
    typer.echo(f"  time left: {_time_left(figures)}")
    if figures["spent_minutes"] > 0:
        typer.echo(f"  time spent: {_time_spent(figures)}")
    pace = figures["pace_per_week"]
    typer.echo(f"  pace: {pace:g} item{'' if pace == 1 else 's'} a week (last 4 weeks)")
    if figures["minutes_per_week"] > 0:
        hours = _duration(figures["minutes_per_week"])
        typer.echo(f"  time logged: {hours} a week (last 4 weeks)")
    typer.echo(f"  projected finish: {_finish(figures)}")


def _time_left(figures: dict) -> str:
    left, missing = figures["remaining"], figures["items_without_estimate"]
    if left == 0:
        return "none"
    if missing == left:
        return f"unknown (none of the {count(left, 'item')} left has an estimate)"
    shown = _duration(figures["time_left_minutes"])
    if missing == 0:
        return shown
    return f"{shown} (estimates for {left - missing} of the {count(left, 'item')} left)"


def _duration(minutes: float) -> str:
    """Days, hours and minutes, the largest two units that matter: '3d 4h', '2h 30m'."""
    total = round(minutes)
    days, rest = divmod(total, MINUTES_PER_DAY)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    return f"{mins}m"


def _time_spent(figures: dict) -> str:
    shown = _duration(figures["spent_minutes"])
    ratio = figures["estimate_ratio"]
    if ratio is None:
        return shown
    return f"{shown}, {round(ratio, 2):g} times the estimates (on done items with both)"


def _finish(figures: dict) -> str:
    if figures["remaining"] == 0:
        return "done"
    if figures["projected_by"] == "time":  # hours logged lately, even with no item done
        return f"{figures['projected_finish']} (at your logged hours)"
    if figures["pace_per_week"] == 0:
        return "none yet (nothing done in the last 4 weeks)"
    if figures["projected_finish"] is None:
        return "beyond the calendar at this pace"
    return f"{figures['projected_finish']} (at your pace of items)"
