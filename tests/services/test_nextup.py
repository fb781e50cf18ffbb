"""What to work on next across paths: a group per path, the most recently active first."""

from __future__ import annotations

from tests.services.conftest import PATH, at, make_path
from tracker.services.nextup import next_groups
from tracker.services.progress import mark, undo


def other(path_id: str):
    return make_path(PATH.replace("id: demo", f"id: {path_id}", 1))


def order(engine, learner, paths) -> list[tuple[str, str | None]]:
    """(path id, its first next item) of each group, in the order given back."""
    return [
        (group.path.id, group.items[0].item.id if group.items else None)
        for group in next_groups(engine, learner.id, paths)
    ]


def test_the_path_changed_last_comes_first(engine, learner, path):
    second = other("second")
    mark(engine, learner.id, path, ["e"], "doing", now=at(1))
    mark(engine, learner.id, second, ["d"], "doing", now=at(2))
    assert order(engine, learner, [path, second]) == [("second", "d"), ("demo", "e")]
    mark(engine, learner.id, path, ["a"], "done", now=at(3))
    assert order(engine, learner, [path, second]) == [("demo", "e"), ("second", "d")]
    groups = next_groups(engine, learner.id, [second, path])
    assert [group.last_activity for group in groups] == [at(3), at(2)]


def test_an_undo_is_activity_on_the_path_it_changes(engine, learner, path):
    second = other("second")
    mark(engine, learner.id, second, ["a"], "done", now=at(1))
    mark(engine, learner.id, path, ["a"], "done", now=at(2))
    undo(engine, learner.id, now=at(3))  # the mark on demo
    undo(engine, learner.id, now=at(4))  # then the one on second
    assert order(engine, learner, [path, second]) == [("second", "a"), ("demo", "a")]


def test_paths_without_activity_come_last_in_the_order_given(engine, learner, path):
    first, last = other("first-one"), other("last-one")
    mark(engine, learner.id, path, ["a"], "done", now=at(1))
    assert [g.path.id for g in next_groups(engine, learner.id, [first, path, last])] == [
        "demo",
        "first-one",
        "last-one",
    ]
    assert [g.last_activity for g in next_groups(engine, learner.id, [first, last])] == [
        None,
        None,
    ]


def test_each_group_is_ordered_as_next_items_and_a_finished_path_stays(engine, learner, path):
    second = other("second")
    mark(engine, learner.id, path, ["c"], "doing", now=at(1))  # optional: still last
    mark(engine, learner.id, second, [i.id for i in second.items()], "done", now=at(2))
    groups = next_groups(engine, learner.id, [path, second])
    assert [(g.path.id, [n.item.id for n in g.items]) for g in groups] == [
        ("second", []),
        ("demo", ["a", "d", "e", "first", "b", "f", "c"]),
    ]
