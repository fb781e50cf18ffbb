"""How the app is started: `tracker`, `tracker tui [PATH_ID]`, and the console script."""

from __future__ import annotations

import pytest

from tracker.launch import _app_request
from tracker.settings import settings_from_env


def test_tui_with_an_unknown_path_is_one_line_with_suggestions(cli):
    result = cli("tui", "dl-guid")
    assert result.status == 1
    assert result.err == "tracker: error: no path 'dl-guid' (did you mean 'dl-guide'?)\n"


def test_without_a_terminal_the_app_says_so(cli):
    result = cli("tui", "dl-guide")
    assert result.status == 1
    assert "needs a terminal" in result.err
    assert result.err.count("\n") == 1


def test_a_bare_tracker_in_a_pipe_prints_the_commands(cli):
    result = cli()
    assert result.status == 0
    assert "Commands" in result.out
    assert "tui" in result.out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["tui"], (True, None)),
        (["tui", "dl-guide"], (True, "dl-guide")),
        (["tui", "--help"], (False, None)),
        (["--db", "x", "tui"], (False, None)),
        (["done", "dl-guide/x"], (False, None)),
        (["tui", "a", "b"], (False, None)),
    ],
)
def test_only_the_app_alone_skips_the_command_parser(args, expected):
    assert _app_request(args) == expected


def test_the_app_reads_the_same_variables_as_the_options():
    settings = settings_from_env(
        {"TRACKER_DB": "sqlite:///x.db", "TRACKER_USER": "ann", "TRACKER_LANG": "zh"}
    )
    assert settings is not None
    assert (settings.db_url, settings.user, settings.lang) == ("sqlite:///x.db", "ann", "zh")
    assert settings_from_env({"LANG": "zh_CN.UTF-8"}).lang == "zh"
    assert settings_from_env({"TRACKER_LANG": "not a code"}) is None  # the parser says why
