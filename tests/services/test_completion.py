"""Honest completion: a part with nothing left to count has no percentage, and says why."""

from __future__ import annotations

from datetime import date

from tests.services.conftest import make_path
from tracker.services.overview import show_document, track_completions
from tracker.services.standing import (
    NO_ITEMS,
    NOT_FOLLOWED,
    OPTIONAL,
    SKIPPED,
    Completion,
    ItemState,
    PathProgress,
    combined,
    completion,
    outline,
)
from tracker.services.stats import added_up, path_stats

PATH = make_path(
    """\
format: 1
id: adventure
title: Adventure
tracks:
  - {id: cv, title: Vision}
  - {id: nlp, title: Language}
levels:
  - id: start
    title: Start
    steps:
      - id: why
        title: Why
        items:
          - {id: why-read, title: Why read, optional: true}
      - id: basics
        title: Basics
        items:
          - {id: a, title: A}
          - {id: b, title: B}
  - id: choose
    title: Choose
    steps:
      - id: cv-path
        title: Vision path
        track: cv
        items:
          - {id: cnn, title: CNN}
          - {id: detect, title: Detect}
          - {id: gallery, title: Gallery, optional: true}
      - id: nlp-path
        title: Language path
        track: nlp
        items:
          - {id: rnn, title: RNN}
"""
)


def standing(unfollowed: tuple[str, ...] = (), **statuses: str) -> PathProgress:
    states = {item_id: ItemState(status) for item_id, status in statuses.items()}
    return PathProgress(PATH, states, {}, frozenset(unfollowed))


def step(progress: PathProgress, step_id: str) -> Completion:
    (found,) = (s for level in PATH.levels for s in level.steps if s.id == step_id)
    return completion(progress, found.items)


def test_a_step_of_an_unfollowed_track_is_not_followed():
    done = step(standing(("cv",)), "cv-path")
    assert (done.done, done.skipped, done.counted) == (0, 0, 0)
    assert done.percent is None
    assert done.reason == NOT_FOLLOWED == "not followed"
    assert track_completions(standing(("cv",)))["cv"].reason == NOT_FOLLOWED


def test_a_step_of_optional_items_only_is_optional():
    done = step(standing(), "why")
    assert done.percent is None
    assert done.reason == OPTIONAL == "optional"
    assert step(standing(**{"why-read": "done"}), "why").percent is None  # done, still optional


def test_a_step_whose_counted_items_are_all_skipped_is_skipped():
    done = step(standing(a="skipped", b="skipped"), "basics")
    assert (done.done, done.skipped, done.counted) == (0, 2, 2)
    assert done.percent is None
    assert done.reason == SKIPPED == "skipped"
    # on an unfollowed track too, what is skipped among what counts says why
    assert step(standing(("nlp",), cnn="skipped", detect="skipped"), "cv-path").reason == SKIPPED


def test_what_is_left_to_count_keeps_its_percentage():
    assert step(standing(a="skipped"), "basics").percent == 0.0
    assert step(standing(a="skipped", b="done"), "basics").percent == 100.0
    assert step(standing(a="skipped", b="done"), "basics").reason is None
    assert step(standing(("nlp",)), "cv-path").percent == 0.0  # an optional item aside


def test_a_level_whose_every_step_has_nothing_to_count_has_nothing_either():
    found = outline(standing(("cv", "nlp")))
    assert found.levels["choose"].percent is None
    assert found.levels["choose"].reason == NOT_FOLLOWED
    # one step skipped, the other not followed: what the learner follows is skipped
    mixed = outline(standing(("cv",), rnn="skipped"))
    assert mixed.levels["choose"].reason == SKIPPED
    # one step with something left to count is enough for a percentage
    assert outline(standing(("cv",))).levels["choose"].percent == 0.0
    # optional only, then items to count: the level counts
    assert outline(standing()).levels["start"].percent == 0.0


def test_a_path_whose_every_part_has_nothing_to_count_has_nothing_either():
    everything = standing(("cv", "nlp"), a="skipped", b="skipped")
    found = outline(everything)
    assert found.completion.percent is None
    assert found.completion.reason == SKIPPED
    assert completion(everything, PATH.items()) == found.completion
    assert outline(standing(("cv", "nlp"), a="skipped")).completion.percent == 0.0


def test_parts_add_up_with_their_reasons():
    unfollowed, optional = Completion(unfollowed=2), Completion(optional=1)
    assert combined([unfollowed, optional]).reason == NOT_FOLLOWED
    assert combined([optional, optional]).reason == OPTIONAL
    assert combined([Completion(0, 1, 1), unfollowed]).reason == SKIPPED
    assert combined([Completion(1, 0, 2), unfollowed]).percent == 50.0
    assert combined([]).reason == NO_ITEMS
    assert Completion().percent is None


def test_json_gives_a_null_percent_and_the_reason():
    assert Completion(unfollowed=3).as_json() == {
        "done": 0, "skipped": 0, "counted": 0, "percent": None, "reason": "not followed",
    }  # fmt: skip
    assert Completion(1, 1, 3).as_json() == {
        "done": 1, "skipped": 1, "counted": 3, "percent": 50.0,
    }  # fmt: skip
    document = show_document(standing(("cv",)), "en")
    (why, basics) = document["levels"][0]["steps"]
    assert why["completion"]["percent"] is None
    assert why["completion"]["reason"] == "optional"
    assert basics["completion"]["percent"] == 0.0
    cv_track = next(track for track in document["tracks"] if track["id"] == "cv")
    assert cv_track["completion"]["reason"] == "not followed"


def test_statistics_of_paths_with_nothing_to_count_have_no_percentage():
    today = date(2026, 11, 4)
    nothing = path_stats(standing(("cv", "nlp"), a="skipped", b="skipped"), [], today).figures
    assert nothing.completion.percent is None
    assert nothing.as_json()["completion"]["reason"] == "skipped"
    assert added_up([nothing, nothing], today).completion.percent is None
    something = path_stats(standing(), [], today).figures
    assert added_up([nothing, something], today).completion.percent == 0.0
