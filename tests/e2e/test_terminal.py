"""End-to-end: the installed `tracker` in a real terminal (a private tmux server), driven as a
person would. CI must run it (`.ci/run` installs tmux); elsewhere it is skipped without tmux."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.patience import HANG_SECONDS

TRACKER = Path(sys.executable).with_name("tracker")
TIMEOUT = HANG_SECONDS

Tmux = Callable[..., str]


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    """Run tmux commands on a private server, killed when the test ends."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing: CI must run the end-to-end tests (.ci/run installs it)")
        pytest.skip("tmux is not installed: the end-to-end terminal test needs it")
    server = ["tmux", "-L", f"tracker-e2e-{uuid.uuid4().hex[:12]}", "-f", "/dev/null"]
    outside = {k: v for k, v in os.environ.items() if k != "TMUX"}  # even when run inside tmux

    def quietly(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*server, *args], env=outside, capture_output=True, text=True)

    def run(*args: str) -> str:
        done = quietly(*args)
        assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
        return done.stdout

    try:
        yield run
    finally:  # the server, and its socket: tmux leaves that behind
        socket = quietly("display-message", "-p", "#{socket_path}").stdout.strip()
        quietly("kill-server")
        if socket:
            Path(socket).unlink(missing_ok=True)


def start_in_terminal(tmux: Tmux, command: list[str]) -> None:
    """A 120x40 terminal running `command`, then printing its exit status (kept once done):
    tmux itself can miss the end of a pane's process (tmux/tmux#311)."""
    shell = f"{shlex.join(command)}; echo EXITED $?"
    size = ["-x", "120", "-y", "40"]
    tmux("new-session", "-d", *size, "sh", "-c", shell, ";", "set", "-g", "remain-on-exit", "on")


def screen(tmux: Tmux, *, history: bool = False) -> str:
    """What the terminal shows; with `history`, what scrolled up too."""
    return tmux("capture-pane", "-p", *(["-S", "-"] if history else []))


def press(tmux: Tmux, key: str) -> None:
    tmux("send-keys", key)


def exit_status(tmux: Tmux) -> str | None:
    """None while the program runs, then its exit status (tmux's notice may scroll it up)."""
    said = re.search(r"EXITED (\d+)", screen(tmux, history=True))
    return said[1] if said else None


def wait_until(tmux: Tmux, done: Callable[[], bool], what: str) -> None:
    """Poll until `done()`; on timeout fail with what the terminal shows."""
    deadline = time.monotonic() + TIMEOUT
    while not done():
        if time.monotonic() > deadline:
            shown = screen(tmux, history=True)
            pytest.fail(f"no {what} after {TIMEOUT:.0f} s; the terminal shows:\n{shown}")
        time.sleep(0.1)


def wait_for_text(tmux: Tmux, text: str) -> None:
    wait_until(tmux, lambda: text in screen(tmux), repr(text))


def test_mark_an_item_done_in_the_terminal(tmux, tmp_path):
    settings = {
        "TERM": "xterm-256color",
        "TRACKER_DB": f"sqlite:///{tmp_path / 'e2e.db'}",
        "TRACKER_LANG": "en",
        **{k: os.environ[k] for k in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")},
    }
    start_in_terminal(tmux, ["env", *(f"{k}={v}" for k, v in settings.items()), str(TRACKER)])

    wait_for_text(tmux, "A guide to the field of deep learning")  # the library, first path
    press(tmux, "Enter")
    wait_for_text(tmux, "next: Small datasets")  # the path screen, cursor on that item
    press(tmux, "d")
    wait_for_text(tmux, "✔ Small datasets")
    press(tmux, "q")
    wait_for_text(tmux, "Last activity")  # the library's column header
    done = re.compile(r"deep learning +dl-guide +\S+ +1%")  # title, id, bar, completion
    wait_until(tmux, lambda: done.search(screen(tmux)), "1% done")
    press(tmux, "q")
    wait_until(tmux, lambda: exit_status(tmux) is not None, "exit status")
    assert exit_status(tmux) == "0", screen(tmux, history=True)

    shown = subprocess.check_output(
        [TRACKER, "show", "dl-guide", "--json"], env={**os.environ, **settings}, text=True
    )
    statuses = {
        item["id"]: item["status"]
        for level in json.loads(shown)["levels"]
        for step in level["steps"]
        for item in step["items"]
    }
    assert statuses["small-datasets"] == "done"
