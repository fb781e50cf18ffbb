"""Write a `PathDef` back as path-format YAML (the inverse of loading)."""

from __future__ import annotations

from typing import Any

import yaml

from tracker.pathdefs.model import FORMAT_VERSION, Item, Level, PathDef, Resource, Step
from tracker.pathdefs.text import Text


def _text(text: Text, lang: str) -> str | dict[str, str]:
    return text if isinstance(text, str) else dict(text)


def _put(data: dict[str, Any], key: str, value: Any, lang: str | None = None) -> None:
    """Set `key` only when the value differs from the format's default."""
    if value is None or value == () or value is False:
        return
    if lang is not None:
        value = _text(value, lang)
    elif isinstance(value, tuple):
        value = list(value)
    data[key] = value


def _resource(resource: Resource, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {"url": resource.url}
    _put(data, "title", resource.title, lang)
    _put(data, "kind", resource.kind)
    _put(data, "summary", resource.summary, lang)
    return data


def _item(item: Item, step: Step, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "title": _text(item.title, lang)}
    _put(data, "summary", item.summary, lang)
    _put(data, "kind", item.kind)
    _put(data, "estimate", item.estimate and str(item.estimate))
    if item.resources:
        data["resources"] = [_resource(r, lang) for r in item.resources]
    _put(data, "requires", item.requires)
    _put(data, "optional", item.optional)
    _put(data, "tags", item.tags)
    if item.tracks != step.tracks:
        _put(data, "tracks", item.tracks)
    _put(data, "was", item.was)
    return data


def _step(step: Step, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": step.id, "title": _text(step.title, lang)}
    _put(data, "summary", step.summary, lang)
    _put(data, "estimate", step.estimate and str(step.estimate))
    _put(data, "tracks", step.tracks)
    data["items"] = [_item(item, step, lang) for item in step.items]
    return data


def _level(level: Level, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": level.id, "title": _text(level.title, lang)}
    _put(data, "summary", level.summary, lang)
    _put(data, "estimate", level.estimate and str(level.estimate))
    data["steps"] = [_step(step, lang) for step in level.steps]
    return data


def path_to_data(path: PathDef) -> dict[str, Any]:
    lang = path.lang
    data: dict[str, Any] = {"format": FORMAT_VERSION, "id": path.id}
    data["title"] = _text(path.title, lang)
    _put(data, "summary", path.summary, lang)
    if lang != "en":
        data["lang"] = lang
    if path.source is not None:
        source: dict[str, Any] = {}
        _put(source, "title", path.source.title, lang)
        _put(source, "url", path.source.url)
        data["source"] = source
    _put(data, "tags", path.tags)
    if path.tracks:
        data["tracks"] = []
        for track in path.tracks:
            entry: dict[str, Any] = {"id": track.id, "title": _text(track.title, lang)}
            _put(entry, "summary", track.summary, lang)
            data["tracks"].append(entry)
    data["levels"] = [_level(level, lang) for level in path.levels]
    return data


def dump_path(path: PathDef) -> str:
    return yaml.safe_dump(
        path_to_data(path), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
