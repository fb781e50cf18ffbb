"""Every command is documented: it has help, and the README shows it."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from tracker.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = [command.name or command.callback.__name__ for command in app.registered_commands]


def test_the_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block
    assert "make test" in first_block


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_has_help_and_is_in_the_readme(command, cli):
    result = cli(command, "--help")
    assert result.status == 0
    assert len(result.out.splitlines()) > 3
    assert f"tracker {command}" in README


def test_every_dependency_says_in_the_readme_why_it_is_there():
    import re
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [spec for specs in project["optional-dependencies"].values() for spec in specs]
    wanted = [*project["dependencies"], *extras]
    names = {re.match(r"[A-Za-z0-9_.-]+", spec).group().lower() for spec in wanted}
    table = README.split("### Dependencies, and why each is there")[1].split("###")[0]
    listed = {
        line.split("|")[1].strip().split()[0].lower()
        for line in table.splitlines()
        if line.startswith("| ") and not line.startswith("| package")
    }
    assert names - listed == set()
