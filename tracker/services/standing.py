"""Where a learner stands on a path, computed from the path and the states of its items:
completion, what comes next, time left, and a path screen's whole outline.

Pure functions of plain data, with no database in sight, so that a front end can show a
standing it kept from its last run before the database (and SQLAlchemy) has even loaded.

Completion of a level, step, track or path is `done / (counted - skipped)`, where counted
items are the non-optional items under it that the learner follows, and done and skipped
count only among those; with nothing left to count it is 100%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.pathdefs.model import Item, PathDef
from tracker.store.values import DEPTHS as DEPTHS  # for front ends: they never import the store

FINISHED = ("done", "skipped")


@dataclass(frozen=True, slots=True)
class ItemState:
    status: str = "todo"
    note: str = ""
    started_at: datetime | None = None
    done_at: datetime | None = None
    updated_at: datetime | None = None
    depth: str | None = None  # papers: skimmed, read or implemented, as marked


TODO = ItemState()


def current_ids(path: PathDef) -> dict[str, str]:
    """The current item each stored item id stands for: an item's own id, or one of its old
    ids (`was`), so that records kept under an old id follow the item."""
    found = {old: item.id for item in path.items() for old in item.was}
    found.update((item.id, item.id) for item in path.items())
    return found


def stars(item: Item) -> int | None:
    """A paper's rating in a reading list: its `stars-N` tag, if it has one."""
    for tag in item.tags:
        if tag.startswith("stars-") and tag[6:].isdigit():
            return int(tag[6:])
    return None


def reading_depth(item: Item, state: ItemState) -> str | None:
    """How far a paper was taken: as marked, else `read` once done; None for other kinds."""
    if item.kind != "paper":
        return None
    return state.depth or ("read" if state.status == "done" else None)


@dataclass(frozen=True, slots=True)
class PathProgress:
    """One learner on one path: the state of each current item, and the orphans."""

    path: PathDef
    states: dict[str, ItemState]  # by current item id; absent means todo
    orphans: dict[str, ItemState]  # progress under ids that no item of the path claims
    unfollowed: frozenset[str]

    def state(self, item_id: str) -> ItemState:
        return self.states.get(item_id, TODO)

    def follows(self, tracks: tuple[str, ...]) -> bool:
        """Items of no track are everyone's; otherwise one followed track is enough."""
        return not tracks or any(track not in self.unfollowed for track in tracks)


@dataclass(frozen=True, slots=True)
class Completion:
    done: int = 0
    skipped: int = 0
    counted: int = 0

    @property
    def percent(self) -> float:
        left = self.counted - self.skipped
        return 100.0 if left <= 0 else 100.0 * self.done / left

    def as_json(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "skipped": self.skipped,
            "counted": self.counted,
            "percent": round(self.percent, 2),
        }


def counts(progress: PathProgress, item: Item) -> bool:
    return not item.optional and progress.follows(item.tracks)


def completion(progress: PathProgress, items: Iterable[Item]) -> Completion:
    done = skipped = counted = 0
    for item in items:
        if not counts(progress, item):
            continue
        counted += 1
        status = progress.state(item.id).status
        done += status == "done"
        skipped += status == "skipped"
    return Completion(done, skipped, counted)


@dataclass(frozen=True, slots=True)
class NextItem:
    path_id: str
    item: Item
    status: str
    waiting_for: tuple[str, ...]  # required items not done yet


def next_items(progress: PathProgress) -> list[NextItem]:
    """The items to work on now: those the learner follows and has not finished, requirements
    met first, then `doing` before `todo`, then in path order. A requirement counts as met
    when it is done or skipped, or on a track the learner does not follow."""
    path = progress.path
    by_id = {item.id: item for item in path.items()}
    found = []
    for index, item in enumerate(path.items()):
        status = progress.state(item.id).status
        if status not in ("todo", "doing") or not progress.follows(item.tracks):
            continue
        waiting = tuple(
            ref
            for ref in item.requires
            if progress.state(ref).status not in ("done", "skipped")
            and progress.follows(by_id[ref].tracks)
        )
        found.append(
            (bool(waiting), status != "doing", index, NextItem(path.id, item, status, waiting))
        )
    found.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in found]


def time_left(progress: PathProgress) -> tuple[float, int]:
    """Minutes left by the estimates of the counted items neither done nor skipped (a range
    counts as its midpoint), and how many of those items have no estimate of their own: they
    add nothing, so the figure covers only the others."""
    minutes, missing = 0.0, 0
    for item in progress.path.items():
        if not counts(progress, item) or progress.state(item.id).status in FINISHED:
            continue
        if item.estimate is None:
            missing += 1
        else:
            minutes += item.estimate.minutes
    return minutes, missing


@dataclass(frozen=True, slots=True)
class Outline:
    """Everything a screen of one path shows about the learner's standing, computed at once."""

    progress: PathProgress
    completion: Completion
    levels: dict[str, Completion]  # by level id
    steps: dict[tuple[str, str], Completion]  # by (level id, step id)
    next: list[NextItem]
    minutes_left: float
    without_estimate: int  # counted items left that have no estimate: not in minutes_left


def outline(progress: PathProgress) -> Outline:
    levels, steps = {}, {}
    for level in progress.path.levels:
        for step in level.steps:
            steps[level.id, step.id] = completion(progress, step.items)
        levels[level.id] = _added(steps[level.id, step.id] for step in level.steps)
    minutes, missing = time_left(progress)
    return Outline(
        progress, _added(levels.values()), levels, steps, next_items(progress), minutes, missing
    )


def _added(parts: Iterable[Completion]) -> Completion:
    done = skipped = counted = 0
    for part in parts:
        done, skipped, counted = done + part.done, skipped + part.skipped, counted + part.counted
    return Completion(done, skipped, counted)
