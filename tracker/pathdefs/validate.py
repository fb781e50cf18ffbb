"""Turn a YAML node tree into a `PathDef`, reporting every rule of the format it breaks.

Each check reports at the key or value it is about and carries on, so that one run shows
every problem of a file. Values that break a rule are left out of the model; a report with
errors means the model is not used. The rules that span the file are in `references`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from yaml.resolver import Resolver

from tracker.pathdefs.diagnostics import Report, shown
from tracker.pathdefs.estimates import Estimate, EstimateError, parse_estimate
from tracker.pathdefs.model import (
    FORMAT_VERSION,
    KINDS,
    Item,
    Level,
    PathDef,
    Resource,
    Source,
    Step,
    Track,
)
from tracker.pathdefs.references import (
    Hints,
    Ids,
    check_requires,
    check_shared_ids,
    check_was,
)
from tracker.pathdefs.syntax import HTTP_URL_PATTERN, ID_MAX, ID_PATTERN, LANGUAGE_CODE
from tracker.pathdefs.text import Text, pick, slug
from tracker.pathdefs.yamltree import INVALID, KIND_NAMES, MAPPING, SCALAR, SEQUENCE, Node

PATH_KEYS = ("format", "id", "title", "summary", "lang", "source", "tags", "tracks", "levels")
SOURCE_KEYS = ("title", "url")
TRACK_KEYS = ("id", "title", "summary")
LEVEL_KEYS = ("id", "title", "summary", "estimate", "steps")
STEP_KEYS = ("id", "title", "summary", "estimate", "track", "tracks", "items")
ITEM_KEYS = (
    "id", "title", "summary", "kind", "estimate", "resources", "requires", "optional",
    "tags", "track", "tracks", "was",
)  # fmt: skip
RESOURCE_KEYS = ("title", "url", "kind", "summary")

_KINDS = frozenset(KINDS)
_KIND_LIST = ", ".join(KINDS)
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:merge": "a merge key",
    "tag:yaml.org,2002:value": "a value key",
}
_IMPLICIT = Resolver.yaml_implicit_resolvers
_T = TypeVar("_T")


def implicit_type(text: str) -> str | None:
    """What YAML reads a plain scalar as, when that is not a string ('a number', ...)."""
    if text[:1] not in _IMPLICIT:
        return None
    for tag, pattern in _IMPLICIT[text[:1]]:
        if pattern.match(text):
            return _TYPE_NAMES.get(tag)
    return None


def build_path(root: Node, report: Report) -> PathDef | None:
    return _PathReader(report).read(root)


class _PathReader:
    def __init__(self, report: Report):
        self.report = report
        self.lang = "en"
        self.tracks = Ids("track")
        self.levels = Ids("level")
        self.steps = Ids("step")
        self.items = Ids("item")
        self.hints = Hints()
        self.requires: list[tuple[str, list[tuple[str, Node]]]] = []
        self.was: list[tuple[str, Node, str]] = []  # old id, its node, the item's id now

    def error(self, node: Node, message: str) -> None:
        self.report.error(node.line, node.column, message)

    def warning(self, node: Node, message: str) -> None:
        self.report.warning(node.line, node.column, message)

    # -- the document ----------------------------------------------------------------------

    def read(self, root: Node) -> PathDef | None:
        if root.kind != MAPPING:
            if root.kind != INVALID:
                message = "the top level must be a mapping with format, id, title and levels"
                self.error(root, message)
            return None
        fields = self.fields(root, PATH_KEYS, "the path")
        self.read_format(root, fields.get("format"))
        if "lang" in fields:
            self.read_lang(fields["lang"])
        path_id = self.required_id(root, fields, "the path", None)
        title = self.required_text(root, fields, "the path")
        summary = self.optional_text(fields, "summary")
        source = self.read_source(fields["source"]) if "source" in fields else None
        tags = self.id_list(fields["tags"], "tags", "tag") if "tags" in fields else ()
        tracks = self.read_tracks(fields["tracks"]) if "tracks" in fields else ()
        levels = self.sequence_of(root, fields, "levels", "level", "the path", self.read_level)
        renamed = {old: now for old, _, now in self.was}
        check_requires(self.report, self.items, self.requires, renamed, self.hints)
        check_was(self.report, self.items, self.was)
        check_shared_ids(self.report, self.levels, self.steps, self.items)
        if path_id is None or title is None or levels is None:
            return None
        return PathDef(path_id, title, levels, summary, self.lang, source, tags, tracks)

    def read_format(self, root: Node, node: Node | None) -> None:
        if node is None:
            message = f"missing required key 'format' in the path (write format: {FORMAT_VERSION})"
            self.error(root, message)
            return
        if node.kind == INVALID or (node.plain and node.value == str(FORMAT_VERSION)):
            return
        written = shown(node.value) if node.kind == SCALAR else KIND_NAMES[node.kind]
        self.error(
            node, f"unsupported format '{written}'; this tracker reads format {FORMAT_VERSION}"
        )

    def read_lang(self, node: Node) -> None:
        lang = self.string(node, "lang")
        if lang is None:
            return
        if LANGUAGE_CODE.fullmatch(lang):
            self.lang = lang
        else:
            self.error(node, f"invalid language code '{shown(lang)}'; use one such as en or zh")

    def read_source(self, node: Node) -> Source | None:
        if not self.is_mapping(node, "source", "a mapping with title and url"):
            return None
        fields = self.fields(node, SOURCE_KEYS, "source")
        url = self.url(fields["url"]) if "url" in fields else None
        return Source(title=self.optional_text(fields, "title"), url=url)

    def read_tracks(self, node: Node) -> tuple[Track, ...]:
        tracks = []
        for entry in self.mappings_in(node, "tracks", "track", "id and title"):
            fields = self.fields(entry, TRACK_KEYS, "this track")
            track_id = self.required_id(entry, fields, "this track", self.tracks)
            title = self.required_text(entry, fields, "this track")
            if track_id is not None and title is not None:
                tracks.append(Track(track_id, title, self.optional_text(fields, "summary")))
        return tuple(tracks)

    def read_level(self, node: Node) -> Level | None:
        fields = self.fields(node, LEVEL_KEYS, "this level")
        level_id = self.required_id(node, fields, "this level", self.levels)
        title = self.required_text(node, fields, "this level")
        summary = self.optional_text(fields, "summary")
        estimate = self.estimate(fields["estimate"]) if "estimate" in fields else None
        steps = self.sequence_of(node, fields, "steps", "step", "this level", self.read_step)
        if level_id is None or title is None or steps is None:
            return None
        return Level(level_id, title, steps, summary, estimate, node.line)

    def read_step(self, node: Node) -> Step | None:
        fields = self.fields(node, STEP_KEYS, "this step")
        step_id = self.required_id(node, fields, "this step", self.steps)
        title = self.required_text(node, fields, "this step")
        summary = self.optional_text(fields, "summary")
        estimate = self.estimate(fields["estimate"]) if "estimate" in fields else None
        tracks = self.own_tracks(fields) or ()
        read_item = self.read_item
        items = self.sequence_of(
            node, fields, "items", "item", "this step", lambda n: read_item(n, tracks)
        )
        if step_id is None or title is None or items is None:
            return None
        return Step(step_id, title, items, summary, estimate, tracks, node.line)

    def read_item(self, node: Node, step_tracks: tuple[str, ...]) -> Item | None:
        fields = self.fields(node, ITEM_KEYS, "this item")
        title = self.required_text(node, fields, "this item")
        item_id = self.item_id(node, fields, title)
        summary = kind = estimate = None
        resources: tuple[Resource, ...] = ()
        requires: tuple[str, ...] = ()
        tags: tuple[str, ...] = ()
        was: tuple[str, ...] = ()
        optional = False
        for name, value in fields.items():
            if name == "summary":
                summary = self.text(value, "summary") or None
            elif name == "kind":
                kind = self.kind(value)
            elif name == "estimate":
                estimate = self.estimate(value)
            elif name == "resources":
                resources = self.read_resources(value)
            elif name == "requires":
                entries = self.id_entries(value, "requires", "item id")
                requires = tuple(ref for ref, _ in entries)
                if entries and item_id is not None:
                    self.requires.append((item_id, entries))
            elif name == "optional":
                optional = self.boolean(value, "optional")
            elif name == "tags":
                tags = self.id_list(value, "tags", "tag")
            elif name == "was":
                entries = self.id_entries(value, "was", "old id")
                was = tuple(old for old, _ in entries)
                if item_id is not None:
                    self.was.extend((old, entry, item_id) for old, entry in entries)
        own_tracks = self.own_tracks(fields)
        tracks = step_tracks if own_tracks is None else own_tracks
        if item_id is None or title is None:
            return None
        return Item(
            item_id, title, summary, kind, estimate, resources, requires, optional, tags, tracks,
            was, node.line,
        )  # fmt: skip

    def item_id(self, node: Node, fields: dict[str, Node], title: Text | None) -> str | None:
        if "id" in fields:
            return self.ident(fields["id"], self.items)
        if title is None:
            return None
        english = pick(title, "en", self.lang)
        derived = slug(english)
        if not derived:
            self.error(
                node,
                f"item title '{shown(english)}' has no ASCII letters or digits to make an id "
                "from; give the item an 'id'",
            )
            return None
        if derived in self.items.nodes:
            self.error(
                node,
                f"item '{shown(english)}' gets the id '{derived}' from its title, which is already "
                f"used at line {self.items.nodes[derived].line}; give it an explicit 'id'",
            )
            return None
        self.warning(
            node,
            f"item has no 'id'; it gets '{derived}' from its title "
            "(an explicit id keeps its progress when the title changes)",
        )
        self.items.nodes[derived] = node
        return derived

    def read_resources(self, node: Node) -> tuple[Resource, ...]:
        resources = []
        for entry in self.mappings_in(node, "resources", "resource", "url, title and kind"):
            fields = self.fields(entry, RESOURCE_KEYS, "this resource")
            if "url" not in fields:
                self.error(entry, "missing required key 'url' in this resource")
                continue
            url = self.url(fields["url"])
            title = self.optional_text(fields, "title")
            kind = self.kind(fields["kind"]) if "kind" in fields else None
            summary = self.optional_text(fields, "summary")
            if url is not None:
                resources.append(Resource(url, title, kind, summary))
        return tuple(resources)

    # -- structure -------------------------------------------------------------------------

    def fields(self, node: Node, allowed: tuple[str, ...], where: str) -> dict[str, Node]:
        """The values of a mapping by key; reports duplicate, unknown and non-text keys."""
        fields: dict[str, Node] = {}
        keys: dict[str, Node] = {}
        for key, value in node.value:
            if key.kind != SCALAR:
                if key.kind != INVALID:
                    message = f"keys in {where} must be plain names, not {KIND_NAMES[key.kind]}"
                    self.error(key, message)
                continue
            name = key.value
            if name in keys:
                first = keys[name].line
                self.error(
                    key, f"key '{shown(name)}' appears twice in {where} (also at line {first})"
                )
                continue
            keys[name] = key
            if name not in allowed:
                self.error(key, self.unknown_key(name, allowed, where))
                continue
            fields[name] = value
        return fields

    def unknown_key(self, name: str, allowed: tuple[str, ...], where: str) -> str:
        close = self.hints.close_to(name, allowed)
        if close:
            return f"unknown key '{shown(name)}' in {where} (did you mean '{close}'?)"
        return f"unknown key '{shown(name)}' in {where}; expected one of: {', '.join(allowed)}"

    def sequence_of(
        self,
        parent: Node,
        fields: dict[str, Node],
        key: str,
        noun: str,
        where: str,
        read_one: Callable[[Node], _T | None],
    ) -> tuple[_T, ...] | None:
        """A required, non-empty list of mappings read by `read_one`; None when unusable."""
        node = fields.get(key)
        if node is None:
            self.error(parent, f"missing required key '{key}' in {where}")
            return None
        if not self.is_list(node, key, f"a list of {noun}s"):
            return None
        if not node.value:
            self.error(node, f"'{key}' is empty; {where} needs at least one {noun}")
            return None
        built = []
        complete = True
        for entry in node.value:
            if not self.is_mapping(entry, f"each entry of '{key}'", f"a mapping (a {noun})"):
                complete = False
                continue
            one = read_one(entry)
            if one is None:
                complete = False
            else:
                built.append(one)
        return tuple(built) if complete else None

    def mappings_in(self, node: Node, key: str, noun: str, keys: str) -> Iterator[Node]:
        """The entries of an optional list of mappings; anything else is reported."""
        if not self.is_list(node, key, f"a list of {noun}s"):
            return
        for entry in node.value:
            if self.is_mapping(entry, f"each {noun}", f"a mapping with {keys}"):
                yield entry

    def is_mapping(self, node: Node, what: str, expected: str) -> bool:
        if node.kind == MAPPING:
            return True
        if node.kind != INVALID:
            self.error(node, f"{what} must be {expected}, not {_shown_kind(node)}")
        return False

    def is_list(self, node: Node, key: str, expected: str) -> bool:
        if node.kind == SEQUENCE:
            return True
        if node.kind != INVALID:
            self.error(node, f"'{key}' must be {expected}, not {_shown_kind(node)}")
        return False

    # -- values ----------------------------------------------------------------------------

    def string(self, node: Node, what: str) -> str | None:
        """A scalar that YAML reads as text; anything else is an error that says how to fix it."""
        if node.kind != SCALAR:
            if node.kind != INVALID:
                self.error(node, f"'{what}' must be a string, not {KIND_NAMES[node.kind]}")
            return None
        value = node.value
        if value == "":
            self.error(node, f"'{what}' is empty")
            return None
        if node.plain:
            read_as = implicit_type(value)
            if read_as is not None:
                written = shown(value)
                message = f"'{what}' must be a string; YAML reads {written} as {read_as}, "
                self.error(node, message + f"so quote it: '{written}'")
                return None
        return value

    def ident(self, node: Node, seen: Ids | None = None) -> str | None:
        value = self.string(node, "id")
        if value is None or not self.valid_id(node, value, "id"):
            return None
        if seen is not None:
            if value in seen.nodes:
                first = seen.nodes[value].line
                self.error(node, f"{seen.noun} id '{value}' is used twice (also at line {first})")
                return None
            seen.nodes[value] = node
        return value

    def valid_id(self, node: Node, value: str, what: str) -> bool:
        if len(value) > ID_MAX:
            self.error(node, f"{what} '{shown(value, 21)}' is longer than {ID_MAX} characters")
            return False
        if not ID_PATTERN.fullmatch(value):
            self.error(
                node,
                f"invalid {what} '{shown(value)}'; use lowercase letters, digits and '-', "
                "starting with a letter or digit",
            )
            return False
        return True

    def required_id(self, parent: Node, fields, where: str, seen: Ids | None) -> str | None:
        if "id" not in fields:
            self.error(parent, f"missing required key 'id' in {where}")
            return None
        return self.ident(fields["id"], seen)

    def id_list(self, node: Node, key: str, noun: str) -> tuple[str, ...]:
        return tuple(value for value, _ in self.id_entries(node, key, noun))

    def id_entries(self, node: Node, key: str, noun: str) -> list[tuple[str, Node]]:
        """The valid ids of a list with the node of each; duplicates are dropped with a warning."""
        if not self.is_list(node, key, f"a list of {noun}s, such as [a, b]"):
            return []
        entries: dict[str, Node] = {}
        for entry in node.value:
            value = self.string(entry, key)
            if value is None or not self.valid_id(entry, value, noun):
                continue
            if value in entries:
                self.warning(entry, f"'{value}' is listed twice in '{key}'")
                continue
            entries[value] = entry
        return list(entries.items())

    def own_tracks(self, fields: dict[str, Node]) -> tuple[str, ...] | None:
        """The tracks a step or item names itself; None when it names none. An empty list on
        an item makes it common to everyone, whatever its step's tracks."""
        if "track" in fields and "tracks" in fields:
            self.error(fields["tracks"], "use either 'track' or 'tracks', not both")
            return None
        if "track" in fields:
            node = fields["track"]
            value = self.string(node, "track")
            return (value,) if value is not None and self.known_track(node, value) else ()
        if "tracks" in fields:
            entries = self.id_entries(fields["tracks"], "tracks", "track id")
            return tuple(track for track, entry in entries if self.known_track(entry, track))
        return None

    def known_track(self, node: Node, track: str) -> bool:
        if track in self.tracks.nodes:
            return True
        if self.tracks.nodes:
            defined = ", ".join(self.tracks.nodes)
            self.error(node, f"unknown track '{track}'; this path's tracks are: {defined}")
        else:
            self.error(node, f"unknown track '{track}'; this path defines no tracks")
        return False

    def text(self, node: Node, what: str) -> Text | None:
        """A string or a map of language to string; an empty value comes back as ''."""
        if node.kind == SCALAR:
            if node.plain and implicit_type(node.value) == "an empty value":
                return ""
            return "" if node.value == "" else self.string(node, what)
        if node.kind != MAPPING:
            if node.kind != INVALID:
                self.error(
                    node,
                    f"'{what}' must be text: a string or a map of language to string, "
                    f"not {KIND_NAMES[node.kind]}",
                )
            return None
        if not node.value:
            self.error(node, f"'{what}' is an empty map; give at least one language")
            return None
        text: dict[str, str] = {}
        for key, value in node.value:
            if key.kind != SCALAR or not LANGUAGE_CODE.fullmatch(key.value):
                if key.kind != INVALID:
                    written = shown(key.value) if key.kind == SCALAR else KIND_NAMES[key.kind]
                    message = f"invalid language code '{written}' in '{what}'"
                    self.error(key, message + "; use one such as en or zh")
                continue
            if key.value in text:
                self.error(key, f"language '{key.value}' appears twice in '{what}'")
                continue
            string = self.text(value, f"{what}.{key.value}") if value.kind == SCALAR else None
            if value.kind != SCALAR and value.kind != INVALID:
                self.error(
                    value, f"'{what}.{key.value}' must be a string, not {KIND_NAMES[value.kind]}"
                )
            if string is not None:
                text[key.value] = string
        return text if len(text) == len(node.value) else None

    def required_text(self, parent: Node, fields, where: str) -> Text | None:
        if "title" not in fields:
            self.error(parent, f"missing required key 'title' in {where}")
            return None
        title = self.text(fields["title"], "title")
        if title == "" or (isinstance(title, dict) and "" in title.values()):
            self.warning(fields["title"], "'title' is empty")
        return title

    def optional_text(self, fields: dict[str, Node], key: str) -> Text | None:
        return (self.text(fields[key], key) or None) if key in fields else None

    def kind(self, node: Node) -> str | None:
        value = self.string(node, "kind")
        if value is None:
            return None
        if value not in _KINDS:
            self.error(node, f"unknown kind '{shown(value)}'; expected one of: {_KIND_LIST}")
            return None
        return value

    def estimate(self, node: Node) -> Estimate | None:
        if node.kind == SCALAR and node.plain and _DECIMAL.fullmatch(node.value):
            message = f"estimate '{node.value}' needs a unit: m, h, d, w or mo"
            self.error(node, message + f" (for example {node.value}h)")
            return None
        value = self.string(node, "estimate")
        if value is None:
            return None
        try:
            return parse_estimate(value)
        except EstimateError as exc:
            self.error(node, str(exc))
            return None

    def url(self, node: Node) -> str | None:
        value = self.string(node, "url")
        if value is None:
            return None
        if not HTTP_URL_PATTERN.fullmatch(value):
            self.error(node, f"url '{shown(value)}' is not an absolute http(s) URL")
            return None
        return value

    def boolean(self, node: Node, what: str) -> bool:
        if node.kind == SCALAR and node.plain and implicit_type(node.value) == "true or false":
            return node.value.lower() in ("true", "yes", "on")
        if node.kind != INVALID:
            self.error(node, f"'{what}' must be true or false")
        return False


def _shown_kind(node: Node) -> str:
    if node.kind == SCALAR:
        empty = node.plain and node.value == ""
        return "an empty value" if empty else f"the text '{shown(node.value)}'"
    return KIND_NAMES[node.kind]
