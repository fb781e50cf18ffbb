"""Forks in the app: the dialog asks the copy's id and title, the notification names both the
new id and the file, the library tells the copy from the original by its id, and the review
screen shows a carried item once."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input

from tests.tui.conftest import NOW, SIZE, plain, settle
from tests.tui.test_path_screen import _palette, open_demo, store_mark
from tracker import appdirs
from tracker.tui.screens.fork import ForkScreen
from tracker.tui.screens.library import LibraryScreen
from tracker.tui.screens.path import PathScreen


async def fork_dialog(pilot) -> ForkScreen:
    await open_demo(pilot)
    await _palette(pilot, "Fork this path")
    dialog = pilot.app.screen
    assert isinstance(dialog, ForkScreen)
    return dialog


def notices(app) -> list[str]:
    return [notice.message for notice in app._notifications]


async def test_the_fork_dialog_offers_a_title_and_says_what_it_wrote(make_app, store):
    store_mark(store, ["a"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        dialog = await fork_dialog(pilot)
        title = dialog.query_one("#fork-title", Input)
        assert title.value == "Demo [bold]path[/bold] <b> (my copy)"

        title.value = "  "  # no title: said in the dialog, nothing written
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "a title cannot be empty" in plain(dialog.query_one("#fork-error"))

        title.value = "My demo"
        await pilot.press("enter")
        await settle(pilot)
        copy = pilot.app.screen
        assert isinstance(copy, PathScreen)
        assert copy.current_path_id == "my-demo"
        assert "My demo" in plain(copy.query_one("#path-header"))
        file = appdirs.user_paths_dir() / "my-demo.yaml"
        assert '\ntitle: {en: "My demo", zh: "My demo"}\n' in file.read_text(encoding="utf-8")
        (notice,) = [n for n in notices(pilot.app) if "Forked" in n]
        assert notice == f"Forked as 'my-demo': wrote {file}; 1 item of progress carried over"


async def test_the_title_offered_keeps_every_language(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        dialog = await fork_dialog(pilot)
        dialog.query_one("#fork-progress").value = False
        await pilot.press("enter")
        await settle(pilot)
        path = pilot.app.backend.library.paths["my-demo"]
        assert path.title == {
            "en": "Demo [bold]path[/bold] <b> (my copy)",
            "zh": "演示路径（我的副本）",
        }
        (notice,) = [n for n in notices(pilot.app) if "Forked" in n]
        assert notice == f"Forked as 'my-demo': wrote {appdirs.user_paths_dir() / 'my-demo.yaml'}"


async def test_the_library_shows_each_paths_id(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        dialog = await fork_dialog(pilot)
        dialog.query_one("#fork-title", Input).value = "Demo [bold]path[/bold] <b>"  # the same
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)
        table = pilot.app.screen.query_one(DataTable)
        paths = ["demo", "my-demo"]
        assert len({table.get_cell(path_id, "title").plain for path_id in paths}) == 1
        assert [table.get_cell(path_id, "id").plain for path_id in paths] == paths


async def test_the_review_screen_shows_a_carried_item_once_on_the_fork(make_app, store):
    store_mark(store, ["a", "d"], "done")
    later = NOW + timedelta(days=2)  # both due
    async with make_app("demo", clock=lambda: later).run_test(size=SIZE) as pilot:
        await fork_dialog(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        cards = pilot.app.screen.cards
        assert sorted((c.path.id, c.item.id) for c in cards) == [("my-demo", "a"), ("my-demo", "d")]
