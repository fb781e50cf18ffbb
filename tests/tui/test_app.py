"""The library screen, the modals, the stats screen, the command palette, remapped keys,
and what other writers and edited files do to a running app."""

from __future__ import annotations

import inspect
import subprocess
import sys

from textual.widgets import DataTable

from tests.patience import HANG_SECONDS
from tests.tui.conftest import DEMO, SIZE, plain, poll, settle, status_of, wait_for
from tracker.tui.app import POLL_SECONDS, TrackerApp
from tracker.tui.config import TuiConfig, load_config
from tracker.tui.screens.help import HelpScreen
from tracker.tui.screens.learners import LearnerScreen
from tracker.tui.screens.library import LibraryScreen
from tracker.tui.screens.path import PathScreen
from tracker.tui.screens.stats import StatsScreen


def mark(store, ids, status, path_id="demo"):
    from tracker.services.progress import mark as service_mark

    service_mark(store.engine, store.learner.id, store.path(path_id), ids, status)


def cell(app, path_id: str, column: str) -> str:
    value = app.screen.query_one(DataTable).get_cell(path_id, column)
    return getattr(value, "plain", str(value))


def highlight(pilot, path_id: str) -> None:
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(path_id))


async def test_the_library_lists_paths_with_the_learners_figures(make_app, store):
    mark(store, ["a", "b"], "done")
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app.screen, LibraryScreen)
        assert cell(app, "demo", "title") == "Demo [bold]path[/bold] <b>"
        assert cell(app, "demo", "items") == "7"
        assert cell(app, "demo", "tracks") == "2"
        assert cell(app, "demo", "completion").endswith("33%")
        assert cell(app, "demo", "last") == "2026-11-18"
        assert cell(app, "dl-guide", "completion").endswith(" 0%")


async def test_enter_opens_the_highlighted_path(make_app, store):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        highlight(pilot, "demo")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
        assert pilot.app.screen.current_path_id == "demo"


async def test_c_continues_where_the_learner_was_last(make_app, store):
    mark(store, ["f"], "doing")
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PathScreen)
        assert screen.spot.item.id == "f"


async def test_broken_files_are_listed_with_their_errors(make_app, path_folder, store):
    (path_folder / "broken.yaml").write_text("format: 1\nid: Broken!\n", encoding="utf-8")
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        errors = plain(screen.query_one("#broken"))
        assert "broken.yaml cannot be loaded" in errors
        assert "broken.yaml:2:" in errors
        assert any(str(key.value).startswith("broken:") for key in screen.query_one(DataTable).rows)


async def test_q_on_the_library_quits(make_app, store):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not pilot.app.is_running


async def test_a_path_opened_directly_goes_back_to_the_library(settings, store, frozen):
    from tracker.pathdefs.discover import default_library

    app = TrackerApp(settings, open_path="demo", library=default_library(settings.path_dirs))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PathScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert cell(app, "demo", "title") == "Demo [bold]path[/bold] <b>"


async def test_the_learner_modal_adds_and_switches_learners(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LearnerScreen)
        await pilot.press("tab", *"alice", "enter")
        await settle(pilot)
        app = pilot.app
        assert app.backend.learner.name == "alice"
        assert app.sub_title == "alice"
        screen = app.screen
        assert screen.tree.item_nodes["a"].label.plain.startswith("○")  # alice has nothing
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("up", "enter")  # the first learner, made from the login name
        await settle(pilot)
        assert app.backend.learner.name == store.learner.name
        assert screen.tree.item_nodes["a"].label.plain.startswith("✔")


async def test_help_lists_every_key_with_its_id(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        table = pilot.app.screen.query_one(DataTable)
        ids = {table.get_row_at(row)[2].plain for row in range(table.row_count)}
        assert {"done", "doing", "skip", "reset", "toggle", "note", "undo", "filter"} <= ids
        assert {"tracks", "next", "back", "help", "language", "learners", "stats"} <= ids
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PathScreen)


async def test_the_stats_screen_shows_levels_tracks_weeks_and_days(make_app, store):
    mark(store, ["a", "d"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        figures = plain(screen.query_one("#stats-figures"))
        assert "33%" in figures
        assert "2 done · 4 left" in figures
        assert "streak 1 day," in figures
        table = screen.query_one("#stats-table", DataTable)
        basics = [getattr(c, "plain", c) for c in table.get_row_at(0)]
        assert basics[0] == "Basics"
        assert basics[1].endswith("50%")  # a, d of a b d e
        assert basics[2].endswith("100%")  # the cv track: d
        weeks = plain(screen.query_one("#stats-weeks")).splitlines()
        assert len(weeks) == 12
        assert weeks[-1].startswith("Nov 16")
        assert weeks[-1].endswith("2")
        days = plain(screen.query_one("#stats-days"))
        assert "Mon" in days
        assert "more" in days
        await pilot.press("q")
        assert isinstance(pilot.app.screen, PathScreen)


async def test_the_palette_offers_every_action_and_the_app_commands(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = pilot.app
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Done", "Learning", "Skip", "Reset", "Note", "Undo", "Filter", "Tracks"} <= titles
        assert {"Switch learner", "Add learner", "Reload paths"} <= titles
        assert "Open this path's file in $EDITOR" in titles
        done = next(c for c in app.get_system_commands(app.screen) if c.title == "Done")
        result = done.callback()
        if inspect.isawaitable(result):
            await result
        await settle(pilot)
        assert status_of(store, "a") == "done"


async def test_opening_the_path_file_runs_the_editor_and_reloads(
    make_app, store, monkeypatch, path_folder
):
    import contextlib

    ran = []

    def editor(command, check=False):
        ran.append(command)
        text = DEMO.replace("- {id: g, title: Summarise text}", "- {id: h, title: Added}")
        (path_folder / "demo.yaml").write_text(text, encoding="utf-8")

    monkeypatch.setenv("EDITOR", "my-editor --wait")
    monkeypatch.setattr(subprocess, "run", editor)
    async with make_app("demo").run_test(size=SIZE) as pilot:
        monkeypatch.setattr(pilot.app, "suspend", contextlib.nullcontext)
        await settle(pilot)
        pilot.app.screen.action_edit_path_file()
        await settle(pilot)
        assert ran == [["my-editor", "--wait", str(path_folder / "demo.yaml")]]
        await poll(pilot)
        assert "h" in pilot.app.screen.tree.item_nodes


async def test_keys_are_remapped_by_binding_id(make_app, store, tmp_path, monkeypatch):
    config = tmp_path / "tui.toml"
    config.write_text('[keys]\ndone = "o"\nnope = "z"\n', encoding="utf-8")
    async with make_app("demo", load_config(config)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert status_of(store, "a") == "todo"
        await pilot.press("o")
        await settle(pilot)
        assert status_of(store, "a") == "done"
        messages = [n.message for n in pilot.app._notifications]
        assert any("no binding with id nope" in m for m in messages)


def test_a_bad_settings_file_is_one_line_and_no_crash(tmp_path):
    config = tmp_path / "tui.toml"
    config.write_text("theme = [\n", encoding="utf-8")
    loaded = load_config(config)
    assert loaded.keys == {}
    assert len(loaded.problems) == 1
    assert "\n" not in loaded.problems[0]
    assert str(config) in loaded.problems[0]
    assert load_config(tmp_path / "missing.toml") == TuiConfig()


async def test_a_mark_by_another_process_shows_at_the_next_poll(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        mark(store, ["b"], "done")  # as `tracker done demo/b` would
        await poll(pilot)
        assert screen.tree.item_nodes["b"].label.plain.startswith("✔")


async def test_the_app_polls_every_second_on_its_own(settings, store):
    app = TrackerApp(settings, open_path="demo")
    assert app.poll_seconds == POLL_SECONDS == 1.0  # other writers show within two seconds
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        mark(store, ["b"], "done")
        await wait_for(pilot, lambda: screen.tree.item_nodes["b"].label.plain.startswith("✔"))


async def test_an_edited_path_file_reloads_and_a_broken_one_keeps_the_last_good(
    make_app, store, path_folder
):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = pilot.app.screen
        file = path_folder / "demo.yaml"
        file.write_text(DEMO.replace("Summarise text", "Summarise a long text"), "utf-8")
        await poll(pilot)
        assert "a long" in screen.tree.item_nodes["g"].label.plain
        file.write_text(DEMO.replace("levels:", "levels: [", 1), "utf-8")
        await poll(pilot)
        assert any("last good" in n.message for n in pilot.app._notifications)
        assert "a long" in screen.tree.item_nodes["g"].label.plain  # still on screen
        assert screen.tree.item_nodes["a"].label.plain.startswith("✔")  # progress kept
        assert status_of(store, "a") == "done"


def test_the_library_is_painted_before_sqlalchemy_is_imported(settings, tmp_path):
    """In a fresh interpreter with a warm path cache: the titles are on screen before the
    first database work starts, SQLAlchemy is not loaded then, and no YAML is parsed."""
    script = f"""
import sys, asyncio
from pathlib import Path
from tracker.pathdefs.discover import default_library
from tracker.settings import Settings
settings = Settings(db_url={settings.db_url!r}, path_dirs=(Path({str(settings.path_dirs[0])!r}),))
default_library(settings.path_dirs)  # warms the cache, like an earlier run
for name in [m for m in sys.modules if m.startswith(("yaml", "tracker.pathdefs.validate"))]:
    del sys.modules[name]
from tracker.tui.app import POLL_SECONDS, TrackerApp
from tracker.tui.backend import Backend
seen = []
opening = Backend.open_database
def open_database(self):
    table = app.screen.query_one("DataTable")
    seen.append((table.row_count, "sqlalchemy" in sys.modules, "yaml" in sys.modules))
    return opening(self)
Backend.open_database = open_database
app = TrackerApp(settings, library=default_library(settings.path_dirs))
async def main():
    async with app.run_test() as pilot:
        while not app.database_ready:
            await pilot.pause(0.01)
asyncio.run(main())
print(seen)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
        check=False,
    )
    assert "[(7, False, False)]" in done.stdout, done.stdout + done.stderr


async def test_notifications_show_text_literally(make_app, store):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.screen.notify("no path '[bold]x[/bold]'")
        await pilot.pause()
        assert pilot.app._notifications
        (notice,) = list(pilot.app._notifications)
        assert notice.message == "no path '[bold]x[/bold]'"
        assert notice.markup is False


async def test_S_on_the_library_shows_the_highlighted_paths_stats(make_app, store):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        highlight(pilot, "demo")
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        assert pilot.app.screen.current_path_id == "demo"
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, LibraryScreen)


async def test_modals_close_with_escape_and_change_nothing(make_app, store):
    from tracker.tui.screens.tracks import TracksScreen

    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, modal in (("w", LearnerScreen), ("t", TracksScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(pilot.app.screen, modal)
            await pilot.press("space", "escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, PathScreen)
        assert pilot.app.backend.learner.name == store.learner.name
        from tracker.services.progress import path_progress

        progress = path_progress(store.engine, store.learner.id, store.path("demo"))
        assert progress.unfollowed == frozenset()


async def test_the_confirmation_buttons_answer_too(make_app, store):
    from tracker.tui.screens.confirm import ConfirmScreen

    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        screen.tree.go_to(screen.tree.part_nodes["more", None])
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle(pilot)
        assert status_of(store, "f") == "done"
        assert status_of(store, "g") == "done"
        assert status_of(store, "a") == "todo"


async def test_the_library_shows_marks_made_on_a_path_when_back(make_app, store):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        highlight(pilot, "demo")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert cell(pilot.app, "demo", "completion").endswith("17%")
