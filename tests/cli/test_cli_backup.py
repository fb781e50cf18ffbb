"""`tracker backup` and `tracker restore` as a learner uses them, and their errors."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHIPPED
from tracker import appdirs

pytestmark = pytest.mark.usefixtures("cli_database")

ITEM = "dl-learning-path/basic-math"
STATUSES = "todo, doing, done, skipped"


@pytest.fixture
def alice(cli, monkeypatch):
    """A default database whose first learner is alice, with a mark, a note and a follow."""
    monkeypatch.setenv("LOGNAME", "alice")  # the first learner is named after the login
    cli("done", ITEM)
    cli("note", ITEM, "start with MNIST")
    cli("unfollow", "dl-learning-path", "speech")
    return cli


def other_db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'other.db'}"


def item(cli, *options) -> dict:
    document = json.loads(cli(*options, "show", "dl-learning-path", "--json").out)
    return next(
        found
        for level in document["levels"]
        for step in level["steps"]
        for found in step["items"]
        if found["id"] == "basic-math"
    )


def test_backup_then_restore_into_a_new_database(alice, tmp_path, monkeypatch):
    file = tmp_path / "backup.json"
    result = alice("backup", file)
    assert (result.status, result.err) == (0, "")
    assert result.out == f"wrote {file}: 1 learner, 1 item with progress, 2 events\n"
    assert json.loads(file.read_text(encoding="utf-8"))["format"] == "tracker-backup"

    monkeypatch.setenv("LOGNAME", "bob")  # a restore makes no learner of its own
    result = alice("--db", other_db(tmp_path), "restore", file)
    assert (result.status, result.err) == (0, "")
    assert result.out == (
        f"restored {file}: 1 learner added, 1 item updated, 1 track unfollowed, "
        "2 events added, 1 setting added\n"
    )
    assert alice("--db", other_db(tmp_path), "user", "list").out == "* alice\n"
    restored = item(alice, "--db", other_db(tmp_path))
    assert (restored["status"], restored["note"]) == ("done", "start with MNIST")
    assert restored == item(alice)


def test_restoring_twice_changes_nothing(alice, tmp_path):
    file = tmp_path / "backup.json"
    alice("backup", file)
    assert alice("--db", other_db(tmp_path), "restore", file).status == 0
    log = alice("--db", other_db(tmp_path), "log", "--json").out
    result = alice("--db", other_db(tmp_path), "restore", file)
    assert (result.status, result.out) == (
        0,
        f"nothing to change: {file} has nothing newer than this database\n",
    )
    assert alice("--db", other_db(tmp_path), "log", "--json").out == log


def test_a_newer_change_comes_back_from_the_other_database(alice, tmp_path):
    file, back = tmp_path / "backup.json", tmp_path / "back.json"
    alice("backup", file)
    alice("--db", other_db(tmp_path), "restore", file)
    alice("--db", other_db(tmp_path), "doing", ITEM)
    alice("--db", other_db(tmp_path), "backup", back)

    result = alice("restore", back)

    assert result.out == f"restored {back}: 1 item updated, 1 event added\n"
    assert item(alice)["status"] == "doing"


def test_a_learner_of_another_database_is_added_and_the_active_one_stays(
    alice, tmp_path, monkeypatch
):
    monkeypatch.setenv("LOGNAME", "carol")
    alice("--db", other_db(tmp_path), "skip", ITEM)
    alice("--db", other_db(tmp_path), "backup", tmp_path / "carol.json")

    result = alice("restore", tmp_path / "carol.json")

    assert result.out.startswith(f"restored {tmp_path / 'carol.json'}: 1 learner added, ")
    assert alice("user", "list").out == "* alice\n  carol\n"
    assert item(alice)["status"] == "done"
    assert item(alice, "--user", "carol")["status"] == "skipped"


def record_everything(url: str) -> None:
    """alice's records beyond statuses, made through the services (the commands that make
    them have tests of their own): evidence, time, ticks, a review answer, review intervals
    and a paper implemented."""
    from tracker.pathdefs.load import load_path
    from tracker.services.evidence import link_or_file, metric
    from tracker.services.learners import current_learner
    from tracker.services.progress import mark, path_progress
    from tracker.services.reviews import answer_review, set_review_days
    from tracker.services.ticks import tick
    from tracker.services.timelog import log_time
    from tracker.store.engine import make_engine

    engine = make_engine(url)
    alice = current_learner(engine, "alice")
    path = load_path(SHIPPED / "dl-learning-path.yaml")
    papers = load_path(SHIPPED / "dl-papers.yaml")
    item = next(item for item in path.items() if item.id == "basic-math")
    proofs = [link_or_file("https://github.com/alice/math"), metric("exercises=40")]
    mark(engine, alice.id, path, [item.id], "done", evidence=proofs)
    log_time(engine, alice.id, path, item.id, 5400)
    tick(engine, alice.id, path, item, item.resources[:1])
    answer_review(engine, alice.id, path_progress(engine, alice.id, path), item.id, False)
    set_review_days(engine, alice.id, (2, 5, 20))
    paper = next(item.id for item in papers.items() if item.kind == "paper")
    mark(engine, alice.id, papers, [paper], "doing", depth="skimmed")
    engine.dispose()


def exported(cli, *options) -> dict:
    """The JSON report of both paths, but for the moment it was made."""
    result = cli(*options, "export", "dl-learning-path", "dl-papers", "-f", "json")
    assert result.status == 0, result
    document = json.loads(result.out)
    del document["generated_at"]
    return document


def test_every_record_survives_backup_and_restore(alice, cli_database, tmp_path):
    record_everything(cli_database)
    file = tmp_path / "backup.json"
    assert alice("backup", file).status == 0

    result = alice("--db", other_db(tmp_path), "restore", file)

    assert (result.status, result.err) == (0, "")
    assert result.out == (  # the summary names every kind of record restored
        f"restored {file}: 1 learner added, 2 items updated, 1 track unfollowed, "
        "3 events added, 1 setting added, 2 evidence records added, 1 time record added, "
        "1 review answer added, 1 resource tick added\n"
    )
    mine, theirs = exported(alice), exported(alice, "--db", other_db(tmp_path))
    assert theirs == mine
    math = next(
        item
        for level in mine["learners"][0]["paths"][0]["levels"]
        for step in level["steps"]
        for item in step["items"]
        if item["id"] == "basic-math"
    )
    assert [proof["value"] for proof in math["evidence"]] == ["https://github.com/alice/math", "40"]
    assert (math["spent_seconds"], math["ticked"]) == (5400, 1)
    assert math["next_review"] is not None
    papers = mine["learners"][0]["paths"][1]
    assert "skimmed" in [
        item["depth"]
        for level in papers["levels"]
        for step in level["steps"]
        for item in step["items"]
    ]
    again = alice("--db", other_db(tmp_path), "restore", file)
    assert again.out == f"nothing to change: {file} has nothing newer than this database\n"


def test_a_missing_file_is_one_line(cli, tmp_path):
    result = cli("restore", tmp_path / "nothing.json")
    assert (result.status, result.out) == (1, "")
    assert result.err == f"tracker: error: no such file: {tmp_path / 'nothing.json'}\n"


def test_a_missing_folder_is_one_line(alice, tmp_path):
    result = alice("backup", tmp_path / "nowhere" / "backup.json")
    assert (result.status, result.out) == (1, "")
    assert result.err == (
        f"tracker: error: the folder for the backup does not exist: {tmp_path / 'nowhere'}\n"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "{file} is truncated or not JSON (line 1, column 1)"),
        (
            '{"format": "tracker-backup", "vers',
            "{file} is truncated or not JSON (line 1, column 30)",
        ),
        ('{"name": "a path"}', "{file} is not a tracker backup"),
        (
            '{"format": "tracker-backup", "version": 3}',
            "{file} has backup version 3; this tracker reads versions 1 and 2",
        ),
    ],
    ids=["not-json", "truncated", "foreign", "version"],
)
def test_a_bad_file_is_refused_before_the_database_is_opened(cli, tmp_path, text, problem):
    file = tmp_path / "bad.json"
    file.write_text(text, encoding="utf-8")
    result = cli("restore", file)
    assert (result.status, result.out) == (1, "")
    assert result.err == f"tracker: error: {problem.format(file=file)}\n"
    assert not (appdirs.data_dir() / "tracker.db").exists()


def test_a_bad_field_leaves_the_database_unchanged(alice, tmp_path):
    file = tmp_path / "backup.json"
    alice("backup", file)
    document = json.loads(file.read_text(encoding="utf-8"))
    document["learners"][0]["progress"][0]["status"] = "finished"
    document["learners"][0]["progress"][0]["updated_at"] = "2999-01-01T00:00:00+00:00"
    file.write_text(json.dumps(document), encoding="utf-8")
    before = item(alice), alice("log", "--json").out

    result = alice("restore", file)

    assert (result.status, result.out) == (1, "")
    assert result.err == (
        f"tracker: error: {file}: learner 1, progress 1: status 'finished' is not one of "
        f"{STATUSES}\n"
    )
    assert (item(alice), alice("log", "--json").out) == before


def test_both_commands_have_help(cli):
    for command in ("backup", "restore"):
        result = cli(command, "--help")
        assert result.status == 0
        assert "FILE" in result.out


def test_an_error_naming_a_file_with_a_line_break_stays_on_one_line(cli, tmp_path):
    missing = tmp_path / "two\nlines.json"
    result = cli("restore", missing)
    assert result.status == 1
    assert result.err.count("\n") == 1
    assert "two\\nlines.json" in result.err
