"""Files that follow the format load; so does the example the README teaches with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tracker.pathdefs.load import parse_path

GOOD = sorted((Path(__file__).parent.parent / "data" / "good").glob("*.yaml"))


@pytest.mark.parametrize("file", GOOD, ids=lambda f: f.name)
def test_a_file_that_follows_the_format_loads(file: Path):
    result = parse_path(file.read_bytes(), file.name)
    assert [str(d) for d in result.diagnostics] == []
    assert result.path is not None


def test_an_empty_track_list_makes_an_item_common():
    path = parse_path((GOOD[0].parent / "contract-edges.yaml").read_bytes(), "x").path
    one, two = path.levels[0].steps[0].items
    assert one.tracks == ()
    assert two.tracks == ("cv",)
    assert one.optional is True


def test_the_readme_example_is_a_valid_path():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Writing a path.*?```yaml\n(.*?)```", readme, re.DOTALL)
    result = parse_path(example.group(1).encode(), "README.md")
    assert [str(d) for d in result.diagnostics] == []
