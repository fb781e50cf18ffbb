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


def settings_from_env(env: Mapping[str, str] = os.environ) -> Settings | None:
    """The settings of a bare `tracker`: the variables the options read (TRACKER_PATHS is
    read where path folders are found). None when one is invalid, for the parser to say so."""
    from tracker.pathdefs.syntax import LANGUAGE_CODE

    lang = env.get("TRACKER_LANG")
    if lang is not None and not LANGUAGE_CODE.fullmatch(lang):
        return None
    return Settings(
        db_url=env.get("TRACKER_DB") or None,
        user=env.get("TRACKER_USER") or None,
        lang=lang or language_from_locale(env),
    )
