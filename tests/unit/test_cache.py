"""The path cache: a launch with unchanged files parses no YAML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tracker.pathdefs import cache as cache_module
from tracker.pathdefs.cache import PathCache


@pytest.fixture
def cache(tmp_path) -> PathCache:
    return PathCache(tmp_path / "cache")


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Names of the files the cache had to parse."""
    seen: list[str] = []
    real = cache_module.parse_path

    def counting(data: bytes, file: str):
        seen.append(file)
        return real(data, file)

    monkeypatch.setattr(cache_module, "parse_path", counting)
    return seen


def test_an_unchanged_file_is_not_parsed_again(cache, parses, write_path):
    file = write_path("demo.yaml")
    first = cache.load(file)
    second = cache.load(file)
    assert parses == [str(file)]
    assert second.path == first.path
    assert second.path is not first.path


def test_a_cached_path_keeps_its_warnings(cache, parses, write_path):
    file = write_path(
        "demo.yaml",
        text=Path(write_path("x.yaml"))
        .read_text()
        .replace("- id: one\n            title", "- title"),
    )
    first = cache.load(file)
    second = cache.load(file)
    assert len(parses) == 1
    assert [str(d) for d in second.diagnostics] == [str(d) for d in first.diagnostics]
    assert "warning: item has no 'id'" in str(second.diagnostics[0])


def test_a_changed_file_is_parsed_again(cache, parses, write_path):
    file = write_path("demo.yaml", title="Before")
    cache.load(file)
    stat = file.stat()
    # Same size and mtime: only the content hash can tell.
    file.write_text(file.read_text().replace("Before", "Beyond"))
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = cache.load(file)
    assert len(parses) == 2
    assert result.path.title == "Beyond"


def test_a_touched_file_is_checked_again_once(cache, parses, write_path):
    file = write_path("demo.yaml")
    cache.load(file)
    os.utime(file, ns=(1, 1))
    cache.load(file)
    cache.load(file)
    assert len(parses) == 2


def test_a_file_of_another_size_is_parsed_again(cache, parses, write_path):
    file = write_path("demo.yaml", title="Short")
    cache.load(file)
    stat = file.stat()
    file.write_text(file.read_text().replace("Short", "Longer"))
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.load(file).path.title == "Longer"
    assert len(parses) == 2


def test_a_file_that_breaks_loses_its_entry(cache, parses, write_path):
    file = write_path("demo.yaml")
    cache.load(file)
    file.write_text("format: 1\n")
    result = cache.load(file)
    assert result.path is None
    assert not cache.entry_for(file).exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),
        lambda blob: b"garbage\n" + os.urandom(64),
    ],
    ids=["empty", "truncated", "flipped-byte", "garbage"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(cache, parses, write_path, damage):
    file = write_path("demo.yaml")
    expected = cache.load(file).path
    entry = cache.entry_for(file)
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load(file).path == expected
    assert len(parses) == 2
    assert cache.load(file).path == expected
    assert len(parses) == 2  # rebuilt


def test_an_entry_of_another_tracker_version_is_ignored(cache, parses, write_path, monkeypatch):
    file = write_path("demo.yaml")
    cache.load(file)
    monkeypatch.setattr(cache_module, "__version__", "999")
    cache_module.code_stamp.cache_clear()
    cache.load(file)
    cache_module.code_stamp.cache_clear()
    assert len(parses) == 2


def test_the_stamp_changes_with_the_validating_code(monkeypatch, tmp_path):
    """A rule changed during development, without a new version, must not serve old entries."""
    before = cache_module.code_stamp()
    copy = tmp_path / "pathdefs"
    copy.mkdir()
    for module in Path(cache_module.__file__).parent.glob("*.py"):
        (copy / module.name).write_bytes(module.read_bytes())
    (copy / "validate.py").write_text((copy / "validate.py").read_text() + "\n# changed\n")
    monkeypatch.setattr(cache_module, "__file__", str(copy / "cache.py"))
    cache_module.code_stamp.cache_clear()
    try:
        assert cache_module.code_stamp() != before
    finally:
        monkeypatch.undo()
        cache_module.code_stamp.cache_clear()
    assert cache_module.code_stamp() == before


def test_prune_drops_the_entries_of_removed_files(cache, write_path):
    kept = write_path("kept.yaml")
    removed = write_path("removed.yaml")
    cache.load(kept)
    cache.load(removed)
    removed.unlink()
    cache.prune({kept})
    assert cache.entry_for(kept).exists()
    assert not cache.entry_for(removed).exists()


def test_an_unwritable_cache_only_costs_speed(tmp_path, write_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    cache = PathCache(blocker / "cache")
    result = cache.load(write_path("demo.yaml"))
    assert result.path is not None
