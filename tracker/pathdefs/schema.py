"""A JSON Schema of the path format, for editors (yaml-language-server) and other tools.

It describes the shape of a file; rules that span the file (unique ids, requires, tracks,
cycles) are checked only by `tracker validate`.
"""

from __future__ import annotations

from typing import Any

from tracker.pathdefs.model import FORMAT_VERSION, KINDS
from tracker.pathdefs.syntax import ESTIMATE, HTTP_URL, ID, ID_MAX, LANGUAGE

_ID = {"type": "string", "pattern": f"^{ID}$", "maxLength": ID_MAX}
_LANG = f"^{LANGUAGE}$"
_TEXT = {
    "description": "A string, or a map of language code to string such as {en: ..., zh: ...}.",
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": _LANG},
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ],
}
_ESTIMATE = {
    "type": "string",
    "description": "A number and a unit (m, h, d, w, mo), or a range of one unit: 45m, 1-3w.",
    "pattern": f"^{ESTIMATE}$",
}
_URL = {"type": "string", "pattern": f"^{HTTP_URL}$"}
_KIND = {"enum": list(KINDS)}
_IDS = {"type": "array", "items": _ID}
_NAMED = {"id": _ID, "title": _TEXT, "summary": _TEXT}  # what tracks, levels, steps, items share


def _object(required: list[str], properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def _track_choice() -> dict[str, Any]:
    return {"not": {"required": ["track", "tracks"]}}


def path_schema() -> dict[str, Any]:
    resource = _object(
        ["url"],
        {"url": _URL, "title": _TEXT, "kind": _KIND, "summary": _TEXT},
        "Something to read, watch or use; the title defaults to the URL.",
    )
    item = _object(
        ["title"],
        {
            **_NAMED,
            "kind": _KIND,
            "estimate": _ESTIMATE,
            "resources": {"type": "array", "items": resource},
            "requires": _IDS,
            "optional": {"type": "boolean"},
            "tags": _IDS,
            "track": _ID,
            "tracks": {**_IDS, "minItems": 1},
            "was": _IDS,
        },
        "One thing to do. Without an id, the slug of its English title is used.",
    )
    item.update(_track_choice())
    step = _object(
        ["id", "title", "items"],
        {
            **_NAMED,
            "estimate": _ESTIMATE,
            "track": _ID,
            "tracks": {**_IDS, "minItems": 1},
            "items": {"type": "array", "minItems": 1, "items": item},
        },
        "A group of items; a track here applies to every item without its own.",
    )
    step.update(_track_choice())
    level = _object(
        ["id", "title", "steps"],
        {
            **_NAMED,
            "estimate": _ESTIMATE,
            "steps": {"type": "array", "minItems": 1, "items": step},
        },
        "A stage of the path, such as entry level or step 0.",
    )
    track = _object(
        ["id", "title"],
        _NAMED,
        "A parallel specialisation that a learner may follow.",
    )
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "tracker path, format 1",
        **_object(
            ["format", "id", "title", "levels"],
            {
                "format": {"const": FORMAT_VERSION},
                "id": _ID,
                "title": _TEXT,
                "summary": _TEXT,
                "lang": {"type": "string", "pattern": _LANG},
                "source": _object(
                    [], {"title": _TEXT, "url": _URL}, "Where the roadmap comes from."
                ),
                "tags": _IDS,
                "tracks": {"type": "array", "items": track},
                "levels": {"type": "array", "minItems": 1, "items": level},
            },
            "A learning path: levels of steps of items.",
        ),
    }
