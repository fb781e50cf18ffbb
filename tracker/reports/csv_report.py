"""The CSV report: one row per item and learner, for spreadsheets. With several learners,
an empty row and then, per path, a learners × levels and tracks completion matrix follow
(percentages as numbers), with each learner's last activity and items in progress.

UTF-8 with a byte-order mark (so that spreadsheet programs read Chinese right), RFC 4180
quoting and line ends, and cells that a spreadsheet would run as a formula neutralised.
"""

from __future__ import annotations

import csv
import io

from tracker.pathdefs.model import PathDef
from tracker.pathdefs.text import pick
from tracker.reports.gather import Report
from tracker.services.clock import iso
from tracker.services.standing import Completion

COLUMNS = (
    "learner", "path", "level", "step", "tracks", "item id", "title", "kind", "status",
    "started", "done", "note",
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
            progress = report.standings[name, path.id].outline.progress

            def text(value, path=path) -> str:
                return pick(value, report.lang, path.lang) if value is not None else ""

            for level in path.levels:
                for step in level.steps:
                    for item in step.items:
                        state = progress.state(item.id)
                        row = (
                            name, path.id, text(level.title), text(step.title),
                            " ".join(item.tracks), item.id, text(item.title), item.kind or "",
                            state.status, iso(state.started_at) or "", iso(state.done_at) or "",
                            state.note,
                        )  # fmt: skip
                        writer.writerow([neutralised(cell) for cell in row])
    if report.cohort:
        for path in report.paths:
            writer.writerow([])
            for row in _matrix(report, path):
                writer.writerow([neutralised(cell) for cell in row])
    return "\ufeff" + out.getvalue()


def _matrix(report: Report, path: PathDef) -> list[list[str]]:
    def text(value) -> str:
        return pick(value, report.lang, path.lang)

    header = ["learner", "path", "overall %"]
    header += [f"level {text(level.title)} %" for level in path.levels]
    header += [f"track {text(track.title)} %" for track in path.tracks]
    rows = [[*header, "last activity", "in progress"]]
    for name in report.learners:
        standing = report.standings[name, path.id]
        outline = standing.outline
        row = [name, path.id, _percent(outline.completion)]
        row += [_percent(outline.levels[level.id]) for level in path.levels]
        row += [_percent(standing.tracks[track.id]) for track in path.tracks]
        row.append(iso(standing.last_activity) or "")
        row.append("; ".join(text(item.title) for item in standing.in_progress))
        rows.append(row)
    return rows


def _percent(done: Completion) -> str:
    return f"{done.percent:.1f}".removesuffix(".0")
