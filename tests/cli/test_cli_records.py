"""What a learner records beyond statuses, from the command line: evidence of done items,
reading depth of papers, time spent, spaced reviews, resource ticks; and how show, next,
undo, log and batch carry them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from tests.cli.conftest import ok

pytestmark = pytest.mark.usefixtures("cli_database")

PAPER = "dl-papers/alexnet"  # a paper with one resource, rated 5 stars
BOOK = "dl-papers/deep-learning-book"
GUIDE_ITEM = "dl-guide/small-datasets"  # two resources
ALEXNET = "Imagenet classification with deep convolutional neural networks"


def failed(result, message: str) -> None:
    """A one-line error with exit status 1 and nothing on stdout."""
    assert (result.status, result.out) == (1, ""), result
    assert result.err == f"tracker: error: {message}\n"


def as_json(cli, *args: str):
    return json.loads(ok(cli(*args, "--json")).out)


def item_of(cli, ref: str) -> dict:
    """The item as `show PATH_ID --json` has it."""
    path_id, _, item_id = ref.partition("/")
    document = as_json(cli, "show", path_id)
    return next(
        item
        for level in document["levels"]
        for step in level["steps"]
        for item in step["items"]
        if item["id"] == item_id
    )


# -- evidence -----------------------------------------------------------------------------


def test_done_with_evidence_prints_what_it_attached(demo, tmp_path):
    notebook = tmp_path / "mnist.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    result = ok(
        demo(
            "done",
            "demo/a",
            "--evidence",
            "https://github.com/me/mnist",
            "--evidence",
            notebook,
            "--metric",
            "mnist-accuracy = 0.98",
        )
    )
    assert result.out.splitlines() == [
        "done    demo/a  (was todo)",
        f"evidence added to demo/a: https://github.com/me/mnist, {notebook}, mnist-accuracy=0.98",
    ]
    lines = ok(demo("evidence", "demo/a")).out.splitlines()
    assert lines == [
        "1  link    https://github.com/me/mnist  (" + lines[0].rsplit("(", 1)[1],
        f"2  file    {notebook}  (" + lines[1].rsplit("(", 1)[1],
        "3  metric  mnist-accuracy=0.98  (" + lines[2].rsplit("(", 1)[1],
    ]
    rows = as_json(demo, "evidence", "demo/a")
    assert [list(row) for row in rows] == [["number", "kind", "name", "value", "at"]] * 3
    assert [(r["number"], r["kind"], r["name"], r["value"]) for r in rows] == [
        (1, "link", None, "https://github.com/me/mnist"),
        (2, "file", None, str(notebook)),
        (3, "metric", "mnist-accuracy", "0.98"),
    ]
    assert datetime.fromisoformat(rows[0]["at"]).utcoffset() == timedelta(0)


def test_a_relative_file_is_kept_absolute(demo, tmp_path, monkeypatch):
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    monkeypatch.chdir(tmp_path)
    ok(demo("done", "demo/a", "--evidence", "report.pdf"))
    assert as_json(demo, "evidence", "demo/a")[0]["value"] == str(tmp_path / "report.pdf")


def test_evidence_on_an_item_already_done_is_still_added(demo):
    ok(demo("done", "demo/a"))
    again = ok(demo("done", "demo/a", "--metric", "loss=0.1"))
    assert again.out == "already done; evidence added to demo/a: loss=0.1\n"
    same = ok(demo("done", "demo/a", "--metric", "loss=0.1"))
    assert same.out == "already done; evidence already there: loss=0.1\n"
    assert len(as_json(demo, "evidence", "demo/a")) == 1
    assert demo("done", "demo/a").out == "nothing to change: already done\n"


def test_evidence_for_a_step_goes_to_each_of_its_items(demo):
    result = ok(demo("done", "demo/vision", "--evidence", "https://example.org/run/7"))
    assert result.out.splitlines()[-1] == ("evidence added to 2 items: https://example.org/run/7")
    for ref in ("demo/d", "demo/e"):
        assert [row["value"] for row in as_json(demo, "evidence", ref)] == [
            "https://example.org/run/7"
        ]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--evidence",
            "no-such-notes.md",
            "evidence 'no-such-notes.md' is neither a link (http:// or https://) nor an "
            "existing file",
        ),
        (
            "--evidence",
            "ftp://example.org/x",
            "evidence 'ftp://example.org/x' is a link tracker cannot keep: use http or https",
        ),
        ("--metric", "accuracy", "metric 'accuracy' is not NAME=VALUE (for example accuracy=0.91)"),
        ("--metric", "=0.9", "metric '=0.9' is not NAME=VALUE (for example accuracy=0.91)"),
    ],
    ids=["missing-file", "ftp-link", "metric-without-value", "metric-without-name"],
)
def test_bad_evidence_changes_nothing(demo, option, value, message):
    failed(demo("done", "demo/a", "demo/b", option, value), message)
    assert item_of(demo, "demo/a")["status"] == "todo"
    assert as_json(demo, "evidence", "demo/a") == []


def test_removing_evidence(demo):
    ok(demo("done", "demo/a", "--metric", "a=1", "--metric", "b=2", "--metric", "c=3"))
    assert ok(demo("evidence", "demo/a", "--remove", "2")).out == (
        "removed evidence 2 of demo/a: b=2\n"
    )
    assert [row["name"] for row in as_json(demo, "evidence", "demo/a")] == ["a", "c"]
    rows = as_json(demo, "evidence", "demo/a", "--remove", "1")  # the list that is left
    assert [(row["number"], row["name"]) for row in rows] == [(1, "c")]
    failed(
        demo("evidence", "demo/a", "--remove", "5"),
        "'a' has no evidence 5 (it has 1); nothing changed",
    )
    assert demo("evidence", "demo/a", "--remove", "0").status == 2  # not a number from 1
    assert ok(demo("evidence", "demo/b")).out == (
        "demo/b has no evidence; add some with: tracker done demo/b --evidence URL\n"
    )
    failed(
        demo("evidence", "demo/vision"),
        "'demo/vision' is a step or level; evidence belongs to one item",
    )


def test_undoing_a_mark_keeps_its_evidence(demo):
    ok(demo("done", "demo/a", "--metric", "acc=0.9"))
    ok(demo("undo"))
    assert item_of(demo, "demo/a")["status"] == "todo"
    assert [row["value"] for row in as_json(demo, "evidence", "demo/a")] == ["0.9"]


# -- reading depth ------------------------------------------------------------------------


def test_reading_depth_of_a_paper(cli):
    assert ok(cli("doing", PAPER, "--depth", "skimmed")).out == (
        f"doing   {PAPER}  skimmed  (was todo)\n"
    )
    assert (item_of(cli, PAPER)["status"], item_of(cli, PAPER)["depth"]) == ("doing", "skimmed")
    assert ok(cli("done", PAPER)).out == f"done    {PAPER}  (was doing)\n"
    assert item_of(cli, PAPER)["depth"] == "read"  # done means read
    assert ok(cli("done", PAPER, "--depth", "implemented")).out == (
        f"done    {PAPER}  implemented  (was done, read)\n"
    )
    assert ok(cli("done", PAPER, "--depth", "implemented")).out == (
        "nothing to change: already done (implemented)\n"
    )
    assert item_of(cli, PAPER)["depth"] == "implemented"
    assert item_of(cli, BOOK)["depth"] is None  # not a paper: no depth


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("done", PAPER, "--depth", "skimmed"),
            "a paper skimmed is doing, not done: use tracker doing REF --depth skimmed; "
            "nothing changed",
        ),
        (
            ("doing", PAPER, "--depth", "implemented"),
            "a paper implemented is done, not doing: use tracker done REF --depth "
            "implemented; nothing changed",
        ),
        (
            ("done", PAPER, "--depth", "memorised"),
            "unknown depth 'memorised'; expected one of: skimmed, read, implemented",
        ),
        (
            ("done", BOOK, "--depth", "read"),
            "'deep-learning-book' is not a paper (kind: book); only papers are skimmed, read "
            "or implemented; nothing changed",
        ),
        (
            ("done", PAPER, "dl-guide/small-datasets", "--depth", "read"),
            "'small-datasets' is not a paper (kind: practice); only papers are skimmed, read "
            "or implemented; nothing changed",
        ),
    ],
    ids=["skimmed-is-not-done", "implemented-is-done", "unknown", "a-book", "two-paths"],
)
def test_a_wrong_depth_changes_nothing(cli, args, message):
    failed(cli(*args), message)
    assert item_of(cli, PAPER)["status"] == "todo"  # also when another path's item is wrong


def test_undo_restores_the_depth(cli):
    ok(cli("doing", PAPER, "--depth", "skimmed"))
    ok(cli("done", PAPER, "--depth", "implemented"))
    ok(cli("done", PAPER, "--depth", "read"))
    assert ok(cli("undo")).out == f"undone: {PAPER}  reading depth\n"
    assert (item_of(cli, PAPER)["status"], item_of(cli, PAPER)["depth"]) == (
        "done",
        "implemented",
    )
    assert ok(cli("undo")).out == f"undone: {PAPER}  done -> doing\n"
    assert (item_of(cli, PAPER)["status"], item_of(cli, PAPER)["depth"]) == ("doing", "skimmed")
    changes = [line.split("  ", 1)[1] for line in ok(cli("log")).out.splitlines()]
    assert changes == [
        f"{PAPER}  todo -> doing",
        f"{PAPER}  doing -> done (undone)",
        f"{PAPER}  reading depth (undone)",
        f"{PAPER}  reading depth (undo)",
        f"{PAPER}  done -> doing (undo)",
    ]


# -- time spent ---------------------------------------------------------------------------


def test_logging_time_adds_up_against_the_estimate(demo):
    assert ok(demo("spent", "demo/a", "1h30m")).out == (
        "logged 1h 30m on demo/a: 1h 30m spent of 2h estimated (75%)\n"
    )
    assert ok(demo("spent", "demo/a", "45m")).out == (
        "logged 45m on demo/a: 2h 15m spent of 2h estimated (112%)\n"
    )
    assert ok(demo("spent", "demo/a", "-20m")).out == (
        "took 20m off demo/a: 1h 55m spent of 2h estimated (96%)\n"
    )
    assert ok(demo("spent", "demo/a", "--", "-25m")).out.startswith("took 25m off demo/a: 1h 30m ")
    assert ok(demo("spent", "demo/b", "1.5h")).out == (
        "logged 1h 30m on demo/b: 1h 30m spent, no estimate\n"
    )
    row = as_json(demo, "spent", "demo/a", "10m")
    assert row == {
        "path": "demo", "item": "a", "logged_seconds": 600, "spent_seconds": 6000,
        "estimated_minutes": 120,
    }  # fmt: skip
    assert item_of(demo, "demo/a")["spent_seconds"] == 6000
    assert item_of(demo, "demo/a")["status"] == "todo"  # logging time marks nothing


@pytest.mark.parametrize(
    ("ref", "duration", "message"),
    [
        ("demo/a", "ten minutes", "'ten minutes' is not a duration; write hours and minutes, "
         "as in 1h30m, 45m or 1.5h"),
        ("demo/a", "1x", "'1x' is not a duration; write hours and minutes, as in 1h30m, 45m "
         "or 1.5h"),
        ("demo/a", "0m", "'0m' is no time at all"),
        ("demo/a", "200h", "'200h' is more than a week in one entry; log it day by day"),
        ("demo/a", "-1h", "'a' has 0s logged; taking away 1h would leave less than nothing; "
         "nothing changed"),
        ("demo/vision", "1h", "'demo/vision' is a step or level; time is logged on one item"),
        ("demo/nope", "1h", "no item, step or level 'nope' in path 'demo'"),
    ],
    ids=["words", "unit", "zero", "too-long", "below-zero", "a-step", "unknown-item"],
)  # fmt: skip
def test_time_that_cannot_be_logged(demo, ref, duration, message):
    failed(demo("spent", ref, duration), message)
    assert item_of(demo, "demo/a")["spent_seconds"] == 0


def test_time_spent_per_level_step_and_item(demo):
    ok(demo("spent", "demo/a", "1h30m"))
    ok(demo("spent", "demo/d", "30m"))
    assert ok(demo("spent", "demo")).out.splitlines() == [
        "demo  Demo  2h spent of 4h estimated (50%)",
        "  basics  Basics  2h spent of 4h estimated (50%)",
        "    first  First  1h 30m spent of 2h estimated (75%)",
        "      a  A  1h 30m spent of 2h estimated (75%)",
        "    vision  Vision  30m spent of 2h estimated (25%)",
        "      d  D  30m spent of 2h estimated (25%)",
    ]  # the level `more` has neither estimates nor time: left out
    assert ok(demo("spent", "demo/vision")).out.splitlines() == [
        "vision  Vision  30m spent of 2h estimated (25%)",
        "  d  D  30m spent of 2h estimated (25%)",
    ]
    assert ok(demo("spent", "demo/a")).out == "a  A  1h 30m spent of 2h estimated (75%)\n"
    # `first` is an item and a step: the item wins, as in marks; it has nothing to show
    assert ok(demo("spent", "demo/first")).out == "demo/first: no time logged and no estimate\n"
    rows = as_json(demo, "spent", "demo/basics")
    assert [(row["kind"], row["id"], row["depth"]) for row in rows] == [
        ("level", "basics", 1), ("step", "first", 2), ("item", "a", 3),
        ("step", "vision", 2), ("item", "d", 3),
    ]  # fmt: skip
    assert rows[2] == {
        "kind": "item", "id": "a", "title": "A", "depth": 3, "estimated_minutes": 120,
        "spent_minutes": 90, "ratio": 0.75,
    }  # fmt: skip
    failed(demo("spent", "nope"), "no path 'nope'")


# -- spaced review ------------------------------------------------------------------------


def test_reviews_come_due_and_answers_move_them(demo, clock):
    ok(demo("done", "demo/a"))
    assert ok(demo("review")).out == "no reviews due; next: demo/a on 2026-11-03\n"
    clock.advance(days=3)  # Thursday: due since Tuesday
    ok(demo("done", "demo/b"))  # due on Friday
    clock.advance(days=1, hours=1)
    assert ok(demo("review")).out.splitlines() == [
        "demo/a  A  review 1 of 4, due 2026-11-03 (3 days overdue)",
        "demo/b  B  review 1 of 4, due 2026-11-06 (today)",
    ]
    rows = as_json(demo, "review", "demo")
    assert rows[0] == {
        "path": "demo", "id": "a", "title": "A", "review": 1, "of": 4,
        "due": "2026-11-03T09:00:00+00:00", "overdue_days": 3,
    }  # fmt: skip
    assert ok(demo("review", "demo/a", "--pass")).out == (
        "passed demo/a; next: review 2 of 4 on 2026-11-13 (in 7 days)\n"
    )
    failed(
        demo("review", "demo/a", "--pass"),
        "'demo/a' is not due for review until 2026-11-13 (in 7 days); add --early to answer now",
    )
    assert ok(demo("review", "demo/a", "--fail", "--early")).out == (
        "failed demo/a; next: review 1 of 4 on 2026-11-07 (in 1 day)\n"
    )
    assert ok(demo("review", "demo/a")).out == "demo/a  review 1 of 4, due 2026-11-07 (in 1 day)\n"
    assert [row["id"] for row in as_json(demo, "review")] == ["b"]
    assert item_of(demo, "demo/a")["next_review"] == "2026-11-07T10:00:00+00:00"


def test_reviewing_an_item_that_is_not_done(demo, clock):
    failed(
        demo("review", "demo/a", "--pass"),
        "'demo/a' is todo; only done items are reviewed (tracker done demo/a first)",
    )
    assert ok(demo("review", "demo/a")).out == "demo/a is todo: it comes up for review once done\n"
    assert as_json(demo, "review", "demo/a") == {"path": "demo", "id": "a", "status": "todo"}
    failed(
        demo("review", "demo/vision"), "'demo/vision' is a step or level; a review is of one item"
    )


def test_review_intervals_of_your_own(demo, clock):
    assert ok(demo("review", "--days", "2, 5")).out == "review intervals: 2, 5 days\n"
    ok(demo("done", "demo/a"))
    clock.advance(days=2)
    assert ok(demo("review", "demo/a", "--pass")).out == (
        "passed demo/a; next: review 2 of 2 on 2026-11-09 (in 5 days)\n"
    )
    clock.advance(days=5)
    assert ok(demo("review", "demo/a", "--pass")).out == (
        "passed demo/a: learnt: every review passed, it comes back no more\n"
    )
    failed(
        demo("review", "demo/a", "--pass", "--early"),
        "'a' is learnt: every review of it was passed",
    )
    assert as_json(demo, "review", "demo/a")["learnt"] is True
    assert as_json(demo, "review", "--days", "default") == {"days": [1, 7, 30, 90], "default": True}
    assert ok(demo("review", "--days", "DEFAULT")).out == (
        "review intervals: 1, 7, 30, 90 days (the default)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--days", "1,7,x"),
            "review intervals '1,7,x' are not days separated by commas (for example "
            "1,7,30,90; each from 1 to 3650)",
        ),
        (("--days", "7,1"), "review intervals '7,1' must grow: each longer than the last"),
        (("--days", "0"), "review intervals '0' are not days separated by commas (for example "
         "1,7,30,90; each from 1 to 3650)"),
        (("demo", "--days", "1"), "--days sets your intervals; give it alone"),
        (("--pass",), "--pass, --fail and --early answer one item: tracker review REF --pass"),
        (("demo", "--fail"), "--pass, --fail and --early answer one item: tracker review REF "
         "--pass"),
        (("demo/a", "--early"), "--early goes with --pass or --fail"),
    ],
    ids=["not-a-number", "shrinking", "zero", "with-a-path", "pass-alone", "fail-a-path",
         "early-alone"],
)  # fmt: skip
def test_review_usage_errors(demo, args, message):
    failed(demo("review", *args), message)


def test_stats_count_reviews_due_this_week(demo, clock):
    ok(demo("done", "demo/a"))  # Monday: reviewed on Tuesday
    assert as_json(demo, "stats", "demo")["reviews_due_this_week"] == 1
    assert "reviews due this week: 1\n" in ok(demo("stats")).out
    clock.advance(days=6)  # Sunday: still due
    ok(demo("review", "demo/a", "--pass"))  # next on Sunday week
    assert as_json(demo, "stats")["reviews_due_this_week"] == 0


# -- resource ticks -----------------------------------------------------------------------


def test_ticking_resources_never_marks_the_item(cli):
    assert ok(cli("tick", GUIDE_ITEM, "2")).out == f"ticked 1/2 resources of {GUIDE_ITEM}\n"
    url = as_json(cli, "show", GUIDE_ITEM)["resource_list"][0]["url"]
    assert ok(cli("tick", GUIDE_ITEM, url)).out == f"ticked 2/2 resources of {GUIDE_ITEM}\n"
    assert item_of(cli, GUIDE_ITEM)["status"] == "todo"  # every resource ticked: still todo
    assert ok(cli("tick", GUIDE_ITEM)).out == (
        f"ticked 2/2 resources of {GUIDE_ITEM}  (nothing changed)\n"
    )
    assert ok(cli("untick", GUIDE_ITEM, "1")).out == f"ticked 1/2 resources of {GUIDE_ITEM}\n"
    ok(cli("done", GUIDE_ITEM))
    assert ok(cli("untick", GUIDE_ITEM)).out == f"ticked 0/2 resources of {GUIDE_ITEM}\n"
    assert item_of(cli, GUIDE_ITEM)["status"] == "done"  # unticking leaves it done
    assert ok(cli("tick", PAPER)).out == f"ticked 1/1 resource of {PAPER}\n"


def test_resources_that_cannot_be_ticked(demo):
    failed(
        demo("tick", GUIDE_ITEM, "1", "3"),
        "'small-datasets' has no resource '3' (give a number from 1 to 2 or a URL from "
        "`tracker show`); nothing changed",
    )
    assert item_of(demo, GUIDE_ITEM)["ticked"] == 0  # resource 1 was not ticked either
    failed(demo("untick", GUIDE_ITEM, "https://nowhere.example"), (
        "'small-datasets' has no resource 'https://nowhere.example' (give a number from 1 to "
        "2 or a URL from `tracker show`); nothing changed"
    ))  # fmt: skip
    failed(demo("tick", "demo/a"), "'a' has no resources to tick")
    failed(
        demo("tick", "dl-guide/entry-theory"),
        "'dl-guide/entry-theory' is a step or level; resources are ticked on one item",
    )


# -- show and next ------------------------------------------------------------------------


def test_show_carries_what_was_recorded(cli, tmp_path):
    ok(cli("done", PAPER, "--depth", "implemented", "--metric", "top5-error=0.153"))
    ok(cli("spent", PAPER, "1h"))
    ok(cli("tick", PAPER))
    ok(cli("tick", GUIDE_ITEM, "1"))
    lines = ok(cli("show", "dl-papers")).out.splitlines()
    assert (
        f"    [x] alexnet  {ALEXNET}  [cv]  (5 stars; implemented; resources ticked 1/1; "
        "spent 1h; evidence: 1)"
    ) in lines
    assert "    [ ] deep-learning-book  Deep learning  (5 stars)" in lines
    guide = ok(cli("show", "dl-guide")).out.splitlines()
    assert "    [ ] small-datasets  Small datasets  (resources ticked 1/2)" in guide
    assert "    [ ] simple-preprocessing  Simple preprocessing" in guide  # as before: no records
    item = item_of(cli, PAPER)
    assert {key: item[key] for key in list(item)[9:]} == {
        "depth": "implemented",
        "stars": 5,
        "spent_seconds": 3600,
        "estimated_minutes": None,
        "resources": 1,
        "ticked": 1,
        "evidence": [
            {"kind": "metric", "name": "top5-error", "value": "0.153", "at": item["done_at"]}
        ],
        "next_review": (datetime.fromisoformat(item["done_at"]) + timedelta(days=1)).isoformat(),
        "learnt": False,
    }


def test_show_one_item_in_detail(cli):
    ok(cli("tick", GUIDE_ITEM, "2"))
    ok(cli("note", GUIDE_ITEM, "start with MNIST\nthen CIFAR"))
    ok(cli("spent", GUIDE_ITEM, "25m"))
    lines = ok(cli("show", GUIDE_ITEM)).out.splitlines()
    resources = as_json(cli, "show", GUIDE_ITEM)["resource_list"]
    assert lines[:6] == [
        f"[ ] {GUIDE_ITEM}  Small datasets",
        "  status: todo",
        "  practice",
        "  time spent: 25m spent, no estimate",
        "  note: start with MNIST",
        "        then CIFAR",
    ]
    assert lines[6:] == [
        "  resources, 1/2 ticked:",
        f"    1 [ ] {resources[0]['title']}  {resources[0]['url']}",
        f"    2 [x] {resources[1]['title']}  {resources[1]['url']}",
    ]
    document = as_json(cli, "show", GUIDE_ITEM)
    assert (document["path"], document["id"], document["ticked"]) == (
        "dl-guide",
        "small-datasets",
        1,
    )
    assert [(r["number"], r["ticked"]) for r in resources] == [(1, False), (2, True)]
    assert list(resources[0]) == ["number", "url", "title", "kind", "ticked"]
    ok(cli("done", PAPER, "--metric", "top1=0.6"))
    paper = ok(cli("show", PAPER)).out.splitlines()
    assert paper[:3] == [f"[x] {PAPER}  {ALEXNET}", "  status: done, read", "  paper; 5 stars"]
    assert paper[3].startswith("  next review: 20")
    assert paper[-2] == "  evidence:"
    assert paper[-1].startswith("    1  metric  top1=0.6  (20")
    failed(
        cli("show", "dl-guide/entry-theory"),
        "'dl-guide/entry-theory' is a step or level; show takes a path id or one item",
    )
    failed(
        cli("show", GUIDE_ITEM, "--stars", "3"),
        "--stars and --tag choose among a path's items; give PATH_ID alone",
    )


def _stars(document) -> dict[str, int | None]:
    return {
        item["id"]: item["stars"]
        for level in document["levels"]
        for step in level["steps"]
        for item in step["items"]
    }


def test_star_ratings_filter_dl_papers(cli):
    every = _stars(as_json(cli, "show", "dl-papers"))
    five = _stars(as_json(cli, "show", "dl-papers", "--stars", "5"))
    four = _stars(as_json(cli, "show", "dl-papers", "--stars", "4"))
    assert set(five) == {item for item, stars in every.items() if stars is not None and stars >= 5}
    assert set(four) == {item for item, stars in every.items() if stars is not None and stars >= 4}
    assert 0 < len(five) < len(four) < len(every)
    threes = _stars(as_json(cli, "show", "dl-papers", "--tag", "stars-3"))
    assert set(threes.values()) == {3}
    assert len(threes) == sum(stars == 3 for stars in every.values())
    text = ok(cli("show", "dl-papers", "--stars", "5")).out
    assert "(5 stars)" in text
    assert "(4 stars)" not in text
    assert "Deep Learning Papers Reading Roadmap  0% (0/133)" in text  # the whole path's
    none = ok(cli("show", "dl-papers", "--stars", "4", "--tag", "stars-3"))  # all must match
    assert none.out.splitlines() == [
        "Deep Learning Papers Reading Roadmap  0% (0/133)",
        "no item matches --stars and --tag",
    ]
    assert as_json(cli, "show", "dl-papers", "--stars", "4", "--tag", "stars-3")["levels"] == []
    [group] = as_json(cli, "next", "dl-papers", "--stars", "5", "--limit", "0")
    assert {row["id"] for row in group["items"]} == set(five)
    assert cli("show", "dl-papers", "--stars", "0").status == 2  # at least 1 star


# -- stats and batch ----------------------------------------------------------------------


def test_batch_runs_the_new_commands(demo, tmp_path):
    commands = tmp_path / "records.txt"
    commands.write_text(
        "done demo/a --metric acc=0.9\n"
        "spent demo/a 1h\n"
        "spent demo/a -15m\n"
        f"tick {GUIDE_ITEM} 1\n"
        "review --days 2,5\n"
        "evidence demo/a\n",
        encoding="utf-8",
    )
    lines = ok(demo("batch", commands)).out.splitlines()
    assert lines[:6] == [
        "done    demo/a  (was todo)",
        "evidence added to demo/a: acc=0.9",
        "logged 1h on demo/a: 1h spent of 2h estimated (50%)",
        "took 15m off demo/a: 45m spent of 2h estimated (38%)",
        f"ticked 1/2 resources of {GUIDE_ITEM}",
        "review intervals: 2, 5 days",
    ]
    assert lines[6].startswith("1  metric  acc=0.9  (")
