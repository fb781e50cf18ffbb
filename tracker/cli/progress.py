"""Commands about a learner's progress: done, doing, skip, todo, note, show, undo, log,
follow and unfollow (`next` is in nextup.py). What is recorded beyond statuses (evidence,
time, reviews, ticks) is in records.py."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer

from tracker.cli.app import CommandError, app, completion_words, count, workspace

REFS_HELP = (
    "PATH_ID/ITEM_ID, or PATH_ID/STEP_ID or PATH_ID/LEVEL_ID for every item under that step "
    "or level (an item id wins over a step or level of the same id)."
)
Refs = Annotated[list[str], typer.Argument(metavar="REF...", help=REFS_HELP)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
GLYPHS = {"todo": "[ ]", "doing": "[~]", "done": "[x]", "skipped": "[-]"}
SHOWN_CHANGES = 10


StarsOption = Annotated[
    int | None,
    typer.Option(
        "--stars", metavar="N", min=1, help="Only items rated at least N stars (a stars-N tag)."
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", metavar="TAG", help="Only items with this tag (repeatable: all must match)."
    ),
]


def _mark(
    ctx: typer.Context,
    refs: list[str],
    status: str,
    depth: str | None = None,
    links: list[str] | None = None,
    metrics: list[str] | None = None,
) -> None:
    from tracker.cli.records import Attachments, check_depth_status, parse_proofs
    from tracker.services.progress import check_depth, mark, path_progress

    proofs = parse_proofs(links or [], metrics or [])  # a typo costs nothing yet
    if depth is not None:
        check_depth_status(depth, status)
    ws = workspace(ctx)
    targets = ws.resolve(refs)  # every reference is checked before anything is written
    if depth is not None:
        for path, ids in targets:
            check_depth(path, ids, depth)  # one path's items must not be marked if another's fail
    before = {p.id: path_progress(ws.engine, ws.learner.id, p) for p, _ in targets if depth}
    attached = Attachments.before(ws, targets, proofs)
    changes = [
        change
        for path, ids in targets
        for change in mark(
            ws.engine, ws.learner.id, path, ids, status, depth=depth, evidence=proofs
        )
    ]
    for change in changes[:SHOWN_CHANGES]:
        line = f"{status:<7} {change.path_id}/{change.item_id}"
        if depth is None:
            typer.echo(f"{line}  (was {change.from_status})")
        else:
            was = _depth_before(before[change.path_id], change.item_id)
            typer.echo(f"{line}  {depth}  (was {change.from_status}{was})")
    if len(changes) > SHOWN_CHANGES:
        typer.echo(f"... and {count(len(changes) - SHOWN_CHANGES, 'more item')}")
    if not changes:
        already = f"already {status}" + (f" ({depth})" if depth else "")
        said = f"{already}; {attached.summary()}" if proofs else f"nothing to change: {already}"
        typer.echo(said)
    elif proofs:
        typer.echo(attached.summary())


def _depth_before(progress, item_id: str) -> str:
    from tracker.services.standing import reading_depth

    item = progress.path.find_item(item_id)
    depth = reading_depth(item, progress.state(item_id))
    return f", {depth}" if depth else ""


EvidenceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        metavar="URL_OR_PATH",
        help="A link (http or https) or an existing file showing the work: a notebook, a "
        "repository, a commit. Repeatable.",
    ),
]
MetricOption = Annotated[
    list[str] | None,
    typer.Option(
        "--metric",
        metavar="NAME=VALUE",
        help="A result reached, such as mnist-accuracy=0.98. Repeatable.",
    ),
]


@app.command()
def done(
    ctx: typer.Context,
    refs: Refs,
    evidence: EvidenceOption = None,
    metrics: MetricOption = None,
    depth: Annotated[
        str | None,
        typer.Option(
            "--depth",
            metavar="read|implemented",
            help="Papers only: how far you took them (done means read).",
        ),
    ] = None,
) -> None:
    """Mark items done, with evidence of the work if you like.

    \b
        tracker done dl-guide/small-datasets --evidence https://github.com/me/mnist
        tracker done dl-guide/small-datasets --metric mnist-accuracy=0.98
        tracker done dl-papers/alexnet --depth implemented

    Evidence is added to every item named, also to items already done; `tracker evidence
    REF` lists it. Everything is checked before anything is written.
    """
    _mark(ctx, refs, "done", depth, evidence, metrics)


@app.command()
def doing(
    ctx: typer.Context,
    refs: Refs,
    depth: Annotated[
        str | None,
        typer.Option(
            "--depth",
            metavar="skimmed",
            help="Papers only: skimmed (not read yet, so not done).",
        ),
    ] = None,
) -> None:
    """Mark items as being worked on."""
    _mark(ctx, refs, "doing", depth)


@app.command()
def skip(ctx: typer.Context, refs: Refs) -> None:
    """Skip items: they no longer count toward completion."""
    _mark(ctx, refs, "skipped")


@app.command()
def todo(ctx: typer.Context, refs: Refs) -> None:
    """Reset items to todo (their notes stay)."""
    _mark(ctx, refs, "todo")


@app.command()
def note(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="PATH_ID/ITEM_ID of one item.")],
    text: Annotated[str | None, typer.Argument(help='The note; "" clears it.')] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the note in $EDITOR.")] = False,
) -> None:
    """Show, set or edit the note of an item."""
    from tracker.services.progress import path_progress, set_note

    ws = workspace(ctx)
    ((path, ids),) = ws.resolve([ref])
    if len(ids) != 1 or ids[0] != ref.partition("/")[2]:
        raise CommandError(f"'{ref}' is a step or level; a note belongs to one item")
    item_id = ids[0]
    current = path_progress(ws.engine, ws.learner.id, path).state(item_id).note
    if edit:
        from tracker.editor import edit_text

        edited = edit_text(current or "")
        if edited is None:
            typer.echo("note unchanged")
            return
        text = edited.rstrip("\n")
    if text is None:
        typer.echo(current or f"{ref} has no note")
        return
    set_note(ws.engine, ws.learner.id, path, item_id, text)
    typer.echo(f"note of {ref} {'saved' if text else 'cleared'}")


@app.command()
def show(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="PATH_ID",
            help="A path; or PATH_ID/ITEM_ID for one item in detail: its resources numbered "
            "(as `tracker tick` takes them), evidence, time spent and next review.",
        ),
    ],
    stars_at_least: StarsOption = None,
    tags: TagOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a path with the status of every item and the completion of each part.

    Beside an item, what you recorded on it: stars and reading depth of a paper, resources
    ticked, time spent, how much evidence. --stars and --tag list only the items that match
    (the completion shown stays that of the whole part).
    """
    from tracker.cli.records import add_records, records_text, show_item
    from tracker.services.overview import show_document
    from tracker.services.progress import path_progress
    from tracker.services.records import path_records

    ws = workspace(ctx)
    if "/" in target:
        if stars_at_least is not None or tags:
            raise CommandError("--stars and --tag choose among a path's items; give PATH_ID alone")
        show_item(ws, target, as_json)
        return
    progress = path_progress(ws.engine, ws.learner.id, ws.path(target))
    document = show_document(progress, ws.settings.lang)
    add_records(document, progress, path_records(ws.engine, ws.learner.id, progress))
    keep = item_filter(stars_at_least, tags)
    if keep is not None:
        _keep_items(document, progress.path, keep)
    if as_json:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{document['title']}  {completion_words(document['completion'])}")
    if keep is not None and not document["levels"]:
        typer.echo("no item matches --stars and --tag")
    for level in document["levels"]:
        typer.echo(f"\n{level['id']}  {level['title']}  {completion_words(level['completion'])}")
        for step in level["steps"]:
            typer.echo(f"  {step['id']}  {step['title']}  {completion_words(step['completion'])}")
            for item in step["items"]:
                extra = " (optional)" if item["optional"] else ""
                tracks = f"  [{', '.join(item['tracks'])}]" if item["tracks"] else ""
                typer.echo(
                    f"    {GLYPHS[item['status']]} {item['id']}  {item['title']}{extra}{tracks}"
                    + records_text(item)
                )
    if document["orphans"]:
        typer.echo("\nno longer in the path (progress kept):")
        for orphan in document["orphans"]:
            typer.echo(f"    {GLYPHS[orphan['status']]} {orphan['id']}")


def item_filter(stars_at_least: int | None, tags: list[str] | None):
    """Whether an item passes --stars and --tag; None when neither is given."""
    if stars_at_least is None and not tags:
        return None
    from tracker.services.standing import stars

    def keep(item) -> bool:
        rating = stars(item)
        if stars_at_least is not None and (rating is None or rating < stars_at_least):
            return False
        return all(tag in item.tags for tag in tags or ())

    return keep


def _keep_items(document: dict, path, keep) -> None:
    """Leave only the matching items in a show document, and the steps and levels holding
    some; orphans match no filter, having no definition left."""
    items = {item.id: item for item in path.items()}
    levels = []
    for level in document["levels"]:
        steps = []
        for step in level["steps"]:
            kept = [item for item in step["items"] if keep(items[item["id"]])]
            if kept:
                steps.append({**step, "items": kept})
        if steps:
            levels.append({**level, "steps": steps})
    document["levels"] = levels
    document["orphans"] = []


@app.command()
def undo(ctx: typer.Context) -> None:
    """Revert your last change (every item of it); run again to go further back."""
    from tracker.services.progress import undo as undo_last

    ws = workspace(ctx, with_paths=False)
    changes = undo_last(ws.engine, ws.learner.id)
    if not changes:
        typer.echo("nothing to undo")
    for change in changes:
        what = _what_changed(
            change.from_status, change.to_status, change.from_note != change.to_note
        )
        typer.echo(f"undone: {change.path_id}/{change.item_id}  {what}")


def _what_changed(before: str, after: str, note_changed: bool) -> str:
    """A change of status, else of the note; with neither, a paper's reading depth changed."""
    if before != after:
        return f"{before} -> {after}"
    return "note" if note_changed else "reading depth"


@app.command()
def log(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only changes from DATE on (YYYY-MM-DD)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Your changes, oldest first."""
    from tracker.services.clock import iso
    from tracker.services.progress import history

    ws = workspace(ctx, with_paths=False)
    entries = history(ws.engine, ws.learner.id, _local_date(since) if since else None)
    rows = [
        {
            "at": iso(e.at), "path": e.path_id, "item": e.item_id, "from": e.from_status,
            "to": e.to_status, "note_changed": e.note_changed, "undo": e.undo, "undone": e.undone,
        }
        for e in entries
    ]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for e, row in zip(entries, rows, strict=True):
        when = e.at.astimezone().strftime("%Y-%m-%d %H:%M")
        change = _what_changed(e.from_status, e.to_status, e.note_changed)
        flags = " (undo)" if e.undo else " (undone)" if e.undone else ""
        typer.echo(f"{when}  {row['path']}/{row['item']}  {change}{flags}")


def _local_date(text: str) -> datetime:
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise CommandError(f"invalid date '{text}'; write it as YYYY-MM-DD", 2) from None
    return day.astimezone()  # local midnight, as an aware time


def _set_followed(ctx: typer.Context, path_id: str, tracks: list[str], followed: bool) -> None:
    from tracker.services.progress import set_followed

    ws = workspace(ctx)
    path = ws.path(path_id)
    set_followed(ws.engine, ws.learner.id, path, tracks, followed)
    typer.echo(f"{'following' if followed else 'not following'} {', '.join(tracks)} in {path.id}")


Tracks = Annotated[list[str], typer.Argument(metavar="TRACK...")]
PathArg = Annotated[str, typer.Argument(metavar="PATH_ID")]


@app.command()
def follow(ctx: typer.Context, path_id: PathArg, tracks: Tracks) -> None:
    """Follow tracks of a path again (every track is followed until you unfollow it)."""
    _set_followed(ctx, path_id, tracks, True)


@app.command()
def unfollow(ctx: typer.Context, path_id: PathArg, tracks: Tracks) -> None:
    """Stop following tracks of a path: their items no longer count for you."""
    _set_followed(ctx, path_id, tracks, False)
