"""A non-editable install finds the shipped paths inside the package."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, environment


@pytest.mark.slow
def test_shipped_paths_are_found_from_an_installed_wheel(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, REPO], check=True
    )
    (wheel,) = wheels.glob("tracker-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", site, wheel], check=True)

    run = subprocess.run(
        [sys.executable, "-c", "import tracker, sys; print(tracker.__file__); "
         "from tracker.cli import main; main(['paths', '--json'])"],
        capture_output=True, text=True, cwd=tmp_path,
        env=environment(
            PYTHONPATH=str(site),
            XDG_DATA_HOME=str(tmp_path / "data"),
            XDG_CACHE_HOME=str(tmp_path / "cache"),
        ),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    first_line, _, rest = run.stdout.partition("\n")
    assert first_line.startswith(str(site))
    rows = json.loads(rest)
    assert len(rows) == 6
    assert all(row["file"].startswith(str(site / "tracker" / "shipped_paths")) for row in rows)
