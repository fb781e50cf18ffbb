import os
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.services.conftest import PATH

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def cli_database(database_url, monkeypatch) -> str:
    """Commands run on a new database of the backend under test (TRACKER_DB), SQLite or
    PostgreSQL; a module opts in with `pytestmark = pytest.mark.usefixtures("cli_database")`."""
    monkeypatch.setenv("TRACKER_DB", database_url)
    return database_url


class Clock:
    """A settable now, for every service the commands call."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Now starts at T0 and the local zone is UTC (as the app's tests freeze time)."""
    import tracker.services.clock as clock_module
    import tracker.services.learners as learners
    import tracker.services.progress as progress
    import tracker.services.reviews as reviews
    import tracker.services.stats as stats
    import tracker.services.ticks as ticks
    import tracker.services.timelog as timelog

    now = Clock(T0)
    for module in (clock_module, learners, progress, reviews, stats, ticks, timelog):
        monkeypatch.setattr(module, "utc_now", now)
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield now
    if zone is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = zone
    time.tzset()


@pytest.fixture
def demo(cli, tmp_path, monkeypatch):
    """The small demo path of the service tests (estimates on a and d; an item and a step
    both called `first`) beside the shipped ones."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "demo.yaml").write_text(PATH, encoding="utf-8")
    monkeypatch.setenv("TRACKER_PATHS", str(folder))
    return cli


def ok(result):
    """A command that must succeed: a failed setup step would make the test meaningless."""
    assert result.status == 0, result
    return result
