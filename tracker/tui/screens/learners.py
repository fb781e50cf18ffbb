"""Switch to another learner, or add one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tracker.tui.failures import ReportsFailures


class LearnerScreen(ReportsFailures, ModalScreen[tuple[str, str] | None]):
    """Dismissed with ("use", name), ("add", name), or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="learners-cancel")]

    def __init__(self, adding: bool = False):
        super().__init__()
        self.adding = adding

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Learners", style="bold"))
            yield OptionList(id="learner-list")
            yield Input(placeholder="add a learner: type a name, Enter", id="learner-name")
            yield Static(Text("Enter switches · Tab moves · Esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.load()
        if self.adding:
            self.query_one(Input).focus()
        else:
            self.query_one(OptionList).focus()

    @work(group="learners", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        backend = self.app.backend
        learners = await backend.call(backend.learners)
        current = backend.learner.name if backend.learner else None
        listing = self.query_one(OptionList)
        listing.clear_options()
        for learner in learners:
            mark = "● " if learner.name == current else "  "
            listing.add_option(Option(Text(mark + learner.name), id=learner.name))
        if current is not None:
            listing.highlighted = next(
                (i for i, learner in enumerate(learners) if learner.name == current), 0
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("use", event.option.id or ""))

    @on(Input.Submitted)
    def _added(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(("add", name))

    def action_cancel(self) -> None:
        self.dismiss(None)
