"""The app's access to paths and progress.

Every method but `call` blocks: `call` runs one in a thread, one at a time, so that the event
loop never waits on a disk or a database and writes land in the order the learner made them.
The services (and with them SQLAlchemy) are imported inside the methods: the library screen
is painted from the path cache before any of them is loaded.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tracker.pathdefs.discover import Library, path_files, path_folders
from tracker.pathdefs.model import Item, Level, PathDef, Step
from tracker.settings import Settings
from tracker.tui import lastrun
from tracker.vocabulary import count

if TYPE_CHECKING:
    from tracker.reports.formats import Format
    from tracker.services.dashboard import Place
    from tracker.services.evidence import Proof
    from tracker.services.insights import StatsView
    from tracker.services.learners import LearnerInfo
    from tracker.services.records import PathRecords
    from tracker.services.reviews import Review
    from tracker.services.standing import Outline

Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class Reloaded:
    """What a reload of the path files found: files that now fail keep their last good path."""

    library: Library
    kept: list[str]  # one message per file whose last good version stays on screen


@dataclass(frozen=True, slots=True)
class ExportDone:
    """A report written: where (absolute), in which format, for how many learners."""

    file: Path
    format: Format
    learners: int


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A review due, with what the review screen shows of its item."""

    path: PathDef
    level: Level
    step: Step
    item: Item
    note: str
    evidence: list[Proof]
    review: Review


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    """The reviews due now, the longest overdue first, and when the next one falls due."""

    due: list[ReviewCard]
    next_due: datetime | None  # of a review not due yet; None when none is waiting


@dataclass(slots=True)
class Reading:
    """Something read for the next start's first paint, and the database's state before."""

    stamp: Any  # change_stamp as last seen: as of the read or older
    key: list | None  # lastrun.key, taken before the read
    learner_id: int
    save: Callable[[list | None], None]  # keeps it under a key
    kept: bool = False


class Backend:
    def __init__(
        self,
        settings: Settings,
        library: Library | None = None,
        opening: str | None = None,
    ):
        self.settings = settings
        self.lang = settings.lang
        self.library = library
        self.engine = None
        self.learner: LearnerInfo | None = None
        self._stamp: Any = None
        self._files: lastrun.Files = {}
        self._lock = asyncio.Lock()
        self.cached_figures: lastrun.Figures | None = None
        # The path to open's standing as last run read it, when still current: painted
        # before the database (and SQLAlchemy, half a second) has loaded.
        self.kept_outline: Outline | None = None
        self._figures_read: Reading | None = None  # kept for the next start's first paint
        self._standing_read: Reading | None = None  # the same, of the path last read
        if library is not None:  # loaded before the app started: so is the rest
            self._remember_files()
            if opening in library.paths:
                self.kept_outline = self._kept_outline(library.paths[opening])

    async def call(self, function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
        async with self._lock:
            return await asyncio.to_thread(function, *args, **kwargs)

    # Paths

    def load_library(self) -> Library:
        from tracker.pathdefs.discover import default_library

        files = self._file_signatures()  # before loading: an edit meanwhile is seen later
        self.library = default_library(self.settings.path_dirs)
        self._remember_files(files)
        return self.library

    def _remember_files(self, files: dict | None = None) -> None:
        """The path files' state, to see edits; and the figures they had last run."""
        self._files = files if files is not None else self._file_signatures()
        self.cached_figures = lastrun.load_figures(self.settings, self._files)

    def _kept_outline(self, path: PathDef) -> Outline | None:
        from tracker.services.standing import outline

        progress = lastrun.load_standing(self.settings, self._files, path)
        return outline(progress) if progress is not None else None

    def path(self, path_id: str) -> PathDef:
        from tracker.services.errors import ServiceError

        assert self.library is not None
        path = self.library.paths.get(path_id)
        if path is None:
            raise ServiceError(f"no path '{path_id}'")
        return path

    def files_changed(self) -> bool:
        return self._file_signatures() != self._files

    def reload_library(self) -> Reloaded:
        """Load the path files again (the cache parses only the changed ones). A file that
        now has errors keeps its last good path, so the screen and progress stay put."""
        from tracker.pathdefs.discover import default_library

        self._files = self._file_signatures()
        fresh = default_library(self.settings.path_dirs)
        old = self.library or Library()
        by_file = {path.file: path for path in old.paths.values()}
        kept = []
        for result in fresh.broken:
            good = by_file.get(result.file)
            if good is not None and good.id not in fresh.paths:
                fresh.paths[good.id] = good
                kept.append(
                    f"{result.file} has {count(len(result.errors), 'error')}; the last good "
                    f"version of '{good.id}' stays. {result.errors[0] if result.errors else ''}"
                )
        self.library = fresh
        return Reloaded(fresh, kept)

    def _file_signatures(self) -> dict[Path, tuple[int, int]]:
        signatures = {}
        for folder in path_folders(self.settings.path_dirs):
            for file in path_files(folder):
                try:
                    stat = file.stat()
                except OSError:
                    continue
                signatures[file] = (stat.st_size, stat.st_mtime_ns)
        return signatures

    # Database

    def open_database(self) -> LearnerInfo:
        from tracker.services.learners import current_learner
        from tracker.services.workspace import open_database

        self.engine = open_database(self.settings)
        self.learner = current_learner(self.engine, self.settings.user)
        self._stamp = self._read_stamp()
        return self.learner

    def changed_elsewhere(self) -> bool:
        """Whether another process (or learner) has written since we last looked."""
        stamp = self._read_stamp()
        changed, self._stamp = stamp != self._stamp, stamp
        return changed

    def _read_stamp(self) -> Any:
        from tracker.services.dashboard import change_stamp

        return change_stamp(self.engine)

    def _wrote(self, result: Result) -> Result:
        # Our own write is no news from elsewhere.
        self._stamp = self._read_stamp()
        return result

    def summaries(self) -> lastrun.Figures:
        """Each path's completion and last activity; kept for the next start."""
        from tracker.services.dashboard import path_summaries

        assert self.library is not None
        assert self.learner is not None
        stamp, key = self._stamp, lastrun.key(self.settings, self._files)  # see lastrun.py
        found = {
            path_id: (summary.completion, summary.last_activity)
            for path_id, summary in path_summaries(
                self.engine, self.learner.id, self.library.paths.values()
            ).items()
        }
        save = lambda key: lastrun.save_figures(key, found)  # noqa: E731
        self._figures_read = Reading(stamp, key, self.learner.id, save)
        self._keep(self._figures_read)
        return found

    def _next_start_opens(self, learner: LearnerInfo) -> bool:
        """Whether a start with these settings opens this learner: the one they name, or
        the active one (a switch in the app makes the new learner the active one)."""
        return self.settings.user in (None, learner.name)

    def last_place(self) -> Place | None:
        from tracker.services.dashboard import last_place

        assert self.library is not None
        assert self.learner is not None
        return last_place(self.engine, self.learner.id, self.library.paths)

    def outline(self, path_id: str) -> Outline:
        from tracker.services.progress import path_progress
        from tracker.services.standing import outline

        assert self.learner is not None
        stamp, key = self._stamp, lastrun.key(self.settings, self._files)  # see lastrun.py
        progress = path_progress(self.engine, self.learner.id, self.path(path_id))
        save = lambda key: lastrun.save_standing(key, progress)  # noqa: E731
        self._standing_read = Reading(stamp, key, self.learner.id, save)
        return outline(progress)

    def path_view(self, path_id: str) -> tuple[Outline, PathRecords]:
        """The standing and everything else recorded on the path's items, read together."""
        from tracker.services.records import path_records

        assert self.learner is not None
        found = self.outline(path_id)
        return found, path_records(self.engine, self.learner.id, found.progress)

    def keep_latest(self) -> None:
        """Keep the standing last read for the next start's first paint, once per reading.
        The key was taken before the read, so a write since then makes it old, never wrong."""
        if self._standing_read is not None:
            self._keep(self._standing_read)

    def _keep(self, reading: Reading) -> None:
        if not reading.kept and self._keepable(reading):
            reading.save(reading.key)
            reading.kept = True

    def keep_at_exit(self) -> None:
        """Keep what was read last again, under the key the database has once closed, when
        no one has written since the read. Blocks: call it once the app has stopped."""
        readings = [
            reading
            for reading in (self._figures_read, self._standing_read)
            if reading is not None and self._keepable(reading)
        ]
        if not readings or self.engine is None:
            return
        # Closing the last connection makes SQLite fold its write-ahead log into the file:
        # now, before the key is taken, rather than at exit, which would make it old.
        self.engine.dispose()
        key = lastrun.key(self.settings, self._files)
        unchanged = self._read_stamp()  # and a write after this changes the key
        self.engine.dispose()
        for reading in readings:
            if reading.stamp == unchanged:
                reading.save(key)

    def _keepable(self, reading: Reading) -> bool:
        learner = self.learner
        return (
            learner is not None
            and learner.id == reading.learner_id
            and self._next_start_opens(learner)
        )

    def mark(
        self,
        path_id: str,
        item_ids: Iterable[str],
        status: str,
        expected: Mapping[str, str] | None = None,
    ) -> int:
        from tracker.services.progress import mark

        assert self.learner is not None
        changes = mark(
            self.engine, self.learner.id, self.path(path_id), item_ids, status, expected=expected
        )
        return self._wrote(len(changes))

    def mark_depth(self, path_id: str, item_id: str, depth: str, expected: str) -> str:
        """How far a paper was taken (skimmed, read, implemented); returns its new status."""
        from tracker.services.progress import DEPTH_STATUS, mark

        assert self.learner is not None
        path = self.path(path_id)
        status = DEPTH_STATUS[depth]  # mark checks the item is a paper
        expect = {item_id: expected}
        mark(self.engine, self.learner.id, path, [item_id], status, expected=expect, depth=depth)
        return self._wrote(status)

    def done_with_evidence(
        self, path_id: str, item_id: str, link: str, measured: str, seen: str
    ) -> int:
        """Mark the item done (if not yet) with a link or file and a metric, either may be
        empty; one write. Returns how many pieces of evidence were given."""
        from tracker.services.evidence import link_or_file, metric
        from tracker.services.progress import mark

        assert self.learner is not None
        proofs = [link_or_file(link)] if link.strip() else []
        proofs += [metric(measured)] if measured.strip() else []
        path = self.path(path_id)
        expect = {item_id: seen}
        mark(
            self.engine, self.learner.id, path, [item_id], "done", expected=expect, evidence=proofs
        )
        return self._wrote(len(proofs))

    def tick(self, path_id: str, item_id: str, number: int, ticked: bool) -> int:
        """Tick (or untick) the item's resource `number` (1-based); how many changed."""
        from tracker.services.errors import ServiceError
        from tracker.services.ticks import pick_resources, tick

        assert self.learner is not None
        path = self.path(path_id)
        item = path.find_item(item_id)
        if item is None:  # the path file changed under the screen
            raise ServiceError(f"'{item_id}' is no longer on the path")
        resources = pick_resources(item, [str(number)])
        return self._wrote(tick(self.engine, self.learner.id, path, item, resources, ticked))

    def log_time(self, path_id: str, item_id: str, seconds: int, now: datetime) -> int:
        """Add time spent on an item; returns its new total in seconds."""
        from tracker.services.timelog import log_time

        assert self.learner is not None
        path = self.path(path_id)
        return self._wrote(log_time(self.engine, self.learner.id, path, item_id, seconds, now))

    def review_queue(self, now: datetime) -> ReviewQueue:
        """The reviews due by `now` over the paths the learner has started; an item carried
        into a fork once, on the fork."""
        from tracker.services.progress import path_progress, started_paths
        from tracker.services.records import path_records
        from tracker.services.reviews import item_copies, listed_once

        assert self.learner is not None
        assert self.library is not None
        started = started_paths(self.engine, self.learner.id)
        copies = item_copies(self.engine, self.learner.id)
        cards, waiting = [], []
        for path in self.library.paths.values():
            if path.id not in started:
                continue
            progress = path_progress(self.engine, self.learner.id, path)
            records = path_records(self.engine, self.learner.id, progress, copies)
            places = {
                item.id: (level, step) for level in path.levels for step in level.steps
                for item in step.items
            }  # fmt: skip
            for review in records.reviews.values():
                if not review.is_due(now):
                    waiting.extend([review.due] if review.due is not None else [])
                    continue
                level, step = places[review.item.id]
                state = progress.state(review.item.id)
                proofs = records.evidence.get(review.item.id, [])
                cards.append(ReviewCard(path, level, step, review.item, state.note, proofs, review))
        listed = {id(review) for review in listed_once((c.review for c in cards), copies)}
        cards = sorted((c for c in cards if id(c.review) in listed), key=lambda c: c.review.due)
        return ReviewQueue(cards, min(waiting, default=None))

    def answer_review(self, path_id: str, item_id: str, passed: bool, now: datetime) -> Review:
        from tracker.services.progress import path_progress
        from tracker.services.reviews import answer_review

        assert self.learner is not None
        progress = path_progress(self.engine, self.learner.id, self.path(path_id))
        return self._wrote(
            answer_review(self.engine, self.learner.id, progress, item_id, passed, now)
        )

    def set_note(self, path_id: str, item_id: str, note: str, expected: str) -> None:
        from tracker.services.progress import set_note

        assert self.learner is not None
        set_note(self.engine, self.learner.id, self.path(path_id), item_id, note, expected=expected)
        self._wrote(None)

    def undo(self) -> int:
        from tracker.services.progress import undo

        assert self.learner is not None
        return self._wrote(len(undo(self.engine, self.learner.id)))

    def fork(
        self, path_id: str, new_id: str, carry: bool, title: str | None = None
    ) -> tuple[Path, int]:
        """Write the copy (titled `title`, else the original's marked as a copy), and carry
        the learner's progress over when asked."""
        from tracker.services.forks import fork_path
        from tracker.services.progress import carry_progress
        from tracker.services.workspace import Workspace

        assert self.learner is not None
        assert self.library is not None
        ws = Workspace(self.settings, self.engine, self.learner, self.library)
        file, copy = fork_path(ws, path_id, new_id, title=title)
        if not carry:
            return file, 0
        carried = carry_progress(self.engine, self.learner.id, self.path(path_id), copy)
        return file, self._wrote(len(carried))

    def reset_path(self, path_id: str) -> int:
        from tracker.services.progress import reset_path

        assert self.learner is not None
        return self._wrote(len(reset_path(self.engine, self.learner.id, self.path(path_id))))

    def follow_only(self, path_id: str, followed: Iterable[str]) -> None:
        from tracker.services.progress import set_followed

        assert self.learner is not None
        path = self.path(path_id)
        followed = set(followed)
        tracks = [track.id for track in path.tracks]
        set_followed(self.engine, self.learner.id, path, [t for t in tracks if t in followed], True)
        set_followed(
            self.engine, self.learner.id, path, [t for t in tracks if t not in followed], False
        )
        self._wrote(None)

    def learners(self) -> list[LearnerInfo]:
        from tracker.services.learners import list_learners

        return list_learners(self.engine)

    def add_learner(self, name: str) -> LearnerInfo:
        from tracker.services.learners import add_learner

        add_learner(self.engine, name)
        return self.use_learner(name)

    def use_learner(self, name: str) -> LearnerInfo:
        from tracker.services.learners import use_learner

        self.learner = self._wrote(use_learner(self.engine, name))
        return self.learner

    def stats(self, path_id: str) -> StatsView:
        from tracker.services.insights import stats_view

        assert self.learner is not None
        return stats_view(self.engine, self.learner.id, self.path(path_id))

    def export(
        self,
        path_ids: Sequence[str],
        chosen: Format,
        file: Path,
        users: str | Sequence[str] | None = None,
        force: bool = False,
    ) -> ExportDone:
        """Write a report of these paths to `file` (`~` expanded, relative to the working
        folder), whole or not at all; replaced only with `force`. `users`: None for the
        active learner, "all", or a list of names. ServiceError says what went wrong."""
        from tracker.reports.export import (
            choose_learners,
            choose_paths,
            report_text,
            write_report,
        )
        from tracker.services.errors import ServiceError

        assert self.library is not None
        assert self.learner is not None
        file = Path(file).expanduser().absolute()
        if not force and os.path.lexists(file):  # said at once, and in the app's words
            raise ServiceError(f"{file} exists; tick “Replace the file if it exists”")
        learners = choose_learners(self.engine, self.learner, users)
        paths = choose_paths(self.engine, self.library, learners, path_ids)
        write_report(file, report_text(chosen, self.engine, learners, paths, self.lang), force)
        return ExportDone(file, chosen, len(learners))
