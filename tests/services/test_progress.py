"""Marking, notes, undo, the log, follows, completion and next-up, through the services."""

from __future__ import annotations

import pytest

from tests.services.conftest import PATH, T0, at, make_path
from tracker.services.errors import ServiceError
from tracker.services.overview import show_document
from tracker.services.progress import (
    check_status,
    history,
    mark,
    path_progress,
    set_followed,
    set_note,
    undo,
)
from tracker.services.standing import completion, next_items


def states(engine, learner, path):
    progress = path_progress(engine, learner.id, path)
    return {item.id: progress.state(item.id).status for item in path.items()}


def test_marking_records_the_status_and_its_times(engine, learner, path):
    mark(engine, learner.id, path, ["a"], "doing", now=at(1))
    mark(engine, learner.id, path, ["a"], "done", now=at(2))
    state = path_progress(engine, learner.id, path).state("a")
    assert (state.status, state.started_at, state.done_at) == ("done", at(1), at(2))
    mark(engine, learner.id, path, ["a"], "todo", now=at(3))
    state = path_progress(engine, learner.id, path).state("a")
    assert (state.status, state.started_at, state.done_at) == ("todo", None, None)


def test_a_mark_that_changes_nothing_records_nothing(engine, learner, path):
    assert len(mark(engine, learner.id, path, ["a", "b"], "done", now=at(1))) == 2
    assert mark(engine, learner.id, path, ["a", "b"], "done", now=at(2)) == []
    assert len(history(engine, learner.id)) == 2


def test_an_unknown_status_is_refused():
    with pytest.raises(
        ServiceError, match="unknown status 'finished'; expected one of: todo, doing, done, skipped"
    ):
        check_status("finished")


def test_notes_are_kept_across_status_changes(engine, learner, path):
    set_note(engine, learner.id, path, "a", "read chapter 1", now=at(1))
    mark(engine, learner.id, path, ["a"], "done", now=at(2))
    mark(engine, learner.id, path, ["a"], "todo", now=at(3))
    assert path_progress(engine, learner.id, path).state("a").note == "read chapter 1"


def test_undo_reverts_a_whole_command_and_repeats(engine, learner, path):
    mark(engine, learner.id, path, ["a"], "doing", now=at(1))
    mark(engine, learner.id, path, ["a", "b", "d"], "done", now=at(2))
    set_note(engine, learner.id, path, "b", "hard", now=at(3))

    assert [(c.item_id, c.to_note) for c in undo(engine, learner.id, now=at(4))] == [("b", "")]
    reverted = undo(engine, learner.id, now=at(5))
    assert sorted((c.item_id, c.from_status, c.to_status) for c in reverted) == [
        ("a", "done", "doing"), ("b", "done", "todo"), ("d", "done", "todo"),
    ]  # fmt: skip
    state = path_progress(engine, learner.id, path).state("a")
    assert (state.status, state.started_at, state.done_at) == ("doing", at(1), None)
    assert [c.item_id for c in undo(engine, learner.id, now=at(6))] == ["a"]
    assert undo(engine, learner.id, now=at(7)) == []
    assert set(states(engine, learner, path).values()) == {"todo"}


def test_the_log_tells_undos_and_undone_changes_apart(engine, learner, path):
    mark(engine, learner.id, path, ["a"], "done", now=at(1))
    mark(engine, learner.id, path, ["b"], "done", now=at(60 * 24))
    undo(engine, learner.id, now=at(60 * 25))
    entries = history(engine, learner.id)
    assert [(e.item_id, e.to_status, e.undo, e.undone) for e in entries] == [
        ("a", "done", False, False), ("b", "done", False, True), ("b", "todo", True, False),
    ]  # fmt: skip
    assert [e.item_id for e in history(engine, learner.id, since=at(60 * 24))] == ["b", "b"]


def test_each_learner_has_their_own_progress(engine, learner, path):
    from tracker.services.learners import add_learner

    other = add_learner(engine, "alice", now=T0)
    mark(engine, learner.id, path, ["a"], "done", now=at(1))
    assert states(engine, other, path)["a"] == "todo"
    mark(engine, other.id, path, ["b"], "doing", now=at(2))
    undo(engine, learner.id, now=at(3))
    assert states(engine, other, path)["b"] == "doing"


# -- completion ----------------------------------------------------------------------------


def test_completion_counts_followed_non_optional_items(engine, learner, path):
    progress = path_progress(engine, learner.id, path)
    assert completion(progress, path.items()).counted == 6  # all but the optional c
    mark(engine, learner.id, path, ["a", "c"], "done", now=at(1))
    mark(engine, learner.id, path, ["b"], "skipped", now=at(2))
    progress = path_progress(engine, learner.id, path)
    result = completion(progress, path.items())
    assert (result.done, result.skipped, result.counted) == (1, 1, 6)
    assert result.percent == 20.0  # 1 / (6 - 1)


def test_unfollowed_tracks_do_not_count_and_come_back(engine, learner, path):
    set_followed(engine, learner.id, path, ["cv"], False)
    progress = path_progress(engine, learner.id, path)
    assert completion(progress, path.items()).counted == 5  # d leaves; e is common
    set_followed(engine, learner.id, path, ["cv"], True)
    assert completion(path_progress(engine, learner.id, path), path.items()).counted == 6


def test_following_a_track_the_path_lacks_is_refused(engine, learner, path):
    with pytest.raises(
        ServiceError, match=r"path 'demo' has no track 'rl' \(its tracks: cv, nlp\)"
    ):
        set_followed(engine, learner.id, path, ["rl"], False)


def test_nothing_left_to_count_has_no_percentage(engine, learner, path):
    mark(engine, learner.id, path, [i.id for i in path.items()], "skipped", now=at(1))
    progress = path_progress(engine, learner.id, path)
    assert completion(progress, path.items()).percent is None
    assert completion(progress, path.items()).reason == "skipped"
    assert completion(progress, []).percent is None


def test_the_show_document_follows_the_contract(engine, learner, path):
    mark(engine, learner.id, path, ["a"], "done", now=at(1))
    set_note(engine, learner.id, path, "a", "ok", now=at(2))
    set_followed(engine, learner.id, path, ["nlp"], False)
    document = show_document(path_progress(engine, learner.id, path), "en")
    assert set(document) == {"path", "title", "completion", "levels", "tracks", "orphans"}
    assert document["completion"] == {"done": 1, "skipped": 0, "counted": 4, "percent": 25.0}
    first = document["levels"][0]["steps"][0]
    assert first["completion"] == {"done": 1, "skipped": 0, "counted": 2, "percent": 50.0}
    assert first["items"][0] == {
        "id": "a", "title": "A", "kind": None, "status": "done", "tracks": [], "optional": False,
        "note": "ok", "started_at": at(1).isoformat(), "done_at": at(1).isoformat(),
    }  # fmt: skip
    assert document["tracks"] == [
        {"id": "cv", "title": "Vision", "followed": True,
         "completion": {"done": 0, "skipped": 0, "counted": 1, "percent": 0.0}},
        {"id": "nlp", "title": "Language", "followed": False,
         "completion": {"done": 0, "skipped": 0, "counted": 0, "percent": None,
                        "reason": "not followed"}},
    ]  # fmt: skip
    language = document["levels"][1]["steps"][0]["items"]
    assert [item["id"] for item in language] == ["f", "first"]  # unfollowed, still shown


# -- next ----------------------------------------------------------------------------------


def test_next_puts_met_requirements_first_then_doing_then_path_order(engine, learner, path):
    mark(engine, learner.id, path, ["e"], "doing", now=at(1))
    order = [
        (n.item.id, n.waiting_for) for n in next_items(path_progress(engine, learner.id, path))
    ]
    assert order == [
        ("e", ()), ("a", ()), ("d", ()), ("first", ()), ("b", ("a",)), ("f", ("d",)), ("c", ()),
    ]  # fmt: skip


def test_next_puts_required_items_before_optional_ones(engine, learner):
    path = make_path(
        PATH.replace("{id: a, title: A, estimate: 2h}", "{id: a, title: A, optional: true}")
    )
    mark(engine, learner.id, path, ["c"], "doing", now=at(1))  # optional, and started
    order = [
        (n.item.id, n.item.optional, n.status)
        for n in next_items(path_progress(engine, learner.id, path))
    ]
    # b waits for the optional a, yet comes before it: every required item comes first;
    # among the optional ones, doing before todo
    assert order == [
        ("d", False, "todo"), ("e", False, "todo"), ("first", False, "todo"),
        ("b", False, "todo"), ("f", False, "todo"), ("c", True, "doing"), ("a", True, "todo"),
    ]  # fmt: skip


def test_next_honours_followed_tracks_and_finished_items(engine, learner, path):
    set_followed(engine, learner.id, path, ["cv"], False)
    mark(engine, learner.id, path, ["a"], "done", now=at(1))
    mark(engine, learner.id, path, ["c"], "skipped", now=at(2))
    order = [
        (n.item.id, n.waiting_for) for n in next_items(path_progress(engine, learner.id, path))
    ]
    # d is on an unfollowed track, so f does not wait for it
    assert order == [("b", ()), ("e", ()), ("f", ()), ("first", ())]


# -- path evolution ------------------------------------------------------------------------


def test_a_removed_item_keeps_its_progress_as_an_orphan_until_it_comes_back(engine, learner, path):
    mark(engine, learner.id, path, ["b"], "done", now=at(1))
    set_note(engine, learner.id, path, "b", "kept", now=at(2))
    without_b = make_path(PATH.replace("          - {id: b, title: B, requires: [a]}\n", ""))
    progress = path_progress(engine, learner.id, without_b)
    assert {k: (v.status, v.note) for k, v in progress.orphans.items()} == {"b": ("done", "kept")}
    assert completion(progress, without_b.items()).done == 0
    assert show_document(progress, "en")["orphans"] == [
        {"id": "b", "status": "done", "note": "kept"}
    ]
    back = path_progress(engine, learner.id, path)
    assert back.state("b").status == "done"
    assert back.orphans == {}


def test_a_renamed_item_takes_over_the_progress_of_its_old_id(engine, learner, path):
    mark(engine, learner.id, path, ["a"], "done", now=at(1))
    renamed = make_path(
        PATH.replace("{id: a, title: A,", "{id: alpha, was: [a], title: A,").replace(
            "requires: [a]", "requires: [alpha]"
        )
    )
    progress = path_progress(engine, learner.id, renamed)
    assert progress.state("alpha").status == "done"
    assert progress.orphans == {}
    # marking under the new id starts from the old id's state
    changes = mark(engine, learner.id, renamed, ["alpha"], "doing", now=at(2))
    assert [(c.from_status, c.to_status) for c in changes] == [("done", "doing")]
    assert path_progress(engine, learner.id, renamed).state("alpha").status == "doing"


def test_an_item_moved_to_another_step_keeps_its_progress(engine, learner, path):
    mark(engine, learner.id, path, ["e"], "done", now=at(1))
    moved = make_path(
        PATH.replace("          - {id: e, title: E, tracks: []}\n", "").replace(
            "          - {id: c, title: C, optional: true}\n",
            "          - {id: c, title: C, optional: true}\n          - {id: e, title: E}\n",
        )
    )
    assert path_progress(engine, learner.id, moved).state("e").status == "done"


def test_carrying_progress_keeps_dates_and_leaves_started_items_alone(engine, learner, path):
    from tracker.services.progress import carry_progress

    fork = make_path(PATH.replace("id: demo", "id: fork", 1))
    mark(engine, learner.id, path, ["a"], "done", now=at(0))
    mark(engine, learner.id, path, ["d"], "doing", now=at(1))
    set_note(engine, learner.id, path, "b", "later", now=at(2))
    mark(engine, learner.id, fork, ["d"], "skipped", now=at(3))  # already started on the fork
    carried = carry_progress(engine, learner.id, path, fork, now=at(10))
    assert sorted((c.item_id, c.to_status, c.to_note) for c in carried) == [
        ("a", "done", ""),
        ("b", "todo", "later"),
    ]
    states = path_progress(engine, learner.id, fork).states
    assert states["a"].done_at == path_progress(engine, learner.id, path).states["a"].done_at
    assert states["d"].status == "skipped"
    undo(engine, learner.id)
    back = path_progress(engine, learner.id, fork).states
    assert {i: (s.status, s.note) for i, s in back.items()} == {
        "a": ("todo", ""),
        "b": ("todo", ""),
        "d": ("skipped", ""),
    }


def test_a_reset_clears_orphans_too_and_undo_restores_every_field(engine, learner, path):
    from tracker.services.progress import reset_path

    mark(engine, learner.id, path, ["a", "c"], "done", now=at(0))
    set_note(engine, learner.id, path, "b", "keep", now=at(1))
    renamed = make_path(PATH.replace("{id: c, title: C, optional: true}", "{id: x, title: X}"))
    before = path_progress(engine, learner.id, renamed)
    assert set(before.orphans) == {"c"}
    changes = reset_path(engine, learner.id, renamed, now=at(5))
    assert sorted(c.item_id for c in changes) == ["a", "b", "c"]
    after = path_progress(engine, learner.id, renamed)
    assert all(
        s.status == "todo" and not s.note for s in [*after.states.values(), *after.orphans.values()]
    )
    undo(engine, learner.id, now=at(6))
    restored = path_progress(engine, learner.id, renamed)

    def strip(states):
        return {i: (s.status, s.note, s.started_at, s.done_at) for i, s in states.items()}

    assert strip(restored.states) == strip(before.states)
    assert strip(restored.orphans) == strip(before.orphans)
