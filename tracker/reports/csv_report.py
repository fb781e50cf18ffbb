"""The CSV report: one row per item and learner, for spreadsheets. With several learners,
an empty row and then, per path, a learners × levels and tracks completion matrix follow
(percentages as numbers, empty where nothing is left to count: a track not followed, a level
of optional items, everything skipped), with each learner's last activity and items in
progress.

The columns after `note` hold what the learner recorded on the item:

- `depth`: a paper's reading depth (skimmed, read, implemented), empty for other items;
- `evidence`: one piece a line, each `KIND: WHAT` with KIND link, file or metric, and WHAT
  the URL, the file's absolute path, or `name = value` (evidence holds no line break);
- `spent minutes`, `estimate minutes`: time logged on the item and its estimate (a range
  counts as its midpoint; empty without one); `step ...` and `level ...` the same added up
  over the item's step and level, repeated on each of their rows;
- `resources ticked`, `resources`: how many of the item's resources are ticked, of how many;
- `next review`: when a done item is due for review (ISO 8601), `learnt` once every review
  was passed, empty for an item not done.

With several learners the matrix gains each learner's time, hours a week, ratio to the
estimates, projected finish (and whether it follows `time` logged or `items` done) and
reviews due this week. Minutes have at most one decimal, hours two.

UTF-8 with a byte-order mark (so that spreadsheet programs read Chinese right), RFC 4180
quoting and line ends, and cells that a spreadsheet would run as a formula neutralised.
"""

from __future__ import annotations

import csv
import io

from tracker.pathdefs.model import Item, PathDef
from tracker.pathdefs.text import pick
from tracker.reports.gather import Report, Standing
from tracker.services.clock import iso
from tracker.services.standing import Completion, ItemState, reading_depth
from tracker.services.timelog import TimeLine

COLUMNS = (
    "learner", "path", "level", "step", "tracks", "item id", "title", "kind", "status",
    "started", "done", "note",
    # added in the report of issue 7: a reader going by position keeps working
    "depth", "evidence", "spent minutes", "estimate minutes", "resources ticked", "resources",
    "next review", "step spent minutes", "step estimate minutes", "level spent minutes",
    "level estimate minutes",
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """A cell that begins like a formula gets a leading apostrophe (OWASP's advice)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def csv_report(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for name in report.learners:
        for path in report.paths:
            standing = report.standings[name, path.id]
            progress = standing.outline.progress

            def text(value, path=path) -> str:
                return pick(value, report.lang, path.lang) if value is not None else ""

            for level in path.levels:
                level_time = _minutes(standing.time_of("level", level.id))
                for step in level.steps:
                    part_times = (*_minutes(standing.time_of("step", step.id)), *level_time)
                    for item in step.items:
                        state = progress.state(item.id)
                        texts = (
                            name, path.id, text(level.title), text(step.title),
                            " ".join(item.tracks), item.id, text(item.title), item.kind or "",
                            state.status, iso(state.started_at) or "", iso(state.done_at) or "",
                            state.note, *_texts(standing, item, state),
                        )  # fmt: skip
                        # Numbers we write need no neutralising: a 10,000-item path saves
                        # 80,000 calls.
                        writer.writerow(
                            [*map(neutralised, texts), *_numbers(standing, item), *part_times]
                        )
    if report.cohort:
        for path in report.paths:
            writer.writerow([])
            for row in _matrix(report, path):
                writer.writerow([neutralised(cell) for cell in row])
    return "\ufeff" + out.getvalue()


def _texts(standing: Standing, item: Item, state: ItemState) -> tuple[str, str]:
    """The item's `depth` and `evidence` cells."""
    evidence = "\n".join(
        f"{proof.kind}: {proof.name} = {proof.value}" if proof.kind == "metric"
        else f"{proof.kind}: {proof.value}"
        for proof in standing.records.evidence.get(item.id, ())
    )  # fmt: skip
    return reading_depth(item, state) or "", evidence


def _numbers(standing: Standing, item: Item) -> tuple[str, ...]:
    """The item's cells from `spent minutes` to `next review`: numbers, and a time or
    `learnt`, none of which a spreadsheet could take for a formula."""
    records = standing.records
    review = records.reviews.get(item.id)
    next_review = "" if review is None else "learnt" if review.due is None else iso(review.due)
    return (
        *_minutes(standing.time_of("item", item.id)),
        str(len(records.ticked(item.id))),
        str(len(item.resources)),
        next_review,
    )


def _minutes(line: TimeLine | None) -> tuple[str, str]:
    """Minutes spent and estimated: 0 spent without a line, no estimate without one."""
    if line is None:
        return "0", ""
    estimated = _number(line.estimated_minutes) if line.estimated_minutes else ""
    return _number(line.spent_minutes), estimated


def _number(value: float, digits: int = 1) -> str:
    """At most `digits` decimals, none for a whole number: 90, 22.5, 0.56."""
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _matrix(report: Report, path: PathDef) -> list[list[str]]:
    def text(value) -> str:
        return pick(value, report.lang, path.lang)

    header = ["learner", "path", "overall %"]
    header += [f"level {text(level.title)} %" for level in path.levels]
    header += [f"track {text(track.title)} %" for track in path.tracks]
    header += ["last activity", "in progress", "spent hours", "estimate hours", "hours a week"]
    header += ["time / estimate", "projected finish", "projected by", "reviews due this week"]
    rows = [header]
    for name in report.learners:
        standing = report.standings[name, path.id]
        outline = standing.outline
        row = [name, path.id, _percent(outline.completion)]
        row += [_percent(outline.levels[level.id]) for level in path.levels]
        row += [_percent(standing.tracks[track.id]) for track in path.tracks]
        row.append(iso(standing.last_activity) or "")
        row.append("; ".join(text(item.title) for item in standing.in_progress))
        row += _summary(standing, path)
        rows.append(row)
    return rows


def _percent(done: Completion) -> str:
    """A number; empty when nothing is left to count (the JSON report says why)."""
    return "" if done.percent is None else f"{done.percent:.1f}".removesuffix(".0")


def _summary(standing: Standing, path: PathDef) -> list[str]:
    figures = standing.figures
    line = standing.time_of("path", path.id)
    finish = figures.projected_finish
    return [
        _number(figures.spent_minutes / 60, 2),
        _number(line.estimated_minutes / 60, 2) if line and line.estimated_minutes else "",
        _number(figures.minutes_per_week / 60, 2),
        "" if figures.estimate_ratio is None else f"{figures.estimate_ratio:.2f}",
        "" if finish is None else finish.isoformat(),
        figures.finish_by if finish is not None else "",
        str(standing.reviews_due),
    ]
