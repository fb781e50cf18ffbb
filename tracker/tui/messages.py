"""What the app tells its screens, past tense: they reload what they show."""

from __future__ import annotations

from textual.message import Message


class LibraryLoaded(Message):
    """The path files are loaded (or loaded again)."""


class ProgressChanged(Message):
    """The database is open, or someone (another process, or a learner switch) wrote."""


class LanguageChanged(Message):
    """Titles and summaries are to be shown in another language."""
