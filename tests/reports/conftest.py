"""A fixed path, fixed progress for two learners, and frozen time: what golden files need."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.services.conftest import make_path
from tracker.pathdefs.model import Resource
from tracker.services.evidence import link_or_file, metric
from tracker.services.learners import add_learner
from tracker.services.progress import mark, path_progress, set_note
from tracker.services.reviews import answer_review, set_review_days
from tracker.services.ticks import tick
from tracker.services.timelog import log_time

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)

PATH = """\
format: 1
id: demo
title: {en: "Demo | path # one", zh: 演示路径}
tracks:
  - {id: cv, title: Vision}
  - {id: nlp, title: Language}
levels:
  - id: basics
    title: Basics
    steps:
      - id: first
        title: First *steps*
        items:
          - {id: a, title: "Read [the] <intro>", kind: read, estimate: 2h}
          - id: b
            title: "=SUM(A1) build"
            kind: project
            estimate: 1-3h
            resources:
              - {url: "https://example.com/guide", title: Guide}
              - {url: "https://example.com/data.csv"}
          - {id: c, title: Optional extra, optional: true}
      - id: vision
        title: Vision
        track: cv
        items:
          - {id: d, title: Classify images, estimate: 30m}
  - id: more
    title: More
    steps:
      - id: language
        title: Language
        track: nlp
        items:
          - {id: f, title: 翻译文本}
          - {id: g, title: Summarise text}
"""


@pytest.fixture
def demo():
    return make_path(PATH)


@pytest.fixture
def learners(engine, demo):
    """ada: two items done (one with evidence, one reviewed once), one in progress with time
    logged and a resource ticked, one skipped, a note; bob: one item done."""
    ada = add_learner(engine, "ada", now=NOW)
    bob = add_learner(engine, "bob", now=NOW)
    proofs = [link_or_file("https://github.com/ada/intro"), metric("words=1200")]
    mark(engine, ada.id, demo, ["a"], "done", now=NOW - timedelta(days=2), evidence=proofs)
    mark(engine, ada.id, demo, ["d"], "done", now=NOW - timedelta(days=2))
    mark(engine, ada.id, demo, ["b"], "doing", now=NOW - timedelta(days=1))
    mark(engine, ada.id, demo, ["c"], "skipped", now=NOW - timedelta(days=1))
    set_note(engine, ada.id, demo, "a", "=cmd|' /C calc'!A0\nsecond line", now=NOW)
    log_time(engine, ada.id, demo, "a", 5400, now=NOW - timedelta(days=2))
    log_time(engine, ada.id, demo, "b", 2700, now=NOW - timedelta(days=1))
    b = demo.levels[0].steps[0].items[1]
    tick(engine, ada.id, demo, b, b.resources[:1], now=NOW - timedelta(days=1))
    progress = path_progress(engine, ada.id, demo)
    answer_review(engine, ada.id, progress, "d", True, now=NOW - timedelta(days=1))
    mark(engine, bob.id, demo, ["g"], "done", now=NOW)
    return ada, bob


# Text that would run or fetch something if a report let it through as HTML or as a link.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
)
HOSTILE_NOTE = """\
<script>alert(1)</script> and <img src=x onerror=alert(1)> and "><svg onload=alert(1)>

[click](javascript:alert(1)) [empty]() [data](data:text/html,hi) [relative](/etc/passwd)
<javascript:alert(1)> ![image](https://example.com/i.png) [fine](https://example.com/ok)
"""


def _hostile_path_text() -> str:
    def quoted(text: str) -> str:
        return json.dumps(text)  # a JSON string is a YAML double-quoted scalar

    script, img, svg = (quoted(payload) for payload in PAYLOADS)
    return f"""\
format: 1
id: hostile
title: {script}
summary: {img}
tracks:
  - {{id: t, title: {svg}}}
levels:
  - id: one
    title: {img}
    steps:
      - id: s
        title: {quoted("[bold]literal[/bold] <b>literal</b>")}
        items:
          - id: x
            title: {script}
            summary: {svg}
            tracks: [t]
            resources:
              - {{url: "https://example.com/a", title: {img}, summary: {script}}}
          - {{id: y, title: {svg}}}
"""


@pytest.fixture
def hostile():
    """A path whose every text carries a payload; its first item's resources include URLs
    that the path format rejects but a report must survive all the same."""
    path = make_path(_hostile_path_text())
    item = path.levels[0].steps[0].items[0]
    item.resources += (
        Resource("javascript:alert(1)", PAYLOADS[0]),
        Resource(" JavaScript:alert(1)"),
        Resource("data:text/html,<script>alert(1)</script>", "data"),
        Resource("vbscript:msgbox(1)", "vb"),
        Resource("/relative/file", "relative"),
        Resource("mailto:someone@example.com", "mail"),
    )
    return path


@pytest.fixture
def hostile_learner(engine, hostile):
    learner = add_learner(engine, PAYLOADS[1], now=NOW)
    mark(engine, learner.id, hostile, ["x"], "doing", now=NOW - timedelta(days=1))
    set_note(engine, learner.id, hostile, "x", HOSTILE_NOTE, now=NOW)
    set_note(engine, learner.id, hostile, "y", PAYLOADS[2], now=NOW)
    return learner


PAPERS = """\
format: 1
id: papers
title: Papers and projects
levels:
  - id: reading
    title: Reading
    steps:
      - id: classics
        title: Classics
        items:
          - id: alexnet
            title: AlexNet
            kind: paper
            estimate: 2h
            tags: [stars-5]
            resources:
              - {url: "https://example.com/alexnet.pdf", title: The PDF}
              - {url: "https://example.com/alexnet-code", title: The code}
          - {id: resnet, title: ResNet, kind: paper, estimate: 3h}
          - {id: vgg, title: VGG, kind: paper}
      - id: modern
        title: Modern
        items:
          - {id: lenet, title: LeNet, kind: paper, estimate: 4h}
  - id: building
    title: Building
    steps:
      - id: projects
        title: Projects
        items:
          - {id: mnist, title: MNIST classifier, kind: project, estimate: 4h}
"""
LINK = "https://github.com/ada/alexnet"
DAY = timedelta(days=1)


@pytest.fixture
def papers():
    return make_path(PAPERS)


@pytest.fixture
def notes(tmp_path):
    file = tmp_path / "alexnet | notes.md"
    file.write_text("what I learnt", encoding="utf-8")
    return file


@pytest.fixture
def ada(engine, papers, notes):
    """AlexNet implemented with three pieces of evidence, 3h logged (2h estimated), a
    resource of two ticked, its first review passed; ResNet read yesterday, 1h logged, due
    for review today; VGG skimmed; LeNet untouched; the MNIST project done long ago, 2h
    logged, every review passed. Review intervals: 1 and 30 days."""
    ada = add_learner(engine, "ada", now=NOW - 50 * DAY)
    set_review_days(engine, ada.id, (1, 30))
    proofs = [link_or_file(LINK), link_or_file(str(notes)), metric("top1-accuracy=0.63")]
    mark(engine, ada.id, papers, ["mnist"], "done", now=NOW - 40 * DAY)
    log_time(engine, ada.id, papers, "mnist", 2 * 3600, now=NOW - 40 * DAY)
    mark(engine, ada.id, papers, ["alexnet"], "done", now=NOW - 3 * DAY, depth="implemented")
    mark(engine, ada.id, papers, ["alexnet"], "done", now=NOW - 3 * DAY, evidence=proofs)
    log_time(engine, ada.id, papers, "alexnet", 3 * 3600, now=NOW - 3 * DAY)
    alexnet = papers.levels[0].steps[0].items[0]
    tick(engine, ada.id, papers, alexnet, alexnet.resources[:1], now=NOW - 3 * DAY)
    mark(engine, ada.id, papers, ["resnet"], "done", now=NOW - DAY)
    log_time(engine, ada.id, papers, "resnet", 3600, now=NOW - DAY)
    mark(engine, ada.id, papers, ["vgg"], "doing", now=NOW - DAY, depth="skimmed")
    progress = path_progress(engine, ada.id, papers)
    answer_review(engine, ada.id, progress, "mnist", True, now=NOW - 39 * DAY)
    answer_review(engine, ada.id, progress, "mnist", True, now=NOW - 9 * DAY)
    answer_review(engine, ada.id, progress, "alexnet", True, now=NOW - 2 * DAY)
    return ada
