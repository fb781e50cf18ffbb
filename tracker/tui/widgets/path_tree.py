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
from tracker.tui.format import GLYPHS, STATUS_STYLES, completion_text, shown_text

if TYPE_CHECKING:
    from tracker.services.overview import Completion


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


class PathTree(Tree[Spot], inherit_bindings=False):
    """Space and enter belong to the screen (toggle done, open a link), not to folding."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("left", "fold", "Fold", show=False),
        Binding("right", "unfold", "Unfold", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("path", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.item_nodes: dict[str, TreeNode[Spot]] = {}
        self.part_nodes: dict[tuple[str, str | None], TreeNode[Spot]] = {}

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
        lang: str,
        label: Callable[[Spot], Text],
        shows: Callable[[Item], bool],
    ) -> None:
        """Fill the tree with every item `shows` lets through, and the levels and steps
        that hold one."""
        self.clear()
        self.item_nodes.clear()
        self.part_nodes.clear()
        for level in path.levels:
            level_node = None
            for step in level.steps:
                step_node = None
                for item in step.items:
                    if not shows(item):
                        continue
                    if level_node is None:
                        spot = Spot(level)
                        level_node = self.root.add(label(spot), spot, expand=True)
                        self.part_nodes[level.id, None] = level_node
                    if step_node is None:
                        spot = Spot(level, step)
                        step_node = level_node.add(label(spot), spot, expand=True)
                        self.part_nodes[level.id, step.id] = step_node
                    spot = Spot(level, step, item)
                    self.item_nodes[item.id] = step_node.add_leaf(label(spot), spot)


def part_label(title: str, done: Completion, bold: bool) -> Text:
    return Text.assemble(
        (title, "bold" if bold else ""),
        "  ",
        completion_text(done.percent, 8),
        (f" {done.done}/{done.counted - done.skipped}", "dim"),
    )


def item_label(item: Item, status: str, lang: str, path_lang: str, followed: bool) -> Text:
    text = Text.assemble(
        (GLYPHS[status], STATUS_STYLES[status]), " ", shown_text(item.title, lang, path_lang)
    )
    if item.optional:
        text.append(" (optional)", style="italic dim")
    if not followed:
        text.stylize("dim")
    return text
