"""A learner's own copy of a path: the same file under a new path id.

Only the id's text changes; comments, both languages, layout and every item id stay as they
were, so that the copy reads like the original and progress can be carried over item by item.
"""

from __future__ import annotations

import re

from tracker.pathdefs.diagnostics import Report
from tracker.pathdefs.load import parse_path
from tracker.pathdefs.model import PathDef
from tracker.pathdefs.yamltree import MAPPING, SCALAR, Lines, read_tree

_PLAIN_END = re.compile(r"[\s,}\]#]|$")


class ForkError(Exception):
    pass


def forked_text(data: bytes, name: str, new_id: str) -> tuple[str, PathDef]:
    """The text of the path file `data` with its id replaced by `new_id`, and its path."""
    root = read_tree(data, Report(name))
    id_node = None
    if root is not None and root.kind == MAPPING:
        id_node = next((v for k, v in root.value if k.value == "id" and v.kind == SCALAR), None)
    if id_node is None:
        raise ForkError(f"{name} has no path id to replace")
    text = data.decode("utf-8-sig")
    start = Lines(text).starts[id_node.line - 1] + id_node.column - 1
    if text[start] in "\"'":
        end = text.index(text[start], start + 1) + 1  # an id holds no quote to escape
    else:
        end = _PLAIN_END.search(text, start).start()
    copy = text[:start] + new_id + text[end:]
    result = parse_path(copy.encode("utf-8"), name)
    if result.path is None or result.path.id != new_id:
        problem = result.diagnostics[0] if result.diagnostics else "its id did not change"
        raise ForkError(f"the copy of {name} would not load: {problem}")
    return copy, result.path
