"""Crash safety on SQLite: processes killed with SIGKILL at random moments, many times over.

A writer's every acknowledged mark (printed once its transaction committed) is in the
database afterwards, the log agrees with the progress rows, and `PRAGMA integrity_check`
says ok. An export or a restore killed midway leaves the old file or database, or the
complete new one, never something in between.

The random moments come from a seed that every failure message shows; CRASH_SEED=N
replays them (as far as the timing of processes can be replayed).
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bench.bigpath import big_path_text, write_big_path
from tests.conftest import REPO, environment
from tests.patience import HANG_SECONDS
from tests.services.conftest import PATH as PATH_TEXT
from tracker.pathdefs.load import load_path, parse_path
from tracker.services.backup import read_backup
from tracker.services.learners import add_learner, current_learner
from tracker.services.progress import mark, path_progress, set_note
from tracker.store.engine import make_engine, reading
from tracker.store.models import Event, Progress
from tracker.store.schema import ensure_schema

pytestmark = pytest.mark.slow

KILLED = -signal.SIGKILL
TRACKER = [sys.executable, "-m", "tracker"]


def new_seed() -> int:
    return int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(2**32))


def integrity(file: Path) -> str:
    with closing(sqlite3.connect(file)) as connection:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def start(command: list[str], **options) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=REPO, env=environment(), **options)


def kill(process: subprocess.Popen) -> str:
    """SIGKILL (unless it has ended already), then its stderr; whether it had ended shows in
    its return code."""
    process.kill()  # Popen does not signal a process it has already reaped
    _, err = process.communicate(timeout=HANG_SECONDS)
    return err.decode(errors="replace") if isinstance(err, bytes) else err or ""


# Marks: a writer killed 25 times on the same database

# Each mark moves one item to the status after its current one, so each makes exactly one
# event, and the event (item, status, time) names the mark. A writer starts from what the
# database holds, so a mark committed but never acknowledged before a kill is fine.
#
# Starting Python and importing SQLAlchemy costs seconds on a busy machine, 25 times over;
# so one process imports once and forks a fresh writer per line it reads. The writer opens
# the database itself, after the fork: it finds the file exactly as the last kill left it.
WRITERS = """
import os, sys, traceback
from tracker.pathdefs.load import parse_path
from tracker.services.learners import current_learner
from tracker.services.progress import mark, path_progress
from tracker.store.engine import make_engine
from tests.services.conftest import PATH

NEXT = {"todo": "doing", "doing": "done", "done": "skipped", "skipped": "todo"}
path = parse_path(PATH.encode(), "demo.yaml").path
items = [item.id for item in path.items()]


def say(line):
    os.write(1, f"{line}\\n".encode())  # one write, so a kill never cuts a line short


def write():
    say(f"started {os.getpid()}")
    engine = make_engine(sys.argv[1])
    learner = current_learner(engine)
    progress = path_progress(engine, learner.id, path)
    status = {item: progress.state(item).status for item in items}
    number = 0
    while True:
        item = items[number % len(items)]
        (change,) = mark(engine, learner.id, path, [item], NEXT[status[item]])
        status[item] = change.to_status
        say(f"mark {item} {change.to_status} {change.at.isoformat()}")  # committed
        number += 1


for _ in sys.stdin:
    child = os.fork()
    if child == 0:
        try:
            write()
        finally:  # never back into this loop; a writer's failure says why
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
    _, status = os.waitpid(child, 0)
    say(f"ended {os.waitstatus_to_exitcode(status)}")
"""

KILLS = 25
ACK = re.compile(r"mark (\S+) (\S+) (\S+)\n")
Mark = tuple[str, str, datetime]


def utc(moment: datetime) -> datetime:
    """A stored time as a naive UTC one, however the driver gives it back."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


class Writers:
    """The forking process, and its output line by line."""

    def __init__(self, url: str):
        self.process = start(
            [sys.executable, "-c", WRITERS, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")  # the end

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=HANG_SECONDS)
        except queue.Empty:
            line = ""
        if not line:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"the writers' process ended or hung:\n{self.process.stderr.read()}")
        return line

    def run(self, delay: float) -> tuple[list[Mark], int]:
        """Start a writer, SIGKILL it `delay` seconds after its first acknowledgement;
        returns the marks it acknowledged and how it ended."""
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        line = self.next_line()
        assert line.startswith("started "), line
        pid = int(line.split()[1])
        marks = []
        line = self.next_line()
        if line.startswith("mark "):
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)  # not reaped yet: the forking process waits for it
        while not line.startswith("ended "):
            # Every line in the pipe was written after its commit, so it counts even when
            # read after the kill.
            acknowledged = ACK.fullmatch(line)
            assert acknowledged, f"not an acknowledgement: {line!r}"
            item, status, at = acknowledged.groups()
            marks.append((item, status, utc(datetime.fromisoformat(at))))
            line = self.next_line()
        return marks, int(line.split()[1])

    def close(self) -> str:
        self.process.stdin.close()
        self.process.wait(timeout=HANG_SECONDS)
        return self.process.stderr.read()


def test_a_writer_killed_at_random_moments_loses_no_acknowledged_mark(tmp_path, write_path):
    """Each writer continues on the database the last kill left; a mark takes a couple of
    milliseconds, nearly all of it in its write transaction, so most kills land in one."""
    seed = new_seed()
    chance = random.Random(seed)
    database = tmp_path / "progress.db"
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    ensure_schema(engine)
    learner = current_learner(engine)
    engine.dispose()

    acknowledged: list[Mark] = []
    unacknowledged_commits = 0  # kills that landed between a commit and its acknowledgement
    writers = Writers(url)
    for kill_number in range(1, KILLS + 1):
        delay = chance.uniform(0.05, 0.6)
        marks, status = writers.run(delay)
        where = f"seed {seed}, kill {kill_number} after {delay:.3f} s"
        assert status == KILLED, (
            f"{where}: the writer ended by itself ({status}):\n{writers.close()}"
        )
        assert marks, f"{where}: the writer acknowledged no mark"
        acknowledged += marks
        # Counted before the next writer adds its own: at most one per kill. Read-only, so
        # that the next writer, not this check, finds the WAL the kill left.
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            stored = connection.execute("SELECT count(*) FROM event").fetchone()[0]
        extra = stored - len(acknowledged) - unacknowledged_commits
        assert extra in (0, 1), (
            f"{where}: {stored} events in the database for {len(acknowledged)} acknowledged "
            f"marks and {unacknowledged_commits} commits that kills kept from being acknowledged"
        )
        unacknowledged_commits += extra
    writers.close()

    assert integrity(database) == "ok", f"seed {seed}: integrity check after {KILLS} kills"
    engine = make_engine(url)
    with reading(engine) as session:
        events = session.execute(
            select(Event.item_id, Event.from_status, Event.to_status, Event.at).order_by(Event.id)
        ).all()
        rows = session.execute(select(Progress.item_id, Progress.status)).all()
    stored = {(item, status, utc(at)) for item, _, status, at in events}
    lost = [acked for acked in acknowledged if acked not in stored]
    assert not lost, (
        f"seed {seed}: {len(lost)} of {len(acknowledged)} acknowledged marks are not in the "
        f"database after {KILLS} kills, the first: {lost[:3]}"
    )
    assert len(events) == len(acknowledged) + unacknowledged_commits
    # The log and the progress rows must tell the same story: a kill must never leave one
    # transaction half written (an event without its row change, or the reverse).
    last: dict[str, str] = {}
    for number, (item, before, after, _) in enumerate(events, 1):
        assert before == last.get(item, "todo"), (
            f"seed {seed}: event {number} moves {item} from {before}, but the one before left it "
            f"{last.get(item, 'todo')}: a transaction was written in part"
        )
        last[item] = after
    assert dict(rows) == last, f"seed {seed}: progress rows disagree with the log"

    # Still a working database: a new mark commits on top of it, and doctor finds nothing.
    path = parse_path(PATH_TEXT.encode(), "demo.yaml").path
    before = path_progress(engine, learner.id, path).state("a").status
    after = "done" if before != "done" else "doing"
    assert len(mark(engine, learner.id, path, ["a"], after)) == 1
    assert path_progress(engine, learner.id, path).state("a").status == after
    engine.dispose()
    folder = write_path("demo.yaml", folder=tmp_path / "paths", text=PATH_TEXT).parent
    doctor = subprocess.run(
        [*TRACKER, "--db", url, "--paths", str(folder), "doctor"],
        cwd=REPO, env=environment(), capture_output=True, text=True,
    )  # fmt: skip
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert integrity(database) == "ok"
    print(
        f"\nmarks: {KILLS} kills survived (seed {seed}); {len(acknowledged)} acknowledged marks "
        f"all found; {unacknowledged_commits} kills landed between a commit and its "
        "acknowledgement (committed, never printed)"
    )


# Export: a large report replaced by a process killed midway

EXPORT_ITEMS = 3_000  # about a second of export
EXPORT_KILLS = 12
OLD_REPORT = b"the report before this export\n"
TEMPORARY = re.compile(r"\.report\.json\.\w+\.tmp")  # how tracker.atomic names its files


def comparable(data: bytes) -> dict:
    """A JSON report without the moment it was made, the one thing two exports differ in."""
    document = json.loads(data)
    del document["generated_at"]
    return document


def folder_state(folder: Path) -> set[tuple] | None:
    """The folder's files with their size, time and inode (None: one went meanwhile)."""
    try:
        return {
            (e.name, e.stat().st_size, e.stat().st_mtime_ns, e.inode()) for e in os.scandir(folder)
        }
    except FileNotFoundError:
        return None


def wait_until(process: subprocess.Popen, condition) -> None:
    """Until `condition()` holds or the process has ended."""
    deadline = time.monotonic() + HANG_SECONDS
    while process.poll() is None and not condition():
        assert time.monotonic() < deadline, "waited in vain: hung?"
        time.sleep(0.0005)


def test_an_export_killed_midway_leaves_the_old_file_or_the_whole_new_one(tmp_path):
    seed = new_seed()
    chance = random.Random(seed)
    paths = tmp_path / "paths"
    paths.mkdir()
    path = load_path(write_big_path(paths, EXPORT_ITEMS))
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    learner = current_learner(engine)
    items = [item.id for item in path.items()]
    mark(engine, learner.id, path, items[:1500], "done")
    mark(engine, learner.id, path, items[1500:2000], "doing")
    for item in items[:2000:100]:
        set_note(engine, learner.id, path, item, f"a note on {item}")
    engine.dispose()
    folder = tmp_path / "out"  # of its own, so that a leftover temporary file shows
    folder.mkdir()
    report = folder / "report.json"
    command = [*TRACKER, "--db", url, "--paths", str(paths), "export", path.id]
    command += ["--format", "json", "-o", str(report), "--force"]
    # Twice undisturbed: the first fills the cache of parsed paths, the second is the
    # reference, and how long an export takes.
    for _ in range(2):
        began = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=environment(), check=True, capture_output=True)
        took = time.perf_counter() - began
    reference = comparable(report.read_bytes())
    assert "a note on item-1900" in report.read_text(encoding="utf-8")

    outcomes: Counter[tuple[str, str]] = Counter()
    for round_ in range(1, EXPORT_KILLS + 1):
        report.write_bytes(OLD_REPORT)
        before = folder_state(folder)
        export = start(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Every other kill is aimed at the tens of milliseconds in which the new report is
        # written (a new file beside the old one, or the old one changing: however it is
        # done); the others fall anywhere, some after the end.
        aimed = round_ % 2 == 0
        if aimed:
            wait_until(export, lambda known=before: folder_state(folder) != known)
            delay = chance.uniform(0, 0.02)
        else:
            delay = chance.uniform(0, 1.3 * took)
        time.sleep(delay)
        err = kill(export)
        where = f"seed {seed}, kill {round_}{' aimed at the write' if aimed else ''} +{delay:.3f} s"
        assert export.returncode in (KILLED, 0), f"{where}: the export failed:\n{err}"
        data = report.read_bytes()
        if data == OLD_REPORT:
            outcome = "old file"
            assert export.returncode == KILLED, f"{where}: the export ended, the file is old"
        else:
            try:
                document = comparable(data)
            except (ValueError, KeyError) as exc:
                pytest.fail(f"{where}: neither the old file nor a whole report: {exc}")
            assert document == reference, f"{where}: the new report differs from the reference"
            outcome = "new report"
        landed = "before the end" if export.returncode == KILLED else "after the end"
        outcomes[landed, outcome] += 1

    # A killed export may leave its temporary file; it must at least say what it is.
    leftovers = sorted(set(os.listdir(folder)) - {report.name})
    assert all(TEMPORARY.fullmatch(name) for name in leftovers), leftovers
    shown = ", ".join(f"{n} {when} left the {what}" for (when, what), n in outcomes.items())
    print(
        f"\nexport: {EXPORT_KILLS} kills (seed {seed}, an export takes {took:.2f} s): {shown}; "
        f"temporary files left: {len(leftovers)} {leftovers[:2]}"
    )


# Restore: a large backup merged by a process killed midway

RESTORE_LEARNERS = 6
RESTORE_ITEMS = 800
RESTORE_KILLS = 12
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def backup_event(change: str, item: str, at: datetime, moves: str, **more) -> dict:
    """An event of the backup; `moves` is "FROM TO" statuses, `more` sets other fields."""
    before, after = moves.split()
    return {
        "change": change, "path_id": "big", "item_id": item, "at": iso(at),
        "from_status": before, "to_status": after, "from_note": "", "to_note": "",
        "from_started_at": None, "from_done_at": None, "undoes": None, **more,
    }  # fmt: skip


def write_backup_file(file: Path) -> None:
    """A large backup in tracker's format (tracker/services/backup.py): learners who started
    RESTORE_ITEMS items in bulk, with a note on every tenth, finished half of them an hour
    later, one by one, and undid the last of those. Written directly: making it through the
    services would take longer than the test."""
    learners = []
    for number in range(RESTORE_LEARNERS):
        name = f"learner-{number}"
        began = T0 + timedelta(hours=2, minutes=number)
        progress, starts, ends = {}, [], []
        for index in range(RESTORE_ITEMS):
            item, started = f"item-{index}", began + timedelta(seconds=index)
            note = f"note {number}-{index}" if index % 10 == 0 else ""
            done = started + timedelta(hours=1) if index % 2 == 0 else None
            change = f"{name}-start-{index // 50}"
            starts.append(backup_event(change, item, started, "todo doing", to_note=note))
            if done:
                ends.append(
                    backup_event(
                        f"{name}-end-{index}", item, done, "doing done",
                        from_note=note, to_note=note, from_started_at=iso(started),
                    )
                )  # fmt: skip
            progress[item] = {
                "path_id": "big", "item_id": item, "status": "done" if done else "doing",
                "started_at": iso(started), "done_at": iso(done), "note": note,
                "updated_at": iso(done or started),
            }  # fmt: skip
        events = starts + ends
        last = events[-1]
        undone_at = datetime.fromisoformat(last["at"]) + timedelta(minutes=5)
        events.append(
            backup_event(
                f"{name}-undo", last["item_id"], undone_at, "done doing",
                from_note=last["to_note"], to_note=last["to_note"],
                from_started_at=last["from_started_at"], from_done_at=last["at"],
                undoes=len(events) - 1,
            )
        )  # fmt: skip
        progress[last["item_id"]].update(status="doing", done_at=None, updated_at=iso(undone_at))
        learners.append({
            "name": name, "created_at": iso(T0), "progress": list(progress.values()),
            "unfollowed": [{"path_id": "big", "track_id": "nlp"}], "events": events,
        })  # fmt: skip
    document = {
        "format": "tracker-backup", "version": 1, "created_at": iso(T0 + timedelta(days=1)),
        "settings": {"active_learner": "learner-0"}, "learners": learners,
    }  # fmt: skip
    file.write_text(json.dumps(document, indent=1), encoding="utf-8")
    read_backup(file)  # a valid backup, or the test would test nothing


def target_database(file: Path) -> None:
    """The database restored into: a learner the backup has too, whose later marks the
    merge must move after the backup's (deleted and written again, inside its transaction),
    and one it lacks."""
    engine = make_engine(f"sqlite:///{file}")
    ensure_schema(engine)
    path = parse_path(big_path_text(200).encode(), "big.yaml").path
    items = [item.id for item in path.items()]
    shared, own = add_learner(engine, "learner-0"), add_learner(engine, "zoe")
    mark(engine, shared.id, path, items[:100], "doing", now=T0 + timedelta(hours=1))
    mark(engine, shared.id, path, items[:50], "done", now=T0 + timedelta(hours=5))
    set_note(engine, shared.id, path, items[7], "mine", now=T0 + timedelta(hours=6))
    mark(engine, own.id, path, items, "done", now=T0)
    engine.dispose()
    with closing(sqlite3.connect(file)) as connection:  # the whole database in its main file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def database_state(file: Path) -> tuple[dict[str, int], str]:
    """Rows per table and a digest of every row, read as tracker opens the database (so
    that it, not this check, recovers what a kill left)."""
    engine = make_engine(f"sqlite:///{file}")
    counts, digest = {}, hashlib.sha256()
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        for table in list(tables):
            rows = sorted(map(repr, connection.execute(text(f'SELECT * FROM "{table}"'))))
            counts[table] = len(rows)
            digest.update(f"{table}\n{''.join(rows)}".encode())
    engine.dispose()
    return counts, digest.hexdigest()


def put_back(old: Path, database: Path) -> None:
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(old, database)


def test_a_restore_killed_midway_leaves_the_old_database_or_the_whole_restored_one(tmp_path):
    seed = new_seed()
    chance = random.Random(seed)
    backup = tmp_path / "backup.json"
    write_backup_file(backup)
    old = tmp_path / "old.db"
    target_database(old)
    database = tmp_path / "progress.db"
    wal = database.with_name(database.name + "-wal")
    command = [*TRACKER, "--db", f"sqlite:///{database}", "restore", str(backup)]

    # Undisturbed: the restored database, and when the restore opens it (once the backup
    # is read and checked) and ends.
    put_back(old, database)
    began = time.perf_counter()
    restore = start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(restore, wal.exists)
    opened = time.perf_counter() - began
    out, err = restore.communicate(timeout=HANG_SECONDS)
    took = time.perf_counter() - began
    assert restore.returncode == 0, err
    assert out.startswith("restored "), out
    states = {"old": database_state(old), "restored": database_state(database)}
    assert states["old"][1] != states["restored"][1]
    assert integrity(database) == "ok"

    outcomes: Counter[str] = Counter()
    for round_ in range(1, RESTORE_KILLS + 1):
        put_back(old, database)
        restore = start(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # A third of the kills fall anywhere; a third once the restore has opened the
        # database, in its write transaction (BEGIN IMMEDIATE comes right after) or later;
        # a third once the commit has begun writing to the WAL, which takes some 30 ms.
        aim = round_ % 3
        if aim == 0:
            delay = chance.uniform(0, 1.3 * took)
        elif aim == 1:
            wait_until(restore, wal.exists)
            delay = chance.uniform(0, 1.5 * (took - opened))
        else:
            wait_until(restore, lambda: wal.exists() and wal.stat().st_size > 0)
            delay = chance.uniform(0, 0.04)
        time.sleep(delay)
        in_wal = wal.stat().st_size if wal.exists() else None
        err = kill(restore)
        aimed = ("", " after the opening", " after the commit began")[aim]
        where = f"seed {seed}, kill {round_}{aimed} +{delay:.3f} s"
        assert restore.returncode in (KILLED, 0), f"{where}: the restore failed:\n{err}"
        state = database_state(database)
        assert state in states.values(), (
            f"{where}: the database is neither the old one nor the restored one; rows: "
            f"{state[0]}, old: {states['old'][0]}, restored: {states['restored'][0]}"
        )
        assert integrity(database) == "ok", where
        if restore.returncode == 0:
            outcomes["after the end: restored"] += 1
        elif state == states["restored"]:
            outcomes["after the commit: restored"] += 1
        elif in_wal is None:
            outcomes["before opening the database: old"] += 1
        elif in_wal:
            outcomes["with part of the transaction in the WAL: old"] += 1
        else:
            outcomes["with the database open, before the commit: old"] += 1
    shown = ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
    print(
        f"\nrestore: {RESTORE_KILLS} kills (seed {seed}; the database opened at {opened:.2f} s "
        f"of {took:.2f} s; rows {states['restored'][0]}): {shown}"
    )
