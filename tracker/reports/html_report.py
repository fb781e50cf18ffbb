"""The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched)
that prints cleanly: completion bars, time spent, pace and the projected finish, items done
per week and a heatmap of activity, the whole tree with statuses, notes, resources (ticked
or not), what the learner recorded beside each item (reading depth, time against the
estimate, next review) and its evidence, time per level and step; with several learners, a
cohort section.

Safety: every text from path files, notes and records is escaped, by jinja2's autoescaping
or, in the item rows written here for speed, by `html.escape`; notes are Markdown rendered
with raw HTML off and images off, and a link (in a note or a resource) is a link only when
its scheme is http, https or mailto, evidence only when http or https, otherwise plain text.
A Content-Security-Policy forbids scripts and any fetch besides, should anything slip
through.

The page is built in two passes, both linear in the items: plain view data here (texts
picked in the report's language, figures formatted, chart geometry), then one template
(`templates/report.html`) with no include or macro per item.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

from tracker import vocabulary
from tracker.pathdefs.model import Item, PathDef, Resource
from tracker.pathdefs.text import Text, pick
from tracker.reports.gather import Activity, Report, Standing, percent
from tracker.reports.wording import is_web_link, item_facts, part_time, proof_text, summary_facts
from tracker.services.evidence import Proof
from tracker.services.standing import Completion
from tracker.services.stats import PACE_WEEKS, Figures, items_left

TEMPLATES = Path(__file__).parent / "templates"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
REL = "noopener noreferrer"

# English on purpose, as in the terminal's charts: the page must not change with the locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def safe_url(url: str) -> bool:
    """Whether `url` may become a link: an explicit http, https or mailto scheme. Anything
    else (javascript:, data:, vbscript:, relative, empty) is shown as text."""
    match = _SCHEME.match(url.strip())
    return match is not None and match[1].lower() in SAFE_SCHEMES


def _unlink_unsafe(state: StateCore) -> None:
    """A link whose target is not safe (`[x]()` gets past validateLink with an empty one)
    loses its tags and keeps its text; a safe one gets `rel`."""
    for block in state.tokens:
        unsafe: list[bool] = []
        for token in block.children or ():
            if token.type == "link_open":
                unsafe.append(not safe_url(str(token.attrGet("href") or "")))
                if unsafe[-1]:
                    token.type, token.content = "text", ""
                else:
                    token.attrSet("rel", REL)
            elif token.type == "link_close" and unsafe and unsafe.pop():
                token.type, token.content = "text", ""


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = safe_url
    md.disable("image")  # an image would be fetched from anywhere
    md.core.ruler.push("unlink_unsafe", _unlink_unsafe)
    return md


def note_html(note: str) -> Markup:
    """A learner's note, Markdown rendered safely."""
    return Markup(_markdown().render(note))


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def html_report(report: Report) -> str:
    template = _environment().get_template("report.html")
    return template.render(
        lang=report.lang,
        generated=report.generated_at.date().isoformat(),
        learners=report.learners,
        cohort=[_cohort(report, path) for path in report.paths] if report.cohort else [],
        standings=[
            _standing(report, report.standings[name, path.id])
            for name in report.learners
            for path in report.paths
        ],
    )


# -- figures ----------------------------------------------------------------------------------


def width(done: Completion) -> str:
    """The filled share of a bar, for a CSS width; a part with nothing left to count has no
    bar at all (`counts`)."""
    return f"{min(max(done.percent or 0.0, 0.0), 100.0):.1f}%"


def shade(done: Completion) -> str:
    """A cohort cell's class: `s0` for nothing done, else `s1`..`s4` by quarters; `none`
    (not shaded) when nothing is left to count."""
    if done.percent is None:
        return "none"
    return "s0" if done.done == 0 else f"s{min(4, max(1, -(-int(done.percent) // 25)))}"


def counts(done: Completion) -> bool:
    """Whether a part has a percentage, and so a bar; without, its text says why."""
    return done.percent is not None


@dataclass(frozen=True, slots=True)
class Bar:
    title: str
    percent: str  # "67%"; or why there is none: "not followed", "optional", "skipped"
    width: str
    detail: str  # "2 of 3"; or why it is empty
    counts: bool = True  # False: nothing left to count, no bar


def _bar(title: str, done: Completion, detail: str = "") -> Bar:
    if not counts(done):
        return Bar(title, percent(done), width(done), "nothing left to count", counts=False)
    return Bar(title, percent(done), width(done), detail or f"{done.done} of {done.out_of}")


# -- the cohort -------------------------------------------------------------------------------


def _cohort(report: Report, path: PathDef) -> dict[str, Any]:
    def text(value: Text) -> str:
        return pick(value, report.lang, path.lang)

    rows = []
    for name in report.learners:
        standing = report.standings[name, path.id]
        outline = standing.outline
        last = standing.last_activity
        rows.append(
            {
                "learner": name,
                "overall": (percent(outline.completion), shade(outline.completion)),
                "levels": [
                    (percent(outline.levels[lv.id]), shade(outline.levels[lv.id]))
                    for lv in path.levels
                ],
                "tracks": [
                    (percent(standing.tracks[tr.id]), shade(standing.tracks[tr.id]))
                    for tr in path.tracks
                ],
                "last": last.date().isoformat() if last else "—",
                "doing": [text(item.title) for item in standing.in_progress],
            }
        )
    return {
        "title": text(path.title),
        "levels": [text(level.title) for level in path.levels],
        "tracks": [text(track.title) for track in path.tracks],
        "rows": rows,
    }


# -- one learner on one path ------------------------------------------------------------------


def _standing(report: Report, standing: Standing) -> dict[str, Any]:
    outline = standing.outline
    progress = outline.progress
    path = progress.path
    lang, path_lang = report.lang, path.lang
    tracks = {track.id: pick(track.title, lang, path_lang) for track in path.tracks}
    done = outline.completion

    def text(value: Text | None) -> str:
        return "" if value is None else pick(value, lang, path_lang)

    title = text(path.title)
    levels = []
    for level in path.levels:
        steps = []
        for step in level.steps:
            step_done = outline.steps[level.id, step.id]
            items = Markup("".join(_item(item, standing, text, tracks) for item in step.items))
            steps.append(
                {
                    "title": text(step.title),
                    "percent": percent(step_done),
                    "width": width(step_done),
                    "counts": counts(step_done),
                    "time": part_time(standing, "step", step.id),
                    "entries": items,
                }
            )
        level_done = outline.levels[level.id]
        levels.append(
            {
                "title": text(level.title),
                "percent": percent(level_done),
                "counts": counts(level_done),
                "time": part_time(standing, "level", level.id),
                "steps": steps,
            }
        )
    return {
        "heading": f"{standing.learner}: {title}" if report.cohort else title,
        "overall": _bar(title, done),
        "summary": (
            f"{done.done} of {vocabulary.count(done.out_of, 'item')} done, {done.skipped} skipped"
            if counts(done)
            else f"Nothing left to count: {vocabulary.count(done.done, 'item')} done, "
            f"{done.skipped} skipped"
        ),
        "left": _time_left(outline.minutes_left, outline.without_estimate, done),
        "figures": summary_facts(standing),
        "last": standing.last_activity.date().isoformat() if standing.last_activity else "—",
        "level_bars": [_bar(text(lv.title), outline.levels[lv.id]) for lv in path.levels],
        "track_bars": [
            _bar(
                tracks[track.id],
                standing.tracks[track.id],
                "" if track.id not in progress.unfollowed else "not followed",
            )
            for track in path.tracks
        ],
        "activity": _activity(standing.activity, standing.figures) if standing.activity else None,
        "levels": levels,
    }


def _time_left(minutes: float, missing: int, done: Completion) -> str:
    return vocabulary.time_left(minutes, items_left(done), missing)


# The tree holds every item, so its rows are written here rather than by the template: with
# jinja2 each of a 10,000-item path's 90,000 values would become a Markup object, a third
# of the export's time. Every value still goes through `_e` (html.escape, quotes included);
# the injection tests hold this code to that.

_e = html.escape
_STATUS_LINE = {
    status: f'<li class="item {status}"><p class="line"><span class="status">'
    f'<span class="glyph" aria-hidden="true">{glyph}</span> {word}</span>'
    for status, glyph, word in (
        ("done", "✔", "done"),
        ("doing", "◐", "in progress"),
        ("skipped", "⊘", "skipped"),
        ("todo", "○", "to do"),
    )
}


def _item(item: Item, standing: Standing, text, tracks: dict[str, str]) -> str:
    progress = standing.outline.progress
    state = progress.state(item.id)
    facts = []
    if state.done_at is not None and state.status == "done":
        facts.append(f"done {state.done_at.date().isoformat()}")
    if item.kind:
        facts.append(item.kind)
    for track in item.tracks:
        facts.append(tracks.get(track, track))
    if item.optional:
        facts.append("optional")
    if item.tracks and not progress.follows(item.tracks):
        facts.append("track not followed")
    facts += item_facts(standing, item)
    parts = [_STATUS_LINE.get(state.status, _STATUS_LINE["todo"])]
    parts.append(f' <span class="title">{_e(text(item.title))}</span>')
    if facts:
        parts.append(f' <span class="facts">{_e(" · ".join(facts))}</span>')
    parts.append("</p>\n")
    summary = text(item.summary)
    if summary:
        parts.append(f'<p class="summary">{_e(summary)}</p>\n')
    if item.resources:
        ticked = standing.records.ticked(item.id)
        parts.append('<ul class="resources">\n')
        parts.extend(_resource(r, text, r.url in ticked) for r in item.resources)
        parts.append("</ul>\n")
    proofs = standing.records.evidence.get(item.id)
    if proofs:
        shown = " · ".join(_proof(proof) for proof in proofs)
        parts.append(f'<p class="evidence"><span class="label">Evidence:</span> {shown}</p>\n')
    if state.note and not state.note.isspace():
        parts.append(f'<div class="note">{note_html(state.note)}</div>\n')
    parts.append("</li>\n")
    return "".join(parts)


def _proof(proof: Proof) -> str:
    shown = _e(proof_text(proof))
    if is_web_link(proof):
        return f'<a href="{_e(proof.value)}" rel="{REL}">{shown}</a>'
    return f'<span class="{_e(proof.kind)}">{shown}</span>'


def _resource(resource: Resource, text, ticked: bool = False) -> str:
    url = resource.url
    safe = url.startswith(("https://", "http://")) or safe_url(url)
    title = text(resource.title)
    shown = _e(title or url)
    if safe:
        line = f'<li><a href="{_e(url)}" rel="{REL}">{shown}</a>'
    else:
        line = f'<li><span class="unlinked">{shown}</span>'
        if title:
            line += f' <span class="url">({_e(url)})</span>'
    if resource.kind:
        line += f' <span class="kind">{_e(resource.kind)}</span>'
    about = text(resource.summary)
    if about:
        line += f" — {_e(about)}"
    if ticked:
        line += ' <span class="ticked"><span aria-hidden="true">✔</span> ticked</span>'
    return line + "</li>\n"


# -- activity: figures and charts -------------------------------------------------------------


def _activity(activity: Activity, figures: Figures) -> dict[str, Any]:
    runs = activity.streaks
    return {
        "facts": [
            ("Done this week", vocabulary.count(figures.done_this_week, "item")),
            ("Pace", f"{vocabulary.pace(figures.pace_per_week)} (last {PACE_WEEKS} weeks)"),
            ("Current streak", vocabulary.count(runs.current, "day")),
            ("Longest streak", vocabulary.count(runs.longest, "day")),
            ("Active days", str(runs.active_days)),
        ],
        "weeks": week_chart(activity.weeks),
        "heatmap": heatmap(activity.days),
    }


def month_day(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}"


# The week chart: a column a week, oldest left, scaled to the largest count.
PITCH, BAR_WIDTH, COUNT_HEIGHT, BARS_HEIGHT, LABEL_HEIGHT = 36, 24, 14, 80, 16


def week_chart(weeks: list[tuple[date, int]]) -> dict[str, Any]:
    top = max((count for _, count in weeks), default=0)
    bars = []
    for index, (monday, count) in enumerate(weeks):
        height = 0.0 if top == 0 else max(1.0, round(BARS_HEIGHT * count / top, 1))
        height = height if count else 0.0
        x = index * PITCH + (PITCH - BAR_WIDTH) / 2
        bars.append(
            {
                "x": x,
                "y": COUNT_HEIGHT + BARS_HEIGHT - height,
                "height": height,
                "middle": x + BAR_WIDTH / 2,
                "count": count,
                "label": month_day(monday),
                "title": f"Week of {monday.isoformat()}: {vocabulary.count(count, 'item')} done",
            }
        )
    first = weeks[0][0].isoformat() if weeks else ""
    return {
        "width": PITCH * len(weeks),
        "height": COUNT_HEIGHT + BARS_HEIGHT + LABEL_HEIGHT,
        "bar_width": BAR_WIDTH,
        "base": COUNT_HEIGHT + BARS_HEIGHT,
        "label_y": COUNT_HEIGHT + BARS_HEIGHT + LABEL_HEIGHT - 4,
        "bars": bars,
        "title": f"Items done per week since {first}: {sum(c for _, c in weeks)} in all",
    }


# The heatmap: a row a weekday (Monday first), a column a week (oldest left), as the
# terminal's (tui/charts.py) draws it; a cell's shade is its quarter of the busiest day.
CELL, STEP, LEFT, TOP, LEGEND = 10, 13, 30, 14, 22
DAY_LABELS = ((0, "Mon"), (2, "Wed"), (4, "Fri"))


def level(count: int, top: int) -> int:
    if count <= 0 or top <= 0:
        return 0
    return min(4, -(-4 * count // top))


def heatmap(days: list[tuple[date, int]]) -> dict[str, Any] | None:
    if not days:
        return None
    counts = dict(days)
    first, last = min(counts), max(counts)
    start = first - timedelta(days=first.weekday())
    columns = (last - start).days // 7 + 1
    top = max(counts.values())
    cells = []
    for day, count in sorted(counts.items()):
        column, weekday = divmod((day - start).days, 7)
        cells.append(
            {
                "x": LEFT + column * STEP,
                "y": TOP + weekday * STEP,
                "level": level(count, top),
                "title": f"{day.isoformat()}: {vocabulary.count(count, 'change')}",
            }
        )
    months = []  # (column, name): over the column holding the 1st, none touching another
    for column in range(columns):
        for offset in range(7):
            day = start + timedelta(days=7 * column + offset)
            if day.day == 1 and first <= day <= last and (not months or column - months[-1][0] > 2):
                months.append((column, MONTHS[day.month - 1]))
    if first.day != 1 and (not months or months[0][0] > 2):
        months.insert(0, (0, MONTHS[first.month - 1]))
    grid_bottom = TOP + 7 * STEP
    legend_y = grid_bottom + 6
    return {
        "width": LEFT + columns * STEP + 40,
        "height": grid_bottom + LEGEND,
        "cell": CELL,
        "cells": cells,
        "months": [(LEFT + column * STEP, name) for column, name in months],
        "month_y": TOP - 4,
        "days": [(TOP + row * STEP + CELL - 1, name) for row, name in DAY_LABELS],
        "legend": {
            "y": legend_y,
            "text_y": legend_y + CELL - 1,
            "less_x": LEFT,
            "cells": [(LEFT + 28 + i * STEP, i) for i in range(5)],
            "more_x": LEFT + 28 + 5 * STEP + 2,
        },
        "title": (
            f"Changes per day from {first.isoformat()} to {last.isoformat()}: "
            f"{sum(counts.values())} on "
            f"{vocabulary.count(sum(1 for c in counts.values() if c), 'day')}"
        ),
    }
