"""What differs on PostgreSQL: its URLs, its errors, its row locks, and first runs at once."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.conftest import REPO, environment
from tests.patience import HANG_SECONDS
from tracker.services.learners import current_learner, list_learners
from tracker.services.progress import mark, path_progress
from tracker.store import engine as engine_module
from tracker.store.engine import StoreError, make_engine, reading
from tracker.store.schema import HEAD, current_revision


def test_any_postgresql_url_uses_psycopg_3():
    for url in ("postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg2://u@h/db"):
        assert make_engine(url).url.drivername == "postgresql+psycopg"


def test_other_databases_are_refused_in_one_line():
    with pytest.raises(StoreError, match=r"^tracker stores progress in SQLite or PostgreSQL, not"):
        make_engine("mysql://u@h/db")


def test_an_unreachable_server_is_one_line(cli, unused_port):
    result = cli("--db", f"postgresql://nobody@127.0.0.1:{unused_port}/x", "done", "dl-guide/x")
    assert result.status == 1
    assert result.err.startswith("tracker: error: database error: connection failed")
    assert result.err.count("\n") == 1


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def postgresql_url(postgres_server):
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


def test_a_writer_waiting_on_a_learners_row_lock_says_busy(postgresql_url, monkeypatch, path):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    engine = make_engine(postgresql_url)
    from tracker.store.schema import ensure_schema

    ensure_schema(engine)
    learner = current_learner(engine)
    holder = engine.connect()
    transaction = holder.begin()
    holder.exec_driver_sql(f"SELECT id FROM learner WHERE id = {learner.id} FOR UPDATE")
    try:
        with pytest.raises(StoreError, match=r"^database busy; nothing changed$"):
            mark(make_engine(postgresql_url), learner.id, path, ["a"], "done")
    finally:
        transaction.rollback()
        holder.close()
    assert path_progress(engine, learner.id, path).states == {}
    engine.dispose()


def test_a_mark_waits_for_another_writer_of_the_same_learner(postgresql_url, path):
    """The row lock makes the second writer read what the first one committed."""
    engine = make_engine(postgresql_url)
    from tracker.store.schema import ensure_schema

    ensure_schema(engine)
    learner = current_learner(engine)
    holder = engine.connect()
    transaction = holder.begin()
    holder.exec_driver_sql(f"SELECT id FROM learner WHERE id = {learner.id} FOR UPDATE")
    holder.exec_driver_sql(
        "INSERT INTO progress (learner_id, path_id, item_id, status, note, updated_at) "
        f"VALUES ({learner.id}, 'demo', 'a', 'doing', '', now())"
    )
    changes = []
    writer = threading.Thread(
        target=lambda: changes.extend(mark(engine, learner.id, path, ["a"], "done"))
    )
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # waiting on the lock, not acting on what it saw before
    transaction.commit()
    holder.close()
    writer.join(10)
    assert [(c.item_id, c.from_status, c.to_status) for c in changes] == [("a", "doing", "done")]
    engine.dispose()


FIRST_RUN = """
import sys
from tracker.services.learners import current_learner
from tracker.store.engine import make_engine
from tracker.store.schema import ensure_schema
engine = make_engine(sys.argv[1])
ensure_schema(engine)
print(current_learner(engine).name)
"""


def test_first_runs_at_once_make_the_schema_and_one_learner(database_url):
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", FIRST_RUN, database_url],
            cwd=REPO,
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    names = set()
    for run in runs:
        out, err = run.communicate(timeout=HANG_SECONDS)
        assert run.returncode == 0, err.decode()
        names.add(out.decode().strip())
    engine = make_engine(database_url)
    assert len(names) == 1
    assert [learner.name for learner in list_learners(engine)] == list(names)
    with reading(engine) as session:
        assert current_revision(session.connection()) == HEAD
    engine.dispose()


def test_doctor_reads_a_postgresql_database_and_hides_its_password(cli, postgresql_url):
    url = postgresql_url.replace("tracker@", "tracker:s3cret@")  # trust auth ignores it
    assert cli("--db", url, "done", "dl-guide/small-datasets").status == 0
    result = cli("--db", url, "doctor")
    assert result.status == 0, result
    assert f"schema: {HEAD}, current" in result.out
    assert "events of no learner: 0" in result.out
    assert "s3cret" not in result.out
