"""`tracker batch`: commands a line from a file or stdin, each as if run on its own; the first
failure stops the batch with its line number, unless --keep-going."""

from __future__ import annotations

import io
import json
import sys

import pytest

pytestmark = pytest.mark.usefixtures("cli_database")


@pytest.fixture
def script(tmp_path):
    """Write a batch file; returns its name."""

    def write(text: str, name: str = "commands.txt") -> str:
        file = tmp_path / name
        file.write_bytes(text.encode("utf-8"))
        return str(file)

    return write


@pytest.fixture
def stdin(monkeypatch):
    """Feed text to the command's standard input."""

    def feed(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))

    return feed


def statuses(cli, *options: str) -> dict[str, str]:
    document = json.loads(cli(*options, "show", "demo", "--json").out)
    return {
        item["id"]: item["status"]
        for level in document["levels"]
        for step in level["steps"]
        for item in step["items"]
    }


def test_each_line_runs_and_prints_its_output(demo, script):
    result = demo(
        "batch",
        script('done demo/a\ndoing demo/b demo/c\nnote demo/a "start with MNIST"\nnote demo/a\n'),
    )
    assert (result.status, result.err) == (0, "")
    assert result.out.splitlines() == [
        "done    demo/a  (was todo)",
        "doing   demo/b  (was todo)",
        "doing   demo/c  (was todo)",
        "note of demo/a saved",
        "start with MNIST",
    ]
    assert [statuses(demo)[item] for item in "abcd"] == ["done", "doing", "doing", "todo"]


def test_each_line_is_its_own_change_for_undo(demo, script):
    assert demo("batch", script("done demo/a\ndone demo/b\n")).status == 0
    assert demo("undo").out == "undone: demo/b  done -> todo\n"
    assert statuses(demo)["a"] == "done"


def test_comments_blank_lines_and_windows_line_ends_are_skipped(demo, script):
    text = "\ufeff# my plan\r\n\r\n   \r\n  # indented too\r\ndone demo/a\r\n\r\ndone demo/nope\r\n"
    result = demo("batch", script(text))
    assert result.out == "done    demo/a  (was todo)\n"
    assert result.err.startswith("tracker: error: line 7: no item, step or level 'nope'")


@pytest.mark.parametrize("name", [None, "-"])
def test_commands_come_from_stdin_without_a_file_or_with_a_dash(demo, stdin, name):
    stdin("done demo/a\nskip demo/more\n")
    result = demo("batch", *([name] if name else []))
    assert (result.status, result.err) == (0, "")
    assert statuses(demo) == {
        "a": "done", "b": "todo", "c": "todo", "d": "todo", "e": "todo",
        "f": "skipped", "first": "skipped",
    }  # fmt: skip


def test_the_options_before_batch_apply_to_every_line(demo, script):
    assert demo("user", "add", "bob").status == 0
    assert demo("--user", "bob", "batch", script("done demo/a\n")).status == 0
    assert statuses(demo, "--user", "bob")["a"] == "done"
    assert statuses(demo)["a"] == "todo"  # the active learner has nothing


def test_the_first_failure_stops_the_batch_with_its_line_number(demo, script):
    result = demo("batch", script("done demo/a\n\ndone demo/b demo/nope\ndone demo/c\n"))
    assert result.status == 1
    assert result.out == "done    demo/a  (was todo)\n"
    assert result.err == "tracker: error: line 3: no item, step or level 'nope' in path 'demo'\n"
    assert [statuses(demo)[item] for item in "abc"] == ["done", "todo", "todo"]


def test_a_line_that_is_no_valid_command_stops_with_status_2(demo, script):
    result = demo("batch", script("done demo/a\ndone\ndone demo/b\n"))
    assert result.status == 2
    assert result.err == "tracker: error: line 2: done: Missing argument 'REF...'.\n"
    assert statuses(demo)["b"] == "todo"
    result = demo("batch", script("dnoe demo/b\n"))
    assert (result.status, result.err) == (
        2,
        "tracker: error: line 1: No such command 'dnoe'. Did you mean 'note', 'done'?\n",
    )


def test_keep_going_runs_every_line_and_reports_each_failure(demo, script):
    result = demo(
        "batch", "--keep-going", script("done demo/nope\ndone demo/a\nshow\ndone demo/b\n")
    )
    assert result.status == 2  # the highest of 1 and 2
    assert result.err.splitlines() == [
        "tracker: error: line 1: no item, step or level 'nope' in path 'demo'",
        "tracker: error: line 3: show: Missing argument 'PATH_ID'.",
        "tracker: error: 2 of 4 commands failed (lines 1, 3)",
    ]
    assert [statuses(demo)[item] for item in "ab"] == ["done", "done"]
    result = demo("batch", "--keep-going", script("done demo/c\ndone demo/nope\n"))
    assert result.status == 1
    assert result.err.endswith("tracker: error: 1 of 2 commands failed (line 2)\n")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("batch other.txt", "batch cannot run inside a batch"),
        ("tui demo", "tui is interactive; a batch runs commands only"),
        ("note demo/a --edit", "note --edit opens an editor; give the text instead"),
        ("--user bob done demo/b", "'--user': options of tracker itself go before `batch`"),
    ],
)
def test_nested_batches_interactive_commands_and_global_options_are_refused(
    demo, script, monkeypatch, line, message
):
    import tracker.editor
    import tracker.tui.run

    def interactive(*args, **kwargs):
        raise AssertionError("started something interactive")

    monkeypatch.setattr(tracker.tui.run, "run_app", interactive)
    monkeypatch.setattr(tracker.editor, "edit_text", interactive)
    script("done demo/c\n", name="other.txt")
    result = demo("batch", script(f"done demo/a\n{line}\ndone demo/b\n"))
    assert result.status == 2
    assert result.err.startswith(f"tracker: error: line 2: {message}")
    assert result.err.count("\n") == 1
    assert [statuses(demo)[item] for item in "abc"] == ["done", "todo", "todo"]


def test_a_missing_file_is_one_line_and_runs_nothing(demo, tmp_path):
    result = demo("batch", tmp_path / "missing.txt")
    assert (result.status, result.out) == (1, "")
    assert (
        result.err
        == f"tracker: error: cannot read {tmp_path / 'missing.txt'}: No such file or directory\n"
    )


def test_bad_shell_quoting_is_one_line_with_its_line_number(demo, script):
    result = demo("batch", script('done demo/a\n# "\nnote demo/a "unclosed\ndone demo/b\n'))
    assert (result.status, result.out) == (2, "done    demo/a  (was todo)\n")
    assert result.err == "tracker: error: line 3: No closing quotation (shell quoting)\n"
    assert statuses(demo)["b"] == "todo"
    result = demo("batch", "--keep-going", script('note demo/a "x\ndone demo/b\n'))
    assert result.status == 2
    assert statuses(demo)["b"] == "done"


def test_text_that_is_not_utf8_is_one_line(demo, tmp_path):
    file = tmp_path / "latin1.txt"
    file.write_bytes(b"done demo/a\nnote demo/a caf\xe9\n")
    result = demo("batch", file)
    assert (result.status, result.err) == (2, "tracker: error: line 2: not UTF-8 text\n")


def test_every_connection_a_line_opens_is_closed_after_it(demo, script):
    """Each line makes its own engine; a batch of hundreds of lines must not hold hundreds of
    connections (PostgreSQL refuses clients past max_connections)."""
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    opened, closed = [], []

    def connected(*args) -> None:
        opened.append(args)

    def disconnected(*args) -> None:
        closed.append(args)

    event.listen(Pool, "connect", connected)
    event.listen(Pool, "close", disconnected)
    try:
        result = demo("batch", script("done demo/a\nnext demo\nlog\nundo\nuser list\n"))
    finally:
        event.remove(Pool, "connect", connected)
        event.remove(Pool, "close", disconnected)
    assert result.status == 0, result.err
    assert len(opened) >= 5
    assert len(closed) == len(opened)
