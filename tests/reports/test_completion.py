"""Every report format shows a part with nothing left to count without a percentage or a
bar, and says why: "not followed", "optional", "skipped"; JSON gives `"percent": null`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC

import pytest

from tests.reports.conftest import NOW
from tests.reports.test_html import Page
from tests.reports.test_schema import validator  # noqa: F401 (a fixture)
from tests.services.conftest import make_path
from tracker.reports.csv_report import csv_report
from tracker.reports.gather import gather
from tracker.reports.html_report import html_report
from tracker.reports.json_report import json_report
from tracker.reports.markdown_report import markdown_report
from tracker.services.learners import add_learner
from tracker.services.progress import mark, set_followed

PATH = """\
format: 1
id: choose
title: Choose
tracks:
  - {id: cv, title: Vision}
  - {id: nlp, title: Language}
levels:
  - id: start
    title: Start
    steps:
      - id: why
        title: Why
        items:
          - {id: why-read, title: Why read, optional: true}
      - id: basics
        title: Basics
        items:
          - {id: a, title: A}
          - {id: b, title: B}
  - id: adventure
    title: Adventure
    steps:
      - id: vision
        title: Vision path
        track: cv
        items:
          - {id: cnn, title: CNN}
      - id: language
        title: Language path
        track: nlp
        items:
          - {id: rnn, title: RNN}
"""


@pytest.fixture
def choose():
    return make_path(PATH)


@pytest.fixture
def learners(engine, choose):
    """ada follows nlp only and has done a; bob follows nothing and skipped a and b: he has
    nothing left to count anywhere."""
    ada = add_learner(engine, "ada", now=NOW)
    bob = add_learner(engine, "bob", now=NOW)
    set_followed(engine, ada.id, choose, ["cv"], False)
    mark(engine, ada.id, choose, ["a"], "done", now=NOW)
    set_followed(engine, bob.id, choose, ["cv", "nlp"], False)
    mark(engine, bob.id, choose, ["a", "b"], "skipped", now=NOW)
    return ada, bob


def report(engine, learners, path, **options):
    return gather(engine, learners, [path], "en", now=NOW, tz=UTC, **options)


def test_markdown_says_why_instead_of_a_percentage(engine, choose, learners):
    text = markdown_report(report(engine, learners[:1], choose))
    assert "100%" not in text
    assert "#### Why (optional)" in text
    assert "#### Vision path (not followed)" in text
    assert "#### Language path (0%)" in text
    assert "### Adventure (0%)" in text
    assert "**Completion 33%**: 1 of 3 items done, 0 skipped." in text


def test_markdown_of_a_path_with_nothing_left_to_count(engine, choose, learners):
    text = markdown_report(report(engine, learners[1:], choose))
    assert "%" not in text
    assert "**Nothing left to count (skipped)**: 0 items done, 2 skipped." in text
    assert "### Start (skipped)" in text
    assert "### Adventure (not followed)" in text


def test_a_markdown_cohort_table_says_why(engine, choose, learners):
    text = markdown_report(report(engine, learners, choose))
    assert "| bob | skipped | skipped | not followed | not followed | not followed |" in text
    assert "| ada | 33% | 50% | 0% | not followed | 0% |" in text


def test_html_draws_no_bar_where_nothing_is_left_to_count(engine, choose, learners):
    text = html_report(report(engine, learners, choose, activity=True))
    page = Page(text)
    body = text.split("</style>", 1)[1]
    assert "100%" not in body
    assert "width: 100.0%" not in body  # no full bar
    assert '<span class="pct none">not followed</span>' in text
    assert '<span class="pct none">optional</span>' in text
    assert '<p class="figure none">skipped</p>' in text  # bob's path
    assert "Nothing left to count: 0 items done, 2 skipped" in page.text
    bars = [attrs for tag, attrs in page.elements if "bar" in (attrs.get("class") or "").split()]
    labels = [attrs.get("aria-label") or "" for attrs in bars]
    assert labels
    assert all("%" in label for label in labels)  # every bar drawn has a percentage
    levels = page.tables["matrix levels"]
    assert levels[1:] == [
        ["ada", "33%", "50%", "0%"],
        ["bob", "skipped", "skipped", "not followed"],
    ]
    cells = [attrs.get("class") for tag, attrs in page.elements if tag == "td"]
    assert "none" in cells


def test_csv_cells_are_empty_not_100(engine, choose, learners):
    text = csv_report(report(engine, learners, choose))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, *matrix = rows[rows.index([]) + 1 :]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in matrix}
    assert table["ada"]["overall %"] == "33.3"
    assert table["ada"]["track Vision %"] == ""
    assert table["ada"]["track Language %"] == "0"
    assert [table["bob"][key] for key in header[2:7]] == ["", "", "", "", ""]


def test_json_gives_percent_null_and_validates(engine, choose, learners, validator):  # noqa: F811
    document = json.loads(json_report(report(engine, learners, choose)))
    validator.validate(document)
    ada, bob = (learner["paths"][0] for learner in document["learners"])
    why = ada["levels"][0]["steps"][0]["completion"]
    assert why == {"done": 0, "skipped": 0, "counted": 0, "percent": None, "reason": "optional"}
    assert ada["completion"]["percent"] == 33.33
    assert "reason" not in ada["completion"]
    assert bob["completion"] == {
        "done": 0, "skipped": 2, "counted": 2, "percent": None, "reason": "skipped",
    }  # fmt: skip
    assert bob["figures"]["completion"]["percent"] is None
    assert bob["tracks"][1]["completion"]["reason"] == "not followed"
    (cohort,) = document["cohort"]
    by_name = {entry["name"]: entry for entry in cohort["learners"]}
    assert by_name["bob"]["completion"] is None
    assert by_name["ada"]["tracks"] == {"cv": None, "nlp": 0}


def test_the_schema_refuses_a_null_percent_without_a_reason(validator):  # noqa: F811
    completion = validator.schema["$defs"]["completion"]
    checker = type(validator)(
        {**completion, "$defs": validator.schema["$defs"]}, format_checker=None
    )
    assert checker.is_valid({"done": 0, "skipped": 0, "counted": 0, "percent": None,
                             "reason": "optional"})  # fmt: skip
    assert not checker.is_valid({"done": 0, "skipped": 0, "counted": 0, "percent": None})
    assert not checker.is_valid({"done": 1, "skipped": 0, "counted": 2, "percent": 50,
                                 "reason": "optional"})  # fmt: skip
