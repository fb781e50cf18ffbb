from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tracker.pathdefs.load import parse_path
from tracker.services.learners import current_learner
from tracker.services.stats import EventFact

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
TZ = timezone(timedelta(hours=8))  # far from UTC, so that local and UTC days differ

PATH = """\
format: 1
id: demo
title: Demo
tracks:
  - {id: cv, title: Vision}
  - {id: nlp, title: Language}
levels:
  - id: basics
    title: Basics
    steps:
      - id: first
        title: First
        items:
          - {id: a, title: A, estimate: 2h}
          - {id: b, title: B, requires: [a]}
          - {id: c, title: C, optional: true}
      - id: vision
        title: Vision
        track: cv
        items:
          - {id: d, title: D, estimate: 1-3h}
          - {id: e, title: E, tracks: []}
  - id: more
    title: More
    steps:
      - id: language
        title: Language
        track: nlp
        items:
          - {id: f, title: F, requires: [d]}
          - {id: first, title: An item named like a step}
"""


def make_path(text: str = PATH):
    result = parse_path(text.encode(), "demo.yaml")
    assert result.path is not None, result.diagnostics
    return result.path


@pytest.fixture
def path():
    return make_path()


@pytest.fixture
def learner(engine):
    return current_learner(engine, now=T0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def local_at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A local time in TZ, stored as the store does: aware UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


def event(
    moment: datetime,
    item_id: str = "a",
    to: str = "done",
    was: str = "todo",
    path_id: str = "p",
    **flags: bool,
) -> EventFact:
    return EventFact(moment, path_id, item_id, was, to, **flags)
