"""The pane beside the tree: everything about the selected item, step or level."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from tracker.tui.format import (
    GLYPHS,
    STATUS_STYLES,
    STATUS_WORDS,
    completion_text,
    day_text,
    shown_text,
)
from tracker.tui.widgets.path_tree import Spot

if TYPE_CHECKING:
    from tracker.services.standing import Outline


class Detail(VerticalScroll):
    """Title, facts, summary (Markdown), requirements, resources (Enter or a click opens
    one in the browser), the note and the dates."""

    resources: tuple = ()  # of the item shown

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        yield Static(id="detail-facts")
        yield Markdown(id="detail-summary")
        yield Static(id="detail-requires")
        yield OptionList(id="detail-resources")
        yield Static(id="detail-note")
        yield Static(id="detail-dates")

    def show(self, spot: Spot | None, outline: Outline, lang: str) -> None:
        path = outline.progress.path

        def text(value) -> str:
            return shown_text(value, lang, path.lang)

        if spot is None:
            self._fill(Text(text(path.title), style="bold"), Text(), text(path.summary))
            return
        if spot.item is None:
            part = spot.step or spot.level
            done = (
                outline.steps[spot.level.id, spot.step.id]
                if spot.step is not None
                else outline.levels[spot.level.id]
            )
            facts = Text.assemble(
                ("Step" if spot.step else "Level", "dim"),
                "  ",
                completion_text(done.percent, 12),
                f"  {done.done} done, {done.skipped} skipped of {done.counted} counted",
            )
            if part.estimate is not None:
                facts.append(f"\nEstimate {part.estimate}", style="dim")
            self._fill(Text(text(part.title), style="bold"), facts, text(part.summary))
            return
        self._show_item(spot, outline, text)

    def _show_item(self, spot: Spot, outline: Outline, text) -> None:
        item, progress = spot.item, outline.progress
        assert item is not None
        track_titles = {track.id: text(track.title) for track in progress.path.tracks}
        state = progress.state(item.id)
        facts = Text.assemble(
            (f"{GLYPHS[state.status]} {STATUS_WORDS[state.status]}", STATUS_STYLES[state.status])
        )
        for label, value in (
            ("kind", item.kind),
            ("estimate", str(item.estimate) if item.estimate else None),
            ("tracks", ", ".join(track_titles[t] for t in item.tracks) if item.tracks else None),
        ):
            if value:
                facts.append(f"  ·  {label} ", style="dim")
                facts.append(value)
        if item.optional:
            facts.append("  ·  optional", style="italic dim")
        if not progress.follows(item.tracks):
            facts.append("  ·  not on a track you follow", style="yellow")
        self._fill(Text(text(item.title), style="bold"), facts, text(item.summary))
        self._show_requirements(item, outline, text)
        resources = self.query_one("#detail-resources", OptionList)
        resources.clear_options()
        resources.add_options(
            Option(
                Text.assemble(
                    (f"[{resource.kind}] " if resource.kind else "", "dim"),
                    (text(resource.title) if resource.title else resource.url, "underline"),
                    ("\n" + resource.url, "dim") if resource.title else "",
                ),
                id=str(index),
            )
            for index, resource in enumerate(item.resources)
        )
        resources.display = bool(item.resources)
        self.resources = item.resources
        note = self.query_one("#detail-note", Static)
        note.update(Text.assemble(("Note  ", "bold"), state.note) if state.note else "")
        note.display = bool(state.note)
        dates = Text.assemble(
            ("started ", "dim"),
            day_text(state.started_at),
            ("   done ", "dim"),
            day_text(state.done_at),
        )
        self.query_one("#detail-dates", Static).update(dates)

    def _show_requirements(self, item, outline: Outline, text) -> None:
        widget = self.query_one("#detail-requires", Static)
        widget.display = bool(item.requires)
        if not item.requires:
            return
        progress = outline.progress
        by_id = {other.id: other for other in progress.path.items()}
        lines = Text("Requires\n", style="bold")
        unmet = 0
        for ref in item.requires:
            other = by_id[ref]
            status = progress.state(ref).status
            met = status in ("done", "skipped") or not progress.follows(other.tracks)
            unmet += not met
            lines.append(f"  {GLYPHS[status]} ", style=STATUS_STYLES[status])
            lines.append(text(other.title) + "\n")
        if unmet:
            lines.append(f"⚠ {unmet} requirement(s) not met yet", style="bold yellow")
        widget.update(lines)

    def _fill(self, title: Text, facts: Text, summary: str) -> None:
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail-facts", Static).update(facts)
        markdown = self.query_one("#detail-summary", Markdown)
        markdown.display = bool(summary)
        markdown.update(summary)
        for widget_id in ("#detail-requires", "#detail-resources", "#detail-note"):
            self.query_one(widget_id).display = False
        self.query_one("#detail-dates", Static).update("")
        self.resources = ()

    @on(OptionList.OptionSelected, "#detail-resources")
    def _open_resource(self, event: OptionList.OptionSelected) -> None:
        self.open_resource(int(event.option.id or 0))

    def open_resource(self, index: int = 0) -> None:
        if index < len(self.resources):
            url = self.resources[index].url
            self.app.open_url(url)
            self.notify(f"Opening {url}", timeout=3)
