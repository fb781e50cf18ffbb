"""What the screens look like, as reviewed SVG snapshots (pytest-textual-snapshot).

Each test drives the app as the other TUI tests do, waits until every worker has finished
(`settle`) and compares the screen with the SVG under `__snapshots__/`. After a deliberate
change of the look: `pytest tests/tui/test_snapshots.py --snapshot-update`, then open the
report or the SVGs and check them by eye before committing.

The tests are plain functions: the plugin runs the app in an event loop of its own.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from tests.tui.conftest import NOW, SIZE, Clock, settle
from tracker.tui.screens.path import PathScreen

SMALL = (80, 24)  # the smallest terminal the app is laid out for


@pytest.fixture(autouse=True)
def same_names_everywhere(isolated_home, monkeypatch):
    """What the screens show of the machine: the learner (the login name) and the config
    file (shown by help). Fixed here, so the snapshots match on every machine and run."""
    monkeypatch.setenv("LOGNAME", "ada")
    monkeypatch.setenv("USER", "ada")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/ada/.config")


def seed(store) -> None:
    """Some of everything on the demo path: done, doing, skipped and a note."""
    from tracker.services.progress import mark, set_note

    path = store.path("demo")
    mark(store.engine, store.learner.id, path, ["a"], "done")
    mark(store.engine, store.learner.id, path, ["d"], "doing")
    mark(store.engine, store.learner.id, path, ["c"], "skipped")
    set_note(store.engine, store.learner.id, path, "a", "start with MNIST, then CIFAR")


def no_blinking(app) -> None:
    """Blinking cursors would make the snapshot depend on the moment it is taken."""
    for widget in (*app.screen.query(TextArea), *app.screen.query(Input)):
        widget.cursor_blink = False


def on_item(item_id: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PathScreen)
        screen.tree.go_to(screen.tree.item_nodes[item_id])
        await settle(pilot)

    return run_before


def pressing(*keys: str, item_id: str | None = None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if item_id is not None:
            screen = pilot.app.screen
            screen.tree.go_to(screen.tree.item_nodes[item_id])
            await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        no_blinking(pilot.app)
        await settle(pilot)

    return run_before


async def just_settle(pilot) -> None:
    await settle(pilot)
    await settle(pilot)


def test_library(snap_compare, make_app, store):
    """The shipped paths and the demo path (its title literal, brackets and all), with the
    demo's completion and last activity."""
    seed(store)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=just_settle)


def test_path_screen_item_with_resources_and_note(snap_compare, make_app, store):
    """The demo path: ✔ ◐ ⊘ ○ in the tree, bars on levels and steps; the detail of item a
    (summary, two resources, the note, the dates)."""
    seed(store)
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=on_item("a"))


def test_path_screen_item_with_unmet_requirement(snap_compare, make_app, store):
    """Item f requires d, which is only doing: the requirement is listed and flagged."""
    seed(store)
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=on_item("f"))


def test_path_screen_step_detail(snap_compare, make_app, store):
    """The cursor on a step: its bar and counts in the detail pane."""
    seed(store)

    async def run_before(pilot) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        screen.tree.go_to(screen.tree.part_nodes["basics", "first"])
        await settle(pilot)

    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=run_before)


def test_path_screen_parts_with_nothing_to_count(snap_compare, make_app, store):
    """nlp unfollowed, a and b skipped: First steps says "skipped", More and Language say
    "not followed", muted, with neither bar nor percentage; Basics still counts d and e."""
    from tracker.services.progress import mark, set_followed

    path = store.path("demo")
    set_followed(store.engine, store.learner.id, path, ["nlp"], False)
    mark(store.engine, store.learner.id, path, ["a", "b"], "skipped")
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=just_settle)


def test_stats_screen(snap_compare, make_app, store):
    """S on the path: figures, the level-by-track table, weeks and the heatmap."""
    seed(store)
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=pressing("S"))


def test_help_screen(snap_compare, make_app, store):
    """? on the path: the path screen's keys with their ids, and the config file."""
    seed(store)
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=pressing("question_mark"))


def test_learner_modal(snap_compare, make_app, store):
    """w: the learners, the current one marked, and the field to add one."""
    seed(store)
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=pressing("w"))


def test_note_editor(snap_compare, make_app, store):
    """n on item a: its note in the editor, the keys below."""
    seed(store)
    run_before = pressing("n", item_id="a")
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=run_before)


def test_export_dialog(snap_compare, make_app, store, monkeypatch):
    """e on the path: the formats (Markdown chosen), the default file in the working folder,
    the learners, replace off, Export and Cancel."""
    import tracker.tui.screens.export as export

    seed(store)
    monkeypatch.setattr(export, "working_folder", lambda: Path("/home/ada/reports"))
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=pressing("e"))


def test_path_screen_small_terminal(snap_compare, make_app, store):
    """80x24: the tree, the detail and the footer all still there."""
    seed(store)
    assert snap_compare(make_app("demo"), terminal_size=SMALL, run_before=on_item("a"))


def test_library_light_theme(snap_compare, make_app, store):
    """The library in textual-light."""
    seed(store)
    app = make_app()
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=SIZE, run_before=just_settle)


def test_timer_running(snap_compare, make_app, store):
    """T on item a, 12 min 34 s later: the timer's line above the footer, with the item's
    time against its estimate."""
    seed(store)
    clock = Clock()

    async def run_before(pilot) -> None:
        await on_item("a")(pilot)
        await pilot.press("T")
        await settle(pilot)
        clock.now = NOW + timedelta(minutes=12, seconds=34)
        pilot.app.clear_notifications()  # "Timer started": gone after a while, not in the picture
        pilot.app.screen.query_one("#timer-line").refresh()
        await settle(pilot)

    app = make_app("demo", clock=clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def seed_reviews(store) -> None:
    """Item a done with a link and a metric, and b done: both due a day later."""
    from tracker.services.evidence import link_or_file, metric
    from tracker.services.progress import mark

    seed(store)
    proofs = [link_or_file("https://github.com/ada/intro"), metric("pages=42")]
    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done", evidence=proofs)
    mark(store.engine, store.learner.id, store.path("demo"), ["b"], "done")


def test_review_screen(snap_compare, make_app, store):
    """R two days after a and b were done: a, the longest overdue, with where it is on its
    path, its summary, note and evidence; how many are due; the keys to answer."""
    seed_reviews(store)
    app = make_app("demo", clock=Clock(NOW + timedelta(days=2)))
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("R"))


def test_review_screen_nothing_due(snap_compare, make_app, store):
    """R the day they were done: nothing to review, and when the next review falls due."""
    seed_reviews(store)
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=pressing("R"))


def test_evidence_dialog_with_an_error(snap_compare, make_app, store):
    """D on item b with a file that does not exist: the error in the dialog, which stays."""
    seed(store)
    run_before = pressing("D", *"no-such-file.txt", "enter", item_id="b")
    assert snap_compare(make_app("demo"), terminal_size=SIZE, run_before=run_before)


def test_papers_with_stars_depth_and_the_star_filter(snap_compare, make_app, papers_path, store):
    """A reading list filtered to 4 stars or more (said in the header): each paper's stars
    and depth, the ticks, time and evidence of the first, whose detail shows them all."""
    from tracker.services.evidence import metric
    from tracker.services.progress import mark
    from tracker.services.ticks import tick
    from tracker.services.timelog import log_time

    path = store.path("papers")
    learner = store.learner.id
    alexnet = next(iter(path.items()))
    mark(store.engine, learner, path, ["alexnet"], "done", depth="implemented",
         evidence=[metric("top5=0.84")])  # fmt: skip
    mark(store.engine, learner, path, ["dropout"], "doing", depth="skimmed")
    tick(store.engine, learner, path, alexnet, alexnet.resources[:1])
    log_time(store.engine, learner, path, "alexnet", 5400)
    run_before = pressing("asterisk", "asterisk", item_id="alexnet")
    assert snap_compare(make_app("papers"), terminal_size=SIZE, run_before=run_before)
