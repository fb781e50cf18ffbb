"""Text in several languages, and the slugs that give untitled ids."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

# A text is a plain string, in the path's language, or a mapping of language code to string
# in the order the author wrote it.
Text = str | Mapping[str, str]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
SLUG_MAX = 64


def pick(text: Text, lang: str, path_lang: str = "en") -> str:
    """The text in `lang`, else in the path's language, else the first one given."""
    if isinstance(text, str):
        return text
    if lang in text:
        return text[lang]
    if "-" in lang and lang.split("-", 1)[0] in text:
        return text[lang.split("-", 1)[0]]
    if path_lang in text:
        return text[path_lang]
    return next(iter(text.values()))


def slug(title: str) -> str:
    """Lowercase ASCII letters and digits, every other run turned into one '-', at most 64.
    Only ASCII letters are lowercased: 'K' (the Kelvin sign) must not become a 'k'."""
    return _NOT_SLUG.sub("-", title.translate(_ASCII_LOWER)).strip("-")[:SLUG_MAX].rstrip("-")
