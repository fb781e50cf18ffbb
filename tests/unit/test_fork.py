"""A fork's text is the original's with only the path id and the title changed."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_PATH, SHIPPED
from tracker.pathdefs.fork import ForkError, forked_text
from tracker.pathdefs.load import parse_path


@pytest.mark.parametrize("file", sorted(SHIPPED.glob("*.yaml")), ids=lambda f: f.stem)
def test_every_shipped_path_forks_with_a_title_of_its_own(file):
    text, path = forked_text(file.read_bytes(), file.name, "my-copy")
    original = parse_path(file.read_bytes(), file.name).path
    assert path.id == "my-copy"
    if isinstance(original.title, str):
        assert path.title == f"{original.title} (my copy)"
    else:  # each language its own words
        marks = {"en": " (my copy)", "zh": "（我的副本）"}
        assert path.title == {lang: t + marks[lang] for lang, t in original.title.items()}
    lines = file.read_text(encoding="utf-8").splitlines()
    pairs = zip(lines, text.splitlines(), strict=True)
    changed = [number for number, (old, new) in enumerate(pairs) if old != new]
    if lines[2] == "title:":  # a line per language
        assert changed == [1, *range(3, 3 + len(original.title))]
    else:
        assert changed == [1, 2]
    assert lines[1] == f"id: {original.id}"
    assert parse_path(text.encode(), file.name).path.levels == original.levels


def test_a_title_given_replaces_it_in_every_language():
    data = (SHIPPED / "dl-topics.yaml").read_bytes()
    text, path = forked_text(data, "dl-topics.yaml", "mine", title='  My "own"\n  topics ')
    assert path.title == {"en": 'My "own" topics', "zh": 'My "own" topics'}
    assert '\ntitle: {en: "My \\"own\\" topics", zh: "My \\"own\\" topics"}\n' in text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("title: T\n", 'title: "T (my copy)"\n'),
        ("title: 'T'  # the title\n", 'title: "T (my copy)"  # the title\n'),
        ("title: >-\n  T\n", 'title: "T (my copy)"\n'),
        ("lang: fr\ntitle: T\n", 'lang: fr\ntitle: "T (ma copie)"\n'),
        (
            "title:\n  zh: 书\n  en: Book\n",
            'title:\n  zh: "书（我的副本）"\n  en: "Book (my copy)"\n',
        ),
    ],
    ids=["plain", "quoted-with-comment", "folded", "french", "two-languages"],
)
def test_the_title_is_replaced_however_it_is_written(written, expected):
    base = MINIMAL_PATH.format(id="demo", title="T").replace("title: T\n", written, 1)
    text, _ = forked_text(base.encode(), "demo.yaml", "mine")
    assert text == base.replace("id: demo", "id: mine", 1).replace(written, expected, 1)


def test_an_empty_title_is_refused():
    with pytest.raises(ForkError, match="a title cannot be empty"):
        forked_text(MINIMAL_PATH.format(id="demo", title="T").encode(), "d.yaml", "m", "  ")


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
    text, path = forked_text(data, "demo.yaml", "mine", title="T")
    assert path.id == "mine"
    assert text == base.replace(written, expected, 1).replace("title: T", 'title: "T"', 1)


def test_a_file_without_an_id_cannot_be_forked():
    with pytest.raises(ForkError, match="has no path id"):
        forked_text(b"format: 1\ntitle: T\n", "x.yaml", "mine")
