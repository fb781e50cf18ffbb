"""`tracker export`: which paths and learners, where it writes, and its one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytestmark = pytest.mark.usefixtures("cli_database")


@pytest.fixture
def marked(cli):
    assert cli("done", "dl-guide/small-datasets").status == 0
    return cli


def test_without_paths_it_reports_the_started_ones_to_stdout(marked):
    result = marked("export")
    assert result.status == 0
    assert result.out.startswith("# Progress report\n")
    assert "- [x] Small datasets (done " in result.out
    assert "Deep learning, step by step" not in result.out


def test_nothing_started_is_one_line(cli):
    result = cli("export")
    assert result.status == 1
    assert result.err == "tracker: error: no path started yet; name a PATH_ID, or use --all\n"


def test_the_format_follows_the_file_suffix(marked, tmp_path):
    file = tmp_path / "report.csv"
    result = marked("export", "-o", file)
    assert result.status == 0
    assert result.err == f"wrote {file}\n"
    data = file.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["learner", "path", "level"]
    assert len(rows) == 1 + 106


def test_an_existing_file_is_replaced_only_with_force(marked, tmp_path):
    file = tmp_path / "report.json"
    file.write_text("keep me", encoding="utf-8")
    result = marked("export", "dl-guide", "-o", file)
    assert result.status == 1
    assert result.err == f"tracker: error: {file} exists; add --force to replace it\n"
    assert file.read_text(encoding="utf-8") == "keep me"
    assert marked("export", "dl-guide", "-o", file, "--force").status == 0
    assert json.loads(file.read_text(encoding="utf-8"))["format"] == "tracker-report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left


def test_a_missing_or_unwritable_folder_is_one_line(marked, tmp_path):
    result = marked("export", "-o", tmp_path / "nowhere" / "r.md")
    assert result.status == 1
    assert result.err == f"tracker: error: the folder does not exist: {tmp_path / 'nowhere'}\n"
    # /proc takes no new files, not even from root (CI runs as root).
    result = marked("export", "-o", "/proc/r.md")
    assert result.status == 1
    assert result.err.startswith("tracker: error: cannot write /proc/r.md: ")
    assert result.err.count("\n") == 1


def test_a_cohort_report_of_chosen_or_all_learners(marked):
    assert marked("user", "add", "bob").status == 0
    assert marked("--user", "bob", "done", "dl-guide/image-data").status == 0
    document = json.loads(marked("export", "dl-guide", "--users", "all", "-f", "json").out)
    assert len(document["learners"]) == 2
    document = json.loads(marked("export", "dl-guide", "--users", "bob", "-f", "json").out)
    assert [learner["name"] for learner in document["learners"]] == ["bob"]
    markdown = marked("export", "dl-guide", "--users", "all").out
    assert "## Cohort" in markdown
    assert "| bob |" in markdown
    result = marked("export", "dl-guide", "--users", "bob,nobody")
    assert result.status == 1
    assert result.err == "tracker: error: no learner 'nobody'\n"


def test_all_paths_and_named_paths(marked):
    document = json.loads(marked("export", "--all", "-f", "json").out)
    assert len(document["paths"]) == 6
    document = json.loads(marked("export", "dl-topics", "dl-guide", "-f", "json").out)
    assert [p["id"] for p in document["paths"]] == ["dl-topics", "dl-guide"]
    result = marked("export", "dl-gide")
    assert result.status == 1
    assert "did you mean 'dl-guide'" in result.err


def test_user_reports_one_named_learner_and_excludes_users(marked):
    assert marked("user", "add", "bob").status == 0
    assert marked("--user", "bob", "done", "dl-topics/cnn").status == 0
    document = json.loads(marked("export", "dl-guide", "--user", "bob", "-f", "json").out)
    assert [learner["name"] for learner in document["learners"]] == ["bob"]
    assert "cohort" not in document
    # Without PATH_ID: the paths bob started, not those the active learner did.
    started = json.loads(marked("export", "--user", "bob", "-f", "json").out)
    assert [path["id"] for path in started["paths"]] == ["dl-topics"]
    result = marked("export", "dl-guide", "--user", "nobody")
    assert (result.status, result.err) == (1, "tracker: error: no learner 'nobody'\n")
    result = marked("export", "dl-guide", "--user", "bob", "--users", "all")
    assert (result.status, result.err) == (1, "tracker: error: give --user or --users, not both\n")


def test_a_cohort_csv_ends_with_its_matrix(marked):
    assert marked("user", "add", "bob").status == 0
    text = marked("export", "dl-guide", "--users", "all", "-f", "csv").out
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, *matrix = rows[rows.index([]) + 1 :]
    assert header[:3] == ["learner", "path", "overall %"]
    assert len(matrix) == 2
    assert [row[2] for row in matrix if row[0] == "bob"] == ["0"]
