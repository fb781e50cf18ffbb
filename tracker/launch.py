"""The `tracker` console script. A bare `tracker` in a terminal opens the app without loading
the command-line parser (a tenth of a second of a start that should feel instant); anything
else goes to the commands."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) == 1 and sys.stdin.isatty() and sys.stdout.isatty():
        from tracker.settings import settings_from_env

        settings = settings_from_env()
        if settings is not None:  # else a bad variable: the parser says which, in one line
            from tracker.errors import TrackerError
            from tracker.tui.run import run_app

            try:
                run_app(settings)
            except TrackerError as exc:
                print(f"tracker: error: {exc}", file=sys.stderr)
                sys.exit(exc.status)
            except KeyboardInterrupt:
                sys.exit(130)
            return
    from tracker.cli import main as commands

    commands()
