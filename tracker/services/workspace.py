"""Everything a command or screen works with, built from the settings: the database (its
schema current), the learner, and the loaded paths; and how references name items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from tracker.errors import suggest
from tracker.pathdefs.discover import Library, default_library
from tracker.pathdefs.model import PathDef
from tracker.services.errors import ServiceError
from tracker.services.learners import LearnerInfo, current_learner
from tracker.settings import Settings
from tracker.store.engine import make_engine
from tracker.store.schema import ensure_schema


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    learner: LearnerInfo
    library: Library = field(default_factory=Library)

    def path(self, path_id: str) -> PathDef:
        path = self.library.paths.get(path_id)
        if path is None:
            raise ServiceError(f"no path '{path_id}'{suggest(path_id, self.library.paths)}")
        return path

    def paths_or_started(self, path_id: str | None) -> list[PathDef]:
        """The path `path_id`, or without it the paths the learner has recorded anything on."""
        if path_id is not None:
            return [self.path(path_id)]
        from tracker.services.progress import started_paths

        started = started_paths(self.engine, self.learner.id)
        return [path for path in self.library.paths.values() if path.id in started]

    def resolve(self, refs: Iterable[str]) -> list[tuple[PathDef, list[str]]]:
        """The items each reference names, grouped by path in the order given.

        `PATH_ID/ITEM_ID` names an item; `PATH_ID/STEP_ID` or `PATH_ID/LEVEL_ID` every item
        under that step or level. An item id wins over a step or level of the same id."""
        grouped: dict[str, tuple[PathDef, list[str]]] = {}
        for ref in refs:
            path_id, slash, target = ref.partition("/")
            if not slash or not path_id or not target:
                raise ServiceError(
                    f"'{ref}' is not a reference; write PATH_ID/ITEM_ID, or a step or level id"
                )
            path = self.path(path_id)
            grouped.setdefault(path.id, (path, []))[1].extend(_items_named(path, target))
        return [(path, list(dict.fromkeys(ids))) for path, ids in grouped.values()]


def _items_named(path: PathDef, target: str) -> list[str]:
    items = [item.id for item in path.items()]
    if target in items:
        return [target]
    for level in path.levels:
        for step in level.steps:
            if step.id == target:
                return [item.id for item in step.items]
        if level.id == target:
            return [item.id for step in level.steps for item in step.items]
    names = items + [s.id for lv in path.levels for s in lv.steps] + [lv.id for lv in path.levels]
    raise ServiceError(
        f"no item, step or level '{target}' in path '{path.id}'{suggest(target, names)}"
    )


def open_database(settings: Settings) -> Engine:
    """The database the settings name, its schema current. Unlike a workspace it makes no
    first learner, so that a restore into a new database holds just the backup's learners."""
    engine = make_engine(settings.db_url)
    ensure_schema(engine)
    return engine


def open_workspace(settings: Settings, *, with_paths: bool = True) -> Workspace:
    engine = open_database(settings)
    learner = current_learner(engine, settings.user)
    library = default_library(settings.path_dirs) if with_paths else Library()
    return Workspace(settings, engine, learner, library)
