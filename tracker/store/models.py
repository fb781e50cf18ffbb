"""The tables. Times are aware UTC datetimes (SQLModel keeps them so); statuses are strings."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

STATUSES = ("todo", "doing", "done", "skipped")


class Learner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    created_at: datetime


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


class Event(SQLModel, table=True):
    """One change, never altered but for `undone_by`: history, undo and statistics read it.

    The state before the change is kept whole, so that undo restores it exactly."""

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    change: str = Field(index=True)  # the events of one command share it; undo reverts them all
    path_id: str
    item_id: str
    at: datetime = Field(index=True)
    from_status: str
    to_status: str
    from_note: str = ""
    to_note: str = ""
    from_started_at: datetime | None = None
    from_done_at: datetime | None = None
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
