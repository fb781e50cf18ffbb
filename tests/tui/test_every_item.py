"""The app's record keys over the shipped paths: a resource ticked (c, space), a note (n),
a paper's depth (1, 3) and done with evidence (D), on a few items of every shipped path, those
whose resources have titles in two languages and papers among them. The database, read as
another process would, holds each result."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.conftest import SHIPPED
from tests.tui.conftest import SIZE, settle, status_of
from tests.tui.test_records import depth_of, evidence, ticked
from tracker.pathdefs.load import load_path_file
from tracker.pathdefs.model import Item, PathDef
from tracker.tui.screens.evidence import EvidenceScreen
from tracker.tui.screens.note import NoteScreen
from tracker.tui.screens.path import PathScreen

PROOF = "https://example.org/proof"
NOTE = "seen in the app"


def shipped(path_id: str) -> PathDef:
    result = load_path_file(SHIPPED / f"{path_id}.yaml")
    assert result.path is not None
    return result.path


def two_languages(item: Item) -> bool:
    return any(isinstance(resource.title, dict) for resource in item.resources)


def sample(path: PathDef) -> list[Item]:
    """A few items of the path: the first and the last, the first with resources, the first
    whose resources have titles in two languages (and the first with several of
    them), the first paper and the first paper with resources."""
    items = list(path.items())
    wanted = [
        items[0],
        next((i for i in items if i.resources), None),
        next((i for i in items if two_languages(i)), None),
        next((i for i in items if two_languages(i) and len(i.resources) > 1), None),
        next((i for i in items if i.kind == "paper"), None),
        next((i for i in items if i.kind == "paper" and i.resources), None),
        items[-1],
    ]
    chosen: dict[str, Item] = {}
    for item in wanted:
        if item is not None:
            chosen.setdefault(item.id, item)
    return list(chosen.values())


PATH_IDS = sorted(file.stem for file in SHIPPED.glob("*.yaml"))


def test_the_sample_holds_titles_in_two_languages_and_papers():
    items = [item for path_id in PATH_IDS for item in sample(shipped(path_id))]
    assert any(two_languages(item) for item in items)
    assert any(item.kind == "paper" for item in items)


@pytest.mark.parametrize("path_id", PATH_IDS)
async def test_tick_note_depth_and_evidence_on_items_of_every_shipped_path(
    make_app, store, path_id
):
    path = shipped(path_id)
    items = sample(path)
    async with make_app(path_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PathScreen)
        for item in items:
            screen.tree.go_to(screen.tree.item_nodes[item.id])
            await settle(pilot)
            await record_everything(pilot, screen, item)
            assert pilot.app.screen is screen, item.id
    for item in items:
        where = (path_id, item.id)
        assert status_of(store, item.id, path_id) == "done", where
        assert store_note(store, path_id, item.id) == NOTE, where
        assert evidence(store, path_id).get(item.id) == [PROOF, "score=1"], where
        tick_wanted = {item.resources[0].url} if item.resources else None
        assert ticked(store, path_id).get(item.id) == tick_wanted, where
        paper_depth = "implemented" if item.kind == "paper" else None
        assert depth_of(store, item.id, path_id) == paper_depth, where
    errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
    assert errors == []


async def record_everything(pilot, screen: PathScreen, item: Item) -> None:
    """c, space (the first resource), n (a note), 1 (papers: skimmed), D (done with a link
    and a metric), 3 (papers: implemented): each written before the next key."""
    if item.resources:
        await pilot.press("c", "space")
        await settle(pilot)
        await pilot.press("escape")  # back to the tree
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoteScreen), item.id
    await pilot.press(*NOTE, "ctrl+s")
    await settle(pilot)
    if item.kind == "paper":
        await pilot.press("1")
        await settle(pilot)
    await pilot.press("D")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, EvidenceScreen), item.id
    dialog.query_one("#evidence-link", Input).value = PROOF
    dialog.query_one("#evidence-metric", Input).value = "score=1"
    dialog.query_one("#evidence-link", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    if item.kind == "paper":
        await pilot.press("3")
        await settle(pilot)


def store_note(store, path_id: str, item_id: str) -> str:
    from tracker.services.progress import path_progress

    progress = path_progress(store.engine, store.learner.id, store.path(path_id))
    return progress.state(item_id).note
