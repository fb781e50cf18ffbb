"""The shapes of values, shared by the validator, the JSON Schema and `tracker new`.

Each pattern is written so that Python's `re` and the JavaScript regular expressions of
editors (yaml-language-server) read it alike; they match whole values.
"""

from __future__ import annotations

import re

ID = r"[a-z0-9][a-z0-9-]*"
ID_MAX = 64
LANGUAGE = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
ESTIMATE = r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(mo|m|h|d|w)"
# http(s), an optional user, a host name or [IPv6 address], an optional port, then no spaces.
HTTP_URL = (
    r"[Hh][Tt][Tt][Pp][Ss]?://(?:[^\s/?#@]*@)?(?:[^\s/?#@:\[\]]+|\[[0-9A-Fa-f:.]+\])"
    r"(?::\d*)?(?:[/?#]\S*)?"
)

ID_PATTERN = re.compile(ID)
LANGUAGE_CODE = re.compile(LANGUAGE)
ESTIMATE_PATTERN = re.compile(ESTIMATE)
HTTP_URL_PATTERN = re.compile(HTTP_URL)


def is_id(value: str) -> bool:
    return len(value) <= ID_MAX and ID_PATTERN.fullmatch(value) is not None


def not_a_path_id(value: str) -> str:
    """Why `value` cannot be the id of a new path file."""
    return (
        f"invalid path id '{value}'; use lowercase letters, digits and '-', "
        f"starting with a letter or digit (at most {ID_MAX})"
    )
