"""Evidence that an item was done: a link (a notebook, a repository, a commit, a run), a file,
or a metric with its value (`cifar10-accuracy=0.91`).

Evidence is added as work is: marking the item back to todo or undoing the mark keeps it,
and `remove_evidence` takes one away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tracker.pathdefs.model import PathDef
from tracker.services.errors import ServiceError
from tracker.services.standing import current_ids
from tracker.store.engine import reading, writing
from tracker.store.locks import hold_learners
from tracker.store.models import Evidence
from tracker.store.values import EVIDENCE_KINDS

_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_METRIC_NAME = re.compile(r"[^\s=][^=]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_VALUE = 2000


@dataclass(frozen=True, slots=True)
class Proof:
    """One piece of evidence, as given or as stored."""

    kind: str  # link, file or metric
    value: str
    name: str = ""  # a metric's name
    id: int | None = None  # once stored
    at: datetime | None = None
    item_id: str = ""

    def __str__(self) -> str:
        return f"{self.name}={self.value}" if self.kind == "metric" else self.value


def link_or_file(text: str, folder: Path | None = None) -> Proof:
    """`text` as a link (http or https) or as an existing file or folder (made absolute,
    relative to `folder` or the working directory)."""
    text = _checked(text.strip(), "evidence")
    if _URL.fullmatch(text):
        return Proof("link", text)
    if "://" in text:
        raise ServiceError(f"evidence '{text}' is a link tracker cannot keep: use http or https")
    place = Path(text).expanduser()
    place = (folder or Path.cwd()) / place if not place.is_absolute() else place
    if not place.exists():
        raise ServiceError(
            f"evidence '{text}' is neither a link (http:// or https://) nor an existing file"
        )
    return Proof("file", str(place.resolve()))


def metric(text: str) -> Proof:
    """`NAME=VALUE`: a metric's name and the value reached (a number or any short text)."""
    name, sep, value = _checked(text, "metric").partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not _METRIC_NAME.fullmatch(name) or not value:
        raise ServiceError(f"metric '{text}' is not NAME=VALUE (for example accuracy=0.91)")
    return Proof("metric", value, name)


def check_stored(kind: str, name: str, value: str) -> None:
    """Refuse evidence read from elsewhere (a backup) that `link_or_file` and `metric` would
    never have given: a link other than http or https, a metric without a usable name, text
    with control characters. A file is not looked for: it was on another computer."""
    if kind not in EVIDENCE_KINDS:
        raise ServiceError(
            f"evidence kind {_shown(kind)} is not one of {', '.join(EVIDENCE_KINDS)}"
        )
    for what, text in (("name", name), ("value", value)):
        if _CONTROL.search(text) or len(text) > MAX_VALUE or text != text.strip():
            raise ServiceError(f"evidence {what} {_shown(text)} is not as tracker keeps it")
    if not value:
        raise ServiceError("evidence value is empty")
    if kind == "metric" and not _METRIC_NAME.fullmatch(name):
        raise ServiceError(f"metric name {_shown(name)} is not a usable name")
    if kind != "metric" and name:
        raise ServiceError(f"a {kind} has no name, but this one has {_shown(name)}")
    if kind == "link" and not _URL.fullmatch(value):
        raise ServiceError(f"link {_shown(value)} is not an http or https link")
    if kind == "file" and "://" in value:
        raise ServiceError(f"file {_shown(value)} is a link")


def _shown(text: str) -> str:
    shown = repr(text)  # on one line, whatever the text holds
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _checked(text: str, what: str) -> str:
    if not text.strip():
        raise ServiceError(f"empty {what}")
    if _CONTROL.search(text):
        raise ServiceError(f"{what} cannot hold control characters: {text!r}")
    if len(text) > MAX_VALUE:
        raise ServiceError(f"{what} is too long ({len(text)} characters; at most {MAX_VALUE})")
    return text


def store_evidence(
    session: Session,
    learner_id: int,
    path_id: str,
    item_ids: Iterable[str],
    proofs: Iterable[Proof],
    now: datetime,
) -> None:
    """Add `proofs` to each item, in the caller's transaction (a mark and its evidence are one
    write); evidence an item already has is not added twice."""
    proofs = list(proofs)
    item_ids = list(item_ids)
    if not proofs or not item_ids:
        return  # the common mark: no query at all, even for 10,000 items
    query = select(Evidence.item_id, Evidence.kind, Evidence.name, Evidence.value).where(
        Evidence.learner_id == learner_id, Evidence.path_id == path_id
    )  # the path's evidence is a few rows; an IN of every item id could pass SQLite's limit
    present = set(session.exec(query))
    for item_id in item_ids:
        for proof in proofs:
            key = (item_id, proof.kind, proof.name, proof.value)
            if key not in present:
                present.add(key)
                session.add(
                    Evidence(
                        learner_id=learner_id, path_id=path_id, item_id=item_id, at=now,
                        kind=proof.kind, name=proof.name, value=proof.value,
                    )
                )  # fmt: skip


def evidence_of(engine: Engine, learner_id: int, path: PathDef) -> dict[str, list[Proof]]:
    """Each item's evidence, oldest first, by current item id (evidence kept under an old id
    of an item belongs to it)."""
    owner = current_ids(path)
    query = (
        select(Evidence)
        .where(Evidence.learner_id == learner_id, Evidence.path_id == path.id)
        .order_by(Evidence.id)
    )
    found: dict[str, list[Proof]] = {}
    with reading(engine) as session:
        for row in session.exec(query):
            if row.item_id in owner:
                item_id = owner[row.item_id]
                found.setdefault(item_id, []).append(
                    Proof(row.kind, row.value, row.name, row.id, row.at, item_id)
                )
    return found


def remove_evidence(
    engine: Engine, learner_id: int, path: PathDef, item_id: str, number: int
) -> Proof:
    """Remove the item's evidence number `number` (1-based, as listed)."""
    listed = evidence_of(engine, learner_id, path).get(item_id, [])
    if not 1 <= number <= len(listed):
        have = f"it has {len(listed)}" if listed else "it has none"
        raise ServiceError(f"'{item_id}' has no evidence {number} ({have}); nothing changed")
    proof = listed[number - 1]
    with writing(engine) as session:
        hold_learners(session, [learner_id])
        row = session.get(Evidence, proof.id)
        if row is None:
            raise ServiceError(f"evidence {number} of '{item_id}' was removed elsewhere")
        session.delete(row)
    return proof
