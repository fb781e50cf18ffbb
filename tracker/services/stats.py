"""Statistics of a learner: completion, this week's work, streaks, time left, pace and a
projected finish.

The figures are computed by pure functions from a path's progress and the learner's events
(plain `EventFact`s, read once by `learner_events`), so that tests give their own `today` and
time zone. Definitions:

- An event **counts** only when it is not an undo and has not been undone: an undone mark
  never happened, and its undo is no work either. Nor does progress carried into a fork
  (`carry_progress`) count: that work was done, and counted, on the original path.
- **Calendar days** are local: a stored time (aware, UTC) is converted to the zone given, or
  to the system's zone when none is given (with the offset in force at that moment, so a
  change of daylight saving time moves no event to another day).
- **Weeks** start on Monday at 00:00 local time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from tracker.pathdefs.model import Item, PathDef
from tracker.pathdefs.text import pick
from tracker.services.clock import as_aware, utc_now
from tracker.services.progress import path_progress
from tracker.services.projection import project
from tracker.services.reviews import due_reviews
from tracker.services.standing import (
    Completion,
    PathProgress,
    combined,
    completion,
    counts,
    time_left,
)
from tracker.services.timelog import estimate_ratio, first_logged, logged_since, spent_by_item
from tracker.store.engine import reading
from tracker.store.models import Event
from tracker.store.values import CARRIED
from tracker.vocabulary import PACE_WEEKS  # the weeks a pace looks back over


@dataclass(slots=True)  # not frozen: a frozen __init__ costs triple, for tens of thousands
class EventFact:
    """One stored change, as plain data."""

    at: datetime  # aware
    path_id: str
    item_id: str
    from_status: str
    to_status: str
    undo: bool = False  # this event reverted an earlier one
    undone: bool = False  # a later undo reverted this event
    carried: bool = False  # progress carried into a fork: work done on another path

    @property
    def counts(self) -> bool:
        return not self.undo and not self.undone and not self.carried

    @property
    def made_done(self) -> bool:
        return self.to_status == "done" and self.from_status != "done"


@dataclass(frozen=True, slots=True)
class Figures:
    """The statistics of one path, or of several added up."""

    completion: Completion
    done_this_week: int
    time_left_minutes: float
    items_without_estimate: int
    pace_per_week: float
    projected_finish: date | None  # None when nothing remains or too little to go on
    spent_minutes: float = 0.0  # time logged on the path's items
    minutes_per_week: float = 0.0  # time logged in the last four weeks, a week
    estimate_ratio: float | None = None  # time spent over estimate, on done items with both
    expected_left_minutes: float = 0.0  # the time left at the learner's ratio
    finish_by: str = "items"  # what the projection followed: "time" logged, or "items" done
    finish_reason: str | None = None  # why there is no projected finish (`projection`)
    active_since: date | None = None  # the day of the first activity on the path

    @property
    def remaining(self) -> int:
        return items_left(self.completion)

    def as_json(self) -> dict[str, Any]:
        finish = self.projected_finish
        return {
            "completion": self.completion.as_json(),
            "remaining": self.remaining,
            "done_this_week": self.done_this_week,
            "time_left_minutes": round(self.time_left_minutes, 2),
            "items_without_estimate": self.items_without_estimate,
            "pace_per_week": round(self.pace_per_week, 2),
            "projected_finish": None if finish is None else finish.isoformat(),
            "projected_finish_reason": self.finish_reason,
            "projected_by": self.finish_by,
            "spent_minutes": round(self.spent_minutes, 2),
            "minutes_per_week": round(self.minutes_per_week, 2),
            "estimate_ratio": _rounded(self.estimate_ratio, 3),
        }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True, slots=True)
class PathStats:
    path: PathDef
    figures: Figures


@dataclass(frozen=True, slots=True)
class Streaks:
    current: int
    longest: int
    active_days: int


@dataclass(frozen=True, slots=True)
class LearnerStats:
    paths: list[PathStats]
    overall: Figures  # the paths' figures added up
    streaks: Streaks  # over every event of the learner, whatever the path
    reviews_due_this_week: int = 0  # done items whose review falls due by Sunday night


def items_left(done: Completion) -> int:
    """Counted items neither done nor skipped."""
    return done.counted - done.done - done.skipped


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar date of a stored time in `tz`; None is the system's zone."""
    return moment.astimezone(tz).date()


def day_reader(tz: tzinfo | None = None) -> Callable[[datetime], date]:
    """`local_day` remembering what it found: a bulk mark gives thousands of events one
    time, and a zone conversion costs more than the rest of an event's handling."""
    found: dict[datetime, date] = {}

    def day(moment: datetime) -> date:
        known = found.get(moment)
        if known is None:
            known = found[moment] = local_day(moment, tz)
        return known

    return day


def local_today(tz: tzinfo | None = None) -> date:
    return local_day(utc_now(), tz)


def week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


def week_end(today: date, tz: tzinfo | None = None) -> datetime:
    """Monday 00:00 after `today`, local: what is due before it is due this week."""
    return local_midnight(week_start(today) + timedelta(weeks=1), tz)


def local_midnight(day: date, tz: tzinfo | None = None) -> datetime:
    """00:00 of `day` in `tz` (None: the system's zone), as an aware time."""
    midnight = datetime.combine(day, datetime.min.time())
    return midnight.replace(tzinfo=tz) if tz else midnight.astimezone()  # naive: local


def counted_events(events: Iterable[EventFact]) -> list[EventFact]:
    return [event for event in events if event.counts]


def done_moves(
    progress: PathProgress,
    events: Iterable[EventFact],
    first_day: date,
    last_day: date,
    tz: tzinfo | None = None,
) -> list[str]:
    """The item of each counted move to done on the local days from `first_day` to
    `last_day`, limited to the items that count toward completion (`overview.counts`), so
    that these figures and the projection measure the same items as completion does. An
    event under an item's old id (`was`) counts for the item."""
    items = _items_by_event_id(progress.path)
    day = day_reader(tz)
    path_id = progress.path.id
    counted: dict[str, bool] = {}  # by item: whether it counts toward completion
    moves = []
    # The cheap tests first: a learner's events can be tens of thousands.
    for event in events:
        if not (event.made_done and event.path_id == path_id and event.counts):
            continue
        item = items.get(event.item_id)
        if item is None or not first_day <= day(event.at) <= last_day:
            continue
        if item.id not in counted:
            counted[item.id] = counts(progress, item)
        if counted[item.id]:
            moves.append(item.id)
    return moves


def _items_by_event_id(path: PathDef) -> dict[str, Item]:
    """The current item each id an event may carry stands for: its own id, or an old one."""
    items = {old: item for item in path.items() for old in item.was}
    items.update({item.id: item for item in path.items()})
    return items


def done_this_week(
    progress: PathProgress, events: Iterable[EventFact], today: date, tz: tzinfo | None = None
) -> int:
    """Distinct counted items that a counted event moved to done since Monday 00:00 (local)
    and that are still done now."""
    moved = set(done_moves(progress, events, week_start(today), today, tz))
    return sum(progress.state(item_id).status == "done" for item_id in moved)


def pace_per_week(
    progress: PathProgress, events: Iterable[EventFact], today: date, tz: tzinfo | None = None
) -> float:
    """Counted moves to done of counted items in the last four weeks (the 28 local days
    ending today, today included), divided by 4: items a week. Every move counts, also a
    second one of the same item after it went back to todo."""
    first_day = today - timedelta(weeks=PACE_WEEKS) + timedelta(days=1)
    return len(done_moves(progress, events, first_day, today, tz)) / PACE_WEEKS


def path_stats(
    progress: PathProgress,
    events: Iterable[EventFact],
    today: date,
    tz: tzinfo | None = None,
    spent: dict[str, int] | None = None,
    recent_seconds: int = 0,
    first_entry: datetime | None = None,
) -> PathStats:
    """The figures of one path. Completion is `overview.completion` over the path's items;
    `events` may hold other paths' events too, only this path's count.

    `spent` is the seconds logged on each item, `recent_seconds` those logged on the path in
    the last four weeks, `first_entry` the time of its first one. The projected finish
    follows `projection.project`: none without enough activity; with time logged lately, the
    learner's real pace (the estimated time left, scaled by how the learner's time compared
    with the estimates so far, at the hours a week they log); otherwise items done a week."""
    events = list(events)
    spent = spent or {}
    path = progress.path
    done = completion(progress, path.items())
    minutes, missing = time_left(progress)
    pace = pace_per_week(progress, events, today, tz)
    ratio = estimate_ratio(progress, spent)
    per_week = recent_seconds / 60 / PACE_WEEKS
    expected = minutes * (ratio or 1.0)
    since = first_activity(path.id, events, first_entry, tz)
    projection = project(
        remaining=items_left(done), done=done.done, active_since=since, today=today,
        pace=pace, left_minutes=expected, minutes_per_week=per_week,
    )  # fmt: skip
    figures = Figures(
        completion=done,
        done_this_week=done_this_week(progress, events, today, tz),
        time_left_minutes=minutes,
        items_without_estimate=missing,
        pace_per_week=pace,
        projected_finish=projection.finish,
        spent_minutes=sum(spent.values()) / 60,
        minutes_per_week=per_week,
        estimate_ratio=ratio,
        expected_left_minutes=expected,
        finish_by=projection.by,
        finish_reason=projection.reason,
        active_since=since,
    )
    return PathStats(path, figures)


def first_activity(
    path_id: str,
    events: Iterable[EventFact],
    first_entry: datetime | None = None,
    tz: tzinfo | None = None,
) -> date | None:
    """The local day of the first recorded activity on a path: its first counted change, or
    its first time logged (`first_entry`) when that came earlier."""
    first = first_entry
    for event in events:  # in the order stored: a restored backup's may be older
        if event.path_id == path_id and event.counts and (first is None or event.at < first):
            first = event.at
    return None if first is None else local_day(first, tz)


def added_up(figures: Iterable[Figures], today: date) -> Figures:
    """Several paths as one: counts, minutes and paces add up; the projection follows, from
    the items done on them all since the first activity on any."""
    figures = list(figures)
    total = combined(f.completion for f in figures)
    pace = sum(f.pace_per_week for f in figures)
    per_week = sum(f.minutes_per_week for f in figures)
    expected = sum(f.expected_left_minutes for f in figures)
    since = min((f.active_since for f in figures if f.active_since), default=None)
    projection = project(
        remaining=items_left(total), done=total.done, active_since=since, today=today,
        pace=pace, left_minutes=expected, minutes_per_week=per_week,
    )  # fmt: skip
    return Figures(
        completion=total,
        done_this_week=sum(f.done_this_week for f in figures),
        time_left_minutes=sum(f.time_left_minutes for f in figures),
        items_without_estimate=sum(f.items_without_estimate for f in figures),
        pace_per_week=pace,
        projected_finish=projection.finish,
        spent_minutes=sum(f.spent_minutes for f in figures),
        minutes_per_week=per_week,
        estimate_ratio=None,  # a ratio per path; they do not add up
        expected_left_minutes=expected,
        finish_by=projection.by,
        finish_reason=projection.reason,
        active_since=since,
    )


def streaks(events: Iterable[EventFact], today: date, tz: tzinfo | None = None) -> Streaks:
    """Runs of active days: local dates with at least one counted event (any change: a mark
    or a note). The current streak is the run of consecutive active days that ends today, or
    that ends yesterday when today has no activity yet (the day is not over, so the streak is
    not broken); otherwise 0. The longest streak is the longest run ever."""
    day = day_reader(tz)
    days = {day(event.at) for event in counted_events(events)}
    end = today if today in days else today - timedelta(days=1)
    current = 0
    while end - timedelta(days=current) in days:
        current += 1
    return Streaks(current, _longest_run(days), len(days))


def _longest_run(days: set[date]) -> int:
    longest = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue  # not the first day of a run
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        longest = max(longest, length)
    return longest


def weekly_done(
    events: Iterable[EventFact],
    path: PathDef | None,
    today: date,
    weeks: int = 12,
    tz: tzinfo | None = None,
) -> list[tuple[date, int]]:
    """Counted moves to done in each of the last `weeks` weeks (Monday, count), oldest first,
    the current week (up to today) last: the history behind the pace. Every move counts, as
    in the pace (not `done_this_week`'s "still done": a past week's work stays done that
    week). With a path, only its events on its current items (or their old ids); None takes
    every path."""
    # Without a PathProgress, optional items and unfollowed tracks are not left out here.
    current = week_start(today)
    found = {current - timedelta(weeks=back): 0 for back in range(weeks - 1, -1, -1)}
    items = {} if path is None else _items_by_event_id(path)
    day_of = day_reader(tz)
    for event in counted_events(events):
        ours = path is None or (event.path_id == path.id and event.item_id in items)
        if not (ours and event.made_done):
            continue
        day = day_of(event.at)
        if day <= today and week_start(day) in found:
            found[week_start(day)] += 1
    return list(found.items())


def daily_activity(
    events: Iterable[EventFact], today: date, days: int = 182, tz: tzinfo | None = None
) -> list[tuple[date, int]]:
    """Counted events (any change: a mark or a note, every path) on each of the last `days`
    local days, oldest first, today last, 0 on a day without any: what a heatmap shows, with
    the same notion of activity as the streaks."""
    found = {today - timedelta(days=back): 0 for back in range(days - 1, -1, -1)}
    day_of = day_reader(tz)
    for event in counted_events(events):
        day = day_of(event.at)
        if day in found:
            found[day] += 1
    return list(found.items())


def track_level_completion(progress: PathProgress) -> dict[tuple[str, str], Completion]:
    """Completion of the items of each (level id, track id), for every level and every
    declared track of the path: where each track stands in each level. Items of no track are
    in no pair; items the learner does not follow do not count (`completion`), so the pair of
    an unfollowed track has nothing to count but for items also on a followed track."""
    return {
        (level.id, track.id): completion(
            progress,
            (item for step in level.steps for item in step.items if track.id in item.tracks),
        )
        for level in progress.path.levels
        for track in progress.path.tracks
    }


def learner_events(engine: Engine, learner_id: int, path_id: str | None = None) -> list[EventFact]:
    """Every event of the learner (of one path when `path_id` is given), oldest first, undos,
    undone and carried events included and flagged: the pure functions above leave them out."""
    # Columns, not ORM objects: a learner can have tens of thousands of events, and building
    # an Event for each costs more than the query.
    query = select(
        Event.at, Event.path_id, Event.item_id, Event.from_status, Event.to_status,
        Event.undoes, Event.undone_by, Event.change,
    ).where(Event.learner_id == learner_id)  # fmt: skip
    if path_id is not None:
        query = query.where(Event.path_id == path_id)
    with reading(engine) as session:  # through the connection: no ORM machinery per row
        rows = session.connection().execute(query.order_by(Event.id)).all()
    return [
        EventFact(
            as_aware(at), path, item, before, after, undoes is not None, undone is not None,
            change.startswith(CARRIED),
        )
        for at, path, item, before, after, undoes, undone, change in rows
    ]  # fmt: skip


def recent_time(
    engine: Engine, learner_id: int, today: date, tz: tzinfo | None = None
) -> dict[str, int]:
    """Seconds logged on each path in the four weeks that the pace looks at."""
    first_day = today - timedelta(weeks=PACE_WEEKS) + timedelta(days=1)
    recent: dict[str, int] = {}
    for path_id, seconds in logged_since(engine, learner_id, local_midnight(first_day, tz)):
        recent[path_id] = recent.get(path_id, 0) + seconds
    return recent


def learner_stats(
    engine: Engine,
    learner_id: int,
    paths: Iterable[PathDef],
    today: date | None = None,
    tz: tzinfo | None = None,
) -> LearnerStats:
    """The statistics of `paths` for one learner; streaks count every path's events."""
    today = today or local_today(tz)
    events = learner_events(engine, learner_id)
    recent = recent_time(engine, learner_id, today, tz)
    logged = first_logged(engine, learner_id)
    progresses = [path_progress(engine, learner_id, path) for path in paths]
    found = [
        path_stats(
            progress, events, today, tz,
            spent_by_item(engine, learner_id, progress.path), recent.get(progress.path.id, 0),
            logged.get(progress.path.id),
        )
        for progress in progresses
    ]  # fmt: skip
    due = due_reviews(engine, learner_id, progresses, week_end(today, tz))
    return LearnerStats(
        paths=found,
        overall=added_up((stats.figures for stats in found), today),
        streaks=streaks(events, today, tz),
        reviews_due_this_week=len(due),
    )


def stats_document(stats: LearnerStats, lang: str) -> dict[str, Any]:
    """The JSON contract of `tracker stats --json`."""
    return {
        "paths": [
            {
                "path": entry.path.id,
                "title": pick(entry.path.title, lang, entry.path.lang),
                **entry.figures.as_json(),
            }
            for entry in stats.paths
        ],
        "overall": stats.overall.as_json(),
        "current_streak": stats.streaks.current,
        "longest_streak": stats.streaks.longest,
        "active_days": stats.streaks.active_days,
        "reviews_due_this_week": stats.reviews_due_this_week,
    }
