"""The `tracker show --json` document, and completion by track (see standing.py for how
completion is counted)."""

from __future__ import annotations

from typing import Any

from tracker.pathdefs.model import Item
from tracker.pathdefs.text import pick
from tracker.services.clock import iso
from tracker.services.standing import Completion, PathProgress, completion


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
