"""The projected finish of a path (or of several): the day the learner should be done at
their recent pace, what that pace follows, or why there is no such day.

The rule, once for every front end: a finish is projected only from enough activity, that
is at least `MIN_DONE` items done and at least `MIN_SPAN` since the first recorded activity
on the path (a change or time logged) up to today. Otherwise it is "not enough activity
yet": one item done on the first day would project a pace of a quarter item a week, and a
finish years away.

With enough activity, the finish follows the hours logged in the last four weeks when there
are any (the time left at the learner's ratio to the estimates), else the items done a week.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

MIN_DONE = 3
MIN_SPAN = timedelta(weeks=2)

# Why there is no date (`Projection.reason`; the JSON's `projected_finish_reason`).
DONE = "done"  # nothing left to do
NOT_ENOUGH_ACTIVITY = "not_enough_activity"  # fewer than MIN_DONE done, or under MIN_SPAN
NO_RECENT_PACE = "no_recent_pace"  # nothing done or logged in the last four weeks
BEYOND_CALENDAR = "beyond_calendar"  # so slow a pace that the date is past year 9999
REASONS = (DONE, NOT_ENOUGH_ACTIVITY, NO_RECENT_PACE, BEYOND_CALENDAR)


@dataclass(frozen=True, slots=True)
class Projection:
    finish: date | None
    by: str  # what a finish follows: "time" logged or "items" done
    reason: str | None  # why there is no finish, one of REASONS; None with a finish


def enough_activity(done: int, active_since: date | None, today: date) -> bool:
    """At least MIN_DONE items done, the first activity at least MIN_SPAN before today."""
    return done >= MIN_DONE and active_since is not None and today - active_since >= MIN_SPAN


def project(
    *,
    remaining: int,
    done: int,
    active_since: date | None,
    today: date,
    pace: float,
    left_minutes: float,
    minutes_per_week: float,
) -> Projection:
    """The finish of `remaining` items: by the time left (`left_minutes`, already at the
    learner's ratio) at the minutes logged a week, else by the items done a week (`pace`)."""
    by = "time" if minutes_per_week > 0 and left_minutes > 0 else "items"
    if remaining <= 0:
        return Projection(None, by, DONE)
    if not enough_activity(done, active_since, today):
        return Projection(None, by, NOT_ENOUGH_ACTIVITY)
    if by == "time":
        finish = finish_by_time(left_minutes, minutes_per_week, today)
    elif pace > 0:
        finish = projected_finish(remaining, pace, today)
    else:
        return Projection(None, by, NO_RECENT_PACE)
    return Projection(finish, by, None if finish else BEYOND_CALENDAR)


def projected_finish(remaining: int, pace: float, today: date) -> date | None:
    """Today plus the days the remaining items take at this pace, rounded up to a whole day;
    None when nothing remains (the path is done) or the pace is 0 (no end in sight)."""
    if remaining <= 0 or pace <= 0:
        return None
    try:
        return today + timedelta(days=math.ceil(remaining / (pace / 7)))
    except OverflowError:  # a very slow pace on a long path: beyond any calendar
        return None


def finish_by_time(left_minutes: float, minutes_per_week: float, today: date) -> date | None:
    """Today plus the days the time left takes at the hours the learner logs a week."""
    if left_minutes <= 0 or minutes_per_week <= 0:
        return None
    try:
        return today + timedelta(days=math.ceil(left_minutes / (minutes_per_week / 7)))
    except OverflowError:
        return None
