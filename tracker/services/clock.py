"""Now, as an aware UTC time (how the store keeps times); tests pass their own."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """A stored time as ISO 8601 with its zone, for JSON."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def as_aware(moment: datetime) -> datetime:
    # Times are stored in UTC; a backend that drops the zone gives them back naive.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
