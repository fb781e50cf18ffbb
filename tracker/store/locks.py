"""Locks for writers that read before they write, and writes that must not race.

On SQLite every write transaction holds the whole database's write lock from its start
(`BEGIN IMMEDIATE`), so these cost a query at most. On PostgreSQL writers run side by side:
two learners' marks go in parallel, while writers of the same learner take turns on that
learner's row, so that none acts on a state another has changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlmodel import Session, select

from tracker.store.models import Learner, Setting


def hold_learners(session: Session, learner_ids: Iterable[int]) -> None:
    """Lock the learners' rows until the transaction ends (in id order: no deadlock)."""
    ids = sorted(set(learner_ids))
    if ids and _dialect(session) == "postgresql":
        query = select(Learner.id).where(Learner.id.in_(ids)).order_by(Learner.id)
        session.exec(query.with_for_update()).all()


def hold_learner_list(session: Session) -> None:
    """Before adding learners: nobody else adds one until this transaction ends, so that
    two first runs at once make one learner, not two or an error. Marks go on meanwhile."""
    if _dialect(session) == "postgresql":
        session.connection().execute(text("LOCK TABLE learner IN SHARE ROW EXCLUSIVE MODE"))


def put_setting(session: Session, key: str, value: str, replace: bool = True) -> None:
    """Set a setting in one statement, or only add it when absent (`replace=False`)."""
    # Imported here: the PostgreSQL dialect alone adds 30 ms to every SQLite command.
    if _dialect(session) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(Setting).values(key=key, value=value)
    statement = (
        statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        if replace
        else statement.on_conflict_do_nothing(index_elements=["key"])
    )
    session.connection().execute(statement)


def _dialect(session: Session) -> str:
    return session.connection().dialect.name
