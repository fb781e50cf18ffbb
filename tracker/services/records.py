"""Everything recorded on a path's items beyond status and note, read at once for a screen
or a report: evidence, time spent, resource ticks and reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from tracker.pathdefs.model import Item
from tracker.services.clock import iso
from tracker.services.evidence import Proof, evidence_of
from tracker.services.reviews import Copies, Review, path_reviews
from tracker.services.standing import ItemState, PathProgress, reading_depth, stars
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


def path_records(
    engine: Engine, learner_id: int, progress: PathProgress, copies: Copies | None = None
) -> PathRecords:
    """`copies` (`item_copies`), when the caller read them already for several paths."""
    path = progress.path
    reviews = path_reviews(engine, learner_id, progress, copies=copies)
    return PathRecords(
        evidence=evidence_of(engine, learner_id, path),
        spent=spent_by_item(engine, learner_id, path),
        ticks=ticked_urls(engine, learner_id, path),
        reviews={review.item.id: review for review in reviews},
    )


def proof_json(proof: Proof) -> dict[str, Any]:
    return {"kind": proof.kind, "name": proof.name or None, "value": proof.value,
            "at": iso(proof.at)}  # fmt: skip


def item_records_json(item: Item, state: ItemState, records: PathRecords) -> dict[str, Any]:
    """An item's records as `tracker show --json` and the JSON report give them."""
    review = records.reviews.get(item.id)
    return {
        "depth": reading_depth(item, state),
        "stars": stars(item),
        "spent_seconds": records.spent.get(item.id, 0),
        "estimated_minutes": round(item.estimate.minutes, 2) if item.estimate else None,
        "resources": len(item.resources),
        "ticked": len(records.ticked(item.id)),
        "evidence": [proof_json(proof) for proof in records.evidence.get(item.id, ())],
        "next_review": None if review is None else iso(review.due),
        "learnt": review is not None and review.due is None,
    }
