"""The first commands: --version, validate, paths, schema, new."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import jsonschema
import pytest
import yaml

from tests.conftest import SHIPPED
from tracker import __version__, appdirs
from tracker.pathdefs.discover import path_files, shipped_paths_dir

BROKEN = "format: 1\nid: broken\ntitle: Broken\nlevels:\n  - id: a\n    title: A\n    steps: []\n"


def test_version(cli):
    result = cli("--version")
    assert (result.status, result.out) == (0, f"tracker {__version__}\n")


def test_no_arguments_shows_help(cli):
    result = cli()
    assert result.status == 0
    assert "Usage: tracker" in result.out + result.err
    for command in ("validate", "paths", "schema", "new"):
        assert command in result.out + result.err


def test_validate_the_shipped_paths(cli):
    result = cli("validate", SHIPPED)
    assert result.status == 0
    assert result.out == ""
    assert result.err == "6 files checked: 0 errors, 0 warnings\n"


def test_validate_reports_every_problem_and_exits_1(cli, write_path, tmp_path):
    good = write_path("good.yaml")
    bad = write_path("bad.yaml", text=BROKEN)
    result = cli("validate", good, bad)
    assert result.status == 1
    assert (
        result.out == f"{bad}:7:12: error: 'steps' is empty; this level needs at least one step\n"
    )
    assert result.err == "2 files checked: 1 error, 0 warnings\n"


def test_validate_a_fifo_says_so_without_waiting_for_a_writer(cli, tmp_path):
    fifo = tmp_path / "path.yaml"
    os.mkfifo(fifo)
    result = cli("validate", fifo)
    assert (result.status, result.out) == (
        1,
        f"{fifo}:1:1: error: cannot read the file: not a regular file (a pipe or device)\n",
    )


def test_validate_a_folder_checks_its_path_files(cli, write_path, tmp_path):
    write_path("a.yaml")
    write_path("b.yml", text=BROKEN)
    result = cli("validate", tmp_path)
    assert result.status == 1
    assert result.out.startswith(f"{tmp_path / 'b.yml'}:7:12: error:")


def test_validate_warns_about_a_path_id_used_twice(cli, write_path, tmp_path):
    first = write_path("one.yaml", path_id="same")
    second = write_path("two.yaml", path_id="same")
    result = cli("validate", first, second)
    assert result.status == 0
    assert f"{second}:1:1: warning: path id 'same' is already loaded from {first}" in result.out


def test_validate_bad_usage_exits_2(cli, tmp_path):
    assert cli("validate").status == 2
    missing = cli("validate", tmp_path / "missing.yaml")
    assert missing.status == 2
    assert "does not exist" in missing.err
    empty = cli("validate", tmp_path)
    assert empty.status == 2
    assert (
        empty.err == f"tracker: error: {tmp_path}: no path files (*.yaml, *.yml) in this folder\n"
    )


def test_paths_json_lists_every_shipped_path(cli):
    result = cli("paths", "--json")
    assert result.status == 0
    rows = json.loads(result.out)
    assert [row["id"] for row in rows] == [f.stem for f in path_files(shipped_paths_dir())]
    for row in rows:
        assert set(row) == {"id", "title", "levels", "items", "tracks", "file"}
        assert os.path.isfile(row["file"])
    guide = next(row for row in rows if row["id"] == "dl-guide")
    assert (guide["levels"], guide["items"], guide["tracks"]) == (
        4,
        106,
        ["cv", "nlp", "speech", "rl"],
    )


def test_paths_honours_language(cli):
    chinese = {
        row["id"]: row["title"] for row in json.loads(cli("--lang", "zh", "paths", "--json").out)
    }
    english = {
        row["id"]: row["title"] for row in json.loads(cli("--lang", "en", "paths", "--json").out)
    }
    assert chinese["dl-learning-path"] != english["dl-learning-path"]
    assert any("\u4e00" <= c <= "\u9fff" for c in chinese["dl-learning-path"])


def test_paths_from_option_and_environment_come_first(cli, write_path, tmp_path, monkeypatch):
    write_path("mine.yaml", path_id="mine", folder=tmp_path / "option")
    write_path("dl-guide.yaml", path_id="dl-guide", title="My guide", folder=tmp_path / "env")
    monkeypatch.setenv("TRACKER_PATHS", str(tmp_path / "env"))
    result = cli("--paths", tmp_path / "option", "paths", "--json")
    rows = {row["id"]: row for row in json.loads(result.out)}
    assert list(rows)[:2] == ["mine", "dl-guide"]
    assert rows["dl-guide"]["title"] == "My guide"
    assert "path id 'dl-guide' is already loaded from" in result.err


def test_paths_lists_broken_files_on_stderr_and_the_rest_on_stdout(cli, write_path, tmp_path):
    write_path("broken.yaml", text=BROKEN, folder=tmp_path / "mine")
    result = cli("--paths", tmp_path / "mine", "paths")
    assert result.status == 0
    assert "broken.yaml:7:12: error: 'steps' is empty" in result.err
    assert "dl-guide" in result.out


def test_paths_option_must_be_a_folder(cli, tmp_path, write_path):
    assert cli("--paths", tmp_path / "nowhere", "paths").status == 2
    assert cli("--paths", write_path("file.yaml"), "paths").status == 2


def test_schema_is_a_json_schema_that_accepts_the_shipped_paths(cli):
    schema = json.loads(cli("schema").out)
    jsonschema.Draft7Validator.check_schema(schema)
    for file in path_files(SHIPPED):
        jsonschema.validate(yaml.safe_load(file.read_text(encoding="utf-8")), schema)


def test_schema_rejects_what_the_format_refuses(cli):
    schema = json.loads(cli("schema").out)
    validator = jsonschema.Draft7Validator(schema)
    base = yaml.safe_load((SHIPPED / "dl-guide.yaml").read_text(encoding="utf-8"))
    item = base["levels"][0]["steps"][0]["items"][0]
    for key, value in [
        ("kind", "vidoe"),
        ("estimate", "2 weeks"),
        ("id", "Bad Id"),
        ("colour", "red"),
    ]:
        broken = {**item, key: value}
        base["levels"][0]["steps"][0]["items"][0] = broken
        assert not validator.is_valid(base), key
    base["levels"][0]["steps"][0]["items"][0] = item
    assert validator.is_valid(base)


def test_new_writes_a_valid_commented_starter(cli):
    result = cli("new", "my-path")
    file = appdirs.user_paths_dir() / "my-path.yaml"
    assert result.status == 0
    assert result.out == f"{file}\n"
    assert "# " in file.read_text(encoding="utf-8")
    check = cli("validate", file)
    assert (check.status, check.out) == (0, "")
    assert "my-path" in [row["id"] for row in json.loads(cli("paths", "--json").out)]


def test_new_never_overwrites_without_force(cli):
    cli("new", "my-path")
    file = appdirs.user_paths_dir() / "my-path.yaml"
    file.write_text("# my work\n", encoding="utf-8")
    again = cli("new", "my-path")
    assert again.status == 1
    assert again.err == f"tracker: error: {file} already exists; pass --force to overwrite it\n"
    assert file.read_text(encoding="utf-8") == "# my work\n"
    assert cli("new", "my-path", "--force").status == 0
    assert file.read_text(encoding="utf-8") != "# my work\n"


def test_new_refuses_a_bad_id(cli):
    result = cli("new", "My Path")
    assert result.status == 2
    assert "invalid path id 'My Path'" in result.err
    assert not appdirs.user_paths_dir().exists()


def test_new_says_when_another_path_with_the_id_comes_first(cli, write_path, tmp_path):
    write_path("x.yaml", path_id="taken", folder=tmp_path / "first")
    result = cli("--paths", tmp_path / "first", "new", "taken")
    assert result.status == 0
    assert "a path 'taken' is also loaded from" in result.err


def test_a_missing_folder_in_tracker_paths_is_reported(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_PATHS", str(tmp_path / "typo"))
    result = cli("paths")
    assert result.status == 0
    expected = f"tracker: warning: TRACKER_PATHS names no folder: {tmp_path / 'typo'}"
    assert expected in result.err


def test_a_bad_language_is_bad_usage(cli, monkeypatch):
    assert cli("--lang", "English", "paths").status == 2
    monkeypatch.setenv("TRACKER_LANG", "zh-Hant")
    assert cli("paths", "--json").status == 0


def test_validate_checks_a_file_given_twice_once(cli, write_path, tmp_path):
    file = write_path("a.yaml")
    result = cli("validate", file, tmp_path / "." / "a.yaml", tmp_path)
    assert result.status == 0
    assert result.err == "1 file checked: 0 errors, 0 warnings\n"


def test_schema_help_keeps_the_editor_line_whole(cli):
    assert "    # yaml-language-server: $schema=path.schema.json" in cli("schema", "--help").out


@pytest.mark.parametrize("path_id", ["2024", "no", "on", "null", "1e3", "abc-", "a--b"])
def test_new_writes_a_loadable_file_for_any_valid_id(cli, path_id):
    result = cli("new", path_id)
    assert result.status == 0, result.err
    file = appdirs.user_paths_dir() / f"{path_id}.yaml"
    check = cli("validate", file)
    assert (check.status, check.out) == (0, "")
    ids = [row["id"] for row in json.loads(cli("paths", "--json").out)]
    assert path_id in ids


@pytest.mark.parametrize("path_id", ["", "a_b", "A", "a b", "a" * 65])
def test_new_refuses_an_invalid_id_as_bad_usage(cli, path_id):
    result = cli("new", path_id)
    assert result.status == 2
    assert "invalid path id" in result.err


def test_new_says_when_the_folder_cannot_be_made(cli):
    appdirs.data_dir().mkdir(parents=True)
    appdirs.user_paths_dir().write_text("a file in the way")
    result = cli("new", "my-path", "--force")
    assert result.status == 1
    assert result.err.startswith(
        f"tracker: error: cannot create the folder {appdirs.user_paths_dir()}"
    )


def schema_patterns(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in schema_patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in schema_patterns(value)]
    return []


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to compile JavaScript")
def test_schema_patterns_are_javascript_regular_expressions(cli):
    """Editors check the schema with JavaScript's RegExp (unicode mode, as ajv does)."""
    patterns = sorted(set(schema_patterns(json.loads(cli("schema").out))))
    assert len(patterns) >= 4
    script = (
        "const [patterns, samples] = JSON.parse(process.argv[1]);"
        "const compiled = patterns.map((p) => new RegExp(p, 'u'));"
        "console.log(JSON.stringify(samples.map(([i, s]) => compiled[i].test(s))));"
    )
    url = patterns.index(next(p for p in patterns if "[Hh][Tt]" in p))
    samples = [
        [url, "HTTPS://Example.org/a?b#c"],
        [url, "https://example.org/a b"],
        [url, "ftp://x"],
    ]
    run = subprocess.run(
        ["node", "-e", script, json.dumps([patterns, samples])],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(run.stdout) == [True, False, False]
