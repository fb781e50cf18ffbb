"""Records beyond a status, through the services: a paper's reading depth, evidence, time
spent, spaced reviews and resource ticks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.services.conftest import T0, TZ, at, local_at, make_path
from tracker.services.errors import ServiceError
from tracker.services.evidence import Proof, evidence_of, link_or_file, metric, remove_evidence
from tracker.services.progress import mark, path_progress, undo
from tracker.services.records import path_records
from tracker.services.reviews import (
    DEFAULT_DAYS,
    answer_review,
    due_reviews,
    parse_days,
    review_days,
    set_review_days,
)
from tracker.services.standing import reading_depth, stars
from tracker.services.stats import learner_stats, path_stats
from tracker.services.ticks import pick_resources, tick, ticked_urls
from tracker.services.timelog import (
    estimate_ratio,
    log_time,
    parse_duration,
    spent_by_item,
    time_lines,
)

PAPERS = """\
format: 1
id: papers
title: Papers
levels:
  - id: basics
    title: Basics
    steps:
      - id: first
        title: First
        items:
          - id: alexnet
            title: AlexNet
            kind: paper
            tags: [stars-5]
            estimate: 2h
            resources:
              - {url: "https://example.org/alexnet.pdf", title: PDF}
              - {url: "https://example.org/talk", title: Talk, kind: watch}
          - {id: vgg, title: VGG, kind: paper, tags: [stars-3], estimate: 1h, was: [vggnet]}
          - {id: book, title: The book, kind: book, estimate: 10h}
      - id: second
        title: Second
        items:
          - {id: resnet, title: ResNet, kind: paper, estimate: 3h}
"""


@pytest.fixture
def papers():
    return make_path(PAPERS)


def item_of(path, item_id):
    return next(item for item in path.items() if item.id == item_id)


# -- reading depth -------------------------------------------------------------------------


def test_a_paper_done_is_read_and_can_be_marked_further(engine, learner, papers):
    mark(engine, learner.id, papers, ["alexnet"], "done", now=at(1))
    progress = path_progress(engine, learner.id, papers)
    assert reading_depth(item_of(papers, "alexnet"), progress.state("alexnet")) == "read"
    mark(engine, learner.id, papers, ["alexnet"], "done", now=at(2), depth="implemented")
    progress = path_progress(engine, learner.id, papers)
    assert progress.state("alexnet").depth == "implemented"
    assert progress.state("alexnet").done_at == at(1)  # still done since the first mark


def test_skimmed_is_doing_and_undo_brings_the_depth_back(engine, learner, papers):
    mark(engine, learner.id, papers, ["vgg"], "done", now=at(1), depth="implemented")
    mark(engine, learner.id, papers, ["vgg"], "doing", now=at(2), depth="skimmed")
    state = path_progress(engine, learner.id, papers).state("vgg")
    assert (state.status, state.depth) == ("doing", "skimmed")
    undo(engine, learner.id, now=at(3))
    state = path_progress(engine, learner.id, papers).state("vgg")
    assert (state.status, state.depth) == ("done", "implemented")


def test_a_new_status_forgets_the_depth(engine, learner, papers):
    mark(engine, learner.id, papers, ["vgg"], "done", now=at(1), depth="implemented")
    mark(engine, learner.id, papers, ["vgg"], "todo", now=at(2))
    mark(engine, learner.id, papers, ["vgg"], "done", now=at(3))
    state = path_progress(engine, learner.id, papers).state("vgg")
    assert state.depth is None
    assert reading_depth(item_of(papers, "vgg"), state) == "read"


def test_depth_is_for_papers_and_goes_with_its_status(engine, learner, papers):
    with pytest.raises(ServiceError, match=r"^'book' is not a paper \(kind: book\)"):
        mark(engine, learner.id, papers, ["alexnet", "book"], "done", depth="read")
    with pytest.raises(ServiceError, match=r"^a paper skimmed is doing, not done$"):
        mark(engine, learner.id, papers, ["alexnet"], "done", depth="skimmed")
    with pytest.raises(ServiceError, match=r"^unknown depth 'studied'; expected one of: skimmed"):
        mark(engine, learner.id, papers, ["alexnet"], "done", depth="studied")
    assert path_progress(engine, learner.id, papers).states == {}


def test_stars_come_from_the_tags(papers):
    assert [stars(item) for item in papers.items()] == [5, 3, None, None]


# -- evidence -------------------------------------------------------------------------------


def test_evidence_is_a_link_an_existing_file_or_a_metric(tmp_path):
    (tmp_path / "run.ipynb").write_text("{}")
    assert link_or_file("https://github.com/ada/mnist/commit/1a2b") == Proof(
        "link", "https://github.com/ada/mnist/commit/1a2b"
    )
    assert link_or_file("run.ipynb", tmp_path) == Proof("file", str(tmp_path / "run.ipynb"))
    assert metric("cifar10-accuracy = 0.91") == Proof("metric", "0.91", "cifar10-accuracy")
    assert str(metric("top-1=76.1%")) == "top-1=76.1%"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("missing.txt", "evidence 'missing.txt' is neither a link (http:// or https://) nor an"),
        ("ftp://example.org/x", "evidence 'ftp://example.org/x' is a link tracker cannot keep"),
        ("   ", "empty evidence"),
        ("a\x1bb", "evidence cannot hold control characters"),
    ],
)
def test_other_evidence_is_refused(tmp_path, given, message):
    with pytest.raises(ServiceError, match=r"^" + message.replace("(", r"\(").replace(")", r"\)")):
        link_or_file(given, tmp_path)


@pytest.mark.parametrize("given", ["accuracy", "=0.9", "accuracy=", "a=b\n"])
def test_a_metric_is_name_equals_value(given):
    with pytest.raises(ServiceError, match="metric"):
        metric(given)


def test_evidence_is_added_with_the_mark_once_and_kept(engine, learner, papers):
    proofs = [Proof("link", "https://example.org/notebook"), metric("accuracy=0.91")]
    mark(engine, learner.id, papers, ["alexnet"], "done", now=at(1), evidence=proofs)
    # already done: the status stays, the new evidence is added, the old one not twice
    again = [Proof("link", "https://example.org/notebook"), metric("top-5=0.8")]
    assert mark(engine, learner.id, papers, ["alexnet"], "done", now=at(2), evidence=again) == []
    undo(engine, learner.id, now=at(3))  # undoes the mark; evidence is work, and stays
    found = evidence_of(engine, learner.id, papers)["alexnet"]
    assert [str(proof) for proof in found] == [
        "https://example.org/notebook",
        "accuracy=0.91",
        "top-5=0.8",
    ]
    assert path_progress(engine, learner.id, papers).state("alexnet").status == "todo"
    removed = remove_evidence(engine, learner.id, papers, "alexnet", 2)
    assert str(removed) == "accuracy=0.91"
    assert len(evidence_of(engine, learner.id, papers)["alexnet"]) == 2
    with pytest.raises(ServiceError, match=r"^'alexnet' has no evidence 3 \(it has 2\)"):
        remove_evidence(engine, learner.id, papers, "alexnet", 3)


def test_a_refused_mark_adds_no_evidence(engine, learner, papers):
    with pytest.raises(ServiceError):
        mark(engine, learner.id, papers, ["book"], "done", depth="read", evidence=[metric("x=1")])
    assert evidence_of(engine, learner.id, papers) == {}


# -- time spent -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1h30m", 5400), ("45m", 2700), ("1.5h", 5400), ("2h 5m", 7500), ("90s", 90),
     ("-20m", -1200), (".5h", 1800), ("1H", 3600)],
)  # fmt: skip
def test_durations_as_learners_write_them(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "90", "1h30", "h", "1d", "1h-30m", "0m", "200h", "-"])
def test_other_durations_are_refused(text):
    with pytest.raises(ServiceError):
        parse_duration(text)


def test_time_adds_up_and_never_goes_below_zero(engine, learner, papers):
    assert log_time(engine, learner.id, papers, "alexnet", 3600, now=at(1)) == 3600
    assert log_time(engine, learner.id, papers, "alexnet", 1800, now=at(2)) == 5400
    assert log_time(engine, learner.id, papers, "alexnet", -600, now=at(3)) == 4800
    with pytest.raises(ServiceError, match=r"^'alexnet' has 1h 20m logged; taking away 2h would"):
        log_time(engine, learner.id, papers, "alexnet", -7200, now=at(4))
    assert spent_by_item(engine, learner.id, papers) == {"alexnet": 4800}


def test_time_kept_under_an_old_id_belongs_to_the_item(engine, learner, papers):
    old = make_path(PAPERS.replace("{id: vgg,", "{id: vggnet,").replace(", was: [vggnet]", ""))
    log_time(engine, learner.id, old, "vggnet", 600, now=at(1))
    assert log_time(engine, learner.id, papers, "vgg", 600, now=at(2)) == 1200
    assert spent_by_item(engine, learner.id, papers) == {"vgg": 1200}


def test_time_against_the_estimate_per_item_step_and_level(engine, learner, papers):
    log_time(engine, learner.id, papers, "alexnet", 3 * 3600, now=at(1))
    log_time(engine, learner.id, papers, "book", 3600, now=at(1))
    progress = path_progress(engine, learner.id, papers)
    lines = {
        (line.kind, line.id): (line.estimated_minutes, line.spent_minutes)
        for line in time_lines(progress, spent_by_item(engine, learner.id, papers))
    }
    assert lines == {
        ("path", "papers"): (16 * 60, 4 * 60),
        ("level", "basics"): (16 * 60, 4 * 60),
        ("step", "first"): (13 * 60, 4 * 60),
        ("item", "alexnet"): (120, 180),
        ("item", "vgg"): (60, 0),
        ("item", "book"): (600, 60),
        ("step", "second"): (180, 0),
        ("item", "resnet"): (180, 0),
    }


def test_the_projected_finish_follows_the_learners_real_pace(engine, learner, papers):
    """AlexNet (2h estimated) took 3h: the learner needs half again as long. 4 hours
    logged in four weeks is an hour a week; the book's 10h left at 1.5 is 15h, 15 weeks.
    Three items done, the first 20 days ago: enough activity to project from."""
    today = date(2026, 11, 18)
    done_at = local_at(today - timedelta(days=20))
    mark(engine, learner.id, papers, ["alexnet", "vgg", "resnet"], "done", now=done_at)
    log_time(engine, learner.id, papers, "alexnet", 3 * 3600, now=done_at)
    log_time(engine, learner.id, papers, "book", 3600, now=done_at)
    progress = path_progress(engine, learner.id, papers)
    spent = spent_by_item(engine, learner.id, papers)
    assert estimate_ratio(progress, spent) == 1.5
    figures = path_stats(progress, [], today, TZ, spent, 4 * 3600, done_at).figures
    assert figures.finish_by == "time"
    assert figures.minutes_per_week == 60
    assert figures.projected_finish == today + timedelta(weeks=15)
    # no time logged lately: the pace of items done, none here
    figures = path_stats(progress, [], today, TZ, spent, 0, done_at).figures
    assert (figures.finish_by, figures.finish_reason) == ("items", "no_recent_pace")
    # through the store: the same figures
    stats = learner_stats(engine, learner.id, [papers], today, TZ)
    assert stats.paths[0].figures.projected_finish == today + timedelta(weeks=15)
    assert stats.overall.projected_finish == today + timedelta(weeks=15)
    assert stats.overall.spent_minutes == 240


# -- spaced review --------------------------------------------------------------------------


def test_review_intervals_are_growing_days(engine, learner):
    assert parse_days("1, 3,10") == (1, 3, 10)
    for text in ("", "0,1", "7,1", "1,1", "x", "1,,2", "4000"):
        with pytest.raises(ServiceError, match="review intervals"):
            parse_days(text)
    assert review_days(engine, learner.id) == DEFAULT_DAYS
    set_review_days(engine, learner.id, (2, 5))
    assert review_days(engine, learner.id) == (2, 5)
    set_review_days(engine, learner.id, None)
    assert review_days(engine, learner.id) == DEFAULT_DAYS


def test_a_done_item_comes_back_after_1_7_30_and_90_days(engine, learner, papers):
    mark(engine, learner.id, papers, ["alexnet"], "done", now=T0)
    due = lambda moment: due_reviews(  # noqa: E731
        engine, learner.id, [path_progress(engine, learner.id, papers)], moment
    )
    assert due(T0 + timedelta(hours=23)) == []
    (first,) = due(T0 + timedelta(days=1))
    assert (first.item.id, first.stage, first.interval, first.due) == (
        "alexnet", 0, 1, T0 + timedelta(days=1),
    )  # fmt: skip
    moment = T0 + timedelta(days=1)
    for interval in (7, 30, 90):
        review = answer_review(engine, learner.id, path_progress(engine, learner.id, papers),
                               "alexnet", True, now=moment)  # fmt: skip
        assert (review.interval, review.due) == (interval, moment + timedelta(days=interval))
        assert due(moment + timedelta(days=interval) - timedelta(minutes=1)) == []
        moment += timedelta(days=interval)
        assert [r.item.id for r in due(moment)] == ["alexnet"]
    learnt = answer_review(engine, learner.id, path_progress(engine, learner.id, papers),
                           "alexnet", True, now=moment)  # fmt: skip
    assert learnt.learnt
    assert due(moment + timedelta(days=3650)) == []
    with pytest.raises(ServiceError, match=r"^'alexnet' is learnt"):
        answer_review(engine, learner.id, path_progress(engine, learner.id, papers),
                      "alexnet", True, now=moment)  # fmt: skip


def test_a_failed_review_starts_again_and_done_again_starts_afresh(engine, learner, papers):
    mark(engine, learner.id, papers, ["vgg"], "done", now=T0)
    progress = lambda: path_progress(engine, learner.id, papers)  # noqa: E731
    answer_review(engine, learner.id, progress(), "vgg", True, now=T0 + timedelta(days=1))
    failed = answer_review(engine, learner.id, progress(), "vgg", False, now=T0 + timedelta(days=8))
    assert (failed.stage, failed.interval, failed.due) == (0, 1, T0 + timedelta(days=9))
    records = path_records(engine, learner.id, progress())
    assert records.reviews["vgg"].answers == 2
    # back to todo and done again later: earlier answers no longer count
    mark(engine, learner.id, papers, ["vgg"], "todo", now=T0 + timedelta(days=10))
    mark(engine, learner.id, papers, ["vgg"], "done", now=T0 + timedelta(days=20))
    review = path_records(engine, learner.id, progress()).reviews["vgg"]
    assert (review.stage, review.answers, review.due) == (0, 0, T0 + timedelta(days=21))


def test_only_done_items_are_reviewed(engine, learner, papers):
    mark(engine, learner.id, papers, ["vgg"], "doing", now=T0)
    with pytest.raises(ServiceError, match=r"^'vgg' is doing; only done items are reviewed$"):
        answer_review(engine, learner.id, path_progress(engine, learner.id, papers), "vgg", True)


def test_reviews_due_this_week_are_in_the_stats(engine, learner, papers):
    today = date(2026, 11, 18)  # a Wednesday
    mark(engine, learner.id, papers, ["alexnet"], "done", now=local_at(today))  # due Thursday
    mark(engine, learner.id, papers, ["vgg"], "done", now=local_at(today - timedelta(days=9)))
    set_review_days(engine, learner.id, (1, 30))
    progress = path_progress(engine, learner.id, papers)
    answer_review(engine, learner.id, progress, "vgg", True, now=local_at(today))  # in 30 days
    stats = learner_stats(engine, learner.id, [papers], today, TZ)
    assert stats.reviews_due_this_week == 1


# -- resource ticks -------------------------------------------------------------------------


def test_ticking_every_resource_leaves_the_item_alone(engine, learner, papers):
    alexnet = item_of(papers, "alexnet")
    assert tick(engine, learner.id, papers, alexnet, pick_resources(alexnet, ["1"]), now=at(1))
    assert ticked_urls(engine, learner.id, papers) == {
        "alexnet": frozenset({"https://example.org/alexnet.pdf"})
    }
    everything = pick_resources(alexnet, [])
    assert tick(engine, learner.id, papers, alexnet, everything, now=at(2)) == 1  # one was new
    assert len(ticked_urls(engine, learner.id, papers)["alexnet"]) == 2
    assert path_progress(engine, learner.id, papers).state("alexnet").status == "todo"
    talk = pick_resources(alexnet, ["https://example.org/talk"])
    assert tick(engine, learner.id, papers, alexnet, talk, ticked=False) == 1
    assert tick(engine, learner.id, papers, alexnet, talk, ticked=False) == 0
    assert ticked_urls(engine, learner.id, papers)["alexnet"] == {"https://example.org/alexnet.pdf"}


def test_a_resource_is_named_by_number_or_url(papers):
    alexnet = item_of(papers, "alexnet")
    with pytest.raises(
        ServiceError, match=r"^'alexnet' has no resource '3' \(give a number from 1"
    ):
        pick_resources(alexnet, ["3"])
    with pytest.raises(ServiceError, match=r"^'vgg' has no resources to tick$"):
        pick_resources(item_of(papers, "vgg"), [])
    assert pick_resources(alexnet, ["2", "https://example.org/talk"]) == [alexnet.resources[1]]


def test_resources_with_titles_in_two_languages_are_ticked_by_number_or_url(engine, learner):
    path = make_path(
        PAPERS.replace("title: PDF}", "title: {en: PDF, zh: 论文}}").replace(
            "title: Talk,", "title: {en: Talk, zh: 讲座},"
        )
    )
    alexnet = item_of(path, "alexnet")
    picked = pick_resources(alexnet, ["1", "https://example.org/alexnet.pdf", "2", "1"])
    assert picked == list(alexnet.resources)  # each once, in the order first named
    assert tick(engine, learner.id, path, alexnet, picked, now=at(1)) == 2
    assert ticked_urls(engine, learner.id, path)["alexnet"] == {
        "https://example.org/alexnet.pdf",
        "https://example.org/talk",
    }


def test_ticks_of_a_resource_no_longer_listed_are_not_counted(engine, learner, papers):
    alexnet = item_of(papers, "alexnet")
    tick(engine, learner.id, papers, alexnet, alexnet.resources, now=at(1))
    fewer = make_path(
        PAPERS.replace(
            '              - {url: "https://example.org/talk", title: Talk, kind: watch}\n', ""
        )
    )
    assert ticked_urls(engine, learner.id, fewer) == {
        "alexnet": frozenset({"https://example.org/alexnet.pdf"})
    }
