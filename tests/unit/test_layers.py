"""The layers import in one direction, and the fast commands stay light.

path format (pathdefs) -> store -> services -> front ends (tui, cli); `appdirs`,
`settings` and `vocabulary` are plain helpers every layer may use.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "tracker"
ORDER = ["pathdefs", "store", "services", "reports", "front"]
FRAMEWORKS = {
    "textual": "front",
    "typer": "front",
    "click": "front",
    "sqlalchemy": "store",
    "sqlmodel": "store",
    "alembic": "store",
}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] in FRAMEWORKS:
        return FRAMEWORKS[parts[0]]
    if parts[0] != "tracker" or len(parts) == 1:
        return None
    if parts[1] in ("tui", "cli", "__main__"):
        return "front"
    return parts[1] if parts[1] in ORDER else None


def imports_of(file: Path, module: str) -> list[tuple[int, str]]:
    """Every import of a module, also those inside functions; relative ones made absolute."""
    package = module.split(".")[:-1] if file.name != "__init__.py" else module.split(".")
    found = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
    return found


def test_no_module_imports_from_a_higher_layer():
    wrong = []
    for file in PACKAGE.rglob("*.py"):
        module = ".".join(file.relative_to(REPO).with_suffix("").parts)
        own = layer_of(module)
        if own is None:
            continue
        for line, imported in imports_of(file, module):
            target = layer_of(imported)
            if target is not None and ORDER.index(target) > ORDER.index(own):
                wrong.append(f"{file.relative_to(REPO)}:{line} imports {imported}")
    assert wrong == []


RUN_CLI = "from tracker.cli import main\ntry:\n    main({args})\nexcept SystemExit:\n    pass"


def modules_loaded_by(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    return {name.split(".")[0] for name in result.stdout.split()}


@pytest.mark.parametrize(
    "code",
    [
        "import tracker.pathdefs.discover, tracker.pathdefs.dump\n"
        "import tracker.pathdefs.schema, tracker.pathdefs.starter",
        RUN_CLI.format(args=["--help"]),
        RUN_CLI.format(args=["validate", "paths"]),
        "import tracker.services.standing",  # the app shows a kept standing before the database
        "import tracker.vocabulary, tracker.services.projection",  # words and rules of figures
    ],
    ids=["format-layer", "help", "validate", "standing", "vocabulary"],
)
def test_the_format_layer_and_the_fast_commands_load_no_ui_and_no_database(code):
    loaded = modules_loaded_by(code)
    assert loaded.isdisjoint({"textual", "sqlalchemy", "sqlmodel", "alembic"})


def test_help_does_not_even_load_yaml():
    assert "yaml" not in modules_loaded_by(RUN_CLI.format(args=["--help"]))


def test_relative_imports_are_seen(tmp_path):
    fake = tmp_path / "tracker" / "pathdefs" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..cli import main\nfrom . import load\n")
    assert imports_of(fake, "tracker.pathdefs.x") == [
        (1, "tracker.cli.main"), (2, "tracker.pathdefs.load"),
    ]  # fmt: skip


def test_the_app_holds_no_sql_and_no_yaml():
    """The terminal app goes through the services: it never imports the store, a database
    library or the YAML reader itself, not even inside a function."""
    forbidden = ("tracker.store", "sqlalchemy", "sqlmodel", "alembic", "yaml")
    forbidden += ("tracker.pathdefs.yamltree", "tracker.pathdefs.validate")
    wrong = [
        f"{file.relative_to(REPO)}:{line} imports {imported}"
        for file in (PACKAGE / "tui").rglob("*.py")
        for line, imported in imports_of(
            file, ".".join(file.relative_to(REPO).with_suffix("").parts)
        )
        if imported.startswith(forbidden)
    ]
    assert wrong == []


def test_importing_the_app_loads_no_database_library():
    modules = sorted(
        ".".join(file.relative_to(REPO).with_suffix("").parts)
        for file in (PACKAGE / "tui").rglob("*.py")
    )
    loaded = modules_loaded_by("\n".join(f"import {module}" for module in modules))
    assert "textual" in loaded
    assert loaded.isdisjoint({"sqlalchemy", "sqlmodel", "alembic", "yaml"})
