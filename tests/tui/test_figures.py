"""Last run's library figures are used only while nothing they depend on has changed."""

from __future__ import annotations

from dataclasses import replace

from tests.tui.conftest import NOW
from tracker.tui import figures


def test_figures_come_back_while_nothing_changed_and_not_after_a_write(settings, store):
    files = {settings.path_dirs[0] / "demo.yaml": (1, 2)}
    saved = {"demo": (50.0, NOW), "other": (0.0, None)}
    figures.save(figures.key(settings, files), saved)
    assert figures.load(settings, files) == saved
    assert figures.load(replace(settings, user="bob"), files) is None
    assert figures.load(settings, {**files, settings.path_dirs[0] / "new.yaml": (3, 4)}) is None

    from tracker.services.progress import mark

    mark(store.engine, store.learner.id, store.path("demo"), ["a"], "done")
    assert figures.load(settings, files) is None


def test_only_plain_sqlite_files_have_figures(settings):
    for url in ("sqlite://", "sqlite:///:memory:", "postgresql://host/db", "sqlite:///x?mode=ro"):
        assert figures.key(replace(settings, db_url=url), {}) is None
    assert figures.database_file(None).name == "tracker.db"
