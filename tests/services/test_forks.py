"""Progress carried into a fork is counted once: it is no new activity in the statistics,
and an item and its carried copy are one item to review, listed once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tracker.pathdefs.model import PathDef
from tracker.services.insights import stats_view
from tracker.services.progress import carry_progress, mark, path_progress, set_note, undo
from tracker.services.records import path_records
from tracker.services.reviews import answer_review, due_reviews, item_copies, path_reviews
from tracker.services.standing import ItemState, PathProgress
from tracker.services.stats import (
    daily_activity,
    done_this_week,
    learner_events,
    learner_stats,
    pace_per_week,
    stats_document,
    streaks,
    weekly_done,
)

from .conftest import TZ, event, local_at, make_path

TODAY = date(2026, 11, 18)  # a Wednesday
MONDAY = date(2026, 11, 16)
FAR = local_at(date(2030, 1, 1))
DAY = timedelta(days=1)


def fork_of(path: PathDef, path_id: str = "mine") -> PathDef:
    return replace(path, id=path_id, title=f"{path.title} (my copy)")


def test_a_carried_event_is_no_activity():
    noon = local_at(TODAY)
    events = [event(noon, "a", carried=True), event(noon, "b", to="doing", carried=True)]
    now = path_progress_of(a="done")
    assert done_this_week(now, events, TODAY, TZ) == 0
    assert pace_per_week(now, events, TODAY, TZ) == 0
    assert streaks(events, TODAY, TZ).active_days == 0
    assert all(count == 0 for _, count in weekly_done(events, None, TODAY, tz=TZ))
    assert all(count == 0 for _, count in daily_activity(events, TODAY, tz=TZ))


def path_progress_of(**statuses: str) -> PathProgress:
    states = {item_id: ItemState(status) for item_id, status in statuses.items()}
    return PathProgress(make_path(), states, {}, frozenset())


def worked_on(engine, learner, path: PathDef) -> None:
    """Three items done on Monday and today, one doing, a note: a week's work."""
    mark(engine, learner.id, path, ["a"], "done", now=local_at(MONDAY))
    mark(engine, learner.id, path, ["b", "d"], "done", now=local_at(TODAY, 9))
    mark(engine, learner.id, path, ["f"], "doing", now=local_at(TODAY, 10))
    set_note(engine, learner.id, path, "c", "later", now=local_at(TODAY, 11))


def figures(document: dict) -> dict:
    """What a fork must leave as it was: the week's work, the pace, the streaks."""
    overall = document["overall"]
    return {
        "done_this_week": overall["done_this_week"],
        "pace_per_week": overall["pace_per_week"],
        "current_streak": document["current_streak"],
        "longest_streak": document["longest_streak"],
        "active_days": document["active_days"],
        "reviews_due_this_week": document["reviews_due_this_week"],
    }


def test_a_fork_with_its_progress_leaves_the_statistics_as_they_were(engine, learner, path):
    worked_on(engine, learner, path)
    before = stats_document(learner_stats(engine, learner.id, [path], TODAY, TZ), "en")
    copy = fork_of(path)
    # Forked on Tuesday, a day without work: the fork must not make it an active day.
    carried = carry_progress(engine, learner.id, path, copy, now=local_at(TODAY, 20) - DAY)
    assert len(carried) == 5
    stats = learner_stats(engine, learner.id, [path, copy], TODAY, TZ)
    after = stats_document(stats, "en")
    assert figures(after) == figures(before)
    assert after["paths"][1]["completion"] == before["paths"][0]["completion"]  # carried
    assert after["paths"][1]["done_this_week"] == 0
    assert after["paths"][1]["pace_per_week"] == 0

    events = learner_events(engine, learner.id)
    assert [e.item_id for e in events if e.carried] == ["a", "b", "c", "d", "f"]
    assert daily_activity(events, TODAY, tz=TZ)[-1][1] == 4  # today's marks and the note
    assert weekly_done(events, None, TODAY, tz=TZ)[-1][1] == 3
    view = stats_view(engine, learner.id, copy, TODAY, TZ)  # the stats screen of the fork
    assert all(count == 0 for _, count in view.weeks)
    assert view.streaks == stats.streaks


def test_work_on_the_fork_counts_and_undoing_the_carry_counts_nothing(engine, learner, path):
    worked_on(engine, learner, path)
    copy = fork_of(path)
    carry_progress(engine, learner.id, path, copy, now=local_at(TODAY, 12))
    mark(engine, learner.id, copy, ["e"], "done", now=local_at(TODAY, 13))  # new work
    stats = learner_stats(engine, learner.id, [path, copy], TODAY, TZ)
    assert [entry.figures.done_this_week for entry in stats.paths] == [3, 1]
    undo(engine, learner.id, now=local_at(TODAY, 14))  # the mark of e
    undo(engine, learner.id, now=local_at(TODAY, 15))  # the carry
    stats = learner_stats(engine, learner.id, [path, copy], TODAY, TZ)
    assert [entry.figures.done_this_week for entry in stats.paths] == [3, 0]
    assert stats.overall.pace_per_week == 0.75


def test_a_carried_item_is_reviewed_once_on_the_fork(engine, learner, path):
    worked_on(engine, learner, path)
    copy = fork_of(path)
    carry_progress(engine, learner.id, path, copy, now=local_at(TODAY, 12))
    both = [path_progress(engine, learner.id, p) for p in (path, copy)]
    due = due_reviews(engine, learner.id, both, FAR)
    assert sorted(r.item.id for r in due) == ["a", "b", "d"]
    assert {r.path.id for r in due} == {"mine"}
    # The original alone still lists them: the learner asked for that path.
    assert len(due_reviews(engine, learner.id, both[:1], FAR)) == 3
    week = learner_stats(engine, learner.id, [path, copy], TODAY, TZ).reviews_due_this_week
    assert week == 3


def test_an_item_and_its_copy_share_one_schedule(engine, learner, path):
    worked_on(engine, learner, path)
    original = path_progress(engine, learner.id, path)
    answer_review(engine, learner.id, original, "a", True, now=local_at(MONDAY, 20))
    copy = fork_of(path)
    carry_progress(engine, learner.id, path, copy, now=local_at(TODAY, 12))
    forked = path_progress(engine, learner.id, copy)
    (on_fork,) = [r for r in path_reviews(engine, learner.id, forked) if r.item.id == "a"]
    assert (on_fork.stage, on_fork.answers) == (1, 1)  # the answer given on the original
    after = answer_review(engine, learner.id, forked, "a", True, now=on_fork.due)
    assert after.stage == 2
    on_original = path_records(engine, learner.id, original).reviews["a"]
    assert (on_original.stage, on_original.due) == (2, after.due)


def test_copies_are_told_by_the_carry_and_the_done_time(engine, learner, path):
    worked_on(engine, learner, path)
    copy = fork_of(path)
    assert item_copies(engine, learner.id).others == {}
    carry_progress(engine, learner.id, path, copy, now=local_at(TODAY, 12))
    copies = item_copies(engine, learner.id)
    assert copies.others[("mine", "a")] == ("demo",)
    assert ("demo", "f") not in copies.others  # doing: nothing to review
    # Done again on the original: a new done time, a new item to review there.
    mark(engine, learner.id, path, ["a"], "todo", now=local_at(TODAY, 13))
    mark(engine, learner.id, path, ["a"], "done", now=local_at(TODAY, 14))
    assert ("demo", "a") not in item_copies(engine, learner.id).others
    both = [path_progress(engine, learner.id, p) for p in (path, copy)]
    listed = [(r.path.id, r.item.id) for r in due_reviews(engine, learner.id, both, FAR)]
    assert sorted(listed) == [("demo", "a"), ("mine", "a"), ("mine", "b"), ("mine", "d")]
