"""The pane beside the tree: everything about the selected item, step or level."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from tracker import vocabulary
from tracker.services.standing import reading_depth, stars
from tracker.tui.format import (
    GLYPHS,
    STATUS_STYLES,
    STATUS_WORDS,
    TICKED,
    UNTICKED,
    day_text,
    part_completion,
    shown_text,
    stars_text,
)
from tracker.tui.widgets.path_tree import Spot
from tracker.vocabulary import count

if TYPE_CHECKING:
    from tracker.services.records import PathRecords
    from tracker.services.standing import Outline


class ResourceList(OptionList):
    """An item's resources: Enter opens the highlighted one, space ticks or unticks it."""

    BINDINGS = [
        Binding(
            "space",
            "tick",
            "Tick",
            id="tick-resource",
            tooltip="Tick or untick the highlighted resource (the item stays as it is)",
        ),
        Binding("escape", "leave", "Back to the tree", id="resources-leave"),
    ]

    class TickWanted(Message):
        """The learner ticks (or unticks) resource `number` (1-based) of `item_id`."""

        def __init__(self, item_id: str, number: int, ticked: bool) -> None:
            super().__init__()
            self.item_id, self.number, self.ticked = item_id, number, ticked

    item_id = ""  # whose resources are listed
    ticked: tuple[bool, ...] = ()  # by resource, as shown

    def action_tick(self) -> None:
        index = self.highlighted
        if index is None or index >= len(self.ticked):
            return
        self.post_message(self.TickWanted(self.item_id, index + 1, not self.ticked[index]))

    def action_leave(self) -> None:
        self.screen.query_one("#tree").focus()


class Detail(VerticalScroll):
    """Title, facts, summary (Markdown), requirements, resources (Enter or a click opens
    one in the browser, space ticks one), the evidence, the note and the dates."""

    resources: tuple = ()  # of the item shown

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        yield Static(id="detail-facts")
        yield Markdown(id="detail-summary")
        yield Static(id="detail-requires")
        yield ResourceList(id="detail-resources")
        yield Static(id="detail-evidence")
        yield Static(id="detail-note")
        yield Static(id="detail-dates")

    def show(
        self,
        spot: Spot | None,
        outline: Outline,
        lang: str,
        records: PathRecords | None = None,
    ) -> None:
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
                part_completion(done, 12),
                f"  {done.done} done, {done.skipped} skipped of {done.counted} counted",
            )
            if part.estimate is not None:
                facts.append(f"\nEstimate {part.estimate}", style="dim")
            self._fill(Text(text(part.title), style="bold"), facts, text(part.summary))
            return
        self._show_item(spot, outline, text, records)

    def _show_item(self, spot: Spot, outline: Outline, text, records: PathRecords | None) -> None:
        item, progress = spot.item, outline.progress
        assert item is not None
        track_titles = {track.id: text(track.title) for track in progress.path.tracks}
        state = progress.state(item.id)
        facts = Text.assemble(
            (f"{GLYPHS[state.status]} {STATUS_WORDS[state.status]}", STATUS_STYLES[state.status])
        )
        spent = records.spent.get(item.id, 0) if records is not None else 0
        for label, value in (
            ("kind", item.kind),
            ("depth", reading_depth(item, state)),
            ("estimate", str(item.estimate) if item.estimate else None),
            ("time", spent_text(spent, item.estimate.minutes if item.estimate else None)),
            ("tracks", ", ".join(track_titles[t] for t in item.tracks) if item.tracks else None),
        ):
            if value:
                facts.append(f"  ·  {label} ", style="dim")
                facts.append(value)
        rating = stars(item)
        if rating:
            facts.append("  ·  ")
            facts.append_text(stars_text(rating))
        if item.optional:
            facts.append("  ·  optional", style="italic dim")
        if not progress.follows(item.tracks):
            facts.append("  ·  not on a track you follow", style="yellow")
        self._fill(Text(text(item.title), style="bold"), facts, text(item.summary))
        self._show_requirements(item, outline, text)
        self._show_resources(item, text, records)
        self._show_evidence(records.evidence.get(item.id, []) if records is not None else [])
        note = self.query_one("#detail-note", Static)
        note.update(Text.assemble(("Note  ", "bold"), state.note) if state.note else "")
        note.display = bool(state.note)
        dates = Text.assemble(
            ("started ", "dim"),
            day_text(state.started_at),
            ("   done ", "dim"),
            day_text(state.done_at),
        )
        review = records.reviews.get(item.id) if records is not None else None
        if review is not None:
            dates.append("\nnext review ", style="dim")
            dates.append("none: learnt" if review.due is None else day_text(review.due))
        self.query_one("#detail-dates", Static).update(dates)

    def _show_resources(self, item, text, records: PathRecords | None) -> None:
        resources = self.query_one(ResourceList)
        ticked = records.ticked(item.id) if records is not None else frozenset()
        # Shown again after a tick: the highlight stays on the resource just ticked.
        highlighted = resources.highlighted if resources.item_id == item.id else None
        resources.clear_options()
        resources.add_options(
            Option(
                Text.assemble(
                    (f"{TICKED if resource.url in ticked else UNTICKED} ", "bold"),
                    (f"[{resource.kind}] " if resource.kind else "", "dim"),
                    (text(resource.title) if resource.title else resource.url, "underline"),
                    ("\n" + resource.url, "dim") if resource.title else "",
                ),
                id=str(index),
            )
            for index, resource in enumerate(item.resources)
        )
        resources.item_id = item.id
        resources.ticked = tuple(resource.url in ticked for resource in item.resources)
        if highlighted is not None and highlighted < len(item.resources):
            resources.highlighted = highlighted
        resources.display = bool(item.resources)
        self.resources = item.resources

    def _show_evidence(self, proofs: list) -> None:
        widget = self.query_one("#detail-evidence", Static)
        widget.display = bool(proofs)
        lines = Text.assemble(("Evidence", "bold"))
        for proof in proofs:
            lines.append(f"\n  {proof.kind:<6} ", style="dim")
            lines.append(str(proof))
        widget.update(lines)

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
            lines.append(f"⚠ {count(unmet, 'requirement')} not met yet", style="bold yellow")
        widget.update(lines)

    def _fill(self, title: Text, facts: Text, summary: str) -> None:
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail-facts", Static).update(facts)
        markdown = self.query_one("#detail-summary", Markdown)
        markdown.display = bool(summary)
        markdown.update(summary)
        for widget_id in (
            "#detail-requires",
            "#detail-resources",
            "#detail-evidence",
            "#detail-note",
        ):
            self.query_one(widget_id).display = False
        self.query_one("#detail-dates", Static).update("")
        self.resources = ()

    @on(OptionList.OptionSelected, "#detail-resources")
    def _open_resource(self, event: OptionList.OptionSelected) -> None:
        self.open_resource(int(event.option.id or 0))

    def focus_resources(self) -> bool:
        """Into the resource list, on the first resource not ticked; False when none."""
        resources = self.query_one(ResourceList)
        if not self.resources:
            return False
        unticked = [index for index, done in enumerate(resources.ticked) if not done]
        resources.highlighted = unticked[0] if unticked else 0
        resources.focus()
        return True

    def open_resource(self, index: int = 0) -> None:
        if index < len(self.resources):
            url = self.resources[index].url
            self.app.open_url(url)
            self.notify(f"Opening {url}", timeout=3)


def spent_text(seconds: int, estimated_minutes: float | None) -> str | None:
    """Time logged against the estimate, as the CLI and the reports word it: "45m spent of
    2h estimated (38%)"; None with nothing logged."""
    if seconds <= 0:
        return None
    return vocabulary.spent(seconds / 60, estimated_minutes or 0)
