"""Atomic writes keep the modes a user expects: the umask's for a new file, its own for a
replaced one."""

from __future__ import annotations

import os
import stat

import pytest

from tracker.atomic import FileExists, write_atomically


def mode(file) -> int:
    return stat.S_IMODE(file.stat().st_mode)


def test_a_new_file_gets_the_umasks_mode(tmp_path):
    previous = os.umask(0o027)
    try:
        write_atomically(tmp_path / "report.html", b"new")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "report.html") == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_replaced_file_keeps_its_mode(tmp_path):
    file = tmp_path / "report.html"
    file.write_bytes(b"old")
    file.chmod(0o604)
    write_atomically(file, b"new")
    assert (file.read_bytes(), mode(file)) == (b"new", 0o604)


def test_without_replace_an_existing_file_is_kept(tmp_path):
    file = tmp_path / "report.html"
    file.write_bytes(b"old")
    with pytest.raises(FileExists):
        write_atomically(file, b"new", replace=False)
    assert file.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
