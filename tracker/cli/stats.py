"""The `stats` command: completion, this week, streaks, time left and spent, pace, projected
finish, reviews due."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from tracker import vocabulary
from tracker.cli.app import app, completion_words, count, workspace
from tracker.vocabulary import PACE_WEEKS

if TYPE_CHECKING:
    from tracker.services.stats import Figures


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
    items you finished. It needs at least three items done and two weeks since your first
    activity on the path; until then it says "not enough activity yet".
    """
    from tracker.pathdefs.text import pick
    from tracker.services.stats import learner_stats, stats_document

    ws = workspace(ctx)
    paths = ws.paths_or_started(path_id)
    found = learner_stats(ws.engine, ws.learner.id, paths)
    if as_json:
        document = stats_document(found, ws.settings.lang)
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    # The text words the figures as they are, not the JSON's rounded minutes: as the app
    # and the reports do.
    if not found.paths:
        typer.echo("no path started yet; mark an item with: tracker done PATH_ID/ITEM_ID")
    for entry in found.paths:
        typer.echo(f"{entry.path.id}  {pick(entry.path.title, ws.settings.lang, entry.path.lang)}")
        _print_figures(entry.figures)
    if path_id is None and len(found.paths) > 1:
        typer.echo("all these paths")
        _print_figures(found.overall)
    typer.echo(f"current streak: {count(found.streaks.current, 'day')}")
    typer.echo(f"longest streak: {count(found.streaks.longest, 'day')}")
    typer.echo(f"active days: {found.streaks.active_days}")
    typer.echo(f"reviews due this week: {found.reviews_due_this_week}")


def _print_figures(figures: Figures) -> None:
    typer.echo(f"  completion: {completion_words(figures.completion.as_json())}")
    typer.echo(f"  done this week: {count(figures.done_this_week, 'item')}")
    left = vocabulary.time_left(
        figures.time_left_minutes, figures.remaining, figures.items_without_estimate
    )
    typer.echo(f"  time left: {left}")
    if figures.spent_minutes > 0:
        typer.echo(f"  time spent: {_time_spent(figures)}")
    typer.echo(f"  pace: {vocabulary.pace(figures.pace_per_week)} (last {PACE_WEEKS} weeks)")
    if figures.minutes_per_week > 0:
        hours = vocabulary.minutes(figures.minutes_per_week)
        typer.echo(f"  time logged: {hours} a week (last {PACE_WEEKS} weeks)")
    finish = vocabulary.finish(
        figures.projected_finish,
        figures.finish_by,
        figures.finish_reason,
        scaled=figures.estimate_ratio is not None,
    )
    typer.echo(f"  projected finish: {finish}")


def _time_spent(figures: Figures) -> str:
    shown = vocabulary.minutes(figures.spent_minutes)
    ratio = figures.estimate_ratio
    if ratio is None:
        return shown
    return f"{shown}, {vocabulary.ratio(ratio)} the estimates (on done items with both)"
