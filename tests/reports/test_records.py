"""What a learner records beyond statuses, in each of the four report formats: evidence, time
spent against the estimates (item, step, level, path), reading depth of papers, resource
ticks, the next review and reviews due this week, and the summary's time, pace and
projected finish; and that all of it is read per path, not per item."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC

from sqlalchemy import event

from tests.reports.conftest import DAY, LINK, NOW
from tests.reports.test_html import Page, unsafe_parts
from tests.services.conftest import make_path
from tracker.reports.csv_report import csv_report
from tracker.reports.gather import gather
from tracker.reports.html_report import html_report
from tracker.reports.json_report import json_report
from tracker.reports.markdown_report import escaped, markdown_report
from tracker.services.evidence import link_or_file, metric
from tracker.services.learners import add_learner
from tracker.services.progress import mark
from tracker.services.timelog import log_time
from tracker.store.engine import writing
from tracker.store.models import Evidence


def reports(engine, learners, path) -> dict[str, str]:
    """Each format as `tracker export` writes it (only HTML reads the activity)."""
    plain = gather(engine, learners, [path], "en", now=NOW, tz=UTC)
    drawn = gather(engine, learners, [path], "en", now=NOW, activity=True, tz=UTC)
    return {
        "md": markdown_report(plain),
        "html": html_report(drawn),
        "csv": csv_report(plain),
        "json": json_report(plain),
    }


def md_item(text: str, title: str) -> str:
    """An item's task-list line and the lines under it (evidence, note)."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("- [") and title in line)
    end = next(
        (n for n in range(start + 1, len(lines)) if not lines[n].startswith("  ")), len(lines)
    )
    return "\n".join(lines[start:end])


def html_items(text: str) -> dict[str, tuple[str, str]]:
    """Each item's markup and visible text (one line), by title: the first learner's."""
    found = {}
    for chunk in text.split('<li class="item ')[1:]:
        chunk = '<li class="item ' + chunk.split("</ul>\n</section>")[0]
        shown = " ".join(Page(chunk).text.split())
        title = chunk.split('<span class="title">')[1].split("</span>")[0]
        found.setdefault(title, (chunk, shown))  # the first learner's
    return found


def csv_rows(text: str) -> dict[tuple[str, str], dict[str, str]]:
    """The item rows, by (learner, item id), as column name -> cell."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    end = rows.index([]) if [] in rows else len(rows)
    header, *items = rows[:end]
    return {(row[0], row[5]): dict(zip(header, row, strict=True)) for row in items}


def csv_matrix(text: str) -> dict[str, dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, *matrix = rows[rows.index([]) + 1 :]
    return {row[0]: dict(zip(header, row, strict=True)) for row in matrix}


def json_path(text: str, learner: int = 0) -> dict:
    return json.loads(text)["learners"][learner]["paths"][0]


def json_items(text: str) -> dict[str, dict]:
    path = json_path(text)
    return {
        item["id"]: item
        for level in path["levels"]
        for step in level["steps"]
        for item in step["items"]
    }


def json_parts(text: str) -> dict[str, dict]:
    """Levels and steps by id."""
    path = json_path(text)
    parts = {level["id"]: level for level in path["levels"]}
    parts.update({step["id"]: step for level in path["levels"] for step in level["steps"]})
    return parts


# -- evidence ---------------------------------------------------------------------------------


def test_evidence_beside_its_item_in_every_format(engine, papers, ada, notes):
    found = reports(engine, [ada], papers)

    md = md_item(found["md"], "AlexNet")
    assert f"  - evidence: [{LINK}](<{LINK}>)" in md  # a link as a link
    assert f"  - evidence: {escaped(str(notes))}" in md  # a file as text, escaped
    assert "  - evidence: top1-accuracy = 0.63" in md
    assert "evidence" not in md_item(found["md"], "ResNet")

    markup, shown = html_items(found["html"])["AlexNet"]
    assert f'<a href="{LINK}" rel="noopener noreferrer">{LINK}</a>' in markup
    assert f"Evidence: {LINK} · {notes} · top1-accuracy = 0.63" in shown
    assert markup.count("<a href=") == 3  # the evidence link and the two resources

    cell = csv_rows(found["csv"])["ada", "alexnet"]["evidence"]
    assert cell == f"link: {LINK}\nfile: {notes}\nmetric: top1-accuracy = 0.63"
    assert csv_rows(found["csv"])["ada", "resnet"]["evidence"] == ""

    proofs = json_items(found["json"])["alexnet"]["evidence"]
    at = (NOW - 3 * DAY).isoformat()
    assert proofs == [
        {"kind": "link", "name": None, "value": LINK, "at": at},
        {"kind": "file", "name": None, "value": str(notes), "at": at},
        {"kind": "metric", "name": "top1-accuracy", "value": "0.63", "at": at},
    ]


def test_evidence_that_could_run_is_text_in_markdown_and_html(engine, papers, ada):
    """A link holding markup passes the services' rule; a `javascript:` one never does, but
    a report does not take the store's word for it."""
    tricky = 'https://example.com/"><script>alert(1)</script>'
    mark(engine, ada.id, papers, ["resnet"], "done", evidence=[link_or_file(tricky)])
    mark(engine, ada.id, papers, ["resnet"], "done", evidence=[metric("x=<img src=x onerror=1>")])
    with writing(engine) as session:
        session.add(
            Evidence(
                learner_id=ada.id, path_id="papers", item_id="resnet", at=NOW, kind="link",
                value="javascript:alert(1)",
            )
        )  # fmt: skip
    found = reports(engine, [ada], papers)

    page = Page(found["html"])
    assert unsafe_parts(page) == []
    markup, shown = html_items(found["html"])["ResNet"]
    assert "<a " not in markup
    assert tricky in shown
    assert "x = <img src=x onerror=1>" in shown
    assert "javascript:alert(1)" in shown

    md = md_item(found["md"], "ResNet")
    assert "](" not in md  # no link at all
    assert r"\<script\>" in md
    assert r"x = \<img src=x onerror=1\>" in md


# -- time spent against the estimates ---------------------------------------------------------


def test_time_spent_against_estimates_per_item_step_and_level(engine, papers, ada):
    found = reports(engine, [ada], papers)

    md = found["md"]
    assert "· 3h spent of 2h estimated \\(150%\\)" in md_item(md, "AlexNet")
    assert "spent" not in md_item(md, "LeNet")  # nothing logged: no time beside it
    assert "### Reading (50%)\n\nTime: 4h spent of 9h estimated \\(44%\\)\n" in md
    assert "#### Classics (67%)\n\nTime: 4h spent of 5h estimated \\(80%\\)\n" in md
    assert "#### Modern (0%)\n\nTime: 0s spent of 4h estimated \\(0%\\)\n" in md
    assert "### Building (100%)\n\nTime: 2h spent of 4h estimated \\(50%\\)\n" in md
    assert "- Time: 6h spent of 13h estimated \\(46%\\)" in md

    html = found["html"]
    assert "3h spent of 2h estimated (150%)" in html_items(html)["AlexNet"][1]
    assert '<span class="pct">50%</span> <span class="time">4h spent of 9h estimated (44%)' in html
    assert '<span class="pct">67%</span> <span class="time">4h spent of 5h estimated (80%)' in html
    assert "<dt>Time</dt><dd>6h spent of 13h estimated (46%)</dd>" in html

    rows = csv_rows(found["csv"])
    alexnet, lenet, mnist = rows["ada", "alexnet"], rows["ada", "lenet"], rows["ada", "mnist"]
    assert (alexnet["spent minutes"], alexnet["estimate minutes"]) == ("180", "120")
    assert (lenet["spent minutes"], lenet["estimate minutes"]) == ("0", "240")
    assert (rows["ada", "vgg"]["spent minutes"], rows["ada", "vgg"]["estimate minutes"]) == (
        "0",
        "",
    )
    assert (alexnet["step spent minutes"], alexnet["step estimate minutes"]) == ("240", "300")
    assert (lenet["step spent minutes"], lenet["step estimate minutes"]) == ("0", "240")
    assert (alexnet["level spent minutes"], alexnet["level estimate minutes"]) == ("240", "540")
    assert (mnist["level spent minutes"], mnist["level estimate minutes"]) == ("120", "240")

    items, parts = json_items(found["json"]), json_parts(found["json"])
    assert (items["alexnet"]["spent_seconds"], items["alexnet"]["estimated_minutes"]) == (
        3 * 3600,
        120.0,
    )
    assert (items["vgg"]["spent_seconds"], items["vgg"]["estimated_minutes"]) == (0, None)
    assert (parts["classics"]["spent_minutes"], parts["classics"]["estimated_minutes"]) == (
        240.0,
        300.0,
    )
    assert (parts["reading"]["spent_minutes"], parts["reading"]["estimated_minutes"]) == (
        240.0,
        540.0,
    )
    path = json_path(found["json"])
    assert (path["spent_minutes"], path["estimated_minutes"]) == (360.0, 780.0)


def test_without_time_logged_levels_and_steps_show_no_time(engine, papers, ada):
    """Estimates alone make no time line in Markdown or HTML, nor does the summary say 0m of
    the whole path's estimate; CSV and JSON keep their 0."""
    bob = add_learner(engine, "bob", now=NOW)
    mark(engine, bob.id, papers, ["mnist"], "done", now=NOW - DAY)
    found = reports(engine, [bob], papers)
    assert "\nTime:" not in found["md"]
    assert "- Time: none logged" in found["md"]
    assert '<span class="time">' not in found["html"]
    assert csv_rows(found["csv"])["bob", "mnist"]["level spent minutes"] == "0"
    assert json_parts(found["json"])["building"]["spent_minutes"] == 0.0


# -- reading depth ----------------------------------------------------------------------------


def test_reading_depth_of_papers_in_every_format(engine, papers, ada):
    found = reports(engine, [ada], papers)
    expected = {"alexnet": "implemented", "resnet": "read", "vgg": "skimmed", "lenet": None}
    titles = {"alexnet": "AlexNet", "resnet": "ResNet", "vgg": "VGG", "lenet": "LeNet"}
    expected["mnist"] = None  # a project has no depth, done or not
    titles["mnist"] = "MNIST classifier"
    html = html_items(found["html"])
    rows = csv_rows(found["csv"])
    items = json_items(found["json"])
    for item_id, depth in expected.items():
        line = md_item(found["md"], titles[item_id]).splitlines()[0]
        facts = html[titles[item_id]][1]
        if depth is None:
            assert not any(f"· {word}" in line for word in ("skimmed", "read", "implemented"))
            assert not any(word in facts for word in ("skimmed", " read", "implemented"))
        else:
            assert f"· {depth}" in line, line
            assert f"paper · {depth}" in facts, facts
        assert rows["ada", item_id]["depth"] == (depth or "")
        assert items[item_id]["depth"] == depth
    assert md_item(found["md"], "VGG").startswith("- [ ] VGG (in progress) · skimmed")
    assert items["alexnet"]["stars"] == 5


# -- resource ticks ---------------------------------------------------------------------------


def test_resources_ticked_in_every_format(engine, papers, ada):
    found = reports(engine, [ada], papers)
    assert "· resources ticked 1/2" in md_item(found["md"], "AlexNet")
    assert "resources ticked" not in found["md"].replace(md_item(found["md"], "AlexNet"), "")

    markup, shown = html_items(found["html"])["AlexNet"]
    assert "resources ticked 1/2" in shown
    assert "The PDF ✔ ticked" in shown
    assert "The code ✔" not in shown
    assert markup.count('class="ticked"') == 1

    rows = csv_rows(found["csv"])
    assert (rows["ada", "alexnet"]["resources ticked"], rows["ada", "alexnet"]["resources"]) == (
        "1",
        "2",
    )
    assert (rows["ada", "resnet"]["resources ticked"], rows["ada", "resnet"]["resources"]) == (
        "0",
        "0",
    )
    items = json_items(found["json"])
    assert (items["alexnet"]["ticked"], items["alexnet"]["resources"]) == (1, 2)
    assert items["alexnet"]["status"] == "done"  # marked by hand, not by the ticks


# -- reviews ----------------------------------------------------------------------------------


def test_next_review_or_learnt_and_reviews_due_this_week(engine, papers, ada):
    bob = add_learner(engine, "bob", now=NOW)  # a cohort: the CSV matrix has the figures
    found = reports(engine, [ada, bob], papers)

    md = found["md"]
    assert "· review due 2026-12-16" in md_item(md, "AlexNet")  # passed once: 30 days on
    assert "· review due 2026-11-18" in md_item(md, "ResNet")  # done yesterday: today
    assert md_item(md, "MNIST classifier").endswith("· 2h spent of 4h estimated \\(50%\\) · learnt")
    assert "review" not in md_item(md, "VGG")
    assert "- Reviews due this week: 1" in md

    html = html_items(found["html"])
    assert "review due 2026-12-16" in html["AlexNet"][1]
    assert html["MNIST classifier"][1].endswith("learnt")
    assert "<dt>Reviews due this week</dt><dd>1</dd>" in found["html"]

    rows = csv_rows(found["csv"])
    assert rows["ada", "alexnet"]["next review"] == "2026-12-16T09:30:00+00:00"
    assert rows["ada", "resnet"]["next review"] == "2026-11-18T09:30:00+00:00"
    assert rows["ada", "mnist"]["next review"] == "learnt"
    assert rows["ada", "vgg"]["next review"] == ""
    matrix = csv_matrix(found["csv"])
    assert (matrix["ada"]["reviews due this week"], matrix["bob"]["reviews due this week"]) == (
        "1",
        "0",
    )

    items = json_items(found["json"])
    assert (items["alexnet"]["next_review"], items["alexnet"]["learnt"]) == (
        "2026-12-16T09:30:00+00:00",
        False,
    )
    assert (items["mnist"]["next_review"], items["mnist"]["learnt"]) == (None, True)
    assert (items["vgg"]["next_review"], items["vgg"]["learnt"]) == (None, False)
    assert json_path(found["json"])["reviews_due_this_week"] == 1
    assert json_path(found["json"], learner=1)["reviews_due_this_week"] == 0


# -- the summary ------------------------------------------------------------------------------


def test_the_summary_has_time_pace_and_a_projection_by_time(engine, papers, ada):
    """6h logged on 9h of estimates done (a ratio of 2/3); 4h of estimates left (LeNet) take
    2h40m at that ratio; 4h logged in the last 4 weeks is 1h a week: 19 days from today."""
    bob = add_learner(engine, "bob", now=NOW)
    found = reports(engine, [ada, bob], papers)
    md = found["md"]
    assert "- Hours a week: 1h a week \\(last 4 weeks\\)" in md
    assert "- Against the estimates: 0.67× the estimates" in md
    assert (
        "- Projected finish: 2026-12-07 \\(by the hours logged in the last 4 weeks, the "
        "estimates scaled to your pace\\)"
    ) in md
    html = found["html"]
    assert "<dt>Hours a week</dt><dd>1h a week (last 4 weeks)</dd>" in html
    assert "<dt>Against the estimates</dt><dd>0.67× the estimates" in html
    assert "<dt>Projected finish</dt><dd>2026-12-07 (by the hours logged" in html

    ada_row, bob_row = csv_matrix(found["csv"])["ada"], csv_matrix(found["csv"])["bob"]
    assert [ada_row[column] for column in ("spent hours", "estimate hours", "hours a week")] == [
        "6",
        "13",
        "1",
    ]
    assert [ada_row[c] for c in ("time / estimate", "projected finish", "projected by")] == [
        "0.67",
        "2026-12-07",
        "time",
    ]
    assert [bob_row[c] for c in ("spent hours", "time / estimate", "projected finish")] == [
        "0",
        "",
        "",
    ]

    figures = json_path(found["json"])["figures"]
    assert figures["projected_finish"] == "2026-12-07"
    assert figures["projected_by"] == "time"
    assert (figures["spent_minutes"], figures["minutes_per_week"]) == (360.0, 60.0)
    assert figures["estimate_ratio"] == 0.667


def test_the_projection_follows_items_without_recent_time(engine, papers):
    eve = add_learner(engine, "eve", now=NOW - 50 * DAY)
    mark(engine, eve.id, papers, ["vgg"], "done", now=NOW - 30 * DAY)  # before the 4 weeks
    mark(engine, eve.id, papers, ["alexnet", "resnet"], "done", now=NOW - 7 * DAY)
    found = reports(engine, [eve], papers)
    # 2 left at 2 items in 4 weeks: 28 days.
    assert (
        "- Projected finish: 2026-12-16 \\(by the items done in the last 4 weeks\\)"
        in (found["md"])
    )
    assert "- Hours a week: none logged in the last 4 weeks" in found["md"]
    assert json_path(found["json"])["figures"]["projected_by"] == "items"


def test_too_little_activity_projects_no_finish_in_any_format(engine, papers):
    eve = add_learner(engine, "eve", now=NOW - 50 * DAY)
    mark(engine, eve.id, papers, ["alexnet"], "done", now=NOW)
    bob = add_learner(engine, "bob", now=NOW)  # the CSV's figures are a cohort's
    found = reports(engine, [eve, bob], papers)
    assert "- Projected finish: not enough activity yet\n" in found["md"]
    assert "<dt>Projected finish</dt><dd>not enough activity yet</dd>" in found["html"]
    assert csv_matrix(found["csv"])["eve"]["projected finish"] == ""
    for learner in (0, 1):  # one item done today; nothing at all
        figures = json_path(found["json"], learner=learner)["figures"]
        assert figures["projected_finish"] is None
        assert figures["projected_finish_reason"] == "not_enough_activity"


# -- read per path ----------------------------------------------------------------------------


def test_records_are_read_per_path_not_per_item(engine):
    """A path of 300 items costs the queries of a path of 3: nothing is read item by item."""
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    def queries(items: int) -> int:
        path = make_path(_many_items(items))
        learner = add_learner(engine, f"learner-{items}", now=NOW)
        every = [item.id for item in path.items()]
        mark(engine, learner.id, path, every, "done", now=NOW - DAY, evidence=[metric("x=1")])
        for item_id in every:
            log_time(engine, learner.id, path, item_id, 60, now=NOW - DAY)
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            for kind, text in reports(engine, [learner], path).items():
                assert text, kind
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    assert queries(300) == queries(3)


def _many_items(count: int) -> str:
    items = "\n".join(
        f"          - {{id: item-{n}, title: Item {n}, estimate: 1h}}" for n in range(count)
    )
    return f"""\
format: 1
id: many
title: Many
levels:
  - id: one
    title: One
    steps:
      - id: all
        title: All
        items:
{items}
"""
