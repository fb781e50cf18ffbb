"""The app's settings file, `tui.toml` in the config folder: a theme and remapped keys.

theme = "textual-light"

[keys]
done = "ctrl+d"       # a binding id (see `?` in the app) and the keys it takes,
toggle = "space,x"    # several separated by commas
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tracker import appdirs


@dataclass(frozen=True, slots=True)
class TuiConfig:
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # shown as a notification: a bad file must not stop the app


def config_file() -> Path:
    return appdirs.config_dir() / "tui.toml"


def load_config(file: Path | None = None) -> TuiConfig:
    file = file or config_file()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return TuiConfig()
    except (OSError, UnicodeDecodeError) as exc:
        return TuiConfig(problems=(f"{file}: cannot read: {exc}",))
    except tomllib.TOMLDecodeError as exc:
        return TuiConfig(problems=(f"{file}: {exc}",))
    problems = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{file}: theme must be a string")
        theme = None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        problems.append(f'{file}: [keys] must map binding ids to strings, e.g. done = "ctrl+d"')
        keys = {}
    unknown = set(data) - {"theme", "keys"}
    if unknown:
        settings = "setting" if len(unknown) == 1 else "settings"
        problems.append(f"{file}: unknown {settings}: {', '.join(sorted(unknown))}")
    return TuiConfig(theme, keys, tuple(problems))
