"""Charts of the stats screen as plain `rich` text: pure functions of their figures, so that
they are tested without a terminal and drawn the same on every run.

Only `rich` is imported here (no textual, no database); styles are named or hex colours, so
that a chart looks the same whatever the app's theme.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from rich.text import Text

# English on purpose: the charts must not change with the system's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EIGHTHS = " ▏▎▍▌▋▊▉"  # a cell filled to 0/8 .. 7/8 from the left
FULL, EMPTY = "█", "░"
CELL = "■"
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_WIDTH = 4  # a day label, then a space
LEVELS = ("grey35", "#0e4429", "#006d32", "#26a641", "#39d353")  # none, then by quartile
BAR_STYLE = "green"
LABEL_STYLE = "grey62"


def _eighths(fraction: float, width: int) -> int:
    """Eighths of `width` cells filled by `fraction`, rounded, but never full unless the
    fraction is, and never empty unless it is 0: 99% is not done, and 1% is a start."""
    if math.isnan(fraction):
        fraction = 0.0
    fraction = min(max(fraction, 0.0), 1.0)
    total = width * 8
    eighths = round(fraction * total)
    if 0 < fraction < 1:
        eighths = min(max(eighths, 1), total - 1)
    return eighths


def _filled(eighths: int) -> str:
    """Full cells, then the partial one when there is a remainder."""
    full, rest = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[rest] if rest else "")


def bar(fraction: float, width: int) -> str:
    """A completion bar of exactly `width` cells (at least 1), "█████▌░░░░": `fraction` is
    clamped to [0, 1] (NaN is 0) and the last filled cell shows eighths."""
    width = max(1, int(width))
    filled = _filled(_eighths(fraction, width))
    return filled + EMPTY * (width - len(filled))


def month_day(day: date) -> str:
    """A week's label, "Nov 16" or "Nov  2": the day right-aligned, so that bars line up."""
    return f"{MONTHS[day.month - 1]} {day.day:>2}"


def week_bars(weeks: list[tuple[date, int]], width: int = 30) -> Text:
    """One line a week, "Nov 16 ██████▌        6": the week's label, a bar of `width` cells
    scaled to the largest count (eighths for the last cell, at least an eighth for any
    count but 0), then the count; all zero gives empty bars."""
    width = max(1, int(width))
    top = max((count for _, count in weeks), default=0)
    digits = len(str(top))
    text = Text()
    for index, (monday, count) in enumerate(weeks):
        if index:
            text.append("\n")
        filled = _filled(_eighths(count / top, width)) if top > 0 and count > 0 else ""
        text.append(month_day(monday), LABEL_STYLE)
        text.append(" ")
        text.append(filled, BAR_STYLE)
        text.append(" " * (width - len(filled)) + f" {count:>{digits}}")
    return text


def level(count: int, top: int) -> int:
    """The intensity bucket of a day: 0 for none, else 1..4 by quartiles of the maximum."""
    if count <= 0 or top <= 0:
        return 0
    return min(4, -(-4 * count // top))


def heatmap(days: list[tuple[date, int]]) -> Text:
    """A GitHub-like grid of activity: a row a weekday (Monday first), a column a week (the
    oldest left), a cell a day styled by its bucket (`level`; a day missing counts 0), blank
    before the first day and after the last. Above, the month that starts in a column; below,
    the legend."""
    if not days:
        return Text()
    counts = dict(days)
    first, last = min(counts), max(counts)
    start = first - timedelta(days=first.weekday())
    columns = (last - start).days // 7 + 1
    top = max(counts.values())
    text = Text(_month_header(first, last, start, columns))
    for weekday, label in enumerate(DAY_LABELS):
        text.append("\n")
        text.append(f"{label:<{LABEL_WIDTH - 1}} ", LABEL_STYLE)
        for column in range(columns):
            if column:
                text.append(" ")
            day = start + timedelta(days=7 * column + weekday)
            if first <= day <= last:
                text.append(CELL, LEVELS[level(counts.get(day, 0), top)])
            else:
                text.append(" ")
    text.append("\n" + " " * LABEL_WIDTH)
    text.append("less ", LABEL_STYLE)
    for style in LEVELS:
        text.append(CELL, style)
    text.append(" more", LABEL_STYLE)
    return text


def _month_header(first: date, last: date, start: date, columns: int) -> str:
    """Each month's name over the column of its 1st (within the days shown), left to right,
    a name skipped when it would touch the previous one; the first column is named after the
    first day's month too when that fits before the next name."""
    names: list[tuple[int, str]] = []  # (position in the line, month name)
    for column in range(columns):
        for offset in range(7):
            day = start + timedelta(days=7 * column + offset)
            if day.day == 1 and first <= day <= last:
                position = LABEL_WIDTH + 2 * column
                if not names or position > names[-1][0] + len(names[-1][1]):
                    names.append((position, MONTHS[day.month - 1]))
    if first.day != 1 and (not names or names[0][0] > LABEL_WIDTH + 3):
        names.insert(0, (LABEL_WIDTH, MONTHS[first.month - 1]))
    line = [" "] * (LABEL_WIDTH + 2 * columns)
    for position, name in names:
        line[position : position + len(name)] = name
    return "".join(line).rstrip()
