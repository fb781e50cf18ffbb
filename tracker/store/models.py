"""The tables. Times are aware UTC datetimes (SQLModel keeps them so); statuses are strings."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class Learner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    created_at: datetime
    review_days: str | None = None  # spaced review intervals, "1,7,30,90"; None: the default


class Progress(SQLModel, table=True):
    """Where one learner stands on one item; no row means todo with no note."""

    learner_id: int = Field(foreign_key="learner.id", primary_key=True, ondelete="CASCADE")
    path_id: str = Field(primary_key=True)
    item_id: str = Field(primary_key=True)
    status: str = "todo"
    started_at: datetime | None = None
    done_at: datetime | None = None
    note: str = ""
    updated_at: datetime
    depth: str | None = None  # papers only: one of values.DEPTHS, or None (read when done)


class Event(SQLModel, table=True):
    """One change, never altered but for `undone_by`: history, undo and statistics read it.

    The state before the change is kept whole, so that undo restores it exactly."""

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    change: str = Field(index=True)  # the events of one command share it; undo reverts them all
    # (a fork's carried progress has a change starting with values.CARRIED)
    path_id: str
    item_id: str
    at: datetime = Field(index=True)
    from_status: str
    to_status: str
    from_note: str = ""
    to_note: str = ""
    from_started_at: datetime | None = None
    from_done_at: datetime | None = None
    from_depth: str | None = None
    to_depth: str | None = None
    undoes: int | None = Field(default=None, foreign_key="event.id")  # this event is an undo
    undone_by: int | None = Field(default=None, foreign_key="event.id")


class UnfollowedTrack(SQLModel, table=True):
    """A learner follows every track of a path but those listed here, so that a track added
    to a path later is followed by default."""

    __tablename__ = "unfollowed_track"

    learner_id: int = Field(foreign_key="learner.id", primary_key=True, ondelete="CASCADE")
    path_id: str = Field(primary_key=True)
    track_id: str = Field(primary_key=True)


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str


class ItemRecord(SQLModel):
    """What the record tables share: a row per thing a learner recorded on an item at a
    time (not a table itself)."""

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    path_id: str
    item_id: str
    at: datetime


class Evidence(ItemRecord, table=True):
    """What shows an item was done: a link, a file, or a metric with its value. Kept when
    the item's status changes, as work done stays done."""

    kind: str  # one of values.EVIDENCE_KINDS
    name: str = ""  # a metric's name
    value: str  # the URL, the absolute file path, or the metric's value as written


class TimeSpent(ItemRecord, table=True):
    """Time logged on an item; an item's time is the sum of its entries (a negative entry
    corrects an earlier one)."""

    __tablename__ = "time_spent"

    seconds: int


class ReviewAnswer(ItemRecord, table=True):
    """One answer to a spaced review of a done item; the review schedule is replayed from
    these and the item's done time."""

    __tablename__ = "review_answer"

    passed: bool


class ResourceTick(SQLModel, table=True):
    """A resource of an item that the learner has been through, named by its URL."""

    __tablename__ = "resource_tick"

    learner_id: int = Field(foreign_key="learner.id", primary_key=True, ondelete="CASCADE")
    path_id: str = Field(primary_key=True)
    item_id: str = Field(primary_key=True)
    url: str = Field(primary_key=True)
    at: datetime
