"""Which tracks of a path the learner follows."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from tracker.tui.failures import ReportsFailures


class TracksScreen(ReportsFailures, ModalScreen[list[str] | None]):
    BINDINGS = [
        Binding("enter,ctrl+s", "apply", "Apply", id="tracks-apply", priority=True),
        Binding("escape", "cancel", "Cancel", id="tracks-cancel"),
    ]

    def __init__(self, choices: list[tuple[str, str, bool]]):
        super().__init__()
        self.choices = choices  # (title, track id, followed)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Tracks you follow", style="bold"))
            yield SelectionList[str](
                *((Text(title), track_id, followed) for title, track_id, followed in self.choices)
            )
            yield Static(Text("Space toggles · Enter applies · Esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
