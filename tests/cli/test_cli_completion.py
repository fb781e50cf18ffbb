"""A part with nothing left to count shows no percentage in `show` and `stats`: it says why."""

from __future__ import annotations

import json
import re

import pytest

from tests.cli.conftest import ok

pytestmark = pytest.mark.usefixtures("cli_database")

SKIPPED_ONLY = """\
format: 1
id: skippable
title: Skippable
levels:
  - id: only
    title: Only
    steps:
      - id: one
        title: One
        items:
          - {id: a, title: A}
          - {id: b, title: B}
          - {id: extra, title: Extra, optional: true}
"""


def line_of(out: str, title: str) -> str:
    (found,) = [line for line in out.splitlines() if f"  {title}  " in line]
    return found


def test_show_says_not_followed_and_optional_instead_of_a_full_bar(cli):
    ok(cli("unfollow", "dl-learning-path", "cv", "speech", "rl"))
    out = ok(cli("show", "dl-learning-path")).out
    assert "100% (0/0)" not in out
    assert "(0/0)" not in out
    assert line_of(out, "Deep learning for computer vision").endswith("  not followed")
    assert line_of(out, "Why deep learning").endswith("  optional")
    nlp = line_of(out, "Deep learning for natural language processing")
    assert re.search(r"  0% \(0/3\)$", nlp)  # the followed track still counts


def test_show_json_gives_a_null_percent_and_the_reason(cli):
    ok(cli("unfollow", "dl-learning-path", "cv", "speech", "rl"))
    document = json.loads(ok(cli("show", "dl-learning-path", "--json")).out)
    steps = {step["id"]: step for level in document["levels"] for step in level["steps"]}
    assert steps["cv-adventure"]["completion"] == {
        "done": 0, "skipped": 0, "counted": 0, "percent": None, "reason": "not followed",
    }  # fmt: skip
    assert steps["why-deep-learning"]["completion"]["reason"] == "optional"
    tracks = {track["id"]: track["completion"] for track in document["tracks"]}
    assert tracks["cv"]["percent"] is None
    assert tracks["nlp"]["percent"] == 0


def test_every_counted_item_skipped_says_skipped_up_to_the_path(cli, write_path, tmp_path):
    write_path("skippable.yaml", text=SKIPPED_ONLY)
    ok(cli("--paths", tmp_path, "skip", "skippable/a", "skippable/b"))
    out = ok(cli("--paths", tmp_path, "show", "skippable")).out
    assert "%" not in out
    assert out.splitlines()[0] == "Skippable  skipped"
    assert line_of(out, "One").endswith("  skipped")
    stats = ok(cli("--paths", tmp_path, "stats", "skippable")).out
    assert "  completion: skipped\n" in stats
    assert "%" not in stats
    entry = json.loads(ok(cli("--paths", tmp_path, "stats", "skippable", "--json")).out)
    assert entry["paths"][0]["completion"]["percent"] is None
    assert entry["paths"][0]["completion"]["reason"] == "skipped"
    assert entry["overall"]["completion"]["percent"] is None
