"""Make tests/data/db/schema-REVISION.db for the schema this tracker writes.

Run it once when a schema revision is released (`.venv/bin/python tests/data/db/make_fixture.py`)
and commit the file: the migration tests upgrade every kept fixture to the newest schema, so a
fixture is never rewritten. Every table gets rows, with Chinese text, an undo and a note.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

from tracker.pathdefs.load import load_path  # noqa: E402
from tracker.services.learners import add_learner, current_learner, use_learner  # noqa: E402
from tracker.services.evidence import Proof  # noqa: E402
from tracker.services.progress import mark, path_progress, set_followed, set_note, undo  # noqa: E402
from tracker.services.reviews import answer_review, set_review_days  # noqa: E402
from tracker.services.ticks import tick  # noqa: E402
from tracker.services.timelog import log_time  # noqa: E402
from tracker.store.engine import make_engine  # noqa: E402
from tracker.store.schema import HEAD, ensure_schema  # noqa: E402


def main() -> None:
    target = Path(__file__).parent / f"schema-{HEAD}.db"
    if target.exists():
        sys.exit(f"{target} exists: a released schema's fixture is never rewritten")
    engine = make_engine(f"sqlite:///{target}")
    ensure_schema(engine)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    path = load_path(REPO / "paths" / "dl-learning-path.yaml")
    ada = add_learner(engine, "ada", now=start)
    add_learner(engine, "李雷", now=start)
    use_learner(engine, "ada")
    items = [item.id for level in path.levels for step in level.steps for item in step.items]
    for day, item in enumerate(items[:6]):
        mark(engine, ada.id, path, [item], "done", now=start + timedelta(days=day))
    mark(engine, ada.id, path, items[6:8], "doing", now=start + timedelta(days=7))
    set_note(engine, ada.id, path, items[0], "先学微积分 (calculus first)", now=start)
    mark(engine, ada.id, path, [items[8]], "skipped", now=start + timedelta(days=8))
    undo(engine, ada.id, now=start + timedelta(days=8, hours=1))
    set_followed(engine, ada.id, path, [path.tracks[-1].id], followed=False)
    # Since schema 0002: evidence, time spent, a paper's depth, resource ticks, reviews.
    evidence = [Proof("link", "https://github.com/ada/mnist"), Proof("metric", "0.91", "准确率")]
    mark(engine, ada.id, path, [items[5]], "done", now=start + timedelta(days=9), evidence=evidence)
    log_time(engine, ada.id, path, items[0], 5400, now=start + timedelta(days=1))
    log_time(engine, ada.id, path, items[0], -600, now=start + timedelta(days=2))
    first = next(item for item in path.items() if item.resources)
    tick(engine, ada.id, path, first, first.resources[:1], now=start + timedelta(days=3))
    set_review_days(engine, ada.id, (2, 10, 40))
    progress = path_progress(engine, ada.id, path)
    answer_review(engine, ada.id, progress, items[0], True, now=start + timedelta(days=3))
    answer_review(engine, ada.id, progress, items[1], False, now=start + timedelta(days=4))
    papers = load_path(REPO / "paths" / "dl-papers.yaml")
    paper = next(item.id for item in papers.items() if item.kind == "paper")
    mark(engine, ada.id, papers, [paper], "done", now=start, depth="implemented")
    print(f"wrote {target} for learner {current_learner(engine).name}")


if __name__ == "__main__":
    main()
