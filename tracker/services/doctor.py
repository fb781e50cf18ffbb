"""`tracker doctor`: what state a database is in, found by reading only.

It never migrates, repairs or deletes: a learner who runs it on a damaged or newer database
must find it as it was, to back it up or to hand it to someone who can help.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from tracker.pathdefs.discover import Library
from tracker.services.standing import current_ids
from tracker.store.engine import StoreError, database_errors, make_engine, sqlite_file
from tracker.store.schema import HEAD, REVISIONS, current_revision

# A row whose learner, or whose event, is gone: foreign keys prevent these, unless the file
# was written with them off (by another tool, or an old sqlite3 shell).
_ORPHANS = {
    "progress rows of no learner": (
        "SELECT count(*) FROM progress WHERE learner_id NOT IN (SELECT id FROM learner)"
    ),
    "events of no learner": (
        "SELECT count(*) FROM event WHERE learner_id NOT IN (SELECT id FROM learner)"
    ),
    "followed-track rows of no learner": (
        "SELECT count(*) FROM unfollowed_track WHERE learner_id NOT IN (SELECT id FROM learner)"
    ),
    **{
        f"{what} of no learner": (
            f"SELECT count(*) FROM {table} WHERE learner_id NOT IN (SELECT id FROM learner)"
        )
        for what, table in (
            ("evidence rows", "evidence"),
            ("time entries", "time_spent"),
            ("review answers", "review_answer"),
            ("resource ticks", "resource_tick"),
        )
    },
    "events undoing or undone by a missing event": (
        "SELECT count(*) FROM event WHERE (undoes IS NOT NULL AND undoes NOT IN"
        " (SELECT id FROM event)) OR (undone_by IS NOT NULL AND undone_by NOT IN"
        " (SELECT id FROM event))"
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    problem: bool
    text: str


def examine(url: str | None, library: Library) -> list[Finding]:
    """Findings about the database at `url`, problems flagged; read-only."""
    file = sqlite_file(url)
    if file is not None and not file.exists():
        return [Finding(False, f"no database yet at {file}: nothing to check")]
    engine = make_engine(url)
    try:
        with database_errors(), engine.connect() as connection:
            return _examine(connection, library, file)
    except StoreError as exc:
        return [Finding(True, f"cannot read the database: {exc}")]
    finally:
        engine.dispose()


def _examine(connection: Connection, library: Library, file: Path | None) -> list[Finding]:
    found = [Finding(False, f"database: {file or connection.engine.url.render_as_string()}")]
    if connection.dialect.name == "sqlite":
        result = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
        if result == ["ok"]:
            found.append(Finding(False, "integrity: ok (quick_check)"))
        else:
            shown = "; ".join(str(line) for line in result[:3])
            found.append(Finding(True, f"integrity: damaged (quick_check: {shown})"))
            return found  # a damaged file's tables cannot be trusted to answer
    revision = current_revision(connection)
    if revision is None:
        found.append(Finding(True, "schema: this is not a tracker database"))
        return found
    if revision == HEAD:
        found.append(Finding(False, f"schema: {revision}, current"))
    elif revision in REVISIONS:
        found.append(Finding(False, f"schema: {revision}; the next command upgrades it to {HEAD}"))
    else:
        found.append(Finding(True, f"schema: {revision}, newer than this tracker ({HEAD})"))
        return found
    for what, query in _ORPHANS.items():
        table = query.split(" FROM ")[1].split()[0]
        if not connection.dialect.has_table(connection, table):
            continue  # a table of a later schema: the upgrade makes it empty
        count = connection.execute(text(query)).scalar_one()
        found.append(Finding(count > 0, f"{what}: {count}"))
    found.append(_unknown_items(connection, library))
    return found


def _unknown_items(connection: Connection, library: Library) -> Finding:
    """Progress on items no loaded path has: kept on purpose (an item may come back, or its
    path is not loaded here), so counted, not a problem."""
    known = {(path.id, stored) for path in library.paths.values() for stored in current_ids(path)}
    rows = connection.execute(text("SELECT path_id, item_id FROM progress")).all()
    unknown = [row for row in rows if (row[0], row[1]) not in known]
    paths = sorted({path_id for path_id, _ in unknown})
    where = f" (paths: {', '.join(paths[:5])}{', ...' if len(paths) > 5 else ''})" if paths else ""
    return Finding(False, f"progress kept for items no loaded path has: {len(unknown)}{where}")
