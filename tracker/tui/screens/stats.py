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

from tracker import vocabulary
from tracker.services.standing import NO_ITEMS
from tracker.tui.charts import heatmap, week_bars
from tracker.tui.failures import ReportsFailures
from tracker.tui.format import part_completion, shown_text
from tracker.tui.messages import LanguageChanged, ProgressChanged
from tracker.tui.widgets.timer import TimerLine
from tracker.vocabulary import duration

if TYPE_CHECKING:
    from tracker.services.insights import StatsView
    from tracker.services.standing import Completion


class StatsScreen(ReportsFailures, Screen):
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
        yield TimerLine(id="timer-line")
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
        finish_text = vocabulary.finish(
            figures.projected_finish,
            figures.finish_by,
            figures.finish_reason,
            scaled=figures.estimate_ratio is not None,
        )
        left = vocabulary.time_left(
            figures.time_left_minutes, figures.remaining, figures.items_without_estimate
        )
        if figures.estimate_ratio and figures.time_left_minutes and figures.remaining:
            left += f"; {vocabulary.minutes(figures.expected_left_minutes)} at your pace"
        lines = Text.assemble(
            (shown_text(path.title, lang, path.lang), "bold"),
            "\n",
            part_completion(figures.completion, 24),
            f"   {figures.completion.done} done · {figures.remaining} left\n",
            ("This week ", "dim"),
            vocabulary.count(figures.done_this_week, "item"),
            ("   pace ", "dim"),
            vocabulary.pace(figures.pace_per_week),
            ("   streak ", "dim"),
            f"{vocabulary.count(streaks.current, 'day')}, longest {streaks.longest}\n",
            ("Time left ", "dim"),
            left,
            ("   projected finish ", "dim"),
            finish_text,
            "\n",
            *time_spent(view),
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
        table.add_column("Spent / estimate", key="time")
        spent = level_times(view)

        def cell(done: Completion) -> Text:
            # No item of the track in the level: a dash, as in a sparse table.
            return Text("—", style="dim") if done.reason == NO_ITEMS else part_completion(done, 6)

        for level in path.levels:
            table.add_row(
                Text(shown_text(level.title, lang, path.lang)),
                cell(view.levels[level.id]),
                *(cell(view.level_tracks[level.id, track.id]) for track in path.tracks),
                spent.get(level.id, Text("—", style="dim")),
            )
        if path.tracks:
            table.add_row(
                Text("Whole path", style="bold"),
                cell(view.figures.completion),
                *(cell(view.tracks[track.id]) for track in path.tracks),
                spent.get("", Text("—", style="dim")),
            )


def time_spent(view: StatsView) -> list:
    """The line of time logged: how much, how much a week lately, against the estimates,
    and the reviews falling due by Sunday."""
    figures = view.figures
    ratio = figures.estimate_ratio
    return [
        ("Time spent ", "dim"),
        duration(figures.spent_minutes * 60) if figures.spent_minutes else "—",
        ("   a week ", "dim"),
        duration(figures.minutes_per_week * 60) if figures.minutes_per_week else "—",
        ("   against the estimates ", "dim"),
        vocabulary.ratio(ratio) if ratio else "—",
        ("   reviews due this week ", "dim"),
        str(view.reviews_due_this_week),
    ]


def level_times(view: StatsView) -> dict[str, Text]:
    """Each level's time logged against its estimate, "3h / 5h (60%)"; the path's under ""."""
    from tracker.services.timelog import time_lines

    found = {}
    for line in time_lines(view.progress, view.spent):
        if line.kind not in ("level", "path"):
            continue
        spent = duration(line.spent_minutes * 60)
        text = Text(spent)
        if line.estimated_minutes:
            text.append(f" / {duration(line.estimated_minutes * 60)}", style="dim")
            if line.ratio is not None and line.spent_minutes:
                text.append(f" ({line.ratio:.0%})", style="dim")
        found[line.id if line.kind == "level" else ""] = text
    return found
