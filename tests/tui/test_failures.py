"""A write that fails in the app says so: one error notification with the one-line message,
whatever the key (tick, mark, depth, evidence, note, time, review, undo) and whichever screen
ran it; nothing is written, and the app goes on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.tui.conftest import NOW, SIZE, Clock, settle, status_of
from tests.tui.test_records import label, mark, open_path, ticked
from tracker.store.engine import StoreError

FAILURE = "database error: disk I/O error; nothing changed"


def errors(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_a_tick_the_database_refuses_is_an_error_notification(make_app, store):
    """A real failure, from the database itself: the learner reads why, the tick is not
    stored and the screen still shows none."""
    from sqlalchemy import text

    with store.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_ticks BEFORE INSERT ON resource_tick "
                "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
            )
        )
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "a")
        await pilot.press("c", "space")
        await settle(pilot)
        assert errors(pilot.app) == ["database error: disk on fire"]
        assert ticked(store) == {}
        assert label(screen, "a").endswith("☑ 0/2")
        await pilot.press("escape", "d")  # the app goes on: the next write is made
        await settle(pilot)
        assert status_of(store, "a") == "done"


async def press_tick(pilot, clock):
    await open_path(pilot, "a")
    await pilot.press("c", "space")


async def press_mark(pilot, clock):
    await open_path(pilot, "a")
    await pilot.press("d")


async def press_depth(pilot, clock):
    await open_path(pilot, "dropout")
    await pilot.press("2")


async def press_evidence(pilot, clock):
    await open_path(pilot, "b")
    await pilot.press("D")
    await settle(pilot)
    await pilot.press(*"loss=0.3")
    await pilot.press("enter")


async def press_note(pilot, clock):
    await open_path(pilot, "a")
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*"mine", "ctrl+s")


async def press_timer(pilot, clock):
    await open_path(pilot, "a")
    await pilot.press("T")
    clock.now += timedelta(minutes=20)
    await pilot.press("T")


async def press_review(pilot, clock):
    await open_path(pilot, "b")
    await pilot.press("R")
    await settle(pilot)
    await pilot.press("p")


async def press_undo(pilot, clock):
    await open_path(pilot, "a")
    await pilot.press("u")


# The path the app opens, the keys, and the backend call that fails under them.
KEYS = {
    "tick": ("demo", press_tick, "tick"),
    "mark": ("demo", press_mark, "mark"),
    "depth": ("papers", press_depth, "mark_depth"),
    "evidence": ("demo", press_evidence, "done_with_evidence"),
    "note": ("demo", press_note, "set_note"),
    "time": ("demo", press_timer, "log_time"),
    "review": ("demo", press_review, "answer_review"),
    "undo": ("demo", press_undo, "undo"),
}


@pytest.mark.parametrize("key", KEYS)
async def test_every_failed_write_is_an_error_notification(make_app, papers_path, store, key):
    path_id, press, method = KEYS[key]
    mark(store, ["b"], "done")  # for review (due two days on) and undo
    clock = Clock(NOW + timedelta(days=2))
    app = make_app(path_id, clock=clock)
    calls = []

    def fail(*args, **kwargs):
        calls.append(args)
        raise StoreError(FAILURE)

    setattr(app.backend, method, fail)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, clock)
        await settle(pilot)
        assert calls, f"{key} did not write"
        assert errors(app) == [FAILURE]
    assert status_of(store, "a") == "todo"
    assert status_of(store, "b") == "done"


async def test_an_unexpected_failure_is_named_in_one_line(make_app, store):
    app = make_app("demo")

    def fail(*args, **kwargs):
        raise OSError("no space left\non device")

    app.backend.tick = fail
    async with app.run_test(size=SIZE) as pilot:
        await press_tick(pilot, None)
        await settle(pilot)
        assert errors(app) == ["internal error: OSError: no space left\\non device"]


def test_every_screen_reports_its_failed_workers():
    """The mechanism holds for screens to come: each one of the app mixes it in."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import tracker.tui.screens
    from tracker.tui.failures import ReportsFailures

    for module in pkgutil.iter_modules(tracker.tui.screens.__path__):
        importlib.import_module(f"tracker.tui.screens.{module.name}")
    found, waiting = [], [Screen]
    while waiting:
        for screen in waiting.pop().__subclasses__():
            waiting.append(screen)
            if screen.__module__.startswith("tracker."):
                found.append(screen)
    assert len(found) >= 10
    assert [s.__name__ for s in found if not issubclass(s, ReportsFailures)] == []
