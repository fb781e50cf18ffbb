"""Spaced review: a done item comes back after 1, 7, 30 and 90 days (the learner's own
intervals when set). A passed review moves the item to the next interval, a failed one
starts again from the first; after the last interval it is learnt and comes back no more.

The schedule is never stored: it is replayed from the item's done time and the answers
given since, so that marking an item done again (after it went back to todo) starts afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from tracker.pathdefs.model import Item, PathDef
from tracker.services.clock import as_aware, utc_now
from tracker.services.errors import ServiceError
from tracker.services.standing import PathProgress, current_ids
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learners
from tracker.store.models import Learner, ReviewAnswer

DEFAULT_DAYS = (1, 7, 30, 90)
MAX_DAYS = 3650


@dataclass(frozen=True, slots=True)
class Answer:
    at: datetime
    passed: bool


@dataclass(frozen=True, slots=True)
class Review:
    """Where one done item stands in its reviews."""

    path: PathDef = field(repr=False)
    item: Item = field(repr=False)
    stage: int  # answers passed in a row: the interval it waits for is days[stage]
    due: datetime | None  # None once every interval is passed (learnt)
    interval: int  # days of the interval it waits for (0 when learnt)
    answers: int  # given since it was done

    @property
    def learnt(self) -> bool:
        return self.due is None

    def is_due(self, now: datetime) -> bool:
        return self.due is not None and self.due <= now


def parse_days(text: str) -> tuple[int, ...]:
    """`1,7,30,90`: whole days, increasing, at least one."""
    try:
        days = tuple(int(part) for part in text.replace(" ", "").split(","))
    except ValueError:
        days = ()
    if not days or any(not 1 <= day <= MAX_DAYS for day in days):
        raise ServiceError(
            f"review intervals '{text}' are not days separated by commas "
            f"(for example 1,7,30,90; each from 1 to {MAX_DAYS})"
        )
    if list(days) != sorted(set(days)):
        raise ServiceError(f"review intervals '{text}' must grow: each longer than the last")
    return days


def review_days(engine: Engine, learner_id: int) -> tuple[int, ...]:
    with reading(engine) as session:
        learner = session.get(Learner, learner_id)
    stored = learner.review_days if learner else None
    return parse_days(stored) if stored else DEFAULT_DAYS


def set_review_days(engine: Engine, learner_id: int, days: Iterable[int] | None) -> None:
    """The learner's intervals; None goes back to the default."""
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise ServiceError("that learner was removed elsewhere; nothing changed")
        learner.review_days = None if days is None else ",".join(str(day) for day in days)
        session.add(learner)


def schedule(
    progress: PathProgress, answers: dict[str, list[Answer]], days: tuple[int, ...]
) -> list[Review]:
    """The review of every done item of the path, in path order."""
    reviews = []
    for item in progress.path.items():
        state = progress.state(item.id)
        if state.status != "done" or state.done_at is None:
            continue
        done_at = as_aware(state.done_at)
        stage, since, given = 0, done_at, 0
        for answer in answers.get(item.id, ()):
            if answer.at < done_at:
                continue  # an answer about an earlier time the item was done
            stage = stage + 1 if answer.passed else 0
            since, given = answer.at, given + 1
        if stage >= len(days):
            reviews.append(Review(progress.path, item, stage, None, 0, given))
        else:
            due = since + timedelta(days=days[stage])
            reviews.append(Review(progress.path, item, stage, due, days[stage], given))
    return reviews


def answers_of(engine: Engine, learner_id: int, path: PathDef) -> dict[str, list[Answer]]:
    """The answers given on each item of the path, oldest first, by current item id."""
    owner = current_ids(path)
    query = (
        select(ReviewAnswer.item_id, ReviewAnswer.at, ReviewAnswer.passed)
        .where(ReviewAnswer.learner_id == learner_id, ReviewAnswer.path_id == path.id)
        .order_by(ReviewAnswer.at, ReviewAnswer.id)
    )
    found: dict[str, list[Answer]] = {}
    with reading(engine) as session:
        for item_id, at, passed in session.exec(query):
            if item_id in owner:
                found.setdefault(owner[item_id], []).append(Answer(as_aware(at), bool(passed)))
    return found


def answer_review(
    engine: Engine,
    learner_id: int,
    progress: PathProgress,
    item_id: str,
    passed: bool,
    now: datetime | None = None,
) -> Review:
    """Record a review's answer; returns where the item stands after it. Only a done item
    is reviewed; an item not due yet may be reviewed early all the same."""
    now = now or utc_now()
    days = review_days(engine, learner_id)
    answers = answers_of(engine, learner_id, progress.path)
    reviews = {review.item.id: review for review in schedule(progress, answers, days)}
    review = reviews.get(item_id)
    if review is None:
        status = progress.state(item_id).status
        raise ServiceError(f"'{item_id}' is {status}; only done items are reviewed")
    if review.learnt:
        raise ServiceError(f"'{item_id}' is learnt: every review of it was passed")
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        session.add(
            ReviewAnswer(
                learner_id=learner_id, path_id=progress.path.id, item_id=item_id, at=now,
                passed=passed,
            )
        )  # fmt: skip
    stage = review.stage + 1 if passed else 0
    if stage >= len(days):
        return Review(progress.path, review.item, stage, None, 0, review.answers + 1)
    due = now + timedelta(days=days[stage])
    return Review(progress.path, review.item, stage, due, days[stage], review.answers + 1)


def due_reviews(
    engine: Engine, learner_id: int, progresses: Iterable[PathProgress], until: datetime
) -> list[Review]:
    """Reviews due by `until`, the longest overdue first."""
    days = review_days(engine, learner_id)
    due = [
        review
        for progress in progresses
        for review in schedule(progress, answers_of(engine, learner_id, progress.path), days)
        if review.is_due(until)
    ]
    return sorted(due, key=lambda review: review.due)
