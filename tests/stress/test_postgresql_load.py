"""A class on one PostgreSQL database: 200 learners, 8 writer processes of 1,000 marks each,
several writers on the same learners at once; nothing may be lost."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import defaultdict

import pytest
from sqlalchemy import text

from tests.conftest import REPO, environment
from tracker.services.learners import add_learner
from tracker.store.engine import make_engine
from tracker.store.schema import ensure_schema

LEARNERS = 200
WRITERS = 8
MARKS = 1_000

# Each writer walks the learners in its own order, so that writers meet on the same learner
# and the same items; it prints how many events its marks made, once they are committed.
WRITER = """
import random, sys
from tracker.pathdefs.load import parse_path
from tracker.services.learners import list_learners
from tracker.services.progress import mark
from tracker.store.engine import make_engine
from tests.services.conftest import PATH
url, seed, marks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
engine = make_engine(url)
path = parse_path(PATH.encode(), "demo.yaml").path
learners = [learner.id for learner in list_learners(engine)]
chance = random.Random(seed)
changes = 0
for _ in range(marks):
    learner = chance.choice(learners[:20]) if chance.random() < 0.5 else chance.choice(learners)
    items = chance.sample(["a", "b", "c", "d", "e"], chance.randint(1, 2))
    changes += len(mark(engine, learner, path, items, chance.choice(["doing", "done", "todo"])))
print(changes)
"""


@pytest.mark.slow
def test_a_class_of_200_writing_through_8_processes_loses_nothing(postgres_server):
    url = postgres_server.new_database()
    engine = make_engine(url)
    ensure_schema(engine)
    for n in range(LEARNERS):
        add_learner(engine, f"learner-{n:03}")
    started = time.perf_counter()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(seed), str(MARKS)],
            cwd=REPO,
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for seed in range(WRITERS)
    ]
    reported = 0
    for writer in writers:
        out, err = writer.communicate(timeout=900)
        assert writer.returncode == 0, err.decode()
        reported += int(out)
    elapsed = time.perf_counter() - started

    with engine.connect() as connection:
        events = connection.execute(
            text("SELECT learner_id, item_id, from_status, to_status FROM event ORDER BY id")
        ).all()
        final = dict(
            connection.execute(
                text("SELECT learner_id || '/' || item_id, status FROM progress")
            ).all()
        )
    assert len(events) == reported  # every committed change has its event, and no more
    last: dict[str, str] = defaultdict(lambda: "todo")
    for learner_id, item_id, before, after in events:
        key = f"{learner_id}/{item_id}"
        assert before == last[key], f"lost update on {key}: {before} after {last[key]}"
        last[key] = after
    assert final == dict(last)
    touched = len({learner_id for learner_id, *_ in events})
    print(
        f"\nPostgreSQL: {WRITERS} writers x {MARKS} marks on {LEARNERS} learners "
        f"({touched} touched): {len(events)} events in {elapsed:.1f} s, "
        f"{WRITERS * MARKS / elapsed:.0f} marks/s"
    )
    engine.dispose()
    postgres_server.drop_database(url)
