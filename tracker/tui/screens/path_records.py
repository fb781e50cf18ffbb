"""The path screen's keys for what is recorded beyond a status: a paper's depth, evidence,
resource ticks, the item the timer runs on, and the star filter.

A part of `PathScreen`, kept in a file of its own so that each stays readable: the screen
holds the bindings (one table of keys) and the state these use (`outline`, `records`, the
tree); Textual finds the actions and the message handler here through the class's bases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tracker.services.standing import stars
from tracker.tui.format import shown_text
from tracker.tui.widgets.detail import Detail, ResourceList
from tracker.tui.widgets.timer import RunningTimer

if TYPE_CHECKING:
    from datetime import datetime

    from tracker.pathdefs.model import Item

STAR_FILTERS = (0, 3, 4, 5)  # `*` cycles through them: every item, then at least N stars


class RecordActions:
    """Mixed into PathScreen, before Screen."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The star filter and the depth keys only where the path has stars or papers."""
        if action not in ("stars", "depth"):
            return True
        outline = self.outline
        if outline is None:
            return False
        items = outline.progress.path.items()
        if action == "stars":
            return any(stars(item) for item in items)
        return any(item.kind == "paper" for item in items)

    @work(group="write", exit_on_error=False)
    async def action_depth(self, depth: str) -> None:
        item = self._chosen_item("Only papers are skimmed, read or implemented")
        if item is None:
            return
        if item.kind != "paper":
            self.notify(
                f"Only papers are skimmed, read or implemented; this is a {item.kind or 'item'}",
                timeout=3,
            )
            return
        backend = self.app.backend
        try:
            await backend.call(
                backend.mark_depth, self.current_path_id, item.id, depth, self._status(item)
            )
        finally:
            await self._show_latest()

    def action_evidence(self) -> None:
        from tracker.tui.screens.evidence import EvidenceScreen

        item = self._chosen_item("Evidence belongs to an item: move to an item first")
        if item is None or not self.app.database_ready:
            return
        path = self.outline.progress.path if self.outline else None
        assert path is not None
        title = shown_text(item.title, self.app.backend.lang, path.lang)
        screen = EvidenceScreen(self.current_path_id, item.id, title, self._status(item))
        self.app.push_screen(screen, self._evidence_given)

    @work(group="outline", exit_on_error=False)
    async def _evidence_given(self, given: int | None) -> None:
        if given is not None:
            await self._show_latest()

    def action_resources(self) -> None:
        item = self._chosen_item("Resources belong to items: move to an item first")
        if item is not None and not self.query_one(Detail).focus_resources():
            self.notify("This item has no resources", timeout=2)

    def on_resource_list_tick_wanted(self, wanted: ResourceList.TickWanted) -> None:
        self._tick(wanted)

    @work(group="write", exit_on_error=False)
    async def _tick(self, wanted: ResourceList.TickWanted) -> None:
        backend = self.app.backend
        try:
            await backend.call(
                backend.tick, self.current_path_id, wanted.item_id, wanted.number, wanted.ticked
            )
        finally:
            await self._show_latest()

    def timer_for_selection(self, now: datetime) -> RunningTimer | None:
        """A timer on the selected item, as `T` starts it (the app keeps it)."""
        item = self._chosen_item("The timer runs on an item: move to an item first")
        if item is None or self.outline is None:
            return None
        path = self.outline.progress.path
        logged = self.records.spent.get(item.id, 0) if self.records is not None else 0
        title = shown_text(item.title, self.app.backend.lang, path.lang)
        return RunningTimer(path.id, item.id, title, now, logged, item.estimate)

    def _chosen_item(self, otherwise: str) -> Item | None:
        spot = self.spot
        if spot is None or spot.item is None or self.outline is None:
            self.notify(otherwise, timeout=2)
            return None
        return spot.item

    def action_stars(self) -> None:
        position = STAR_FILTERS.index(self.min_stars) if self.min_stars in STAR_FILTERS else 0
        self.min_stars = STAR_FILTERS[(position + 1) % len(STAR_FILTERS)]
        if self.outline is not None:
            self.show(self.outline)
