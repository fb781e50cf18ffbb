"""The terminal app, built from its inputs (`make_app`) so that the CLI, the tests and the
benchmarks construct it the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from tracker.errors import TrackerError
from tracker.pathdefs.discover import Library
from tracker.settings import Settings
from tracker.tui.backend import Backend
from tracker.tui.config import TuiConfig, config_file
from tracker.tui.failures import ReportsFailures
from tracker.tui.messages import LanguageChanged, LibraryLoaded, ProgressChanged
from tracker.tui.widgets.timer import RunningTimer

POLL_SECONDS = 1.0  # other writers show within two seconds
LANGUAGES = ("en", "zh")  # what the shipped paths carry; `L` cycles through them


class TrackerApp(ReportsFailures, App):
    CSS_PATH = "tracker.tcss"
    TITLE = "tracker"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding(
            "L", "language", "Language", id="language", tooltip="Titles in en / zh", show=False
        ),
        Binding("w", "learners", "Learner", id="learners", tooltip="Switch or add a learner"),
        Binding("S", "stats", "Stats", id="stats"),
        Binding(
            "T",
            "timer",
            "Timer",
            id="timer",
            tooltip="Start a timer on the selected item; T again stops it and logs the time",
        ),
        Binding("R", "review", "Review", id="review", tooltip="Review the items that are due"),
    ]
    timer: reactive[RunningTimer | None] = reactive(None, always_update=True)

    def __init__(
        self,
        settings: Settings,
        *,
        open_path: str | None = None,
        library: Library | None = None,
        config: TuiConfig | None = None,
        clock: Callable[[], datetime] | None = None,
        poll_seconds: float | None = POLL_SECONDS,
    ):
        super().__init__()
        # Now, for the timer and reviews: the tests freeze it.
        self.clock = clock or (lambda: datetime.now(UTC))
        self._quit_unlogged = False  # the timer could not be logged: the next quit leaves
        self.backend = Backend(settings, library, opening=open_path)
        self.open_path = open_path
        # How often to look for writes made elsewhere; None leaves it to the caller (the
        # tests run each look themselves, so that no test waits on the clock).
        self.poll_seconds = poll_seconds
        self.config = config or TuiConfig()
        self.database_ready = False
        if self.config.theme:
            self.theme = self.config.theme

    def on_mount(self) -> None:
        self._apply_keymap()
        for problem in self.config.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10)
        if self.open_path is not None and self.backend.library is not None:
            from tracker.tui.screens.path import PathScreen

            self.push_screen(PathScreen(self.open_path))
        if self.open_path is not None:  # what is painted first needs the database
            self.start()
        else:  # the database (and SQLAlchemy with it) after the library is painted
            self.call_after_refresh(self.start)

    def get_default_screen(self) -> Screen:
        """The library is the bottom screen (no blank one painted before it)."""
        from tracker.tui.screens.library import LibraryScreen

        return LibraryScreen()

    def _apply_keymap(self) -> None:
        if not self.config.keys:
            return
        from tracker.tui.keys import binding_ids

        unknown = sorted(set(self.config.keys) - binding_ids())
        if unknown:
            self.notify(
                f"{config_file()}: no binding with id {', '.join(unknown)} (see ? for the ids)",
                title="Settings",
                severity="warning",
                timeout=10,
            )
        self.set_keymap({k: v for k, v in self.config.keys.items() if k not in unknown})

    @work(group="start", exit_on_error=False)
    async def start(self) -> None:
        if self.backend.library is None:  # else given by the command that started the app
            await self.backend.call(self.backend.load_library)
            self.broadcast(LibraryLoaded)
            if self.open_path is not None:
                from tracker.tui.screens.path import PathScreen

                self.push_screen(PathScreen(self.open_path))
        await self.backend.call(self.backend.open_database)
        self.database_ready = True
        self.sub_title = self.backend.learner.name if self.backend.learner else ""
        self.broadcast(ProgressChanged)
        if self.poll_seconds is not None:
            self.set_interval(self.poll_seconds, self.look_for_changes)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Never markup: messages carry titles, ids and file content, shown as they are."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def broadcast(self, message: type[Message]) -> None:
        for screen in self.screen_stack:
            screen.post_message(message())

    @work(group="poll", exclusive=True, exit_on_error=False)
    async def look_for_changes(self) -> None:
        """Path files edited and progress written elsewhere (the CLI, another app) show here
        within a second or two."""
        backend = self.backend
        if await backend.call(backend.files_changed):
            await self.reload_paths()
        if await backend.call(backend.changed_elsewhere):
            self.broadcast(ProgressChanged)
        else:  # settled: what the screen last read is what the next start can paint first
            await backend.call(backend.keep_latest)

    async def reload_paths(self) -> None:
        reloaded = await self.backend.call(self.backend.reload_library)
        for message in reloaded.kept:
            self.notify(message, title="Path file has errors", severity="error", timeout=15)
        self.broadcast(LibraryLoaded)

    # Actions that every screen offers

    def action_help(self) -> None:
        from tracker.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_language(self) -> None:
        current = self.backend.lang
        position = LANGUAGES.index(current) if current in LANGUAGES else -1
        self.backend.lang = LANGUAGES[(position + 1) % len(LANGUAGES)]
        self.notify(f"Language: {self.backend.lang}", timeout=2)
        self.broadcast(LanguageChanged)

    def action_learners(self, adding: bool = False) -> None:
        from tracker.tui.screens.learners import LearnerScreen

        if self.database_ready:
            self.push_screen(LearnerScreen(adding=adding), self._switch_learner)

    @work(group="learner", exit_on_error=False)
    async def _switch_learner(self, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        if self.timer is not None:  # the time is the learner's who ran it
            await self.stop_timer()
        what, name = choice
        backend = self.backend
        method = backend.add_learner if what == "add" else backend.use_learner
        learner = await backend.call(method, name)
        self.sub_title = learner.name
        self.notify(f"Now following paths as {learner.name}", timeout=3)
        self.broadcast(ProgressChanged)

    def action_stats(self) -> None:
        from tracker.tui.screens.stats import StatsScreen

        path_id = getattr(self.screen, "current_path_id", None)
        if not self.database_ready or isinstance(self.screen, StatsScreen):
            return
        if path_id is None:
            self.notify("Choose a path first", timeout=2)
            return
        self.push_screen(StatsScreen(path_id))

    def action_review(self) -> None:
        from tracker.tui.screens.review import ReviewScreen

        if self.database_ready and not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from tracker.tui.screens.review import ReviewScreen

        if action == "review":  # not offered on the review screen itself
            return not isinstance(self.screen, ReviewScreen)
        if action == "timer":  # to stop one anywhere, to start one where items are
            return self.timer is not None or hasattr(self.main_screen, "timer_for_selection")
        return True

    @property
    def main_screen(self) -> Screen | None:
        """The screen in front, or the one under the dialogs in front (help lists its keys)."""
        stack = reversed(self.screen_stack)
        return next((s for s in stack if not isinstance(s, ModalScreen)), None)

    def watch_timer(self) -> None:
        self.refresh_bindings()

    # The timer: one at a time, on one item, kept by the app so that it runs on every screen

    def action_timer(self) -> None:
        if not self.database_ready:
            return
        if self.timer is not None:
            self.run_worker(self.stop_timer(), group="timer", exit_on_error=False)
            return
        start = getattr(self.screen, "timer_for_selection", None)
        timer = start(self.clock()) if start is not None else None
        if timer is not None:
            self.timer = timer
            self.notify(f"Timer started on {timer.title}; T stops it and logs the time", timeout=3)

    async def stop_timer(self) -> None:
        """Stop the timer and log its time (in a thread); back on when that fails."""
        from tracker.vocabulary import duration

        timer, self.timer = self.timer, None
        if timer is None:
            return
        now = self.clock()
        seconds = round(timer.elapsed(now))
        if seconds < 1:
            self.notify("Timer stopped before a second had passed: nothing logged", timeout=3)
            return
        backend = self.backend
        try:
            total = await backend.call(backend.log_time, timer.path_id, timer.item_id, seconds, now)
        except BaseException:
            self.timer = timer
            raise
        self.notify(
            f"Logged {duration(seconds)} on {timer.title} ({duration(total)} in all)",
            timeout=4,
        )
        self.broadcast(ProgressChanged)

    def log_timer_at_exit(self) -> None:
        """A timer still running once the app has stopped (it ended other than by quitting):
        its time is logged all the same. Blocks: call it after `run`."""
        timer = self.timer  # left as it is: the app is gone, nothing watches it now
        if timer is None or not self.database_ready:
            return
        now = self.clock()
        seconds = round(timer.elapsed(now))
        if seconds >= 1:
            self.backend.log_time(timer.path_id, timer.item_id, seconds, now)

    async def action_quit(self) -> None:
        """Quitting logs a running timer first: the time was spent, and a timer left running
        shows all along on the screen; `tracker spent REF -20m` corrects it."""
        if self.timer is not None and self.database_ready and not self._quit_unlogged:
            try:
                await self.stop_timer()
            except TrackerError as error:
                self._quit_unlogged = True
                self.notify(
                    f"The timer could not be logged: {error}. Quit again to leave without it",
                    severity="error",
                    timeout=10,
                )
                return
        self.exit()

    def action_reload_paths(self) -> None:
        self.run_worker(self.reload_paths(), group="reload", exit_on_error=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tracker.tui.commands import tracker_commands

        yield from super().get_system_commands(screen)
        yield from tracker_commands(self, screen)
