"""Backups through the services: the document, round trips, merges, refusals, atomic writes;
the records of issue 7 (reading depth, review intervals, evidence, time spent, review
answers, resource ticks) carried and merged like the rest; version 1 backups still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

import tracker.atomic as atomic
from tests.conftest import REPO
from tests.services.conftest import PATH, at, make_path
from tracker.services.backup import (
    EVENT_FIELDS,
    RestoreSummary,
    backup_document,
    read_backup,
    restore_backup,
    write_backup,
)
from tracker.services.errors import ServiceError
from tracker.services.evidence import evidence_of, link_or_file, metric
from tracker.services.learners import add_learner, current_learner
from tracker.services.progress import history, mark, path_progress, set_followed, set_note, undo
from tracker.services.records import path_records
from tracker.services.reviews import answer_review, review_days, set_review_days
from tracker.services.ticks import tick
from tracker.services.timelog import log_time, spent_by_item
from tracker.store.engine import make_engine
from tracker.store.models import (
    Event,
    Evidence,
    Learner,
    Progress,
    ResourceTick,
    ReviewAnswer,
    Setting,
    TimeSpent,
    UnfollowedTrack,
)
from tracker.store.schema import ensure_schema

TABLES = (
    Learner, Progress, Event, UnfollowedTrack, Setting, Evidence, TimeSpent, ReviewAnswer,
    ResourceTick,
)  # fmt: skip
RECORD_TABLES = (Evidence, TimeSpent, ReviewAnswer, ResourceTick)
ID = ("id", "learner_id")
VERSION_1 = REPO / "tests" / "data" / "backups" / "version-1.json"  # written by tracker 0001


@pytest.fixture
def path():
    """The services' demo path, its first item a paper with two resources."""
    paper = (
        "{id: a, title: A, kind: paper, estimate: 2h, resources: "
        '[{url: "https://example.com/a.pdf"}, {url: "https://example.com/a-code"}]}'
    )
    return make_path(PATH.replace("{id: a, title: A, estimate: 2h}", paper))


def new_database(folder: Path, name: str):
    engine = make_engine(f"sqlite:///{folder / name}")
    ensure_schema(engine)
    return engine


@pytest.fixture
def other(tmp_path):
    return new_database(tmp_path, "other.db")


def raw(engine) -> dict[str, list[tuple]]:
    """Every row of every table, ids included: to show that nothing at all changed."""
    with engine.connect() as connection:
        return {
            table.__tablename__: [tuple(row) for row in connection.execute(select(table))]
            for table in TABLES
        }


def contents(engine) -> dict[str, list[tuple]]:
    """Every table with ids replaced by learner names and event keys, comparable between
    databases; a learner's events in log order."""
    with engine.connect() as connection:
        names = dict(connection.execute(select(Learner.id, Learner.name)).all())
        events = connection.execute(select(Event).order_by(Event.id)).all()
        key = {e.id: (e.change, e.path_id, e.item_id) for e in events}
        log = [
            (
                names[e.learner_id],
                *(getattr(e, name) for name in EVENT_FIELDS),
                key.get(e.undoes),
                key.get(e.undone_by),
            )
            for e in events
        ]
        records = {  # sorted: ids differ, and an entry is known by its contents
            table.__tablename__: sorted(
                (names[row.learner_id], *(v for k, v in row._mapping.items() if k not in ID))
                for row in connection.execute(select(table))
            )
            for table in RECORD_TABLES
        }
        return {
            **records,
            "learners": sorted(
                connection.execute(select(Learner.name, Learner.created_at, Learner.review_days))
            ),
            "progress": sorted(
                (names[row[0]], *row[1:]) for row in connection.execute(select(Progress))
            ),
            "unfollowed": sorted(
                (names[row[0]], *row[1:]) for row in connection.execute(select(UnfollowedTrack))
            ),
            "events": sorted(log, key=lambda entry: entry[0]),  # stable: log order kept
            "settings": sorted(connection.execute(select(Setting.key, Setting.value))),
        }


def fill(engine, path, name: str = "alice", start: int = 0):
    """A learner with marks, a note, an undone command and an unfollowed track."""
    learner = add_learner(engine, name, now=at(start))
    mark(engine, learner.id, path, ["a", "b"], "done", now=at(start + 1))
    set_note(engine, learner.id, path, "a", "read it twice", now=at(start + 2))
    mark(engine, learner.id, path, ["d"], "doing", now=at(start + 3))
    undo(engine, learner.id, now=at(start + 4))
    mark(engine, learner.id, path, ["c"], "skipped", now=at(start + 5))
    set_followed(engine, learner.id, path, ["nlp"], False)
    return learner


def record(engine, path, learner, start: int = 0) -> None:
    """Everything issue 7 records, on top of `fill`: a paper implemented with evidence of
    each kind, time logged (twice the same entry, and a correction), its resources ticked,
    review answers, the learner's own review intervals, and a skimmed paper's depth undone
    through the log."""
    set_review_days(engine, learner.id, (2, 9))
    proofs = [link_or_file("https://github.com/me/a"), link_or_file(__file__), metric("f1=0.9")]
    mark(engine, learner.id, path, ["a"], "done", now=at(start + 6), depth="implemented")
    mark(engine, learner.id, path, ["a"], "done", now=at(start + 7), evidence=proofs)
    for seconds in (3600, 600, 600, -300):
        log_time(engine, learner.id, path, "a", seconds, now=at(start + 8))
    log_time(engine, learner.id, path, "b", 1800, now=at(start + 9))
    item = path.levels[0].steps[0].items[0]
    tick(engine, learner.id, path, item, item.resources, now=at(start + 10))
    progress = path_progress(engine, learner.id, path)
    answer_review(engine, learner.id, progress, "a", True, now=at(start + 11))
    answer_review(engine, learner.id, progress, "a", False, now=at(start + 12))


def backup_of(engine, folder: Path, name: str = "backup.json") -> Path:
    file = folder / name
    write_backup(engine, file, now=at(1000))
    return file


def learner_id(engine, name: str) -> int:
    return current_learner(engine, name).id


def status(engine, path, name: str, item_id: str) -> str:
    return path_progress(engine, learner_id(engine, name), path).state(item_id).status


# The document and round trips


def test_a_backup_restored_into_an_empty_database_is_the_same(engine, other, path, tmp_path):
    fill(engine, path, "alice")
    bob = add_learner(engine, "bob", now=at(10))
    mark(engine, bob.id, path, ["e"], "doing", now=at(11))
    summary = write_backup(engine, tmp_path / "backup.json", now=at(1000))
    assert (summary.learners, summary.items, summary.events) == (2, 5, 7)

    restored = restore_backup(other, tmp_path / "backup.json")

    assert restored == RestoreSummary(
        learners_added=2, items_updated=5, tracks_unfollowed=1, events_added=7, settings_added=1
    )
    assert contents(other) == contents(engine)
    assert history(other, learner_id(other, "alice")) == history(
        engine, learner_id(engine, "alice")
    )


def test_the_document_names_learners_and_links_undos_by_position(engine, path):
    fill(engine, path, "alice")
    document = backup_document(engine, now=at(1000))
    assert list(document) == ["format", "version", "created_at", "settings", "learners"]
    assert (document["format"], document["version"]) == ("tracker-backup", 2)
    assert document["created_at"] == "2026-11-03T01:40:00+00:00"
    assert document["settings"] == {"active_learner": "alice"}
    (alice,) = document["learners"]
    assert alice["unfollowed"] == [{"path_id": "demo", "track_id": "nlp"}]
    events = alice["events"]
    assert [(e["item_id"], e["to_status"], e["undoes"]) for e in events] == [
        ("a", "done", None),
        ("b", "done", None),
        ("a", "done", None),  # the note
        ("d", "doing", None),
        ("d", "todo", 3),  # the undo reverts event 3 (from 0)
        ("c", "skipped", None),
    ]
    assert "undone_by" not in events[3]
    note = next(item for item in alice["progress"] if item["item_id"] == "a")
    assert note["note"] == "read it twice"
    assert note["updated_at"] == "2026-11-02T09:02:00+00:00"


# Merging


def test_the_newer_change_wins_per_item_in_both_directions(engine, other, path, tmp_path):
    mine = add_learner(engine, "alice", now=at(0))
    theirs = add_learner(other, "alice", now=at(0))
    mark(engine, mine.id, path, ["a"], "done", now=at(1))
    set_note(engine, mine.id, path, "c", "mine", now=at(2))
    mark(engine, mine.id, path, ["b"], "doing", now=at(5))
    mark(other, theirs.id, path, ["a"], "doing", now=at(3))  # newer than mine
    mark(other, theirs.id, path, ["b"], "done", now=at(4))  # older than mine
    mark(other, theirs.id, path, ["d"], "done", now=at(6))  # only theirs
    my_backup = backup_of(engine, tmp_path, "mine.json")
    their_backup = backup_of(other, tmp_path, "theirs.json")

    into_mine = restore_backup(engine, their_backup)
    into_theirs = restore_backup(other, my_backup)

    assert (into_mine.items_updated, into_theirs.items_updated) == (2, 2)  # a and d; b and c
    for database in (engine, other):
        states = path_progress(database, learner_id(database, "alice"), path)
        assert {i: states.state(i).status for i in "abcd"} == {
            "a": "doing", "b": "doing", "c": "todo", "d": "done",
        }  # fmt: skip
        assert states.state("c").note == "mine"
    assert contents(engine) == contents(other)
    times = [entry.at for entry in history(engine, mine.id)]
    assert times == [at(1), at(2), at(3), at(4), at(5), at(6)]


def test_a_tie_keeps_the_current_row(engine, other, path, tmp_path):
    mine = add_learner(engine, "alice", now=at(0))
    theirs = add_learner(other, "alice", now=at(0))
    set_note(engine, mine.id, path, "a", "mine", now=at(1))
    set_note(other, theirs.id, path, "a", "theirs", now=at(1))
    restore_backup(engine, backup_of(other, tmp_path))
    assert path_progress(engine, mine.id, path).state("a").note == "mine"


def test_restoring_twice_changes_nothing(engine, other, path, tmp_path):
    fill(engine, path, "alice", start=10)
    fill(other, path, "alice", start=0)  # older events: the merge rewrites the log's order
    add_learner(other, "bob", now=at(1))
    file = backup_of(other, tmp_path)
    assert restore_backup(engine, file).changed
    assert_links_match(engine)
    before = raw(engine)

    assert restore_backup(engine, file) == RestoreSummary()
    assert raw(engine) == before


def test_restoring_a_backup_of_the_same_database_changes_nothing(engine, path, tmp_path):
    fill(engine, path)
    before = raw(engine)
    assert restore_backup(engine, backup_of(engine, tmp_path)) == RestoreSummary()
    assert raw(engine) == before


def test_a_learner_the_database_lacks_is_added_with_everything(engine, other, path, tmp_path):
    fill(engine, path, "alice")
    fill(other, path, "carol", start=20)
    alice_before = rows_of(contents(engine), "alice")

    summary = restore_backup(engine, backup_of(other, tmp_path))

    assert summary == RestoreSummary(
        learners_added=1, items_updated=4, tracks_unfollowed=1, events_added=6, settings_added=0
    )
    assert rows_of(contents(engine), "carol") == rows_of(contents(other), "carol")
    assert rows_of(contents(engine), "alice") == alice_before
    assert current_learner(engine).name == "alice"


def rows_of(tables: dict[str, list[tuple]], name: str) -> dict[str, list[tuple]]:
    """One learner's rows of every table but the settings."""
    return {
        table: [row for row in rows if row[0] == name]
        for table, rows in tables.items()
        if table != "settings"
    }


def test_older_events_go_before_newer_ones_and_undo_still_takes_the_last(
    engine, other, path, tmp_path
):
    mine = add_learner(engine, "alice", now=at(0))
    theirs = add_learner(other, "alice", now=at(0))
    mark(engine, mine.id, path, ["a"], "done", now=at(10))
    mark(engine, mine.id, path, ["b"], "doing", now=at(11))
    undo(engine, mine.id, now=at(12))  # reverts b
    mark(other, theirs.id, path, ["d"], "done", now=at(1))
    mark(other, theirs.id, path, ["e"], "done", now=at(2))

    restore_backup(engine, backup_of(other, tmp_path))

    log = [(e.at, e.item_id, e.undo, e.undone) for e in history(engine, mine.id)]
    assert log == [
        (at(1), "d", False, False),
        (at(2), "e", False, False),
        (at(10), "a", False, False),
        (at(11), "b", False, True),
        (at(12), "b", True, False),
    ]
    assert [(c.item_id, c.to_status) for c in undo(engine, mine.id, now=at(20))] == [("a", "todo")]


def test_an_undo_made_in_another_database_marks_the_event_undone(engine, other, path, tmp_path):
    mine = add_learner(engine, "alice", now=at(0))
    mark(engine, mine.id, path, ["a"], "done", now=at(1))
    restore_backup(other, backup_of(engine, tmp_path, "mine.json"))
    undo(other, learner_id(other, "alice"), now=at(2))

    summary = restore_backup(engine, backup_of(other, tmp_path, "theirs.json"))

    assert (summary.items_updated, summary.events_added) == (1, 1)
    assert status(engine, path, "alice", "a") == "todo"
    log = [(e.item_id, e.to_status, e.undo, e.undone) for e in history(engine, mine.id)]
    assert log == [("a", "done", False, True), ("a", "todo", True, False)]
    assert undo(engine, mine.id, now=at(3)) == []  # the command was undone already
    assert contents(engine) == contents(other)


def test_an_undo_moved_after_an_added_event_keeps_its_link(engine, other, path, tmp_path):
    mine = add_learner(engine, "alice", now=at(0))
    theirs = add_learner(other, "alice", now=at(0))
    mark(engine, mine.id, path, ["a"], "done", now=at(1))
    undo(engine, mine.id, now=at(10))
    mark(other, theirs.id, path, ["b"], "done", now=at(5))

    restore_backup(engine, backup_of(other, tmp_path))

    log = [(e.at, e.item_id, e.undo, e.undone) for e in history(engine, mine.id)]
    assert log == [
        (at(1), "a", False, True),
        (at(5), "b", False, False),
        (at(10), "a", True, False),
    ]
    assert_links_match(engine)


def test_an_event_undone_in_both_databases_is_undone_by_the_first_undo(
    engine, other, path, tmp_path
):
    mine = add_learner(engine, "alice", now=at(0))
    mark(engine, mine.id, path, ["a"], "done", now=at(1))
    restore_backup(other, backup_of(engine, tmp_path, "shared.json"))
    undo(engine, mine.id, now=at(2))
    undo(other, learner_id(other, "alice"), now=at(3))

    restore_backup(engine, backup_of(other, tmp_path, "theirs.json"))
    restore_backup(other, backup_of(engine, tmp_path, "mine.json"))

    assert contents(engine) == contents(other)
    for database in (engine, other):
        log = history(database, learner_id(database, "alice"))
        assert [(e.at, e.undo, e.undone) for e in log] == [
            (at(1), False, True),
            (at(2), True, False),
            (at(3), True, False),
        ]
        assert undo(database, learner_id(database, "alice"), now=at(4)) == []
        assert_links_match(database)


def assert_links_match(engine) -> None:
    """Every `undone_by` names an event that undoes this one, and the first such event."""
    with engine.connect() as connection:
        events = connection.execute(select(Event).order_by(Event.id)).all()
    for event in events:
        undos = [e.id for e in events if e.undoes == event.id]
        assert event.undone_by == (undos[0] if undos else None)


def test_unfollowed_tracks_are_united(engine, other, path, tmp_path):
    mine = add_learner(engine, "alice", now=at(0))
    theirs = add_learner(other, "alice", now=at(0))
    set_followed(engine, mine.id, path, ["cv"], False)
    set_followed(other, theirs.id, path, ["nlp"], False)
    summary = restore_backup(engine, backup_of(other, tmp_path))
    assert summary.tracks_unfollowed == 1
    assert path_progress(engine, mine.id, path).unfollowed == {"cv", "nlp"}


def test_the_active_learner_of_the_database_stays(engine, other, path, tmp_path):
    add_learner(engine, "alice", now=at(0))
    add_learner(other, "bob", now=at(0))
    file = backup_of(other, tmp_path)
    assert restore_backup(engine, file).settings_added == 0
    assert current_learner(engine).name == "alice"
    fresh = new_database(tmp_path, "fresh.db")
    assert restore_backup(fresh, file).settings_added == 1
    assert current_learner(fresh).name == "bob"


# The records of issue 7


def test_every_record_goes_into_the_document(engine, path):
    alice = fill(engine, path, "alice")
    record(engine, path, alice)
    (learner,) = backup_document(engine, now=at(1000))["learners"]
    assert list(learner) == [
        "name", "created_at", "review_days", "progress", "unfollowed", "events", "evidence",
        "time_spent", "review_answers", "resource_ticks",
    ]  # fmt: skip
    assert learner["review_days"] == "2,9"
    a = next(row for row in learner["progress"] if row["item_id"] == "a")
    assert (a["status"], a["depth"]) == ("done", "implemented")
    depths = [(e["item_id"], e["from_depth"], e["to_depth"]) for e in learner["events"]]
    assert ("a", None, "implemented") in depths
    assert [(e["kind"], e["name"], e["value"]) for e in learner["evidence"]] == [
        ("link", "", "https://github.com/me/a"),
        ("file", "", __file__),
        ("metric", "f1", "0.9"),
    ]
    assert [(t["item_id"], t["seconds"]) for t in learner["time_spent"]] == [
        ("a", 3600), ("a", 600), ("a", 600), ("a", -300), ("b", 1800),
    ]  # fmt: skip
    assert [(r["item_id"], r["passed"]) for r in learner["review_answers"]] == [
        ("a", True),
        ("a", False),
    ]
    assert [t["url"] for t in learner["resource_ticks"]] == [
        "https://example.com/a-code",
        "https://example.com/a.pdf",
    ]
    assert learner["resource_ticks"][0]["at"] == at(10).isoformat()


def test_every_record_restored_into_an_empty_database_is_the_same(engine, other, path, tmp_path):
    """From the backend under test into SQLite (the next test goes the other way)."""
    alice = fill(engine, path, "alice")
    record(engine, path, alice)
    bob = fill(engine, path, "bob", start=100)
    record(engine, path, bob, start=100)
    set_review_days(engine, bob.id, None)  # the default: nothing to carry

    summary = restore_backup(other, backup_of(engine, tmp_path))

    assert (summary.evidence_added, summary.time_entries_added) == (6, 10)
    assert (summary.review_answers_added, summary.resource_ticks_added) == (4, 4)
    assert summary.review_days_set == 0  # alice came with hers, as a new learner
    assert contents(other) == contents(engine)
    for database in (engine, other):
        alice_id = learner_id(database, "alice")
        assert review_days(database, alice_id) == (2, 9)
        assert review_days(database, learner_id(database, "bob")) == (1, 7, 30, 90)
        assert spent_by_item(database, alice_id, path) == {"a": 4500, "b": 1800}
        records = path_records(database, alice_id, path_progress(database, alice_id, path))
        assert records.reviews["a"].stage == 0  # passed, then failed: back to the first
        assert len(records.ticked("a")) == 2
        assert path_progress(database, alice_id, path).state("a").depth == "implemented"


def test_every_record_restored_from_sqlite_into_the_backend(engine, other, path, tmp_path):
    alice = fill(other, path, "alice")
    record(other, path, alice)
    restore_backup(engine, backup_of(other, tmp_path))
    assert contents(engine) == contents(other)
    assert history(engine, learner_id(engine, "alice")) == history(other, alice.id)


def test_restoring_records_twice_changes_nothing(engine, other, path, tmp_path):
    """Also when the database had some of them already, and two equal time entries."""
    mine = fill(engine, path, "alice", start=10)
    record(engine, path, mine, start=10)
    theirs = fill(other, path, "alice", start=0)
    record(other, path, theirs, start=0)
    log_time(other, theirs.id, path, "a", 600, now=at(18))  # one of my two entries at 18
    file = backup_of(other, tmp_path)

    first = restore_backup(engine, file)

    # Their evidence is mine but for its time: kept once. Their entries and answers are at
    # other times: added, but the one I have twice. Ticks are one per resource.
    assert (first.evidence_added, first.time_entries_added) == (0, 5)
    assert (first.review_answers_added, first.resource_ticks_added) == (2, 0)
    assert first.review_days_set == 0  # mine stay
    assert spent_by_item(engine, mine.id, path) == {"a": 2 * 4500, "b": 2 * 1800}
    before = raw(engine)
    assert restore_backup(engine, file) == RestoreSummary()
    assert raw(engine) == before


def test_equal_entries_are_added_up_to_as_many_as_the_backup_holds(engine, other, path, tmp_path):
    mine = add_learner(engine, "alice", now=at(0))
    theirs = add_learner(other, "alice", now=at(0))
    log_time(engine, mine.id, path, "a", 600, now=at(1))
    for _ in range(3):
        log_time(other, theirs.id, path, "a", 600, now=at(1))
    assert restore_backup(engine, backup_of(other, tmp_path)).time_entries_added == 2
    assert spent_by_item(engine, mine.id, path) == {"a": 1800}
    assert restore_backup(other, backup_of(engine, tmp_path, "mine.json")) == RestoreSummary()


def test_review_intervals_are_taken_only_by_a_learner_without_their_own(
    engine, other, path, tmp_path
):
    add_learner(engine, "alice", now=at(0))
    bob = add_learner(engine, "bob", now=at(0))
    set_review_days(engine, bob.id, (3,))
    for name in ("alice", "bob"):
        learner = add_learner(other, name, now=at(0))
        set_review_days(other, learner.id, (1, 2))
    assert restore_backup(engine, backup_of(other, tmp_path)).review_days_set == 1
    assert review_days(engine, learner_id(engine, "alice")) == (1, 2)
    assert review_days(engine, bob.id) == (3,)


def test_removed_evidence_and_ticks_come_back_as_unfollowed_tracks_do(engine, path, tmp_path):
    alice = fill(engine, path)
    record(engine, path, alice)
    file = backup_of(engine, tmp_path)
    from tracker.services.evidence import remove_evidence

    remove_evidence(engine, alice.id, path, "a", 1)
    item = path.levels[0].steps[0].items[0]
    tick(engine, alice.id, path, item, item.resources[:1], ticked=False)

    summary = restore_backup(engine, file)

    assert (summary.evidence_added, summary.resource_ticks_added) == (1, 1)
    assert [str(proof) for proof in evidence_of(engine, alice.id, path)["a"]] == [
        __file__,
        "f1=0.9",
        "https://github.com/me/a",  # back, after the others
    ]


def test_a_version_1_backup_still_restores(engine, path, tmp_path):
    """A file written by the tracker before the records: no depth, records or intervals."""
    backup = read_backup(VERSION_1)
    assert [learner.records for learner in backup.learners] == [{}, {}]
    summary = restore_backup(engine, VERSION_1)
    assert summary == RestoreSummary(
        learners_added=2, items_updated=5, tracks_unfollowed=1, events_added=7, settings_added=1
    )
    alice = learner_id(engine, "alice")
    progress = path_progress(engine, alice, path)
    assert {i: progress.state(i).status for i in "abcd"} == {
        "a": "done", "b": "done", "c": "skipped", "d": "todo",
    }  # fmt: skip
    assert progress.state("a").note == "read it twice"
    assert progress.state("a").depth is None
    assert [entry.item_id for entry in history(engine, alice)][-1] == "c"
    assert review_days(engine, alice) == (1, 7, 30, 90)
    assert restore_backup(engine, VERSION_1) == RestoreSummary()
    # Written again, it is a version 2 backup that reads back the same.
    other = new_database(tmp_path, "other.db")
    restore_backup(other, backup_of(engine, tmp_path))
    assert contents(other) == contents(engine)


def test_a_version_1_backup_merges_over_newer_records(engine, path):
    """Records made since stay; a newer row from the old file (done at minute 1) replaces
    a skimmed paper's whole row, depth included, as the old tracker had none."""
    alice = add_learner(engine, "alice", now=at(0))
    mark(engine, alice.id, path, ["a"], "doing", now=at(0), depth="skimmed")
    log_time(engine, alice.id, path, "a", 600, now=at(0))
    restore_backup(engine, VERSION_1)
    state = path_progress(engine, alice.id, path).state("a")
    assert (state.status, state.depth) == ("done", None)  # the file's row is newer
    assert spent_by_item(engine, alice.id, path) == {"a": 600}


# Refusals: the whole file is checked before anything is written


STATUS_LIST = "todo, doing, done, skipped"


def set_in(document: dict, where: tuple, value) -> dict:
    *parents, last = where
    target = document
    for step in parents:
        target = target[step]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return document


DELETE = object()
PROGRESS = ("learners", 0, "progress", 1)
EVENT = ("learners", 0, "events", 0)


@pytest.mark.parametrize(
    ("where", "value", "problem"),
    [
        (("version",), 9, "{file} has backup version 9; this tracker reads versions 1 and 2"),
        (("version",), "1", "{file}: version '1' is not a whole number"),
        (("format",), "tracker", "{file} is not a tracker backup"),
        (
            (*PROGRESS, "status"),
            "finished",
            f"{{file}}: learner 1, progress 2: status 'finished' is not one of {STATUS_LIST}",
        ),
        (
            (*EVENT, "at"),
            "yesterday",
            "{file}: learner 1, event 1: at 'yesterday' is not an ISO 8601 time with a UTC offset",
        ),
        (
            (*PROGRESS, "updated_at"),
            "2026-11-02T09:00:00",
            "{file}: learner 1, progress 2: updated_at '2026-11-02T09:00:00' is not an ISO 8601 "
            "time with a UTC offset",
        ),
        (
            (*PROGRESS, "note"),
            5,
            "{file}: learner 1, progress 2: 'note' must be a string, not a number",
        ),
        ((*PROGRESS, "note"), DELETE, "{file}: learner 1, progress 2: 'note' is missing"),
        ((*PROGRESS, "colour"), "red", "{file}: learner 1, progress 2: unknown key 'colour'"),
        (
            (*PROGRESS, "path_id"),
            "Demo Path",
            "{file}: learner 1, progress 2: path_id 'Demo Path' is not an id (a-z, 0-9 and '-')",
        ),
        (
            ("learners", 0, "events", 4, "undoes"),
            4,
            "{file}: learner 1, event 5: undoes 4 is not the index (from 0) of an earlier event",
        ),
        (
            ("learners", 0, "name"),
            "a/b",
            "{file}: learner 1: name 'a/b' is not a usable learner name",
        ),
        (
            ("learners", 0, "events"),
            {},
            "{file}: learner 1: 'events' must be an array, not an object",
        ),
        (("learners", 0), True, "{file}: learner 1: must be an object, not true or false"),
        (("settings", "theme"), None, "{file}: settings: 'theme' must be a string, not null"),
        (("created_at",), None, "{file}: 'created_at' must be a string, not null"),
    ],
)  # fmt: skip
def test_a_bad_field_is_refused_and_nothing_is_written(
    engine, other, path, tmp_path, where, value, problem
):
    fill(engine, path, "alice")
    fill(other, path, "alice", start=100)
    document = set_in(backup_document(engine), where, value)
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    before = raw(other)

    with pytest.raises(ServiceError) as refused:
        restore_backup(other, file)

    assert str(refused.value) == problem.format(file=file)
    assert raw(other) == before


def test_a_learner_twice_is_refused(engine, path, tmp_path):
    fill(engine, path, "alice")
    document = backup_document(engine)
    document["learners"].append(document["learners"][0])
    file = tmp_path / "twice.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ServiceError) as refused:
        restore_backup(engine, file)
    assert str(refused.value) == f"{file}: learner 2: the same name as learner 1"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"hello", "{file} is truncated or not JSON (line 1, column 1)"),
        (b"", "{file} is truncated or not JSON (line 1, column 1)"),
        (
            b'{"format": "tracker-backup",\n "version": 1, "learn',
            "{file} is truncated or not JSON (line 2, column 16)",
        ),
        (b"\xff\xfe{}", "{file} is not a tracker backup (it is not UTF-8 text)"),
        (b"[1, 2]", "{file} is not a tracker backup"),
        (b'{"learners": []}', "{file} is not a tracker backup"),
        (b"[" * 100_000, "{file} is not a tracker backup"),
    ],
    ids=["not-json", "empty", "truncated", "not-utf8", "array", "foreign-object", "deep"],
)
def test_a_file_that_is_not_a_backup_is_refused(engine, path, tmp_path, data, problem):
    fill(engine, path)
    file = tmp_path / "bad.json"
    file.write_bytes(data)
    before = raw(engine)
    with pytest.raises(ServiceError) as refused:
        restore_backup(engine, file)
    assert str(refused.value) == problem.format(file=file)
    assert raw(engine) == before


def test_a_truncated_backup_is_refused(engine, path, tmp_path):
    fill(engine, path)
    whole = backup_of(engine, tmp_path).read_bytes()
    file = tmp_path / "half.json"
    file.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ServiceError, match=r"half\.json is truncated or not JSON \(line \d+"):
        restore_backup(engine, file)


# Writing


def test_a_missing_folder_is_one_line(engine, tmp_path):
    with pytest.raises(ServiceError) as refused:
        write_backup(engine, tmp_path / "nowhere" / "backup.json")
    assert str(refused.value) == f"the folder for the backup does not exist: {tmp_path / 'nowhere'}"


def test_a_backup_replaces_the_file_whole(engine, path, tmp_path):
    fill(engine, path)
    file = tmp_path / "backup.json"
    file.write_text("x" * 100_000, encoding="utf-8")
    write_backup(engine, file)
    assert json.loads(file.read_text(encoding="utf-8"))["format"] == "tracker-backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup.json")] == []


@pytest.mark.parametrize("existing", [None, "the previous backup\n"])
@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (OSError(28, "No space left on device"), ServiceError),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
)
def test_a_failed_backup_leaves_the_file_as_it_was(
    engine, path, tmp_path, monkeypatch, existing, failure, expected
):
    fill(engine, path)
    folder = tmp_path / "backups"
    folder.mkdir()
    file = folder / "backup.json"
    if existing is not None:
        file.write_text(existing, encoding="utf-8")
    seen = []

    def failing_sync(descriptor):  # the data is written, not yet on disk nor renamed
        seen.extend(p.name for p in folder.iterdir() if p.name != "backup.json")
        raise failure

    monkeypatch.setattr(atomic.os, "fsync", failing_sync)
    with pytest.raises(expected) as refused:
        write_backup(engine, file)

    assert [name.startswith(".backup.json.") for name in seen] == [True]  # a temporary file
    if expected is ServiceError:
        assert str(refused.value) == f"cannot write {file}: No space left on device"
    assert [p.name for p in folder.iterdir()] == ([] if existing is None else ["backup.json"])
    if existing is not None:
        assert file.read_text(encoding="utf-8") == existing
