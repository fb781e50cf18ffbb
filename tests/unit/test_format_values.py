"""Values of the format: URLs, estimates, text and slugs; and the limits on size and depth."""

from __future__ import annotations

import re

import pytest

from tracker.pathdefs.diagnostics import MAX_DIAGNOSTICS
from tracker.pathdefs.estimates import Estimate, parse_estimate
from tracker.pathdefs.limits import MAX_FILE_BYTES
from tracker.pathdefs.load import load_path_file, parse_path
from tracker.pathdefs.syntax import HTTP_URL_PATTERN as HTTP_URL
from tracker.pathdefs.text import pick, slug


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "http://example.org/a/b?c=d&e=f#g",
        "HTTPS://Example.org/",
        "https://user@example.org:8080/path",
        "http://[::1]:8000/",
        "https://github.com//RedditSota/state-of-the-art-result-for-machine-learning-problems",
        "https://zh.wikipedia.org/wiki/深度学习",
    ],
)
def test_absolute_http_urls_are_accepted(url):
    assert HTTP_URL.fullmatch(url)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org", "https://", "https:///path", "https://exa mple.org", "mailto:a@b.c",
     "example.org", "//example.org/x", "https://example.org/a b"],
)  # fmt: skip
def test_everything_else_is_refused(url):
    assert not HTTP_URL.fullmatch(url)


@pytest.mark.parametrize(
    ("text", "minutes", "shown"),
    [
        ("45m", 45, "45m"),
        ("2h", 120, "2h"),
        ("1.5h", 90, "1.5h"),
        ("3d", 3 * 24 * 60, "3d"),
        ("1-3w", 2 * 7 * 24 * 60, "1-3w"),
        ("2-6mo", 4 * 30 * 24 * 60, "2-6mo"),
    ],
)
def test_estimates_count_as_their_midpoint(text, minutes, shown):
    estimate = parse_estimate(text)
    assert estimate.minutes == minutes
    assert str(estimate) == shown


def test_an_estimate_is_a_value():
    assert parse_estimate("1-3w") == Estimate(1.0, 3.0, "w")


def test_text_falls_back_to_the_path_language_then_the_first_entry():
    text = {"fr": "Bonjour", "en": "Hello", "zh": "你好"}
    assert pick(text, "zh", "en") == "你好"
    assert pick(text, "de", "en") == "Hello"
    assert pick(text, "de", "it") == "Bonjour"
    assert pick({"zh": "你好"}, "zh-hant", "en") == "你好"
    assert pick("Plain", "zh", "en") == "Plain"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Small datasets", "small-datasets"),
        ("  C++ & CUDA: the basics! ", "c-cuda-the-basics"),
        ("Café au lait", "caf-au-lait"),
        ("深度学习", ""),
        ("x" * 70, "x" * 64),
        ("a" * 63 + " b", "a" * 63),
    ],
)
def test_slugs(title, expected):
    assert slug(title) == expected


def test_a_file_over_16_mib_is_refused_without_being_parsed(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    for result in (load_path_file(big), parse_path(big.read_bytes(), str(big))):
        assert [str(d) for d in result.diagnostics] == [
            f"{big}:1:1: error: file is larger than 16 MiB (16.0 MiB)"
        ]


def test_a_file_of_exactly_16_mib_is_read(tmp_path):
    edge = tmp_path / "edge.yaml"
    edge.write_bytes(b"#" * MAX_FILE_BYTES)
    assert "16 MiB" not in str(load_path_file(edge).diagnostics)


@pytest.mark.parametrize(
    "text",
    ["levels: " + "[" * 1_000_000, "levels: " + "{a: " * 1_000_000, "- " * 1_000_000 + "x"],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_a_million_nesting_levels_are_refused_without_a_crash(text):
    # Which of tracker and libyaml refuses first depends on the PyYAML build (6.0.4's libyaml
    # stops deep flow nesting itself), so only the shape of the refusal is asserted.
    result = parse_path(text.encode(), "deep.yaml")
    assert result.path is None
    lines = [str(d) for d in result.diagnostics]
    assert len(lines) == 1
    assert re.fullmatch(r"deep\.yaml:1:\d+: error: .+", lines[0])


@pytest.mark.parametrize(
    "text",
    ["levels: " + "[" * 65, "levels: " + "{a: " * 65, "- " * 65 + "x"],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_nesting_past_64_levels_is_refused_by_tracker(text):
    result = parse_path(text.encode(), "deep.yaml")
    assert result.path is None
    assert "nested deeper than 64 levels" in str(result.diagnostics)


def test_only_ascii_letters_are_lowercased_for_slugs():
    assert slug("\u212a") == ""  # the Kelvin sign is not a K
    assert slug("İstanbul çay") == "stanbul-ay"


@pytest.mark.parametrize("text", ["0h", "0-2h", "1-1w"])
def test_zero_and_equal_ends_are_valid_estimates(text):
    assert parse_estimate(text).low <= parse_estimate(text).high


def test_a_flood_of_problems_is_cut_at_500_lines():
    aliases = ", ".join(["*a"] * 1000)
    result = parse_path(f"format: 1\nid: x\ntitle: [&a x, {aliases}]\n".encode(), "flood.yaml")
    lines = [str(d) for d in result.diagnostics]
    assert len(lines) == MAX_DIAGNOSTICS + 1
    assert lines[-1].endswith("error: 503 more problems are not shown")
    assert result.path is None


def test_a_long_cycle_is_shown_shortened():
    items = "".join(
        f"          - id: a{i}\n            title: A{i}\n            requires: [a{(i + 1) % 20}]\n"
        for i in range(20)
    )
    text = (
        "format: 1\nid: x\ntitle: X\nlevels:\n  - id: l\n    title: L\n    steps:\n"
        "      - id: s\n        title: S\n        items:\n" + items
    )
    cycles = [d.message for d in parse_path(text.encode(), "c.yaml").diagnostics]
    assert cycles == [
        "requirements form a cycle: a0 → a1 → a2 → a3 → a4 → a5 → … → a19 → a0 (20 items)"
    ]


def test_an_unreadable_file_is_one_error(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    result = load_path_file(folder)
    assert [str(d) for d in result.diagnostics] == [
        f"{folder}:1:1: error: cannot read the file: Is a directory"
    ]
