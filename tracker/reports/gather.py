"""Everything a report shows, read once: for each learner and path, where they stand, and,
when asked for (the HTML report draws it), their activity over time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy.engine import Engine

from tracker.pathdefs.model import Item, PathDef
from tracker.services.clock import utc_now
from tracker.services.dashboard import last_activities
from tracker.services.insights import DAYS, WEEKS
from tracker.services.learners import LearnerInfo
from tracker.services.overview import track_completions
from tracker.services.progress import path_progress
from tracker.services.standing import Completion, Outline, outline
from tracker.services.stats import (
    Figures,
    Streaks,
    daily_activity,
    learner_events,
    local_day,
    path_stats,
    streaks,
    weekly_done,
)


@dataclass(frozen=True, slots=True)
class Activity:
    """A learner's work over time, as the stats screen counts it (see services/stats.py)."""

    today: date  # the report's `now` as a local date
    figures: Figures  # this path: done this week, pace, time left, projected finish
    weeks: list[tuple[date, int]]  # items done on this path per week (Monday), oldest first
    days: list[tuple[date, int]]  # changes per day on every path, oldest first
    streaks: Streaks  # over every path


@dataclass(frozen=True, slots=True)
class Standing:
    """One learner on one path."""

    learner: str
    outline: Outline
    tracks: dict[str, Completion]
    last_activity: datetime | None
    activity: Activity | None = None  # only when gathered with activity=True

    @property
    def in_progress(self) -> list[Item]:
        progress = self.outline.progress
        return [item for item in progress.path.items() if progress.state(item.id).status == "doing"]


def percent(done: Completion) -> str:
    """A completion as the Markdown and HTML reports write it: "67%"."""
    return f"{done.percent:.0f}%"


@dataclass(frozen=True, slots=True)
class Report:
    generated_at: datetime
    lang: str
    paths: list[PathDef]
    learners: list[str]
    standings: dict[tuple[str, str], Standing]  # by (learner, path id)

    @property
    def cohort(self) -> bool:
        return len(self.learners) > 1


def gather(
    engine: Engine,
    learners: Iterable[LearnerInfo],
    paths: Iterable[PathDef],
    lang: str,
    now: datetime | None = None,
    *,
    activity: bool = False,
    tz: tzinfo | None = None,
) -> Report:
    """With `activity`, each standing also carries its `Activity`, counted in local days of
    `tz` (None: the system's zone) up to the day of `now`; without, no event is read beyond
    the last activity, so the formats that show none pay nothing for it."""
    learners, paths = list(learners), list(paths)
    now = now or utc_now()
    today = local_day(now, tz)
    standings = {}
    for learner in learners:
        last = last_activities(engine, learner.id)
        if activity:  # days and streaks count the events of every path: once per learner
            events = learner_events(engine, learner.id)
            days, runs = daily_activity(events, today, DAYS, tz), streaks(events, today, tz)
        for path in paths:
            progress = path_progress(engine, learner.id, path)
            found = None
            if activity:
                figures = path_stats(progress, events, today, tz).figures
                weeks = weekly_done(events, path, today, WEEKS, tz)
                found = Activity(today, figures, weeks, days, runs)
            standings[learner.name, path.id] = Standing(
                learner.name,
                outline(progress),
                track_completions(progress),
                last.get(path.id),
                found,
            )
    return Report(now, lang, paths, [learner.name for learner in learners], standings)
