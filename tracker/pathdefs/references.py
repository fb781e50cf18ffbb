"""The rules that span a path: requirements and their cycles, renames, ids shared by a level,
a step or an item. Checked once the whole file has been read."""

from __future__ import annotations

from tracker.pathdefs.diagnostics import Report
from tracker.pathdefs.yamltree import Node

_CYCLE_SHOWN = 8  # ids of a long cycle shown before the rest is elided


class Ids:
    """Where each id of one kind was first defined: the id's node, or the item's when the id
    comes from the title."""

    __slots__ = ("nodes", "noun")

    def __init__(self, noun: str):
        self.noun = noun
        self.nodes: dict[str, Node] = {}


class Hints:
    """'Did you mean' suggestions: a bounded number per file, from candidates close in length,
    so that a file with thousands of typos against thousands of ids stays fast."""

    def __init__(self, budget: int = 50):
        self.budget = budget

    def close_to(self, word: str, choices) -> str | None:
        if self.budget <= 0:
            return None
        self.budget -= 1
        import difflib  # only needed for a file with errors

        near = [c for c in choices if abs(len(c) - len(word)) <= 3 and c[:1] == word[:1]]
        found = difflib.get_close_matches(word, near, n=1)
        return found[0] if found else None


def check_requires(
    report: Report,
    items: Ids,
    requires: list[tuple[str, list[tuple[str, Node]]]],
    renamed: dict[str, str],
    hints: Hints,
) -> None:
    """Every requirement names an item of the path, and requirements form no cycle."""
    graph: dict[str, list[tuple[str, Node]]] = {}
    for item_id, entries in requires:
        edges = graph.setdefault(item_id, [])
        for ref, entry in entries:
            if ref in items.nodes:
                edges.append((ref, entry))
            elif ref in renamed:
                now = renamed[ref]
                report.error(
                    entry.line,
                    entry.column,
                    f"requires '{ref}', the old id of '{now}'; use '{now}'",
                )
            else:
                close = hints.close_to(ref, items.nodes)
                hint = f" (did you mean '{close}'?)" if close else ""
                report.error(entry.line, entry.column, f"requires unknown item '{ref}'{hint}")
    _report_cycles(report, graph)


def _report_cycles(report: Report, graph: dict[str, list[tuple[str, Node]]]) -> None:
    """Depth-first search without recursion; each back edge closes one cycle."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in graph:
        if start in state:
            continue
        path = [start]
        state[start] = 1
        stack = [iter(graph.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            target, entry = step
            mark = state.get(target)
            if mark == 1:
                cycle = [*path[path.index(target) :], target]
                report.error(
                    entry.line, entry.column, "requirements form a cycle: " + _chain(cycle)
                )
            elif mark is None:
                state[target] = 1
                path.append(target)
                stack.append(iter(graph.get(target, ())))


def _chain(cycle: list[str]) -> str:
    if len(cycle) <= _CYCLE_SHOWN:
        return " → ".join(cycle)
    head = " → ".join(cycle[: _CYCLE_SHOWN - 2])
    return f"{head} → … → {cycle[-2]} → {cycle[-1]} ({len(cycle) - 1} items)"


def check_was(report: Report, items: Ids, was: list[tuple[str, Node, str]]) -> None:
    """An old id is no other item's id, and stands in the `was` of one item only."""
    first: dict[str, int] = {}
    for old, entry, item_id in was:
        if old == item_id:
            report.error(entry.line, entry.column, f"'{old}' in 'was' is this item's own id")
        elif old in items.nodes:
            line = items.nodes[old].line
            report.error(
                entry.line,
                entry.column,
                f"'{old}' in 'was' is the id of another item (line {line})",
            )
        elif old in first:
            report.error(
                entry.line,
                entry.column,
                f"'{old}' is in the 'was' of two items (also at line {first[old]})",
            )
        else:
            first[old] = entry.line


def check_shared_ids(report: Report, levels: Ids, steps: Ids, items: Ids) -> None:
    """Levels, steps and items may share an id, but a reference PATH/ID then means one."""
    for seen, others in ((steps, (levels,)), (items, (levels, steps))):
        for other in others:
            for shared in sorted(seen.nodes.keys() & other.nodes.keys()):
                node = seen.nodes[shared]
                report.warning(
                    node.line,
                    node.column,
                    f"'{shared}' is the id of a {other.noun} (line {other.nodes[shared].line}) "
                    f"and of {_a(seen.noun)}; a reference PATH/{shared} means the {seen.noun}",
                )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
