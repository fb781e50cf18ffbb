"""Each format on a fixed path with fixed progress and frozen time, against golden files
(reviewed by eye; `UPDATE_GOLDEN=1 pytest tests/reports` rewrites them), and the escaping
that keeps titles and notes from changing a document's shape or running as formulas."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC

import pytest

from tests.conftest import REPO
from tests.reports.conftest import NOW
from tracker.reports.csv_report import csv_report, neutralised
from tracker.reports.gather import gather
from tracker.reports.json_report import json_report
from tracker.reports.markdown_report import escaped, markdown_report

GOLDEN = REPO / "tests" / "data" / "reports"
RENDER = {"md": markdown_report, "csv": csv_report, "json": json_report}


@pytest.mark.parametrize("cohort", [False, True], ids=["one", "cohort"])
@pytest.mark.parametrize("kind", list(RENDER))
def test_each_format_matches_its_golden_file(engine, demo, learners, kind, cohort):
    chosen = learners if cohort else learners[:1]
    text = RENDER[kind](gather(engine, chosen, [demo], "en", now=NOW, tz=UTC))
    golden = GOLDEN / f"{'cohort' if cohort else 'one'}.{kind}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


def test_csv_has_a_bom_crlf_and_one_row_per_item_and_learner(engine, demo, learners):
    text = csv_report(gather(engine, learners, [demo], "en", now=NOW))
    assert text.startswith("\ufefflearner,path,level,")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    rows = rows[: rows.index([])]  # the cohort's matrix follows
    assert len(rows) == 1 + 2 * 6
    by_item = {(row[0], row[5]): row for row in rows[1:]}
    assert by_item["ada", "a"][8] == "done"
    assert by_item["ada", "a"][11] == "'=cmd|' /C calc'!A0\nsecond line"  # quoted, kept whole
    assert by_item["ada", "b"][6] == "'=SUM(A1) build"
    assert by_item["ada", "f"][6] == "翻译文本"


def test_a_cohort_csv_ends_with_a_learners_by_levels_and_tracks_matrix(engine, demo, learners):
    text = csv_report(gather(engine, learners, [demo], "en", now=NOW))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, *matrix = rows[rows.index([]) + 1 :]
    assert header[:7] == [
        "learner", "path", "overall %", "level Basics %", "level More %", "track Vision %",
        "track Language %",
    ]  # fmt: skip
    table = {row[0]: dict(zip(header, row, strict=True)) for row in matrix}
    assert set(table) == {"ada", "bob"}
    assert (table["ada"]["level Basics %"], table["ada"]["track Vision %"]) == ("66.7", "100")
    assert (table["bob"]["level More %"], table["bob"]["track Language %"]) == ("50", "50")
    assert table["ada"]["in progress"] == "'=SUM(A1) build"  # neutralised here too
    assert table["bob"]["last activity"] == NOW.isoformat()
    alone = csv_report(gather(engine, learners[:1], [demo], "en", now=NOW))
    assert "overall %" not in alone


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=1", "a=1"), ("", ""),
    ],
)  # fmt: skip
def test_formula_cells_are_neutralised(cell, expected):
    assert neutralised(cell) == expected


def test_markdown_escapes_what_would_change_the_document():
    assert escaped("a | b # c *d* <e> [f](g)") == r"a \| b \# c \*d\* \<e\> \[f\]\(g\)"
    assert escaped("two\nlines") == "two lines"


def test_markdown_task_list_and_headings(engine, demo, learners):
    text = markdown_report(gather(engine, learners[:1], [demo], "en", now=NOW))
    assert "## Demo \\| path \\# one" in text
    assert "- [x] Read \\[the\\] \\<intro\\> (done 2026-11-16)" in text
    assert "- [ ] \\=SUM\\(A1\\) build (in progress)" not in text  # '=' needs no escape
    assert "- [ ] =SUM\\(A1\\) build (in progress)" in text
    assert "- [ ] ~~Optional extra~~ (skipped)" in text
    assert "  > =cmd|' /C calc'!A0\n  > second line" in text


def test_json_embeds_the_show_document(engine, demo, learners, cli):
    document = json.loads(json_report(gather(engine, learners, [demo], "en", now=NOW)))
    assert document["format"] == "tracker-report"
    assert document["version"] == 1
    ada, bob = document["learners"]
    assert ada["name"] == "ada"
    (path,) = ada["paths"]
    assert path["completion"] == {"done": 2, "skipped": 0, "counted": 5, "percent": 40.0}
    assert path["in_progress"] == ["b"]
    assert path["last_activity"] == "2026-11-18T09:30:00+00:00"
    assert bob["paths"][0]["completion"]["done"] == 1
