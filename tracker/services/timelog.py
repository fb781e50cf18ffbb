"""Time spent on items: logged by hand (`tracker spent REF 1h30m`) or by the app's timer, and
compared with the path's estimates per item, step and level.

An item's time is the sum of its entries; a negative entry corrects an earlier one, and the
sum never goes below zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from tracker.pathdefs.model import Item, PathDef
from tracker.services.clock import as_aware, utc_now
from tracker.services.errors import ServiceError
from tracker.services.standing import PathProgress, counts, current_ids
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learners
from tracker.store.models import TimeSpent
from tracker.vocabulary import duration

_PART = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*(h|m|s)", re.IGNORECASE)
MAX_ENTRY = 24 * 7 * 3600  # a week in one entry: more is a typo, not study


def parse_duration(text: str) -> int:
    """`1h30m`, `45m`, `1.5h`, `90s`, `-20m` (a correction): seconds, never 0."""
    written = text.strip()
    sign, body = (-1, written[1:]) if written.startswith("-") else (1, written)
    body = body.strip()
    parts = list(_PART.finditer(body))
    if not body or "".join(p.group(0) for p in parts).replace(" ", "") != body.replace(" ", ""):
        raise ServiceError(
            f"'{text}' is not a duration; write hours and minutes, as in 1h30m, 45m or 1.5h"
        )
    units = {"h": 3600, "m": 60, "s": 1}
    seconds = round(sum(float(p.group(1)) * units[p.group(2).lower()] for p in parts))
    if seconds == 0:
        raise ServiceError(f"'{text}' is no time at all")
    if seconds > MAX_ENTRY:
        raise ServiceError(f"'{text}' is more than a week in one entry; log it day by day")
    return sign * seconds


def log_time(
    engine: Engine,
    learner_id: int,
    path: PathDef,
    item_id: str,
    seconds: int,
    now: datetime | None = None,
) -> int:
    """Add an entry; returns the item's new total. A correction below zero is refused."""
    now = now or utc_now()
    ids = _ids(path, item_id)
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        total = session.exec(
            select(func.coalesce(func.sum(TimeSpent.seconds), 0)).where(
                TimeSpent.learner_id == learner_id,
                TimeSpent.path_id == path.id,
                TimeSpent.item_id.in_(ids),
            )
        ).one()
        if total + seconds < 0:
            raise ServiceError(
                f"'{item_id}' has {duration(total)} logged; taking away "
                f"{duration(-seconds)} would leave less than nothing; nothing changed"
            )
        session.add(
            TimeSpent(
                learner_id=learner_id, path_id=path.id, item_id=item_id, at=now, seconds=seconds
            )
        )
    return total + seconds


def _ids(path: PathDef, item_id: str) -> list[str]:
    """The ids an item's time may be kept under: its own and its old ones."""
    item = path.find_item(item_id)
    return [item_id, *item.was] if item else [item_id]


def spent_by_item(engine: Engine, learner_id: int, path: PathDef) -> dict[str, int]:
    """Seconds logged on each item of the path (under its id or an old one)."""
    owner = current_ids(path)
    query = (
        select(TimeSpent.item_id, func.sum(TimeSpent.seconds))
        .where(TimeSpent.learner_id == learner_id, TimeSpent.path_id == path.id)
        .group_by(TimeSpent.item_id)
    )
    spent: dict[str, int] = {}
    with reading(engine) as session:
        for stored, seconds in session.exec(query):
            if stored in owner:
                spent[owner[stored]] = spent.get(owner[stored], 0) + int(seconds)
    return spent


def logged_since(engine: Engine, learner_id: int, since: datetime) -> list[tuple[str, int]]:
    """(path id, seconds) of every entry since `since`: the learner's recent hours."""
    query = select(TimeSpent.path_id, TimeSpent.seconds).where(
        TimeSpent.learner_id == learner_id, TimeSpent.at >= since
    )
    with reading(engine) as session:
        return [(path_id, seconds) for path_id, seconds in session.exec(query)]


def first_logged(engine: Engine, learner_id: int) -> dict[str, datetime]:
    """The time of the first entry on each path: where the learner's activity may begin."""
    query = (
        select(TimeSpent.path_id, func.min(TimeSpent.at))
        .where(TimeSpent.learner_id == learner_id)
        .group_by(TimeSpent.path_id)
    )
    with reading(engine) as session:
        return {path_id: as_aware(at) for path_id, at in session.exec(query)}


@dataclass(frozen=True, slots=True)
class TimeLine:
    """Time spent against the estimate, on one item, step, level or path.

    `estimated` counts the items with an estimate; `spent` every item's logged time."""

    kind: str  # item, step, level, path
    id: str
    title: object  # the model's Text
    estimated_minutes: float
    spent_minutes: float
    depth: int  # 0 for the path, 1 for levels, 2 for steps, 3 for items

    @property
    def ratio(self) -> float | None:
        """Spent over estimated, where both are known."""
        if self.estimated_minutes <= 0:
            return None
        return self.spent_minutes / self.estimated_minutes


def time_lines(progress: PathProgress, spent: dict[str, int]) -> list[TimeLine]:
    """The path, each level, step and item, in path order, that has an estimate or time
    logged; items count whether or not the learner follows them, since time was spent."""
    path = progress.path
    lines: list[TimeLine] = []

    def item_minutes(items: Iterable[Item]) -> tuple[float, float]:
        items = list(items)
        estimated = sum(item.estimate.minutes for item in items if item.estimate)
        return estimated, sum(spent.get(item.id, 0) for item in items) / 60

    lines.append(TimeLine("path", path.id, path.title, *item_minutes(path.items()), 0))
    for level in path.levels:
        level_items = [item for step in level.steps for item in step.items]
        lines.append(TimeLine("level", level.id, level.title, *item_minutes(level_items), 1))
        for step in level.steps:
            lines.append(TimeLine("step", step.id, step.title, *item_minutes(step.items), 2))
            for item in step.items:
                if item.estimate or spent.get(item.id):
                    lines.append(TimeLine("item", item.id, item.title, *item_minutes([item]), 3))
    return [line for line in lines if line.estimated_minutes or line.spent_minutes]


def estimate_ratio(progress: PathProgress, spent: dict[str, int]) -> float | None:
    """How the learner's time compares with the estimates, over finished items that have
    both an estimate and time logged (1.5: half again as long); None without such items."""
    estimated = minutes = 0.0
    for item in progress.path.items():
        finished = progress.state(item.id).status == "done" and counts(progress, item)
        if finished and item.estimate and spent.get(item.id, 0) > 0:
            estimated += item.estimate.minutes
            minutes += spent[item.id] / 60
    return minutes / estimated if estimated > 0 else None
