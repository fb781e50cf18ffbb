"""Spaced review: the done items that are due, one at a time, the longest overdue first.
Pass moves an item to its next interval, fail starts it again from the first, skip leaves it
due and goes on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from tracker import vocabulary
from tracker.tui.failures import ReportsFailures
from tracker.tui.format import day_text, shown_text
from tracker.tui.messages import LanguageChanged, ProgressChanged
from tracker.tui.widgets.timer import TimerLine

if TYPE_CHECKING:
    from datetime import datetime

    from tracker.tui.backend import ReviewCard, ReviewQueue


ASK = Text.assemble(
    "Do you still know it?  ",
    ("p", "bold"),
    " pass  ·  ",
    ("f", "bold"),
    " fail (it starts again from the first interval)  ·  ",
    ("s", "bold"),
    " skip",
)


class ReviewScreen(ReportsFailures, Screen):
    BINDINGS = [
        Binding("p", "answer(True)", "Pass", id="review-pass", tooltip="I remembered it"),
        Binding("f", "answer(False)", "Fail", id="review-fail", tooltip="Forgotten: start again"),
        Binding("s", "skip", "Skip", id="review-skip", tooltip="Leave it due, go to the next"),
        Binding("q,escape", "app.pop_screen", "Back", id="review-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: ReviewQueue | None = None
        self.skipped: set[tuple[str, str]] = set()  # (path id, item id), this visit only
        self._answering = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-count")
        with VerticalScroll(id="review-card"):
            yield Static(id="review-title")
            yield Static(id="review-where")
            yield Markdown(id="review-summary")
            yield Static(id="review-note")
            yield Static(id="review-evidence")
            yield Static(ASK, id="review-ask")
        yield Static(id="review-empty")
        yield TimerLine(id="timer-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-card").display = False
        self.load()

    @property
    def cards(self) -> list[ReviewCard]:
        """The reviews still to go through on this visit."""
        if self.queue is None:
            return []
        return [card for card in self.queue.due if self._key(card) not in self.skipped]

    @staticmethod
    def _key(card: ReviewCard) -> tuple[str, str]:
        return card.path.id, card.item.id

    @on(ProgressChanged)
    @on(LanguageChanged)
    @work(group="reviews", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        backend = self.app.backend
        self.queue = await backend.call(backend.review_queue, self.app.clock())
        self.show()

    def show(self) -> None:
        cards = self.cards
        self.query_one("#review-card").display = bool(cards)
        self.query_one("#review-empty").display = not cards
        self.refresh_bindings()
        if not cards:
            self._show_empty()
            return
        card, lang = cards[0], self.app.backend.lang
        path = card.path

        def text(value) -> str:
            return shown_text(value, lang, path.lang)

        count = Text.assemble(("Review", "bold"), f"  ·  {len(cards)} due now")
        if self.skipped:
            count.append(f", {len(self.skipped)} skipped", style="dim")
        self.query_one("#review-count", Static).update(count)
        self.query_one("#review-title", Static).update(Text(text(card.item.title), style="bold"))
        review = card.review
        where = Text.assemble(
            (text(path.title), ""),
            (" › ", "dim"),
            text(card.level.title),
            (" › ", "dim"),
            text(card.step.title),
            ("\ndue ", "dim"),
            day_text(review.due),
            ("  ·  after ", "dim"),
            vocabulary.count(review.interval, "day"),
            ("  ·  answers so far ", "dim"),
            str(review.answers),
        )
        self.query_one("#review-where", Static).update(where)
        summary = self.query_one("#review-summary", Markdown)
        summary.update(text(card.item.summary))
        summary.display = card.item.summary is not None
        note = self.query_one("#review-note", Static)
        note.update(Text.assemble(("Note  ", "bold"), card.note) if card.note else "")
        note.display = bool(card.note)
        evidence = Text.assemble(("Evidence", "bold"))
        for proof in card.evidence:
            evidence.append(f"\n  {proof.kind:<6} ", style="dim")
            evidence.append(str(proof))
        self.query_one("#review-evidence", Static).update(evidence)
        self.query_one("#review-evidence").display = bool(card.evidence)

    def _show_empty(self) -> None:
        self.query_one("#review-count", Static).update(Text("Review", style="bold"))
        if self.queue is None:
            self.query_one("#review-empty", Static).update(Text("Looking for reviews…"))
            return
        message = Text.assemble(("Nothing to review", "bold"))
        if self.skipped:
            message.append(f"\n\n{len(self.skipped)} skipped: still due, they come back next time.")
        upcoming = self.queue.next_due
        if upcoming is not None:
            message.append("\n\nThe next review is due on ")
            message.append(day_text(upcoming), style="bold")
            message.append(f" ({days_away(upcoming, self.app.clock())}).")
        elif not self.skipped:
            message.append(
                "\n\nItems come back for review some days after they are done "
                "(1, 7, 30 and 90 unless you chose others).",
                style="dim",
            )
        message.append("\n\nq goes back", style="dim")
        self.query_one("#review-empty", Static).update(message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("answer", "skip"):
            return bool(self.cards)
        return True

    def action_skip(self) -> None:
        cards = self.cards
        if cards:
            self.skipped.add(self._key(cards[0]))
            self.show()

    @work(group="review-answer", exit_on_error=False)
    async def action_answer(self, passed: bool) -> None:
        cards = self.cards
        if not cards or self._answering:
            return
        card = cards[0]
        backend, now = self.app.backend, self.app.clock()
        title = shown_text(card.item.title, backend.lang, card.path.lang)
        self._answering = True
        try:
            after = await backend.call(
                backend.answer_review, card.path.id, card.item.id, passed, now
            )
        finally:
            self._answering = False
            # Read again: the answer moved this item on, and the next one waits.
            self.queue = await backend.call(backend.review_queue, now)
            self.show()
        if after.due is None:
            self.notify(f"Passed: {title} is learnt, no more reviews", timeout=3)
        else:
            verdict = "Passed" if passed else "Failed"
            self.notify(f"{verdict}: {title} comes back on {day_text(after.due)}", timeout=3)


def days_away(moment: datetime, now: datetime) -> str:
    """ "today", "tomorrow", "in 6 days": from the learner's today, in local days."""
    days = (moment.astimezone().date() - now.astimezone().date()).days
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"
