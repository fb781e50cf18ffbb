"""Finding path files: folders in order, first id wins, broken files never hide the others."""

from __future__ import annotations

import os
from pathlib import Path

from tracker import appdirs
from tracker.pathdefs.cache import PathCache
from tracker.pathdefs.discover import discover, path_files, path_folders, shipped_paths_dir
from tracker.pathdefs.load import load_path_file


def test_folders_come_in_the_order_they_win(tmp_path):
    a, b, c = (tmp_path / name for name in "abc")
    folders = path_folders([a], env={"TRACKER_PATHS": os.pathsep.join([str(b), "", str(c)])})
    assert folders == [a, b, c, appdirs.user_paths_dir(), shipped_paths_dir()]


def test_the_same_folder_given_twice_is_searched_once(tmp_path):
    folders = path_folders([tmp_path, tmp_path / "."], env={"TRACKER_PATHS": str(tmp_path)})
    assert folders.count(tmp_path) == 1
    assert len(folders) == 3


def test_shipped_paths_are_found_in_a_source_checkout():
    assert sorted(f.stem for f in path_files(shipped_paths_dir())) == [
        "dl-guide", "dl-learning-path", "dl-papers", "dl-resources", "dl-topics", "ml-frameworks",
    ]  # fmt: skip


def test_only_visible_yaml_files_are_path_files(tmp_path, write_path):
    write_path("b.yml")
    write_path("a.yaml")
    write_path(".#a.yaml")
    write_path("notes.txt")
    write_path("sub/c.yaml")
    assert [f.name for f in path_files(tmp_path)] == ["a.yaml", "b.yml"]


def test_a_missing_folder_has_no_path_files(tmp_path):
    assert path_files(tmp_path / "nowhere") == []


def test_the_first_path_of_an_id_wins_and_the_second_is_named(tmp_path, write_path):
    first = write_path("mine.yaml", path_id="dl-guide", title="Mine", folder=tmp_path / "mine")
    second = write_path(
        "theirs.yaml", path_id="dl-guide", title="Theirs", folder=tmp_path / "theirs"
    )
    library = discover([tmp_path / "mine", tmp_path / "theirs"])
    assert library.paths["dl-guide"].title == "Mine"
    assert [str(d) for d in library.diagnostics] == [
        f"{second}:1:1: warning: path id 'dl-guide' is already loaded from {first}; "
        "this file is skipped"
    ]


def test_a_broken_file_does_not_stop_the_others(tmp_path, write_path):
    write_path("a-good.yaml", path_id="good")
    write_path("b-broken.yaml", text="format: 1\nid: broken\n")
    write_path("c-also-good.yaml", path_id="also-good")
    library = discover([tmp_path])
    assert list(library.paths) == ["good", "also-good"]
    assert [r.file for r in library.broken] == [str(tmp_path / "b-broken.yaml")]
    assert all(d.file.endswith("b-broken.yaml") for d in library.diagnostics)


def test_discovery_through_the_cache_prunes_removed_files(tmp_path, write_path):
    cache = PathCache(tmp_path / "cache")
    keep = write_path("keep.yaml", folder=tmp_path / "paths")
    gone = write_path("gone.yaml", folder=tmp_path / "paths")
    discover([tmp_path / "paths"], cache)
    gone.unlink()
    library = discover([tmp_path / "paths"], cache)
    assert list(library.paths) == ["keep"]
    assert cache.entry_for(keep).exists()
    assert not cache.entry_for(gone).exists()


def test_every_shipped_path_loads_through_the_cache_unchanged(tmp_path):
    cache = PathCache(tmp_path / "cache")
    fresh = {f.stem: load_path_file(f).path for f in path_files(shipped_paths_dir())}
    discover([shipped_paths_dir()], cache)
    cached = discover([shipped_paths_dir()], cache)
    assert cached.paths == fresh
    assert all(Path(p.file).exists() for p in cached.paths.values())
