"""Done, with evidence: a link or a file, and a metric NAME=VALUE, both optional. The item is
marked done (if it is not yet) and the evidence added in one write."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tracker.tui.failures import ReportsFailures
from tracker.vocabulary import count


class EvidenceScreen(ReportsFailures, ModalScreen[int | None]):
    """Dismissed with how many pieces of evidence were added once written, or None when
    cancelled. A link that is not one, a file that does not exist or a bad metric is said
    in the dialog, which stays open with what was typed."""

    BINDINGS = [
        Binding("enter", "submit", "Save", id="evidence-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="evidence-cancel"),
    ]

    def __init__(self, path_id: str, item_id: str, title: str, status: str):
        super().__init__()
        self.path_id = path_id
        self.item_id = item_id
        self.item_title = title
        self.status = status  # as the path screen showed it: a change elsewhere is not lost
        self._busy = False

    def compose(self) -> ComposeResult:
        marks = "" if self.status == "done" else " (it is marked done)"
        with Vertical(classes="dialog wide", id="evidence-dialog"):
            yield Static(
                Text.assemble(
                    ("Evidence for ", "bold"),
                    (self.item_title, "bold"),
                    marks,
                    "\nBoth are optional: Enter with both empty just marks it done.",
                )
            )
            link = Input(placeholder="https://… or a path to a file", id="evidence-link")
            link.border_title = "Link or file"
            yield link
            measured = Input(placeholder="accuracy=0.91", id="evidence-metric")
            measured.border_title = "Metric NAME=VALUE"
            yield measured
            yield Static(id="evidence-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Enter)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#evidence-error").display = False
        self.query_one("#evidence-link", Input).focus()

    def action_submit(self) -> None:
        if self.focused is not None and self.focused.id == "cancel":
            self.action_cancel()
        elif not self._busy:
            self.save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        elif not self._busy:
            self.save()

    def action_cancel(self) -> None:
        if not self._busy:
            self.dismiss(None)

    def show_error(self, message: str) -> None:
        error = self.query_one("#evidence-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    @work(group="evidence", exit_on_error=False)
    async def save(self) -> None:
        from tracker.services.errors import ServiceError

        link = self.query_one("#evidence-link", Input).value
        measured = self.query_one("#evidence-metric", Input).value
        backend = self.app.backend
        self._busy = True
        try:
            added = await backend.call(
                backend.done_with_evidence, self.path_id, self.item_id, link, measured, self.status
            )
        except ServiceError as error:
            self.show_error(str(error))
            return
        finally:
            self._busy = False
        pieces = count(added, "piece of evidence", "pieces of evidence")
        given = f" with {pieces}" if added else ""
        self.app.notify(f"{self.item_title}: done{given}", timeout=3)
        self.dismiss(added)
