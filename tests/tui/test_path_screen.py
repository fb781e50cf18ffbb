"""The path screen: every marking key, notes, undo, filter, tracks, next, links, language.
Each test checks what the database holds and what the screen shows."""

from __future__ import annotations

from tests.tui.conftest import SIZE, plain, settle, status_of
from tracker.tui.screens.confirm import ConfirmScreen
from tracker.tui.screens.path import PathScreen


async def open_demo(pilot) -> PathScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PathScreen)
    return screen


def label(screen: PathScreen, item_id: str) -> str:
    return screen.tree.item_nodes[item_id].label.plain


def cursor_item(screen: PathScreen) -> str | None:
    spot = screen.spot
    return spot.item.id if spot is not None and spot.item is not None else None


async def test_opening_a_path_puts_the_cursor_on_the_next_item(make_app, store):
    store_mark(store, ["a"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        assert cursor_item(screen) == "b"  # a is done; b's requirement is met
        header = plain(screen.query_one("#path-header"))
        assert "next: Build a model" in header
        assert "17%" in header  # 1 done of 6 counted (c is optional)
        assert label(screen, "a").startswith("✔ ")
        assert label(screen, "b").startswith("○ ")


async def test_the_next_item_is_a_required_one_before_any_optional_one(make_app, store):
    store_mark(store, ["c"], "doing")  # optional, started: still after every required item
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        assert cursor_item(screen) == "a"
        header = screen.query_one("#path-header").render()
        assert "next: Read [red]the[/red] intro" in header.plain
        assert "(optional)" not in header.plain
    store_mark(store, ["a", "b", "d", "e", "f", "g"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        assert cursor_item(screen) == "c"
        header = screen.query_one("#path-header").render()
        assert header.plain.endswith("next: Optional extra (optional)")
        marker = header.plain.index(" (optional)")
        assert any(
            "dim" in str(span.style) and span.start <= marker and span.end == len(header.plain)
            for span in header.spans
        )


def is_dim(text) -> bool:
    """Whether the whole label is dimmed."""
    return any(
        "dim" in str(span.style) and span.start == 0 and span.end == len(text)
        for span in text.spans
    )


def store_mark(store, ids, status):
    from tracker.services.progress import mark

    mark(store.engine, store.learner.id, store.path("demo"), ids, status)


async def test_keys_d_l_s_r_and_space_mark_the_item(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        assert cursor_item(screen) == "a"
        for key, status, glyph in (
            ("d", "done", "✔"),
            ("l", "doing", "◐"),
            ("s", "skipped", "⊘"),
            ("r", "todo", "○"),
            ("space", "done", "✔"),
            ("space", "todo", "○"),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert status_of(store, "a") == status, key
            assert label(screen, "a").startswith(glyph + " "), key


async def test_a_mark_updates_the_bars_of_its_step_level_and_path(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        await pilot.press("d")
        await settle(pilot)
        step = screen.tree.part_nodes["basics", "first"].label.plain
        level = screen.tree.part_nodes["basics", None].label.plain
        assert "50%" in step
        assert "1/2" in step
        assert "25%" in level
        assert "1/4" in level
        assert "17%" in plain(screen.query_one("#path-header"))


async def test_reset_on_a_step_asks_first_then_marks_every_item(make_app, store):
    store_mark(store, ["a", "b", "c"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        screen.tree.go_to(screen.tree.part_nodes["basics", "first"])
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert status_of(store, "a") == "done"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [status_of(store, i) for i in "abc"] == ["todo"] * 3
        assert all(label(screen, i).startswith("○") for i in "abc")


async def test_space_on_a_level_folds_it_and_marks_nothing(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        node = screen.tree.part_nodes["basics", None]
        screen.tree.go_to(node)
        await pilot.press("space")
        await settle(pilot)
        assert not node.is_expanded
        assert status_of(store, "a") == "todo"


async def test_undo_reverts_the_last_mark(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert status_of(store, "a") == "todo"
        assert label(screen, "a").startswith("○")
        assert "Undid 1 change" in [n.message for n in pilot.app._notifications]


async def test_n_edits_the_note_and_closing_saves_it(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"start with MNIST")
        await pilot.press("escape")
        await settle(pilot)
        assert note_of(store, "a") == "start with MNIST"
        assert "start with MNIST" in plain(screen.query_one("#detail-note"))
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("x", "ctrl+q")  # closing without saving keeps the note
        await settle(pilot)
        assert note_of(store, "a") == "start with MNIST"


def note_of(store, item_id: str) -> str:
    from tracker.services.progress import path_progress

    return path_progress(store.engine, store.learner.id, store.path("demo")).state(item_id).note


async def test_a_note_changed_elsewhere_is_not_overwritten(make_app, store):
    from tracker.services.progress import set_note

    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_demo(pilot)
        await pilot.press("n")
        await settle(pilot)
        set_note(store.engine, store.learner.id, store.path("demo"), "a", "from the CLI")
        await pilot.press(*"mine")
        await pilot.press("escape")
        await settle(pilot)
        assert note_of(store, "a") == "from the CLI"
        # The learner's text is back in the editor; saving again replaces the other one.
        assert pilot.app.screen.query_one("TextArea").text == "mine"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert note_of(store, "a") == "mine"


async def test_a_stale_mark_never_overwrites_a_newer_change(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        pilot.app.workers.cancel_group(pilot.app, "poll")
        store_mark(store, ["a"], "doing")  # the screen still shows todo
        await pilot.press("space")  # what the learner saw: todo -> done
        await settle(pilot)
        assert status_of(store, "a") == "doing"
        assert label(screen, "a").startswith("◐")  # the screen caught up
        refused = [n.message for n in pilot.app._notifications if n.severity == "error"]
        assert refused == ["'a' is doing now (changed elsewhere); nothing changed"]


async def test_keys_pressed_before_a_write_ends_are_the_learners_own_marks(make_app, store):
    """`d` then `r` at once: the second mark starts from what the screen shows (done, still
    being written), so it is not refused as stale, and the two are written in order."""
    import time

    from tracker.services.progress import history

    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        backend = pilot.app.backend
        write = backend.mark

        def slow_mark(*args, **kwargs):
            time.sleep(0.3)  # the next key arrives while this mark is written
            return write(*args, **kwargs)

        backend.mark = slow_mark
        await pilot.press("d", "r", "space")
        assert label(screen, "a").startswith("✔ ")  # shown at once, before any write ends
        await settle(pilot)
        assert status_of(store, "a") == "done"
        moves = [(e.from_status, e.to_status) for e in history(store.engine, store.learner.id)]
        assert moves == [("todo", "done"), ("done", "todo"), ("todo", "done")]
        assert label(screen, "a").startswith("✔ ")


async def test_filter_shows_matching_items_and_escape_clears_it(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        await pilot.press("slash", *"text")
        await pilot.press("enter")
        await settle(pilot)
        assert set(screen.tree.item_nodes) == {"f", "g"}
        assert screen.tree.has_focus
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert len(screen.tree.item_nodes) == 7


async def test_unfollowed_tracks_are_dimmed_and_h_hides_them(make_app, store):
    from tracker.services.progress import set_followed

    set_followed(store.engine, store.learner.id, store.path("demo"), ["cv"], False)
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        assert is_dim(screen.tree.item_nodes["d"].label)
        assert not is_dim(screen.tree.item_nodes["a"].label)
        await pilot.press("h")
        await settle(pilot)
        assert "d" not in screen.tree.item_nodes
        assert "e" in screen.tree.item_nodes  # of no track: everyone's
        await pilot.press("h")
        await settle(pilot)
        assert "d" in screen.tree.item_nodes


async def test_t_chooses_the_tracks_followed(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("space")  # the first track, cv, off
        await pilot.press("enter")
        await settle(pilot)
        from tracker.services.progress import path_progress

        progress = path_progress(store.engine, store.learner.id, store.path("demo"))
        assert progress.unfollowed == {"cv"}
        assert is_dim(screen.tree.item_nodes["d"].label)
        assert not is_dim(screen.tree.item_nodes["f"].label)


async def test_x_jumps_to_the_next_item_even_when_filtered_away(make_app, store):
    store_mark(store, ["a"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        screen.tree.go_to(screen.tree.item_nodes["g"])
        await pilot.press("x")
        await settle(pilot)
        assert cursor_item(screen) == "b"
        await pilot.press("slash", *"translate", "enter")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert cursor_item(screen) == "b"
        assert len(screen.tree.item_nodes) == 7


async def test_enter_opens_a_link_of_the_item(make_app, store, monkeypatch):
    opened = []
    async with make_app("demo").run_test(size=SIZE) as pilot:
        monkeypatch.setattr(pilot.app, "open_url", lambda url, **_: opened.append(url))
        screen = await open_demo(pilot)
        await pilot.press("enter")  # two resources: the list takes the focus
        await settle(pilot)
        assert screen.query_one("#detail-resources").has_focus
        await pilot.press("down", "enter")
        assert opened == ["https://example.org/video"]


async def test_the_detail_pane_shows_the_item(make_app, store):
    store_mark(store, ["a"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        screen.tree.go_to(screen.tree.item_nodes["b"])
        await settle(pilot)
        detail = screen.query_one("#detail")
        assert plain(detail.query_one("#detail-title")) == "Build a model"
        assert "kind project" in plain(detail.query_one("#detail-facts"))
        assert "Read [red]the[/red] intro" in plain(detail.query_one("#detail-requires"))
        screen.tree.go_to(screen.tree.item_nodes["f"])
        await settle(pilot)
        assert "not met" in plain(detail.query_one("#detail-requires"))
        screen.tree.go_to(screen.tree.item_nodes["a"])
        await settle(pilot)
        assert "done 2026-11-18" in plain(detail.query_one("#detail-dates"))


async def test_titles_are_shown_literally(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        assert "Read [red]the[/red] intro" in label(screen, "a")
        assert "Demo [bold]path[/bold] <b>" in plain(screen.query_one("#path-header"))


async def test_L_switches_the_language(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert "阅读简介" in label(screen, "a")
        assert "演示路径" in plain(screen.query_one("#path-header"))
        await pilot.press("L")
        await settle(pilot)
        assert "intro" in label(screen, "a")


async def test_q_goes_back_to_the_library(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_demo(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert pilot.app.screen.__class__.__name__ == "LibraryScreen"


async def _palette(pilot, title: str) -> None:
    import inspect

    app = pilot.app
    (command,) = [c for c in app.get_system_commands(app.screen) if c.title == title]
    result = command.callback()
    if inspect.isawaitable(result):
        await result
    await settle(pilot)


async def test_reset_this_path_asks_clears_everything_and_u_brings_it_back(make_app, store):
    from tracker.services.progress import set_note

    store_mark(store, ["a", "b"], "done")
    set_note(store.engine, store.learner.id, store.path("demo"), "c", "later")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_demo(pilot)
        await _palette(pilot, "Reset this path")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "3 items back to todo" in pilot.app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert (status_of(store, "a"), note_of(store, "c")) == ("done", "later")

        await _palette(pilot, "Reset this path")
        await pilot.press("y")
        await settle(pilot)
        assert [status_of(store, i) for i in "ab"] == ["todo", "todo"]
        assert note_of(store, "c") == ""
        assert label(screen, "a").startswith("○")

        await pilot.press("u")
        await settle(pilot)
        assert [status_of(store, i) for i in "ab"] == ["done", "done"]
        assert note_of(store, "c") == "later"
        assert label(screen, "b").startswith("✔")
        messages = [n.message for n in pilot.app._notifications]
        assert "Reset 3 items; u undoes it" in messages
        assert "Undid 3 changes" in messages


async def test_fork_this_path_writes_the_copy_and_opens_it_with_the_progress(make_app, store):
    from textual.widgets import Input

    from tracker import appdirs
    from tracker.tui.screens.fork import ForkScreen

    store_mark(store, ["a"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_demo(pilot)
        await _palette(pilot, "Fork this path")
        dialog = pilot.app.screen
        assert isinstance(dialog, ForkScreen)
        assert dialog.query_one("#fork-id", Input).value == "my-demo"

        dialog.query_one("#fork-id", Input).value = "demo"  # taken: said in the dialog
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "a path 'demo' is already loaded" in plain(dialog.query_one("#fork-error"))
        assert not (appdirs.user_paths_dir() / "demo.yaml").exists()

        dialog.query_one("#fork-id", Input).value = "my-demo"
        await pilot.press("enter")
        await settle(pilot)
        copy = pilot.app.screen
        assert isinstance(copy, PathScreen)
        assert copy.current_path_id == "my-demo"
        assert (appdirs.user_paths_dir() / "my-demo.yaml").exists()
        assert label(copy, "a").startswith("✔ ")  # the progress came along
