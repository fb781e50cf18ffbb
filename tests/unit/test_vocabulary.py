"""The one vocabulary of figures: durations, counts, time left and the projected finish."""

from __future__ import annotations

from datetime import date

import pytest

from tracker import vocabulary
from tracker.services.stats import PACE_WEEKS
from tracker.services.timelog import parse_duration
from tracker.vocabulary import (
    count,
    duration,
    finish,
    minutes,
    pace,
    ratio,
    spent,
    time_left,
)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0s"),
        (0.4, "0s"),
        (4, "4s"),
        (46, "46s"),
        (59.6, "1m"),  # rounded up to a whole minute, not "60s"
        (60, "1m"),
        (90, "1m 30s"),
        (45 * 60, "45m"),
        (90 * 60, "1h 30m"),
        (3600, "1h"),
        (3600 + 40, "1h 1m"),  # seconds show only under an hour
        (3600 + 30, "1h 1m"),  # half up
        (3600 + 29, "1h"),
        (3599.6, "1h"),
        (30 * 3600, "1d 6h"),
        (2 * 86400, "2d"),
        (3 * 86400 + 4 * 3600 + 20 * 60, "3d 4h"),
        (-20 * 60, "-20m"),
        (-0.2, "0s"),
    ],
)
def test_durations(seconds, shown):
    assert duration(seconds) == shown


def test_minutes_are_durations_too():
    assert minutes(90) == "1h 30m" == duration(5400)
    assert minutes(46 / 60) == "46s"


@pytest.mark.parametrize("seconds", [4, 46, 60, 90, 2700, 5400, 7200, 3 * 3600 + 60])
def test_a_duration_shown_reads_back_as_time_spent(seconds):
    assert parse_duration(duration(seconds)) == seconds


@pytest.mark.parametrize(
    ("number", "noun", "shown"),
    [
        (1, "item", "1 item"),
        (2, "item", "2 items"),
        (0, "item", "0 items"),
        (1, "day", "1 day"),
        (3, "change", "3 changes"),
        (1.0, "item", "1 item"),
        (1.5, "item", "1.5 items"),
        (0.25, "item", "0.25 items"),
    ],
)
def test_counts_agree_with_their_number(number, noun, shown):
    assert count(number, noun) == shown


def test_a_plural_of_its_own():
    assert count(1, "piece of evidence", "pieces of evidence") == "1 piece of evidence"
    assert count(2, "piece of evidence", "pieces of evidence") == "2 pieces of evidence"


def test_ratio():
    assert (ratio(1.5), ratio(2 / 3), ratio(2.0)) == ("1.5×", "0.67×", "2×")


def test_pace():
    assert pace(0.25) == "0.25 items a week"
    assert pace(1) == "1 item a week"
    assert pace(1 / 3) == "0.33 items a week"


def test_time_spent_against_the_estimate():
    assert spent(90, 120) == "1h 30m spent of 2h estimated (75%)"
    assert spent(46 / 60, 0) == "46s spent, no estimate"
    assert spent(4 / 60, 60) == "4s spent of 1h estimated (0%)"


def test_time_left():
    assert time_left(0, 0, 0) == "none"
    assert time_left(150, 3, 0) == "2h 30m"
    assert time_left(150, 3, 1) == "2h 30m (estimates for 2 of the 3 items left)"
    assert time_left(0, 1, 1) == "unknown (none of the 1 item left has an estimate)"


def test_finish():
    day = date(2027, 3, 10)
    assert finish(day, "items", None) == "2027-03-10 (by the items done in the last 4 weeks)"
    assert finish("2027-03-10", "time", None) == (
        "2027-03-10 (by the hours logged in the last 4 weeks)"
    )
    assert finish(day, "time", None, scaled=True).endswith("the estimates scaled to your pace)")
    assert finish(None, "items", "not_enough_activity") == "not enough activity yet"
    assert finish(None, "items", "done") == "done"
    assert finish(None, "items", "beyond_calendar") == "beyond the calendar at this pace"


def test_the_pace_window_is_the_services_one():
    assert vocabulary.PACE_WEEKS == PACE_WEEKS


def test_the_vocabulary_imports_nothing_of_tracker():
    """Every layer may use it: it must stand below all of them."""
    source = vocabulary.__loader__.get_source(vocabulary.__name__)
    imports = [line for line in source.splitlines() if line.startswith(("import", "from"))]
    assert imports == [
        "from __future__ import annotations",
        "import math",
        "from datetime import date",
    ]
