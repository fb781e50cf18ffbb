"""Backups: every learner's progress, notes, follows, log and records (evidence, time spent,
review answers, resource ticks) as one versioned JSON file, read through SQL (the database
file itself is never copied while open); and restoring one by merging it into the current
database.

The document, version 2 (keys in this order; every key is required):

    {"format": "tracker-backup", "version": 2, "created_at": TIME,
     "settings": {"active_learner": "NAME"},
     "learners": [{"name": "NAME", "created_at": TIME, "review_days": "1,7,30,90" or null,
                   "progress": [{"path_id", "item_id", "status", "started_at", "done_at",
                                 "note", "updated_at", "depth"}],
                   "unfollowed": [{"path_id", "track_id"}],
                   "events": [{"change", "path_id", "item_id", "at", "from_status",
                               "to_status", "from_note", "to_note", "from_started_at",
                               "from_done_at", "from_depth", "to_depth", "undoes"}],
                   "evidence": [{"path_id", "item_id", "at", "kind", "name", "value"}],
                   "time_spent": [{"path_id", "item_id", "at", "seconds"}],
                   "review_answers": [{"path_id", "item_id", "at", "passed"}],
                   "resource_ticks": [{"path_id", "item_id", "url", "at"}]}]}

Version 1, which trackers before the records wrote, is read too: the same without
`review_days`, `depth`, `from_depth`, `to_depth` and the last four lists; restoring it adds
none of those.

Times are ISO 8601 with a UTC offset (years 1970 to 2999), or null where the store has
none. Ids differ between databases, so a learner is known by name, and `undoes` is the index
(from 0) of the reverted event in the same learner's `events`, which are oldest first;
`undone_by` is not written, as it is always the first event that undoes this one. A depth
(papers only) is skimmed, read or implemented, and goes with the status it was given with.

A restore validates the whole file first, then merges it in one transaction:

- a learner missing from the database is added;
- per learner, path and item, the row with the later `updated_at` wins; on a tie the current
  row stays, so that restoring a file twice changes nothing;
- unfollowed tracks are united: they carry no time, so which choice is newer cannot be told,
  and a merge should not silently bring back a track the learner gave up somewhere
  (`tracker follow` does that);
- an event is the same event when learner, `change`, path and item agree (`change` is unique
  to one command); one not present is added. `undo` and `log` go by event id, so a learner's
  events keep ids in time order: present events later than an added one are written again
  after it (same content, new ids);
- evidence and resource ticks are united as unfollowed tracks are (a piece of evidence is the
  same when its item, kind, name and value are; a tick when its item and URL are): one
  removed here and still in the backup comes back;
- time entries and review answers are added up: an entry or answer is the same when its
  item, time and value are, and as many as the backup holds of each are kept;
- review intervals the learner lacks are taken; the learner's own stay, as settings do;
- settings the database lacks are added; its own values, such as its active learner, stay.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import astuple, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker.atomic import write_atomically
from tracker.files import open_regular
from tracker.pathdefs.syntax import ID_MAX, ID_PATTERN
from tracker.services.clock import as_aware, iso, utc_now
from tracker.services.errors import ServiceError
from tracker.services.evidence import check_stored
from tracker.services.learners import _NAME as LEARNER_NAME
from tracker.services.learners import ACTIVE
from tracker.services.progress import DEPTH_STATUS
from tracker.services.reviews import parse_days
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learner_list, hold_learners, put_setting
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
from tracker.store.values import DEPTHS, STATUSES

FORMAT = "tracker-backup"
VERSION = 2
READS = (1, 2)  # the versions this tracker restores
TOP_KEYS = ("format", "version", "created_at", "settings", "learners")
LEARNER_KEYS_1 = ("name", "created_at", "progress", "unfollowed", "events")
RECORDS = ("evidence", "time_spent", "review_answers", "resource_ticks")
LEARNER_KEYS = ("name", "created_at", "review_days", "progress", "unfollowed", "events", *RECORDS)
# The kind of each field of a progress row, an unfollowed track and an event, in version 1
# and since.
ITEM_FIELDS_1 = {
    "path_id": "id", "item_id": "id", "status": "status", "started_at": "time or null",
    "done_at": "time or null", "note": "text", "updated_at": "time",
}  # fmt: skip
ITEM_FIELDS = {**ITEM_FIELDS_1, "depth": "depth or null"}
TRACK_FIELDS = {"path_id": "id", "track_id": "id"}
EVENT_FIELDS_1 = {
    "change": "key", "path_id": "id", "item_id": "id", "at": "time",
    "from_status": "status", "to_status": "status", "from_note": "text", "to_note": "text",
    "from_started_at": "time or null", "from_done_at": "time or null",
}  # fmt: skip
EVENT_FIELDS = {**EVENT_FIELDS_1, "from_depth": "depth or null", "to_depth": "depth or null"}
UNDOES = "undoes"
# The records of version 2, each with its table and the fields that make two rows the same.
EVIDENCE_FIELDS = {
    "path_id": "id", "item_id": "id", "at": "time", "kind": "text", "name": "text",
    "value": "text",
}  # fmt: skip
TIME_FIELDS = {"path_id": "id", "item_id": "id", "at": "time", "seconds": "seconds"}
ANSWER_FIELDS = {"path_id": "id", "item_id": "id", "at": "time", "passed": "true or false"}
TICK_FIELDS = {"path_id": "id", "item_id": "id", "url": "key", "at": "time"}
RECORD_FIELDS = {
    "evidence": EVIDENCE_FIELDS, "time_spent": TIME_FIELDS, "review_answers": ANSWER_FIELDS,
    "resource_ticks": TICK_FIELDS,
}  # fmt: skip
RECORD_TABLES = {
    "evidence": Evidence, "time_spent": TimeSpent, "review_answers": ReviewAnswer,
    "resource_ticks": ResourceTick,
}  # fmt: skip
RECORD_KEYS = {
    "evidence": ("path_id", "item_id", "kind", "name", "value"),
    "time_spent": ("path_id", "item_id", "at", "seconds"),
    "review_answers": ("path_id", "item_id", "at", "passed"),
    "resource_ticks": ("path_id", "item_id", "url"),
}  # fmt: skip
UNITED = ("evidence", "resource_ticks")  # one of each key; the others add up (a multiset)
MAX_SECONDS = 2**31 - 1  # what an INTEGER column holds on every backend
# Times come from a computer's clock. The bounds keep every local day, and the days next to
# it, a valid date: 0001-01-01 or 9999-12-31 would make `stats`, `log` and exports fail.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
Row = dict[str, Any]  # column name -> value, as the store keeps it


@dataclass(frozen=True, slots=True)
class BackupEvent:
    columns: Row  # EVENT_FIELDS
    undoes: int | None  # index of the reverted event in the learner's events


@dataclass(frozen=True, slots=True)
class BackupLearner:
    name: str
    created_at: datetime
    progress: list[Row]  # ITEM_FIELDS
    unfollowed: list[Row]  # TRACK_FIELDS
    events: list[BackupEvent]
    review_days: str | None = None
    records: dict[str, list[Row]] = field(default_factory=dict)  # by RECORDS name


@dataclass(frozen=True, slots=True)
class Backup:
    created_at: datetime
    settings: dict[str, str]
    learners: list[BackupLearner]


@dataclass(frozen=True, slots=True)
class BackupSummary:
    file: Path
    learners: int
    items: int
    events: int


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    learners_added: int = 0
    items_updated: int = 0
    tracks_unfollowed: int = 0
    events_added: int = 0
    settings_added: int = 0
    evidence_added: int = 0
    time_entries_added: int = 0
    review_answers_added: int = 0
    resource_ticks_added: int = 0
    review_days_set: int = 0  # learners given the backup's review intervals

    @property
    def changed(self) -> bool:
        return any(astuple(self))

    def counts(self) -> list[tuple[int, str, str]]:
        """(number, noun, verb) of each kind of change, for a front end to word: (2, "event",
        "added") reads "2 events added"; every noun takes an "s" for its plural."""
        return [
            (self.learners_added, "learner", "added"),
            (self.items_updated, "item", "updated"),
            (self.tracks_unfollowed, "track", "unfollowed"),
            (self.events_added, "event", "added"),
            (self.settings_added, "setting", "added"),
            (self.evidence_added, "evidence record", "added"),
            (self.time_entries_added, "time record", "added"),
            (self.review_answers_added, "review answer", "added"),
            (self.resource_ticks_added, "resource tick", "added"),
            (self.review_days_set, "review schedule", "set"),
        ]


# Writing a backup


def write_backup(engine: Engine, file: Path, now: datetime | None = None) -> BackupSummary:
    """Write the backup document to `file`, replacing it whole or leaving it as it was."""
    file = Path(file)
    folder = file.absolute().parent
    if not folder.is_dir():
        raise ServiceError(f"the folder for the backup does not exist: {folder}")
    document = backup_document(engine, now)
    try:
        _replace_atomically(file, document)
    except OSError as exc:
        raise ServiceError(f"cannot write {file}: {exc.strerror or exc}") from None
    learners = document["learners"]
    return BackupSummary(
        file,
        len(learners),
        sum(len(learner["progress"]) for learner in learners),
        sum(len(learner["events"]) for learner in learners),
    )


def backup_document(engine: Engine, now: datetime | None = None) -> dict[str, Any]:
    # One read transaction: the backup is one consistent moment of the database.
    with reading(engine) as session:
        learners = session.connection().execute(select(Learner).order_by(Learner.name)).all()
        settings = session.connection().execute(select(Setting).order_by(Setting.key)).all()
        return {
            "format": FORMAT,
            "version": VERSION,
            "created_at": iso(now or utc_now()),
            "settings": {row.key: row.value for row in settings},
            "learners": [_learner_document(session, learner) for learner in learners],
        }


def _learner_document(session: Session, learner) -> dict[str, Any]:
    connection = session.connection()
    progress = connection.execute(
        select(Progress)
        .where(Progress.learner_id == learner.id)
        .order_by(Progress.path_id, Progress.item_id)
    ).all()
    unfollowed = connection.execute(
        select(UnfollowedTrack)
        .where(UnfollowedTrack.learner_id == learner.id)
        .order_by(UnfollowedTrack.path_id, UnfollowedTrack.track_id)
    ).all()
    events = connection.execute(
        select(Event).where(Event.learner_id == learner.id).order_by(Event.id)
    ).all()
    index = {event.id: position for position, event in enumerate(events)}
    return {
        "name": learner.name,
        "created_at": iso(learner.created_at),
        "review_days": learner.review_days,
        "progress": [_fields(row, ITEM_FIELDS) for row in progress],
        "unfollowed": [_fields(row, TRACK_FIELDS) for row in unfollowed],
        "events": [
            {**_fields(event, EVENT_FIELDS), UNDOES: index.get(event.undoes)} for event in events
        ],
        **{name: _record_rows(session, learner.id, name) for name in RECORDS},
    }


def _record_rows(session: Session, learner_id: int, name: str) -> list[dict[str, Any]]:
    """A learner's rows of one record table, in the order they were written (ticks, which
    have no id, by item and URL)."""
    table = RECORD_TABLES[name]
    order = (table.path_id, table.item_id, table.url) if table is ResourceTick else (table.id,)
    rows = session.connection().execute(
        select(table).where(table.learner_id == learner_id).order_by(*order)
    )
    return [_fields(row, RECORD_FIELDS[name]) for row in rows]


def _fields(row, fields: dict[str, str]) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in fields}
    return {name: iso(v) if isinstance(v, datetime) else v for name, v in values.items()}


def _replace_atomically(file: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    write_atomically(file, text.encode("utf-8"))


# Reading and validating a backup


def read_backup(file: Path) -> Backup:
    """The backup in `file`, every field checked; a ServiceError names the first problem."""
    document = _load_json(Path(file))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ServiceError(f"{file} is not a tracker backup")
    place = _Place(str(file))
    if "version" not in document:
        raise place.refuse("'version' is missing")
    version = document["version"]
    if type(version) is not int:
        raise place.refuse(f"version {_shown(version)} is not a whole number")
    if version not in READS:
        raise ServiceError(
            f"{file} has backup version {_shown(version)}; this tracker reads versions "
            f"{' and '.join(map(str, READS))}"
        )
    _check_keys(document, TOP_KEYS, place)
    learners = [
        _learner(raw, version, place.at(f"learner {number}"))
        for number, raw in enumerate(_array(document, "learners", place), 1)
    ]
    _check_unique([learner.name for learner in learners], "learner", place, "name")
    return Backup(
        created_at=_value(document, "created_at", "time", place),
        settings=_settings(_typed(document["settings"], dict, place, "settings"), place),
        learners=learners,
    )


def _load_json(file: Path) -> Any:
    try:
        with open_regular(file) as stream:
            data = stream.read()
    except OSError as exc:
        raise ServiceError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        return json.loads(data.decode("utf-8-sig"))  # an editor may have added a BOM
    except UnicodeDecodeError:
        raise ServiceError(f"{file} is not a tracker backup (it is not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise ServiceError(
            f"{file} is truncated or not JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except (ValueError, RecursionError):  # a number of 5,000 digits, arrays nested 10,000 deep
        raise ServiceError(f"{file} is not a tracker backup") from None


@dataclass(frozen=True, slots=True)
class _Place:
    """Where in the file a value is, for messages: `FILE: learner 2, progress 5: ...`."""

    file: str
    where: str = ""

    def at(self, part: str) -> _Place:
        return _Place(self.file, f"{self.where}, {part}" if self.where else part)

    def refuse(self, problem: str) -> ServiceError:
        where = f"{self.where}: " if self.where else ""
        return ServiceError(f"{self.file}: {where}{problem}")


def _learner(raw: Any, version: int, place: _Place) -> BackupLearner:
    learner = _typed(raw, dict, place)
    first = version == 1
    _check_keys(learner, LEARNER_KEYS_1 if first else LEARNER_KEYS, place)
    name = _typed(learner["name"], str, place, "name")
    if not LEARNER_NAME.fullmatch(name):  # the rule every learner name has followed
        raise place.refuse(f"name {_shown(name)} is not a usable learner name")
    progress = _rows(learner, "progress", ITEM_FIELDS_1 if first else ITEM_FIELDS, place)
    unfollowed = _rows(learner, "unfollowed", TRACK_FIELDS, place)
    _check_unique([(r["path_id"], r["item_id"]) for r in progress], "progress", place)
    _check_unique([(r["path_id"], r["track_id"]) for r in unfollowed], "unfollowed", place)
    for number, row in enumerate(progress, 1):
        row.setdefault("depth", None)  # version 1 knew no depth
        _check_depth(row["depth"], row["status"], place.at(f"progress {number}"))
    event_fields = EVENT_FIELDS_1 if first else EVENT_FIELDS
    events = [
        _event(raw_event, index, event_fields, place.at(f"event {index + 1}"))
        for index, raw_event in enumerate(_array(learner, "events", place))
    ]
    _check_unique([_event_key(event.columns) for event in events], "event", place)
    records = {} if first else {name: _records(learner, name, place) for name in RECORDS}
    return BackupLearner(
        name,
        _value(learner, "created_at", "time", place),
        progress,
        unfollowed,
        events,
        None if first else _review_days(learner["review_days"], place),
        records,
    )


def _rows(parent: dict, key: str, fields: dict[str, str], place: _Place) -> list[Row]:
    return [
        _columns(raw, fields, place.at(f"{key} {number}"))
        for number, raw in enumerate(_array(parent, key, place), 1)
    ]


def _event(raw: Any, index: int, fields: dict[str, str], place: _Place) -> BackupEvent:
    columns = _columns(raw, fields, place, extra=(UNDOES,))
    undoes = raw[UNDOES]
    if undoes is not None and (type(undoes) is not int or not 0 <= undoes < index):
        raise place.refuse(f"undoes {_shown(undoes)} is not the index (from 0) of an earlier event")
    for end in ("from", "to"):
        columns.setdefault(f"{end}_depth", None)  # version 1 knew no depth
        _check_depth(columns[f"{end}_depth"], columns[f"{end}_status"], place, f"{end}_")
    return BackupEvent(columns, undoes)


def _check_depth(depth: str | None, status: str, place: _Place, prefix: str = "") -> None:
    """A paper's depth goes with one status (skimmed: doing; read, implemented: done)."""
    if depth is not None and DEPTH_STATUS[depth] != status:
        raise place.refuse(
            f"{prefix}depth {_shown(depth)} goes with {prefix}status "
            f"{_shown(DEPTH_STATUS[depth])}, not {_shown(status)}"
        )


def _records(learner: dict, name: str, place: _Place) -> list[Row]:
    rows = _rows(learner, name, RECORD_FIELDS[name], place)
    if name == "evidence":
        for number, row in enumerate(rows, 1):
            try:
                check_stored(row["kind"], row["name"], row["value"])
            except ServiceError as problem:
                raise place.at(f"evidence {number}").refuse(str(problem)) from None
    if name in UNITED:
        _check_unique([_record_key(name, row) for row in rows], name, place)
    return rows


def _review_days(value: Any, place: _Place) -> str | None:
    if value is None:
        return None
    text = _typed(value, str, place, "review_days")
    try:
        days = parse_days(text)
    except ServiceError:
        raise place.refuse(
            f"review_days {_shown(text)} are not days separated by commas, each longer than "
            f"the last (1,7,30,90)"
        ) from None
    return ",".join(map(str, days))


def _columns(raw: Any, fields: dict[str, str], place: _Place, extra: tuple = ()) -> Row:
    row = _typed(raw, dict, place)
    _check_keys(row, (*fields, *extra), place)
    return {name: _value(row, name, kind, place) for name, kind in fields.items()}


def _settings(settings: dict, place: _Place) -> dict[str, str]:
    for key, value in settings.items():
        _typed(key, str, place.at("settings"), "key")
        _typed(value, str, place.at("settings"), key)
    return settings


def _value(parent: dict, name: str, kind: str, place: _Place) -> Any:
    value = parent[name]
    if kind == "time or null":
        return None if value is None else _time(value, name, place)
    if kind == "time":
        return _time(value, name, place)
    if kind == "seconds":
        seconds = _typed(value, int, place, name)
        if not -MAX_SECONDS <= seconds <= MAX_SECONDS:
            within = f"a whole number of seconds from -{MAX_SECONDS} to {MAX_SECONDS}"
            raise place.refuse(f"{name} {_shown(seconds)} is out of range ({within})")
        return seconds
    if kind == "true or false":
        if type(value) is not bool:
            raise place.refuse(f"'{name}' must be true or false, not {_json_type(value)}")
        return value
    if kind == "depth or null" and value is None:
        return None
    text = _typed(value, str, place, name)
    if kind == "depth or null" and text not in DEPTHS:
        raise place.refuse(f"{name} {_shown(text)} is not one of {', '.join(DEPTHS)}, or null")
    if kind == "status" and text not in STATUSES:
        raise place.refuse(f"{name} {_shown(text)} is not one of {', '.join(STATUSES)}")
    if kind == "id" and not (ID_PATTERN.fullmatch(text) and len(text) <= ID_MAX):
        raise place.refuse(f"{name} {_shown(text)} is not an id (a-z, 0-9 and '-')")
    if kind == "key" and not text:
        raise place.refuse(f"{name} is empty")
    return text


def _time(value: Any, name: str, place: _Place) -> datetime:
    text = _typed(value, str, place, name)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise place.refuse(f"{name} {_shown(text)} is not an ISO 8601 time with a UTC offset")
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is a valid time, but not one in UTC
        moment = None
    if moment is None or not EARLIEST <= moment < LATEST:
        raise place.refuse(f"{name} {_shown(text)} is out of range (years 1970 to 2999)")
    return moment


def _array(parent: dict, key: str, place: _Place) -> list:
    return _typed(parent[key], list, place, key)


def _check_keys(parent: dict, keys: tuple[str, ...], place: _Place) -> None:
    missing = [key for key in keys if key not in parent]
    if missing:
        raise place.refuse(f"'{missing[0]}' is missing")
    unknown = [key for key in parent if key not in keys]
    if unknown:
        raise place.refuse(f"unknown key {_shown(unknown[0])}")


def _check_unique(keys: list, label: str, place: _Place, what: str = "") -> None:
    first: dict[Any, int] = {}
    for number, key in enumerate(keys, 1):
        if key in first:
            same = f"the same {what or 'key'} as {label} {first[key]}"
            raise place.at(f"{label} {number}").refuse(same)
        first[key] = number


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a whole number"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _typed(value: Any, expected: type, place: _Place, name: str = "") -> Any:
    name = _shown(name)[1:-1]  # a key of the file's settings can hold anything, even a newline
    if isinstance(value, expected) and not isinstance(value, bool):
        if expected is str and _SURROGATE.search(value):
            # JSON can escape half of a UTF-16 pair ("\ud800"); no database can store it
            raise place.refuse(f"{name or 'text'} {_shown(value)} is not valid Unicode")
        return value
    subject = f"'{name}' must be" if name else "must be"
    raise place.refuse(f"{subject} {_JSON_TYPES[expected]}, not {_json_type(value)}")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return _JSON_TYPES.get(type(value), "a value")


def _shown(value: Any) -> str:
    shown = repr(value) if isinstance(value, str) else json.dumps(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


# Restoring


def restore_backup(engine: Engine, file: Path) -> RestoreSummary:
    """Merge the backup in `file` into the database; nothing is written when it is invalid."""
    return merge_backup(engine, read_backup(file))


def merge_backup(engine: Engine, backup: Backup) -> RestoreSummary:
    """Merge a validated backup into the database in one transaction (see the module)."""
    with writing(engine) as session:
        hold_learner_list(session)
        ids, learners_added = _learner_ids(session, backup.learners)
        hold_learners(session, [ids[learner.name] for learner in backup.learners])
        items = tracks = events = days = 0
        added = dict.fromkeys(RECORDS, 0)
        for learner in backup.learners:
            learner_id = ids[learner.name]
            items += _merge_progress(session, learner_id, learner.progress)
            tracks += _merge_unfollowed(session, learner_id, learner.unfollowed)
            events += _merge_events(session, learner_id, learner.events)
            for name, rows in learner.records.items():
                added[name] += _merge_records(session, learner_id, name, rows)
            days += _merge_review_days(session, learner_id, learner.review_days)
        settings = _merge_settings(session, backup.settings, set(ids))
    return RestoreSummary(
        learners_added, items, tracks, events, settings, added["evidence"],
        added["time_spent"], added["review_answers"], added["resource_ticks"], days,
    )  # fmt: skip


def _learner_ids(session: Session, learners: list[BackupLearner]) -> tuple[dict[str, int], int]:
    """Every learner's id by name, after adding the backup's learners that are missing
    (with their review intervals)."""
    rows = session.connection().execute(select(Learner.name, Learner.id)).all()
    ids: dict[str, int] = dict(rows)
    missing = [
        Learner(name=learner.name, created_at=learner.created_at, review_days=learner.review_days)
        for learner in learners
        if learner.name not in ids
    ]
    session.add_all(missing)
    session.flush()
    ids.update({learner.name: learner.id for learner in missing})
    return ids, len(missing)


def _merge_progress(session: Session, learner_id: int, items: list[Row]) -> int:
    connection = session.connection()
    rows = connection.execute(
        select(Progress.path_id, Progress.item_id, Progress.updated_at).where(
            Progress.learner_id == learner_id
        )
    ).all()
    current = {(path_id, item_id): updated for path_id, item_id, updated in rows}
    new = [item for item in items if (item["path_id"], item["item_id"]) not in current]
    newer = [
        item
        for item in items
        if (item["path_id"], item["item_id"]) in current
        and item["updated_at"] > current[item["path_id"], item["item_id"]]
    ]
    if new:
        connection.execute(insert(Progress), [{"learner_id": learner_id, **item} for item in new])
    if newer:
        # Bind names must differ from the column names an UPDATE sets.
        statement = (
            update(Progress)
            .where(
                Progress.learner_id == learner_id,
                Progress.path_id == bindparam("key_path_id"),
                Progress.item_id == bindparam("key_item_id"),
            )
            .values({name: bindparam(f"new_{name}") for name in ITEM_FIELDS})
        )
        connection.execute(
            statement,
            [
                {"key_path_id": item["path_id"], "key_item_id": item["item_id"]}
                | {f"new_{name}": value for name, value in item.items()}
                for item in newer
            ],
        )
    return len(new) + len(newer)


def _merge_unfollowed(session: Session, learner_id: int, tracks: list[Row]) -> int:
    connection = session.connection()
    rows = connection.execute(
        select(UnfollowedTrack.path_id, UnfollowedTrack.track_id).where(
            UnfollowedTrack.learner_id == learner_id
        )
    ).all()
    current = {(path_id, track_id) for path_id, track_id in rows}
    missing = [track for track in tracks if (track["path_id"], track["track_id"]) not in current]
    if missing:
        connection.execute(
            insert(UnfollowedTrack), [{"learner_id": learner_id, **track} for track in missing]
        )
    return len(missing)


def _merge_records(session: Session, learner_id: int, name: str, rows: list[Row]) -> int:
    """Add the rows of one record table that the learner lacks: of evidence and ticks one per
    key, of time entries and review answers as many per key as the backup holds (two equal
    entries are two sessions of work)."""
    table = RECORD_TABLES[name]
    columns = [getattr(table, column) for column in RECORD_KEYS[name]]
    connection = session.connection()
    present = Counter(
        tuple(as_aware(v) if isinstance(v, datetime) else v for v in row)
        for row in connection.execute(select(*columns).where(table.learner_id == learner_id))
    )
    missing = []
    for row in rows:
        key = _record_key(name, row)
        if present[key] > 0:
            if name not in UNITED:
                present[key] -= 1  # this entry is there; an equal one after it may not be
            continue
        missing.append(row)
        if name in UNITED:
            present[key] = 1  # there now, for any equal row after it
    if missing:
        missing.sort(key=lambda row: row["at"])  # evidence is listed in the order it came
        connection.execute(insert(table), [{"learner_id": learner_id, **row} for row in missing])
    return len(missing)


def _record_key(name: str, row: Row) -> tuple:
    return tuple(row[column] for column in RECORD_KEYS[name])


def _merge_review_days(session: Session, learner_id: int, days: str | None) -> int:
    """The backup's review intervals for a learner who has none of their own."""
    if days is None:
        return 0
    changed = session.connection().execute(
        update(Learner)
        .where(Learner.id == learner_id, Learner.review_days.is_(None))
        .values(review_days=days)
    )
    return changed.rowcount


def _merge_settings(session: Session, settings: dict[str, str], learners: set[str]) -> int:
    current = set(session.connection().execute(select(Setting.key)).scalars())
    added = {
        key: value
        for key, value in settings.items()
        if key not in current and (key != ACTIVE or value in learners)
    }
    for key, value in added.items():
        put_setting(session, key, value, replace=False)
    return len(added)


# Merging event logs


@dataclass(eq=False, slots=True)
class _LogEvent:
    """One event of a learner's merged log; compared by identity."""

    columns: Row  # EVENT_FIELDS
    undoes: _LogEvent | None = None
    id: int | None = None  # None until stored

    @property
    def key(self) -> tuple[str, str, str]:
        return _event_key(self.columns)


def _event_key(columns: Row) -> tuple[str, str, str]:
    """What makes an event the same in two databases: one command changes an item once."""
    return columns["change"], columns["path_id"], columns["item_id"]


def _merge_events(session: Session, learner_id: int, incoming: list[BackupEvent]) -> int:
    present = _stored_log(session, learner_id)
    added = _added_events(present, incoming)
    if not added:
        return 0
    log = _in_time_order(present + added)
    kept = next(
        (n for n, (old, new) in enumerate(zip(present, log, strict=False)) if old is not new),
        len(present),
    )
    _store_tail(session, learner_id, present[kept:], log[kept:])
    _link_undos(session, log, kept)
    return len(added)


def _stored_log(session: Session, learner_id: int) -> list[_LogEvent]:
    rows = session.connection().execute(
        select(Event).where(Event.learner_id == learner_id).order_by(Event.id)
    )
    by_id: dict[int, _LogEvent] = {}
    for row in rows:
        columns = {name: getattr(row, name) for name in EVENT_FIELDS}
        by_id[row.id] = _LogEvent(columns, by_id.get(row.undoes), row.id)
    return list(by_id.values())


def _added_events(present: list[_LogEvent], incoming: list[BackupEvent]) -> list[_LogEvent]:
    """The incoming events not present, linked to what they undo, present or added."""
    by_key = {event.key: event for event in present}
    by_index: list[_LogEvent] = []
    added = []
    for event in incoming:
        known = by_key.get(_event_key(event.columns))
        if known is None:
            undoes = None if event.undoes is None else by_index[event.undoes]
            known = _LogEvent(dict(event.columns), undoes)
            added.append(known)
        by_index.append(known)
    return added


def _in_time_order(events: list[_LogEvent]) -> list[_LogEvent]:
    """Oldest first, keeping the given order among equal times; an undo never comes before
    the event it reverts, even when the clocks of two machines disagreed."""
    moment: dict[_LogEvent, datetime] = {}
    for event in events:  # what an event undoes comes before it in `events`
        at = event.columns["at"]
        moment[event] = at if event.undoes is None else max(at, moment[event.undoes])
    return sorted(events, key=moment.__getitem__)


def _store_tail(
    session: Session, learner_id: int, moved: list[_LogEvent], tail: list[_LogEvent]
) -> None:
    """Replace the learner's events from the first moved one on by `tail`, stored without
    undo links (they may point forward; `_link_undos` sets them)."""
    connection = session.connection()
    if moved:
        first = moved[0].id
        # Earlier events' links into the moved ones would block deleting them.
        connection.execute(
            update(Event)
            .where(Event.learner_id == learner_id, Event.id < first, Event.undone_by >= first)
            .values(undone_by=None)
        )
        connection.execute(delete(Event).where(Event.learner_id == learner_id, Event.id >= first))
    connection.execute(insert(Event), [{"learner_id": learner_id, **e.columns} for e in tail])
    rows = connection.execute(
        select(Event.change, Event.path_id, Event.item_id, Event.id).where(
            Event.learner_id == learner_id
        )
    )
    ids = {(change, path_id, item_id): event_id for change, path_id, item_id, event_id in rows}
    for event in tail:
        event.id = ids[event.key]


def _link_undos(session: Session, log: list[_LogEvent], kept: int) -> None:
    """Set `undoes` and `undone_by` where the stored log lacks them: on every event of the
    tail, and on earlier events undone by one in the tail."""
    first_undo: dict[_LogEvent, _LogEvent] = {}
    for event in log:
        if event.undoes is not None:
            first_undo.setdefault(event.undoes, event)
    tail = set(log[kept:])
    links = [
        {
            "event_id": event.id,
            "new_undoes": None if event.undoes is None else event.undoes.id,
            "new_undone_by": first_undo[event].id if event in first_undo else None,
        }
        for number, event in enumerate(log)
        if (number >= kept and (event.undoes is not None or event in first_undo))
        or (number < kept and first_undo.get(event) in tail)
    ]
    if links:
        statement = (
            update(Event)
            .where(Event.id == bindparam("event_id"))
            .values(undoes=bindparam("new_undoes"), undone_by=bindparam("new_undone_by"))
        )
        session.connection().execute(statement, links)
