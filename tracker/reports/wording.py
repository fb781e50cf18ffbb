"""How the Markdown and HTML reports word what a learner recorded and where they stand: time
spent against the estimates, reading depth, resource ticks, the next review, evidence, and
the figures of a path's summary. Plain text: each format escapes it its own way.

Dates are the UTC dates of stored times, as the reports' done dates are.
"""

from __future__ import annotations

import re

from tracker.pathdefs.model import Item
from tracker.reports.gather import Standing
from tracker.services.evidence import Proof
from tracker.services.standing import reading_depth
from tracker.services.stats import PACE_WEEKS, Figures
from tracker.services.timelog import TimeLine
from tracker.vocabulary import finish, minutes, spent
from tracker.vocabulary import ratio as times

# A link becomes a link only with an http or https target and nothing that could end it
# early; evidence is kept so, but a report does not rely on the store for its safety.
_WEB_LINK = re.compile(r"https?://[^\s\"'<>\\`]+", re.IGNORECASE)


def spent_text(line: TimeLine) -> str:
    """`1h 30m spent of 2h estimated (75%)`; `1h 30m spent, no estimate`."""
    return spent(line.spent_minutes, line.estimated_minutes)


def part_time(standing: Standing, kind: str, part_id: str) -> str:
    """A level's or step's time against its estimate; empty until the learner logs time on
    the path (or when the part has neither estimate nor time)."""
    line = standing.time_of(kind, part_id) if standing.logged_time else None
    return "" if line is None else spent_text(line)


def item_facts(standing: Standing, item: Item) -> list[str]:
    """What was recorded on an item, beside its status: reading depth (papers), time spent
    against its estimate, resources ticked, and the next review or "learnt"."""
    # Called for each of a path's items: what is not recorded costs a dictionary look-up.
    records = standing.records
    item_id = item.id
    facts = []
    if item.kind == "paper":
        depth = reading_depth(item, standing.outline.progress.state(item_id))
        if depth:
            facts.append(depth)
    if records.spent.get(item_id):
        facts.append(spent_text(standing.time_of("item", item_id)))
    ticked = records.ticks.get(item_id)
    if ticked:
        facts.append(f"resources ticked {len(ticked)}/{len(item.resources)}")
    review = records.reviews.get(item_id)
    if review is not None:
        facts.append("learnt" if review.due is None else f"review due {review.due.date()}")
    return facts


def proof_text(proof: Proof) -> str:
    """A piece of evidence as text: the link or file as it is, a metric as `name = value`."""
    return f"{proof.name} = {proof.value}" if proof.kind == "metric" else proof.value


def is_web_link(proof: Proof) -> bool:
    """Whether a piece of evidence may be shown as a link."""
    return proof.kind == "link" and _WEB_LINK.fullmatch(proof.value) is not None


def summary_facts(standing: Standing) -> list[tuple[str, str]]:
    """The time and review figures of a path's summary, as (name, value)."""
    figures = standing.figures
    if standing.logged_time:
        line = standing.time_of("path", standing.outline.progress.path.id)
        spent = spent_text(line) if line is not None else "none logged"
    else:
        spent = "none logged"  # "0m spent of" the whole path's estimate tells nothing more
    return [
        ("Time", spent),
        ("Hours a week", weekly_text(figures.minutes_per_week)),
        ("Against the estimates", ratio_text(figures.estimate_ratio)),
        ("Projected finish", finish_text(figures)),
        ("Reviews due this week", str(standing.reviews_due)),
    ]


def weekly_text(minutes_per_week: float) -> str:
    if minutes_per_week == 0:
        return f"none logged in the last {PACE_WEEKS} weeks"
    return f"{minutes(minutes_per_week)} a week (last {PACE_WEEKS} weeks)"


def ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "not known yet (no done item has both an estimate and time logged)"
    return f"{times(ratio)} the estimates (done items with time logged)"


def finish_text(figures: Figures) -> str:
    """The projected finish and what it follows: the hours logged lately (at the learner's
    own ratio to the estimates) or the items done a week; or why there is none."""
    scaled = figures.estimate_ratio is not None
    return finish(figures.projected_finish, figures.finish_by, figures.finish_reason, scaled)
