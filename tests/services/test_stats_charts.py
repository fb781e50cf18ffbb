"""The figures behind the stats screen's charts, with a fixed today and time zone."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from tracker.pathdefs.model import Item, Level, PathDef, Step, Track
from tracker.services.progress import mark, undo
from tracker.services.standing import Completion, ItemState, PathProgress
from tracker.services.stats import (
    daily_activity,
    learner_events,
    track_level_completion,
    weekly_done,
)

from .conftest import T0, TZ, event, local_at

TODAY = date(2026, 11, 18)  # a Wednesday
MONDAY = date(2026, 11, 16)
PATH = PathDef(
    "p",
    "P",
    (Level("l", "L", (Step("s", "S", (Item("a", "A"), Item("new", "New", was=("old",)))),)),),
)


def weeks_ago(weeks: int, days: int = 0) -> date:
    return MONDAY - timedelta(weeks=weeks) + timedelta(days=days)


# weekly_done


def test_weekly_done_counts_moves_to_done_by_week_oldest_first():
    events = [
        event(local_at(weeks_ago(3, 6)), "a"),  # before the weeks shown
        event(local_at(weeks_ago(2)), "a"),
        event(local_at(weeks_ago(2, 6), 23, 59), "new"),  # Sunday night, local
        event(local_at(weeks_ago(1, 2)), "a", to="todo", was="done"),  # not a move to done
        event(local_at(weeks_ago(1, 3)), "a", was="done"),  # a note on a done item
        event(local_at(MONDAY, 0, 30), "a"),  # Monday 00:30 local is Sunday in UTC
        event(local_at(TODAY), "old"),  # the old id of an item counts for it
        event(local_at(TODAY), "a", undone=True),
        event(local_at(TODAY), "a", to="todo", was="done", undo=True),
        event(local_at(TODAY + timedelta(days=1)), "a"),  # tomorrow: not yet
    ]
    assert weekly_done(events, PATH, TODAY, weeks=3, tz=TZ) == [
        (weeks_ago(2), 2),
        (weeks_ago(1), 0),
        (MONDAY, 2),
    ]


def test_weekly_done_counts_every_move_also_a_second_one_of_an_item():
    events = [
        event(local_at(MONDAY, 9), "a"),
        event(local_at(MONDAY, 10), "a", to="todo", was="done"),
        event(local_at(MONDAY, 11), "a"),
    ]
    assert weekly_done(events, PATH, TODAY, weeks=1, tz=TZ) == [(MONDAY, 2)]


def test_weekly_done_of_a_path_or_of_every_path():
    events = [
        event(local_at(TODAY), "a"),
        event(local_at(TODAY), "x", path_id="other"),
        event(local_at(TODAY), "gone"),  # no longer an item of the path
    ]
    assert weekly_done(events, PATH, TODAY, weeks=1, tz=TZ) == [(MONDAY, 1)]
    assert weekly_done(events, None, TODAY, weeks=1, tz=TZ) == [(MONDAY, 3)]


def test_weekly_done_gives_twelve_weeks_by_default():
    found = weekly_done([], PATH, TODAY, tz=TZ)
    assert [monday for monday, _ in found] == [weeks_ago(n) for n in range(11, -1, -1)]
    assert {count for _, count in found} == {0}


def test_weekly_done_from_the_store(engine, learner, path):
    mark(engine, learner.id, path, ["a", "b"], "done", now=T0 + timedelta(days=1))
    mark(engine, learner.id, path, ["d"], "done", now=T0 + timedelta(days=8))
    undo(engine, learner.id, now=T0 + timedelta(days=8, hours=1))
    events = learner_events(engine, learner.id)
    assert weekly_done(events, path, date(2026, 11, 11), weeks=2, tz=UTC) == [
        (date(2026, 11, 2), 2),
        (date(2026, 11, 9), 0),
    ]
    assert daily_activity(events, date(2026, 11, 11), days=9, tz=UTC)[1] == (date(2026, 11, 4), 0)


# daily_activity


def test_daily_activity_counts_every_counted_change_by_local_day():
    yesterday = TODAY - timedelta(days=1)
    events = [
        event(local_at(TODAY - timedelta(days=3))),  # before the days shown
        event(local_at(TODAY - timedelta(days=2), 9), "a"),
        event(local_at(TODAY - timedelta(days=2), 10), "a", to="todo", was="todo"),  # a note
        event(local_at(TODAY - timedelta(days=2), 11), "x", path_id="other"),  # any path
        event(local_at(yesterday), "a", undone=True),
        event(local_at(yesterday, 13), "a", to="todo", was="done", undo=True),
        event(local_at(TODAY, 0, 30), "a"),  # 00:30 local is yesterday in UTC
        event(local_at(TODAY + timedelta(days=1)), "a"),  # tomorrow: not yet
    ]
    assert daily_activity(events, TODAY, days=3, tz=TZ) == [
        (TODAY - timedelta(days=2), 3),
        (yesterday, 0),
        (TODAY, 1),
    ]


def test_daily_activity_gives_half_a_year_by_default():
    found = daily_activity([], TODAY, tz=TZ)
    assert len(found) == 182
    assert found[0] == (TODAY - timedelta(days=181), 0)
    assert found[-1] == (TODAY, 0)


# track_level_completion


def progress(
    path: PathDef, unfollowed: frozenset[str] = frozenset(), **statuses: str
) -> PathProgress:
    states = {item_id: ItemState(status) for item_id, status in statuses.items()}
    return PathProgress(path, states, {}, unfollowed)


def test_track_level_completion_covers_every_level_and_track(path):
    found = track_level_completion(progress(path, d="done", f="skipped"))
    assert found == {
        ("basics", "cv"): Completion(done=1, skipped=0, counted=1),
        ("basics", "nlp"): Completion(),
        ("more", "cv"): Completion(),
        ("more", "nlp"): Completion(done=0, skipped=1, counted=2),
    }
    assert list(found) == [("basics", "cv"), ("basics", "nlp"), ("more", "cv"), ("more", "nlp")]


def test_track_level_completion_leaves_out_what_the_learner_does_not_follow(path):
    found = track_level_completion(progress(path, frozenset({"nlp"}), d="done", f="done"))
    assert found[("more", "nlp")] == Completion(unfollowed=2)
    assert found[("more", "nlp")].reason == "not followed"
    assert found[("basics", "cv")] == Completion(done=1, skipped=0, counted=1)


def test_an_item_of_two_tracks_counts_for_both_while_one_is_followed():
    both = Item("both", "Both", tracks=("cv", "nlp"))
    extra = Item("extra", "Extra", tracks=("cv",), optional=True)
    path = PathDef(
        "p",
        "P",
        (Level("l", "L", (Step("s", "S", (both, extra, Item("plain", "Plain"))),)),),
        tracks=(Track("cv", "CV"), Track("nlp", "NLP")),
    )
    found = track_level_completion(progress(path, frozenset({"nlp"}), both="done", extra="done"))
    assert found == {
        ("l", "cv"): Completion(done=1, skipped=0, counted=1, optional=1),
        ("l", "nlp"): Completion(done=1, skipped=0, counted=1),
    }
