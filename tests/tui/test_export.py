"""The export dialog (`e`): format, file, learners; the report written by the backend in a
thread, where the notification says, or the one-line error kept in the dialog."""

from __future__ import annotations

import csv
import inspect
import io
import json

import pytest
from textual.widgets import Checkbox, DataTable, Input

from tests.tui.conftest import SIZE, plain, settle
from tracker.tui.screens.export import ExportScreen
from tracker.tui.screens.library import LibraryScreen
from tracker.tui.screens.path import PathScreen


@pytest.fixture(autouse=True)
def working_folder(tmp_path, monkeypatch):
    """The dialog's default folder is the working one: the test's own."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def seed(store) -> None:
    from tracker.services.progress import mark

    path = store.path("demo")
    mark(store.engine, store.learner.id, path, ["a"], "done")
    mark(store.engine, store.learner.id, path, ["d"], "doing")
    mark(store.engine, store.learner.id, path, ["c"], "skipped")


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


def file_field(app) -> Input:
    return app.screen.query_one("#export-file", Input)


def error_shown(app) -> str:
    error = app.screen.query_one("#export-error")
    return plain(error) if error.display else ""


async def open_dialog(pilot) -> ExportScreen:
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def test_e_opens_the_dialog_with_the_paths_default_file(make_app, store, tmp_path):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        assert screen.path_id == "demo"
        assert file_field(pilot.app).value == str(tmp_path / "demo-report.md")
        assert not screen.query_one("#export-force", Checkbox).value
        await pilot.press("down", "down", "space")  # the format list has the focus: CSV
        assert file_field(pilot.app).value == str(tmp_path / "demo-report.csv")


async def test_csv_is_written_with_the_statuses_of_the_database(make_app, store, tmp_path):
    seed(store)
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await pilot.press("down", "down", "space", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
        file = tmp_path / "demo-report.csv"
        assert f"Wrote {file} (CSV, 1 learner)" in messages(pilot.app)
    data = file.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, items = rows[0], rows[1:8]
    assert header[:2] == ["learner", "path"]
    item, status = header.index("item id"), header.index("status")
    assert [(row[item], row[status]) for row in items] == [
        ("a", "done"),
        ("b", "todo"),
        ("c", "skipped"),
        ("d", "doing"),
        ("e", "todo"),
        ("f", "todo"),
        ("g", "todo"),
    ]
    assert {(row[0], row[1]) for row in items} == {(store.learner.name, "demo")}
    assert rows[8:9] in ([], [[]])  # one learner: no cohort matrix after the items


async def test_json_for_all_learners_is_a_cohort_document(make_app, store, tmp_path):
    from tracker.services.learners import add_learner
    from tracker.services.progress import mark

    seed(store)
    bob = add_learner(store.engine, "bob")
    mark(store.engine, bob.id, store.path("demo"), ["b"], "doing")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("down", "down", "down", "space")  # JSON
        screen.query_one("#export-learners").focus()
        await pilot.press("down", "space")  # all learners
        await pilot.press("enter")
        await settle(pilot)
        file = tmp_path / "demo-report.json"
        assert f"Wrote {file} (JSON, 2 learners)" in messages(pilot.app)
    document = json.loads(file.read_text(encoding="utf-8"))
    assert document["format"] == "tracker-report"
    assert [path["id"] for path in document["paths"]] == ["demo"]
    learners = {learner["name"]: learner["paths"] for learner in document["learners"]}
    assert learners.keys() == {store.learner.name, "bob"}
    assert learners[store.learner.name][0]["in_progress"] == ["d"]
    assert learners["bob"][0]["in_progress"] == ["b"]


async def test_some_learners_are_picked_from_the_list(make_app, store, tmp_path):
    from tracker.services.learners import add_learner

    add_learner(store.engine, "bob, the second")  # a comma in a name is no separator here
    add_learner(store.engine, "carol")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("down", "down", "down", "space")  # JSON
        screen.query_one("#export-learners").focus()
        await pilot.press("down", "down", "space")  # these learners: the active one ticked
        listing = screen.query_one("#export-some")
        assert listing.display
        assert listing.selected == [store.learner.name]
        listing.focus()
        values = [listing.get_option_at_index(i).value for i in range(listing.option_count)]
        listing.highlighted = values.index("bob, the second")
        await pilot.press("space")  # and bob
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
    document = json.loads((tmp_path / "demo-report.json").read_text(encoding="utf-8"))
    names = {learner["name"] for learner in document["learners"]}
    assert names == {store.learner.name, "bob, the second"}


async def test_an_existing_file_is_kept_unless_replace_is_ticked(make_app, store, tmp_path):
    file = tmp_path / "demo-report.md"
    file.write_text("mine\n", encoding="utf-8")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen  # still open, saying why
        error = error_shown(pilot.app)
        assert f"{file} exists" in error
        assert "\n" not in error
        assert file.read_text(encoding="utf-8") == "mine\n"
        assert not any(m.startswith("Wrote") for m in messages(pilot.app))
        await pilot.click("#export-force")
        assert screen.query_one("#export-force", Checkbox).value
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
        assert f"Wrote {file} (Markdown, 1 learner)" in messages(pilot.app)
    text = file.read_text(encoding="utf-8")
    assert text != "mine\n"
    assert "## Demo" in text


async def test_a_missing_folder_is_an_error_in_the_dialog(make_app, store, tmp_path):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        file_field(pilot.app).value = str(tmp_path / "nowhere" / "report.md")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "the folder does not exist" in error_shown(pilot.app)
        assert not (tmp_path / "nowhere").exists()
        file_field(pilot.app).value = str(tmp_path / "report.md")  # put right: written
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
    assert (tmp_path / "report.md").is_file()


async def test_a_typed_name_stays_and_a_tilde_is_the_home_folder(
    make_app, store, tmp_path, monkeypatch
):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        field = file_field(pilot.app)
        field.focus()
        await pilot.press("ctrl+u", *"~/mine.csv")  # ctrl+u: delete to the line's start
        assert field.value == "~/mine.csv"
        screen.query_one("#export-format").focus()
        await pilot.press("down", "down", "space")  # CSV: the name is the learner's own
        assert field.value == "~/mine.csv"
        await pilot.press("enter")
        await settle(pilot)
        assert f"Wrote {home / 'mine.csv'} (CSV, 1 learner)" in messages(pilot.app)
    assert (home / "mine.csv").read_bytes().startswith("\ufeff".encode())


async def test_escape_closes_the_dialog_and_writes_nothing(make_app, store, tmp_path):
    before = set(tmp_path.iterdir())
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
        await open_dialog(pilot)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
    assert set(tmp_path.iterdir()) == before


async def test_e_on_the_library_exports_the_highlighted_path(make_app, store, tmp_path):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("demo"))
        screen = await open_dialog(pilot)
        assert screen.path_id == "demo"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)
    assert "## Demo" in (tmp_path / "demo-report.md").read_text("utf-8")


async def test_html_is_exported_when_its_renderer_is_there(make_app, store, tmp_path):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await pilot.press("down", "space", "enter")
        await settle(pilot)
        file = tmp_path / "demo-report.html"
        assert f"Wrote {file} (HTML, 1 learner)" in messages(pilot.app)
    assert "<html" in file.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("open_path", ["demo", None])
async def test_the_palette_offers_export_a_report(make_app, store, open_path):
    async with make_app(open_path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = pilot.app
        if open_path is None:
            table = app.screen.query_one(DataTable)
            table.move_cursor(row=table.get_row_index("demo"))
        commands = [c for c in app.get_system_commands(app.screen) if "Export" in c.title]
        assert [c.title for c in commands] == ["Export a report"]
        assert commands[0].help.endswith("(key: e)")
        result = commands[0].callback()
        if inspect.isawaitable(result):
            await result
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.path_id == "demo"


async def test_export_is_in_the_help_and_can_be_remapped(make_app, store, tmp_path):
    from tracker.tui.config import TuiConfig
    from tracker.tui.keys import binding_ids

    assert "export" in binding_ids()
    async with make_app("demo", TuiConfig(keys={"export": "E"})).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportScreen)
        assert not any("no binding" in m for m in messages(pilot.app))
