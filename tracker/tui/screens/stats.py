"""Where the learner stands on one path, and how they got there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tracker.services.standing import minutes_text
from tracker.tui.charts import heatmap, week_bars
from tracker.tui.format import completion_text, day_text, shown_text
from tracker.tui.messages import LanguageChanged, ProgressChanged

if TYPE_CHECKING:
    from tracker.services.insights import StatsView


class StatsScreen(Screen):
    BINDINGS = [Binding("q,escape", "app.pop_screen", "Back", id="stats-back")]

    def __init__(self, path_id: str):
        super().__init__()
        self.current_path_id = path_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(id="stats-figures")
            yield Static(Text("Completion by level and track", style="bold"), classes="caption")
            yield DataTable(id="stats-table", cursor_type="none", zebra_stripes=True)
            yield Static(Text("Items done per week", style="bold"), classes="caption")
            yield Static(id="stats-weeks")
            yield Static(Text("Activity, last six months", style="bold"), classes="caption")
            yield Static(id="stats-days")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @on(ProgressChanged)
    @on(LanguageChanged)
    @work(group="stats", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        backend = self.app.backend
        self.show(await backend.call(backend.stats, self.current_path_id))

    def show(self, view: StatsView) -> None:
        lang = self.app.backend.lang
        path = view.progress.path
        figures, streaks = view.figures, view.streaks
        finish = figures.projected_finish
        if figures.remaining == 0:
            finish_text = "done"
        else:
            finish_text = day_text(finish) if finish else "— (no pace yet)"
        left = minutes_text(figures.time_left_minutes) if figures.time_left_minutes else "—"
        if figures.items_without_estimate:
            left += f" (+{figures.items_without_estimate} items without estimate)"
        lines = Text.assemble(
            (shown_text(path.title, lang, path.lang), "bold"),
            "\n",
            completion_text(figures.completion.percent, 24),
            f"   {figures.completion.done} done · {figures.remaining} left\n",
            ("This week ", "dim"),
            f"{figures.done_this_week}",
            ("   pace ", "dim"),
            f"{figures.pace_per_week:.1f}/week",
            ("   streak ", "dim"),
            f"{streaks.current} day(s), longest {streaks.longest}\n",
            ("Time left ", "dim"),
            left,
            ("   projected finish ", "dim"),
            finish_text,
        )
        self.query_one("#stats-figures", Static).update(lines)
        self._show_table(view, lang)
        self.query_one("#stats-weeks", Static).update(week_bars(view.weeks))
        self.query_one("#stats-days", Static).update(heatmap(view.days))

    def _show_table(self, view: StatsView, lang: str) -> None:
        path = view.progress.path
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Level", key="level")
        table.add_column("All", key="all")
        for track in path.tracks:
            table.add_column(Text(shown_text(track.title, lang, path.lang)), key=track.id)

        def cell(done) -> Text:
            return completion_text(done.percent, 6) if done.counted else Text("—", style="dim")

        for level in path.levels:
            table.add_row(
                Text(shown_text(level.title, lang, path.lang)),
                cell(view.levels[level.id]),
                *(cell(view.level_tracks[level.id, track.id]) for track in path.tracks),
            )
        if path.tracks:
            table.add_row(
                Text("Whole path", style="bold"),
                cell(view.figures.completion),
                *(cell(view.tracks[track.id]) for track in path.tracks),
            )
