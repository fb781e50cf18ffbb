"""The timer's line: which item is timed, for how long, and the item's time against its
estimate. Shown on every screen that has one while a timer runs (`T` starts and stops it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widget import Widget

from tracker.pathdefs.estimates import Estimate
from tracker.tui.format import TIMED, clock_text
from tracker.vocabulary import duration


@dataclass(frozen=True, slots=True)
class RunningTimer:
    path_id: str
    item_id: str
    title: str  # as shown when it started
    started: datetime
    logged: int  # seconds logged on the item before this timer
    estimate: Estimate | None  # the item's

    def elapsed(self, now: datetime) -> float:
        return max((now - self.started).total_seconds(), 0.0)


class TimerLine(Widget):
    """Repainted every second from the app's clock; hidden while no timer runs."""

    def on_mount(self) -> None:
        self.watch(self.app, "timer", self._timer_changed)
        self.set_interval(1.0, self.refresh)

    def _timer_changed(self, timer: RunningTimer | None) -> None:
        self.display = timer is not None
        self.refresh()

    def render(self) -> Text:
        timer: RunningTimer | None = self.app.timer
        if timer is None:
            return Text()
        elapsed = timer.elapsed(self.app.clock())
        text = Text.assemble(
            (f"{TIMED} ", "bold"),
            (clock_text(elapsed), "bold"),
            "  ",
            (timer.title, "bold"),
        )
        total = timer.logged + elapsed
        text.append("   with this ", style="dim")
        text.append(duration(total))
        if timer.estimate is not None and timer.estimate.minutes > 0:
            text.append(" of ", style="dim")
            text.append(str(timer.estimate))
            text.append(f" ({total / 60 / timer.estimate.minutes:.0%})", style="dim")
        text.append("   T stops and logs it", style="dim")
        return text
