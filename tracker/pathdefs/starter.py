"""`tracker new`: a valid, commented path file to start from."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tracker import appdirs
from tracker.pathdefs.load import parse_path
from tracker.pathdefs.syntax import is_id, not_a_path_id
from tracker.pathdefs.validate import implicit_type

STARTER = """\
# A tracker path: levels of steps of items. The format is described in tracker's README;
# `tracker validate {file_name}` checks this file, `tracker schema` gives editors a schema.
format: 1
id: {path_id}
title: {title}
summary: What this path is about, in a sentence or two. Markdown works here.
lang: en                 # the language of plain strings
# source: {{title: Where the roadmap comes from, url: https://example.org/}}
tags: [starter]
tracks:                  # optional: parallel specialisations; learners follow all by default
  - id: practice
    title: Hands-on practice
levels:
  - id: basics
    title: The basics
    estimate: 2-4w       # 45m, 2h, 3d, 1-3w, 2-6mo; a range counts as its midpoint
    steps:
      - id: first-steps
        title: First steps
        items:
          - id: read-an-introduction      # ids never change, so progress survives new titles
            title: Read an introduction
            kind: read                    # read, watch, course, book, paper, code, practice,
                                          # project, tool or community
            estimate: 1h
            summary: Pick a short introduction and read it **once** end to end.
            resources:
              - title: Python tutorial
                url: https://docs.python.org/3/tutorial/
                kind: read
          - id: try-it-yourself
            title: {{en: Try it yourself, zh: 动手试试}}
            kind: practice
            track: practice               # only for learners who follow this track
            requires: [read-an-introduction]
          - id: going-further
            title: Going further
            kind: project
            optional: true                # can be done; does not count toward completion
"""


class StarterError(Exception):
    pass


class InvalidPathId(StarterError):
    pass


def _scalar(text: str) -> str:
    """`text` as YAML reads it back as a string: quoted when it would read as a number etc."""
    return json.dumps(text) if implicit_type(text) is not None else text


def starter_text(path_id: str, file_name: str) -> str:
    title = path_id.replace("-", " ").capitalize()
    return STARTER.format(path_id=_scalar(path_id), title=_scalar(title), file_name=file_name)


def write_starter(path_id: str, *, folder: Path | None = None, force: bool = False) -> Path:
    """Write `<folder>/<path_id>.yaml` (the learner's paths folder by default)."""
    if not is_id(path_id):
        raise InvalidPathId(not_a_path_id(path_id))
    folder = folder or appdirs.user_paths_dir()
    file = folder / f"{path_id}.yaml"
    text = starter_text(path_id, file.name)
    problems = parse_path(text.encode("utf-8"), file.name).diagnostics
    if problems:  # the template is ours: never hand a learner a file that does not load
        raise StarterError(f"the starter for '{path_id}' would not load: {problems[0]}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    try:
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
        with os.fdopen(os.open(file, flags, 0o644), "w", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise StarterError(f"{file} already exists; pass --force to overwrite it") from None
    except OSError as exc:
        raise StarterError(f"cannot write {file}: {exc.strerror or exc}") from None
    return file
