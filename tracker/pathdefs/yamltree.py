"""Read a path file into a tree of YAML nodes that keep their line and column.

The tree is built from libyaml's event stream rather than from `yaml.compose`: the C
composer recurses once per nesting level and crashes the interpreter on deeply nested input
(a few hundred kilobytes of `[` are enough), while the event parser keeps its own stack. The
event stream also shows anchors, aliases and tags before anything is built from them, so an
alias bomb costs nothing, and it is faster than composing (no implicit type resolution).

Everything that can be wrong with the *text* of a file is found here: size, encoding,
characters, tabs, YAML syntax, anchors, aliases, tags, nesting and extra documents.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import yaml

from tracker.pathdefs.diagnostics import Report, shown
from tracker.pathdefs.limits import MAX_FILE_BYTES, too_large

try:  # libyaml's parser when PyYAML was built with it, the pure-Python one otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64

SCALAR, MAPPING, SEQUENCE, INVALID = range(4)
KIND_NAMES = {SCALAR: "a scalar", MAPPING: "a mapping", SEQUENCE: "a list", INVALID: "invalid"}

# Explicit tags that only restate what a node already is; every other tag is refused.
_CORE = "tag:yaml.org,2002:"
_HARMLESS_TAGS = {_CORE + "str": SCALAR, _CORE + "map": MAPPING, _CORE + "seq": SEQUENCE}
# Characters YAML cannot carry: controls but tab, newline and carriage return (C0, DEL, C1),
# and the non-characters U+FFFE and U+FFFF.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# In a value, written as an escape such as "\a": carriage returns are not line breaks there.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
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


class Lines:
    """Line and column of a character offset, counting lines as editors do: after each
    newline, carriage return, or both (libyaml also breaks at U+2028 and U+2029)."""

    def __init__(self, text: str):
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def read_tree(data: bytes, report: Report) -> Node | None:
    """The root node of `data`, or None when the text cannot be read as one YAML document.

    Problems go to `report`; a tree is returned even when some of them are errors, so that the
    caller can go on to find the problems of the content too.
    """
    if len(data) > MAX_FILE_BYTES:
        report.error(1, 1, too_large(len(data)))
        return None
    text = _decode(data, report)
    if text is None:
        return None
    text = _blank_unreadable_characters(text, report)
    return _build(text, report)


def _decode(data: bytes, report: Report) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        readable = data[: exc.start].decode("utf-8", errors="replace")
        line, column = Lines(readable).position(len(readable))
        report.error(
            line, column, f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        )
        return None
    # libyaml skips a byte-order mark at the start without counting it, which would put every
    # position after it one place off: a second mark goes too.
    return text.lstrip("\ufeff")


def _blank_unreadable_characters(text: str, report: Report) -> str:
    """Report characters YAML cannot carry and replace them by spaces, so the rest can still
    be read and checked in the same run."""
    if _UNREADABLE.search(text) is None:
        return text
    lines = Lines(text)
    matches = list(_UNREADABLE.finditer(text))
    for match in matches[:_MAX_REPORTED_CHARS]:
        line, column = lines.position(match.start())
        report.error(line, column, _unreadable_message(match.group()))
    if len(matches) > _MAX_REPORTED_CHARS:
        line, column = lines.position(matches[_MAX_REPORTED_CHARS].start())
        more = len(matches) - _MAX_REPORTED_CHARS
        report.error(line, column, f"{more} more such characters are not reported")
    return _UNREADABLE.sub(" ", text)


def _unreadable_message(character: str) -> str:
    what = "character" if character in "\ufffe\uffff" else "control character"
    return f"{what} U+{ord(character):04X} is not allowed"


def _build(text: str, report: Report) -> Node | None:
    parser = _Loader(text)
    stack: list[Node] = []
    root: Node | None = None
    documents = 0
    escapes = "\\" in text  # only a double-quoted escape can put a control character in a value
    # libyaml also breaks lines at U+2028 and U+2029, which editors show within a line.
    lines = Lines(text) if "\u2028" in text or "\u2029" in text else None
    try:
        get_event = parser.get_event
        while True:
            event = get_event()
            cls = event.__class__
            mark = event.start_mark
            if lines is None:
                line, column = mark.line + 1, mark.column + 1
            else:
                line, column = lines.position(mark.index)
            if cls is yaml.ScalarEvent:
                node = Node(SCALAR, event.value, line, column, event.implicit[0])
                if event.anchor is not None or event.tag is not None:
                    node = _check_properties(event, node, report)
                if escapes and event.style == '"' and _CONTROL_IN_VALUE.search(event.value):
                    character = _CONTROL_IN_VALUE.search(event.value).group()
                    report.error(line, column, _unreadable_message(character))
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                kind = MAPPING if cls is yaml.MappingStartEvent else SEQUENCE
                node = Node(kind, [], line, column)
                if len(stack) >= MAX_DEPTH:
                    report.error(line, column, f"nested deeper than {MAX_DEPTH} levels")
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
                alias = shown(event.anchor)
                message = f"YAML alias '*{alias}' is not allowed; write the value out in full"
                report.error(line, column, message)
                node = Node(INVALID, None, line, column)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    report.error(
                        line,
                        column,
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
        _report_syntax_error(exc, text, lines, report)
        return None
    except yaml.reader.ReaderError as exc:  # a character the checks above did not blank
        line, column = (lines or Lines(text)).position(exc.position)
        report.error(line, column, f"invalid YAML: {shown(str(exc.reason))}")
        return None
    finally:
        parser.dispose()
    if root is None or (root.kind == SCALAR and root.plain and root.value == ""):
        report.error(1, 1, "file is empty; a path needs at least format, id, title and levels")
        return None
    return root


def _check_properties(event, node: Node, report: Report) -> Node:
    """Report anchors and tags; a node whose tag is refused comes back as INVALID."""
    if event.anchor is not None:
        report.error(
            node.line,
            node.column,
            f"YAML anchor '&{shown(event.anchor)}' is not allowed; write the value out in full",
        )
    tag = event.tag
    if tag is None or _HARMLESS_TAGS.get(tag) == node.kind:
        return node
    written = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    if tag in _HARMLESS_TAGS:
        message = f"YAML tag '{written}' does not fit {KIND_NAMES[node.kind]}"
    else:
        message = f"YAML tag '{shown(written)}' is not allowed; write plain values"
    report.error(node.line, node.column, message)
    return Node(INVALID, None, node.line, node.column)


def _report_syntax_error(
    exc: yaml.MarkedYAMLError, text: str, lines: Lines | None, report: Report
) -> None:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        line, column = 1, 1
    elif lines is not None or mark.index >= len(text):
        # libyaml puts the end of a text without a final line break on a line after the last
        line, column = (lines or Lines(text)).position(min(mark.index, len(text)))
    else:
        line, column = mark.line + 1, mark.column + 1
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        report.error(line, column, "tab used for indentation; indent with spaces")
        return
    problem = exc.problem or exc.context or "cannot be read"
    if exc.context and exc.problem:
        problem = f"{problem} ({exc.context})"
    report.error(line, column, f"invalid YAML: {shown(problem, 200)}")
