"""Everything a report shows, read once: for each learner and path, where they stand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from tracker.pathdefs.model import Item, PathDef
from tracker.services.clock import utc_now
from tracker.services.dashboard import last_activities
from tracker.services.learners import LearnerInfo
from tracker.services.overview import track_completions
from tracker.services.progress import path_progress
from tracker.services.standing import Completion, Outline, outline


@dataclass(frozen=True, slots=True)
class Standing:
    """One learner on one path."""

    learner: str
    outline: Outline
    tracks: dict[str, Completion]
    last_activity: datetime | None

    @property
    def in_progress(self) -> list[Item]:
        progress = self.outline.progress
        return [item for item in progress.path.items() if progress.state(item.id).status == "doing"]


@dataclass(frozen=True, slots=True)
class Report:
    generated_at: datetime
    lang: str
    paths: list[PathDef]
    learners: list[str]
    standings: dict[tuple[str, str], Standing]  # by (learner, path id)

    @property
    def cohort(self) -> bool:
        return len(self.learners) > 1


def gather(
    engine: Engine,
    learners: Iterable[LearnerInfo],
    paths: Iterable[PathDef],
    lang: str,
    now: datetime | None = None,
) -> Report:
    learners, paths = list(learners), list(paths)
    standings = {}
    for learner in learners:
        last = last_activities(engine, learner.id)
        for path in paths:
            progress = path_progress(engine, learner.id, path)
            standings[learner.name, path.id] = Standing(
                learner.name, outline(progress), track_completions(progress), last.get(path.id)
            )
    return Report(now or utc_now(), lang, paths, [learner.name for learner in learners], standings)
