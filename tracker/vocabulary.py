"""How every front end words a figure: durations, counts, time left and the projected finish.

One vocabulary, so that the same figure reads the same in the CLI, the app and the reports.
Plain text, and a plain module: it imports nothing of tracker (nor a database or UI library),
so that every layer may use it and the app can word a figure before the database has loaded.

- A **duration** is written compactly, in its largest two units that matter: `46s`, `4s`,
  `1m`, `1m 30s`, `1h 30m`, `2h`, `3d 4h` (a day is 24 hours), `0s` for nothing. The smaller
  unit is rounded, half up (`1h 0m 30s` is `1h 1m`), so seconds show only under an hour. What it
  writes, days aside, `tracker spent` reads back.
- A **count** agrees with its number: `1 item`, `2 items`, `0 items`, `1.5 items`.
- The **projected finish** is a date and what it follows, or why there is none; the services
  decide which (`tracker.services.projection`), this module only words it.
"""

from __future__ import annotations

import math
from datetime import date

_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
PACE_WEEKS = 4  # the weeks a pace looks back over, in the services as in what they say

# Why a path has no projected finish: the reasons `Figures.finish_reason` holds.
FINISH_REASONS = {
    "done": "done",
    "not_enough_activity": "not enough activity yet",
    "no_recent_pace": f"none yet (nothing done or logged in the last {PACE_WEEKS} weeks)",
    "beyond_calendar": "beyond the calendar at this pace",
}


def duration(seconds: float) -> str:
    """`46s`, `1m 30s`, `1h 30m`, `3d 4h`, `0s`; negative for a correction: `-20m`."""
    sign = "-" if seconds < 0 else ""
    total = abs(seconds)
    for index, (name, size) in enumerate(_UNITS):
        small_name, small = _UNITS[index + 1] if index + 1 < len(_UNITS) else ("", 1)
        rounded = math.floor(total / small + 0.5) * small  # half up: 1h 30s is 1h 1m
        if rounded < size and size > 1:
            continue
        big, rest = divmod(int(rounded), size)
        if big == 0:
            return "0s"
        shown = f"{sign}{big}{name}"
        return f"{shown} {rest // small}{small_name}" if rest else shown
    raise AssertionError("unreachable: the last unit takes any number")


def minutes(value: float) -> str:
    """A duration given in minutes, as the figures keep them."""
    return duration(value * 60)


def spent(spent_minutes: float, estimated_minutes: float) -> str:
    """Time logged against the estimate: `1h 30m spent of 2h estimated (75%)`; `45m spent,
    no estimate`."""
    shown = minutes(spent_minutes)
    if estimated_minutes <= 0:
        return f"{shown} spent, no estimate"
    share = spent_minutes / estimated_minutes
    return f"{shown} spent of {minutes(estimated_minutes)} estimated ({share:.0%})"


def number(value: float) -> str:
    """A whole number as it is, anything else with at most two decimals: `3`, `0.25`."""
    return f"{round(value, 2):g}"


def count(value: float, noun: str, plural: str | None = None) -> str:
    """`1 item`, `2 items`, `0 items`, `1.5 items`; `plural` for a noun whose plural is not
    the noun and an "s": `count(2, "piece of evidence", "pieces of evidence")`."""
    shown = number(value)
    if shown == "1":
        return f"1 {noun}"
    return f"{shown} {plural or noun + 's'}"


def ratio(value: float) -> str:
    """How time spent compares with the estimates: `1.5×`, `0.67×`, `2×`."""
    return f"{number(value)}×"


def pace(items_a_week: float) -> str:
    """`0.25 items a week`: the items done in the last 4 weeks, a week."""
    return f"{count(items_a_week, 'item')} a week"


def time_left(left_minutes: float, items_left: int, without_estimate: int) -> str:
    """Time left by the estimates of the items left: `2h 30m`; `none` once nothing is left;
    what it covers when some items have no estimate."""
    if items_left == 0:
        return "none"
    if without_estimate >= items_left:
        return f"unknown (none of the {count(items_left, 'item')} left has an estimate)"
    shown = minutes(left_minutes)
    if without_estimate == 0:
        return shown
    covered = items_left - without_estimate
    return f"{shown} (estimates for {covered} of the {count(items_left, 'item')} left)"


def finish(when: date | str | None, by: str, reason: str | None, scaled: bool = False) -> str:
    """The projected finish: `2027-03-10 (by the items done in the last 4 weeks)`, or why
    there is none (`not enough activity yet`). `by` is what the date follows, `time` logged
    or `items` done; `scaled` says the estimates were scaled to the learner's own pace."""
    if when is None:
        return FINISH_REASONS.get(reason or "", "none yet")
    shown = when if isinstance(when, str) else when.isoformat()
    if by == "time":
        also = ", the estimates scaled to your pace" if scaled else ""
        return f"{shown} (by the hours logged in the last {PACE_WEEKS} weeks{also})"
    return f"{shown} (by the items done in the last {PACE_WEEKS} weeks)"
