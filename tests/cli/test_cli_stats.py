"""`tracker stats`: the figures of the paths a learner works on, as text and as JSON."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta

import pytest

from tests.cli.conftest import ok

pytestmark = pytest.mark.usefixtures("cli_database")

TIMED_PATH = """\
format: 1
id: timed
title: Timed
levels:
  - id: basics
    title: Basics
    steps:
      - id: first
        title: First
        items:
          - {id: one, title: One, estimate: 1h}
          - {id: two, title: Two, estimate: 1-2h}
          - {id: three, title: Three}
          - {id: four, title: Four, estimate: 3d}
          - {id: bonus, title: Bonus, estimate: 2w, optional: true}
"""


def stats_json(cli, *args: str) -> dict:
    result = cli("stats", *args, "--json")
    assert result.status == 0, result
    return json.loads(result.out)


def local_today() -> date:
    return datetime.now().astimezone().date()


def finish_after(remaining: int, pace: float, today: date) -> str:
    return str(today + timedelta(days=math.ceil(remaining / (pace / 7))))


@pytest.fixture
def timed(cli, write_path, tmp_path):
    """Run tracker with the path `timed` loaded too."""
    write_path("timed.yaml", text=TIMED_PATH)
    return lambda *args: cli("--paths", tmp_path, *args)


def test_stats_of_a_path_as_json(cli):
    ok(cli("done", "dl-guide/small-datasets"))
    ok(cli("done", "dl-guide/entry-theory"))  # a step of six items
    document = stats_json(cli, "dl-guide")
    entry = document["paths"][0]
    assert [p["path"] for p in document["paths"]] == ["dl-guide"]
    assert entry["completion"] == {"done": 7, "skipped": 0, "counted": 105, "percent": 6.67}
    assert entry["remaining"] == 98
    assert entry["done_this_week"] == 7
    assert entry["pace_per_week"] == 1.75
    assert entry["time_left_minutes"] == 0
    assert entry["items_without_estimate"] == 98  # dl-guide gives no item an estimate
    # Seven items, but all today: no pace to project a finish from yet.
    assert (entry["projected_finish"], entry["projected_finish_reason"]) == (
        None,
        "not_enough_activity",
    )
    assert document["overall"] == {k: v for k, v in entry.items() if k not in ("path", "title")}
    assert (document["current_streak"], document["longest_streak"]) == (1, 1)
    assert document["active_days"] == 1


def test_three_items_over_two_weeks_project_a_finish(cli, clock):
    ok(cli("done", "dl-guide/small-datasets"))
    clock.advance(days=15)
    ok(cli("done", "dl-guide/entry-theory"))  # six more
    entry = stats_json(cli, "dl-guide")["paths"][0]
    assert entry["pace_per_week"] == 1.75
    assert entry["projected_finish"] == finish_after(98, 1.75, clock.now.date())
    assert (entry["projected_by"], entry["projected_finish_reason"]) == ("items", None)
    text = cli("stats", "dl-guide").out
    finish = entry["projected_finish"]
    assert f"  projected finish: {finish} (by the items done in the last 4 weeks)\n" in text


def test_undone_changes_do_not_count(cli):
    ok(cli("done", "dl-guide/small-datasets"))
    ok(cli("undo"))
    document = stats_json(cli, "dl-guide")
    entry = document["paths"][0]
    assert (entry["done_this_week"], entry["pace_per_week"]) == (0, 0)
    assert entry["projected_finish"] is None
    assert (document["current_streak"], document["active_days"]) == (0, 0)


def test_stats_as_text(cli):
    before = local_today()
    ok(cli("done", "dl-guide/small-datasets"))
    result = cli("stats", "dl-guide")
    assert result.status == 0
    lines = result.out.splitlines()
    assert lines[:5] == [
        "dl-guide  A guide to the field of deep learning",
        "  completion: 1% (1/105)",
        "  done this week: 1 item",
        "  time left: unknown (none of the 104 items left has an estimate)",
        "  pace: 0.25 items a week (last 4 weeks)",
    ]
    assert lines[5] == "  projected finish: not enough activity yet"
    # Done today, its first review comes tomorrow: this week, unless today is Sunday.
    due = {0 if day.weekday() == 6 else 1 for day in (before, local_today())}
    assert lines[6:9] == ["current streak: 1 day", "longest streak: 1 day", "active days: 1"]
    assert lines[9:] in [[f"reviews due this week: {n}"] for n in due]


def test_time_left_from_estimates_and_a_finished_path(timed):
    ok(timed("done", "timed/one"))
    result = timed("stats", "timed")
    assert "  time left: 3d 1h 30m" not in result.out  # two units at most, rounded
    assert "  time left: 3d 2h (estimates for 2 of the 3 items left)\n" in result.out
    entry = json.loads(timed("stats", "timed", "--json").out)["paths"][0]
    assert entry["time_left_minutes"] == 90 + 3 * 24 * 60
    assert entry["items_without_estimate"] == 1
    ok(timed("skip", "timed/three"))
    ok(timed("done", "timed/two", "timed/four"))
    result = timed("stats", "timed")
    assert "  time left: none\n" in result.out
    assert "  projected finish: done\n" in result.out
    entry = json.loads(timed("stats", "timed", "--json").out)["paths"][0]
    assert (entry["remaining"], entry["projected_finish"]) == (0, None)
    assert entry["completion"]["percent"] == 100


def test_no_projection_without_enough_activity_or_without_a_pace(timed, clock):
    ok(timed("note", "timed/one", "later"))  # started, but nothing done
    result = timed("stats", "timed")
    assert "  projected finish: not enough activity yet\n" in result.out
    assert "  time left: 3d 3h (estimates for 3 of the 4 items left)\n" in result.out
    ok(timed("done", "timed/one", "timed/two", "timed/three"))
    clock.advance(weeks=5)  # enough activity, but none lately
    result = timed("stats", "timed")
    expected = "  projected finish: none yet (nothing done or logged in the last 4 weeks)\n"
    assert expected in result.out


def test_without_a_path_every_started_path_and_the_total(cli):
    ok(cli("done", "dl-guide/small-datasets"))
    ok(cli("skip", "dl-papers/deep-learning-book"))
    document = stats_json(cli)
    paths = {entry["path"]: entry for entry in document["paths"]}
    assert set(paths) == {"dl-guide", "dl-papers"}
    overall = document["overall"]["completion"]
    for key in ("done", "skipped", "counted"):
        assert overall[key] == sum(entry["completion"][key] for entry in paths.values())
    assert document["overall"]["done_this_week"] == 1
    assert document["overall"]["pace_per_week"] == 0.25
    text = cli("stats").out
    assert "dl-guide  A guide" in text
    assert "dl-papers  " in text
    assert "all these paths\n" in text


def test_without_a_path_and_nothing_started(cli):
    document = stats_json(cli)
    assert document["paths"] == []
    assert document["overall"]["completion"]["counted"] == 0
    assert document["current_streak"] == 0
    result = cli("stats")
    assert result.out.startswith("no path started yet")


def test_an_unknown_path_is_an_error(cli):
    result = cli("stats", "no-such-path")
    assert result.status == 1
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("tracker: error: no path 'no-such-path'")


def test_time_spent_and_the_finish_at_your_logged_hours(timed, clock):
    ok(timed("done", "timed/one"))
    ok(timed("spent", "timed/one", "2h"))  # twice its estimate of 1h
    clock.advance(days=14)
    ok(timed("done", "timed/two", "timed/three"))
    entry = json.loads(timed("stats", "timed", "--json").out)["paths"][0]
    assert entry["spent_minutes"] == 120
    assert entry["estimate_ratio"] == 2
    assert entry["minutes_per_week"] == 30  # 2h over the last four weeks
    assert entry["projected_by"] == "time"
    # Left: 3d by the estimates, twice that at your ratio, at 30 minutes a week.
    days = math.ceil(2 * 3 * 24 * 60 / (30 / 7))
    assert entry["projected_finish"] == str(clock.now.date() + timedelta(days=days))
    text = timed("stats", "timed").out
    assert "  time spent: 2h, 2× the estimates (on done items with both)\n" in text
    assert "  time logged: 30m a week (last 4 weeks)\n" in text
    finish = entry["projected_finish"]
    assert (
        f"  projected finish: {finish} (by the hours logged in the last 4 weeks, "
        "the estimates scaled to your pace)\n"
    ) in text
    document = json.loads(timed("stats", "--json").out)
    assert document["overall"]["spent_minutes"] == 120
    assert document["overall"]["estimate_ratio"] is None  # a ratio per path only
    assert isinstance(document["reviews_due_this_week"], int)


def test_logged_hours_alone_are_not_enough_activity(timed):
    ok(timed("spent", "timed/two", "1h"))
    entry = json.loads(timed("stats", "timed", "--json").out)["paths"][0]
    assert (entry["pace_per_week"], entry["estimate_ratio"]) == (0, None)
    assert entry["projected_by"] == "time"  # what a finish would follow
    assert (entry["projected_finish"], entry["projected_finish_reason"]) == (
        None,
        "not_enough_activity",
    )
    text = timed("stats", "timed").out
    assert "  time spent: 1h\n" in text
    assert "  projected finish: not enough activity yet\n" in text


def test_seconds_logged_read_as_seconds(timed):
    ok(timed("spent", "timed/two", "46s"))
    text = timed("stats", "timed").out
    assert "  time spent: 46s\n" in text
    assert "  time logged: 12s a week (last 4 weeks)\n" in text  # 46s over four weeks: 11.5s
