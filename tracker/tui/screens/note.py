"""The note of an item, in a text area; closing it saves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tracker.tui.failures import ReportsFailures


class NoteScreen(ReportsFailures, ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape,ctrl+s", "save", "Save and close", id="note-save"),
        Binding("ctrl+q", "discard", "Discard changes", id="note-discard"),
    ]

    def __init__(self, title: str, note: str):
        super().__init__()
        self.note_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text.assemble(("Note on ", "dim"), (self.note_title, "bold")))
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Text("Esc or Ctrl+S saves and closes · Ctrl+Q closes without saving", "dim")
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_discard(self) -> None:
        self.dismiss(None)
