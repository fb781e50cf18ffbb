"""Write a `PathDef` back as path-format YAML (the inverse of loading)."""

from __future__ import annotations

from typing import Any

import yaml

from tracker.pathdefs.model import FORMAT_VERSION, Item, Level, PathDef, Resource, Step, Track
from tracker.pathdefs.text import Text


def _text(text: Text) -> str | dict[str, str]:
    return text if isinstance(text, str) else dict(text)


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set `key` only when the value differs from the format's default."""
    if value is None or value == () or value is False:
        return
    if isinstance(value, tuple):
        value = list(value)
    elif isinstance(value, dict):
        value = dict(value)
    data[key] = value


def _named(thing: Track | Level | Step | Item) -> dict[str, Any]:
    data: dict[str, Any] = {"id": thing.id, "title": _text(thing.title)}
    _put(data, "summary", thing.summary)
    return data


def _resource(resource: Resource) -> dict[str, Any]:
    data: dict[str, Any] = {"url": resource.url}
    _put(data, "title", resource.title)
    _put(data, "kind", resource.kind)
    _put(data, "summary", resource.summary)
    return data


def _item(item: Item, step: Step) -> dict[str, Any]:
    data = _named(item)
    _put(data, "kind", item.kind)
    _put(data, "estimate", item.estimate and str(item.estimate))
    if item.resources:
        data["resources"] = [_resource(r) for r in item.resources]
    _put(data, "requires", item.requires)
    _put(data, "optional", item.optional)
    _put(data, "tags", item.tags)
    if item.tracks != step.tracks:
        data["tracks"] = list(item.tracks)  # an empty list makes the item common to everyone
    _put(data, "was", item.was)
    return data


def _step(step: Step) -> dict[str, Any]:
    data = _named(step)
    _put(data, "estimate", step.estimate and str(step.estimate))
    _put(data, "tracks", step.tracks)
    data["items"] = [_item(item, step) for item in step.items]
    return data


def _level(level: Level) -> dict[str, Any]:
    data = _named(level)
    _put(data, "estimate", level.estimate and str(level.estimate))
    data["steps"] = [_step(step) for step in level.steps]
    return data


def path_to_data(path: PathDef) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT_VERSION, "id": path.id, "title": _text(path.title)}
    _put(data, "summary", path.summary)
    if path.lang != "en":
        data["lang"] = path.lang
    if path.source is not None:
        source: dict[str, Any] = {}
        _put(source, "title", path.source.title)
        _put(source, "url", path.source.url)
        data["source"] = source
    _put(data, "tags", path.tags)
    if path.tracks:
        data["tracks"] = [_named(track) for track in path.tracks]
    data["levels"] = [_level(level) for level in path.levels]
    return data


def dump_path(path: PathDef) -> str:
    return yaml.safe_dump(
        path_to_data(path), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
