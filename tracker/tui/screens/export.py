"""Export a report of a path: the format, the file, the learners; written by the backend."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)

from tracker.reports.formats import DESCRIPTIONS, Format, default_file_name
from tracker.tui.backend import ExportDone
from tracker.tui.failures import ReportsFailures
from tracker.tui.format import shown_text
from tracker.vocabulary import count


def working_folder() -> Path:
    """Where the file goes by default: the folder the app was started in."""
    return Path.cwd()


def format_name(chosen: Format) -> str:
    """The words before the description's colon: Markdown, HTML, CSV, JSON."""
    return DESCRIPTIONS[chosen].partition(":")[0]


def written_text(done: ExportDone) -> str:
    learners = count(done.learners, "learner")
    return f"Wrote {done.file} ({format_name(done.format)}, {learners})"


class ExportScreen(ReportsFailures, ModalScreen[ExportDone | None]):
    """Dismissed with what was written, or None. A failure stays in the dialog."""

    BINDINGS = [
        Binding("enter", "submit", "Export", id="export-run", priority=True),
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
    ]

    def __init__(self, path_id: str):
        super().__init__()
        self.path_id = path_id
        self.folder = working_folder()
        self.chosen = Format.md
        self._default_file = ""  # what the file field held last by our choice, not typed
        self._busy = False  # a write is under way: Enter again does not start another

    def compose(self) -> ComposeResult:
        backend = self.app.backend
        assert backend.library is not None
        self.path = path = backend.library.paths[self.path_id]
        active = backend.learner.name if backend.learner else "the active learner"
        with VerticalScroll(classes="dialog wide", id="export-dialog"):
            yield Static(
                Text.assemble(
                    ("Export a report of ", "bold"),
                    (shown_text(path.title, backend.lang, path.lang), "bold"),
                )
            )
            with RadioSet(id="export-format") as formats:
                formats.border_title = "Format"
                for chosen in Format:
                    yield RadioButton(
                        Text(DESCRIPTIONS[chosen]),
                        value=chosen is self.chosen,
                        id=f"format-{chosen.value}",
                    )
            field = Input(id="export-file")
            field.border_title = "File"
            yield field
            with RadioSet(id="export-learners") as learners:
                learners.border_title = "Learners"
                yield RadioButton(Text(f"Only {active}"), value=True, id="learners-active")
                yield RadioButton(Text("All learners (a cohort report)"), id="learners-all")
                yield RadioButton(Text("These learners:"), id="learners-some")
            yield SelectionList[str](id="export-some")
            yield Checkbox("Replace the file if it exists", id="export-force")
            yield Static(id="export-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")
            yield Static(
                Text("Space chooses · Tab moves · Enter exports · Esc cancels", style="dim")
            )

    def on_mount(self) -> None:
        self._set_default_file()
        self.query_one("#export-some").display = False
        self.query_one("#export-error").display = False
        self.query_one("#export-format", RadioSet).focus()
        self.load_learners()

    # The choices

    def _set_default_file(self) -> None:
        self._default_file = str(self.folder / default_file_name([self.path], self.chosen))
        self.query_one("#export-file", Input).value = self._default_file

    @on(RadioSet.Changed, "#export-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        self.chosen = Format((event.pressed.id or "").removeprefix("format-"))
        field = self.query_one("#export-file", Input)
        if field.value == self._default_file:  # a name of the learner's own stays
            self._set_default_file()

    @on(RadioSet.Changed, "#export-learners")
    def _learners_chosen(self, event: RadioSet.Changed) -> None:
        self.query_one("#export-some").display = event.pressed.id == "learners-some"

    @work(group="export-learners", exclusive=True, exit_on_error=False)
    async def load_learners(self) -> None:
        backend = self.app.backend
        learners = await backend.call(backend.learners)
        current = backend.learner.name if backend.learner else None
        listing = self.query_one("#export-some", SelectionList)
        listing.clear_options()
        listing.add_options(
            [(Text(learner.name), learner.name, learner.name == current) for learner in learners]
        )

    def _users(self) -> str | list[str] | None:
        pressed = self.query_one("#export-learners", RadioSet).pressed_button
        which = pressed.id if pressed is not None else "learners-active"
        if which == "learners-all":
            return "all"
        if which == "learners-some":
            return list(self.query_one("#export-some", SelectionList).selected)
        return None

    # Exporting

    def action_submit(self) -> None:
        if self.focused is not None and self.focused.id == "cancel":
            self.action_cancel()
        elif not self._busy:
            self.export()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        elif not self._busy:
            self.export()

    def action_cancel(self) -> None:
        if not self._busy:  # a write under way ends first: its file would go unreported
            self.dismiss(None)

    def show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    @work(group="export", exit_on_error=False)
    async def export(self) -> None:
        from tracker.services.errors import ServiceError

        name = self.query_one("#export-file", Input).value.strip()
        users = self._users()
        if not name:
            self.show_error("Name the file to write")
            return
        if users == []:
            self.show_error("Choose at least one learner")
            return
        self.show_error("")
        backend = self.app.backend
        force = self.query_one("#export-force", Checkbox).value
        self._busy = True
        try:
            done = await backend.call(
                backend.export, [self.path_id], self.chosen, Path(name), users, force
            )
        except ServiceError as error:
            self.show_error(str(error))
            return
        finally:
            self._busy = False
        self.app.notify(written_text(done), timeout=6)
        self.dismiss(done)
