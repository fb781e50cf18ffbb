"""The `tracker` command line; each module registers its commands on the one app."""

from tracker.cli import backup, learners, paths, progress, stats, tui  # noqa: F401  (registers commands)
from tracker.cli.app import app, main

__all__ = ["app", "main"]
