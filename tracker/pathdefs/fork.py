"""A learner's own copy of a path: the same file under a new path id and a title of its own.

Only the id's and the title's text change; comments, both languages, layout and every item
id stay as they were, so that the copy reads like the original and progress can be carried
over item by item. Unless given one, the copy's title is the original's marked as a copy in
each of its languages ("T (my copy)").
"""

from __future__ import annotations

import json
import re

import yaml

from tracker.pathdefs.diagnostics import Report
from tracker.pathdefs.load import parse_path
from tracker.pathdefs.model import PathDef
from tracker.pathdefs.text import Text
from tracker.pathdefs.yamltree import read_tree

try:  # the event parser that yamltree uses: it keeps its own stack however deep the file
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# What marks a copy's title, by language; other languages take the English one.
MY_COPY = {
    "en": " (my copy)",
    "de": " (meine Kopie)",
    "es": " (mi copia)",
    "fr": " (ma copie)",
    "ja": "（自分のコピー）",
    "zh": "（我的副本）",
}
# Characters a YAML file should not carry as they are: written as escapes.
_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")

# A scalar of the file: (language or None, start, end, value), by character offset.
Scalar = tuple[str | None, int, int, str]


class ForkError(Exception):
    pass


def copy_title(title: str, lang: str) -> str:
    """`title` marked as a copy, in the words of `lang`."""
    return title + MY_COPY.get(lang.split("-", 1)[0].lower(), MY_COPY["en"])


def copy_titles(title: Text, path_lang: str) -> Text:
    """The title a copy gets unless given one: `title` marked as a copy in each language."""
    if isinstance(title, str):
        return copy_title(title, path_lang)
    return {lang: copy_title(text, lang) for lang, text in title.items()}


def forked_text(
    data: bytes, name: str, new_id: str, title: str | None = None
) -> tuple[str, PathDef]:
    """The text of the path file `data` with its id replaced by `new_id` and its title by
    `title` (in every language the title has), or without one marked as a copy; and its
    path."""
    report = Report(name)
    if read_tree(data, report) is None or report.has_errors:
        first = report.sorted()[0] if report.items else "it cannot be read"
        raise ForkError(f"{name} cannot be forked: {first}")
    text = data.decode("utf-8-sig")
    found = _top_level(text)
    ids = found.get("id", [])
    if len(ids) != 1 or ids[0][0] is not None:
        raise ForkError(f"{name} has no path id to replace")
    titles = found.get("title", [])
    if not titles:
        raise ForkError(f"{name} has no title to replace")
    if title is not None:
        title = " ".join(title.split())
        if not title:
            raise ForkError("a title cannot be empty")
    langs = found.get("lang", [])
    path_lang = langs[0][3] if len(langs) == 1 else "en"
    changes = [(ids[0][1], ids[0][2], new_id)]
    for lang, start, end, value in titles:
        new_title = title if title is not None else copy_title(value, lang or path_lang)
        changes.append((start, end, _quoted(new_title)))
    copy = text
    for start, end, new in sorted(changes, reverse=True):
        end = start + len(copy[start:end].rstrip())  # a block scalar ends after its line break
        copy = copy[:start] + new + copy[end:]
    result = parse_path(copy.encode("utf-8"), name)
    if result.path is None or result.path.id != new_id:
        problem = result.diagnostics[0] if result.diagnostics else "its id did not change"
        raise ForkError(f"the copy of {name} would not load: {problem}")
    return copy, result.path


def _quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar (a JSON string is one)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def _top_level(text: str) -> dict[str, list[Scalar]]:
    """The scalars of each top-level key: its value when a scalar (language None), or the
    values of a mapping of scalars under their keys (a text in several languages). Keys
    whose value is anything else are left out."""
    found: dict[str, list[Scalar]] = {}
    depth = 0
    key: str | None = None  # the top-level key whose value comes next
    inner: str | None = None  # in a mapping under `key`: the key whose value comes next
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth == 2 and key is not None and isinstance(event, yaml.MappingStartEvent):
                found[key] = []
            elif depth == 3 and key is not None:
                found.pop(key, None)  # a value nested deeper: not a text
                key = None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            if depth == 1:
                key, inner = None, None
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            value = getattr(event, "value", None) or ""
            start, end = event.start_mark.index, event.end_mark.index
            if depth == 1 and key is None:
                key = value
            elif depth == 1:
                found[key] = [(None, start, end, value)]
                key = None
            elif depth == 2 and key in found:
                if inner is None:
                    inner = value
                else:
                    found[key].append((inner, start, end, value))
                    inner = None
    return found
