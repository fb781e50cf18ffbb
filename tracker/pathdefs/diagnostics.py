"""Problems found in a path file, reported as `FILE:LINE:COLUMN: severity: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_DIAGNOSTICS = 500  # per file: a broken generated file must not print megabytes

# Line breaks and other invisible characters would split or hide a diagnostic line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with line breaks and control characters written as escapes."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def shown(value: str, limit: int = 60) -> str:
    """A value of the file as it appears in a message: on one line, and not too long."""
    value = one_line(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


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
        where = f"{one_line(self.file)}:{self.line}:{self.column}"
        return f"{where}: {self.severity.value}: {one_line(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class PathFileError(Exception):
    """A path file that cannot be loaded; `diagnostics` holds every problem found in it."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class Report:
    """Collects the diagnostics of one file, in the order they are found, up to a limit."""

    __slots__ = ("dropped", "dropped_errors", "file", "first_dropped", "items")

    def __init__(self, file: str):
        self.file = file
        self.items: list[Diagnostic] = []
        self.dropped = self.dropped_errors = 0
        self.first_dropped: tuple[int, int] = (1, 1)

    def error(self, line: int, column: int, message: str) -> None:
        self._add(line, column, Severity.ERROR, message)

    def warning(self, line: int, column: int, message: str) -> None:
        self._add(line, column, Severity.WARNING, message)

    def _add(self, line: int, column: int, severity: Severity, message: str) -> None:
        if len(self.items) < MAX_DIAGNOSTICS:
            self.items.append(Diagnostic(self.file, line, column, severity, message))
            return
        if not self.dropped:
            self.first_dropped = (line, column)
        self.dropped += 1
        self.dropped_errors += severity is Severity.ERROR

    @property
    def has_errors(self) -> bool:
        return self.dropped_errors > 0 or any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        found = sorted(self.items, key=lambda d: (d.line, d.column))
        if self.dropped:
            severity = Severity.ERROR if self.dropped_errors else Severity.WARNING
            line, column = self.first_dropped
            message = f"{self.dropped} more problems are not shown"
            found.append(Diagnostic(self.file, line, column, severity, message))
        return found
