"""Everything recorded on a path's items beyond status and note, read at once for a screen
or a report: evidence, time spent, resource ticks and reviews."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from tracker.services.evidence import Proof, evidence_of
from tracker.services.reviews import Review, answers_of, review_days, schedule
from tracker.services.standing import PathProgress
from tracker.services.ticks import ticked_urls
from tracker.services.timelog import spent_by_item


@dataclass(frozen=True, slots=True)
class PathRecords:
    evidence: dict[str, list[Proof]] = field(default_factory=dict)
    spent: dict[str, int] = field(default_factory=dict)  # seconds, by item
    ticks: dict[str, frozenset[str]] = field(default_factory=dict)  # ticked URLs, by item
    reviews: dict[str, Review] = field(default_factory=dict)  # done items only

    def ticked(self, item_id: str) -> frozenset[str]:
        return self.ticks.get(item_id, frozenset())


NO_RECORDS = PathRecords()


def path_records(engine: Engine, learner_id: int, progress: PathProgress) -> PathRecords:
    path = progress.path
    answers = answers_of(engine, learner_id, path)
    reviews = schedule(progress, answers, review_days(engine, learner_id))
    return PathRecords(
        evidence=evidence_of(engine, learner_id, path),
        spent=spent_by_item(engine, learner_id, path),
        ticks=ticked_urls(engine, learner_id, path),
        reviews={review.item.id: review for review in reviews},
    )
