"""Marking items, notes, undo and the log of changes.

Progress is kept by path id and item id, so it survives paths that change: an item moved to
another step keeps it, a removed item's progress waits (an orphan) until the item comes back,
and an item whose `was` names an old id takes over that id's progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import uuid4

from sqlalchemy import bindparam, insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tracker.pathdefs.model import PathDef
from tracker.services.clock import utc_now
from tracker.services.errors import ServiceError
from tracker.services.evidence import Proof, store_evidence
from tracker.services.standing import TODO, ItemState, PathProgress
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learners
from tracker.store.models import Event, Progress, UnfollowedTrack
from tracker.store.values import CARRIED, DEPTHS, STATUSES

_UPDATED = ("status", "note", "started_at", "done_at", "updated_at", "depth")
# The status each reading depth goes with: a skimmed paper is not done yet.
DEPTH_STATUS = {"skimmed": "doing", "read": "done", "implemented": "done"}


class StaleChange(ServiceError):
    """What a front end showed has changed since (another command or process wrote)."""


@dataclass(frozen=True, slots=True)
class Change:
    path_id: str
    item_id: str
    from_status: str
    to_status: str
    from_note: str = ""
    to_note: str = ""
    at: datetime | None = None


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ServiceError(f"unknown status '{status}'; expected one of: {', '.join(STATUSES)}")
    return status


def _state(row: Progress) -> ItemState:
    return ItemState(
        row.status, row.note, row.started_at, row.done_at, row.updated_at, row.depth
    )  # fmt: skip


def _rows(session: Session, learner_id: int, path_id: str) -> dict[str, Progress]:
    query = select(Progress).where(Progress.learner_id == learner_id, Progress.path_id == path_id)
    return {row.item_id: row for row in session.exec(query)}


def _claim(path: PathDef, rows: dict[str, object]) -> tuple[dict[str, str], set[str]]:
    """Which stored id each current item reads its progress from (its own, else the first
    of its old ids that has some), and the stored ids that no item claims."""
    source: dict[str, str] = {}
    for item in path.items():
        if item.id in rows:
            source[item.id] = item.id
        else:
            old = next((old for old in item.was if old in rows), None)
            if old is not None:
                source[item.id] = old
    claimed = set(source.values()) | {old for item in path.items() for old in item.was}
    return source, set(rows) - claimed - {item.id for item in path.items()}


def _stored_states(session: Session, learner_id: int, path_id: str) -> dict[str, ItemState]:
    # Columns, not ORM objects: reading a 10,000-item path's rows is then four times faster.
    query = select(
        Progress.item_id, Progress.status, Progress.note, Progress.started_at,
        Progress.done_at, Progress.updated_at, Progress.depth,
    ).where(Progress.learner_id == learner_id, Progress.path_id == path_id)  # fmt: skip
    rows = session.connection().execute(query)  # no ORM machinery per row
    return {item_id: ItemState(*state) for item_id, *state in rows}


def path_progress(engine: Engine, learner_id: int, path: PathDef) -> PathProgress:
    with reading(engine) as session:
        rows = _stored_states(session, learner_id, path.id)
        unfollowed = session.exec(
            select(UnfollowedTrack.track_id).where(
                UnfollowedTrack.learner_id == learner_id, UnfollowedTrack.path_id == path.id
            )
        ).all()
    source, orphans = _claim(path, rows)
    return PathProgress(
        path=path,
        states={item_id: rows[stored] for item_id, stored in source.items()},
        orphans={item_id: rows[item_id] for item_id in sorted(orphans)},
        unfollowed=frozenset(unfollowed),
    )


def _moved(state: ItemState, status: str, now: datetime, depth: str | None = None) -> ItemState:
    """The state after a change of status (or of a paper's depth): when it was started and
    finished follow along; a depth goes with the status it was given with."""
    depth = depth or (state.depth if status == state.status else None)
    if status == "todo":
        return ItemState(status, state.note, None, None, now, None)
    started = (state.started_at or now) if status in ("doing", "done") else state.started_at
    done = (state.done_at or now) if status == "done" else None
    return ItemState(status, state.note, started, done, now, depth)


def check_depth(path: PathDef, item_ids: Iterable[str], depth: str) -> str:
    """A paper's depth is for papers only; the status it goes with is DEPTH_STATUS's."""
    if depth not in DEPTH_STATUS:
        raise ServiceError(f"unknown depth '{depth}'; expected one of: {', '.join(DEPTHS)}")
    kinds = {item.id: item.kind for item in path.items()}
    for item_id in item_ids:
        kind = kinds.get(item_id)
        if kind != "paper":
            raise ServiceError(
                f"'{item_id}' is not a paper (kind: {kind or 'none'}); only papers are "
                "skimmed, read or implemented; nothing changed"
            )
    return DEPTH_STATUS[depth]


def mark(
    engine: Engine,
    learner_id: int,
    path: PathDef,
    item_ids: Iterable[str],
    status: str,
    now: datetime | None = None,
    expected: Mapping[str, str] | None = None,
    depth: str | None = None,
    evidence: Sequence[Proof] = (),
) -> list[Change]:
    """Give items a status in one transaction; items already there are left alone.

    `depth` (papers only) says how far they were taken, and must go with `status`;
    `evidence` is added to every item, also to those already there.
    `expected` maps item ids to the status the caller saw: when one differs now, nothing
    changes and StaleChange says so, so that a stale screen never overwrites a newer change."""
    check_status(status)
    now = now or utc_now()
    item_ids = list(dict.fromkeys(item_ids))
    if depth is not None and check_depth(path, item_ids, depth) != status:
        raise ServiceError(f"a paper {depth} is {DEPTH_STATUS[depth]}, not {status}")
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        before, stored = _current_states(session, learner_id, path, item_ids)
        for item_id, seen in (expected or {}).items():
            if item_id in before and before[item_id].status != seen:
                raise StaleChange(
                    f"'{item_id}' is {before[item_id].status} now (changed elsewhere); "
                    "nothing changed"
                )
        after = {
            i: _moved(s, status, now, depth)
            for i, s in before.items()
            if s.status != status or (depth is not None and s.depth != depth)
        }
        _store(session, learner_id, path.id, before, after, stored, now)
        store_evidence(session, learner_id, path.id, item_ids, evidence, now)
    return [Change(path.id, i, before[i].status, status, at=now) for i in after]


def set_note(
    engine: Engine,
    learner_id: int,
    path: PathDef,
    item_id: str,
    note: str,
    now: datetime | None = None,
    expected: str | None = None,
) -> Change:
    """Replace an item's note; with `expected` (the note the caller started from), only
    when nobody changed it since."""
    now = now or utc_now()
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        before, stored = _current_states(session, learner_id, path, [item_id])
        state = before[item_id]
        if expected is not None and state.note != expected:
            raise StaleChange(f"the note of '{item_id}' was changed elsewhere; nothing changed")
        after = {item_id: replace(state, note=note, updated_at=now)} if state.note != note else {}
        _store(session, learner_id, path.id, before, after, stored, now)
    return Change(path.id, item_id, state.status, state.status, state.note, note, now)


def reset_path(
    engine: Engine, learner_id: int, path: PathDef, now: datetime | None = None
) -> list[Change]:
    """Every item of the learner on `path` back to todo without a note, in one change that
    `undo` reverts whole (the events keep each item's state before)."""
    now = now or utc_now()
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        before = {
            item_id: _state(row) for item_id, row in _rows(session, learner_id, path.id).items()
        }
        after = {
            item_id: replace(_moved(state, "todo", now), note="")
            for item_id, state in before.items()
            if not _blank(state)
        }
        _store(session, learner_id, path.id, before, after, set(before), now)
    return [_change(path.id, i, before[i], after[i], now) for i in after]


def carry_progress(
    engine: Engine, learner_id: int, source: PathDef, target: PathDef, now: datetime | None = None
) -> list[Change]:
    """Give `target`'s items the learner's statuses and notes on the same items of `source`
    (a fork keeps item ids), in one change that `undo` reverts; items already started on
    `target` are left alone. The change is marked CARRIED: statistics do not count it as
    work, and the items keep the original's start and done times."""
    now = now or utc_now()
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        carried, _ = _current_states(session, learner_id, source, [i.id for i in source.items()])
        shared = [item.id for item in target.items() if item.id in carried]
        before, stored = _current_states(session, learner_id, target, shared)
        after = {
            item_id: replace(carried[item_id], updated_at=now)
            for item_id in shared
            if _blank(before[item_id]) and not _blank(carried[item_id])
        }
        _store(session, learner_id, target.id, before, after, stored, now, CARRIED)
    return [_change(target.id, i, before[i], after[i], now) for i in after]


def recorded_items(progress: PathProgress) -> int:
    """How many items have a status or a note, orphans included: what a reset clears."""
    states = (*progress.states.values(), *progress.orphans.values())
    return sum(not _blank(state) for state in states)


def _blank(state: ItemState) -> bool:
    return state.status == "todo" and not state.note


def _change(path_id: str, item_id: str, before: ItemState, after: ItemState, at) -> Change:
    return Change(path_id, item_id, before.status, after.status, before.note, after.note, at)


def _current_states(
    session: Session, learner_id: int, path: PathDef, item_ids: list[str]
) -> tuple[dict[str, ItemState], set[str]]:
    """The state of each item (its own row, else an old id's), and the ids with a row."""
    rows = _rows(session, learner_id, path.id)
    source, _ = _claim(path, rows)
    states = {i: _state(rows[source[i]]) if i in source else TODO for i in item_ids}
    return states, set(rows)


def _store(
    session: Session,
    learner_id: int,
    path_id: str,
    before: dict[str, ItemState],
    after: dict[str, ItemState],
    existing: set[str],
    now: datetime,
    kind: str = "",
) -> None:
    """Write new states and one event per change, with bulk statements (10,000 marks at once
    must stay fast); `kind` starts the events' change (CARRIED for progress carried over)."""
    if not after:
        return
    values = [
        {
            "learner_id": learner_id, "path_id": path_id, "item_id": item_id,
            "status": s.status, "note": s.note, "started_at": s.started_at,
            "done_at": s.done_at, "updated_at": now, "depth": s.depth,
        }
        for item_id, s in after.items()
    ]  # fmt: skip
    new = [v for v in values if v["item_id"] not in existing]
    if new:
        session.execute(insert(Progress), new)
    changed = [
        {f"new_{k}": v for k, v in row.items()} for row in values if row["item_id"] in existing
    ]
    if changed:
        # Bind names must differ from the column names an UPDATE sets.
        statement = (
            update(Progress)
            .where(
                Progress.learner_id == bindparam("new_learner_id"),
                Progress.path_id == bindparam("new_path_id"),
                Progress.item_id == bindparam("new_item_id"),
            )
            .values({key: bindparam(f"new_{key}") for key in _UPDATED})
        )
        session.connection().execute(statement, changed)
    change = kind + uuid4().hex
    events = [
        {
            "learner_id": learner_id, "change": change, "path_id": path_id, "item_id": item_id,
            "at": now,
            "from_status": before[item_id].status, "to_status": s.status,
            "from_note": before[item_id].note, "to_note": s.note,
            "from_started_at": before[item_id].started_at,
            "from_done_at": before[item_id].done_at,
            "from_depth": before[item_id].depth, "to_depth": s.depth,
        }
        for item_id, s in after.items()
    ]  # fmt: skip
    session.execute(insert(Event), events)


def undo(engine: Engine, learner_id: int, now: datetime | None = None) -> list[Change]:
    """Revert the learner's last command that is not undone yet (every item it changed);
    an empty list when there is nothing left to undo."""
    now = now or utc_now()
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        last = session.exec(
            select(Event)
            .where(
                Event.learner_id == learner_id,
                Event.undoes.is_(None),
                Event.undone_by.is_(None),
            )
            .order_by(Event.id.desc())
            .limit(1)
        ).first()
        if last is None:
            return []
        batch = session.exec(
            select(Event).where(Event.change == last.change).order_by(Event.id.desc())
        ).all()
        change = uuid4().hex
        return [_revert(session, event, change, now) for event in batch]


def _revert(session: Session, event: Event, change: str, now: datetime) -> Change:
    key = (event.learner_id, event.path_id, event.item_id)
    row = session.get(Progress, key)
    current = _state(row) if row else TODO
    if row is None:
        row = Progress(learner_id=key[0], path_id=key[1], item_id=key[2], updated_at=now)
        session.add(row)
    row.status, row.note = event.from_status, event.from_note
    row.started_at, row.done_at, row.updated_at = event.from_started_at, event.from_done_at, now
    row.depth = event.from_depth
    reverting = Event(
        learner_id=event.learner_id, change=change, path_id=event.path_id, item_id=event.item_id,
        at=now, from_status=current.status, to_status=event.from_status,
        from_note=current.note, to_note=event.from_note,
        from_started_at=current.started_at, from_done_at=current.done_at,
        from_depth=current.depth, to_depth=event.from_depth, undoes=event.id,
    )  # fmt: skip
    session.add(reverting)
    session.flush()
    event.undone_by = reverting.id
    session.add(event)
    return Change(
        event.path_id, event.item_id, current.status, event.from_status,
        current.note, event.from_note, now,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class LogEntry:
    at: datetime
    path_id: str
    item_id: str
    from_status: str
    to_status: str
    note_changed: bool
    undo: bool  # this entry reverted an earlier one
    undone: bool  # a later undo reverted this entry


def history(engine: Engine, learner_id: int, since: datetime | None = None) -> list[LogEntry]:
    query = select(Event).where(Event.learner_id == learner_id)
    if since is not None:
        query = query.where(Event.at >= since)
    with reading(engine) as session:
        events = session.exec(query.order_by(Event.id)).all()
    return [
        LogEntry(
            e.at,
            e.path_id,
            e.item_id,
            e.from_status,
            e.to_status,
            e.from_note != e.to_note,
            e.undoes is not None,
            e.undone_by is not None,
        )
        for e in events
    ]


def started_paths(engine: Engine, learner_id: int) -> set[str]:
    """The paths on which the learner has recorded anything."""
    with reading(engine) as session:
        query = select(Progress.path_id).where(Progress.learner_id == learner_id).distinct()
        return set(session.exec(query))


def set_followed(
    engine: Engine, learner_id: int, path: PathDef, tracks: Iterable[str], followed: bool
) -> None:
    known = [track.id for track in path.tracks]
    tracks = list(dict.fromkeys(tracks))
    for track in tracks:
        if track not in known:
            listed = ", ".join(known) if known else "none"
            raise ServiceError(f"path '{path.id}' has no track '{track}' (its tracks: {listed})")
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        for track in tracks:
            row = session.get(UnfollowedTrack, (learner_id, path.id, track))
            if followed and row is not None:
                session.delete(row)
            elif not followed and row is None:
                session.add(UnfollowedTrack(learner_id=learner_id, path_id=path.id, track_id=track))
