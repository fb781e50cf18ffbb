"""Where tracker keeps the learner's files: platformdirs' per-user folders.

On Linux these follow XDG (`XDG_DATA_HOME`, `XDG_CACHE_HOME`), which is also how the tests
keep every run in a folder of its own.
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "tracker"


def data_dir() -> Path:
    import platformdirs  # imported here: `tracker --help` and `validate` never need it

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def default_database() -> Path:
    """The SQLite file used when no database URL is given."""
    return data_dir() / "tracker.db"


def user_paths_dir() -> Path:
    """The learner's own path files."""
    return data_dir() / "paths"


def path_cache_dir() -> Path:
    return cache_dir() / "paths"


def config_dir() -> Path:
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)
