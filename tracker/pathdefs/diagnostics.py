"""Problems found in a path file, reported as `FILE:LINE:COLUMN: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class PathFileError(Exception):
    """A path file that cannot be loaded; `diagnostics` holds every problem found in it."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class Report:
    """Collects the diagnostics of one file, in the order they are found."""

    __slots__ = ("file", "items")

    def __init__(self, file: str):
        self.file = file
        self.items: list[Diagnostic] = []

    def error(self, line: int, column: int, message: str) -> None:
        self.items.append(Diagnostic(self.file, line, column, Severity.ERROR, message))

    def warning(self, line: int, column: int, message: str) -> None:
        self.items.append(Diagnostic(self.file, line, column, Severity.WARNING, message))

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.line, d.column))
