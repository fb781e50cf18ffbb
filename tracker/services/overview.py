"""Where a learner stands: completion, the `show --json` document, and what comes next.

Completion of a level, step, track or path is `done / (counted - skipped)`, where counted
items are the non-optional items under it that the learner follows, and done and skipped
count only among those; with nothing left to count it is 100%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tracker.pathdefs.model import Item
from tracker.pathdefs.text import pick
from tracker.services.clock import iso
from tracker.services.progress import PathProgress


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


def track_completions(progress: PathProgress) -> dict[str, Completion]:
    """The completion of each track of the path, by track id."""
    items = list(progress.path.items())
    return {
        track.id: completion(progress, (i for i in items if track.id in i.tracks))
        for track in progress.path.tracks
    }


def show_document(progress: PathProgress, lang: str) -> dict[str, Any]:
    """The JSON contract of `tracker show --json`, which reports and front ends build on."""
    path = progress.path

    def text(value) -> str:
        return pick(value, lang, path.lang)

    def item_json(item: Item) -> dict[str, Any]:
        state = progress.state(item.id)
        return {
            "id": item.id,
            "title": text(item.title),
            "kind": item.kind,
            "status": state.status,
            "tracks": list(item.tracks),
            "optional": item.optional,
            "note": state.note or None,
            "started_at": iso(state.started_at),
            "done_at": iso(state.done_at),
        }

    levels = []
    for level in path.levels:
        steps = [
            {
                "id": step.id,
                "title": text(step.title),
                "completion": completion(progress, step.items).as_json(),
                "items": [item_json(item) for item in step.items],
            }
            for step in level.steps
        ]
        level_items = [item for step in level.steps for item in step.items]
        levels.append(
            {
                "id": level.id,
                "title": text(level.title),
                "completion": completion(progress, level_items).as_json(),
                "steps": steps,
            }
        )
    tracks = track_completions(progress)
    return {
        "path": path.id,
        "title": text(path.title),
        "completion": completion(progress, path.items()).as_json(),
        "levels": levels,
        "tracks": [
            {
                "id": track.id,
                "title": text(track.title),
                "followed": track.id not in progress.unfollowed,
                "completion": tracks[track.id].as_json(),
            }
            for track in path.tracks
        ],
        "orphans": [
            {"id": item_id, "status": state.status, "note": state.note or None}
            for item_id, state in progress.orphans.items()
        ],
    }


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
