"""`tracker export`: which paths and learners, where it writes, and its one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import SHIPPED
from tracker.pathdefs.text import pick
from tracker.reports.markdown_report import escaped

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


@pytest.fixture
def recorded(marked, cli_database):
    """small-datasets done with evidence and time logged, a resource ticked; a paper of
    dl-papers skimmed. Through the services: the commands that record have their tests."""
    from tracker.pathdefs.load import load_path
    from tracker.services.evidence import link_or_file, metric
    from tracker.services.learners import current_learner
    from tracker.services.progress import mark
    from tracker.services.ticks import tick
    from tracker.services.timelog import log_time
    from tracker.store.engine import make_engine

    engine = make_engine(cli_database)
    learner = current_learner(engine)
    guide = load_path(SHIPPED / "dl-guide.yaml")
    item = next(item for item in guide.items() if item.id == "small-datasets")
    proofs = [link_or_file("https://github.com/me/mnist"), metric("accuracy=0.98")]
    mark(engine, learner.id, guide, [item.id], "done", evidence=proofs)
    log_time(engine, learner.id, guide, item.id, 4500)
    tick(engine, learner.id, guide, item, item.resources[:1])
    papers = load_path(SHIPPED / "dl-papers.yaml")
    paper = next(item for item in papers.items() if item.kind == "paper")
    mark(engine, learner.id, papers, [paper.id], "doing", depth="skimmed")
    engine.dispose()
    return marked, paper.id, pick(paper.title, "en", papers.lang)


def test_records_show_in_every_format(recorded, tmp_path):
    cli, paper_id, paper = recorded
    out = {
        chosen: cli("export", "dl-guide", "dl-papers", "-f", chosen).out
        for chosen in ("md", "html", "csv", "json")
    }
    line = next(line for line in out["md"].splitlines() if "Small datasets" in line)
    assert "1h 15m spent, no estimate" in line
    assert "resources ticked 1/2" in line
    assert "review due " in line
    assert "  - evidence: [https://github.com/me/mnist](<https://github.com/me/mnist>)" in out["md"]
    assert "  - evidence: accuracy = 0.98" in out["md"]
    assert f"- [ ] {escaped(paper)} (in progress) · skimmed" in out["md"]
    assert "- Reviews due this week: " in out["md"]

    assert '<a href="https://github.com/me/mnist" rel="noopener noreferrer">' in out["html"]
    assert "accuracy = 0.98" in out["html"]
    assert "<dt>Projected finish</dt>" in out["html"]

    rows = list(csv.DictReader(io.StringIO(out["csv"].removeprefix("\ufeff"))))
    small = next(row for row in rows if row["item id"] == "small-datasets")
    assert small["evidence"] == "link: https://github.com/me/mnist\nmetric: accuracy = 0.98"
    assert (small["spent minutes"], small["resources ticked"], small["resources"]) == (
        "75",
        "1",
        "2",
    )
    skimmed = [(row["path"], row["item id"]) for row in rows if row["depth"] == "skimmed"]
    assert skimmed == [("dl-papers", paper_id)]

    guide, papers = json.loads(out["json"])["learners"][0]["paths"]
    assert guide["figures"]["spent_minutes"] == 75.0
    small = next(
        item
        for level in guide["levels"]
        for step in level["steps"]
        for item in step["items"]
        if item["id"] == "small-datasets"
    )
    assert (small["spent_seconds"], small["ticked"], len(small["evidence"])) == (4500, 1, 2)
    depths = [i["depth"] for level in papers["levels"] for s in level["steps"] for i in s["items"]]
    assert depths.count("skimmed") == 1


def test_a_cohort_csv_ends_with_its_matrix(marked):
    assert marked("user", "add", "bob").status == 0
    text = marked("export", "dl-guide", "--users", "all", "-f", "csv").out
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, *matrix = rows[rows.index([]) + 1 :]
    assert header[:3] == ["learner", "path", "overall %"]
    assert len(matrix) == 2
    assert [row[2] for row in matrix if row[0] == "bob"] == ["0"]
