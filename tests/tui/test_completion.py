"""The app shows a part with nothing left to count without a bar or a percentage: the tree,
the detail pane, the header, the stats screen and the library say why, in a neutral style."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from tests.tui.conftest import SIZE, plain, settle
from tracker.tui.format import NOTHING_TO_COUNT_STYLE
from tracker.tui.screens.path import PathScreen
from tracker.tui.screens.stats import StatsScreen


def nothing_to_count_here(store) -> None:
    """nlp unfollowed (the level More has nothing else); a and b skipped (the step First
    steps keeps only the optional c)."""
    from tracker.services.progress import mark, set_followed

    path = store.path("demo")
    set_followed(store.engine, store.learner.id, path, ["nlp"], False)
    mark(store.engine, store.learner.id, path, ["a", "b"], "skipped")


def reason_style(text: Text, reason: str) -> str:
    """The style of the words that say why: their span's, or the whole text's."""
    start = text.plain.index(reason)
    spans = {str(span.style) for span in text.spans if span.start <= start < span.end}
    (style,) = spans or {str(text.style)}
    return style


async def test_the_tree_says_why_instead_of_a_full_bar(make_app, store):
    nothing_to_count_here(store)
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PathScreen)
        parts = screen.tree.part_nodes
        more, language = parts["more", None].label, parts["more", "language"].label
        first = parts["basics", "first"].label
        assert more.plain == "More  not followed"
        assert language.plain == "Language  not followed"
        assert first.plain == "First steps  skipped"
        assert reason_style(language, "not followed") == NOTHING_TO_COUNT_STYLE
        assert "0/2" in parts["basics", None].label.plain  # d and e still count
        assert all("100%" not in node.label.plain for node in parts.values())

        screen.tree.go_to(parts["more", "language"])
        await settle(pilot)
        detail = plain(screen.query_one("#detail-facts"))
        assert "not followed" in detail
        assert "%" not in detail


async def test_the_stats_screen_and_the_library_say_why(make_app, store):
    from tracker.services.progress import mark, set_followed

    nothing_to_count_here(store)
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        table = pilot.app.screen.query_one(DataTable)
        basics, more, whole = (
            [cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)
        )
        # Level, All, Vision, Language, Spent / estimate
        assert more[1:4] == ["not followed", "—", "not followed"]  # no Vision item in More
        assert basics[3] == "—"
        assert "%" in basics[1]
        assert whole[3] == "not followed"

    path = store.path("demo")
    set_followed(store.engine, store.learner.id, path, ["cv"], False)
    mark(store.engine, store.learner.id, path, ["e"], "skipped")  # the last counted item
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        cell = table.get_cell("demo", "completion")
        assert cell.plain == "skipped"
        assert reason_style(cell, "skipped") == NOTHING_TO_COUNT_STYLE
