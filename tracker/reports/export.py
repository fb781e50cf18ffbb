"""Exporting a report, as the CLI and the TUI both do it: which learners and paths, which
format, and a file written whole or not at all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy.engine import Engine

from tracker.errors import suggest
from tracker.pathdefs.discover import Library
from tracker.pathdefs.model import PathDef
from tracker.reports.formats import Format
from tracker.reports.gather import Report, gather
from tracker.services.errors import ServiceError
from tracker.services.learners import LearnerInfo, list_learners
from tracker.services.progress import started_paths


def choose_learners(
    engine: Engine, active: LearnerInfo, users: str | Sequence[str] | None
) -> list[LearnerInfo]:
    """`users`: None for the active learner; "all"; names separated by commas (as typed on
    a command line); or a list of names as they are (a name may hold a comma)."""
    if users is None:
        return [active]
    known = {learner.name: learner for learner in list_learners(engine)}
    if isinstance(users, str):
        if users.strip() == "all":
            return list(known.values())
        users = [name.strip() for name in users.split(",")]
    names = list(dict.fromkeys(name for name in users if name))
    missing = [name for name in names if name not in known]
    if missing or not names:
        raise ServiceError(f"no learner {', '.join(map(repr, missing)) or 'chosen'}")
    return [known[name] for name in names]


def choose_paths(
    engine: Engine,
    library: Library,
    learners: Iterable[LearnerInfo],
    path_ids: Iterable[str] = (),
    every_path: bool = False,
) -> list[PathDef]:
    """The paths named; or every loaded path; or, by default, those the learners started."""
    if every_path:
        return list(library.paths.values())
    path_ids = list(dict.fromkeys(path_ids))
    if path_ids:
        unknown = [path_id for path_id in path_ids if path_id not in library.paths]
        if unknown:
            raise ServiceError(f"no path '{unknown[0]}'{suggest(unknown[0], library.paths)}")
        return [library.paths[path_id] for path_id in path_ids]
    started = set().union(*(started_paths(engine, learner.id) for learner in learners))
    paths = [path for path in library.paths.values() if path.id in started]
    if not paths:
        raise ServiceError("no path started yet; name a PATH_ID, or use --all")
    return paths


def report_text(
    chosen: Format, engine: Engine, learners: list[LearnerInfo], paths: list[PathDef], lang: str
) -> str:
    """The report in the chosen format; only HTML, which draws them, reads past activity."""
    return render(chosen, gather(engine, learners, paths, lang, activity=chosen is Format.html))


def render(chosen: Format, report: Report) -> str:
    # Each renderer is imported only when used: jinja2 and markdown-it cost a CSV nothing.
    if chosen is Format.csv:
        from tracker.reports.csv_report import csv_report

        return csv_report(report)
    if chosen is Format.json:
        from tracker.reports.json_report import json_report

        return json_report(report)
    if chosen is Format.html:
        from tracker.reports.html_report import html_report

        return html_report(report)
    from tracker.reports.markdown_report import markdown_report

    return markdown_report(report)


def write_report(output: Path, text: str, force: bool = False) -> None:
    """`output` holds `text` afterwards or is as it was; replaced only with `force`."""
    from tracker.atomic import FileExists, write_atomically

    folder = output.absolute().parent
    if not folder.is_dir():
        raise ServiceError(f"the folder does not exist: {folder}")
    try:
        write_atomically(output, text.encode("utf-8"), replace=force)
    except FileExists:
        raise ServiceError(f"{output} exists; add --force to replace it") from None
    except OSError as exc:
        raise ServiceError(f"cannot write {output}: {exc.strerror or exc}") from None
