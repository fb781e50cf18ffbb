"""`tracker batch [FILE]`: many commands in one process, for scripts.

Each line runs as the command would on its own (its own transaction, its own output, its own
failure), through the same parser, but without starting Python and typer again for each.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, BinaryIO

import typer

from tracker.cli.app import EXIT_ERRORS, EXIT_USAGE, CommandError, app
from tracker.errors import TrackerError, one_line

# Commands that wait for a person: a script has none, and a batch inside a batch would only
# hide which file a line number belongs to.
REFUSED = {
    "batch": "batch cannot run inside a batch",
    "tui": "tui is interactive; a batch runs commands only",
}
SHOWN_FAILED_LINES = 10


class LineFailed(Exception):
    """One line's failure, as its own process would have ended: a message and a status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@app.command()
def batch(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="The commands, one a line; - or none: stdin."),
    ] = None,
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going", help="Run every line even after one fails."),
    ] = False,
) -> None:
    """Run tracker commands from FILE or stdin, one a line, in one process.

    Each line is what would follow `tracker` in a shell, quotes included; blank lines and
    lines starting with # are skipped. For example:

    \b
        done dl-guide/small-datasets
        note dl-guide/small-datasets "start with MNIST"

    The options given before `batch` (--db, --user, --paths, --lang) apply to every line.
    Each line is its own transaction and prints what the command prints. The first line that
    fails stops the batch with `tracker: error: line N: ...` and that command's exit status
    (1, or 2 for a line that is not a valid command); --keep-going runs every line, reports
    each failure and ends with the highest status. tui, batch and note --edit are refused.
    """
    group = ctx.parent  # `tracker` itself: its settings are what every line inherits
    assert group is not None
    failed: list[tuple[int, int]] = []  # (line number, exit status)
    total = 0
    for number, line in _lines(file):
        total += 1
        try:
            _run(group, _split(line))
        except LineFailed as exc:
            if not keep_going:
                raise CommandError(f"line {number}: {exc}", exc.status) from None
            typer.echo(f"tracker: error: line {number}: {one_line(str(exc))}", err=True)
            failed.append((number, exc.status))
    if failed:
        numbers = ", ".join(str(number) for number, _ in failed[:SHOWN_FAILED_LINES])
        more = ", ..." if len(failed) > SHOWN_FAILED_LINES else ""
        lines = "line" if len(failed) == 1 else "lines"
        raise CommandError(
            f"{len(failed)} of {total} commands failed ({lines} {numbers}{more})",
            max(status for _, status in failed),
        )


def _lines(file: str | None) -> Iterator[tuple[int, bytes]]:
    """(line number, text) of each line with a command, read as the batch goes: a script may
    feed a pipe one command at a time and read each one's output before sending the next."""
    with _opened(file) as stream:
        for number, raw in enumerate(stream, start=1):
            line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw  # an editor's BOM
            line = line.strip()  # the line break, a CR of Windows line ends included
            if line and not line.startswith(b"#"):
                yield number, line


def _split(line: bytes) -> list[str]:
    try:
        return shlex.split(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise LineFailed("not UTF-8 text", EXIT_USAGE) from None
    except ValueError as exc:  # an unclosed quote or a trailing backslash
        raise LineFailed(f"{exc} (shell quoting)", EXIT_USAGE) from None


@contextmanager
def _opened(file: str | None) -> Iterator[BinaryIO]:
    if file is None or file == "-":
        yield sys.stdin.buffer  # left open: it belongs to the process
        return
    try:
        # A FIFO is fine here (`tracker batch <(make-commands)`): a batch reads a stream anyway.
        stream = open(file, "rb")  # noqa: SIM115  (closed just below)
    except OSError as exc:
        raise CommandError(f"cannot read {file}: {exc.strerror}") from None
    with stream:
        yield stream


def _run(group: typer.Context, args: list[str]) -> None:
    """Run one command line as a subcommand of `tracker`; LineFailed when it fails."""
    if not args:  # shlex found nothing to run
        return
    name = args[0]
    if name.startswith("-"):
        raise LineFailed(
            f"'{name}': options of tracker itself go before `batch` and apply to every line",
            EXIT_USAGE,
        )
    if name in REFUSED:
        raise LineFailed(REFUSED[name], EXIT_USAGE)
    try:
        _, command, rest = group.command.resolve_command(group, args)
    except Exception as exc:
        raise _failure(exc, "") from None
    try:
        with command.make_context(name, rest, parent=group) as line:
            if name == "note" and line.params.get("edit"):
                raise LineFailed("note --edit opens an editor; give the text instead", EXIT_USAGE)
            with _closing_engines():
                command.invoke(line)
    except (LineFailed, BrokenPipeError):  # nobody reads the output any more: the batch ends
        raise
    except typer.Exit as exc:  # a command that ends early, such as doctor with problems found
        if exc.exit_code:
            raise LineFailed(
                f"{name} ended with exit status {exc.exit_code}", exc.exit_code
            ) from None
    except Exception as exc:
        raise _failure(exc, f"{name}: ") from None


@contextmanager
def _closing_engines() -> Iterator[None]:
    """Close the database connections a line opened once it is done.

    Each command makes its own engine, as a process of its own would, and leaves its pooled
    connection open for the process's end. In a batch that end is far: unclosed, 500 lines
    would hold 500 connections (PostgreSQL refuses clients past max_connections, 100 by
    default) until the garbage collector happens to free their engines.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    used: set[Engine] = set()

    def seen(connection) -> None:
        used.add(connection.engine)

    event.listen(Engine, "engine_connect", seen)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", seen)
        for engine in used:
            engine.dispose()


def _failure(exc: Exception, usage_prefix: str) -> LineFailed:
    """How the line's process would have ended (see tracker.errors.reporting_errors)."""
    if isinstance(exc, TrackerError):  # the command's own errors, CommandError included
        return LineFailed(str(exc), exc.status)
    if isinstance(exc, typer.Abort):
        return LineFailed("aborted", EXIT_ERRORS)
    if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
        # The parser's usage errors (click's, or typer's copy of click in newer typers). Their
        # first line says it: `user` alone gives its whole help, starting with its usage.
        message = (exc.format_message().strip().splitlines() or ["bad usage"])[0]
        return LineFailed(f"{usage_prefix}{message}", exc.exit_code)
    if os.environ.get("TRACKER_DEBUG"):
        raise exc
    return LineFailed(
        f"internal error: {exc.__class__.__name__}: {exc} "
        "(run with TRACKER_DEBUG=1 for the traceback)",
        EXIT_ERRORS,
    )
