"""What to work on next across paths: each path's next items (ordered by `next_items`),
the path the learner was most recently active on first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from tracker.pathdefs.model import PathDef
from tracker.services.dashboard import last_activities
from tracker.services.progress import path_progress
from tracker.services.standing import NextItem, next_items

_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class NextGroup:
    path: PathDef
    items: list[NextItem]  # every one, in order; a front end shows as many as it likes
    last_activity: datetime | None  # the learner's latest change on the path, as the library


def next_groups(engine: Engine, learner_id: int, paths: Iterable[PathDef]) -> list[NextGroup]:
    """The next items of each path, a group per path: the path with the latest change first,
    paths with none last, ties in the order given. Paths with nothing left are kept (with no
    items), so that a front end can say so."""
    last = last_activities(engine, learner_id)
    groups = [
        NextGroup(path, next_items(path_progress(engine, learner_id, path)), last.get(path.id))
        for path in paths
    ]
    # reverse keeps equal keys in the order given
    return sorted(groups, key=lambda group: group.last_activity or _NEVER, reverse=True)
