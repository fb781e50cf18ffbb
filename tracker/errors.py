"""The one kind of failure front ends report as a single line, with an exit status."""

from __future__ import annotations

from collections.abc import Iterable


class TrackerError(Exception):
    status = 1


def suggest(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x', 'y'?)" when some choices are close to `word`, else ""."""
    import difflib  # only when there is an error to explain

    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
