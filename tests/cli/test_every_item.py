"""Every item-level command on every item of every shipped path, in one `tracker batch
--keep-going` run: marks, notes, ticks by number and by URL, unticks, time, evidence (listed
and removed), reviews and `show PATH/ITEM`, text and JSON. Whatever an item holds (titles in
two languages, resources or none, papers, optional items, tracks), no command may end in an
internal error.
"""

from __future__ import annotations

import json
import shlex

import pytest

from tests.conftest import SHIPPED
from tracker.pathdefs.load import load_path_file
from tracker.pathdefs.model import Item, PathDef

pytestmark = pytest.mark.sqlite_only  # the commands are under test here, not the backend

NOTE = "Notes may hold 'quotes', [markup] and 中文"
PROOF = "https://example.org/proof"
CHUNK = 40  # refs on one marking line


def shipped_paths() -> list[PathDef]:
    paths = []
    for file in sorted(SHIPPED.glob("*.yaml")):
        result = load_path_file(file)
        assert result.path is not None, "\n".join(map(str, result.diagnostics))
        paths.append(result.path)
    return paths


def line(*words: str) -> str:
    return shlex.join(words)


def marks(command: str, path: PathDef, items: list[Item], *options: str) -> list[str]:
    """One command over many items, a few dozen at a time."""
    refs = [f"{path.id}/{item.id}" for item in items]
    return [line(command, *options, *refs[at : at + CHUNK]) for at in range(0, len(refs), CHUNK)]


def commands(paths: list[PathDef]) -> list[str]:
    """Every command in an order that makes it valid: an item is ticked before it is unticked,
    and done before its evidence is listed and its review is answered."""
    script = []
    for path in paths:
        items = list(path.items())
        papers = [item for item in items if item.kind == "paper"]
        script += marks("doing", path, items)
        script += marks("doing", path, papers, "--depth", "skimmed") if papers else []
        script += marks("skip", path, items)
        script += marks("todo", path, items)
        for item in items:
            ref = f"{path.id}/{item.id}"
            script.append(line("note", ref, NOTE))
            if item.resources:  # the first by number, the last by URL, then the first off
                script.append(line("tick", ref, "1", item.resources[-1].url))
                script.append(line("untick", ref, "1"))
            script.append(line("spent", ref, "45m"))
        script += marks("done", path, items, "--evidence", PROOF, "--metric", "score=0.9")
        script += marks("done", path, papers, "--depth", "implemented") if papers else []
        for number, item in enumerate(items):
            ref = f"{path.id}/{item.id}"
            odd = number % 2 == 1  # each form of evidence and review on every path
            script.append(line("evidence", ref, *(["--json"] if odd else [])))
            if removes_metric(number):
                script.append(line("evidence", ref, "--remove", "2"))
            script.append(line("review", ref, "--pass" if odd else "--fail", "--early"))
            script.append(line("show", ref))
            script.append(line("show", ref, "--json"))
        script += [
            line("show", path.id),
            line("show", path.id, "--json"),
            line("spent", path.id),
            line("spent", path.id, "--json"),
            line("review", path.id, "--json"),
        ]
    return script


def removes_metric(number: int) -> bool:
    """Every third item has its second piece of evidence (the metric) removed."""
    return number % 3 == 0


def test_every_item_level_command_runs_on_every_shipped_item(cli, tmp_path):
    paths = shipped_paths()
    assert {path.id for path in paths} >= {"dl-learning-path", "dl-papers", "ml-frameworks"}
    script = tmp_path / "every-item.txt"
    script.write_text("\n".join(commands(paths)) + "\n", encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'progress.db'}"

    result = cli("--db", database, "--lang", "zh", "batch", str(script), "--keep-going")

    failures = [text for text in result.err.splitlines() if text.startswith("tracker: error")]
    assert failures == [], "\n".join(failures[:20])
    assert result.status == 0
    for output in (result.out, result.err):
        assert "internal error" not in output
        assert "Traceback" not in output
    assert_recorded(cli, database, paths)


def assert_recorded(cli, database: str, paths: list[PathDef]) -> None:
    """What the batch left, as `show PATH/ITEM --json` reads it back for a few items."""
    for path in paths:
        items = list(path.items())
        for number in range(0, len(items), max(1, len(items) // 5)):
            item = items[number]
            shown = cli("--db", database, "show", f"{path.id}/{item.id}", "--json")
            assert shown.status == 0, shown
            found = json.loads(shown.out)
            last_only = len({r.url for r in item.resources}) > 1  # 1 ticked then unticked
            proofs = 1 if removes_metric(number) else 2
            recorded = (found["status"], found["note"], found["spent_seconds"], found["ticked"])
            assert recorded == ("done", NOTE, 45 * 60, int(last_only)), (path.id, item.id)
            assert len(found["evidence"]) == proofs, (path.id, item.id)
