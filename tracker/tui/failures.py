"""Failed workers, reported. Every database or file operation of the app runs in a worker;
one that fails ends as one error notification with its one-line message, whichever screen
(or the app) started it: never a traceback, never silence.

A worker's state changes are posted to the node that started it and do not bubble, so the
app never hears of a screen's worker by itself: every screen (and the app) mixes this in.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState

from tracker.errors import TrackerError, one_line


class ReportsFailures:
    """Mixed into the app and every screen, before App or Screen."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report_failure(self.app, event.worker.error)


def report_failure(app, error: BaseException) -> None:
    """One line for the learner: the message of the tracker's own errors (a refused or failed
    write), the kind and message of anything else."""
    if isinstance(error, TrackerError):
        app.notify(one_line(str(error)), severity="error", timeout=8)
    else:
        app.notify(
            f"internal error: {error.__class__.__name__}: {one_line(str(error))}",
            severity="error",
            timeout=15,
        )
