"""The stats screen's charts: exact text for small figures, and the styles that matter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rich.text import Text

from tracker.tui.charts import BAR_STYLE, LEVELS, bar, heatmap, level, month_day, week_bars


def styles_at(text: Text, offset: int) -> list[str]:
    return [str(span.style) for span in text.spans if span.start <= offset < span.end]


# bar


@pytest.mark.parametrize(
    ("fraction", "width", "expected"),
    [
        (0, 10, "░░░░░░░░░░"),
        (1, 10, "██████████"),
        (0.5, 10, "█████░░░░░"),
        (0.55, 10, "█████▌░░░░"),  # 44 eighths: five full cells and a half
        (0.3, 4, "█▎░░"),  # 9.6 eighths round to 10
        (0.999, 10, "█████████▉"),  # nearly done is not done
        (0.001, 10, "▏░░░░░░░░░"),  # a start shows
        (2, 4, "████"),
        (-1, 4, "░░░░"),
        (float("nan"), 3, "░░░"),
        (0.5, 0, "▌"),  # at least one cell
        (0.5, -3, "▌"),
    ],
)
def test_bar(fraction, width, expected):
    assert bar(fraction, width) == expected


def test_a_bar_always_has_its_width():
    for width in (1, 2, 7, 30):
        for step in range(101):
            assert len(bar(step / 100, width)) == width


# week_bars


def test_week_bars_scale_to_the_largest_week():
    weeks = [(date(2026, 11, 2), 2), (date(2026, 11, 9), 0), (date(2026, 11, 16), 4)]
    assert week_bars(weeks, width=4).plain == "Nov  2 ██   2\nNov  9      0\nNov 16 ████ 4"


def test_week_bars_fill_the_last_cell_by_eighths_and_align_counts():
    weeks = [(date(2026, 1, 5), 1), (date(2026, 1, 12), 12)]
    # 1/12 of 16 eighths is 1.33: one eighth
    assert week_bars(weeks, width=2).plain == "Jan  5 ▏   1\nJan 12 ██ 12"


def test_week_bars_of_nothing_are_empty():
    weeks = [(date(2026, 11, 9), 0), (date(2026, 11, 16), 0)]
    assert week_bars(weeks, width=3).plain == "Nov  9     0\nNov 16     0"
    assert week_bars([]).plain == ""


def test_week_bars_style_the_bar():
    text = week_bars([(date(2026, 11, 16), 3)], width=2)
    assert text.plain == "Nov 16 ██ 3"
    assert styles_at(text, 7) == [BAR_STYLE]
    assert styles_at(text, 10) == []


def test_month_day_is_english_and_fixed_width():
    assert month_day(date(2026, 5, 3)) == "May  3"
    assert month_day(date(2026, 12, 31)) == "Dec 31"


# heatmap


@pytest.mark.parametrize(
    ("count", "expected"), [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4)]
)
def test_levels_are_quartiles_of_the_maximum(count, expected):
    assert level(count, 8) == expected


def test_level_of_nothing_is_zero():
    assert level(0, 0) == 0
    assert level(5, 0) == 0


OCT_31 = date(2026, 10, 31)  # a Saturday
ELEVEN_DAYS = [(OCT_31 + timedelta(days=n), n) for n in range(11)]  # up to Tue Nov 10


def test_heatmap_grid():
    assert heatmap(ELEVEN_DAYS).plain.split("\n") == [
        "    Nov",  # Nov 1 is in the first column
        "Mon   ■ ■",
        "      ■ ■",
        "Wed   ■  ",
        "      ■  ",
        "Fri   ■  ",
        "    ■ ■  ",
        "Sun ■ ■  ",
        "    less ■■■■■ more",
    ]


def test_heatmap_cells_are_styled_by_level():
    text = heatmap(ELEVEN_DAYS)
    lines = text.plain.split("\n")

    def cell(row: int, column: int) -> int:  # offset of a cell in the text
        return sum(len(line) + 1 for line in lines[:row]) + 4 + 2 * column

    assert styles_at(text, cell(6, 0)) == [LEVELS[0]]  # Sat Oct 31: 0
    assert styles_at(text, cell(7, 0)) == [LEVELS[1]]  # Sun Nov 1: 1 of 10
    assert styles_at(text, cell(4, 1)) == [LEVELS[2]]  # Thu Nov 5: 5 of 10
    assert styles_at(text, cell(2, 2)) == [LEVELS[4]]  # Tue Nov 10: 10 of 10
    assert styles_at(text, cell(3, 2)) == []  # after the last day: blank
    legend = text.plain.rindex("■■■■■")
    assert [styles_at(text, legend + n) for n in range(5)] == [[style] for style in LEVELS]


def test_heatmap_names_the_first_month_only_where_it_fits():
    weeks = [(date(2026, 9, 14) + timedelta(days=n), 0) for n in range(21)]  # to Sun Oct 4
    assert heatmap(weeks).plain.split("\n")[0] == "    Sep Oct"
    crowded = [(date(2026, 11, 28) + timedelta(days=n), 1) for n in range(5)]  # to Wed Dec 2
    assert heatmap(crowded).plain.split("\n")[0] == "      Dec"


def test_heatmap_of_no_days_is_empty():
    assert heatmap([]).plain == ""
