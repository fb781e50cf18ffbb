"""Every binding of the app by id: what the help screen lists and `tui.toml` can remap."""

from __future__ import annotations

from textual.binding import Binding


def all_bindings() -> list[tuple[str, Binding]]:
    """(where, binding) for every binding with an id, app-wide ones first."""
    from tracker.tui.app import TrackerApp
    from tracker.tui.screens.library import LibraryScreen
    from tracker.tui.screens.path import PathScreen
    from tracker.tui.screens.review import ReviewScreen
    from tracker.tui.screens.stats import StatsScreen
    from tracker.tui.widgets.detail import ResourceList
    from tracker.tui.widgets.path_tree import PathTree

    found = []
    for where, owner in (
        ("everywhere", TrackerApp),
        ("library", LibraryScreen),
        ("path", PathScreen),
        ("stats", StatsScreen),
        ("review", ReviewScreen),
        ("path tree", PathTree),
        ("resources", ResourceList),
    ):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found.append((where, binding))
    return found


def binding_ids() -> set[str]:
    return {binding.id for _, binding in all_bindings() if binding.id}
