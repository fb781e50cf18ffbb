"""The options every front end is built from: database, learner, path folders, language."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str | None = None  # None: the default SQLite file in the data folder
    user: str | None = None  # None: the active learner
    path_dirs: tuple[Path, ...] = ()  # searched before TRACKER_PATHS and the default folders
    lang: str = "en"


def language_from_locale(env: Mapping[str, str] = os.environ) -> str:
    """'zh' for a Chinese locale, 'en' otherwise: the languages the shipped paths carry."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
