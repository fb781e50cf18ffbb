"""Every file of the bad-input corpus says, in `# expect:` lines at its end, exactly which
diagnostics it must produce; the loader must produce those and no others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tracker.pathdefs.load import parse_path

CORPUS = Path(__file__).parent.parent / "data" / "bad"
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.*)$", re.MULTILINE)
FILES = sorted(CORPUS.glob("*.yaml"))


def test_the_corpus_is_large_enough():
    assert len(FILES) >= 30


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.name)
def test_bad_file_reports_exactly_its_problems(file: Path):
    data = file.read_bytes()
    expected = sorted(
        (
            (int(line), int(column), rest.decode("utf-8"))
            for line, column, rest in EXPECT.findall(data)
        ),
        key=lambda e: e[:2],  # problems at one place come in the order the file lists them
    )
    assert expected, f"{file.name} says nothing about what it expects"

    result = parse_path(data, file.name)

    assert [str(d) for d in result.diagnostics] == [
        f"{file.name}:{line}:{column}: {rest}" for line, column, rest in expected
    ]
    if any(rest.startswith("error:") for _, _, rest in expected):
        assert result.path is None
