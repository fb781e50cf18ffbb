"""The progress commands as a learner uses them: marks, notes, show, next, undo, log,
follows, learners, and the errors each can meet."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.usefixtures("cli_database")


def shown(cli, path_id="demo", *options):
    return json.loads(cli(*options, "show", path_id, "--json").out)


def statuses(document) -> dict[str, str]:
    return {
        item["id"]: item["status"]
        for level in document["levels"]
        for step in level["steps"]
        for item in step["items"]
    }


def test_marking_items_steps_and_levels(demo):
    result = demo("done", "demo/a", "demo/vision")
    assert result.status == 0
    assert result.out.splitlines() == [
        "done    demo/a  (was todo)", "done    demo/d  (was todo)", "done    demo/e  (was todo)",
    ]  # fmt: skip
    assert demo("skip", "demo/more").out.count("skipped") == 2
    assert demo("doing", "demo/b").status == 0
    assert statuses(shown(demo)) == {
        "a": "done", "b": "doing", "c": "todo", "d": "done", "e": "done",
        "f": "skipped", "first": "skipped",
    }  # fmt: skip
    assert demo("todo", "demo/a").out == "todo    demo/a  (was done)\n"
    assert demo("todo", "demo/a").out == "nothing to change: already todo\n"


def test_an_item_id_wins_over_a_step_of_the_same_id(demo):
    assert demo("done", "demo/first").out == "done    demo/first  (was todo)\n"


def test_many_changes_are_summed_up(cli):
    result = cli("done", "dl-guide/intermediate")
    assert result.out.splitlines()[-1] == "... and 36 more items"


def test_a_bad_reference_changes_nothing(demo):
    result = demo("done", "demo/a", "demo/nope")
    assert (result.status, result.out) == (1, "")
    assert result.err == "tracker: error: no item, step or level 'nope' in path 'demo'\n"
    assert statuses(shown(demo))["a"] == "todo"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("dl-gide/small-datasets", "no path 'dl-gide' (did you mean 'dl-guide'?)"),
        (
            "dl-guide/small-dataset",
            "no item, step or level 'small-dataset' in path 'dl-guide' "
            "(did you mean 'small-datasets'",
        ),
        ("dl-guide", "'dl-guide' is not a reference; write PATH_ID/ITEM_ID, or a step or level id"),
        ("/x", "'/x' is not a reference"),
    ],
)
def test_unknown_references_are_one_line_with_suggestions(cli, ref, message):
    result = cli("done", ref)
    assert result.status == 1
    assert result.err.startswith(f"tracker: error: {message}")
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_notes(demo, tmp_path, monkeypatch):
    assert demo("note", "demo/a").out == "demo/a has no note\n"
    assert demo("note", "demo/a", "chapter 1 first").out == "note of demo/a saved\n"
    assert demo("note", "demo/a").out == "chapter 1 first\n"
    assert shown(demo)["levels"][0]["steps"][0]["items"][0]["note"] == "chapter 1 first"
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('\\nand chapter 2\\n')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    assert demo("note", "demo/a", "--edit").out == "note of demo/a saved\n"
    assert demo("note", "demo/a").out == "chapter 1 first\nand chapter 2\n"
    assert demo("note", "demo/a", "").out == "note of demo/a cleared\n"
    step = demo("note", "demo/vision", "x")
    assert (step.status, step.err) == (
        1,
        "tracker: error: 'demo/vision' is a step or level; a note belongs to one item\n",
    )


def test_show_as_text(demo):
    demo("done", "demo/a")
    demo("unfollow", "demo", "nlp")
    lines = demo("show", "demo").out.splitlines()
    assert lines[0] == "Demo  25% (1/4)"
    assert "    [x] a  A" in lines
    assert "    [ ] c  C (optional)" in lines
    assert "    [ ] f  F  [nlp]" in lines


def test_show_json_is_the_documented_contract(demo):
    document = shown(demo)
    assert list(document) == ["path", "title", "completion", "levels", "tracks", "orphans"]
    item = document["levels"][0]["steps"][0]["items"][0]
    assert list(item) == [
        "id",
        "title",
        "kind",
        "status",
        "tracks",
        "optional",
        "note",
        "started_at",
        "done_at",
        "depth",
        "stars",
        "spent_seconds",
        "estimated_minutes",
        "resources",
        "ticked",
        "evidence",
        "next_review",
        "learnt",
    ]
    assert list(document["completion"]) == ["done", "skipped", "counted", "percent"]
    assert [t["id"] for t in document["tracks"]] == ["cv", "nlp"]


def test_show_in_another_language(cli):
    assert shown(cli, "dl-guide", "--lang", "zh")["title"] == "深度学习领域指南"


def test_next(demo):
    demo("doing", "demo/e")
    assert demo("next", "demo", "--limit", "2").out.splitlines() == [
        "[~] demo/e  E",
        "[ ] demo/a  A",
        "... and 5 more items (--limit 0 for all)",
    ]
    [group] = json.loads(demo("next", "demo", "--json", "--limit", "0").out)
    assert (group["path"], group["title"], group["more"]) == ("demo", "Demo", 0)
    assert group["last_activity"] is not None
    rows = group["items"]
    assert [row["id"] for row in rows] == ["e", "a", "d", "first", "b", "f", "c"]
    assert rows[-2] == {
        "path": "demo",
        "id": "f",
        "title": "F",
        "kind": None,
        "status": "todo",
        "optional": False,
        "waiting_for": ["d"],
    }
    assert [row["optional"] for row in rows] == [False] * 6 + [True]
    assert "(after a)" in demo("next", "demo", "--limit", "0").out
    assert json.loads(demo("next", "demo", "-n", "1", "--json").out)[0]["more"] == 6


def test_next_puts_required_items_before_optional_ones_and_says_which(demo):
    demo("doing", "demo/c")  # optional, even started
    lines = demo("next", "demo", "-n", "0").out.splitlines()
    assert lines[0] == "[ ] demo/a  A"
    assert lines[-1] == "[~] demo/c  C (optional)"
    assert sum("(optional)" in line for line in lines) == 1


def test_next_without_a_path_shows_every_started_path_the_last_changed_first(demo):
    demo("doing", "dl-guide/small-datasets")
    demo("doing", "demo/e")
    guide = json.loads(demo("show", "dl-guide", "--json").out)["title"]
    lines = demo("next").out.splitlines()
    assert lines[:8] == [
        "demo  Demo",
        "  [~] demo/e  E",
        "  [ ] demo/a  A",
        "  [ ] demo/d  D",
        "  [ ] demo/first  An item named like a step",
        "  [ ] demo/b  B  (after a)",
        "  ... and 2 more items (--limit 0 for all)",
        "",
    ]
    assert lines[8] == f"dl-guide  {guide}"
    assert lines[9] == "  [~] dl-guide/small-datasets  Small datasets"
    groups = json.loads(demo("next", "--json").out)
    assert [group["path"] for group in groups] == ["demo", "dl-guide"]
    assert all(len(group["items"]) == 5 and group["more"] > 0 for group in groups)
    demo("done", "dl-guide/small-datasets")  # now the guide was changed last
    groups = json.loads(demo("next", "--json", "-n", "0").out)
    assert [group["path"] for group in groups] == ["dl-guide", "demo"]
    assert groups[0]["last_activity"] > groups[1]["last_activity"]
    assert [group["more"] for group in groups] == [0, 0]
    assert "small-datasets" not in {row["id"] for row in groups[0]["items"]}


def test_next_leaves_out_a_path_with_nothing_left(demo):
    demo("done", "demo/basics", "demo/more")
    assert demo("next").out == "nothing left to do on the tracks you follow\n"
    assert json.loads(demo("next", "--json").out) == []
    demo("doing", "dl-guide/small-datasets")
    assert [g["path"] for g in json.loads(demo("next", "--json").out)] == ["dl-guide"]


def test_undo(demo):
    assert demo("undo").out == "nothing to undo\n"
    demo("done", "demo/a", "demo/b")
    demo("note", "demo/a", "x")
    assert demo("undo").out == "undone: demo/a  note\n"
    assert sorted(demo("undo").out.splitlines()) == [
        "undone: demo/a  done -> todo",
        "undone: demo/b  done -> todo",
    ]
    assert set(statuses(shown(demo)).values()) == {"todo"}


def test_log(demo):
    demo("done", "demo/a")
    demo("undo")
    lines = demo("log").out.splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == [
        "demo/a  todo -> done (undone)",
        "demo/a  done -> todo (undo)",
    ]
    rows = json.loads(demo("log", "--json").out)
    assert [(r["item"], r["from"], r["to"], r["undo"], r["undone"]) for r in rows] == [
        ("a", "todo", "done", False, True), ("a", "done", "todo", True, False),
    ]  # fmt: skip
    assert json.loads(demo("log", "--since", "2999-01-01", "--json").out) == []
    bad = demo("log", "--since", "yesterday")
    assert (bad.status, bad.err) == (
        2,
        "tracker: error: invalid date 'yesterday'; write it as YYYY-MM-DD\n",
    )


def test_follow_and_unfollow(demo):
    assert demo("unfollow", "demo", "cv", "nlp").out == "not following cv, nlp in demo\n"
    assert shown(demo)["completion"]["counted"] == 3
    assert demo("follow", "demo", "cv").out == "following cv in demo\n"
    assert [t["followed"] for t in shown(demo)["tracks"]] == [True, False]
    wrong = demo("follow", "demo", "rl")
    assert (wrong.status, wrong.err) == (
        1,
        "tracker: error: path 'demo' has no track 'rl' (its tracks: cv, nlp)\n",
    )


def test_learners(demo, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "grace")
    assert demo("user", "list").out == "* grace\n"
    assert demo("user", "add", "alice").out == "added learner alice\n"
    duplicate = demo("user", "add", "alice")
    assert (duplicate.status, duplicate.err) == (
        1,
        "tracker: error: a learner named 'alice' already exists\n",
    )
    demo("done", "demo/a")
    assert demo("--user", "alice", "next", "demo", "-n", "1").out.splitlines()[0] == "[ ] demo/a  A"
    monkeypatch.setenv("TRACKER_USER", "alice")
    assert statuses(shown(demo))["a"] == "todo"
    monkeypatch.delenv("TRACKER_USER")
    assert demo("user", "use", "alice").out == "now acting as alice\n"
    assert demo("user", "list").out == "* alice\n  grace\n"
    assert statuses(shown(demo))["a"] == "todo"
    unknown = demo("--user", "bob", "show", "demo")
    assert (unknown.status, unknown.err) == (
        1,
        "tracker: error: no learner 'bob'; add one with: tracker user add bob\n",
    )


@pytest.mark.parametrize("name", ["", "a/b", " "])
def test_a_bad_learner_name_is_refused(cli, name):
    assert cli("user", "add", name).status == 1


@pytest.mark.parametrize(
    ("name", "shown"),
    [("ev\x1b[2Jil", "ev\\x1b[2Jil"), ("a\tb", "a\\tb"), ("李\u2028雷", "李\\u2028雷")],
    ids=["escape", "tab", "line-separator"],
)
def test_a_learner_name_with_control_characters_is_refused(cli, name, shown):
    """A name is printed in terminals and reports, where an escape could rewrite the screen."""
    result = cli("user", "add", name)
    assert (result.status, result.err) == (
        1,
        f"tracker: error: learner names cannot hold control characters: '{shown}'\n",
    )
    assert name not in cli("user", "list").out


@pytest.mark.sqlite_only
def test_another_database_by_url_and_by_environment(cli, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    cli("--db", url, "done", "dl-guide/small-datasets")
    assert statuses(shown(cli, "dl-guide"))["small-datasets"] == "todo"
    monkeypatch.setenv("TRACKER_DB", url)
    assert statuses(shown(cli, "dl-guide"))["small-datasets"] == "done"


def _garbage(folder):
    folder.mkdir()
    (folder / "x.db").write_bytes(b"garbage" * 500)


def _newer_schema(folder):
    folder.mkdir()
    with sqlite3.connect(folder / "x.db") as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999')")


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda folder: None, "the folder of the database does not exist"),
        (_garbage, "database error: file is not a database"),
        (_newer_schema, "this database has schema 9999, newer than this tracker knows"),
    ],
    ids=["missing-folder", "not-a-database", "newer-schema"],
)
def test_database_problems_are_one_line(cli, tmp_path, prepare, message):
    folder = tmp_path / "db"
    prepare(folder)
    result = cli("--db", f"sqlite:///{folder / 'x.db'}", "done", "dl-guide/small-datasets")
    assert result.status == 1
    assert result.err.startswith(f"tracker: error: {message}")
    assert result.err.count("\n") == 1


def test_an_editor_that_saves_nothing_or_fails(demo, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    assert demo("note", "demo/a", "--edit").out == "note unchanged\n"
    monkeypatch.setenv("EDITOR", "false")
    failed = demo("note", "demo/a", "--edit")
    assert (failed.status, failed.err) == (
        1,
        "tracker: error: the editor 'false' failed (exit status 1)\n",
    )
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    missing = demo("note", "demo/a", "--edit")
    assert missing.status == 1
    assert missing.err.startswith("tracker: error: cannot start the editor 'no-such-editor-here'")


def test_as_a_whole_process_marks_persist_and_errors_exit_1(isolated_home):
    """The console script's path: main() without arguments, which freezes the heap at exit."""
    from tests.conftest import REPO, environment

    def tracker(*args):
        return subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            capture_output=True, text=True, cwd=REPO, env=environment(), check=False,
        )  # fmt: skip

    marked = tracker("done", "dl-guide/small-datasets")
    assert (marked.returncode, marked.stdout) == (
        0,
        "done    dl-guide/small-datasets  (was todo)\n",
    )
    document = json.loads(tracker("show", "dl-guide", "--json").stdout)
    assert document["levels"][0]["steps"][0]["items"][0]["status"] == "done"
    wrong = tracker("done", "dl-guide/nope")
    assert (wrong.returncode, wrong.stderr.count("\n")) == (1, 1)


@pytest.mark.sqlite_only
def test_a_writer_that_cannot_get_the_lock_says_busy_and_changes_nothing(
    cli, tmp_path, monkeypatch
):
    from tracker.store import engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    database = tmp_path / "busy.db"
    url = f"sqlite:///{database}"
    assert cli("--db", url, "done", "dl-guide/small-datasets").status == 0
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        result = cli("--db", url, "done", "dl-guide/image-data")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (result.status, result.err) == (1, "tracker: error: database busy; nothing changed\n")
    shown = json.loads(cli("--db", url, "show", "dl-guide", "--json").out)
    done = [i["id"] for lv in shown["levels"] for s in lv["steps"] for i in s["items"]
            if i["status"] == "done"]  # fmt: skip
    assert done == ["small-datasets"]
