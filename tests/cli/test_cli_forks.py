"""`tracker fork` (a copy of a path under a new id, progress carried over on request) and
`tracker reset` (start a path over, after asking; undo brings it back)."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime

import pytest

from tests.cli.conftest import Clock
from tests.conftest import SHIPPED
from tracker import appdirs

pytestmark = pytest.mark.usefixtures("cli_database")


def shown(cli, path_id: str) -> dict:
    return json.loads(cli("show", path_id, "--json").out)


def items(document) -> dict[str, tuple[str, str]]:
    """Each item's status and note."""
    return {
        item["id"]: (item["status"], item["note"])
        for level in document["levels"]
        for step in level["steps"]
        for item in step["items"]
    }


@pytest.fixture
def learner(cli):
    assert cli("done", "dl-guide/entry-theory").status == 0  # a step of six items
    assert cli("doing", "dl-guide/image-data").status == 0
    assert cli("note", "dl-guide/small-datasets", "MNIST first").status == 0
    return cli


def test_a_fork_is_the_same_file_under_a_new_id_and_title(learner):
    result = learner("fork", "dl-guide", "my-guide", "--no-progress")
    copy = appdirs.user_paths_dir() / "my-guide.yaml"
    assert (result.status, result.out) == (
        0,
        f"wrote {copy} (path 'my-guide', \"A guide to the field of deep learning (my copy)\", "
        "a copy of 'dl-guide')\n",
    )
    original = (SHIPPED / "dl-guide.yaml").read_text(encoding="utf-8")
    assert copy.read_text(encoding="utf-8") == (
        original.replace("\nid: dl-guide\n", "\nid: my-guide\n", 1)
        .replace(
            'en: "A guide to the field of deep learning"',
            'en: "A guide to the field of deep learning (my copy)"',
            1,
        )
        .replace('zh: "深度学习领域指南"', 'zh: "深度学习领域指南（我的副本）"', 1)
    )
    titles = {path["id"]: path["title"] for path in json.loads(learner("paths", "--json").out)}
    assert titles["my-guide"] == "A guide to the field of deep learning (my copy)"
    assert titles["dl-guide"] == "A guide to the field of deep learning"
    listed = learner("paths").out.splitlines()
    assert any(line.startswith("my-guide ") and "(my copy)" in line for line in listed)
    assert set(items(shown(learner, "my-guide"))) == set(items(shown(learner, "dl-guide")))
    assert all(status == "todo" for status, _ in items(shown(learner, "my-guide")).values())


def test_a_fork_takes_the_title_given(learner):
    result = learner("fork", "dl-papers", "my-papers", "--title", "Papers I read", "--no-progress")
    copy = appdirs.user_paths_dir() / "my-papers.yaml"
    assert result.out == (
        f"wrote {copy} (path 'my-papers', \"Papers I read\", a copy of 'dl-papers')\n"
    )
    assert shown(learner, "my-papers")["title"] == "Papers I read"
    empty = learner("fork", "dl-papers", "other", "--title", " ")
    assert (empty.status, empty.err) == (1, "tracker: error: a title cannot be empty\n")


def test_progress_is_carried_over_on_request_and_undo_takes_it_back(learner):
    result = learner("fork", "dl-guide", "my-guide", "--progress")
    assert result.out.endswith("carried 8 items over (tracker undo takes them back)\n")
    assert items(shown(learner, "my-guide")) == items(shown(learner, "dl-guide"))
    learner("undo")
    assert all(state == ("todo", None) for state in items(shown(learner, "my-guide")).values())
    assert items(shown(learner, "dl-guide"))["image-data"] == ("doing", None)  # the original's


def test_in_a_script_progress_is_not_carried_unless_asked(learner):
    result = learner("fork", "dl-guide", "my-guide")
    assert result.status == 0
    assert "carried" not in result.out
    assert items(shown(learner, "my-guide"))["image-data"] == ("todo", None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", "mine"), "no path 'nope'"),
        (("dl-guide", "Mine!"), "invalid path id 'Mine!'"),
        (("dl-guide", "dl-papers"), "a path 'dl-papers' is already loaded (from "),
    ],
    ids=["unknown-path", "bad-id", "taken-id"],
)
def test_a_fork_that_cannot_be_made_is_one_line(learner, args, message):
    result = learner("fork", *args)
    assert result.status == 1
    assert result.err.startswith(f"tracker: error: {message}")
    assert result.err.count("\n") == 1
    assert not appdirs.user_paths_dir().exists() or not any(appdirs.user_paths_dir().iterdir())


def test_a_second_fork_of_the_same_id_needs_force(learner):
    assert learner("fork", "dl-guide", "mine", "--no-progress").status == 0
    again = learner("fork", "dl-papers", "mine", "--no-progress")
    assert again.status == 1
    assert "already loaded" in again.err
    assert learner("fork", "dl-papers", "mine", "--no-progress", "--force").status == 0
    assert shown(learner, "mine")["title"] == shown(learner, "dl-papers")["title"] + " (my copy)"


def test_reset_asks_first_and_in_a_script_wants_yes(learner):
    before = shown(learner, "dl-guide")
    refused = learner("reset", "dl-guide")
    assert (refused.status, refused.err) == (
        1,
        "tracker: error: reset asks first; add --yes to reset without asking\n",
    )
    assert shown(learner, "dl-guide") == before


def test_reset_clears_statuses_and_notes_and_undo_brings_them_back(learner):
    before = shown(learner, "dl-guide")
    result = learner("reset", "dl-guide", "--yes")
    assert result.out == "reset 8 items on 'dl-guide' (tracker undo brings them back)\n"
    assert all(state == ("todo", None) for state in items(shown(learner, "dl-guide")).values())
    assert learner("reset", "dl-guide", "-y").out == "nothing to reset: no progress on 'dl-guide'\n"
    learner("undo")
    assert shown(learner, "dl-guide") == before  # done dates and notes too


class Typed(io.StringIO):
    """What a learner types at a terminal."""

    def isatty(self) -> bool:
        return True


def test_at_a_terminal_fork_asks_about_progress(learner, monkeypatch):
    monkeypatch.setattr("sys.stdin", Typed("y\n"))
    result = learner("fork", "dl-guide", "my-guide")
    assert "Carry your progress on 'dl-guide' over to 'my-guide'? [Y/n]" in result.out
    assert items(shown(learner, "my-guide"))["image-data"] == ("doing", None)


def test_at_a_terminal_reset_asks_and_no_keeps_everything(learner, monkeypatch):
    before = shown(learner, "dl-guide")
    monkeypatch.setattr("sys.stdin", Typed("n\n"))
    result = learner("reset", "dl-guide")
    assert "Clear " in result.out
    assert "progress on 'dl-guide' (8 items)? [y/N]" in result.out
    assert (result.status, result.err) == (1, "tracker: error: nothing changed\n")
    assert shown(learner, "dl-guide") == before
    monkeypatch.setattr("sys.stdin", Typed("y\n"))
    assert learner("reset", "dl-guide").status == 0
    assert items(shown(learner, "dl-guide"))["image-data"] == ("todo", None)


def report_items(cli, path_id: str, fmt: str) -> str:
    result = cli("export", path_id, "--format", fmt)
    assert result.status == 0, result.err
    return result.out


def test_reports_follow_a_fork_and_a_reset(learner):
    """The carried progress is in every report of the copy; a reset empties the reports of
    the path and its undo fills them again."""
    learner("fork", "dl-guide", "my-guide", "--progress")
    document = json.loads(report_items(learner, "my-guide", "json"))
    (path,) = document["learners"][0]["paths"]
    assert path["path"] == "my-guide"
    assert items(path) == items(shown(learner, "dl-guide"))
    assert "- [x] " in report_items(learner, "my-guide", "md")
    assert "MNIST first" in report_items(learner, "my-guide", "html")
    table = report_items(learner, "my-guide", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(table)))
    assert sum(row["status"] == "done" for row in rows) == 6

    learner("reset", "my-guide", "--yes")
    (path,) = json.loads(report_items(learner, "my-guide", "json"))["learners"][0]["paths"]
    assert {status for status, _ in items(path).values()} == {"todo"}
    assert "- [x] " not in report_items(learner, "my-guide", "md")
    learner("undo")
    (path,) = json.loads(report_items(learner, "my-guide", "json"))["learners"][0]["paths"]
    assert items(path) == items(shown(learner, "dl-guide"))


# -- carried progress is counted once -------------------------------------------------------

PAPERS = [
    "deep-learning-book", "lecun-bengio-hinton-deep-learning-survey",
    "fast-learning-algorithm-deep-belief-nets", "reducing-dimensionality-with-neural-networks",
    "alexnet", "vggnet", "googlenet", "resnet",
]  # fmt: skip


@pytest.fixture
def frozen(monkeypatch):
    """Now is a Wednesday, 10:00 UTC, in every service the commands call (UTC local)."""
    import tracker.reports.gather as gather
    import tracker.services.clock as clock_module
    import tracker.services.learners as learners
    import tracker.services.progress as progress
    import tracker.services.reviews as reviews
    import tracker.services.stats as stats

    now = Clock(datetime(2026, 11, 4, 10, 0, tzinfo=UTC))
    for module in (clock_module, learners, progress, reviews, stats, gather):
        monkeypatch.setattr(module, "utc_now", now)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield now
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def reader(cli, frozen):
    """Eight papers read on Monday and today, one being read: the scene of issue 15."""
    frozen.advance(days=-2)
    assert cli("done", *(f"dl-papers/{paper}" for paper in PAPERS[:3])).status == 0
    frozen.advance(days=2)
    assert cli("done", *(f"dl-papers/{paper}" for paper in PAPERS[3:])).status == 0
    assert cli("doing", "dl-papers/end-to-end-speech-recognition-rnn").status == 0
    return cli


def week(cli) -> dict:
    document = json.loads(cli("stats", "--json").out)
    overall = document["overall"]
    return {
        "done_this_week": overall["done_this_week"],
        "pace_per_week": overall["pace_per_week"],
        **{key: document[key] for key in ("current_streak", "longest_streak", "active_days")},
        "reviews_due_this_week": document["reviews_due_this_week"],
    }


def test_a_fork_with_progress_leaves_the_week_as_it_was(reader, frozen):
    before = week(reader)
    assert before == {
        "done_this_week": 8, "pace_per_week": 2.0, "current_streak": 1, "longest_streak": 1,
        "active_days": 2, "reviews_due_this_week": 8,
    }  # fmt: skip
    frozen.advance(days=1)  # forked on Thursday, a day without work
    result = reader("fork", "dl-papers", "my-papers", "--progress")
    assert result.out.endswith("carried 9 items over (tracker undo takes them back)\n")
    assert week(reader) == before  # Thursday is no active day: no streak of 2 or 3 days
    paths = {p["path"]: p for p in json.loads(reader("stats", "--json").out)["paths"]}
    assert paths["my-papers"]["completion"]["done"] == 8
    assert (paths["my-papers"]["done_this_week"], paths["my-papers"]["pace_per_week"]) == (0, 0)
    assert reader("stats", "my-papers", "--json").status == 0


def test_review_lists_a_carried_item_once_on_the_fork(reader, frozen):
    reader("fork", "dl-papers", "my-papers", "--progress")
    frozen.advance(days=2)  # every paper due for its first review
    rows = json.loads(reader("review", "--json").out)
    assert sorted(row["id"] for row in rows) == sorted(PAPERS)
    assert {row["path"] for row in rows} == {"my-papers"}
    lines = reader("review").out.splitlines()
    assert len(lines) == len(set(lines)) == 8
    assert reader("review", "my-papers/alexnet", "--pass").status == 0
    shown = reader("review", "dl-papers/alexnet").out  # one schedule: the original follows
    assert shown.startswith("dl-papers/alexnet  review 2 of 4")
    assert len(json.loads(reader("review", "--json").out)) == 7


def test_a_report_of_both_counts_the_carried_progress_once(reader):
    reader("fork", "dl-papers", "my-papers", "--progress")
    report = reader("export", "dl-papers", "my-papers", "--format", "json")
    paths = json.loads(report.out)["learners"][0]["paths"]
    figures = {
        path["path"]: (path["figures"]["done_this_week"], path["reviews_due_this_week"])
        for path in paths
    }
    assert figures == {"dl-papers": (8, 0), "my-papers": (0, 8)}
