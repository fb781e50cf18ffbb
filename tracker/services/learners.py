"""Learners: the first run makes one named after the OS login; one is active at a time."""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tracker.errors import one_line
from tracker.services.clock import utc_now
from tracker.services.errors import ServiceError
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learner_list, put_setting
from tracker.store.models import Learner, Setting

ACTIVE = "active_learner"
# Every name ever stored follows _NAME, so backups are checked by it; new names also by _CONTROL.
_NAME = re.compile(r"[^\s/\\][^/\\]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, DEL, C1, line breaks


@dataclass(frozen=True, slots=True)
class LearnerInfo:
    id: int
    name: str
    active: bool = False


def login_name() -> str:
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):  # no login name in containers without a passwd entry
        name = ""
    return name if _NAME.fullmatch(name) else "learner"


def current_learner(
    engine: Engine, name: str | None = None, now: datetime | None = None
) -> LearnerInfo:
    """The learner `name`, or the active one; makes the first learner on a fresh database."""
    with reading(engine) as session:
        learners = session.exec(select(Learner)).all()
        active = session.get(Setting, ACTIVE)
    if not learners:
        return _first_learner(engine, now)
    by_name = {learner.name: learner for learner in learners}
    if name is not None:
        if name not in by_name:
            raise ServiceError(f"no learner '{name}'; add one with: tracker user add {name}")
        chosen = by_name[name]
    else:
        chosen = by_name.get(active.value) if active else None
        chosen = chosen or min(learners, key=lambda learner: learner.id)
    return LearnerInfo(chosen.id, chosen.name, active is not None and active.value == chosen.name)


def add_learner(engine: Engine, name: str, now: datetime | None = None) -> LearnerInfo:
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise ServiceError(
            f"'{one_line(name)}' is not a usable learner name (1 to 64 characters, no slashes)"
        )
    if _CONTROL.search(name):
        # A name is printed in terminals, reports and logs: an escape in it could rewrite them.
        shown = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), name)
        raise ServiceError(f"learner names cannot hold control characters: '{shown}'")
    with writing(engine) as session:
        hold_learner_list(session)
        if session.exec(select(Learner).where(Learner.name == name)).first() is not None:
            raise ServiceError(f"a learner named '{name}' already exists")
        return _insert_learner(session, name, now)


def _first_learner(engine: Engine, now: datetime | None) -> LearnerInfo:
    """A fresh database's first learner, named after the OS login; when another process
    made one in the meantime, that one."""
    with writing(engine) as session:
        hold_learner_list(session)
        first = session.exec(select(Learner).order_by(Learner.id)).first()
        made = _insert_learner(session, login_name(), now) if first is None else first
    return LearnerInfo(made.id, made.name, True)


def _insert_learner(session: Session, name: str, now: datetime | None) -> LearnerInfo:
    learner = Learner(name=name, created_at=now or utc_now())
    session.add(learner)
    session.flush()
    put_setting(session, ACTIVE, name, replace=False)  # the first learner is the active one
    return LearnerInfo(learner.id, learner.name)


def list_learners(engine: Engine) -> list[LearnerInfo]:
    current_learner(engine)  # the first learner exists from the first run on
    with reading(engine) as session:
        active = session.get(Setting, ACTIVE)
        learners = session.exec(select(Learner).order_by(Learner.name)).all()
    active_name = active.value if active else None
    return [LearnerInfo(lr.id, lr.name, lr.name == active_name) for lr in learners]


def use_learner(engine: Engine, name: str) -> LearnerInfo:
    learner = current_learner(engine, name)
    with writing(engine) as session:
        put_setting(session, ACTIVE, learner.name)
    return LearnerInfo(learner.id, learner.name, True)
