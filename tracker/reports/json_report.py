"""The JSON report: versioned (`report.schema.json` describes it), and for each learner and
path exactly the `tracker show --json` document, plus last activity and items in progress."""

from __future__ import annotations

import json
from typing import Any

from tracker.pathdefs.text import pick
from tracker.reports.gather import Report
from tracker.services.clock import iso
from tracker.services.overview import show_document

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
    }


def json_report(report: Report) -> str:
    return json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n"
