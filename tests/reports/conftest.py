"""A fixed path, fixed progress for two learners, and frozen time: what golden files need."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.services.conftest import make_path
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
