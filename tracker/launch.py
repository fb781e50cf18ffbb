"""The `tracker` console script. A bare `tracker` (or `tracker tui [PATH_ID]`) in a terminal
opens the app without loading the command-line parser: a tenth of a second of a start that
should feel instant. Anything else, options included, goes to the commands."""

from __future__ import annotations

import sys


def main() -> None:
    wanted, path_id = _app_request(sys.argv[1:])
    if wanted and sys.stdin.isatty() and sys.stdout.isatty():
        from tracker.settings import settings_from_env

        settings = settings_from_env()
        if settings is not None:  # else a bad variable: the parser says which, in one line
            from tracker.errors import reporting_errors
            from tracker.tui.run import run_app

            reporting_errors(lambda: run_app(settings, path_id))
            return
    from tracker.cli import main as commands

    commands()


def _app_request(args: list[str]) -> tuple[bool, str | None]:
    """Whether the arguments ask for the app alone, and the path to open (None: the library)."""
    if not args:
        return True, None
    if args[0] == "tui" and len(args) <= 2 and not any(a.startswith("-") for a in args):
        return True, args[1] if len(args) == 2 else None
    return False, None
