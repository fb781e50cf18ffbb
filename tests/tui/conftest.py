"""The app built as the CLI builds it, on a database and a path folder of the test's own, with
time frozen so that dates and charts come out the same on every run."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled

from tests.patience import HANG_SECONDS
from tracker.settings import Settings
from tracker.tui.app import TrackerApp
from tracker.tui.config import TuiConfig

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 18)
SIZE = (120, 40)

DEMO = """\
format: 1
id: demo
title: {en: "Demo [bold]path[/bold] <b>", zh: 演示路径}
lang: en
source: {title: The demo source, url: "https://example.org/demo"}
tracks:
  - {id: cv, title: Vision}
  - {id: nlp, title: Language}
levels:
  - id: basics
    title: {en: Basics, zh: 基础}
    steps:
      - id: first
        title: First steps
        items:
          - id: a
            title: {en: "Read [red]the[/red] intro", zh: 阅读简介}
            kind: read
            estimate: 2h
            summary: "The **intro** chapter."
            resources:
              - {url: "https://example.org/intro", title: Intro chapter, kind: read}
              - {url: "https://example.org/video", title: Intro video, kind: watch}
          - {id: b, title: Build a model, kind: project, requires: [a]}
          - {id: c, title: Optional extra, optional: true}
      - id: vision
        title: Vision
        track: cv
        items:
          - {id: d, title: Classify images, estimate: 1-3h}
          - {id: e, title: Everyone's item, tracks: []}
  - id: more
    title: More
    steps:
      - id: language
        title: Language
        track: nlp
        items:
          - {id: f, title: Translate text, requires: [d]}
          - {id: g, title: Summarise text}
"""

PAPERS = """\
format: 1
id: papers
title: Papers to read
lang: en
levels:
  - id: core
    title: Core
    steps:
      - id: classics
        title: Classics
        items:
          - id: alexnet
            title: ImageNet classification with deep CNNs
            kind: paper
            estimate: 3h
            summary: "Krizhevsky, Sutskever and Hinton, 2012."
            tags: [stars-5]
            resources:
              - {url: "https://example.org/alexnet.pdf", title: PDF, kind: paper}
              - {url: "https://example.org/alexnet-code", title: Code, kind: code}
          - {id: dropout, title: Dropout, kind: paper, tags: [stars-4], estimate: 2h}
          - {id: maxout, title: Maxout networks, kind: paper, tags: [stars-3]}
          - {id: overview, title: An overview, kind: paper, tags: [stars-1]}
          - {id: book, title: The book, kind: book}
"""


@pytest.fixture
def papers_path(path_folder) -> str:
    """A reading list beside the demo path: papers with stars, one with two resources."""
    (path_folder / "papers.yaml").write_text(PAPERS, encoding="utf-8")
    return "papers"


@pytest.fixture
def frozen(monkeypatch):
    """Now is NOW and the local zone is UTC, for every service the app calls."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    import tracker.services.insights as insights
    import tracker.services.learners as learners
    import tracker.services.progress as progress

    monkeypatch.setattr(progress, "utc_now", lambda: NOW)
    monkeypatch.setattr(learners, "utc_now", lambda: NOW)
    monkeypatch.setattr(insights, "local_today", lambda tz=None: TODAY)
    yield NOW
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def path_folder(tmp_path) -> Path:
    folder = tmp_path / "paths"
    folder.mkdir()
    (folder / "demo.yaml").write_text(DEMO, encoding="utf-8")
    return folder


@pytest.fixture
def settings(tmp_path, path_folder) -> Settings:
    return Settings(
        db_url=f"sqlite:///{tmp_path / 'progress.db'}",
        user=None,
        path_dirs=(path_folder,),
        lang="en",
    )


class Clock:
    """The app's now, moved by the test: a timer or a review due shows the same always."""

    def __init__(self, now: datetime = NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def make_app(settings, frozen):
    def make(
        open_path: str | None = None,
        config: TuiConfig | None = None,
        clock: Callable[[], datetime] = lambda: NOW,
    ) -> TrackerApp:
        """The app; its clock (the timer's, the reviews') stands still at NOW unless given.
        It never looks for writes made elsewhere on its own: a test runs `poll`."""
        return TrackerApp(
            settings,
            open_path=open_path,
            config=config or TuiConfig(),
            clock=clock,
            poll_seconds=None,
        )

    return make


@pytest.fixture
def store(settings, frozen):
    """The services on the app's database, as another process (the CLI) would use them."""
    from tracker.services.workspace import open_workspace

    return open_workspace(settings)


async def settle(pilot) -> None:
    """Until the app has nothing left to do: workers finished and the screen repainted."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        busy = [w for w in app.workers if not w.is_finished and w.group != "poll"]
        if app.database_ready and not busy:
            break
        if not busy:
            await pilot.pause(0.01)
            continue
        # An exclusive worker replaced by a newer one is cancelled: the next round waits for
        # the newer one.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete(busy)
    await pilot.pause()


async def poll(pilot) -> None:
    """One look for writes made elsewhere, as the app's interval runs it every second, and
    until the screens have shown what it found."""
    looks = [pilot.app.look_for_changes()]
    while looks:
        try:
            await looks[0].wait()
            break
        except WorkerCancelled:  # the app's own interval started a newer look: that one
            looks = [w for w in pilot.app.workers if w.group == "poll" and not w.is_finished]
    await settle(pilot)


async def wait_for(pilot, condition) -> None:
    """Until `condition()` holds, for what the app does on its own (workers, a kept file);
    the limit only stops a hung test."""
    deadline = time.monotonic() + HANG_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause(0.05)


def status_of(store, item_id: str, path_id: str = "demo") -> str:
    from tracker.services.progress import path_progress

    progress = path_progress(store.engine, store.learner.id, store.path(path_id))
    return progress.state(item_id).status


def plain(widget) -> str:
    """What a Static or a label shows, as text."""
    rendered = widget.render()
    return getattr(rendered, "plain", str(rendered))
