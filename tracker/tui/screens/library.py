"""The first screen: every loaded path with the learner's standing, and the broken files."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tracker.tui.failures import ReportsFailures
from tracker.tui.format import day_text, literal, part_completion, shown_text
from tracker.tui.lastrun import Figures
from tracker.tui.messages import LanguageChanged, LibraryLoaded, ProgressChanged
from tracker.tui.widgets.timer import TimerLine
from tracker.vocabulary import count

COLUMNS = (  # (key, label, width or None to fit); the learner's figures before the source
    ("title", "Path", None),
    ("id", "Id", None),  # what tells a fork from its original, whose title it may share
    ("completion", "Completion", 15),
    ("last", "Last activity", 13),
    ("items", "Items", None),
    ("levels", "Levels", None),
    ("tracks", "Tracks", None),
    ("source", "Source", 16),
)
WAITING = Text("…", style="dim")
MAX_ERRORS_SHOWN = 5  # per broken file; `tracker validate FILE` prints them all


class LibraryScreen(ReportsFailures, Screen):
    _figures: Figures | None = None  # the database's, once read
    BINDINGS = [
        Binding("o", "open", "Open", id="open", tooltip="Open the highlighted path (or Enter)"),
        Binding(
            "c", "continue", "Continue", id="continue", tooltip="Go to the item you touched last"
        ),
        Binding(
            "e", "export", "Export", id="export", tooltip="Export a report of the highlighted path"
        ),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        table = DataTable(id="paths", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        with VerticalScroll(id="broken-files"):
            yield Static(id="broken")
        yield TimerLine(id="timer-line")
        yield Footer()

    @property
    def current_path_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        backend = self.app.backend
        return key if backend.library and key in backend.library.paths else None

    def on_mount(self) -> None:
        if self.app.backend.library is not None:
            self.show_paths()
        if self.app.database_ready:
            self.load_figures()

    @on(LibraryLoaded)
    @on(LanguageChanged)
    def show_paths(self) -> None:
        """Titles and shapes come from the path files alone: painted before the database."""
        backend = self.app.backend
        library = backend.library
        if library is None:
            return
        table = self.query_one(DataTable)
        chosen = self.current_path_id
        table.clear()
        lang = backend.lang
        for path in library.paths.values():
            source = shown_text(path.source.title, lang, path.lang) if path.source else ""
            table.add_row(
                literal(shown_text(path.title, lang, path.lang)),
                literal(path.id, "dim"),
                WAITING,
                WAITING,
                path.item_count(),
                len(path.levels),
                len(path.tracks),
                literal(source or (path.source.url or "" if path.source else "")),
                key=path.id,
            )
        for result in library.broken:
            table.add_row(
                Text(f"⚠ {Path(result.file).name}", style="bold red"),
                "",
                Text(count(len(result.errors), "error"), style="red"),
                "",
                "",
                "",
                "",
                literal(result.file, "dim"),
                key=f"broken:{result.file}",
            )
        self._show_broken(library)
        figures = self._figures or self.app.backend.cached_figures
        if figures:  # the database's, or last run's while those are on their way
            self._show_figures(figures)
        if chosen in library.paths:
            table.move_cursor(row=table.get_row_index(chosen))

    @on(LibraryLoaded)
    def _paths_reloaded(self) -> None:
        # New or edited paths have figures to read; a language switch has none.
        if self.app.database_ready:
            self.load_figures()

    def _show_broken(self, library) -> None:
        lines = Text()
        for result in library.broken:
            lines.append(f"{result.file} cannot be loaded:\n", style="bold red")
            for diagnostic in result.errors[:MAX_ERRORS_SHOWN]:
                lines.append(f"  {diagnostic}\n")
            hidden = len(result.errors) - MAX_ERRORS_SHOWN
            if hidden > 0:
                lines.append(f"  … and {hidden} more (tracker validate {result.file})\n", "dim")
        self.query_one("#broken-files").display = bool(library.broken)
        self.query_one("#broken", Static).update(lines)

    @on(ProgressChanged)
    def _progress_changed(self) -> None:
        # Under another screen the figures wait: they are read again when it closes.
        if self.is_current:
            self.load_figures()

    def on_screen_resume(self) -> None:
        if self.app.database_ready:  # the learner may have marked items meanwhile
            self.load_figures()

    @work(group="library-figures", exclusive=True, exit_on_error=False)
    async def load_figures(self) -> None:
        backend = self.app.backend
        if backend.library is None:
            return
        self._figures = await backend.call(backend.summaries)
        self._show_figures(self._figures)

    def _show_figures(self, figures: Figures) -> None:
        table = self.query_one(DataTable)
        keys = {row.value for row in table.rows}
        for path_id, (done, last) in figures.items():
            if path_id in keys:
                table.update_cell(path_id, "completion", part_completion(done))
                table.update_cell(path_id, "last", day_text(last))

    def action_open(self) -> None:
        self._open(self.current_path_id)

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if key.startswith("broken:"):
            self.notify(
                f"{key.removeprefix('broken:')} has errors (listed below); fix the file and "
                "it reloads by itself",
                severity="warning",
            )
            return
        self._open(key)

    def _open(self, path_id: str | None, item_id: str | None = None) -> None:
        from tracker.tui.screens.path import PathScreen

        if path_id is not None:
            self.app.push_screen(PathScreen(path_id, item_id=item_id))

    @work(group="continue", exclusive=True, exit_on_error=False)
    async def action_continue(self) -> None:
        backend = self.app.backend
        if not self.app.database_ready:
            return
        place = await backend.call(backend.last_place)
        if place is None:
            self.notify("Nothing recorded yet: open a path and mark an item", timeout=3)
            return
        self._open(place.path_id, place.item_id)

    def action_export(self) -> None:
        from tracker.tui.screens.export import ExportScreen

        path_id = self.current_path_id
        if not self.app.database_ready:
            return
        if path_id is None:
            self.notify("Choose a path first", timeout=2)
            return
        self.app.push_screen(ExportScreen(path_id))
