"""The HTML report: golden files for one learner and a cohort (reviewed by eye in a browser;
`UPDATE_GOLDEN=1 pytest tests/reports` rewrites them), the cohort's matrices, the activity
that `gather` collects for it, the safety of every text and link, and the page as headless
Chromium renders and prints it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, timedelta
from html.parser import HTMLParser

import pytest

from tests.conftest import REPO
from tests.patience import HANG_SECONDS
from tests.reports.conftest import NOW, PAYLOADS
from tracker.reports.gather import gather
from tracker.reports.html_report import (
    BARS_HEIGHT,
    heatmap,
    html_report,
    note_html,
    safe_url,
    week_chart,
)
from tracker.services.learners import add_learner

GOLDEN = REPO / "tests" / "data" / "reports"
SAFE_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "poster", "srcset"}


def report_html(engine, learners, paths, lang="en"):
    return html_report(gather(engine, learners, paths, lang, now=NOW, activity=True, tz=UTC))


class Page(HTMLParser):
    """The elements of a page with their attributes, its visible text, and its tables."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}  # by class, rows of cells
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("class") or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)


# -- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize("cohort", [False, True], ids=["one", "cohort"])
def test_html_matches_its_golden_file(engine, demo, learners, cohort):
    text = report_html(engine, learners if cohort else learners[:1], [demo])
    golden = GOLDEN / f"{'cohort' if cohort else 'one'}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


def test_the_page_is_self_contained(engine, demo, learners):
    text = report_html(engine, learners, [demo])
    page = Page(text)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    assert 'http-equiv="Content-Security-Policy"' in text
    assert "default-src 'none'; style-src 'unsafe-inline'; img-src data:" in text
    assert '<meta charset="utf-8">' in text
    assert ("html", {"lang": "en"}) in page.elements
    assert "@media print" in text
    assert "@page" in text
    assert "url(" not in text
    assert "@import" not in text


# -- what it shows ----------------------------------------------------------------------------


def test_one_learner_shows_completion_charts_and_the_tree(engine, demo, learners):
    html = report_html(engine, learners[:1], [demo])
    page = Page(html)
    text = " ".join(page.text.split())
    assert "Progress report" in text
    assert "Generated 2026-11-18 · ada" in text
    assert "40%" in text
    assert "2 of 5 items done, 0 skipped." in text
    assert page.tables["bars"] == [
        ["Levels"],
        ["Basics", "", "67%", "2 of 3"],
        ["More", "", "0%", "0 of 2"],
        ["Tracks"],
        ["Vision", "", "100%", "1 of 1"],
        ["Language", "", "0%", "0 of 2"],
    ]
    assert "Cohort" not in text  # one learner: no cohort section
    # The charts: a bar a week (the current one holds a and d), a cell a day.
    assert "Week of 2026-11-16: 2 items done" in text
    assert "Week of 2026-11-09: 0 items done" in text
    assert "2026-11-17: 2 changes" in text
    assert "2026-11-18: 1 change" in text
    assert "Current streak 3 days" in text
    # Statuses read in words, the note is Markdown, titles are literal.
    assert "✔ done Read [the] <intro> done 2026-11-16 · read" in text
    assert "◐ in progress =SUM(A1) build project" in text
    assert "⊘ skipped Optional extra optional" in text
    assert "○ to do 翻译文本 Language" in text
    assert "First *steps*" in text
    assert "=cmd|' /C calc'!A0 second line" in text
    assert "<div class=\"note\"><p>=cmd|' /C calc'!A0\nsecond line</p>" in html


def test_the_cohort_matrices_hold_each_learners_percentages(engine, demo, learners):
    page = Page(report_html(engine, learners, [demo]))
    assert page.tables["matrix levels"] == [
        ["Learner", "Overall", "Basics", "More"],
        ["ada", "40%", "67%", "0%"],
        ["bob", "20%", "0%", "50%"],
    ]
    assert page.tables["matrix tracks"] == [
        ["Learner", "Vision", "Language"],
        ["ada", "100%", "0%"],
        ["bob", "0%", "50%"],
    ]
    assert page.tables["learners"] == [
        ["Learner", "Last activity", "In progress"],
        ["ada", "2026-11-18", "=SUM(A1) build"],
        ["bob", "2026-11-18", "—"],
    ]
    text = " ".join(page.text.split())
    assert "ada: Demo | path # one" in text
    assert "bob: Demo | path # one" in text


def test_chinese_titles_and_the_report_language(engine, demo, learners):
    text = report_html(engine, learners[:1], [demo], lang="zh")
    assert '<html lang="zh">' in text
    assert "演示路径" in text
    assert "翻译文本" in text


def test_gather_collects_activity_only_when_asked(engine, demo, learners):
    plain = gather(engine, learners[:1], [demo], "en", now=NOW)
    assert plain.standings["ada", "demo"].activity is None
    html = html_report(plain)  # still a whole report, without the charts
    assert "40%" in html
    assert "Items done per week" not in html

    activity = gather(engine, learners, [demo], "en", now=NOW, activity=True, tz=UTC)
    ada = activity.standings["ada", "demo"].activity
    assert ada is not None
    assert ada.today == date(2026, 11, 18)
    assert len(ada.weeks) == 12
    assert ada.weeks[-1] == (date(2026, 11, 16), 2)
    assert ada.days[-3:] == [
        (date(2026, 11, 16), 2),
        (date(2026, 11, 17), 2),
        (date(2026, 11, 18), 1),
    ]
    assert (ada.streaks.current, ada.streaks.longest, ada.streaks.active_days) == (3, 3, 3)
    bob = activity.standings["bob", "demo"].activity
    assert bob is not None
    assert bob.weeks[-1] == (date(2026, 11, 16), 1)


def test_every_report_has_the_figures_without_activity(engine, demo, learners):
    """Figures are for every format, read once per learner: activity or not, they agree."""
    plain = gather(engine, learners, [demo], "en", now=NOW, tz=UTC)
    drawn = gather(engine, learners, [demo], "en", now=NOW, activity=True, tz=UTC)
    for name in ("ada", "bob"):
        assert plain.standings[name, "demo"].figures == drawn.standings[name, "demo"].figures
    ada = plain.standings["ada", "demo"].figures
    assert ada.done_this_week == 2
    assert ada.pace_per_week == 0.5
    # Two items done two days ago, time logged lately: not enough activity to project from.
    assert (ada.projected_finish, ada.finish_by) == (None, "time")
    assert ada.finish_reason == "not_enough_activity"
    bob = plain.standings["bob", "demo"].figures
    # One item done today, no time logged.
    assert (bob.projected_finish, bob.finish_by, bob.finish_reason) == (
        None,
        "items",
        "not_enough_activity",
    )


def test_week_bars_scale_to_the_busiest_week_and_cells_sit_by_weekday():
    monday = date(2026, 11, 2)
    weeks = [(monday + timedelta(weeks=n), count) for n, count in enumerate([0, 1, 4])]
    heights = [bar["height"] for bar in week_chart(weeks)["bars"]]
    assert heights == [0.0, BARS_HEIGHT / 4, BARS_HEIGHT]
    assert week_chart([(monday, 0)])["bars"][0]["height"] == 0.0  # nothing done: no bar

    days = [(date(2026, 11, 4) + timedelta(days=n), n) for n in range(8)]  # Wed to Wed
    cells = heatmap(days)["cells"]
    assert len(cells) == 8
    assert [cell["level"] for cell in cells] == [0, 1, 2, 2, 3, 3, 4, 4]
    assert cells[0]["y"] == cells[7]["y"]  # both Wednesdays: one row
    assert cells[7]["x"] > cells[0]["x"]  # the next week: the next column
    assert heatmap([]) is None


# -- safety -----------------------------------------------------------------------------------


def unsafe_parts(page: Page) -> list[str]:
    """Whatever in the page could run or fetch something."""
    found = []
    for tag, attrs in page.elements:
        if tag in ("script", "iframe", "object", "embed", "img", "base", "link", "form"):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES:
                scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", value or "")
                if scheme is None or scheme[1].lower() not in SAFE_SCHEMES:
                    found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and ("url(" in value or "expression" in value):
                found.append(f"<{tag} style={value!r}>")
            if tag == "meta" and name == "http-equiv" and value and value.lower() == "refresh":
                found.append("<meta refresh>")
    return found


def test_nothing_executable_reaches_the_page(engine, hostile, hostile_learner):
    text = report_html(engine, [hostile_learner], [hostile])
    page = Page(text)
    assert unsafe_parts(page) == []
    shown = page.text
    for payload in PAYLOADS:
        assert payload in shown  # still there, as text
    assert "[click](javascript:alert(1))" in shown
    assert "<javascript:alert(1)>" in shown
    assert "[relative](/etc/passwd)" in shown
    assert "[bold]literal[/bold] <b>literal</b>" in shown
    links = {attrs["href"]: attrs for tag, attrs in page.elements if tag == "a"}
    assert set(links) == {
        "https://example.com/ok",
        "https://example.com/i.png",  # an image is off: `![image](...)` is "!" and a link
        "https://example.com/a",
        "mailto:someone@example.com",
    }
    assert all(attrs.get("rel") == "noopener noreferrer" for attrs in links.values())
    # A resource that may not be a link shows its target as text.
    assert "(javascript:alert(1))" in shown
    assert "JavaScript:alert(1)" in shown
    assert "(vbscript:msgbox(1))" in shown
    assert "(/relative/file)" in shown


def test_the_cohort_of_hostile_learners_is_safe_too(engine, hostile, hostile_learner, demo):
    other = add_learner(engine, '"><svg onload=alert(1)>', now=NOW)
    page = Page(report_html(engine, [hostile_learner, other], [hostile, demo]))
    assert unsafe_parts(page) == []
    assert PAYLOADS[1] in page.text
    assert PAYLOADS[2] in page.text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x",
        "/relative", "relative", "//example.com/x", "", "java\tscript:x", "file:///etc/passwd",
    ],
)  # fmt: skip
def test_only_http_https_and_mailto_are_links(url):
    assert not safe_url(url)
    assert "href" not in note_html(f"[x]({url}) <{url}>")


@pytest.mark.parametrize("url", ["https://example.com", "http://a.b/c?d", "mailto:a@b.c"])
def test_safe_links_keep_their_target(url):
    assert safe_url(url)
    assert f'<a href="{url}" rel="noopener noreferrer">x</a>' in note_html(f"[x]({url})")


def test_notes_render_markdown_without_html_or_images():
    rendered = note_html("**bold** `code`\n\n<b>raw</b> ![i](https://example.com/i.png)")
    assert "<strong>bold</strong>" in rendered
    assert "<code>code</code>" in rendered
    assert "&lt;b&gt;raw&lt;/b&gt;" in rendered
    assert "<img" not in rendered


# -- in a browser -----------------------------------------------------------------------------


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
    pytest.skip("chromium is not installed; apt-get install chromium")


def run_chromium(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=HANG_SECONDS, check=False
    )


def test_chromium_renders_and_prints_the_page(engine, demo, learners, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report_html(engine, learners, [demo]), encoding="utf-8")
    url = page.as_uri()

    shown = run_chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", url)
    assert shown.returncode == 0, shown.stderr
    dom = " ".join(shown.stdout.split())
    assert '<p class="figure">40%</p>' in dom
    assert '<p class="figure">20%</p>' in dom
    assert "2 of 5 items done, 0 skipped." in dom
    assert '<td class="s3">67%</td>' in dom
    assert "翻译文本" in dom
    # The page runs nothing, so any console message is an error: a CSP violation, a load
    # that failed or was blocked.
    console = [line for line in shown.stderr.splitlines() if re.search(r"CONSOLE[:(]", line)]
    assert console == []
    assert not re.search(r"Content Security Policy|Refused to|net::ERR_", shown.stderr)

    pdf = tmp_path / "r.pdf"
    printed = run_chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    assert printed.returncode == 0, printed.stderr
    assert pdf.is_file()
    assert pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
