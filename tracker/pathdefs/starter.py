"""`tracker new`: a valid, commented path file to start from."""

from __future__ import annotations

import os
from pathlib import Path

from tracker import appdirs
from tracker.pathdefs.text import slug

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


def starter_text(path_id: str, file_name: str) -> str:
    title = path_id.replace("-", " ").capitalize()
    return STARTER.format(path_id=path_id, title=title, file_name=file_name)


def write_starter(path_id: str, *, folder: Path | None = None, force: bool = False) -> Path:
    """Write `<folder>/<path_id>.yaml` (the learner's paths folder by default)."""
    if slug(path_id) != path_id or len(path_id) > 64:
        raise StarterError(
            f"invalid path id '{path_id}'; use lowercase letters, digits and '-', "
            "starting with a letter or digit"
        )
    folder = folder or appdirs.user_paths_dir()
    file = folder / f"{path_id}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
        with os.fdopen(os.open(file, flags, 0o644), "w", encoding="utf-8") as stream:
            stream.write(starter_text(path_id, file.name))
    except FileExistsError:
        raise StarterError(f"{file} already exists; pass --force to overwrite it") from None
    except OSError as exc:
        raise StarterError(f"cannot write {file}: {exc.strerror or exc}") from None
    return file
