"""Fork a path: its file copied under a new id into the learner's paths folder."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from tracker.tui.failures import ReportsFailures
from tracker.tui.format import shown_text
from tracker.vocabulary import count


class ForkScreen(ReportsFailures, ModalScreen[str | None]):
    """Dismissed with the new path id once the copy is written, or None. A failure (a bad
    or taken id, an unwritable folder) stays in the dialog."""

    BINDINGS = [
        Binding("enter", "submit", "Fork", id="fork-run", priority=True),
        Binding("escape", "cancel", "Cancel", id="fork-cancel"),
    ]

    def __init__(self, path_id: str):
        super().__init__()
        self.path_id = path_id
        self._busy = False
        self._default_title = ""  # the title offered: the original's, marked as a copy

    def compose(self) -> ComposeResult:
        from tracker.pathdefs.fork import copy_titles  # loads YAML: not before a fork

        backend = self.app.backend
        assert backend.library is not None
        path = backend.library.paths[self.path_id]
        with Vertical(classes="dialog wide", id="fork-dialog"):
            yield Static(
                Text.assemble(
                    ("Your own copy of ", "bold"),
                    (shown_text(path.title, backend.lang, path.lang), "bold"),
                    "\nwritten into your paths folder under a new id; item ids stay the same.",
                )
            )
            field = Input(value=f"my-{self.path_id}"[:64], id="fork-id")
            field.border_title = "New path id"
            yield field
            offered = copy_titles(path.title, path.lang)
            self._default_title = shown_text(offered, backend.lang, path.lang)
            title = Input(value=self._default_title, id="fork-title")
            title.border_title = "Title"
            yield title
            yield Checkbox("Carry my progress over (u undoes it)", True, id="fork-progress")
            yield Static(id="fork-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Fork", variant="primary", id="fork")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#fork-error").display = False
        self.query_one("#fork-id", Input).focus()

    def action_submit(self) -> None:
        if self.focused is not None and self.focused.id == "cancel":
            self.action_cancel()
        elif not self._busy:
            self.fork()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        elif not self._busy:
            self.fork()

    def action_cancel(self) -> None:
        if not self._busy:
            self.dismiss(None)

    def show_error(self, message: str) -> None:
        error = self.query_one("#fork-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    @work(group="fork", exit_on_error=False)
    async def fork(self) -> None:
        from tracker.services.errors import ServiceError

        new_id = self.query_one("#fork-id", Input).value.strip()
        title = self.query_one("#fork-title", Input).value.strip()
        # The title offered stands for the original's in each of its languages.
        chosen = None if title == self._default_title else title
        carry = self.query_one("#fork-progress", Checkbox).value
        backend = self.app.backend
        self._busy = True
        try:
            file, carried = await backend.call(backend.fork, self.path_id, new_id, carry, chosen)
        except ServiceError as error:
            self.show_error(str(error))
            return
        finally:
            self._busy = False
        carried_text = f"; {count(carried, 'item')} of progress carried over" if carry else ""
        self.app.notify(f"Forked as '{new_id}': wrote {file}{carried_text}", timeout=6)
        self.dismiss(new_id)
