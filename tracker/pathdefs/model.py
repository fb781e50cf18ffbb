"""The path model: what a validated path file means, independent of YAML."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from tracker.pathdefs.estimates import Estimate
from tracker.pathdefs.text import Text

FORMAT_VERSION = 1
KINDS = (
    "read",
    "watch",
    "course",
    "book",
    "paper",
    "code",
    "practice",
    "project",
    "tool",
    "community",
)


class Resource(NamedTuple):
    """Something to read, watch or use. An immutable value, cheap to build in bulk."""

    url: str
    title: Text | None = None  # shown as the URL when absent
    kind: str | None = None
    summary: Text | None = None


@dataclass(slots=True)
class Item:
    id: str
    title: Text
    summary: Text | None = None
    kind: str | None = None
    estimate: Estimate | None = None
    resources: tuple[Resource, ...] = ()
    requires: tuple[str, ...] = ()
    optional: bool = False
    tags: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()  # effective: the item's own, else its step's
    was: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(slots=True)
class Step:
    id: str
    title: Text
    items: tuple[Item, ...]
    summary: Text | None = None
    estimate: Estimate | None = None
    tracks: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(slots=True)
class Level:
    id: str
    title: Text
    steps: tuple[Step, ...]
    summary: Text | None = None
    estimate: Estimate | None = None
    line: int = field(default=0, compare=False)


@dataclass(slots=True)
class Track:
    id: str
    title: Text
    summary: Text | None = None


@dataclass(slots=True)
class Source:
    title: Text | None = None
    url: str | None = None


@dataclass(slots=True)
class PathDef:
    id: str
    title: Text
    levels: tuple[Level, ...]
    summary: Text | None = None
    lang: str = "en"
    source: Source | None = None
    tags: tuple[str, ...] = ()
    tracks: tuple[Track, ...] = ()
    file: str = field(default="", compare=False)

    def items(self) -> Iterator[Item]:
        for level in self.levels:
            for step in level.steps:
                yield from step.items

    def find_item(self, item_id: str) -> Item | None:
        """The item of this id (a walk: callers holding many ids build their own map)."""
        return next((item for item in self.items() if item.id == item_id), None)

    def item_count(self) -> int:
        return sum(len(step.items) for level in self.levels for step in level.steps)
