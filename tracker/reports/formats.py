"""The report formats, what they are for, and which a file name asks for. Light: the CLI
imports it to parse its options before anything else loads."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from tracker.pathdefs.model import PathDef


class Format(StrEnum):
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


SUFFIXES = {
    ".md": Format.md, ".markdown": Format.md, ".html": Format.html, ".htm": Format.html,
    ".csv": Format.csv, ".json": Format.json,
}  # fmt: skip
DESCRIPTIONS = {
    Format.md: "Markdown: a GitHub task list",
    Format.html: "HTML: one self-contained page, printable",
    Format.csv: "CSV: one row per item, for spreadsheets",
    Format.json: "JSON: versioned, for scripts",
}


def format_for(output: Path | None, chosen: Format | None = None) -> Format:
    """The format asked for; else the one the file's suffix names; else Markdown."""
    if chosen is not None:
        return chosen
    return SUFFIXES.get(output.suffix.lower() if output else "", Format.md)


def default_file_name(paths: list[PathDef], chosen: Format) -> str:
    stem = paths[0].id if len(paths) == 1 else "progress"
    return f"{stem}-report.{chosen.value}"
