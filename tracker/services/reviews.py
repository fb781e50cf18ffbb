"""Spaced review: a done item comes back after 1, 7, 30 and 90 days (the learner's own
intervals when set). A passed review moves the item to the next interval, a failed one
starts again from the first; after the last interval it is learnt and comes back no more.

The schedule is never stored: it is replayed from the item's done time and the answers
given since, so that marking an item done again (after it went back to todo) starts afresh.

An item done on one path and carried into a fork (`carry_progress`) keeps its done time on
the copy: the two are one item to review, with one schedule replayed from the answers given
on either, and listed once, on the path it was carried into last (the learner works on the
fork; asked for the original alone, its copy is listed there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from tracker.pathdefs.model import Item, PathDef
from tracker.services.clock import as_aware, utc_now
from tracker.services.errors import ServiceError
from tracker.services.standing import PathProgress, current_ids
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learners
from tracker.store.models import Event, Learner, Progress, ReviewAnswer
from tracker.store.values import CARRIED

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
    done_at: datetime | None = None  # when the item was done: its copies share it

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
            reviews.append(Review(progress.path, item, stage, None, 0, given, done_at))
        else:
            due = since + timedelta(days=days[stage])
            reviews.append(Review(progress.path, item, stage, due, days[stage], given, done_at))
    return reviews


@dataclass(frozen=True, slots=True)
class Copies:
    """Done items carried into a fork, and the items they were carried from: by (path id,
    stored item id), the other paths holding the same item done at the same time, and when
    it was carried in (None for the original)."""

    others: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    carried_at: dict[tuple[str, str], datetime | None] = field(default_factory=dict)

    def rank(self, review: Review) -> datetime:
        """Which copy is listed: the one carried in last, the original before none."""
        return self.carried_at.get((review.path.id, review.item.id)) or _EPOCH


_EPOCH = datetime.min.replace(tzinfo=UTC)


def item_copies(engine: Engine, learner_id: int) -> Copies:
    """The learner's done items that have a copy: those carried into a fork (and not taken
    back by an undo) and the done items with the same id and done time on other paths."""
    carried_in = (
        select(Event.path_id, Event.item_id, func.max(Event.at))
        .where(
            Event.learner_id == learner_id,
            Event.change >= CARRIED,  # starts with CARRIED: a range the change index serves
            Event.change < CARRIED[:-1] + chr(ord(CARRIED[-1]) + 1),
            Event.to_status == "done",
            Event.undone_by.is_(None),
        )
        .group_by(Event.path_id, Event.item_id)
    )
    with reading(engine) as session:
        carried = {(p, i): as_aware(at) for p, i, at in session.exec(carried_in)}
        if not carried:
            return Copies()
        rows = session.exec(
            select(Progress.path_id, Progress.item_id, Progress.done_at).where(
                Progress.learner_id == learner_id,
                Progress.status == "done",
                Progress.done_at.is_not(None),
                Progress.item_id.in_(carried_in.with_only_columns(Event.item_id)),
            )
        ).all()
    held: dict[tuple[str, datetime], list[str]] = {}
    for path_id, item_id, done_at in rows:
        held.setdefault((item_id, as_aware(done_at)), []).append(path_id)
    others, carried_at = {}, {}
    for (item_id, _), paths in held.items():
        if len(paths) < 2 or not any((path_id, item_id) in carried for path_id in paths):
            continue
        for path_id in paths:
            others[path_id, item_id] = tuple(p for p in paths if p != path_id)
            carried_at[path_id, item_id] = carried.get((path_id, item_id))
    return Copies(others, carried_at)


def path_reviews(
    engine: Engine,
    learner_id: int,
    progress: PathProgress,
    days: tuple[int, ...] | None = None,
    copies: Copies | None = None,
) -> list[Review]:
    """The review of every done item of the path, in path order, its copies' answers
    counted with its own: one schedule for an item and its copies."""
    days = days or review_days(engine, learner_id)
    copies = item_copies(engine, learner_id) if copies is None else copies
    answers = answers_of(engine, learner_id, progress.path)
    shared = {
        (path_id, item_id)
        for (mine, item_id), paths in copies.others.items()
        if mine == progress.path.id
        for path_id in paths
    }
    if shared:
        owner = current_ids(progress.path)
        query = select(
            ReviewAnswer.path_id, ReviewAnswer.item_id, ReviewAnswer.at, ReviewAnswer.passed
        ).where(ReviewAnswer.learner_id == learner_id)
        with reading(engine) as session:
            for path_id, item_id, at, passed in session.exec(query):
                if (path_id, item_id) in shared and item_id in owner:
                    answer = Answer(as_aware(at), bool(passed))
                    answers.setdefault(owner[item_id], []).append(answer)
        for found in answers.values():
            found.sort(key=lambda answer: answer.at)
    return schedule(progress, answers, days)


def listed_once(reviews: Iterable[Review], copies: Copies) -> list[Review]:
    """`reviews` without the copies of an item listed on another path among them: of an
    item and its copies, the one carried in last stays."""
    reviews = list(reviews)
    chosen: dict[tuple[str, datetime | None], Review] = {}
    for review in reviews:
        if (review.path.id, review.item.id) not in copies.others:
            continue
        key = (review.item.id, review.done_at)
        if key not in chosen or copies.rank(review) > copies.rank(chosen[key]):
            chosen[key] = review
    kept = {id(review) for review in chosen.values()}
    return [
        review
        for review in reviews
        if (review.path.id, review.item.id) not in copies.others or id(review) in kept
    ]


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
    reviews = {r.item.id: r for r in path_reviews(engine, learner_id, progress, days)}
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
    given = review.answers + 1
    if stage >= len(days):
        return Review(progress.path, review.item, stage, None, 0, given, review.done_at)
    due = now + timedelta(days=days[stage])
    return Review(progress.path, review.item, stage, due, days[stage], given, review.done_at)


def due_reviews(
    engine: Engine, learner_id: int, progresses: Iterable[PathProgress], until: datetime
) -> list[Review]:
    """Reviews due by `until`, the longest overdue first; an item and its copies once."""
    days = review_days(engine, learner_id)
    copies = item_copies(engine, learner_id)
    reviews = [
        review
        for progress in progresses
        for review in path_reviews(engine, learner_id, progress, days, copies)
    ]
    due = [review for review in listed_once(reviews, copies) if review.is_due(until)]
    return sorted(due, key=lambda review: review.due)
