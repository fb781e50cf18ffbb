"""One vocabulary of figures: the same time reads the same in `show`, `stats` and the
Markdown report, and counts agree with their number in the commands' messages."""

from __future__ import annotations

import re

import pytest

from tests.cli.conftest import ok

pytestmark = pytest.mark.usefixtures("cli_database")


def test_the_same_time_reads_the_same_in_show_stats_and_the_markdown_report(demo):
    ok(demo("spent", "demo/a", "1h30m"))
    ok(demo("spent", "demo/b", "46s"))  # under a minute: seconds, never "0m"
    show = ok(demo("show", "demo")).out
    stats = ok(demo("stats", "demo")).out
    report = ok(demo("export", "demo", "--format", "md")).out
    for item_time in ("1h 30m", "46s"):
        assert f"spent {item_time}" in show
        assert f"{item_time} spent" in report
    assert "  time spent: 1h 31m\n" in stats  # 1h 30m 46s, to the minute past an hour
    assert "Time: 1h 31m spent of " in report
    for text in (show, stats, report):
        assert re.search(r"(?<!\d)0m", text) is None
        assert "(s)" not in text


def test_a_few_seconds_are_seconds_everywhere(demo):
    assert ok(demo("spent", "demo/b", "4s")).out == "logged 4s on demo/b: 4s spent, no estimate\n"
    assert "spent 4s" in ok(demo("show", "demo")).out
    assert "  time spent: 4s\n" in ok(demo("stats", "demo")).out
    assert "4s spent, no estimate" in ok(demo("export", "demo", "--format", "md")).out


def test_counts_agree_with_their_number(demo, clock):
    ok(demo("done", "demo/a"))
    stats = ok(demo("stats", "demo")).out
    assert "  done this week: 1 item\n" in stats
    assert "current streak: 1 day\n" in stats
    assert "  pace: 0.25 items a week (last 4 weeks)\n" in stats
    clock.advance(days=1)
    ok(demo("done", "demo/d", "demo/e"))
    stats = ok(demo("stats", "demo")).out
    assert "  done this week: 3 items\n" in stats
    assert "current streak: 2 days\n" in stats
    assert "  pace: 0.75 items a week (last 4 weeks)\n" in stats
    assert "  projected finish: not enough activity yet\n" in stats  # three, but in two days
    clock.advance(days=13)
    stats = ok(demo("stats", "demo")).out
    assert "  projected finish: 20" in stats
