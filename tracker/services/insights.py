"""The figures of a stats screen for one path: completion by level and track, done per week,
activity per day, streaks, time left and the projected finish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from sqlalchemy.engine import Engine

from tracker.pathdefs.model import PathDef
from tracker.services.overview import track_completions
from tracker.services.progress import path_progress
from tracker.services.standing import Completion, PathProgress, completion
from tracker.services.stats import (
    Figures,
    Streaks,
    daily_activity,
    learner_events,
    local_today,
    path_stats,
    streaks,
    track_level_completion,
    weekly_done,
)

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
    return StatsView(
        progress=progress,
        figures=path_stats(progress, events, today, tz).figures,
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
    )
