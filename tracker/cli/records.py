"""Commands about what a learner records on items beyond their status: evidence, time spent,
spaced reviews and resource ticks; and what `show` and `done` print about them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

import typer
from typer.core import TyperCommand

from tracker import vocabulary
from tracker.cli.app import CommandError, app, count, workspace
from tracker.cli.progress import GLYPHS, JsonOption

ItemRef = Annotated[str, typer.Argument(metavar="REF", help="PATH_ID/ITEM_ID of one item.")]
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def one_item(ws, ref: str, purpose: str):
    """The path and the item `ref` names; a step or level is refused with `purpose`."""
    ((path, ids),) = ws.resolve([ref])
    if len(ids) != 1 or ids[0] != ref.partition("/")[2]:
        raise CommandError(f"'{ref}' is a step or level; {purpose} one item")
    return path, path.find_item(ids[0])


# -- done and doing: depth and evidence ---------------------------------------------------


def check_depth_status(depth: str, status: str) -> None:
    from tracker.services.progress import DEPTH_STATUS

    if depth not in DEPTH_STATUS:
        raise CommandError(f"unknown depth '{depth}'; expected one of: {', '.join(DEPTH_STATUS)}")
    if DEPTH_STATUS[depth] != status:
        goes_with = DEPTH_STATUS[depth]
        raise CommandError(
            f"a paper {depth} is {goes_with}, not {status}: "
            f"use tracker {goes_with} REF --depth {depth}; nothing changed"
        )


def parse_proofs(links: list[str], metrics: list[str]) -> list:
    from tracker.services.evidence import link_or_file, metric

    return [*(link_or_file(text) for text in links), *(metric(text) for text in metrics)]


@dataclass(frozen=True)
class Attachments:
    """The evidence a mark adds, told apart from what the items already had, so that the
    command says what it really attached."""

    proofs: list
    added: dict[str, list]  # by reference, the proofs that item did not have

    @classmethod
    def before(cls, ws, targets, proofs: list) -> Attachments:
        from tracker.services.evidence import evidence_of

        added: dict[str, list] = {}
        for path, ids in targets if proofs else ():
            had = evidence_of(ws.engine, ws.learner.id, path)
            for item_id in ids:
                kept = {(p.kind, p.name, p.value) for p in had.get(item_id, ())}
                new = [p for p in proofs if (p.kind, p.name, p.value) not in kept]
                if new:
                    added[f"{path.id}/{item_id}"] = new
        return cls(proofs, added)

    def summary(self) -> str:
        if not self.added:
            return f"evidence already there: {_listed(self.proofs)}"
        new = [p for proofs in self.added.values() for p in proofs]
        refs = list(self.added)
        who = refs[0] if len(refs) == 1 else count(len(refs), "item")
        return f"evidence added to {who}: {_listed(new)}"


def _listed(proofs) -> str:
    return ", ".join(dict.fromkeys(str(proof) for proof in proofs))


# -- show: the records of each item -------------------------------------------------------


def _proof_json(proof, number: int) -> dict:
    from tracker.services.records import proof_json

    return {"number": number, **proof_json(proof)}


def add_records(document: dict, progress, records) -> None:
    """Give every item of a show document its records."""
    from tracker.services.records import item_records_json

    items = {item.id: item for item in progress.path.items()}
    for level in document["levels"]:
        for step in level["steps"]:
            for entry in step["items"]:
                item_id = entry["id"]
                entry.update(item_records_json(items[item_id], progress.state(item_id), records))


def records_text(entry: dict) -> str:
    """What `show` prints after an item's title about its records; nothing when none."""
    parts = []
    if entry["stars"] is not None:
        parts.append(count(entry["stars"], "star"))
    if entry["depth"]:
        parts.append(entry["depth"])
    if entry["ticked"]:
        parts.append(f"resources ticked {entry['ticked']}/{entry['resources']}")
    if entry["spent_seconds"]:
        parts.append(f"spent {vocabulary.duration(entry['spent_seconds'])}")
    if entry["evidence"]:
        parts.append(f"evidence: {len(entry['evidence'])}")
    return f"  ({'; '.join(parts)})" if parts else ""


def show_item(ws, ref: str, as_json: bool) -> None:
    """`tracker show PATH_ID/ITEM_ID`: one item and everything recorded on it."""
    from tracker.pathdefs.text import pick
    from tracker.services.overview import show_document
    from tracker.services.progress import path_progress
    from tracker.services.records import item_records_json, path_records

    path, item = one_item(ws, ref, "show takes a path id or")
    progress = path_progress(ws.engine, ws.learner.id, path)
    records = path_records(ws.engine, ws.learner.id, progress)
    document = show_document(progress, ws.settings.lang)  # the item as `show PATH_ID` has it
    entry = next(
        e for level in document["levels"] for s in level["steps"] for e in s["items"]
        if e["id"] == item.id
    )  # fmt: skip
    entry.update(item_records_json(item, progress.state(item.id), records))
    ticked = records.ticked(item.id)
    resources = [
        {
            "number": number, "url": resource.url,
            "title": pick(resource.title, ws.settings.lang, path.lang) if resource.title else None,
            "kind": resource.kind, "ticked": resource.url in ticked,
        }
        for number, resource in enumerate(item.resources, start=1)
    ]  # fmt: skip
    if as_json:
        typer.echo(json.dumps({"path": path.id, **entry, "resource_list": resources}, indent=2))
        return
    _print_item(ref, item, entry, resources, records, progress.state(item.id).note)


def _print_item(ref, item, entry, resources, records, note) -> None:
    typer.echo(f"{GLYPHS[entry['status']]} {ref}  {entry['title']}")
    status = entry["status"] + (f", {entry['depth']}" if entry["depth"] else "")
    typer.echo(f"  status: {status}")
    about = [item.kind] if item.kind else []
    about += [count(entry["stars"], "star")] if entry["stars"] is not None else []
    about += [f"estimate {item.estimate}"] if item.estimate else []
    if about:
        typer.echo(f"  {'; '.join(about)}")
    if item.estimate or entry["spent_seconds"]:
        estimate = item.estimate.minutes if item.estimate else 0
        typer.echo(f"  time spent: {vocabulary.spent(entry['spent_seconds'] / 60, estimate)}")
    review = records.reviews.get(item.id)
    if review is not None:
        typer.echo(f"  next review: {'none, learnt' if review.learnt else _day(review.due)}")
    for number, line in enumerate(note.splitlines() if note else ()):
        typer.echo(f"  {'note: ' if number == 0 else '      '}{line}")
    if resources:
        ticked = sum(resource["ticked"] for resource in resources)
        typer.echo(f"  resources, {ticked}/{len(resources)} ticked:")
        for resource in resources:
            box = "[x]" if resource["ticked"] else "[ ]"
            title = f"{resource['title']}  " if resource["title"] else ""
            typer.echo(f"    {resource['number']} {box} {title}{resource['url']}")
    if records.evidence.get(item.id):
        typer.echo("  evidence:")
        for line in _evidence_lines(records.evidence[item.id]):
            typer.echo(f"    {line}")


def _evidence_lines(proofs) -> list[str]:
    return [
        f"{number}  {proof.kind:<6}  {proof}  ({_day(proof.at)})"
        for number, proof in enumerate(proofs, start=1)
    ]


def _day(moment: datetime) -> str:
    """A stored time as the learner's local date."""
    from tracker.services.clock import as_aware

    return as_aware(moment).astimezone().date().isoformat()


# -- evidence -----------------------------------------------------------------------------


@app.command()
def evidence(
    ctx: typer.Context,
    ref: ItemRef,
    remove: Annotated[
        int | None,
        typer.Option("--remove", metavar="N", min=1, help="Remove evidence number N, as listed."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the evidence of an item, numbered, or remove one piece of it.

    Evidence (links, files and metrics) is added with `tracker done REF --evidence
    URL_OR_PATH --metric NAME=VALUE`, also to an item already done.
    """
    from tracker.services.evidence import evidence_of, remove_evidence

    ws = workspace(ctx)
    path, item = one_item(ws, ref, "evidence belongs to")
    if remove is not None:
        proof = remove_evidence(ws.engine, ws.learner.id, path, item.id, remove)
        if not as_json:
            typer.echo(f"removed evidence {remove} of {ref}: {proof}")
            return
    proofs = evidence_of(ws.engine, ws.learner.id, path).get(item.id, [])
    if as_json:
        rows = [_proof_json(proof, number) for number, proof in enumerate(proofs, start=1)]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not proofs:
        typer.echo(f"{ref} has no evidence; add some with: tracker done {ref} --evidence URL")
    for line in _evidence_lines(proofs):
        typer.echo(line)


# -- spent --------------------------------------------------------------------------------

_CORRECTION = re.compile(r"-[0-9.]")


class _SignedDurations(TyperCommand):
    """Takes `-20m` (a correction) as the duration it is, not as options -2, -0 and -m."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        corrections = [arg for arg in args if _CORRECTION.match(arg)]
        if corrections and "--" not in args:
            args = [arg for arg in args if arg not in corrections] + ["--", *corrections]
        return super().parse_args(ctx, args)


@app.command(cls=_SignedDurations)
def spent(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="PATH_ID|REF",
            help="An item to log time on; to show time: a path, or a level, step or item "
            "of it (PATH_ID/ID).",
        ),
    ],
    duration: Annotated[
        str | None,
        typer.Argument(
            metavar="[DURATION]",
            help="Time to add to the item: 1h30m, 45m, 1.5h; -20m takes time off.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Log time spent on an item, or show time spent against the estimates.

    \b
        tracker spent dl-guide/small-datasets 1h30m   # log time on an item (again: adds up)
        tracker spent dl-guide/small-datasets -20m    # take time off (a correction)
        tracker spent dl-guide                        # the path, its levels, steps, items
        tracker spent dl-guide/entry-theory           # one level, step or item of it

    The listing shows each part that has an estimate or time logged: time spent, the
    estimate of its items (a range counts as its midpoint) and the one as a share of the
    other. An item's time never goes below nothing.
    """
    if duration is not None:
        _log_time(ctx, target, duration, as_json)
        return
    from tracker.services.progress import path_progress
    from tracker.services.timelog import spent_by_item, time_lines

    ws = workspace(ctx)
    path_id, slash, part = target.partition("/")
    if slash:
        ws.resolve([target])  # an unknown part is an error, with suggestions
    path = ws.path(path_id)
    progress = path_progress(ws.engine, ws.learner.id, path)
    lines = time_lines(progress, spent_by_item(ws.engine, ws.learner.id, path))
    if slash:
        lines = _part_lines(lines, _kind_of(path, part), part)
    if as_json:
        rows = [_line_json(line, ws.settings.lang, path.lang) for line in lines]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not lines:
        typer.echo(f"{target}: no time logged and no estimate")
    from tracker.pathdefs.text import pick

    top = lines[0].depth if lines else 0
    for line in lines:
        title = pick(line.title, ws.settings.lang, path.lang)
        indent = "  " * (line.depth - top)
        spent = vocabulary.spent(line.spent_minutes, line.estimated_minutes)
        typer.echo(f"{indent}{line.id}  {title}  {spent}")


def _log_time(ctx: typer.Context, ref: str, duration: str, as_json: bool) -> None:
    from tracker.services.timelog import log_time, parse_duration

    seconds = parse_duration(duration)  # before the database is even opened
    ws = workspace(ctx)
    path, item = one_item(ws, ref, "time is logged on")
    total = log_time(ws.engine, ws.learner.id, path, item.id, seconds)
    estimate = item.estimate.minutes if item.estimate else 0
    if as_json:
        row = {
            "path": path.id, "item": item.id, "logged_seconds": seconds, "spent_seconds": total,
            "estimated_minutes": estimate or None,
        }  # fmt: skip
        typer.echo(json.dumps(row, indent=2))
        return
    shown = vocabulary.duration(abs(seconds))
    verb = f"logged {shown} on" if seconds > 0 else f"took {shown} off"
    typer.echo(f"{verb} {ref}: {vocabulary.spent(total / 60, estimate)}")


def _kind_of(path, part: str) -> str:
    """What PATH_ID/part names, as the references of marks read it: an item first."""
    if any(item.id == part for item in path.items()):
        return "item"
    for level in path.levels:
        if any(step.id == part for step in level.steps):
            return "step"
        if level.id == part:
            return "level"
    return "item"


def _part_lines(lines: list, kind: str, part: str) -> list:
    """The line of one level, step or item, and those under it."""
    for index, line in enumerate(lines):
        if line.kind == kind and line.id == part:
            below = lines[index + 1 :]
            end = next((n for n, other in enumerate(below) if other.depth <= line.depth), None)
            return [line, *below[:end]]
    return []


def _line_json(line, lang: str, path_lang: str) -> dict:
    from tracker.pathdefs.text import pick

    ratio = line.ratio
    return {
        "kind": line.kind, "id": line.id, "title": pick(line.title, lang, path_lang),
        "depth": line.depth, "estimated_minutes": round(line.estimated_minutes, 2),
        "spent_minutes": round(line.spent_minutes, 2),
        "ratio": None if ratio is None else round(ratio, 3),
    }  # fmt: skip


# -- review -------------------------------------------------------------------------------


@app.command()
def review(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH_ID|REF]",
            help="A path whose due reviews to list (default: every path you started), or "
            "PATH_ID/ITEM_ID: one item's review.",
        ),
    ] = None,
    passed: Annotated[
        bool | None,
        typer.Option(
            "--pass/--fail",
            help="Your answer on REF: --pass moves it to the next interval, --fail back to "
            "the first.",
            show_default=False,
        ),
    ] = None,
    early: Annotated[
        bool, typer.Option("--early", help="Answer on REF although it is not due yet.")
    ] = False,
    days: Annotated[
        str | None,
        typer.Option(
            "--days",
            metavar="DAYS",
            help="Set your intervals: days separated by commas, each longer than the last "
            "(1,3,10,30); 'default' goes back to 1,7,30,90.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Spaced review of what you have done.

    A done item comes back for review after 1, 7, 30 and 90 days (or your --days): each
    interval counts from the last answer. A passed review moves the item to the next
    interval, a failed one back to the first; after the last it is learnt.

    \b
        tracker review                         # due now on the paths you started, oldest first
        tracker review dl-guide                # due now on one path
        tracker review dl-guide/small-datasets # where one item stands
        tracker review dl-guide/small-datasets --pass  # or --fail; prints the next date
        tracker review --days 1,3,10,30        # your intervals ('default' resets them)

    Only done items are reviewed. An item not due yet is refused unless --early.
    """
    if days is not None:
        if target is not None or passed is not None or early:
            raise CommandError("--days sets your intervals; give it alone")
        _set_days(ctx, days, as_json)
        return
    one = target is not None and "/" in target
    if (passed is not None or early) and not one:
        raise CommandError("--pass, --fail and --early answer one item: tracker review REF --pass")
    if early and passed is None:
        raise CommandError("--early goes with --pass or --fail")
    if one:
        _review_item(ctx, target, passed, early, as_json)
    else:
        _due_now(ctx, target, as_json)


def _set_days(ctx: typer.Context, text: str, as_json: bool) -> None:
    from tracker.services.reviews import DEFAULT_DAYS, parse_days, set_review_days

    chosen = None if text.strip().lower() == "default" else parse_days(text)
    ws = workspace(ctx, with_paths=False)
    set_review_days(ws.engine, ws.learner.id, chosen)
    shown = chosen or DEFAULT_DAYS
    if as_json:
        typer.echo(json.dumps({"days": list(shown), "default": chosen is None}))
        return
    default = " (the default)" if chosen is None else ""
    days = "day" if tuple(shown) == (1,) else "days"
    typer.echo(f"review intervals: {', '.join(map(str, shown))} {days}{default}")


def _now() -> datetime:
    from tracker.services import clock

    return clock.utc_now()


def _review_item(
    ctx: typer.Context, ref: str, passed: bool | None, early: bool, as_json: bool
) -> None:
    from tracker.services.progress import path_progress
    from tracker.services.reviews import answer_review, path_reviews, review_days

    ws = workspace(ctx)
    path, item = one_item(ws, ref, "a review is of")
    progress = path_progress(ws.engine, ws.learner.id, path)
    status = progress.state(item.id).status
    days = review_days(ws.engine, ws.learner.id)
    found = path_reviews(ws.engine, ws.learner.id, progress, days)
    current = next((r for r in found if r.item.id == item.id), None)
    now = _now()
    if passed is None:
        _print_review(ref, status, current, days, now, as_json)
        return
    if current is None:
        raise CommandError(
            f"'{ref}' is {status}; only done items are reviewed (tracker done {ref} first)"
        )
    if not current.learnt and not current.is_due(now) and not early:
        raise CommandError(
            f"'{ref}' is not due for review until {_day(current.due)} "
            f"({_when(current.due, now)}); add --early to answer now"
        )
    after = answer_review(ws.engine, ws.learner.id, progress, item.id, passed, now=now)
    _print_review(ref, status, after, days, now, as_json, answered=passed)


def _print_review(ref, status, review, days, now, as_json, answered=None) -> None:
    from tracker.services.clock import iso

    if as_json:
        row = {"path": ref.partition("/")[0], "id": ref.partition("/")[2], "status": status}
        if answered is not None:
            row["passed"] = answered
        if review is not None:
            row.update(
                review=min(review.stage + 1, len(days)), of=len(days), learnt=review.learnt,
                due=iso(review.due), interval_days=review.interval or None,
            )  # fmt: skip
        typer.echo(json.dumps(row, indent=2))
        return
    if review is None:
        typer.echo(f"{ref} is {status}: it comes up for review once done")
        return
    if review.learnt:
        said = f"passed {ref}: " if answered else f"{ref} is "
        typer.echo(f"{said}learnt: every review passed, it comes back no more")
        return
    when = f"review {review.stage + 1} of {len(days)}"
    on = f"{_day(review.due)} ({_when(review.due, now)})"
    if answered is None:
        typer.echo(f"{ref}  {when}, due {on}")
    else:
        typer.echo(f"{'passed' if answered else 'failed'} {ref}; next: {when} on {on}")


def _when(due: datetime, now: datetime) -> str:
    """How far a due time is from now, in the learner's calendar days."""
    days = (due.astimezone().date() - now.astimezone().date()).days
    if days == 0:
        return "today"
    if days > 0:
        return f"in {count(days, 'day')}"
    return f"{count(-days, 'day')} overdue"


def _due_now(ctx: typer.Context, path_id: str | None, as_json: bool) -> None:
    from tracker.pathdefs.text import pick
    from tracker.services.clock import iso
    from tracker.services.progress import path_progress
    from tracker.services.reviews import due_reviews, review_days

    ws = workspace(ctx)
    paths = ws.paths_or_started(path_id)
    progresses = [path_progress(ws.engine, ws.learner.id, path) for path in paths]
    coming = due_reviews(ws.engine, ws.learner.id, progresses, FAR_FUTURE)  # soonest first
    now = _now()
    due = [r for r in coming if r.is_due(now)]
    days = review_days(ws.engine, ws.learner.id)
    rows = [
        {
            "path": r.path.id, "id": r.item.id, "title": pick(r.item.title, ws.settings.lang,
            r.path.lang), "review": r.stage + 1, "of": len(days), "due": iso(r.due),
            "overdue_days": max(0, (now.astimezone().date() - r.due.astimezone().date()).days),
        }
        for r in due
    ]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row, r in zip(rows, due, strict=True):
        typer.echo(
            f"{row['path']}/{row['id']}  {row['title']}  review {row['review']} of "
            f"{row['of']}, due {_day(r.due)} ({_when(r.due, now)})"
        )
    if not due:
        later = next((r for r in coming if not r.is_due(now)), None)
        after = "" if later is None else f"; next: {later.path.id}/{later.item.id} on "
        typer.echo(f"no reviews due{after}{_day(later.due) if later else ''}")


# -- tick and untick ----------------------------------------------------------------------

Resources = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[RESOURCE...]",
        help="Numbers (1 is the first, as `tracker show PATH_ID/ITEM_ID` lists them) or "
        "URLs; none: every resource of the item.",
    ),
]


def _tick(ctx: typer.Context, ref: str, chosen: list[str] | None, ticked: bool) -> None:
    from tracker.services.ticks import pick_resources, tick, ticked_urls

    ws = workspace(ctx)
    path, item = one_item(ws, ref, "resources are ticked on")
    resources = pick_resources(item, chosen or [])  # all checked before anything is written
    changed = tick(ws.engine, ws.learner.id, path, item, resources, ticked)
    done = len(ticked_urls(ws.engine, ws.learner.id, path).get(item.id, ()))
    unchanged = "" if changed else "  (nothing changed)"
    typer.echo(f"ticked {done}/{count(len(item.resources), 'resource')} of {ref}{unchanged}")


@app.command("tick")
def tick_resources(ctx: typer.Context, ref: ItemRef, resources: Resources = None) -> None:
    """Tick resources of an item as read, watched or used.

    Ticking every resource leaves the item's status alone: marking it done is your call.
    """
    _tick(ctx, ref, resources, True)


@app.command()
def untick(ctx: typer.Context, ref: ItemRef, resources: Resources = None) -> None:
    """Untick resources of an item (the item's status stays as it is)."""
    _tick(ctx, ref, resources, False)
