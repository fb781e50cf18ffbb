"""Read a path file into a tree of YAML nodes that keep their line and column.

The tree is built from libyaml's event stream rather than from `yaml.compose`: the C
composer recurses once per nesting level and crashes the interpreter on deeply nested input
(a few hundred kilobytes of `[` are enough), while the event parser keeps its own stack. The
event stream also shows anchors, aliases and tags before anything is built from them, so an
alias bomb costs nothing, and it is faster than composing (no implicit type resolution).

Everything that can be wrong with the *text* of a file is found here: size, encoding, control
characters, tabs, YAML syntax, anchors, aliases, tags, nesting and extra documents.
"""

from __future__ import annotations

import re

import yaml

from tracker.pathdefs.diagnostics import Report

try:  # libyaml's parser when PyYAML was built with it, the pure-Python one otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64

SCALAR, MAPPING, SEQUENCE, INVALID = range(4)
KIND_NAMES = {SCALAR: "a scalar", MAPPING: "a mapping", SEQUENCE: "a list", INVALID: "invalid"}

# Explicit tags that only restate what the node already is; every other tag is refused.
_HARMLESS_TAGS = frozenset(
    {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
)
# Control characters (C0 but tab, newline and carriage return; DEL; C1): never valid in text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a value, written as an escape such as "\a": carriage returns are not line breaks there.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_MAX_REPORTED_CHARS = 20


class Node:
    """A YAML node: a scalar (str value), a mapping (list of key/value node pairs) or a list."""

    __slots__ = ("column", "kind", "line", "plain", "value")

    def __init__(self, kind: int, value, line: int, column: int, plain: bool = False):
        self.kind = kind
        self.value = value
        self.line = line
        self.column = column
        self.plain = plain  # plain and untagged: YAML may read its text as a number, a date...

    def __repr__(self) -> str:
        return f"Node({KIND_NAMES[self.kind]}, {self.value!r}, {self.line}:{self.column})"


def read_tree(data: bytes, report: Report) -> Node | None:
    """The root node of `data`, or None when the text cannot be read as one YAML document.

    Problems go to `report`; a tree is returned even when some of them are errors, so that the
    caller can go on to find the problems of the content too.
    """
    if len(data) > MAX_FILE_BYTES:
        report.error(1, 1, f"file is larger than 16 MiB ({len(data) / 2**20:.1f} MiB)")
        return None
    text = _decode(data, report)
    if text is None:
        return None
    text = _blank_control_characters(text, report)
    tab_lines = _tab_indented_lines(text, report)
    return _build(text, report, tab_lines)


def _decode(data: bytes, report: Report) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start)
        report.error(
            line, column, f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        )
        return None


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _blank_control_characters(text: str, report: Report) -> str:
    """Report control characters and replace them by spaces, so the rest can still be read."""
    found = _CONTROL.search(text)
    if found is None:
        return text
    matches = list(_CONTROL.finditer(text, found.start()))
    for match in matches[:_MAX_REPORTED_CHARS]:
        line, column = _position(text, match.start())
        report.error(line, column, f"control character U+{ord(match.group()):04X} is not allowed")
    if len(matches) > _MAX_REPORTED_CHARS:
        line, column = _position(text, matches[_MAX_REPORTED_CHARS].start())
        more = len(matches) - _MAX_REPORTED_CHARS
        report.error(line, column, f"{more} more control characters are not reported")
    return _CONTROL.sub(" ", text)


def _tab_indented_lines(text: str, report: Report) -> set[int]:
    if "\t" not in text:
        return set()
    lines = set()
    for match in _TAB_INDENT.finditer(text):
        line, column = _position(text, match.end() - 1)
        lines.add(line)
        report.error(line, column, "tab used for indentation; indent with spaces")
    return lines


def _build(text: str, report: Report, tab_lines: set[int]) -> Node | None:
    parser = _Loader(text)
    stack: list[Node] = []
    root: Node | None = None
    documents = 0
    escapes = "\\" in text  # only a double-quoted escape can put a control character in a value
    try:
        get_event = parser.get_event
        while True:
            event = get_event()
            cls = event.__class__
            if cls is yaml.ScalarEvent:
                mark = event.start_mark
                node = Node(SCALAR, event.value, mark.line + 1, mark.column + 1, event.implicit[0])
                if event.anchor is not None or event.tag is not None:
                    node = _check_properties(event, node, report)
                if escapes and event.style == '"' and _CONTROL_IN_VALUE.search(event.value):
                    _report_escaped_control(event.value, node, report)
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                mark = event.start_mark
                kind = MAPPING if cls is yaml.MappingStartEvent else SEQUENCE
                node = Node(kind, [], mark.line + 1, mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    report.error(node.line, node.column, f"nested deeper than {MAX_DEPTH} levels")
                    return None
                if event.anchor is not None or event.tag is not None:
                    checked = _check_properties(event, node, report)
                    if checked is not node:  # keep parsing the content, then drop it
                        node.kind = INVALID
                if stack:
                    stack[-1].value.append(node)
                stack.append(node)
                continue
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                node = stack.pop()
                if node.kind == MAPPING:
                    pairs = iter(node.value)
                    node.value = list(zip(pairs, pairs, strict=True))
                elif node.kind == INVALID:
                    node.value = None
                if not stack:
                    root = node
                continue
            elif cls is yaml.AliasEvent:
                mark = event.start_mark
                report.error(
                    mark.line + 1,
                    mark.column + 1,
                    f"YAML alias '*{event.anchor}' is not allowed; write the value out in full",
                )
                node = Node(INVALID, None, mark.line + 1, mark.column + 1)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    report.error(
                        mark.line + 1,
                        mark.column + 1,
                        "a second YAML document starts here; a path file holds exactly one",
                    )
                    break
                continue
            elif cls is yaml.StreamEndEvent:
                break
            else:
                continue
            if stack:
                stack[-1].value.append(node)
            else:
                root = node
    except yaml.MarkedYAMLError as exc:
        _report_syntax_error(exc, report, tab_lines)
        return None
    except yaml.YAMLError as exc:  # errors without a position, such as a reader error
        report.error(1, 1, f"invalid YAML: {exc}")
        return None
    finally:
        parser.dispose()
    if root is None or (root.kind == SCALAR and root.plain and root.value == ""):
        report.error(1, 1, "file is empty; a path needs at least format, id, title and levels")
        return None
    return root


def _report_escaped_control(value: str, node: Node, report: Report) -> None:
    character = _CONTROL_IN_VALUE.search(value).group()
    report.error(node.line, node.column, f"control character U+{ord(character):04X} is not allowed")


def _check_properties(event, node: Node, report: Report) -> Node:
    """Report anchors and tags; a node whose tag is refused comes back as INVALID."""
    if event.anchor is not None:
        report.error(
            node.line,
            node.column,
            f"YAML anchor '&{event.anchor}' is not allowed; write the value out in full",
        )
    tag = event.tag
    if tag is None or tag in _HARMLESS_TAGS:
        return node
    shown = (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )
    report.error(node.line, node.column, f"YAML tag '{shown}' is not allowed; write plain values")
    return Node(INVALID, None, node.line, node.column)


def _report_syntax_error(exc: yaml.MarkedYAMLError, report: Report, tab_lines: set[int]) -> None:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if line in tab_lines:
        return  # the tab already reported on this line is what YAML stumbled over
    problem = exc.problem or exc.context or "cannot be read"
    if exc.context and exc.problem:
        problem = f"{problem} ({exc.context})"
    report.error(line, column, f"invalid YAML: {problem}")
