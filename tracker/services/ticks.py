"""Resource ticks: each resource of an item (an article read, a video watched) ticked on its
own. A resource is named by its URL, so reordering an item's resources keeps the ticks;
ticking every resource of an item does not mark the item done: that stays the learner's call.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import select

from tracker.pathdefs.model import Item, PathDef, Resource
from tracker.services.clock import utc_now
from tracker.services.errors import ServiceError
from tracker.services.standing import current_ids
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learners
from tracker.store.models import ResourceTick


def pick_resources(item: Item, refs: Iterable[str]) -> list[Resource]:
    """Resources of `item` by number (1-based, as listed) or by URL; none given means all.
    Each once, in the order first named: a resource is its URL (its title may be a map of
    languages, which a set or a dict key could not hold)."""
    refs = list(refs)
    if not item.resources:
        raise ServiceError(f"'{item.id}' has no resources to tick")
    if not refs:
        return list(item.resources)
    picked = []
    for ref in refs:
        if ref.isdigit() and 1 <= int(ref) <= len(item.resources):
            picked.append(item.resources[int(ref) - 1])
            continue
        found = [resource for resource in item.resources if resource.url == ref]
        if not found:
            raise ServiceError(
                f"'{item.id}' has no resource '{ref}' (give a number from 1 to "
                f"{len(item.resources)} or a URL from `tracker show`); nothing changed"
            )
        picked.extend(found[:1])
    unique: dict[str, Resource] = {}
    for resource in picked:
        unique.setdefault(resource.url, resource)
    return list(unique.values())


def tick(
    engine: Engine,
    learner_id: int,
    path: PathDef,
    item: Item,
    resources: Iterable[Resource],
    ticked: bool = True,
    now: datetime | None = None,
) -> int:
    """Tick (or untick) resources of an item; returns how many changed."""
    now = now or utc_now()
    urls = list(dict.fromkeys(resource.url for resource in resources))
    ids = [item.id, *item.was]  # ticks kept under an old id of the item are its own
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        present = set(
            session.exec(
                select(ResourceTick.url).where(
                    ResourceTick.learner_id == learner_id,
                    ResourceTick.path_id == path.id,
                    ResourceTick.item_id.in_(ids),
                )
            )
        )
        if ticked:
            added = [url for url in urls if url not in present]
            session.add_all(
                ResourceTick(
                    learner_id=learner_id, path_id=path.id, item_id=item.id, url=url, at=now
                )
                for url in added
            )
            return len(added)
        removed = [url for url in urls if url in present]
        if removed:
            session.execute(
                delete(ResourceTick).where(
                    ResourceTick.learner_id == learner_id,
                    ResourceTick.path_id == path.id,
                    ResourceTick.item_id.in_(ids),
                    ResourceTick.url.in_(removed),
                )
            )
        return len(removed)


def ticked_urls(engine: Engine, learner_id: int, path: PathDef) -> dict[str, frozenset[str]]:
    """The ticked resources of each item of the path (URLs the item still lists), by item."""
    owner = current_ids(path)
    listed = {item.id: {r.url for r in item.resources} for item in path.items()}
    query = select(ResourceTick.item_id, ResourceTick.url).where(
        ResourceTick.learner_id == learner_id, ResourceTick.path_id == path.id
    )
    found: dict[str, set[str]] = {}
    with reading(engine) as session:
        for item_id, url in session.exec(query):
            current = owner.get(item_id)
            if current is not None and url in listed[current]:
                found.setdefault(current, set()).add(url)
    return {item_id: frozenset(urls) for item_id, urls in found.items()}
