"""How statuses, completion and times look on screen.

Text from path files is always wrapped in `rich.text.Text`: a plain string given to a widget
would be read as markup, and a title containing `[bold]` must show those characters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text

from tracker.pathdefs.text import Text as PathText
from tracker.pathdefs.text import pick
from tracker.tui.charts import bar

if TYPE_CHECKING:
    from tracker.services.standing import Completion

GLYPHS = {"todo": "○", "doing": "◐", "done": "✔", "skipped": "⊘"}
STAR = "★"
STARS_STYLE = "yellow"
TICKED, UNTICKED = "☑", "☐"  # a resource's box
TIMED = "◷"  # time spent, and the timer
EVIDENCE = "⚑"  # evidence given
LEGEND = (  # what the tree's glyphs mean, for the help screen
    f"{STAR} stars  {TICKED} resources ticked  {TIMED} time spent  {EVIDENCE} evidence given"
)
STATUS_STYLES = {"todo": "", "doing": "bold yellow", "done": "bold green", "skipped": "dim"}
STATUS_WORDS = {"todo": "todo", "doing": "learning", "done": "done", "skipped": "skipped"}


def literal(value: str, style: str = "") -> Text:
    return Text(value, style=style)


def shown_text(value: PathText | None, lang: str, path_lang: str = "en") -> str:
    return "" if value is None else pick(value, lang, path_lang)


def glyph(status: str) -> Text:
    return Text(GLYPHS[status], style=STATUS_STYLES[status])


NOTHING_TO_COUNT_STYLE = "dim italic"  # neutral: neither a bar nor a colour of progress


def completion_text(percent: float, width: int = 10) -> Text:
    style = "green" if percent >= 100 else ""
    return Text.assemble((bar(percent / 100, width), style), f" {percent:3.0f}%")


def part_completion(done: Completion, width: int = 10) -> Text:
    """A part's bar and percentage; with nothing left to count, no bar but why, in a
    neutral style: "not followed", "optional", "skipped"."""
    if done.percent is None:
        return Text(done.reason or "", style=NOTHING_TO_COUNT_STYLE)
    return completion_text(done.percent, width)


def day_text(moment: datetime | date | None) -> str:
    if moment is None:
        return "—"
    if isinstance(moment, datetime):
        moment = moment.astimezone().date()
    return moment.isoformat()


def stars_text(stars: int) -> Text:
    return Text(STAR * stars, style=STARS_STYLE)


def clock_text(seconds: float) -> str:
    """A running timer: "04:07", "1:02:09"."""
    minutes, second = divmod(max(int(seconds), 0), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute:02d}:{second:02d}"
