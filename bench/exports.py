"""Export benchmarks: a report of the 10,000-item path in each format.

The figure with a target is the export itself, as `tracker export` does it once its
process has started: read the learner's standing (and, for HTML, their activity), render,
write the file atomically; for a learner a third of the way through the path, who got
there over six months (doing, then done an hour later, a few dozen items a day; a note on
every tenth).
The same export after bulk marks of the whole path (every item done, doing, todo: one
event per item each, which the HTML's charts read) and the whole `tracker export`
process, start-up included, are printed beside it, with no target.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from datetime import timedelta
from pathlib import Path

ROUNDS = 5
TARGET = 1.0  # seconds, per format
DAYS = 180


def export_benchmarks(
    table, folder: Path, bulk_database: Path, path_file: Path, env: dict, tracker: str
) -> None:
    """Called by bench/run.py with its Table, scratch folder, the database its marks
    benchmark filled (`bulk_database`), the big path's file, env and tracker."""
    from bench.run import absolute
    from tracker.pathdefs.load import load_path
    from tracker.reports.formats import Format
    from tracker.store.engine import make_engine
    from tracker.store.schema import ensure_schema

    path = load_path(path_file)
    database = folder / "export.db"
    engine = make_engine(f"sqlite:///{database}")
    ensure_schema(engine)
    events = _six_months_of_study(engine, path)
    bulk = make_engine(f"sqlite:///{bulk_database}")
    process_env = {**env, "TRACKER_PATHS": str(path_file.parent)}
    print(f"  (a third of the path done over {DAYS} days: {events:,} events)")
    for chosen in Format:
        target = folder / f"big-report.{chosen.value}"
        median = _export_time(engine, path, chosen, target)
        size = target.stat().st_size / 2**20
        absolute(table, f"export {chosen.value} ({size:.1f} MiB), 10,000-item path", median, TARGET)
        after_bulk = _export_time(bulk, path, chosen, target)
        absolute(table, "  same, after bulk marks of the whole path", after_bulk, None)
        command = [tracker, "export", path.id, "-f", chosen.value, "-o", str(target), "--force"]
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                command, env={**process_env, "TRACKER_DB": f"sqlite:///{database}"},
                check=True, capture_output=True,
            )  # fmt: skip
            runs.append(time.perf_counter() - start)
        absolute(table, "  same, as a whole tracker process", statistics.median(runs), None)


def _export_time(engine, path, chosen, target: Path) -> float:
    from tracker.reports.export import report_text, write_report
    from tracker.services.learners import current_learner

    learner = current_learner(engine)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        write_report(target, report_text(chosen, engine, [learner], [path], "en"), force=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _six_months_of_study(engine, path) -> int:
    """Marks a third of the path doing, then done an hour later, day by day over DAYS days
    up to today, with a note on every tenth; returns the number of events."""
    from tracker.services.clock import utc_now
    from tracker.services.learners import current_learner
    from tracker.services.progress import mark, set_note

    learner = current_learner(engine)
    ids = [item.id for item in path.items()][: path.item_count() // 3]
    per_day = -(-len(ids) // DAYS)
    start = utc_now() - timedelta(days=DAYS)
    events = 0
    for day in range(DAYS):
        chunk = ids[day * per_day : (day + 1) * per_day]
        morning = start + timedelta(days=day)
        # A day's items together: one mark per item would cost the setup ten minutes.
        events += len(mark(engine, learner.id, path, chunk, "doing", now=morning))
        done_at = morning + timedelta(hours=1)
        events += len(mark(engine, learner.id, path, chunk, "done", now=done_at))
    for item_id in ids[::10]:
        set_note(
            engine, learner.id, path, item_id, f"See **[my notes](https://example.org/{item_id})**."
        )
        events += 1
    return events
