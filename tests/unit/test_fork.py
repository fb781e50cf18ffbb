"""A fork's text is the original's with only the path id changed."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_PATH, SHIPPED
from tracker.pathdefs.fork import ForkError, forked_text


@pytest.mark.parametrize("file", sorted(SHIPPED.glob("*.yaml")), ids=lambda f: f.stem)
def test_every_shipped_path_forks(file):
    text, path = forked_text(file.read_bytes(), file.name, "my-copy")
    original = file.read_text(encoding="utf-8")
    assert path.id == "my-copy"
    pairs = zip(original.splitlines(), text.splitlines(), strict=True)
    changed = [new for old, new in pairs if old != new]
    assert changed == ["id: my-copy"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("id: demo\n", "id: mine\n"),
        ('id: "demo"   # the id\n', "id: mine   # the id\n"),
        ("id: 'demo'\r\n", "id: mine\r\n"),
    ],
    ids=["plain", "quoted-with-comment", "single-quoted-crlf"],
)
def test_the_id_is_replaced_however_it_is_written(written, expected):
    base = MINIMAL_PATH.format(id="demo", title="T").replace("id: demo\n", written, 1)
    data = "\ufeff".encode() + base.encode()  # a byte-order mark must not shift positions
    text, path = forked_text(data, "demo.yaml", "mine")
    assert path.id == "mine"
    assert text == base.replace(written, expected, 1)


def test_a_file_without_an_id_cannot_be_forked():
    with pytest.raises(ForkError, match="has no path id"):
        forked_text(b"format: 1\ntitle: T\n", "x.yaml", "mine")
