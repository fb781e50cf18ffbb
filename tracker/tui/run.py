"""Start the app from settings: what `tracker`, `tracker tui` and `make run` do."""

from __future__ import annotations

import contextlib
import sys

from tracker.errors import TrackerError
from tracker.settings import Settings


def run_app(settings: Settings, path_id: str | None = None) -> None:
    from tracker.errors import suggest
    from tracker.pathdefs.discover import default_library

    # Loaded before the app starts (from the cache, no YAML when nothing changed): the first
    # screen is painted with the titles, and the loop that must not wait does not exist yet.
    library = default_library(settings.path_dirs)
    if path_id is not None and path_id not in library.paths:
        # Said before the screen changes, so that a typo is one line in the shell.
        raise TrackerError(f"no path '{path_id}'{suggest(path_id, library.paths)}")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TrackerError("the terminal app needs a terminal; see tracker --help for commands")
    from tracker.tui.app import TrackerApp
    from tracker.tui.config import load_config

    app = TrackerApp(
        settings,
        open_path=path_id,
        library=library,
        config=load_config(),
    )
    app.run()
    try:
        app.log_timer_at_exit()
    except TrackerError as error:
        print(f"tracker: the timer's time was not logged: {error}", file=sys.stderr)
    with contextlib.suppress(TrackerError):  # only a cache: a failure costs the next start time
        app.backend.keep_at_exit()
