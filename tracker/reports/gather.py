"""Everything a report shows, read once: for each learner and path, where they stand, what
they recorded on the items (evidence, time spent, resource ticks, reviews), their figures
(time, pace, projected finish), and, when asked for (the HTML report draws it), their
activity over time.

The records of a path are read together (`path_records`), never item by item: a report of a
10,000-item path must stay well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from sqlalchemy.engine import Engine

from tracker.pathdefs.model import Item, PathDef
from tracker.services.clock import utc_now
from tracker.services.dashboard import last_activities
from tracker.services.insights import DAYS, WEEKS
from tracker.services.learners import LearnerInfo
from tracker.services.overview import track_completions
from tracker.services.progress import path_progress
from tracker.services.records import NO_RECORDS, PathRecords, path_records
from tracker.services.reviews import item_copies, listed_once
from tracker.services.standing import Completion, Outline, outline
from tracker.services.stats import (
    Figures,
    Streaks,
    daily_activity,
    learner_events,
    local_day,
    path_stats,
    recent_time,
    streaks,
    week_end,
    weekly_done,
)
from tracker.services.timelog import TimeLine, first_logged, time_lines


@dataclass(frozen=True, slots=True)
class Activity:
    """A learner's work over time, as the stats screen counts it (see services/stats.py)."""

    today: date  # the report's `now` as a local date
    weeks: list[tuple[date, int]]  # items done on this path per week (Monday), oldest first
    days: list[tuple[date, int]]  # changes per day on every path, oldest first
    streaks: Streaks  # over every path


NOTHING = ("", "")  # the key that marks a standing's time lines as worked out


@dataclass(frozen=True, slots=True)
class Standing:
    """One learner on one path."""

    learner: str
    outline: Outline
    tracks: dict[str, Completion]
    last_activity: datetime | None
    figures: Figures  # done this week, pace, time spent and left, projected finish
    records: PathRecords = NO_RECORDS  # evidence, time, ticks and reviews, by item
    reviews_due: int = 0  # reviews falling due by the end of the report's week (Sunday)
    activity: Activity | None = None  # only when gathered with activity=True
    _time: dict[tuple[str, str], TimeLine] = field(default_factory=dict, repr=False)

    @property
    def in_progress(self) -> list[Item]:
        progress = self.outline.progress
        return [item for item in progress.path.items() if progress.state(item.id).status == "doing"]

    @property
    def logged_time(self) -> bool:
        """Whether the learner logged any time on the path: reports show the time of steps
        and levels only then, so that a learner who never logs time is not told 0m everywhere."""
        return self.figures.spent_minutes != 0

    def time_of(self, kind: str, part_id: str) -> TimeLine | None:
        """Time spent against the estimates of the path, a level, step or item (by its id:
        step ids are unique in a path, as item ids are); None when it has neither.

        Worked out on first use, as `time_lines` walks every item: the Markdown and HTML
        reports show no time until the learner logs some."""
        if not self._time:
            progress = self.outline.progress
            lines = time_lines(progress, self.records.spent)
            self._time.update(((line.kind, line.id), line) for line in lines)
            self._time[NOTHING] = None  # known, even when no part has any time
        return self._time.get((kind, part_id))


def percent(done: Completion) -> str:
    """A completion as the Markdown and HTML reports write it: "67%"; with nothing left to
    count, why instead: "not followed", "optional", "skipped"."""
    return done.reason if done.percent is None else f"{done.percent:.0f}%"


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
    """Each standing counts local days of `tz` (None: the system's zone) up to the day of
    `now`. Per learner, the events and recent time are read once for every path; per path,
    the progress and the records. With `activity`, each standing also carries its
    `Activity` (weeks, days, streaks), which only the HTML report draws."""
    learners, paths = list(learners), list(paths)
    now = now or utc_now()
    today = local_day(now, tz)
    week_over = week_end(today, tz)
    standings = {}
    for learner in learners:
        last = last_activities(engine, learner.id)
        events = learner_events(engine, learner.id)  # pace and the week: every format shows
        recent = recent_time(engine, learner.id, today, tz)
        logged = first_logged(engine, learner.id)
        if activity:  # days and streaks count the events of every path: once per learner
            days, runs = daily_activity(events, today, DAYS, tz), streaks(events, today, tz)
        copies = item_copies(engine, learner.id)
        progresses = [path_progress(engine, learner.id, path) for path in paths]
        every = [path_records(engine, learner.id, progress, copies) for progress in progresses]
        # An item carried into a fork is due once, on the fork, when both are reported.
        reviews = (review for records in every for review in records.reviews.values())
        listed = {id(review) for review in listed_once(reviews, copies)}
        for path, progress, records in zip(paths, progresses, every, strict=True):
            figures = path_stats(
                progress, events, today, tz, records.spent, recent.get(path.id, 0),
                logged.get(path.id),
            ).figures  # fmt: skip
            found = None
            if activity:
                found = Activity(today, weekly_done(events, path, today, WEEKS, tz), days, runs)
            standings[learner.name, path.id] = Standing(
                learner=learner.name,
                outline=outline(progress),
                tracks=track_completions(progress),
                last_activity=last.get(path.id),
                figures=figures,
                records=records,
                reviews_due=sum(
                    r.is_due(week_over) and id(r) in listed for r in records.reviews.values()
                ),
                activity=found,
            )
    return Report(now, lang, paths, [learner.name for learner in learners], standings)
