"""What the app read last run comes back only while nothing it depends on has changed."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest

from tests.patience import HANG_SECONDS
from tests.tui.conftest import NOW, SIZE, settle, wait_for
from tracker import appdirs
from tracker.pathdefs.discover import default_library
from tracker.services.progress import mark, path_progress, set_note
from tracker.services.standing import Completion, ItemState, PathProgress
from tracker.tui import lastrun
from tracker.tui.app import TrackerApp
from tracker.tui.backend import Backend
from tracker.tui.screens.path import PathScreen


def test_figures_come_back_while_nothing_changed_and_not_after_a_write(settings, store):
    files = {settings.path_dirs[0] / "demo.yaml": (1, 2)}
    saved = {"demo": (Completion(1, 0, 2), NOW), "other": (Completion(unfollowed=3), None)}
    lastrun.save_figures(lastrun.key(settings, files), saved)
    assert lastrun.load_figures(settings, files) == saved
    assert lastrun.load_figures(replace(settings, user="bob"), files) is None
    assert (
        lastrun.load_figures(settings, {**files, settings.path_dirs[0] / "new.yaml": (3, 4)})
        is None
    )

    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")
    assert lastrun.load_figures(settings, files) is None


def test_figures_of_another_shape_are_not_taken(settings, store):
    """Figures kept by a version that stored a percentage (or damaged) are read as none."""
    files = {settings.path_dirs[0] / "demo.yaml": (1, 2)}
    for stored in (50.0, [1, "2", 3], [1, 2, 3, 4, 5, 6], [-1, 0, 0]):
        lastrun._save(
            "library-figures.json", lastrun.key(settings, files), {"demo": [stored, None]}
        )
        assert lastrun.load_figures(settings, files) is None


def test_only_plain_sqlite_files_have_figures(settings):
    for url in ("sqlite://", "sqlite:///:memory:", "postgresql://host/db", "sqlite:///x?mode=ro"):
        assert lastrun.key(replace(settings, db_url=url), {}) is None
    assert lastrun.database_file(None).name == "tracker.db"


def test_a_standing_comes_back_whole_for_its_own_path_only(settings, store):
    demo = store.path("demo")
    kept = PathProgress(
        demo,
        states={"a": ItemState("done", "see [b]", NOW, NOW, NOW), "b": ItemState("doing")},
        orphans={"gone": ItemState("skipped", updated_at=NOW)},
        unfollowed=frozenset({"nlp"}),
    )
    lastrun.save_standing(lastrun.key(settings, {}), kept)
    assert lastrun.load_standing(settings, {}, demo) == kept
    assert lastrun.load_standing(settings, {}, replace(demo, id="other")) is None

    mark(store.engine, store.learner.id, demo, ["c"], "done")
    assert lastrun.load_standing(settings, {}, demo) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["states"].update(a=["finished", "", None, None, None]),
        lambda data: data["states"].update(a=["done", "", "yesterday", None, None]),
        lambda data: data["states"].update(a=["done"]),
        lambda data: data.update(unfollowed=None),
    ],
    ids=["unknown-status", "bad-time", "short", "no-tracks"],
)
def test_a_damaged_standing_is_not_shown(settings, store, damage):
    demo = store.path("demo")
    lastrun.save_standing(lastrun.key(settings, {}), PathProgress(demo, {}, {}, frozenset()))
    file = appdirs.cache_dir() / "path-standing.json"
    stored = json.loads(file.read_text(encoding="utf-8"))
    stored["data"]["states"]["a"] = ["done", "", None, None, None]
    damage(stored["data"])
    file.write_text(json.dumps(stored), encoding="utf-8")
    assert lastrun.load_standing(settings, {}, demo) is None


def opened(settings, library) -> Backend:
    """A backend as `tracker tui demo` makes it, database open and the path read."""
    backend = Backend(settings, library, opening="demo")
    backend.open_database()
    backend.outline("demo")
    return backend


def test_the_standing_read_last_is_kept_at_exit_and_shown_at_the_next_start(settings, store):
    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")
    set_note(store.engine, store.learner.id, store.path("demo"), "b", "halfway")
    backend = opened(settings, store.library)
    backend.mark("demo", ["b"], "doing")  # the app's own write, before its last read
    backend.outline("demo")
    backend.keep_at_exit()

    kept = Backend(settings, store.library, opening="demo").kept_outline
    assert kept is not None
    now = path_progress(store.engine, store.learner.id, store.path("demo"))
    assert kept.progress == now
    assert (kept.progress.state("a").status, kept.progress.state("b").status) == ("done", "doing")
    assert kept.next[0].item.id == "b"
    assert Backend(settings, store.library).kept_outline is None  # the library opens: unused


def test_each_new_reading_is_kept_once(settings, store, monkeypatch):
    backend = opened(settings, store.library)
    saved = []
    monkeypatch.setattr(lastrun, "save_standing", lambda key, progress: saved.append(progress))
    backend.keep_latest()
    backend.keep_latest()
    backend.mark("demo", ["a"], "done")
    backend.keep_latest()  # the mark is not read back yet: nothing new
    backend.outline("demo")
    backend.keep_latest()
    assert [p.state("a").status for p in saved] == ["todo", "done"]


def test_the_figures_read_are_kept_under_the_key_the_closed_database_has(settings, store):
    """The CLI leaves its write-ahead log behind; the app's exit folds it into the file, so
    the key the figures were read under is old by then: they are saved again under the new."""
    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")
    backend = Backend(settings, store.library)
    backend.open_database()
    figures = backend.summaries()
    store.engine.dispose()  # the other process is gone: the app's connection is the last
    backend.keep_at_exit()
    backend.engine.dispose()  # as the process's end does, if keep_at_exit has not
    assert Backend(settings, store.library).cached_figures == figures
    assert figures["demo"][0].percent > 0


def test_a_kept_reading_is_old_once_anyone_writes_after_it(settings, store):
    backend = opened(settings, store.library)
    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")  # after the read
    backend.keep_latest()
    assert Backend(settings, store.library, opening="demo").kept_outline is None
    backend.outline("demo")
    backend.keep_latest()
    kept = Backend(settings, store.library, opening="demo").kept_outline
    assert kept is not None
    assert kept.progress.state("a").status == "done"


def test_nothing_is_kept_when_another_process_wrote_after_the_last_read(settings, store):
    backend = opened(settings, store.library)
    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")  # the CLI, say
    backend.keep_at_exit()
    assert Backend(settings, store.library, opening="demo").kept_outline is None


def test_nothing_is_kept_for_a_learner_the_next_start_would_not_open(settings, store):
    from tracker.services.learners import add_learner

    add_learner(store.engine, "bob")
    named = replace(settings, user=store.learner.name)
    backend = opened(named, store.library)
    backend.use_learner("bob")  # switched in the app; the next start opens the named one
    backend.outline("demo")
    backend.keep_latest()
    backend.keep_at_exit()
    assert Backend(named, store.library, opening="demo").kept_outline is None


def test_a_write_after_the_exit_makes_the_kept_standing_old(settings, store):
    backend = opened(settings, store.library)
    backend.keep_at_exit()
    assert Backend(settings, store.library, opening="demo").kept_outline is not None
    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")
    assert Backend(settings, store.library, opening="demo").kept_outline is None


async def test_the_path_is_painted_from_the_kept_standing_before_the_database_opens(
    settings, store, monkeypatch
):
    """After a run that kept its standing, the path's first paint shows the items with their
    statuses while the database is still opening; the database's reading follows."""
    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")
    opened(settings, store.library).keep_at_exit()
    shown = []
    showing = PathScreen.show

    first_paint = threading.Event()
    opening = Backend.open_database

    def show(screen, outline, *records):
        showing(screen, outline, *records)
        labels = {i: node.label.plain for i, node in screen.tree.item_nodes.items()}
        shown.append((labels.get("a"), labels.get("b"), screen.app.database_ready))
        first_paint.set()

    def open_database(backend):  # however fast, not before the first paint
        first_paint.wait(timeout=HANG_SECONDS)
        return opening(backend)

    monkeypatch.setattr(PathScreen, "show", show)
    monkeypatch.setattr(Backend, "open_database", open_database)
    app = TrackerApp(settings, open_path="demo", library=default_library(settings.path_dirs))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    first, *_, last = shown
    assert first == ("✔ Read [red]the[/red] intro", "○ Build a model", False)
    # the database's reading adds what the kept standing has not: resources ticked
    assert last == ("✔ Read [red]the[/red] intro  ☑ 0/2", "○ Build a model", True)


async def test_the_app_keeps_what_it_read_after_a_mark_within_seconds(settings, store):
    """A terminal closed after a mark (the process killed, no exit) still leaves a standing
    that the next start paints first."""

    def kept_status() -> str | None:
        kept = Backend(settings, store.library, opening="demo").kept_outline
        return kept.progress.state("a").status if kept is not None else None

    app = TrackerApp(settings, open_path="demo", library=default_library(settings.path_dirs))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: kept_status() == "done")
