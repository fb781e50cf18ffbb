"""The one kind of failure front ends report as a single line, with an exit status."""

from __future__ import annotations


class TrackerError(Exception):
    status = 1
