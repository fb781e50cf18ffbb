"""The Markdown report: a GitHub task list under headings per level and step, completion
everywhere, notes as quotes, done dates; beside each item what the learner recorded (reading
depth, time against the estimate, resources ticked, next review) and its evidence as a list
under it; time per level and step, and the path's time, pace, projection and reviews due in
its summary; with several learners, a cohort table per path.

Text from path files and records is escaped, so that a title holding `|`, `#`, `*`, `<` or
`[` keeps the document's shape; evidence links are links only when they are http or https.
Notes are the learner's own Markdown and stay so, inside a quote.
"""

from __future__ import annotations

import re

from tracker.pathdefs.text import pick
from tracker.reports.gather import Report, Standing, percent
from tracker.reports.wording import is_web_link, item_facts, part_time, proof_text, summary_facts
from tracker.services.evidence import Proof

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def escaped(text: str) -> str:
    """Inline text with every character Markdown could read as syntax backslash-escaped
    (CommonMark allows it before any ASCII punctuation), on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_report(report: Report) -> str:
    lines = ["# Progress report", ""]
    learners = ", ".join(escaped(name) for name in report.learners)
    lines += [f"Generated {report.generated_at.date().isoformat()} · {learners}", ""]
    if report.cohort:
        lines += _cohort(report)
    for name in report.learners:
        for path in report.paths:
            lines += _standing(report, report.standings[name, path.id])
    return "\n".join(lines).rstrip("\n") + "\n"


def _text(report: Report, path, value) -> str:
    return escaped(pick(value, report.lang, path.lang)) if value is not None else ""


def _cohort(report: Report) -> list[str]:
    lines = ["## Cohort", ""]
    for path in report.paths:
        lines += [f"### {_text(report, path, path.title)}", ""]
        header = ["Learner", "Overall"]
        header += [_text(report, path, level.title) for level in path.levels]
        header += [_text(report, path, track.title) for track in path.tracks]
        header += ["Last activity", "In progress"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for name in report.learners:
            standing = report.standings[name, path.id]
            outline = standing.outline
            row = [escaped(name), percent(outline.completion)]
            row += [percent(outline.levels[level.id]) for level in path.levels]
            row += [percent(standing.tracks[track.id]) for track in path.tracks]
            last = standing.last_activity
            row.append(last.date().isoformat() if last else "—")
            row.append(", ".join(_text(report, path, i.title) for i in standing.in_progress) or "—")
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    return lines


def _standing(report: Report, standing: Standing) -> list[str]:
    outline = standing.outline
    path = outline.progress.path
    done = outline.completion
    title = _text(report, path, path.title)
    heading = f"## {title}" if not report.cohort else f"## {escaped(standing.learner)}: {title}"
    lines = [heading, ""]
    if done.percent is None:
        lines.append(
            f"**Nothing left to count ({done.reason})**: {done.done} items done, "
            f"{done.skipped} skipped."
        )
    else:
        lines.append(
            f"**Completion {percent(done)}**: {done.done} of {done.out_of} "
            f"items done, {done.skipped} skipped."
        )
    lines.append("")
    lines += [f"- {name}: {escaped(value)}" for name, value in summary_facts(standing)]
    lines.append("")
    for level in path.levels:
        level_done = outline.levels[level.id]
        lines += [f"### {_text(report, path, level.title)} ({percent(level_done)})", ""]
        lines += _time(standing, "level", level.id)
        for step in level.steps:
            step_done = outline.steps[level.id, step.id]
            lines += [f"#### {_text(report, path, step.title)} ({percent(step_done)})", ""]
            lines += _time(standing, "step", step.id)
            for item in step.items:
                lines += _item(report, standing, item)
            lines.append("")
    return lines


def _item(report: Report, standing: Standing, item) -> list[str]:
    progress = standing.outline.progress
    state = progress.state(item.id)
    title = _text(report, progress.path, item.title)
    if state.status == "done":
        line = f"- [x] {title}"
        if state.done_at is not None:
            line += f" (done {state.done_at.date().isoformat()})"
    elif state.status == "skipped":
        line = f"- [ ] ~~{title}~~ (skipped)"
    else:
        line = f"- [ ] {title}" + (" (in progress)" if state.status == "doing" else "")
    facts = item_facts(standing, item)
    if facts:
        line += " · " + " · ".join(escaped(fact) for fact in facts)
    lines = [line]
    proofs = standing.records.evidence.get(item.id, ())
    lines += [f"  - evidence: {_proof(proof)}" for proof in proofs]
    if state.note:
        lines += ["", *(f"  > {part}".rstrip() for part in state.note.splitlines()), ""]
    return lines


def _time(standing: Standing, kind: str, part_id: str) -> list[str]:
    shown = part_time(standing, kind, part_id)
    return [f"Time: {escaped(shown)}", ""] if shown else []


def _proof(proof: Proof) -> str:
    """A link as a Markdown link, its target between `<` and `>` (which a web link never
    holds, nor spaces), anything else as text."""
    text = escaped(proof_text(proof))
    return f"[{text}](<{proof.value}>)" if is_web_link(proof) else text
