"""A fixed path, fixed progress for two learners, and frozen time: what golden files need."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.services.conftest import make_path
from tracker.pathdefs.model import Resource
from tracker.services.learners import add_learner
from tracker.services.progress import mark, set_note

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
          - {id: a, title: "Read [the] <intro>", kind: read}
          - {id: b, title: "=SUM(A1) build", kind: project}
          - {id: c, title: Optional extra, optional: true}
      - id: vision
        title: Vision
        track: cv
        items:
          - {id: d, title: Classify images}
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
    ada = add_learner(engine, "ada", now=NOW)
    bob = add_learner(engine, "bob", now=NOW)
    mark(engine, ada.id, demo, ["a", "d"], "done", now=NOW - timedelta(days=2))
    mark(engine, ada.id, demo, ["b"], "doing", now=NOW - timedelta(days=1))
    mark(engine, ada.id, demo, ["c"], "skipped", now=NOW - timedelta(days=1))
    set_note(engine, ada.id, demo, "a", "=cmd|' /C calc'!A0\nsecond line", now=NOW)
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
