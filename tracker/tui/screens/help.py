"""Every key of the screen below, with its binding id for `tui.toml`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from tracker.tui.config import config_file
from tracker.tui.failures import ReportsFailures
from tracker.tui.format import LEGEND


class HelpScreen(ReportsFailures, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help-close")]

    def __init__(self, below: Screen):
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text("Keys", style="bold"))
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(
                Text.assemble(
                    ("Ctrl+P", "bold"),
                    " opens the command palette: every action, learners, reload, themes.\n",
                    "In an item's resources (",
                    ("c", "bold"),
                    " or Enter goes there): ",
                    ("space", "bold"),
                    " ticks or unticks one, ",
                    ("Enter", "bold"),
                    " opens it, ",
                    ("Esc", "bold"),
                    " goes back.\n",
                    "In a path's tree: ",
                    LEGEND,
                    "\n",
                    "Remap a key by its id in ",
                    (str(config_file()), "underline"),
                    ':  [keys]  done = "ctrl+d"\n',
                    ("Esc closes", "dim"),
                )
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Id")
        seen = set()
        for active in self.below.active_bindings.values():
            binding = active.binding
            if not binding.description or (binding.action, binding.id) in seen:
                continue
            seen.add((binding.action, binding.id))
            table.add_row(
                Text(self.app.get_key_display(binding), style="bold"),
                Text(binding.tooltip or binding.description),
                Text(binding.id or "", style="dim"),
            )
        table.focus()
