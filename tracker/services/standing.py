"""Where a learner stands on a path, computed from the path and the states of its items:
completion, what comes next, time left, and a path screen's whole outline.

Pure functions of plain data, with no database in sight, so that a front end can show a
standing it kept from its last run before the database (and SQLAlchemy) has even loaded.

Completion of a level, step, track or path is `done / (counted - skipped)`, where counted
items are the non-optional items under it that the learner follows, and done and skipped
count only among those. A part with nothing left to count has no percentage, and says why
(`Completion.reason`): its counted items are all skipped, or it has none because its items
are on tracks the learner does not follow, or optional. A level or path adds up its parts,
so it has nothing to count exactly when none of its parts has.
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


# Why a part has no percentage: the words every front end shows instead of one.
SKIPPED = "skipped"  # every counted item is skipped
NOT_FOLLOWED = "not followed"  # no counted item: they are on tracks the learner does not follow
OPTIONAL = "optional"  # no counted item: they are optional
NO_ITEMS = "no items"  # nothing at all under it (a track no item of a level belongs to)


@dataclass(frozen=True, slots=True)
class Completion:
    """Counted items, done and skipped among them; and, to tell why a part has nothing to
    count, the items it leaves out: `unfollowed`, those that would count on a followed
    track, and `optional` ones."""

    done: int = 0
    skipped: int = 0
    counted: int = 0
    unfollowed: int = 0  # non-optional items on tracks the learner does not follow
    optional: int = 0

    @property
    def out_of(self) -> int:
        """What the percentage is out of: the counted items not skipped."""
        return self.counted - self.skipped

    @property
    def percent(self) -> float | None:
        """None when nothing is left to count: `reason` says why."""
        out_of = self.out_of
        return None if out_of <= 0 else 100.0 * self.done / out_of

    @property
    def reason(self) -> str | None:
        """Why there is no percentage (SKIPPED, NOT_FOLLOWED, OPTIONAL or NO_ITEMS); None
        while there is one. Skipped items come first: they are the learner's own choice."""
        if self.out_of > 0:
            return None
        if self.counted:
            return SKIPPED
        if self.unfollowed:
            return NOT_FOLLOWED
        return OPTIONAL if self.optional else NO_ITEMS

    def __add__(self, other: Completion) -> Completion:
        return Completion(
            self.done + other.done,
            self.skipped + other.skipped,
            self.counted + other.counted,
            self.unfollowed + other.unfollowed,
            self.optional + other.optional,
        )

    def as_json(self) -> dict[str, Any]:
        """`percent` is null when nothing is left to count, and `reason` then says why."""
        percent = self.percent
        found: dict[str, Any] = {
            "done": self.done,
            "skipped": self.skipped,
            "counted": self.counted,
            "percent": None if percent is None else round(percent, 2),
        }
        if percent is None:
            found["reason"] = self.reason
        return found


def counts(progress: PathProgress, item: Item) -> bool:
    return not item.optional and progress.follows(item.tracks)


def completion(progress: PathProgress, items: Iterable[Item]) -> Completion:
    done = skipped = counted = unfollowed = optional = 0
    for item in items:
        if item.optional:
            optional += 1
            continue
        if not progress.follows(item.tracks):
            unfollowed += 1
            continue
        counted += 1
        status = progress.state(item.id).status
        done += status == "done"
        skipped += status == "skipped"
    return Completion(done, skipped, counted, unfollowed, optional)


def combined(parts: Iterable[Completion]) -> Completion:
    """Parts added up, as a level adds up its steps and a path its levels."""
    return sum(parts, Completion())


@dataclass(frozen=True, slots=True)
class NextItem:
    path_id: str
    item: Item
    status: str
    waiting_for: tuple[str, ...]  # required items not done yet


def next_items(progress: PathProgress) -> list[NextItem]:
    """The items to work on now: those the learner follows and has not finished. Required
    items come before optional ones; within each, requirements met first, then `doing`
    before `todo`, then in path order. A requirement counts as met when it is done or
    skipped, or on a track the learner does not follow."""
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
        order = (item.optional, bool(waiting), status != "doing", index)
        found.append((order, NextItem(path.id, item, status, waiting)))
    found.sort(key=lambda entry: entry[0])
    return [entry[1] for entry in found]


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
        levels[level.id] = combined(steps[level.id, step.id] for step in level.steps)
    minutes, missing = time_left(progress)
    return Outline(
        progress, combined(levels.values()), levels, steps, next_items(progress), minutes, missing
    )
