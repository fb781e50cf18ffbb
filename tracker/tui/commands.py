"""The command palette (ctrl+p): every action of the screen in front, and the app's own."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

if TYPE_CHECKING:
    from tracker.tui.app import TrackerApp

# A palette title longer than the footer's word, by binding id.
TITLES = {
    "export": "Export a report",
    "evidence": "Add evidence (marks the item done)",
    "resources": "Tick a resource",
    "skimmed": "Paper: skimmed",
    "read": "Paper: read",
    "implemented": "Paper: implemented",
    "stars": "Filter papers by stars",
    "timer": "Start or stop the timer",
    "review": "Review what is due",
}


def tracker_commands(app: TrackerApp, screen: Screen) -> Iterator[SystemCommand]:
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.action in seen or not active.enabled:
            continue
        seen.add(binding.action)
        keys = app.get_key_display(binding)
        yield SystemCommand(
            TITLES.get(binding.id or "", binding.description),
            f"{binding.tooltip or binding.description} (key: {keys})",
            partial(active.node.run_action, binding.action),
        )
    yield SystemCommand(
        "Switch learner", "Follow paths as another learner", partial(app.action_learners)
    )
    yield SystemCommand(
        "Add learner", "Add a learner and switch to them", partial(app.action_learners, True)
    )
    yield SystemCommand(
        "Reload paths", "Load the path files again from disk", app.action_reload_paths
    )
    fork = getattr(screen, "action_fork_path", None)
    if fork is not None:
        yield SystemCommand(
            "Fork this path", "Your own copy to change, under a new id, your progress along", fork
        )
    reset = getattr(screen, "action_reset_path", None)
    if reset is not None:
        yield SystemCommand(
            "Reset this path", "Clear your progress on this path, after asking (u undoes it)", reset
        )
    edit = getattr(screen, "action_edit_path_file", None)
    if edit is not None:
        yield SystemCommand(
            "Open this path's file in $EDITOR", "Edit the YAML; the app reloads it", edit
        )
