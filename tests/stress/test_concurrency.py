"""Four CLI processes (500 marks each, some on the same items) and a running TUI write to one
SQLite file at once: no command fails with 'database is locked', no update is lost, the event
log has every change, and the TUI shows the final state."""

from __future__ import annotations

import asyncio
import itertools
import random
import subprocess
import sys
import time
from collections import defaultdict

import pytest
from sqlalchemy import text

from tests.conftest import REPO, environment
from tests.patience import HANG_SECONDS
from tests.tui.conftest import SIZE, poll, settle
from tracker.settings import Settings

WRITERS = 4
MARKS = 500
SHARED = ["s1", "s2", "s3", "s4"]  # every writer and the TUI mark these
PRIVATE = [[f"w{n}a", f"w{n}b", f"w{n}c"] for n in range(WRITERS)]  # one writer's alone
TUI_OWN = ["t1", "t2"]  # the TUI's alone
VERBS = ["done", "doing", "todo", "skip"]
KEYS = ["d", "l", "s", "r"]  # the same marks in the TUI
ITEMS = [*SHARED, *TUI_OWN, *(item for own in PRIVATE for item in own)]


def stress_path() -> str:
    def step(step_id: str, items: list[str]) -> str:
        listed = "".join(f"          - {{id: {i}, title: Item {i}}}\n" for i in items)
        return f"      - id: {step_id}\n        title: Step {step_id}\n        items:\n{listed}"

    steps = [step("shared", SHARED), step("tui", TUI_OWN)]
    steps += [step(f"writer{n}", items) for n, items in enumerate(PRIVATE)]
    return (
        "format: 1\nid: stress\ntitle: Stress\nlevels:\n"
        "  - id: all\n    title: All\n    steps:\n" + "".join(steps)
    )


def commands(writer: int) -> str:
    """500 marks: half on the shared items, half on the writer's own, statuses at random."""
    chance = random.Random(writer)
    lines = []
    for _ in range(MARKS):
        items = SHARED if chance.random() < 0.5 else PRIVATE[writer]
        lines.append(f"{chance.choice(VERBS)} stress/{chance.choice(items)}\n")
    return "".join(lines)


@pytest.fixture
def stress_settings(tmp_path) -> Settings:
    """An SQLite file with its schema and learner made, so that every writer starts on the
    same learner, and a folder with the stress path."""
    from tracker.services.workspace import open_workspace

    folder = tmp_path / "paths"
    folder.mkdir()
    (folder / "stress.yaml").write_text(stress_path(), encoding="utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'progress.db'}", path_dirs=(folder,))
    workspace = open_workspace(settings)
    assert "stress" in workspace.library.paths, workspace.library.diagnostics
    workspace.engine.dispose()
    return settings


def start_writers(settings: Settings, tmp_path) -> list[subprocess.Popen]:
    """Every writer started, then all fed their commands at once (a start takes a while)."""
    writers = []
    for n in range(WRITERS):
        with (
            (tmp_path / f"writer{n}.out").open("wb") as out,
            (tmp_path / f"writer{n}.err").open("wb") as err,
        ):
            writers.append(
                subprocess.Popen(
                    [
                        sys.executable, "-m", "tracker", "--db", settings.db_url,
                        "--paths", str(settings.path_dirs[0]), "batch", "-",
                    ],
                    cwd=REPO, env=environment(), stdin=subprocess.PIPE, stdout=out, stderr=err,
                )
            )  # fmt: skip
    for n, writer in enumerate(writers):
        writer.stdin.write(commands(n).encode())  # 15 kB: fits in the pipe, never blocks
        writer.stdin.close()
    return writers


def run_batch(settings: Settings, commands: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable, "-m", "tracker", "--db", settings.db_url,
            "--paths", str(settings.path_dirs[0]), "batch", "-",
        ],
        cwd=REPO, env=environment(), input=commands, capture_output=True, text=True,
        timeout=HANG_SECONDS, check=False,
    )  # fmt: skip


def read_log(settings: Settings) -> tuple[list[tuple], dict[str, str]]:
    """The events in order, and each item's final status."""
    from tracker.store.engine import make_engine

    engine = make_engine(settings.db_url)
    with engine.connect() as connection:
        events = connection.execute(
            text("SELECT id, item_id, from_status, to_status FROM event ORDER BY id")
        ).all()
        final = dict(connection.execute(text("SELECT item_id, status FROM progress")).all())
    engine.dispose()
    return [tuple(row) for row in events], final


async def written(pilot) -> None:
    """Until the TUI's write is done and shown; unlike `settle`, a mark refused as stale (a
    writer changed the item first) is no failure here."""
    for _ in range(1000):
        await pilot.pause()
        if all(w.is_finished or w.group == "poll" for w in pilot.app.workers):
            return
        await pilot.pause(0.01)
    raise AssertionError("the TUI's write did not finish")


@pytest.mark.slow
async def test_four_cli_writers_and_the_tui_lose_nothing(stress_settings, tmp_path):
    from tracker.services.progress import StaleChange
    from tracker.tui.app import TrackerApp
    from tracker.tui.format import GLYPHS

    app = TrackerApp(stress_settings, open_path="stress")
    # What each of the TUI's marks did: items changed, or the exception it met.
    tui_outcomes: list[int | Exception] = []
    service_mark = app.backend.mark

    def counted_mark(*args, **kwargs):
        try:
            changed = service_mark(*args, **kwargs)
        except Exception as exc:
            tui_outcomes.append(exc)
            raise
        tui_outcomes.append(changed)
        return changed

    app.backend.mark = counted_mark
    # Every error the TUI shows: a stale mark may be refused, nothing else may fail.
    shown_errors: list[str] = []
    notify = app.notify

    def noted(message: str, **kwargs) -> None:
        if kwargs.get("severity") == "error":
            shown_errors.append(message)
        notify(message, **kwargs)

    app.notify = noted
    chance = random.Random(1234)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.current_path_id == "stress"
        started = time.perf_counter()
        writers = start_writers(stress_settings, tmp_path)
        try:
            # The learner at the keyboard meanwhile, on shared items and on the TUI's own.
            while any(writer.poll() is None for writer in writers):
                assert time.perf_counter() - started < HANG_SECONDS, "the writers hung"
                screen.tree.go_to(screen.tree.item_nodes[chance.choice(SHARED + TUI_OWN)])
                await pilot.pause()
                await pilot.press(chance.choice(KEYS))
                await written(pilot)
        finally:
            for writer in writers:
                if writer.poll() is None:
                    writer.kill()
                writer.wait()
        elapsed = time.perf_counter() - started

        outputs = [(tmp_path / f"writer{n}.out").read_text() for n in range(WRITERS)]
        errors = [(tmp_path / f"writer{n}.err").read_text() for n in range(WRITERS)]
        for n, writer in enumerate(writers):
            assert (writer.returncode, errors[n]) == (0, ""), f"writer {n}"
            assert len(outputs[n].splitlines()) == MARKS  # one line for each mark

        # A last change to every item, after the TUI's own last read: only its poll shows it.
        concurrent_events, stored = read_log(stress_settings)
        last_word = "".join(
            f"{'todo' if stored.get(item, 'todo') != 'todo' else 'done'} stress/{item}\n"
            for item in ITEMS
        )
        closing = await asyncio.to_thread(run_batch, stress_settings, last_word)
        assert (closing.returncode, closing.stderr) == (0, "")
        outputs.append(closing.stdout)
        events, final = read_log(stress_settings)
        assert all(final[item] != stored.get(item, "todo") for item in ITEMS)

        # The TUI catches up on its own, not restarted: each item as stored.
        def shown() -> dict[str, str]:
            glyphs = {glyph: status for status, glyph in GLYPHS.items()}
            return {
                item_id: glyphs[node.label.plain[0]]
                for item_id, node in screen.tree.item_nodes.items()
            }

        await poll(pilot)
        assert shown() == final

    # Every event starts where the previous one on its item ended: none lost, none doubled.
    last: dict[str, str] = defaultdict(lambda: "todo")
    for event_id, item_id, before, after in events:
        assert before == last[item_id], f"event {event_id} on {item_id}: lost update"
        assert before != after, f"event {event_id}: a mark to the same status is no change"
        last[item_id] = after
    assert final == dict(last)  # each item's status is its last event's

    # One event per change the commands reported, and no more.
    cli_changes = sum(out.count("  (was ") for out in outputs)
    tui_failures = [o for o in tui_outcomes if isinstance(o, Exception)]
    assert all(isinstance(o, StaleChange) for o in tui_failures), tui_failures
    tui_changes = sum(o for o in tui_outcomes if not isinstance(o, Exception))
    assert len(events) == cli_changes + tui_changes

    assert all("changed elsewhere" in message for message in shown_errors), shown_errors

    # They did write at once: the events on any two writers' own items interleave.
    spans = []
    for own in PRIVATE:
        ids = [event_id for event_id, item_id, *_ in concurrent_events if item_id in own]
        spans.append((min(ids), max(ids)))
    for first, second in itertools.combinations(spans, 2):
        assert first[0] < second[1], f"one after the other: {spans}"
        assert second[0] < first[1], f"one after the other: {spans}"
    assert len(tui_outcomes) >= 5, "the TUI marked too little while the writers ran"

    print(
        f"\nSQLite: {WRITERS} CLI writers x {MARKS} marks + TUI {len(tui_outcomes)} marks "
        f"({len(tui_failures)} refused as stale): {len(events)} events "
        f"({cli_changes} from the CLI, {tui_changes} from the TUI) in {elapsed:.1f} s, "
        f"{WRITERS * MARKS / elapsed:.0f} CLI marks/s"
    )
