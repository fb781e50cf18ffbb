"""Properties of the loader over generated input.

- A valid path, written as YAML and loaded again, is the same model.
- No text, no bytes and no YAML document make the loader raise: every problem is a
  diagnostic line.
"""

from __future__ import annotations

import re
from dataclasses import replace

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.pathdefs.diagnostics import Diagnostic, PathFileError
from tracker.pathdefs.dump import dump_path, path_to_data
from tracker.pathdefs.estimates import Estimate
from tracker.pathdefs.load import load_path, parse_path
from tracker.pathdefs.model import KINDS, Item, Level, PathDef, Resource, Source, Step, Track
from tracker.pathdefs.validate import ITEM_KEYS, LEVEL_KEYS, PATH_KEYS, STEP_KEYS

DIAGNOSTIC_LINE = re.compile(r"[^\n]+:\d+:\d+: (error|warning): [^\n]+")

ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
# Text as a learner may write it: any printable characters, including CJK, quotes and markup.
strings = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s or s.strip())
languages = st.sampled_from(["en", "zh", "fr", "de", "zh-hant"])
texts = strings | st.dictionaries(languages, strings, min_size=1, max_size=3)
optional_texts = st.none() | texts
kinds = st.none() | st.sampled_from(KINDS)
numbers = st.integers(1, 99).map(float) | st.sampled_from([0.5, 1.5, 2.5])
urls = st.builds(
    "https://{}.example/{}".format,
    st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True),
    st.from_regex(r"[a-zA-Z0-9_/%-]{0,15}", fullmatch=True),
)


@st.composite
def estimates(draw) -> Estimate | None:
    if draw(st.booleans()):
        return None
    low = draw(numbers)
    high = low + draw(st.sampled_from([0.0, 1.0, 2.0, 3.5]))
    return Estimate(low, high, draw(st.sampled_from(["m", "h", "d", "w", "mo"])))


resources = st.builds(Resource, url=urls, title=optional_texts, kind=kinds, summary=optional_texts)


@st.composite
def paths(draw) -> PathDef:
    # Enough for the largest path drawn below: 3 tracks, 3 levels, 9 steps, 36 items, 2 old
    # ids and the path id (54).
    unique_ids = draw(st.lists(ids, min_size=54, max_size=64, unique=True))
    take = iter(unique_ids).__next__
    track_ids = [take() for _ in range(draw(st.integers(0, 3)))]
    track_sets = (
        st.lists(st.sampled_from(track_ids), unique=True).map(tuple) if track_ids else st.just(())
    )
    item_ids: list[str] = []
    levels = []
    for _ in range(draw(st.integers(1, 3))):
        steps = []
        for _ in range(draw(st.integers(1, 3))):
            step_tracks = draw(track_sets)
            items = []
            for _ in range(draw(st.integers(1, 4))):
                item_id = take()
                earlier = (
                    st.lists(st.sampled_from(item_ids), unique=True).map(tuple)
                    if item_ids
                    else st.just(())
                )
                items.append(
                    Item(
                        id=item_id,
                        title=draw(texts),
                        summary=draw(optional_texts),
                        kind=draw(kinds),
                        estimate=draw(estimates()),
                        resources=tuple(draw(st.lists(resources, max_size=2))),
                        requires=draw(earlier),  # only earlier items: never a cycle
                        optional=draw(st.booleans()),
                        tags=tuple(draw(st.lists(ids, max_size=2, unique=True))),
                        tracks=draw(track_sets) or step_tracks,
                    )
                )
                item_ids.append(item_id)
            steps.append(
                Step(
                    take(),
                    draw(texts),
                    tuple(items),
                    draw(optional_texts),
                    draw(estimates()),
                    step_tracks,
                )
            )
        levels.append(
            Level(take(), draw(texts), tuple(steps), draw(optional_texts), draw(estimates()))
        )
    # Old ids: fresh ones, each on one item.
    with_was = draw(st.lists(st.sampled_from(item_ids), unique=True, max_size=2))
    renamed = {item_id: (take(),) for item_id in with_was}
    levels = [
        replace(level, steps=tuple(
            replace(step, items=tuple(replace(i, was=renamed.get(i.id, ())) for i in step.items))
            for step in level.steps
        ))
        for level in levels
    ]  # fmt: skip
    lang = draw(languages)
    return PathDef(
        id=take(),
        title=draw(texts),
        levels=tuple(levels),
        summary=draw(optional_texts),
        lang=lang,
        source=draw(st.none() | st.builds(Source, title=optional_texts, url=st.none() | urls)),
        tags=tuple(draw(st.lists(ids, max_size=3, unique=True))),
        tracks=tuple(Track(t, draw(texts), draw(optional_texts)) for t in track_ids),
    )


def _assert_only_diagnostics(result) -> None:
    """Every problem is one line of the contract's shape (no value may break it)."""
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert DIAGNOSTIC_LINE.fullmatch(str(diagnostic)), str(diagnostic)
    assert (result.path is None) == any(d.is_error for d in result.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paths())
def test_a_valid_path_written_and_loaded_again_is_the_same_model(path: PathDef):
    result = parse_path(dump_path(path).encode("utf-8"), "generated.yaml")
    assert [str(d) for d in result.diagnostics] == []
    assert result.path == path


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes):
    _assert_only_diagnostics(parse_path(data, "fuzz.yaml"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text: str):
    _assert_only_diagnostics(parse_path(text.encode("utf-8", "surrogatepass"), "fuzz.yaml"))


# YAML built from the format's own vocabulary, so the generated documents get deep into the
# validator instead of stopping at the top level.
keys = st.sampled_from(sorted({*PATH_KEYS, *LEVEL_KEYS, *STEP_KEYS, *ITEM_KEYS, "url"})) | st.text(
    max_size=5
)
scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ids
    | st.text(max_size=20)
    | st.sampled_from(["1-3w", "2h", "0h", "6-2w", "https://x.example/", "ftp://x", "vidoe"])
)  # fmt: skip
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_arbitrary_yaml_never_raises(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    _assert_only_diagnostics(parse_path(text.encode("utf-8", "surrogatepass"), "fuzz.yaml"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paths(), st.data())
def test_a_damaged_valid_path_never_raises(path: PathDef, data):
    """Replace one value deep inside a valid path with an arbitrary one."""
    document = path_to_data(path)
    node = document
    while True:
        key = data.draw(
            st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
        )
        child = node[key]
        if not isinstance(child, dict | list) or not child or data.draw(st.booleans()):
            node[key] = data.draw(documents)
            break
        node = child
    text = yaml.safe_dump(document, allow_unicode=True)
    _assert_only_diagnostics(parse_path(text.encode("utf-8", "surrogatepass"), "fuzz.yaml"))


# Characters that have broken positions or lines before: controls, line and paragraph
# separators, a byte-order mark, non-characters, tabs, carriage returns, wide characters.
tricky_text = st.text(
    alphabet=st.sampled_from(list("ab :-[]{}#&*!|>'\"\t\r\n\x07\x85\u2028\u2029\ufeff\ufffe深")),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(tricky_text)
def test_tricky_characters_never_raise_nor_break_a_line(text: str):
    _assert_only_diagnostics(parse_path(text.encode("utf-8"), "fuzz.yaml"))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=500))
def test_loading_a_file_raises_only_the_loaders_error(tmp_path_factory, data: bytes):
    file = tmp_path_factory.mktemp("fuzz") / "fuzz.yaml"
    file.write_bytes(data)
    try:
        load_path(file)
    except PathFileError as exc:
        problems = exc.diagnostics
    else:
        problems = []
    assert all(DIAGNOSTIC_LINE.fullmatch(str(d)) for d in problems)
