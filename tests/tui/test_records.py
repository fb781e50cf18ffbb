"""Issue 7 in the app: what the path screen shows of evidence, time, ticks, depth and stars;
ticking resources, done with evidence, a paper's depth, the timer, the review screen, the
stats of time and reviews, and the star filter. Each test checks what the database holds
(through the services, as another process would) and what the screen shows."""

from __future__ import annotations

import inspect
from datetime import timedelta

from textual.widgets import Input

from tests.tui.conftest import NOW, SIZE, Clock, plain, poll, settle, status_of
from tracker.tui.screens.evidence import EvidenceScreen
from tracker.tui.screens.help import HelpScreen
from tracker.tui.screens.path import PathScreen
from tracker.tui.screens.review import ReviewScreen
from tracker.tui.screens.stats import StatsScreen


async def open_path(pilot, item_id: str | None = None) -> PathScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PathScreen)
    if item_id is not None:
        screen.tree.go_to(screen.tree.item_nodes[item_id])
        await settle(pilot)
    return screen


def label(screen: PathScreen, item_id: str) -> str:
    return screen.tree.item_nodes[item_id].label.plain


def item_of(store, path_id: str, item_id: str):
    return next(item for item in store.path(path_id).items() if item.id == item_id)


def mark(store, ids, status, path_id="demo", **extra):
    from tracker.services.progress import mark

    mark(store.engine, store.learner.id, store.path(path_id), ids, status, **extra)


def evidence(store, path_id="demo") -> dict[str, list[str]]:
    from tracker.services.evidence import evidence_of

    found = evidence_of(store.engine, store.learner.id, store.path(path_id))
    return {item_id: [str(proof) for proof in proofs] for item_id, proofs in found.items()}


def spent(store, path_id="demo") -> dict[str, int]:
    from tracker.services.timelog import spent_by_item

    return spent_by_item(store.engine, store.learner.id, store.path(path_id))


def ticked(store, path_id="demo") -> dict[str, set[str]]:
    from tracker.services.ticks import ticked_urls

    found = ticked_urls(store.engine, store.learner.id, store.path(path_id))
    return {item_id: set(urls) for item_id, urls in found.items()}


def depth_of(store, item_id: str, path_id="papers") -> str | None:
    from tracker.services.progress import path_progress

    progress = path_progress(store.engine, store.learner.id, store.path(path_id))
    return progress.state(item_id).depth


async def run_command(pilot, title: str) -> None:
    app = pilot.app
    command = next(c for c in app.get_system_commands(app.screen) if c.title == title)
    result = command.callback()
    if inspect.isawaitable(result):
        await result
    await settle(pilot)


# What the path screen shows


async def test_each_item_shows_depth_ticks_time_evidence_and_stars(make_app, papers_path, store):
    from tracker.services.evidence import metric
    from tracker.services.ticks import tick
    from tracker.services.timelog import log_time

    path = store.path("papers")
    alexnet = item_of(store, "papers", "alexnet")
    mark(store, ["alexnet"], "done", "papers", depth="implemented", evidence=[metric("top5=0.84")])
    mark(store, ["dropout"], "doing", "papers", depth="skimmed")
    mark(store, ["book"], "done", "papers")
    tick(store.engine, store.learner.id, path, alexnet, alexnet.resources[:1])
    log_time(store.engine, store.learner.id, path, "alexnet", 5400)
    async with make_app("papers").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "alexnet")
        assert label(screen, "alexnet") == (
            "✔ ImageNet classification with deep CNNs  ★★★★★ · implemented · ☑ 1/2 · ◷ 1h 30m · ⚑ 1"
        )
        assert label(screen, "dropout") == "◐ Dropout  ★★★★ · skimmed"
        assert label(screen, "maxout") == "○ Maxout networks  ★★★"
        assert label(screen, "book") == "✔ The book"  # not a paper: no depth, no stars
        facts = plain(screen.query_one("#detail-facts"))
        assert "depth implemented" in facts
        assert "estimate 3h" in facts
        assert "time 1h 30m spent of 3h estimated (50%)" in facts  # as the CLI and reports say
        assert "★★★★★" in facts
        shown = plain(screen.query_one("#detail-evidence"))
        assert "metric top5=0.84" in shown
        resources = screen.query_one("#detail-resources")
        boxes = [str(resources.get_option_at_index(i).prompt)[:1] for i in range(2)]
        assert boxes == ["☑", "☐"]
        assert "next review 2026-11-19" in plain(screen.query_one("#detail-dates"))


async def test_a_done_paper_reads_as_read_and_more_evidence_is_counted(
    make_app, papers_path, store
):
    from tracker.services.evidence import metric

    proofs = [metric("a=1"), metric("b=2")]
    mark(store, ["maxout"], "done", "papers", evidence=proofs)
    async with make_app("papers").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot)
        assert label(screen, "maxout") == "✔ Maxout networks  ★★★ · read · ⚑ 2"


async def test_time_ticks_and_evidence_written_elsewhere_show_at_the_next_poll(make_app, store):
    from tracker.services.evidence import metric
    from tracker.services.ticks import tick
    from tracker.services.timelog import log_time

    path, item = store.path("demo"), item_of(store, "demo", "a")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot)
        for write, shown in (  # as `tracker spent`, `tracker tick`, `tracker done --metric`
            (lambda: log_time(store.engine, store.learner.id, path, "a", 600), "◷ 10m"),
            (lambda: tick(store.engine, store.learner.id, path, item, item.resources), "☑ 2/2"),
            (
                lambda: tick(store.engine, store.learner.id, path, item, item.resources, False),
                "☑ 0/2",
            ),
            (lambda: mark(store, ["a"], "done", evidence=[metric("f1=0.7")]), "⚑ 1"),
        ):
            write()
            await poll(pilot)
            assert shown in label(screen, "a")


# Resource ticks


async def test_c_and_space_tick_a_resource_and_leave_the_item_as_it_is(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "a")
        assert label(screen, "a") == "○ Read [red]the[/red] intro  ☑ 0/2"
        await pilot.press("c")
        resources = screen.query_one("#detail-resources")
        assert resources.has_focus
        await pilot.press("space")
        await settle(pilot)
        assert ticked(store) == {"a": {"https://example.org/intro"}}
        assert label(screen, "a") == "○ Read [red]the[/red] intro  ☑ 1/2"
        assert resources.highlighted == 0  # still on the resource just ticked
        await pilot.press("c")  # the first one not ticked yet
        assert resources.highlighted == 1
        await pilot.press("space")
        await settle(pilot)
        assert ticked(store) == {"a": {"https://example.org/intro", "https://example.org/video"}}
        assert label(screen, "a") == "○ Read [red]the[/red] intro  ☑ 2/2"
        assert status_of(store, "a") == "todo"  # every resource ticked: still the learner's call
        await pilot.press("up", "space")  # unticks the first
        await settle(pilot)
        assert ticked(store) == {"a": {"https://example.org/video"}}
        await pilot.press("escape")
        assert screen.tree.has_focus


async def test_c_on_an_item_without_resources_says_so(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "b")
        await pilot.press("c")
        await settle(pilot)
        assert screen.tree.has_focus
        assert "This item has no resources" in [n.message for n in pilot.app._notifications]


# Done, with evidence


async def test_D_marks_done_with_a_link_and_a_metric(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "b")
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EvidenceScreen)
        await pilot.press(*"https://github.com/ada/model", "tab", *"accuracy=0.91", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert status_of(store, "b") == "done"
        assert evidence(store) == {"b": ["https://github.com/ada/model", "accuracy=0.91"]}
        assert label(screen, "b").endswith("⚑ 2")


async def test_evidence_errors_stay_in_the_dialog_until_fixed(make_app, store, tmp_path):
    report = tmp_path / "report.pdf"
    report.write_text("results")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_path(pilot, "b")
        await pilot.press("D")
        await settle(pilot)
        dialog = pilot.app.screen
        await pilot.press(*"no-such-file.txt", "enter")
        await settle(pilot)
        assert pilot.app.screen is dialog
        error = plain(dialog.query_one("#evidence-error"))
        assert "neither a link (http:// or https://) nor an existing file" in error
        dialog.query_one("#evidence-link", Input).value = str(report)
        await pilot.press("tab", *"accuracy", "enter")  # a metric without its value
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "is not NAME=VALUE" in plain(dialog.query_one("#evidence-error"))
        assert status_of(store, "b") == "todo"  # nothing written while it is refused
        assert evidence(store) == {}
        await pilot.press(*"=0.9", "enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, EvidenceScreen)
        assert evidence(store) == {"b": [str(report), "accuracy=0.9"]}


async def test_the_evidence_dialog_is_skipped_with_enter_or_escape(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_path(pilot, "b")
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("escape")  # cancels: nothing changes
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
        assert status_of(store, "b") == "todo"
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("enter")  # nothing typed: done, without evidence
        await settle(pilot)
        assert isinstance(pilot.app.screen, PathScreen)
        assert status_of(store, "b") == "done"
        assert evidence(store) == {}


async def test_d_stays_one_key_and_says_once_that_D_adds_evidence(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "a")
        await pilot.press("d")
        await settle(pilot)
        assert status_of(store, "a") == "done"
        assert pilot.app.screen is screen
        screen.tree.go_to(screen.tree.item_nodes["b"])
        await pilot.press("d")
        await settle(pilot)
        hints = [n for n in pilot.app._notifications if "D adds evidence" in n.message]
        assert len(hints) == 1


async def test_D_adds_evidence_to_an_item_already_done(make_app, store):
    mark(store, ["a"], "done")
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_path(pilot, "a")
        await pilot.press("D", *"loss=0.3", "enter")  # the link is optional
        await settle(pilot)
        assert evidence(store) == {}  # typed into the link field: refused there
        assert "neither a link" in plain(pilot.app.screen.query_one("#evidence-error"))
        pilot.app.screen.query_one("#evidence-link", Input).value = ""
        await pilot.press("tab", *"loss=0.3", "enter")
        await settle(pilot)
        assert evidence(store) == {"a": ["loss=0.3"]}
        assert status_of(store, "a") == "done"


# A paper's depth


async def test_1_2_3_mark_a_papers_depth(make_app, papers_path, store):
    async with make_app("papers").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "dropout")
        for key, status, depth in (
            ("1", "doing", "skimmed"),
            ("2", "done", "read"),
            ("3", "done", "implemented"),
            ("1", "doing", "skimmed"),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert (status_of(store, "dropout", "papers"), depth_of(store, "dropout")) == (
                status,
                depth,
            ), key
            assert f"· {depth}" in label(screen, "dropout"), key


async def test_depth_is_for_papers_only(make_app, papers_path, store):
    async with make_app("papers").run_test(size=SIZE) as pilot:
        await open_path(pilot, "book")
        await pilot.press("3")
        await settle(pilot)
        assert status_of(store, "book", "papers") == "todo"
        messages = [n.message for n in pilot.app._notifications]
        assert any("Only papers are skimmed, read or implemented" in m for m in messages)
        await run_command(pilot, "Paper: read")  # the palette offers it on a path of papers
        assert status_of(store, "book", "papers") == "todo"


async def test_a_path_without_papers_or_stars_offers_neither(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_path(pilot)
        app = pilot.app
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not titles & {"Paper: skimmed", "Paper: read", "Filter papers by stars"}
        assert {"Add evidence (marks the item done)", "Tick a resource"} <= titles
        assert {"Start or stop the timer", "Review what is due"} <= titles
        await pilot.press("1")
        await settle(pilot)
        assert status_of(store, "a") == "todo"


# The timer


async def test_T_times_the_item_and_T_again_logs_it(make_app, store):
    clock = Clock()
    async with make_app("demo", clock=clock).run_test(size=SIZE) as pilot:
        screen = await open_path(pilot, "a")
        line = screen.query_one("#timer-line")
        assert not line.display
        await pilot.press("T")
        await settle(pilot)
        assert line.display
        assert plain(line).startswith("◷ 00:00  Read [red]the[/red] intro")
        clock.now = NOW + timedelta(minutes=12, seconds=34)
        line.refresh()
        await pilot.pause()
        shown = plain(line)
        assert "◷ 12:34" in shown
        assert "with this 12m 34s of 2h (10%)" in shown
        screen.tree.go_to(screen.tree.item_nodes["b"])  # T stops whatever is selected
        await pilot.press("T")
        await settle(pilot)
        assert spent(store) == {"a": 754}
        assert not line.display
        assert label(screen, "a") == "○ Read [red]the[/red] intro  ☑ 0/2 · ◷ 12m 34s"
        messages = [n.message for n in pilot.app._notifications]
        assert "Logged 12m 34s on Read [red]the[/red] intro (12m 34s in all)" in messages


async def test_the_timer_runs_on_across_screens(make_app, store):
    clock = Clock()
    async with make_app("demo", clock=clock).run_test(size=SIZE) as pilot:
        await open_path(pilot, "b")
        await pilot.press("T", "q")  # back to the library: still running, still shown
        await settle(pilot)
        line = pilot.app.screen.query_one("#timer-line")
        assert line.display
        assert "Build a model" in plain(line)
        clock.now = NOW + timedelta(minutes=40)
        await pilot.press("T")
        await settle(pilot)
        assert spent(store) == {"b": 2400}


async def test_quitting_logs_a_running_timer(make_app, store):
    clock = Clock()
    async with make_app("demo", clock=clock).run_test(size=SIZE) as pilot:
        await open_path(pilot, "d")
        await pilot.press("T")
        clock.now = NOW + timedelta(hours=1, minutes=5)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not pilot.app.is_running
    assert spent(store) == {"d": 3900}


async def test_a_timer_left_running_when_the_app_ends_otherwise_is_logged_after(make_app, store):
    """What `run_app` does once the app has stopped without the quit action."""
    clock = Clock()
    app = make_app("demo", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_path(pilot, "b")
        await pilot.press("T")
        clock.now = NOW + timedelta(minutes=25)
        app.exit()
        await pilot.pause()
    assert spent(store) == {}
    app.log_timer_at_exit()
    assert spent(store) == {"b": 1500}


async def test_switching_learner_logs_the_timer_for_the_one_who_ran_it(make_app, store):
    clock = Clock()
    async with make_app("demo", clock=clock).run_test(size=SIZE) as pilot:
        await open_path(pilot, "a")
        await pilot.press("T")
        clock.now = NOW + timedelta(minutes=30)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("tab", *"alice", "enter")
        await settle(pilot)
        assert pilot.app.backend.learner.name == "alice"
        assert pilot.app.timer is None
    assert spent(store) == {"a": 1800}  # the learner of the store: the one who ran it


async def test_a_timer_under_a_second_logs_nothing(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await open_path(pilot, "a")
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert spent(store) == {}
        assert pilot.app.timer is None


async def test_T_on_a_step_asks_for_an_item(make_app, store):
    async with make_app("demo").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot)
        screen.tree.go_to(screen.tree.part_nodes["basics", "first"])
        await pilot.press("T")
        await settle(pilot)
        assert pilot.app.timer is None


# Reviews


def answers(store, path_id="demo") -> dict[str, list[bool]]:
    from tracker.services.reviews import answers_of

    found = answers_of(store.engine, store.learner.id, store.path(path_id))
    return {item_id: [a.passed for a in given] for item_id, given in found.items()}


async def test_the_review_screen_walks_through_what_is_due(make_app, store):
    from tracker.services.evidence import link_or_file
    from tracker.services.progress import set_note

    mark(store, ["a"], "done", evidence=[link_or_file("https://example.org/notes")])
    mark(store, ["b", "d"], "done")
    set_note(store.engine, store.learner.id, store.path("demo"), "a", "remember the intro")
    clock = Clock(NOW + timedelta(days=2))  # done two days ago: the 1-day reviews are due
    async with make_app("demo", clock=clock).run_test(size=SIZE) as pilot:
        await open_path(pilot)
        await pilot.press("R")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        assert "3 due now" in plain(screen.query_one("#review-count"))
        assert plain(screen.query_one("#review-title")) == "Read [red]the[/red] intro"
        where = plain(screen.query_one("#review-where"))
        assert where.startswith("Demo [bold]path[/bold] <b> › Basics › First steps")
        assert "due 2026-11-19" in where
        assert plain(screen.query_one("#review-note")) == "Note  remember the intro"
        assert "https://example.org/notes" in plain(screen.query_one("#review-evidence"))
        await pilot.press("p")
        await settle(pilot)
        assert answers(store) == {"a": [True]}
        assert "2 due now" in plain(screen.query_one("#review-count"))
        assert plain(screen.query_one("#review-title")) == "Build a model"
        await pilot.press("s")  # skipped: nothing stored, the next one
        await settle(pilot)
        assert answers(store) == {"a": [True]}
        assert plain(screen.query_one("#review-title")) == "Classify images"
        assert "1 due now, 1 skipped" in plain(screen.query_one("#review-count"))
        await pilot.press("f")
        await settle(pilot)
        assert answers(store) == {"a": [True], "d": [False]}
        empty = plain(screen.query_one("#review-empty"))
        assert empty.startswith("Nothing to review")
        assert "1 skipped" in empty
        # d failed: back after a day; a passed: after seven
        assert "The next review is due on 2026-11-21 (tomorrow)." in empty
        await pilot.press("q")
        assert isinstance(pilot.app.screen, PathScreen)


async def test_nothing_to_review_says_when_the_next_one_is_due(make_app, store):
    mark(store, ["a"], "done")
    async with make_app(clock=Clock()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_command(pilot, "Review what is due")  # from the library, by the palette
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        empty = plain(screen.query_one("#review-empty"))
        assert "Nothing to review" in empty
        assert "The next review is due on 2026-11-19 (tomorrow)." in empty
        await pilot.press("p")  # nothing to answer
        await settle(pilot)
        assert answers(store) == {}


async def test_nothing_done_yet_means_no_review_waiting(make_app, store):
    async with make_app(clock=Clock()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        empty = plain(pilot.app.screen.query_one("#review-empty"))
        assert "Nothing to review" in empty
        assert "Items come back for review some days after they are done" in empty


# Stats


async def test_the_stats_screen_shows_time_against_estimates_and_reviews(make_app, store):
    from tracker.services.timelog import log_time

    mark(store, ["a"], "done")
    path = store.path("demo")
    log_time(store.engine, store.learner.id, path, "a", 3 * 3600, now=NOW)  # estimate 2h
    log_time(store.engine, store.learner.id, path, "d", 3600, now=NOW)
    async with make_app("demo").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        figures = plain(screen.query_one("#stats-figures"))
        assert "Time spent 4h" in figures
        assert "a week 1h" in figures  # 4h over the four weeks the pace looks at
        assert "against the estimates 1.5×" in figures  # a: 3h for 2h
        assert "reviews due this week 1" in figures  # a, on Thursday
        assert "projected finish not enough activity yet" in figures  # one item, today
        assert "; 3h at your pace" in figures  # d's 2h left, at 1.5 times the estimate
        table = screen.query_one("#stats-table")
        basics = table.get_row_at(0)
        assert basics[-1].plain == "4h / 4h (100%)"


# The star filter


async def test_star_key_cycles_through_the_ratings_and_says_so(make_app, papers_path, store):
    async with make_app("papers").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot)
        header = screen.query_one("#path-header")
        assert set(screen.tree.item_nodes) == {"alexnet", "dropout", "maxout", "overview", "book"}
        for shown, items in (
            ("≥3★ only", {"alexnet", "dropout", "maxout"}),
            ("≥4★ only", {"alexnet", "dropout"}),
            ("5★ only", {"alexnet"}),
            (None, {"alexnet", "dropout", "maxout", "overview", "book"}),
        ):
            await pilot.press("asterisk")
            await settle(pilot)
            assert set(screen.tree.item_nodes) == items
            if shown is None:
                assert "★ only" not in plain(header)
            else:
                assert shown in plain(header)


async def test_the_star_filter_is_in_the_palette_and_keeps_other_filters(
    make_app, papers_path, store
):
    async with make_app("papers").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot)
        await run_command(pilot, "Filter papers by stars")
        assert "≥3★ only" in plain(screen.query_one("#path-header"))
        await pilot.press("slash", *"net", "enter")
        await settle(pilot)
        assert set(screen.tree.item_nodes) == {"alexnet", "maxout"}


async def test_x_shows_every_item_again_when_the_next_one_is_filtered_away(
    make_app, papers_path, store
):
    mark(store, ["alexnet", "dropout"], "done", "papers")
    async with make_app("papers").run_test(size=SIZE) as pilot:
        screen = await open_path(pilot)
        await pilot.press("asterisk", "asterisk")  # 4 stars or more: maxout (3) is hidden
        await settle(pilot)
        assert "maxout" not in screen.tree.item_nodes
        await pilot.press("x")
        await settle(pilot)
        assert screen.spot.item.id == "maxout"
        assert "★ only" not in plain(screen.query_one("#path-header"))


# Keys


async def test_help_lists_the_new_keys_and_the_resource_keys(make_app, papers_path, store):
    async with make_app("papers").run_test(size=SIZE) as pilot:
        await open_path(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#help-keys")
        ids = {table.get_row_at(row)[2].plain for row in range(table.row_count)}
        assert {"evidence", "resources", "skimmed", "read", "implemented", "stars"} <= ids
        assert {"timer", "review"} <= ids
        text = " ".join(plain(widget) for widget in help_screen.query("Static"))
        assert "space ticks or unticks one" in text
        assert "☑ resources ticked  ◷ time spent  ⚑ evidence given" in text


def test_every_new_binding_can_be_remapped():
    from tracker.tui.keys import binding_ids

    wanted = {"evidence", "resources", "skimmed", "read", "implemented", "stars", "timer"}
    wanted |= {"review", "review-pass", "review-fail", "review-skip", "tick-resource"}
    assert wanted <= binding_ids()
