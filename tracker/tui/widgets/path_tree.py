"""The tree of a path: levels, steps and items, each labelled with where the learner stands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tracker.pathdefs.model import Item, Level, PathDef, Step
from tracker.services.standing import stars
from tracker.tui.format import (
    EVIDENCE,
    GLYPHS,
    STATUS_STYLES,
    TICKED,
    TIMED,
    part_completion,
    shown_text,
    stars_text,
)
from tracker.vocabulary import duration

if TYPE_CHECKING:
    from tracker.services.records import PathRecords
    from tracker.services.standing import Completion


@dataclass(frozen=True, slots=True)
class Spot:
    """What a tree node stands for: a level, a step of it, or an item of that step."""

    level: Level
    step: Step | None = None
    item: Item | None = None

    @property
    def items(self) -> list[Item]:
        if self.item is not None:
            return [self.item]
        steps = [self.step] if self.step is not None else self.level.steps
        return [item for step in steps for item in step.items]


LAZY_OVER = 1000  # shown items beyond which steps are filled when unfolded


class PathTree(Tree[Spot], inherit_bindings=False):
    """Space and enter belong to the screen (toggle done, open a link), not to folding."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="down"),
        Binding("left", "fold", "Fold, or go to the parent", show=False, id="fold"),
        Binding("right", "unfold", "Unfold", show=False, id="unfold"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("home", "scroll_home", "First line", show=False, id="first-line"),
        Binding("end", "scroll_end", "Last line", show=False, id="last-line"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("path", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.item_nodes: dict[str, TreeNode[Spot]] = {}  # the items added so far
        self.part_nodes: dict[tuple[str, str | None], TreeNode[Spot]] = {}
        self._step_of: dict[str, TreeNode[Spot]] = {}  # every shown item's step
        self._waiting: dict[int, list[Item]] = {}  # items of steps not unfolded yet
        self._label: Callable[[Spot], Text] = lambda spot: Text()

    def action_fold(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_unfold(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def go_to(self, node: TreeNode[Spot]) -> None:
        """Put the cursor on `node` now, also right after a build: Textual lays the lines
        out lazily, and a node has no line until then."""
        self._tree_lines  # noqa: B018 (the property lays the lines out)
        self.move_cursor(node)
        self.call_after_refresh(self.scroll_to_node, node, animate=False)

    def build(
        self,
        path: PathDef,
        label: Callable[[Spot], Text],
        shows: Callable[[Item], bool],
    ) -> None:
        """Fill the tree with every item `shows` lets through, and the levels and steps that
        hold one. On a large path the items of a step are added when it is first unfolded:
        a tree of 10,000 nodes takes seconds to build, a tree of its steps does not."""
        self.clear()
        self.item_nodes.clear()
        self.part_nodes.clear()
        self._waiting.clear()
        self._step_of.clear()
        self._label = label
        shown = [
            (level, step, [item for item in step.items if shows(item)])
            for level in path.levels
            for step in level.steps
        ]
        lazy = sum(len(items) for _, _, items in shown) > LAZY_OVER
        for level, step, items in shown:
            if not items:
                continue
            level_node = self.part_nodes.get((level.id, None))
            if level_node is None:
                spot = Spot(level)
                level_node = self.root.add(label(spot), spot, expand=True)
                self.part_nodes[level.id, None] = level_node
            spot = Spot(level, step)
            step_node = level_node.add(label(spot), spot, expand=not lazy)
            self.part_nodes[level.id, step.id] = step_node
            for item in items:
                self._step_of[item.id] = step_node
            if lazy:
                self._waiting[step_node.id] = items
            else:
                self._add_items(step_node, items)

    def _add_items(self, step_node: TreeNode[Spot], items: list[Item]) -> None:
        spot = step_node.data
        assert spot is not None
        for item in items:
            leaf = Spot(spot.level, spot.step, item)
            self.item_nodes[item.id] = step_node.add_leaf(self._label(leaf), leaf)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Spot]) -> None:
        items = self._waiting.pop(event.node.id, None)
        if items is not None:
            self._add_items(event.node, items)

    def reveal(self, item_id: str) -> TreeNode[Spot] | None:
        """The node of a shown item, its step unfolded (and its items added) first."""
        step_node = self._step_of.get(item_id)
        if step_node is None:
            return None
        items = self._waiting.pop(step_node.id, None)
        if items is not None:
            self._add_items(step_node, items)
        step_node.expand()
        return self.item_nodes.get(item_id)

    def first_item(self) -> str | None:
        return next(iter(self._step_of), None)


def part_label(title: str, done: Completion, bold: bool) -> Text:
    """A level's or step's title, its bar and `done/out of`; with nothing left to count,
    why instead (`part_completion`)."""
    if done.percent is None:
        return Text.assemble((title, "bold" if bold else ""), "  ", part_completion(done))
    return Text.assemble(
        (title, "bold" if bold else ""),
        "  ",
        part_completion(done, 8),
        (f" {done.done}/{done.out_of}", "dim"),
    )


def item_label(
    item: Item,
    status: str,
    lang: str,
    path_lang: str,
    followed: bool,
    badges: Text | None = None,
) -> Text:
    text = Text.assemble(
        (GLYPHS[status], STATUS_STYLES[status]), " ", shown_text(item.title, lang, path_lang)
    )
    if item.optional:
        text.append(" (optional)", style="italic dim")
    if badges:
        text.append("  ")
        text.append_text(badges)
    if not followed:
        text.stylize("dim")
    return text


def item_badges(item: Item, depth: str | None, records: PathRecords | None) -> Text:
    """What else there is to know of an item at a glance, after its title: a paper's stars
    and reading depth; once the records are read, resources ticked (of how many), time spent
    and the evidence given. Glyphs rather than words: titles are long, and the help screen
    says what they mean."""
    parts = []
    rating = stars(item)
    if rating:
        parts.append(stars_text(rating))
    if depth:
        parts.append(Text(depth, style="italic"))
    if records is not None:
        if item.resources:
            ticked = len(records.ticked(item.id))
            parts.append(Text(f"{TICKED} {ticked}/{len(item.resources)}", style="dim"))
        spent = records.spent.get(item.id, 0)
        if spent > 0:
            parts.append(Text(f"{TIMED} {duration(spent)}", style="dim"))
        proofs = len(records.evidence.get(item.id, ()))
        if proofs:
            parts.append(Text(f"{EVIDENCE} {proofs}", style="dim"))
    return Text(" · ", style="dim").join(parts)
