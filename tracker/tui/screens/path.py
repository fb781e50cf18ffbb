"""One path: the tree of levels, steps and items, the detail pane, and the marking keys
(those for a paper's depth, evidence, ticks, the timer and stars act in path_records.py)."""

from __future__ import annotations

import asyncio
from itertools import count
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static, Tree

from tracker import vocabulary
from tracker.services.standing import ItemState, reading_depth, stars
from tracker.tui.failures import ReportsFailures
from tracker.tui.format import STAR, part_completion, shown_text
from tracker.tui.messages import LanguageChanged, LibraryLoaded, ProgressChanged
from tracker.tui.screens.path_records import RecordActions
from tracker.tui.widgets.detail import Detail
from tracker.tui.widgets.path_tree import PathTree, Spot, item_badges, item_label, part_label
from tracker.tui.widgets.timer import TimerLine

if TYPE_CHECKING:
    from tracker.pathdefs.model import Item, PathDef
    from tracker.services.records import PathRecords
    from tracker.services.standing import Outline

FILTER_DELAY = 0.15  # seconds of quiet typing before a large tree is filtered again


class PathScreen(ReportsFailures, RecordActions, Screen):
    BINDINGS = [
        Binding("space", "toggle", "Done/todo", id="toggle", tooltip="Toggle done", show=False),
        Binding("d", "mark('done')", "Done", id="done"),
        Binding(
            "D",
            "evidence",
            "Evidence",
            id="evidence",
            tooltip="Mark done with evidence: a link, a file, a metric NAME=VALUE",
        ),
        Binding("l", "mark('doing')", "Learning", id="doing", tooltip="Mark doing (learning)"),
        Binding("s", "mark('skipped')", "Skip", id="skip"),
        Binding("r", "mark('todo')", "Reset", id="reset", tooltip="Back to todo"),
        Binding("n", "note", "Note", id="note", tooltip="Edit the note of the item"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo your last change"),
        Binding("slash", "filter", "Filter", id="filter", tooltip="Filter items by text"),
        Binding(
            "t", "tracks", "Tracks", id="tracks", tooltip="Choose the tracks you follow", show=False
        ),
        Binding(
            "h",
            "hide_unfollowed",
            "Hide others",
            id="hide",
            tooltip="Hide (or show) the items of tracks you do not follow",
            show=False,
        ),
        Binding("x", "next", "Next", id="next", tooltip="Jump to the next item to work on"),
        Binding(
            "c",
            "resources",
            "Resources",
            id="resources",
            tooltip="Go to the item's resources: space ticks one, Enter opens it, Esc comes back",
            show=False,
        ),
        Binding(
            "1", "depth('skimmed')", "Skimmed", id="skimmed", tooltip="Paper skimmed", show=False
        ),
        Binding("2", "depth('read')", "Read", id="read", tooltip="Paper read (done)", show=False),
        Binding(
            "3",
            "depth('implemented')",
            "Implemented",
            id="implemented",
            tooltip="Paper implemented (done)",
            show=False,
        ),
        Binding(
            "asterisk",
            "stars",
            "Stars",
            id="stars",
            tooltip="Show papers of at least 3, 4 or 5 stars, or all",
        ),
        Binding("e", "export", "Export", id="export", tooltip="Export a report of this path"),
        Binding(
            "enter", "open_link", "Open link", id="open-link", tooltip="Open a link", show=False
        ),
        Binding("escape", "clear_filter", "Clear filter", id="clear-filter", show=False),
        Binding("q", "back", "Back", id="back", tooltip="Back to the library"),
    ]

    def __init__(self, path_id: str, item_id: str | None = None):
        super().__init__()
        self.current_path_id = path_id
        self.wanted_item = item_id  # where the cursor goes once the tree is built
        self.outline: Outline | None = None
        self.records: PathRecords | None = None  # read with the outline, once the database is
        self.filter_text = ""
        self.hide_unfollowed = False
        self.min_stars = 0  # 0 shows every item
        self._hinted_evidence = False
        self._built: tuple | None = None  # what the tree was built from
        self._filter_timer = None
        self._guessed: set[str] = set()  # items labelled ahead of their write
        # The status each item shows while its mark is written, with the mark's number:
        # the next key reads it, not the database's older state, so that `d` then `r` at
        # once is two marks of the learner's own, never a stale one refused.
        self._pending: dict[str, tuple[str, int]] = {}
        self._marks = count()
        self._writing = asyncio.Lock()  # marks are written in the order they were made

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="path-header")
        with Horizontal(id="path-body"):
            yield PathTree(id="tree")
            yield Detail(id="detail")
        yield Input(placeholder="filter items: type, Enter to keep, Esc to clear", id="filter")
        yield TimerLine(id="timer-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one(PathTree).focus()
        if self.app.database_ready:
            self.reload()
            return
        kept = self.app.backend.kept_outline
        if kept is not None and kept.progress.path.id == self.current_path_id:
            self.show(kept)  # last run's reading, still current; the database's follows

    @property
    def tree(self) -> PathTree:
        return self.query_one(PathTree)

    @property
    def spot(self) -> Spot | None:
        node = self.tree.cursor_node
        return node.data if node is not None else None

    # Loading and showing

    @on(ProgressChanged)
    @on(LibraryLoaded)
    @on(LanguageChanged)
    @work(group="outline", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        backend = self.app.backend
        if not self.app.database_ready:
            return
        if backend.library is not None and self.current_path_id not in backend.library.paths:
            self.notify(f"The path '{self.current_path_id}' is gone", severity="warning")
            self.app.pop_screen()
            return
        await self._show_latest()
        # Kept now, not only by the poll a second later: a closed terminal runs no exit code.
        await backend.call(backend.keep_latest)

    async def _show_latest(self) -> Outline:
        """Read where the learner stands now (in a thread) and show it."""
        backend = self.app.backend
        outline, records = await backend.call(backend.path_view, self.current_path_id)
        self.show(outline, records)
        return outline

    def show(self, outline: Outline, records: PathRecords | None = None) -> None:
        previous, self.outline = self.outline, outline
        before = self.records
        if records is not None:
            self.records = records
        path = outline.progress.path
        wanted = (
            id(path),
            self.app.backend.lang,
            self.filter_text,
            self.hide_unfollowed,
            self.min_stars,
        )
        if wanted != self._built:
            self._build(outline)
            self._built = wanted
        else:
            self._relabel(previous, outline, before)
        self._show_header(outline)
        self._show_detail()
        self.refresh_bindings()

    def _build(self, outline: Outline) -> None:
        tree = self.tree
        current = self.spot
        keep = current.item.id if current is not None and current.item is not None else None
        tree.build(outline.progress.path, self._label, self._shows)
        target = self.wanted_item or keep
        self.wanted_item = None
        if target is None and outline.next:
            target = outline.next[0].item.id
        node = tree.reveal(target or "") or tree.reveal(tree.first_item() or "")
        if node is not None:
            tree.go_to(node)

    def _relabel(self, before: Outline | None, after: Outline, records: PathRecords | None) -> None:
        """Only the labels that changed: one mark on a 10,000-item path must repaint at once."""
        tree = self.tree
        if (
            before is None
            or before.progress.unfollowed != after.progress.unfollowed
            or records is None
        ):
            stale = set(tree.item_nodes)
        else:
            old, new = before.progress, after.progress
            ids = old.states.keys() | new.states.keys()
            stale = {i for i in ids if old.state(i) != new.state(i)}
            stale |= changed_records(records, self.records)
        stale |= self._guessed
        self._guessed = set()
        nodes = [tree.item_nodes[i] for i in stale if i in tree.item_nodes]
        for node in (*nodes, *tree.part_nodes.values()):
            label = self._label(node.data)
            if label != node.label:
                node.set_label(label)

    def _label(self, spot: Spot) -> Text:
        outline = self.outline
        assert outline is not None
        lang, path = self.app.backend.lang, outline.progress.path
        if spot.item is not None:
            return self._item_label(spot.item, self._shown_state(spot.item))
        if spot.step is not None:
            done = outline.steps[spot.level.id, spot.step.id]
            return part_label(shown_text(spot.step.title, lang, path.lang), done, False)
        done = outline.levels[spot.level.id]
        return part_label(shown_text(spot.level.title, lang, path.lang), done, True)

    def _item_label(self, item: Item, state: ItemState) -> Text:
        outline = self.outline
        assert outline is not None
        badges = item_badges(item, reading_depth(item, state), self.records)
        followed = outline.progress.follows(item.tracks)
        lang, path_lang = self.app.backend.lang, outline.progress.path.lang
        return item_label(item, state.status, lang, path_lang, followed, badges)

    def _shows(self, item: Item) -> bool:
        outline = self.outline
        assert outline is not None
        if self.hide_unfollowed and not outline.progress.follows(item.tracks):
            return False
        if self.min_stars and (stars(item) or 0) < self.min_stars:
            return False
        if not self.filter_text:
            return True
        wanted = self.filter_text.casefold()
        title = shown_text(item.title, self.app.backend.lang, outline.progress.path.lang)
        return wanted in title.casefold() or wanted in item.id

    def _show_header(self, outline: Outline) -> None:
        path: PathDef = outline.progress.path
        lang = self.app.backend.lang
        header = Text.assemble(
            (shown_text(path.title, lang, path.lang), "bold"),
            "  ",
            part_completion(outline.completion, 16),
        )
        if self.min_stars:
            shown = "5" if self.min_stars == 5 else f"≥{self.min_stars}"
            header.append(f"  ·  {shown}{STAR} only", style="bold yellow")
            header.append(" (* for more)", style="dim")
        minutes, missing = outline.minutes_left, outline.without_estimate
        if minutes:
            header.append(f"  ·  {vocabulary.minutes(minutes)} left", style="")
            if missing:
                without = vocabulary.count(missing, "item")
                header.append(f" (+{without} without estimate)", style="dim")
        if outline.next:
            first = outline.next[0].item
            header.append("  ·  next: ", style="dim")
            header.append(shown_text(first.title, lang, path.lang))
            if first.optional:  # required items come first: only optional ones are left
                header.append(" (optional)", style="dim")
        elif outline.completion.counted:
            header.append("  ·  nothing left to do here", style="green")
        self.query_one("#path-header", Static).update(header)

    @on(Tree.NodeHighlighted)
    def _show_detail(self) -> None:
        if self.outline is not None:
            lang = self.app.backend.lang
            self.query_one(Detail).show(self.spot, self.outline, lang, self.records)

    # Marking

    def action_toggle(self) -> None:
        spot = self.spot
        if spot is None:
            return
        if spot.item is None:
            node = self.tree.cursor_node
            if node is not None:
                node.toggle()
            return
        self.action_mark("todo" if self._status(spot.item) == "done" else "done")

    def action_mark(self, status: str) -> None:
        spot = self.spot
        if spot is None or self.outline is None:
            return
        items = spot.items
        if spot.item is None:
            from tracker.tui.screens.confirm import ConfirmScreen

            what = shown_text(
                (spot.step or spot.level).title,
                self.app.backend.lang,
                self.outline.progress.path.lang,
            )
            self.app.push_screen(
                ConfirmScreen(
                    f"Mark all {vocabulary.count(len(items), 'item')} of “{what}” {status}?"
                ),
                lambda yes: self._write(items, status, self._shown(items)) if yes else None,
            )
            return
        # Shown at once; the worker writes and reconciles.
        expected = self._shown(items)
        mark = next(self._marks)
        self._pending[spot.item.id] = (status, mark)
        node = self.tree.cursor_node
        if node is not None:
            node.set_label(self._item_label(spot.item, self._shown_state(spot.item)))
            self._guessed.add(spot.item.id)
        self._write(items, status, expected, mark)
        if status == "done" and not self._hinted_evidence:
            self._hinted_evidence = True  # once: marking stays one key, D is there to see
            self.notify("Marked done; D adds evidence (a link, a file, a metric)", timeout=3)

    def _status(self, item: Item) -> str:
        """The status the screen shows: a mark still being written, else the database's."""
        return self._shown_state(item).status

    def _shown_state(self, item: Item) -> ItemState:
        assert self.outline is not None
        state = self.outline.progress.state(item.id)
        pending = self._pending.get(item.id)
        if pending is None or pending[0] == state.status:
            return state
        return ItemState(pending[0])  # a new status drops the depth, as the store does

    def _shown(self, items: list[Item]) -> dict[str, str]:
        return {item.id: self._status(item) for item in items}

    @work(group="write", exit_on_error=False)
    async def _write(
        self, items: list[Item], status: str, expected: dict[str, str], mark: int | None = None
    ) -> None:
        """Write a mark. `expected` is what the screen showed when it was made: a change
        made elsewhere since is not overwritten."""
        backend = self.app.backend
        try:
            async with self._writing:
                await backend.call(
                    backend.mark, self.current_path_id, [i.id for i in items], status, expected
                )
        finally:
            for item in items:
                if mark is not None and self._pending.get(item.id, ("", -1))[1] == mark:
                    del self._pending[item.id]  # no later mark of it waits
            await self._show_latest()

    @work(group="write", exit_on_error=False)
    async def action_undo(self) -> None:
        backend = self.app.backend
        undone = await backend.call(backend.undo)
        said = f"Undid {vocabulary.count(undone, 'change')}" if undone else "Nothing to undo"
        self.notify(said, timeout=2)
        self.app.broadcast(ProgressChanged)

    def action_fork_path(self) -> None:
        from tracker.tui.screens.fork import ForkScreen

        if self.app.database_ready and self.outline is not None:
            self.app.push_screen(ForkScreen(self.current_path_id), self._open_fork)

    @work(group="outline", exit_on_error=False)
    async def _open_fork(self, new_id: str | None) -> None:
        if new_id is None:
            return
        await self.app.reload_paths()
        self.app.switch_screen(PathScreen(new_id))

    def action_reset_path(self) -> None:
        from tracker.services.progress import recorded_items
        from tracker.tui.screens.confirm import ConfirmScreen

        if self.outline is None:
            return
        recorded = recorded_items(self.outline.progress)
        if not recorded:
            self.notify("Nothing to reset: no progress on this path yet", timeout=2)
            return
        path = self.outline.progress.path
        title = shown_text(path.title, self.app.backend.lang, path.lang)
        question = (
            f"Clear your progress on “{title}”: {vocabulary.count(recorded, 'item')} back to todo, "
            "their notes cleared? u undoes it."
        )
        self.app.push_screen(ConfirmScreen(question), lambda yes: self._reset() if yes else None)

    @work(group="write", exit_on_error=False)
    async def _reset(self) -> None:
        backend = self.app.backend
        reset = await backend.call(backend.reset_path, self.current_path_id)
        self.notify(f"Reset {vocabulary.count(reset, 'item')}; u undoes it", timeout=3)
        self.app.broadcast(ProgressChanged)

    # Notes

    def action_note(self) -> None:
        from tracker.tui.screens.note import NoteScreen

        spot = self.spot
        if spot is None or spot.item is None or self.outline is None:
            self.notify("Notes belong to items: move to an item first", timeout=2)
            return
        item = spot.item
        before = self.outline.progress.state(item.id).note
        title = shown_text(item.title, self.app.backend.lang, self.outline.progress.path.lang)
        self.app.push_screen(
            NoteScreen(title, before), lambda text: self._save_note(item, before, text)
        )

    @work(group="write", exit_on_error=False)
    async def _save_note(self, item: Item, before: str, text: str | None) -> None:
        from tracker.services.progress import StaleChange

        if text is None or text == before:
            return
        backend = self.app.backend
        try:
            await backend.call(backend.set_note, self.current_path_id, item.id, text, before)
        except StaleChange:
            # Someone else wrote a note meanwhile: the learner's text goes back into the
            # editor, now against the other version, so nothing is lost either way.
            outline = await self._show_latest()
            other = outline.progress.state(item.id).note
            self.notify(
                "The note was changed elsewhere meanwhile; your text is back in the editor "
                "(saving it replaces the other version)",
                severity="warning",
                timeout=8,
            )
            from tracker.tui.screens.note import NoteScreen

            self.app.push_screen(
                NoteScreen(item.id, text), lambda again: self._save_note(item, other, again)
            )
            return
        await self._show_latest()
        self.notify("Note saved", timeout=2)

    # Finding things

    def action_next(self) -> None:
        outline = self.outline
        if outline is None:
            return
        if not outline.next:
            self.notify("Nothing left to do on this path", timeout=2)
            return
        item_id = outline.next[0].item.id
        node = self.tree.reveal(item_id)
        if node is None:  # filtered out or hidden: show everything
            self.filter_text, self.hide_unfollowed, self.min_stars = "", False, 0
            self.query_one("#filter", Input).value = ""
            self.wanted_item = item_id
            self.show(outline)
            return
        self.tree.go_to(node)

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self._apply_filter()
        self.tree.focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._apply_filter)

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        self._apply_filter()
        self.tree.focus()

    def _apply_filter(self) -> None:
        text = self.query_one("#filter", Input).value.strip()
        if text != self.filter_text and self.outline is not None:
            self.filter_text = text
            self.show(self.outline)

    def action_hide_unfollowed(self) -> None:
        self.hide_unfollowed = not self.hide_unfollowed
        self.notify(
            "Items of tracks you do not follow are hidden"
            if self.hide_unfollowed
            else "Every track is shown",
            timeout=2,
        )
        if self.outline is not None:
            self.show(self.outline)

    def action_tracks(self) -> None:
        from tracker.tui.screens.tracks import TracksScreen

        outline = self.outline
        if outline is None:
            return
        path = outline.progress.path
        if not path.tracks:
            self.notify("This path has no tracks: every item is on your way", timeout=3)
            return
        lang = self.app.backend.lang
        choices = [
            (
                shown_text(track.title, lang, path.lang),
                track.id,
                track.id not in outline.progress.unfollowed,
            )
            for track in path.tracks
        ]
        self.app.push_screen(TracksScreen(choices), self._follow)

    @work(group="write", exit_on_error=False)
    async def _follow(self, followed: list[str] | None) -> None:
        if followed is None:
            return
        backend = self.app.backend
        await backend.call(backend.follow_only, self.current_path_id, followed)
        await self._show_latest()

    def action_open_link(self) -> None:
        spot = self.spot
        if spot is None or spot.item is None:
            node = self.tree.cursor_node
            if node is not None:
                node.toggle()
            return
        if not spot.item.resources:
            self.notify("This item has no links", timeout=2)
        elif len(spot.item.resources) == 1:
            self.query_one(Detail).open_resource(0)
        else:
            resources = self.query_one("#detail-resources", OptionList)
            resources.highlighted = 0
            resources.focus()

    def action_back(self) -> None:
        if self.query_one("#filter").has_focus:
            self.action_clear_filter()
            return
        self.app.pop_screen()

    def action_export(self) -> None:
        from tracker.tui.screens.export import ExportScreen

        if self.app.database_ready and self.outline is not None:
            self.app.push_screen(ExportScreen(self.current_path_id))

    def action_edit_path_file(self) -> None:
        from tracker.tui.editing import edit_path_file

        outline = self.outline
        if outline is not None:
            edit_path_file(self.app, outline.progress.path.file)


def changed_records(before: PathRecords, after: PathRecords | None) -> set[str]:
    """Items whose evidence, time or ticks differ between two readings."""
    if after is None:
        return set()
    changed = set()
    for old, new in (
        (before.evidence, after.evidence),
        (before.spent, after.spent),
        (before.ticks, after.ticks),
    ):
        changed |= {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    return changed
