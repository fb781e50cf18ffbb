"""The figures of a stats screen for one path: completion by level and track, done per week,
activity per day, streaks, time left and spent, the projected finish and reviews due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo

from sqlalchemy.engine import Engine

from tracker.pathdefs.model import PathDef
from tracker.services.overview import track_completions
from tracker.services.progress import path_progress
from tracker.services.reviews import due_reviews
from tracker.services.standing import Completion, PathProgress, completion
from tracker.services.stats import (
    Figures,
    Streaks,
    daily_activity,
    learner_events,
    local_today,
    path_stats,
    recent_time,
    streaks,
    track_level_completion,
    week_end,
    weekly_done,
)
from tracker.services.timelog import first_logged, spent_by_item

WEEKS = 12
DAYS = 182  # about six months


@dataclass(frozen=True, slots=True)
class StatsView:
    progress: PathProgress
    figures: Figures
    levels: dict[str, Completion]
    tracks: dict[str, Completion]
    level_tracks: dict[tuple[str, str], Completion]
    weeks: list[tuple[date, int]]  # items done per week on this path, oldest first
    days: list[tuple[date, int]]  # changes per day on every path, oldest first
    streaks: Streaks
    today: date
    reviews_due_this_week: int = 0  # on this path, by Sunday night
    spent: dict[str, int] = field(default_factory=dict)  # seconds logged, by item


def stats_view(
    engine: Engine,
    learner_id: int,
    path: PathDef,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> StatsView:
    today = today or local_today(tz)
    progress = path_progress(engine, learner_id, path)
    events = learner_events(engine, learner_id)
    spent = spent_by_item(engine, learner_id, path)
    recent = recent_time(engine, learner_id, today, tz).get(path.id, 0)
    due = due_reviews(engine, learner_id, [progress], week_end(today, tz))
    first = first_logged(engine, learner_id).get(path.id)
    return StatsView(
        progress=progress,
        figures=path_stats(progress, events, today, tz, spent, recent, first).figures,
        levels={
            level.id: completion(progress, (i for s in level.steps for i in s.items))
            for level in path.levels
        },
        tracks=track_completions(progress),
        level_tracks=track_level_completion(progress),
        weeks=weekly_done(events, path, today, WEEKS, tz),
        days=daily_activity(events, today, DAYS, tz),
        streaks=streaks(events, today, tz),
        today=today,
        reviews_due_this_week=len(due),
        spent=spent,
    )
