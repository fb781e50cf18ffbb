"""The `tracker` command line; each module registers its commands on the one app."""

from tracker.cli import (  # noqa: F401  (registers)
    backup,
    batch,
    doctor,
    export,
    forks,
    learners,
    nextup,
    paths,
    progress,
    records,
    stats,
    tui,
)
from tracker.cli.app import app, main

__all__ = ["app", "main"]
