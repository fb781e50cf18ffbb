from __future__ import annotations

from tracker.errors import TrackerError


class ServiceError(TrackerError):
    """Something the learner asked for that cannot be done, said in one line."""
