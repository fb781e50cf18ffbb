"""The JSON report: versioned (`report.schema.json` beside this module describes it), and for
each learner and path exactly the `tracker show --json` document, plus last activity and
items in progress; with several learners, a learners × levels and tracks matrix."""

from __future__ import annotations

import json
from typing import Any

from tracker.pathdefs.text import pick
from tracker.reports.gather import Report
from tracker.services.clock import iso
from tracker.services.overview import show_document
from tracker.services.standing import Completion

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
    return json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n"


def _percent(done: Completion) -> float:
    return done.as_json()["percent"]  # rounded as everywhere else in the document
