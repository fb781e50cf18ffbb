"""The statistics service: every definition, with a fixed today and time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.pathdefs.estimates import parse_estimate
from tracker.pathdefs.model import Item, Level, PathDef, Step
from tracker.services.progress import mark, undo
from tracker.services.projection import projected_finish
from tracker.services.standing import Completion, ItemState, PathProgress, completion, time_left
from tracker.services.stats import (
    EventFact,
    Figures,
    Streaks,
    added_up,
    counted_events,
    done_this_week,
    learner_events,
    learner_stats,
    pace_per_week,
    path_stats,
    stats_document,
    streaks,
    week_start,
)

from .conftest import TZ, event, local_at

TODAY = date(2026, 11, 18)  # a Wednesday
MONDAY = date(2026, 11, 16)


def item(item_id: str, estimate: str | None = None, **extra) -> Item:
    return Item(item_id, item_id, estimate=parse_estimate(estimate) if estimate else None, **extra)


def make_path(*items: Item, path_id: str = "p") -> PathDef:
    return PathDef(path_id, path_id.upper(), (Level("l", "L", (Step("s", "S", items),)),))


PATH = make_path(
    item("a", "2h"),
    item("b", "1-3h"),  # a range counts as its midpoint: 2h
    item("c"),  # no estimate
    item("d", "30m"),
    item("extra", "5h", optional=True),
    item("vision", "4h", tracks=("cv",)),
)


def progress(
    path: PathDef = PATH, unfollowed: frozenset[str] = frozenset(), **statuses: str
) -> PathProgress:
    states = {item_id: ItemState(status) for item_id, status in statuses.items()}
    return PathProgress(path, states, {}, unfollowed)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# Which events count


def test_undos_and_undone_events_do_not_count():
    kept = event(local_at(TODAY), "a")
    noon = local_at(TODAY)
    events = [kept, event(noon, "b", undone=True), event(noon, "b", undo=True)]
    assert counted_events(events) == [kept]


def test_undone_events_are_ignored_by_every_figure():
    noon = local_at(TODAY)
    events = [event(noon, "a", undone=True), event(noon, "a", to="todo", undo=True)]
    now = progress(a="done")  # done again by a later command that was not recorded here
    assert done_this_week(now, events, TODAY, TZ) == 0
    assert pace_per_week(now, events, TODAY, TZ) == 0
    assert streaks(events, TODAY, TZ).active_days == 0


# Completion


def test_completion_is_the_overview_completion():
    now = progress(a="done", b="skipped", extra="done")
    stats = path_stats(now, [], TODAY, TZ)
    assert stats.figures.completion == completion(now, PATH.items())
    assert stats.figures.completion == Completion(done=1, skipped=1, counted=5, optional=1)


# Done this week


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (date(2026, 11, 16), date(2026, 11, 16)),  # a Monday is its own week's start
        (TODAY, MONDAY),
        (date(2026, 11, 22), MONDAY),  # Sunday ends the week
        (date(2026, 11, 23), date(2026, 11, 23)),
    ],
)
def test_a_week_starts_on_monday(today, monday):
    assert week_start(today) == monday


def test_done_this_week_starts_on_monday_at_midnight_local_time():
    events = [
        event(local_at(MONDAY, 0, 0), "a"),
        event(local_at(MONDAY - timedelta(days=1), 23, 59), "b"),  # Sunday night: last week
    ]
    assert done_this_week(progress(a="done", b="done"), events, TODAY, TZ) == 1


def test_done_this_week_uses_the_local_day_not_the_utc_day():
    # Monday 01:00 at UTC+8 is still Sunday in UTC.
    monday_early = local_at(MONDAY, 1)
    assert monday_early.date() == MONDAY - timedelta(days=1)
    assert done_this_week(progress(a="done"), [event(monday_early)], TODAY, TZ) == 1
    assert done_this_week(progress(a="done"), [event(monday_early)], TODAY, UTC) == 0


def test_done_this_week_counts_distinct_items_still_done():
    events = [
        event(local_at(MONDAY), "a"),
        event(local_at(MONDAY, 13), "a", to="todo", was="done"),
        event(local_at(TODAY), "a"),  # done twice this week: one item
        event(local_at(TODAY), "b"),  # done, then back to doing: not done now
        event(local_at(TODAY, 13), "b", to="doing", was="done"),
        event(local_at(TODAY), "d", to="done", was="done"),  # a note on a done item: no move
    ]
    now = progress(a="done", b="doing", d="done")
    assert done_this_week(now, events, TODAY, TZ) == 1


def test_done_this_week_counts_only_items_that_count_and_this_path():
    events = [
        event(local_at(TODAY), "extra"),  # optional
        event(local_at(TODAY), "vision"),  # on a track not followed
        event(local_at(TODAY), "a", path_id="other"),
    ]
    now = progress(unfollowed=frozenset({"cv"}), a="done", extra="done", vision="done")
    assert done_this_week(now, events, TODAY, TZ) == 0


def test_an_event_under_an_old_id_counts_for_the_renamed_item():
    renamed = make_path(item("new", was=("old",)))
    now = progress(renamed, new="done")
    assert done_this_week(now, [event(local_at(TODAY), "old")], TODAY, TZ) == 1


# Streaks


def test_no_activity_means_no_streak():
    assert streaks([], TODAY, TZ) == Streaks(current=0, longest=0, active_days=0)


def test_activity_today_only_is_a_streak_of_one():
    result = streaks([event(local_at(TODAY)), event(local_at(TODAY, 18), "b")], TODAY, TZ)
    assert (result.current, result.longest, result.active_days) == (1, 1, 1)


def test_the_current_streak_may_end_yesterday_while_today_has_no_activity_yet():
    events = [event(local_at(days_ago(day))) for day in (1, 2, 3)]
    assert streaks(events, TODAY, TZ).current == 3


def test_a_day_without_activity_before_yesterday_ends_the_current_streak():
    assert streaks([event(local_at(days_ago(2)))], TODAY, TZ).current == 0


def test_a_gap_breaks_the_streak_and_the_longest_run_is_kept():
    active = [0, 1, 3, 4, 5, 6, 10]  # days ago: runs of 2, 4 and 1
    result = streaks([event(local_at(days_ago(day))) for day in active], TODAY, TZ)
    assert (result.current, result.longest, result.active_days) == (2, 4, 7)


def test_any_counted_change_makes_an_active_day_whatever_the_path():
    events = [
        event(local_at(TODAY), "a", to="todo", was="todo", path_id="p"),  # a note
        event(local_at(days_ago(1)), "x", to="doing", path_id="other"),
    ]
    assert streaks(events, TODAY, TZ).current == 2


def test_active_days_are_local_calendar_days():
    late = datetime(2026, 11, 17, 20, 0, tzinfo=UTC)  # 04:00 on the 18th at UTC+8
    assert streaks([event(late)], TODAY, TZ).current == 1
    assert streaks([event(late)], TODAY, UTC).current == 1  # yesterday in UTC
    assert streaks([event(late)], TODAY + timedelta(days=1), TZ).current == 1
    assert streaks([event(late)], TODAY + timedelta(days=1), UTC).current == 0


# Time left


def test_time_left_sums_the_estimates_of_counted_items_left():
    minutes, missing = time_left(progress())
    assert minutes == 120 + 120 + 30 + 240  # a, b (1-3h), d, vision; not the optional one
    assert missing == 1  # c


def test_time_left_leaves_out_done_skipped_and_unfollowed_items():
    now = progress(unfollowed=frozenset({"cv"}), a="done", b="skipped", d="doing")
    assert time_left(now) == (30, 1)


def test_a_zero_estimate_is_an_estimate():
    assert time_left(progress(make_path(item("quick", "0m")))) == (0, 0)


def test_items_without_an_estimate_add_nothing_but_are_reported():
    path = make_path(item("x"), item("y"), item("z", "1-2d"))
    assert time_left(progress(path)) == (1.5 * 24 * 60, 2)


# Pace


def test_pace_is_the_moves_to_done_of_the_last_28_days_divided_by_4():
    events = [
        event(local_at(TODAY), "a"),
        event(local_at(days_ago(27), 0, 0), "b"),  # the first day of the window
        event(local_at(days_ago(28), 23, 59), "c"),  # the day before it
    ]
    assert pace_per_week(progress(), events, TODAY, TZ) == 2 / 4


def test_pace_counts_every_move_to_done_but_not_notes_or_other_moves():
    events = [
        event(local_at(days_ago(3)), "a"),
        event(local_at(days_ago(2)), "a", to="todo", was="done"),
        event(local_at(days_ago(1)), "a"),
        event(local_at(days_ago(1)), "a", to="done", was="done"),  # a note
        event(local_at(days_ago(1)), "b", to="doing"),
        event(local_at(days_ago(1)), "c", to="skipped"),
    ]
    assert pace_per_week(progress(), events, TODAY, TZ) == 2 / 4


# Projected finish


def test_the_projection_is_today_plus_the_days_the_rest_takes_at_this_pace():
    assert projected_finish(3, 7.0, TODAY) == TODAY + timedelta(days=3)
    assert projected_finish(1, 2.0, TODAY) == TODAY + timedelta(days=4)  # 3.5 days, rounded up


def test_no_projection_without_pace():
    now = progress()
    figures = path_stats(now, [], TODAY, TZ).figures
    assert figures.pace_per_week == 0
    assert figures.remaining == 5
    assert figures.projected_finish is None


def test_everything_done_is_done_not_projected():
    now = progress(a="done", b="done", c="skipped", d="done", vision="done")
    figures = path_stats(now, [event(local_at(TODAY), "a")], TODAY, TZ).figures
    assert figures.remaining == 0
    assert figures.pace_per_week > 0
    assert figures.projected_finish is None
    assert figures.completion.percent == 100
    assert figures.time_left_minutes == 0


def test_a_pace_too_slow_for_the_calendar_gives_no_projection():
    assert projected_finish(10**9, 0.25, TODAY) is None


def test_path_stats_put_the_figures_together():
    events = [
        event(local_at(MONDAY), "a"),
        event(local_at(days_ago(10)), "b"),
        event(local_at(days_ago(15)), "c"),
    ]
    figures = path_stats(progress(a="done", b="done", c="done"), events, TODAY, TZ).figures
    assert figures.done_this_week == 1
    assert figures.pace_per_week == 0.75
    assert figures.time_left_minutes == 30 + 240
    assert figures.items_without_estimate == 0
    assert figures.remaining == 2
    assert figures.active_since == days_ago(15)
    assert figures.projected_finish == TODAY + timedelta(days=19)  # 2 items at 0.75 a week
    assert (figures.finish_by, figures.finish_reason) == ("items", None)


def test_one_item_done_on_the_first_day_projects_no_finish():
    figures = path_stats(progress(a="done"), [event(local_at(TODAY), "a")], TODAY, TZ).figures
    assert figures.pace_per_week == 0.25
    assert figures.projected_finish is None
    assert figures.finish_reason == "not_enough_activity"
    assert figures.as_json()["projected_finish"] is None
    assert figures.as_json()["projected_finish_reason"] == "not_enough_activity"


def three_done(first_day: date) -> list[EventFact]:
    return [
        event(local_at(day), ref) for day, ref in ((first_day, "a"), (TODAY, "b"), (TODAY, "c"))
    ]


@pytest.mark.parametrize(
    ("first_day", "projected"),
    [(days_ago(13), False), (days_ago(14), True), (days_ago(25), True)],
)
def test_a_finish_needs_two_weeks_since_the_first_activity(first_day, projected):
    now = progress(a="done", b="done", c="done")
    figures = path_stats(now, three_done(first_day), TODAY, TZ).figures
    assert (figures.projected_finish is not None) is projected
    assert figures.finish_reason == (None if projected else "not_enough_activity")


def test_a_finish_needs_three_items_done():
    now = progress(a="done", b="done")
    events = [event(local_at(days_ago(20)), "a"), event(local_at(TODAY), "b")]
    figures = path_stats(now, events, TODAY, TZ).figures
    assert (figures.projected_finish, figures.finish_reason) == (None, "not_enough_activity")


def test_activity_is_any_change_on_the_path_or_time_logged_on_it():
    now = progress(a="done", b="done", c="done")
    events = [*three_done(TODAY), event(local_at(days_ago(30)), "d", to="doing", path_id="other")]
    assert path_stats(now, events, TODAY, TZ).figures.projected_finish is None
    started = [event(local_at(days_ago(16)), "d", to="doing"), *events]
    assert path_stats(now, started, TODAY, TZ).figures.active_since == days_ago(16)
    undone = [event(local_at(days_ago(16)), "d", to="doing", undone=True), *events]
    assert path_stats(now, undone, TODAY, TZ).figures.active_since == TODAY  # it never happened
    logged = path_stats(now, events, TODAY, TZ, {"a": 3600}, 3600, local_at(days_ago(14)))
    assert logged.figures.active_since == days_ago(14)
    assert logged.figures.finish_by == "time"
    assert logged.figures.projected_finish is not None


# Several paths


def test_paths_add_up():
    one = Figures(Completion(1, 0, 4), 1, 60.0, 1, 1.0, None, active_since=days_ago(3))
    two = Figures(Completion(2, 1, 6), 0, 30.0, 2, 0.75, None, active_since=days_ago(20))
    total = added_up([one, two], TODAY)
    assert total.completion == Completion(3, 1, 10)
    assert (total.done_this_week, total.time_left_minutes, total.items_without_estimate) == (
        1,
        90.0,
        3,
    )
    assert total.pace_per_week == 1.75
    assert total.remaining == 6
    assert total.active_since == days_ago(20)  # the first activity on any of them
    assert total.projected_finish == TODAY + timedelta(days=24)  # 6 / 0.25 a day
    fewer = added_up([one, Figures(Completion(1, 0, 6), 0, 30.0, 2, 0.75, None)], TODAY)
    assert (fewer.projected_finish, fewer.finish_reason) == (None, "not_enough_activity")


def test_no_paths_add_up_to_nothing():
    total = added_up([], TODAY)
    assert total.completion == Completion()
    assert total.projected_finish is None


# The database (the engine and learner fixtures are in conftest.py)


def test_learner_events_are_plain_data_with_undos_flagged(engine, learner):
    monday = local_at(MONDAY)
    mark(engine, learner.id, PATH, ["a", "b"], "done", now=monday)
    mark(engine, learner.id, PATH, ["c"], "doing", now=monday + timedelta(hours=1))
    undo(engine, learner.id, now=monday + timedelta(hours=2))
    facts = learner_events(engine, learner.id)
    assert [(f.item_id, f.from_status, f.to_status, f.undo, f.undone) for f in facts] == [
        ("a", "todo", "done", False, False),
        ("b", "todo", "done", False, False),
        ("c", "todo", "doing", False, True),
        ("c", "doing", "todo", True, False),
    ]
    assert all(isinstance(f, EventFact) and f.at.tzinfo is not None for f in facts)
    assert facts[0].at == monday
    assert learner_events(engine, learner.id, "other") == []


def test_learner_stats_reads_progress_and_events(engine, learner):
    other = make_path(item("x"), path_id="other")
    mark(engine, learner.id, PATH, ["a"], "done", now=local_at(days_ago(1)))
    mark(engine, learner.id, other, ["x"], "doing", now=local_at(TODAY))
    mark(engine, learner.id, PATH, ["b"], "done", now=local_at(TODAY))
    undo(engine, learner.id, now=local_at(TODAY, 13))
    result = learner_stats(engine, learner.id, [PATH], TODAY, TZ)
    (only,) = result.paths
    assert only.figures.completion == Completion(1, 0, 5, optional=1)
    assert only.figures.done_this_week == 1
    assert result.overall == only.figures
    # streaks count every path's events: "other" was touched today
    assert (result.streaks.current, result.streaks.longest, result.streaks.active_days) == (
        2,
        2,
        2,
    )


def test_the_json_document(engine, learner):
    mark(engine, learner.id, PATH, ["a"], "done", now=local_at(TODAY))
    document = stats_document(learner_stats(engine, learner.id, [PATH], TODAY, TZ), "en")
    assert set(document) == {
        "paths", "overall", "current_streak", "longest_streak", "active_days",
        "reviews_due_this_week",
    }  # fmt: skip
    assert document["reviews_due_this_week"] == 1  # done Wednesday: first review Thursday

    (entry,) = document["paths"]
    assert entry == {
        "path": "p",
        "title": "P",
        "completion": {"done": 1, "skipped": 0, "counted": 5, "percent": 20.0},
        "remaining": 4,
        "done_this_week": 1,
        "time_left_minutes": 390.0,
        "items_without_estimate": 1,
        "pace_per_week": 0.25,
        "projected_finish": None,  # one item done today: not enough to go on
        "projected_finish_reason": "not_enough_activity",
        "projected_by": "items",  # no time logged
        "spent_minutes": 0.0,
        "minutes_per_week": 0.0,
        "estimate_ratio": None,
    }
    assert document["overall"] == {k: v for k, v in entry.items() if k not in ("path", "title")}


def test_three_items_over_two_weeks_project_a_finish(engine, learner):
    mark(engine, learner.id, PATH, ["a"], "done", now=local_at(days_ago(20)))
    mark(engine, learner.id, PATH, ["b", "d"], "done", now=local_at(days_ago(3)))
    (entry,) = stats_document(learner_stats(engine, learner.id, [PATH], TODAY, TZ), "en")["paths"]
    assert entry["pace_per_week"] == 0.75
    assert entry["projected_finish"] == (TODAY + timedelta(days=19)).isoformat()  # 2 left
    assert (entry["projected_by"], entry["projected_finish_reason"]) == ("items", None)


def test_time_logged_before_any_change_starts_the_activity(engine, learner):
    from tracker.services.timelog import log_time

    log_time(engine, learner.id, PATH, "a", 3600, now=local_at(days_ago(15)))
    mark(engine, learner.id, PATH, ["a", "b", "d"], "done", now=local_at(TODAY))
    (only,) = learner_stats(engine, learner.id, [PATH], TODAY, TZ).paths
    assert only.figures.active_since == days_ago(15)
    assert (only.figures.finish_by, only.figures.finish_reason) == ("time", None)
