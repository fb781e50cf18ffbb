"""The JSON report: versioned (`report.schema.json` beside this module describes it), and for
each learner and path the `tracker show --json` document, plus last activity, items in
progress, the path's figures (time, pace, projected finish) and reviews due this week; each
item gains what the learner recorded on it (reading depth, evidence, time against its
estimate, resources ticked, next review), each level and step its time against its
estimate; with several learners, a learners × levels and tracks matrix."""

from __future__ import annotations

import json
import re
from typing import Any
from uuid import uuid4

from tracker.pathdefs.text import pick
from tracker.reports.gather import Report, Standing
from tracker.services.clock import iso
from tracker.services.overview import show_document
from tracker.services.records import item_records_json
from tracker.services.standing import Completion
from tracker.services.timelog import TimeLine

FORMAT = "tracker-report"
VERSION = 1


def report_document(report: Report) -> dict[str, Any]:
    learners = []
    for name in report.learners:
        paths = []
        for path in report.paths:
            standing = report.standings[name, path.id]
            document = show_document(standing.outline.progress, report.lang)
            document["last_activity"] = iso(standing.last_activity)
            document["in_progress"] = [item.id for item in standing.in_progress]
            _add_records(document, standing)
            paths.append(document)
        learners.append({"name": name, "paths": paths})
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": iso(report.generated_at),
        "lang": report.lang,
        "paths": [
            {"id": path.id, "title": pick(path.title, report.lang, path.lang)}
            for path in report.paths
        ],
        "learners": learners,
        **({"cohort": _cohort(report)} if report.cohort else {}),
    }


def _add_records(document: dict[str, Any], standing: Standing) -> None:
    """Give the path, its levels, steps and items what the learner recorded, beside the
    fields of `tracker show --json` (named as that command names them)."""
    progress = standing.outline.progress
    path = progress.path
    document.update(_time(standing.time_of("path", path.id)))
    document["figures"] = standing.figures.as_json()
    document["reviews_due_this_week"] = standing.reviews_due
    for level, level_json in zip(path.levels, document["levels"], strict=True):
        level_json.update(_time(standing.time_of("level", level.id)))
        for step, step_json in zip(level.steps, level_json["steps"], strict=True):
            step_json.update(_time(standing.time_of("step", step.id)))
            for item, item_json in zip(step.items, step_json["items"], strict=True):
                item_json.update(
                    item_records_json(
                        item, standing.outline.progress.state(item.id), standing.records
                    )
                )


def _time(line: TimeLine | None) -> dict[str, float]:
    """Minutes spent and estimated (over the items that have an estimate)."""
    if line is None:
        return {"spent_minutes": 0.0, "estimated_minutes": 0.0}
    return {
        "spent_minutes": round(line.spent_minutes, 2),
        "estimated_minutes": round(line.estimated_minutes, 2),
    }


def _cohort(report: Report) -> list[dict[str, Any]]:
    """Per path, the learners × levels and tracks matrix of completion percentages."""
    return [
        {
            "path": path.id,
            "learners": [
                {
                    "name": name,
                    "completion": _percent(standing.outline.completion),
                    "levels": {
                        level.id: _percent(standing.outline.levels[level.id])
                        for level in path.levels
                    },
                    "tracks": {
                        track.id: _percent(standing.tracks[track.id]) for track in path.tracks
                    },
                }
                for name in report.learners
                for standing in [report.standings[name, path.id]]
            ],
        }
        for path in report.paths
    ]


def json_report(report: Report) -> str:
    """The document indented, each item on a line of its own: json's indenting encoder is
    written in Python, its compact one in C, and a 10,000-item path is mostly items (a line
    an item also suits grep and diff)."""
    document = report_document(report)
    token = uuid4().hex  # stands in for an item: no text of the document can hold it
    items: list[str] = []
    for learner in document["learners"]:
        for path in learner["paths"]:
            for level in path["levels"]:
                for step in level["steps"]:
                    for number, item in enumerate(step["items"]):
                        step["items"][number] = f"{token}:{len(items)}"
                        items.append(json.dumps(item, ensure_ascii=False))
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return re.sub(f'"{token}:([0-9]+)"', lambda found: items[int(found[1])], text) + "\n"


def _percent(done: Completion) -> float | None:
    """None when nothing is left to count; the show document beside it says why."""
    return done.as_json()["percent"]  # rounded as everywhere else in the document
