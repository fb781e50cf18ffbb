"""Benchmarks of the terminal app, measured in a real terminal: a private tmux server.

Times run from the tmux command that starts or pokes the app to the first `capture-pane`
that shows the expected text, so each includes one capture (a few ms, printed beside).
"""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

POLL = 0.005  # as fast as practical: one capture-pane costs about as much
TIMEOUT = 20.0  # every wait gives up after this, prints the pane and counts a MISSED
LAUNCH_ROUNDS = 10
BIG_ROUNDS = 5
KEY_ROUNDS = 20
# Distinctive parts of shipped path titles (`tracker paths`) that fit in 120 columns.
TITLES = ("Deep learning", "Papers Reading Roadmap", "compute frameworks")
REFERENCE_APP = """from textual.app import App
from textual.widgets import Label
class A(App):
    def compose(self):
        yield Label("reference ready")
A().run()
"""

Predicate = Callable[[str], bool]


def titles_shown(pane: str) -> bool:  # the library screen lists the shipped paths
    return all(title in pane for title in TITLES)


def completion_shown(pane: str) -> bool:
    """A percentage on the line of a path title: the library's completion figures arrived."""
    return any(
        re.search(r"\b\d+%", line) and any(title in line for title in TITLES)
        for line in pane.splitlines()
    )


def first_item_shown(pane: str) -> bool:
    """The first item's row: a status glyph and bigpath.py's title on one line (a header
    such as "next: Item 0 ..." alone does not count)."""
    return any(
        "Item 0 about" in line and ("○" in line or "✔" in line) for line in pane.splitlines()
    )


class Tmux:
    """A private tmux server (own socket, no config), killed on exit even after errors."""

    def __init__(self) -> None:
        self.socket = f"bench-tui-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.count = 0

    def __call__(self, *args: str, check: bool = True) -> str:
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(command, capture_output=True, text=True, check=check).stdout

    def __enter__(self) -> Tmux:
        # An idle session keeps the server up between launches; remain-on-exit keeps a
        # crashed app's last screen so that a timeout can print it.
        self("new-session", "-d", "-s", "keeper", "sleep", "1000000")
        self("set-option", "-g", "remain-on-exit", "on")
        self.socket_path = self("display", "-p", "#{socket_path}").strip()
        return self

    def __exit__(self, *exc: object) -> None:
        self("kill-server", check=False)
        if getattr(self, "socket_path", ""):  # tmux leaves its socket file behind
            Path(self.socket_path).unlink(missing_ok=True)

    def launch(self, command: list[str], env: dict[str, str]) -> tuple[str, float]:
        """Start `command` in a new 120x40 session; returns its name and the start time."""
        self.count += 1
        name = f"s{self.count}"
        # The server inherited os.environ: pass only what differs, on the command line.
        changed = [f"{k}={v}" for k, v in env.items() if os.environ.get(k) != v]
        start = time.perf_counter()
        self("new-session", "-d", "-s", name, "-x", "120", "-y", "40",
             "env", "TERM=xterm-256color", *changed, *command)  # fmt: skip
        return name, start

    def capture(self, name: str) -> str:
        return self("capture-pane", "-p", "-t", name, check=False)

    def wait(self, name: str, start: float, *predicates: Predicate) -> list[float | None]:
        """Seconds from `start` until each predicate first holds for the pane (None: never)."""
        seen: list[float | None] = [None] * len(predicates)
        polls = 0
        while True:
            pane = self.capture(name)
            now = time.perf_counter()
            for index, predicate in enumerate(predicates):
                if seen[index] is None and predicate(pane):
                    seen[index] = now - start
            if None not in seen:
                return seen
            polls += 1
            dead = polls % 40 == 0 and self("display", "-p", "-t", name, "#{pane_dead}") == "1\n"
            if dead or now - start > TIMEOUT:
                reason = "the app exited" if dead else f"nothing after {TIMEOUT:g}s"
                print(f"    {reason}; the pane showed:\n" + _indent(self.capture(name)))
                return seen
            time.sleep(POLL)

    def close(self, name: str) -> None:
        """Quit the app as a user does (ctrl+q: what last run kept depends on it), then kill
        the session and wait until both it and the app's process are gone."""
        pid = int(self("display", "-p", "-t", name, "#{pane_pid}") or 0)
        self("send-keys", "-t", name, "C-q", check=False)
        deadline = time.perf_counter() + TIMEOUT
        while time.perf_counter() < deadline and _alive(pid):
            time.sleep(POLL)
        self("kill-session", "-t", name, check=False)
        deadline = time.perf_counter() + TIMEOUT
        while time.perf_counter() < deadline:
            gone = subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", name],
                                  capture_output=True).returncode  # fmt: skip
            if gone and not _alive(pid):
                return
            time.sleep(POLL)
        # It ignored the hangup: kill it, but only if it is still our tmux server's child
        # (a pid can be reused).
        server = self("display", "-p", "#{pid}").strip()
        ps = ["ps", "-o", "ppid=", "-p", str(pid)]
        if subprocess.run(ps, capture_output=True, text=True).stdout.strip() == server:
            os.kill(pid, signal.SIGKILL)
        print(f"    session {name} (pid {pid}) still there after {TIMEOUT:g}s: killed")


def launches(tmux: Tmux, runs: list[tuple], rounds: int):
    """Per run, per predicate: the times of `rounds` launches, runs alternating.

    A run is (command, env, predicates) or (command, env, predicates, before), `before`
    being called ahead of each launch and not timed. One warm-up launch of each comes first
    (compiled bytecode, path cache, database) and is not counted. A run whose warm-up misses
    is dropped: its times stay empty.
    """
    times = [[[] for _ in run[2]] for run in runs]
    live = list(range(len(runs)))
    for round_number in range(rounds + 1):
        for index in list(live):
            command, env, predicates, *before = runs[index]
            for prepare in before:
                prepare()
            name, start = tmux.launch(command, env)
            seen = tmux.wait(name, start, *predicates)
            tmux.close(name)
            if None in seen and round_number == 0:
                print(f"    {' '.join(command)}: warm-up missed, not measured")
                live.remove(index)
            elif round_number:
                for figure, value in zip(times[index], seen, strict=True):
                    figure.append(value if value is not None else float("inf"))
    return times


def tui_benchmarks(table, folder: Path, env: dict, tracker: str, big: Path) -> None:
    """Called by bench/run.py with its Table, scratch folder, env, tracker and big path."""
    reference = _reference(folder, env)
    tui_env = {**env, "TRACKER_DB": f"sqlite:///{folder / 'tui.db'}", "TRACKER_LANG": "en"}
    big_env = {**tui_env, "TRACKER_PATHS": str(big.parent)}
    path_id = big.stem  # write_big_path names the file after the path's id
    with Tmux() as tmux:
        # "changed": the CLI marks an item before each launch, so last run's figures do not
        # apply and the library waits for the database's own.
        marks = iter(["done", "todo"] * (LAUNCH_ROUNDS + 1))
        change = lambda: subprocess.run(  # noqa: E731
            [tracker, next(marks), "dl-guide/small-datasets"], env=tui_env, check=True,
            capture_output=True,
        )  # fmt: skip
        ours, changed, (t_ref,) = launches(
            tmux,
            [
                ([tracker], tui_env, (titles_shown, completion_shown)),
                ([tracker], tui_env, (completion_shown,), change),
                reference,
            ],
            LAUNCH_ROUNDS,
        )
        _report(table, "tracker to titles / minimal Textual app", ours[0], 1.5, t_ref)
        _report(table, "tracker to completion figures / minimal app", ours[1], 2.3, t_ref)
        # No target: the figure is the launch above. This one is bounded by importing
        # SQLAlchemy and SQLModel (about half a second here), which no cache can skip.
        _report(table, "  same, database changed since the last run", changed[0], None, t_ref)

        # As above: unchanged since the last run (which kept its standing), then changed by
        # the CLI before each launch, so that the path waits for the database's reading.
        big_marks = iter(["done", "todo"] * (BIG_ROUNDS + 1))
        big_change = lambda: subprocess.run(  # noqa: E731
            [tracker, next(big_marks), f"{path_id}/item-5"], env=big_env, check=True,
            capture_output=True,
        )  # fmt: skip
        (t_big,), (t_big_changed,) = launches(
            tmux,
            [
                ([tracker, "tui", path_id], big_env, (first_item_shown,)),
                ([tracker, "tui", path_id], big_env, (first_item_shown,), big_change),
            ],
            BIG_ROUNDS,
        )
        _report(table, "tracker tui on the 10,000-item path, to first item", t_big, 2.0)
        # No target: the figure is the one above. This one waits for SQLAlchemy too.
        _report(table, "  same, database changed since the last run", t_big_changed, None)

        name, start = tmux.launch([tracker, "tui", path_id], big_env)
        try:
            keys: list[float] = []
            if tmux.wait(name, start, first_item_shown) != [None]:
                _settle(tmux, name)
                for _ in range(KEY_ROUNDS):
                    for key, grows in (("d", True), ("r", False)):
                        keys.append(_key_to_repaint(tmux, name, key, grows))
                    if keys[-2:].count(float("inf")):
                        break  # one miss decides the figure: don't wait out 40 timeouts
            captures = []
            for _ in range(50):
                begin = time.perf_counter()
                tmux.capture(name)
                captures.append(time.perf_counter() - begin)
        finally:
            tmux.close(name)
        _report(table, "key (d / r) to repaint, 10,000-item path", keys, 0.1)
        print(f"  (one capture-pane costs {statistics.median(captures) * 1000:.1f} ms "
              "and is included above, not subtracted)")  # fmt: skip


def _key_to_repaint(tmux: Tmux, name: str, key: str, grows: bool) -> float:
    """`d` marks the cursor's item done (one more ✔ on screen), `r` resets it (one fewer)."""
    before = tmux.capture(name).count("✔")
    sign = 1 if grows else -1
    changed: Predicate = lambda pane: (pane.count("✔") - before) * sign > 0  # noqa: E731
    start = time.perf_counter()
    tmux("send-keys", "-t", name, key)
    (seen,) = tmux.wait(name, start, changed)
    return seen if seen is not None else float("inf")


def _settle(tmux: Tmux, name: str, quiet: float = 0.3) -> None:
    """Wait until the screen stops changing, so that keys reach an app that is ready."""
    pane, since = tmux.capture(name), time.perf_counter()
    while time.perf_counter() - since < quiet:
        time.sleep(0.02)
        now = tmux.capture(name)
        if now != pane:
            pane, since = now, time.perf_counter()


def _reference(folder: Path, env: dict) -> tuple[list[str], dict, tuple[Predicate, ...]]:
    script = folder / "tui_reference.py"
    script.write_text(REFERENCE_APP, encoding="utf-8")
    return [sys.executable, str(script)], env, (lambda pane: "reference ready" in pane,)


def _report(table, what: str, times: list, limit: float | None, reference: list | None = None):
    """A ratio of medians against `reference` when given, else an absolute median."""
    from bench.run import absolute  # bench.run imports this module: import when called

    if not times or float("inf") in times + (reference or []) or reference == []:
        table.missed += 1
        print(f"  {what:<52} {'not seen':>8}  {'':>26} MISSED")
    elif reference is None:
        absolute(table, what, statistics.median(times), limit)
    else:
        table.row(what, statistics.median(times), statistics.median(reference), limit)


def _alive(pid: int) -> bool:
    """Whether `pid` runs: a zombie has exited (tmux sometimes reaps its panes late)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return pid > 0  # no /proc: trust the signal
    return pid > 0 and stat.rsplit(")", 1)[1].split()[0] != "Z"


def _indent(text: str) -> str:
    """The pane's non-blank lines, marked off from the report's own."""
    return "\n".join("    | " + line for line in text.splitlines() if line.strip())


def main() -> int:
    """`python bench/tui.py --reference-only`: the reference launches alone, to check the rig."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = {**os.environ, "XDG_CACHE_HOME": scratch, "XDG_DATA_HOME": scratch}
        if "--reference-only" not in sys.argv[1:]:
            from bench.bigpath import write_big_path
            from bench.run import Table

            table = Table()
            tracker = str(Path(sys.executable).with_name("tracker"))
            tui_benchmarks(table, folder, env, tracker, write_big_path(folder, 10_000))
            return 1 if table.missed else 0
        with Tmux() as tmux:
            ((times,),) = launches(tmux, [_reference(folder, env)], LAUNCH_ROUNDS)
    if not times or float("inf") in times:
        print("reference launches: MISSED")
        return 1
    print(f"minimal Textual app, launch to 'reference ready', {len(times)} rounds: "
          f"median {statistics.median(times):.4f}s, min {min(times):.4f}s, "
          f"max {max(times):.4f}s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
