"""`make bench`: tracker's speed beside a reference measured in the same run.

The machine is shared and noisy, so every figure is a ratio of two timings taken side by
side (interleaved, best of several rounds), never an absolute time against a fixed target.
"""

from __future__ import annotations

import compileall
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bigpath import write_big_path  # noqa: E402
from tracker.pathdefs.cache import PathCache  # noqa: E402
from tracker.pathdefs.load import load_path_file, parse_path  # noqa: E402

ROUNDS = 5
PROCESS_ROUNDS = 15


def best_of(rounds: int, *functions: Callable[[], object]) -> list[float]:
    """The best time of each function, calling them in turn so that noise hits all alike."""
    best = [float("inf")] * len(functions)
    for _ in range(rounds):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            result = function()
            best[index] = min(best[index], time.perf_counter() - start)
            del result  # freeing what was loaded is not part of loading it
    return best


def process_times(rounds: int, *commands: list[str], env: dict[str, str]) -> list[float]:
    """The median wall time of each command as a whole process, interleaved."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):
        for index, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(
                command,
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            times[index].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


class Table:
    def __init__(self) -> None:
        self.missed = 0

    def row(
        self, what: str, ours: float, reference: float, target: float | None, unit: str = "s"
    ) -> None:
        ratio = ours / reference
        verdict = ""
        if target is not None:
            verdict = "ok" if ratio <= target else "MISSED"
            self.missed += ratio > target
        target_text = f"<= {target:g}" if target is not None else ""
        print(
            f"  {what:<52} {ours:8.4f}{unit} vs {reference:8.4f}{unit}  "
            f"ratio {ratio:6.3f} {target_text:>8} {verdict}"
        )


def main() -> int:
    # As an installed package is: compiled once. Without it, a shell that sets
    # PYTHONDONTWRITEBYTECODE would time the compiler on every start.
    compileall.compile_dir(REPO / "tracker", quiet=1)
    table = Table()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        big = write_big_path(folder, 10_000)
        text = big.read_text(encoding="utf-8")
        size_mib = big.stat().st_size / 2**20
        print(
            f"tracker benchmarks: python {sys.version.split()[0]}, "
            f"libyaml {yaml.__with_libyaml__}, {os.cpu_count()} cores"
        )
        print(f"generated path: 10,000 items with 2 resources each, {size_mib:.1f} MiB\n")

        print("Loading a 10,000-item path")
        cache = PathCache(folder / "cache")
        cache.load(big)  # warm the entry

        def reference() -> object:
            return yaml.load(text, Loader=yaml.CSafeLoader)

        def reference_paused_gc() -> object:
            gc.disable()
            try:
                return yaml.load(text, Loader=yaml.CSafeLoader)
            finally:
                gc.enable()

        def ours() -> object:
            result = load_path_file(big)
            assert result.path is not None
            assert result.path.item_count() == 10_000
            return result

        def cached() -> object:
            result = cache.load(big)
            assert result.path is not None
            return result

        t_ref, t_ref_nogc, t_ours, t_cached = best_of(
            ROUNDS, reference, reference_paused_gc, ours, cached
        )
        table.row("load and validate / yaml.load (C safe loader)", t_ours, t_ref, 1.5)
        table.row("  same, reference with the collector paused", t_ours, t_ref_nogc, None)
        table.row("cached load / load and validate", t_cached, t_ours, 0.05)

        print("\nHostile input (refused with an error, no crash)")
        bomb = _alias_bomb()
        deep = ("levels: " + "[" * 1_000_000 + "]" * 1_000_000).encode()
        t_bomb, t_deep = best_of(
            ROUNDS,
            lambda: _refused(parse_path(bomb, "bomb.yaml")),
            lambda: _refused(parse_path(deep, "deep.yaml")),
        )
        print(
            "  alias bomb (10 levels of 10 aliases, 10^10 nodes if expanded): "
            f"refused in {t_bomb * 1000:.1f} ms"
        )
        print(
            f"  1,000,000 nested lists ({len(deep) / 2**20:.1f} MiB): "
            f"refused in {t_deep * 1000:.1f} ms"
        )

        print(f"\nWhole processes (median of {PROCESS_ROUNDS})")
        env = {
            **os.environ,
            "XDG_CACHE_HOME": str(folder / "xdg-cache"),
            "XDG_DATA_HOME": str(folder / "xdg-data"),
        }
        tracker = str(Path(sys.executable).with_name("tracker"))
        t_yaml, t_help, t_validate = process_times(
            PROCESS_ROUNDS,
            [sys.executable, "-c", "import yaml"],
            [tracker, "--help"],
            [tracker, "validate", "paths"],
            env=env,
        )
        table.row("tracker --help / python -c 'import yaml'", t_help, t_yaml, 3)
        table.row("tracker validate paths / python -c 'import yaml'", t_validate, t_yaml, 5)

        print("\nProgress store")
        progress_benchmarks(table, folder, big, env, tracker)

        print("\nReports (median of several exports)")
        from bench.exports import export_benchmarks

        export_benchmarks(table, folder, folder / "bench.db", big, env, tracker)

        print("\nTerminal app, in a 120x40 tmux pane (median of several launches)")
        from bench.tui import tui_benchmarks

        tui_benchmarks(table, folder, env, tracker, big)

    print()
    if table.missed:
        print(f"{table.missed} target(s) missed")
        return 1
    print("all targets met")
    return 0


def progress_benchmarks(table: Table, folder: Path, big: Path, env: dict, tracker: str) -> None:
    from tracker.pathdefs.load import load_path
    from tracker.services.learners import current_learner
    from tracker.services.progress import mark
    from tracker.store.engine import make_engine
    from tracker.store.schema import ensure_schema

    # One small transaction per command, on a warm path cache and an existing database.
    item = "dl-guide/small-datasets"
    subprocess.run([tracker, "done", item], env=env, check=True, capture_output=True)
    commands = iter([[tracker, "todo", item], [tracker, "done", item]] * PROCESS_ROUNDS)
    times: list[list[float]] = [[], []]
    for _ in range(PROCESS_ROUNDS):
        for index, command in enumerate(
            ([sys.executable, "-c", "import sqlmodel"], next(commands))
        ):
            start = time.perf_counter()
            subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=True)
            times[index].append(time.perf_counter() - start)
    t_sqlmodel, t_done = (statistics.median(t) for t in times)
    table.row("tracker done / python -c 'import sqlmodel'", t_done, t_sqlmodel, 1.25)

    path = load_path(big)
    ids = [item.id for item in path.items()]
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    ensure_schema(engine)
    learner = current_learner(engine)
    marks: list[float] = []
    for status in ("done", "doing", "todo"):
        start = time.perf_counter()
        changed = mark(engine, learner.id, path, ids, status)
        marks.append(time.perf_counter() - start)
        assert len(changed) == len(ids)
    absolute(table, "10,000 marks in one transaction (service layer)", min(marks), 2.0)

    big_env = {
        **env,
        "TRACKER_PATHS": str(big.parent),
        "TRACKER_DB": f"sqlite:///{folder / 'bench.db'}",
    }
    show = [tracker, "show", path.id, "--json"]
    subprocess.run(show, env=big_env, check=True, capture_output=True)  # warms the path cache
    shows = []
    for _ in range(5):
        start = time.perf_counter()
        done = subprocess.run(show, env=big_env, check=True, capture_output=True)
        shows.append(time.perf_counter() - start)
    assert done.stdout.count(b'"status"') == 10_000
    absolute(
        table, "tracker show --json, 10,000-item path (process)", statistics.median(shows), 1.5
    )


def absolute(table: Table, what: str, seconds: float, limit: float | None) -> None:
    """A time against its target; with no target, the time alone (for comparison)."""
    if limit is None:
        print(f"  {what:<52} {seconds:8.4f}s {'':>26} (no target)")
        return
    verdict = "ok" if seconds <= limit else "MISSED"
    table.missed += seconds > limit
    print(f"  {what:<52} {seconds:8.4f}s {'':>26} < {limit:g}s {verdict}")


def _alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _refused(result) -> None:
    assert result.path is None
    assert result.errors


if __name__ == "__main__":
    sys.exit(main())
