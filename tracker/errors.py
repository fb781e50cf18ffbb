"""The one kind of failure front ends report as a single line, with an exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable


class TrackerError(Exception):
    status = 1


def suggest(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x', 'y'?)" when some choices are close to `word`, else ""."""
    import difflib  # only when there is an error to explain

    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def one_line(message: str) -> str:
    """A message kept on its line: a file name may hold a line break, and scripts read
    errors a line each."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def reporting_errors(action: Callable[[], object]) -> None:
    """Run `action` as a whole command: a failure ends the process with one line on stderr
    and its exit status, never a traceback (unless TRACKER_DEBUG asks for it)."""
    try:
        action()
    except TrackerError as exc:  # the CLI's, the services' and the store's errors
        print(f"tracker: error: {one_line(str(exc))}", file=sys.stderr)
        sys.exit(exc.status)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("TRACKER_DEBUG"):
            raise
        print(
            f"tracker: internal error: {exc.__class__.__name__}: {exc} "
            "(run with TRACKER_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        sys.exit(TrackerError.status)
