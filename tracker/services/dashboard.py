"""What a front end shows across paths: each path's completion and last activity, where the
learner was last, and a cheap stamp that tells when another process has written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from tracker.pathdefs.model import PathDef
from tracker.services.clock import as_aware
from tracker.services.learners import ACTIVE
from tracker.services.progress import path_progress
from tracker.services.standing import Completion, completion
from tracker.store.engine import reading
from tracker.store.models import (
    Event,
    Evidence,
    Learner,
    Progress,
    ResourceTick,
    ReviewAnswer,
    Setting,
    TimeSpent,
    UnfollowedTrack,
)


@dataclass(frozen=True, slots=True)
class PathSummary:
    path_id: str
    completion: Completion
    last_activity: datetime | None


@dataclass(frozen=True, slots=True)
class Place:
    path_id: str
    item_id: str


def path_summaries(
    engine: Engine, learner_id: int, paths: Iterable[PathDef]
) -> dict[str, PathSummary]:
    last = last_activities(engine, learner_id)
    return {
        path.id: PathSummary(
            path.id, completion(path_progress(engine, learner_id, path), path.items()),
            last.get(path.id),
        )
        for path in paths
    }  # fmt: skip


def last_activities(engine: Engine, learner_id: int) -> dict[str, datetime]:
    """The time of the learner's latest change on each path with one."""
    with reading(engine) as session:
        rows = session.exec(
            select(Event.path_id, func.max(Event.at))
            .where(Event.learner_id == learner_id)
            .group_by(Event.path_id)
        ).all()
    return {path_id: as_aware(moment) for path_id, moment in rows}


def last_place(engine: Engine, learner_id: int, paths: Iterable[str]) -> Place | None:
    """The item of the learner's latest change among these paths."""
    paths = list(paths)
    with reading(engine) as session:
        row = session.exec(
            select(Event.path_id, Event.item_id)
            .where(Event.learner_id == learner_id, Event.path_id.in_(paths))
            .order_by(Event.id.desc())
            .limit(1)
        ).first()
    return Place(*row) if row is not None else None


def change_stamp(engine: Engine) -> tuple:
    """A value that changes whenever anyone records progress, a follow, a learner, the
    active learner, evidence, time, a review or a tick: indexed aggregates and a key lookup,
    cheap enough to ask every second."""
    with reading(engine) as session:
        return (
            session.exec(select(func.max(Event.id))).one(),
            session.exec(select(func.max(Progress.updated_at))).one(),
            session.exec(select(func.count()).select_from(UnfollowedTrack)).one(),
            session.exec(select(func.count()).select_from(Learner)).one(),
            session.exec(select(Setting.value).where(Setting.key == ACTIVE)).first(),
            # Evidence, time, reviews and ticks: added (a new id or time) or taken away.
            tuple(session.exec(select(func.max(Evidence.id), func.count(Evidence.id))).one()),
            session.exec(select(func.max(TimeSpent.id))).one(),
            session.exec(select(func.max(ReviewAnswer.id))).one(),
            tuple(session.exec(select(func.max(ResourceTick.at), func.count())).one()),
        )
