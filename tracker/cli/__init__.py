"""The `tracker` command line; each module registers its commands on the one app."""

from tracker.cli import backup, batch, doctor, export, learners, paths, progress, stats, tui  # noqa: F401  (registers)
from tracker.cli.app import app, main

__all__ = ["app", "main"]
