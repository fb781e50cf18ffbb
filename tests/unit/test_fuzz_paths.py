"""Fuzzing the path loader where `tracker validate` calls it: `load_files` on a file on disk.

Two families of input, each a few hundred examples by default:

- structure-aware: valid paths (the shipped ones, whole or cut down to a few items) damaged
  as data (keys dropped, duplicated, renamed; values of the wrong type, huge, empty, odd
  Unicode, bad ids, dangling and circular requirements, deep nesting, dates, `.nan`, binary,
  Python tags), written by PyYAML in varied styles, then damaged as text (anchors, aliases,
  tags, tabs, duplicated lines, stray characters, a second document, truncation);
- raw bytes: arbitrary bytes behind byte-order marks, other encodings, invalid UTF-8 and NUL
  bytes spliced into shipped files, shipped files cut at any offset.

The property: loading finishes quickly (the deadline catches a hang) and ends with either a
valid model or diagnostics, each one line `FILE:LINE:COLUMN: error|warning: message` that
points inside the file; nothing else ever comes out, no exception at all.

`TRACKER_FUZZ_EXAMPLES=N` runs N examples per test instead (the long run: 2000 or more);
how many cases ran is printed after the module's tests.
"""

from __future__ import annotations

import copy
import math
import os
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker.pathdefs.diagnostics import Diagnostic
from tracker.pathdefs.discover import load_files
from tracker.pathdefs.dump import dump_path, path_to_data
from tracker.pathdefs.load import parse_path
from tracker.pathdefs.model import KINDS, PathDef
from tracker.pathdefs.syntax import HTTP_URL_PATTERN, LANGUAGE_CODE, is_id
from tracker.pathdefs.validate import ITEM_KEYS, LEVEL_KEYS, PATH_KEYS, STEP_KEYS

SHIPPED = sorted((Path(__file__).parents[2] / "paths").glob("*.yaml"))
SHIPPED_BYTES = [file.read_bytes() for file in SHIPPED]
SHIPPED_BY_NAME = {file.name: data for file, data in zip(SHIPPED, SHIPPED_BYTES, strict=True)}

QUICK = 200
EXAMPLES = int(os.environ.get("TRACKER_FUZZ_EXAMPLES") or 0)
CASES: Counter[str] = Counter()  # examples run, by test


def fuzz(quick: int = QUICK, *also: HealthCheck) -> settings:
    return settings(
        max_examples=EXAMPLES or quick,
        deadline=timedelta(seconds=2),  # generous: an example is milliseconds; a hang is not
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, *also],
    )


# -- the property ---------------------------------------------------------------------------

DIAGNOSTIC = re.compile(r"(?P<file>[^\n]+):(?P<line>\d+):(?P<column>\d+): (error|warning): [^\n]+")
_BREAKS = re.compile(r"\r\n|\r|\n")
# What a loaded text may not hold: control characters but newline and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.yaml"


@pytest.fixture(scope="module", autouse=True)
def _count_cases(request):
    """Says how many examples the tests of this module ran."""
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if CASES and reporter is not None and capture is not None:
        counts = ", ".join(f"{name}: {number}" for name, number in CASES.items())
        with capture.global_and_fixture_disabled():  # as capsys.disabled() does
            reporter.write_line(f"\nfuzz cases: {sum(CASES.values())} ({counts})")


def check(file: Path, data: bytes, case: str) -> PathDef | None:
    """Load `data` from `file` as `tracker validate` does and check the property."""
    CASES[case] += 1
    file.write_bytes(data)
    library = load_files([file])
    [result] = library.results
    assert library.diagnostics == result.diagnostics
    lines = _line_lengths(data)
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        shown = str(diagnostic)
        match = DIAGNOSTIC.fullmatch(shown)
        assert match, shown
        assert match["file"] == str(file), shown
        line, column = int(match["line"]), int(match["column"])
        assert line >= 1, shown
        assert column >= 1, shown
        if lines is not None:  # a position inside the text (or just after its end)
            assert line <= len(lines), shown
            assert column <= lines[line - 1] + 1, shown
    has_errors = any(d.is_error for d in result.diagnostics)
    assert (result.path is None) == has_errors, [str(d) for d in result.diagnostics]
    if result.path is not None:
        assert_valid_model(result.path)
    return result.path


def _line_lengths(data: bytes) -> list[int] | None:
    """The length of each line as an editor counts them, or None when the text is unreadable."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None
    return [len(line) for line in _BREAKS.split(text)]


def assert_valid_model(path: PathDef) -> None:
    """What the contract promises of a loaded path, and that it writes back to itself."""
    items = list(path.items())
    item_ids = [item.id for item in items]
    track_ids = {track.id for track in path.tracks}
    for ids in (
        [path.id, *path.tags, *track_ids],
        [level.id for level in path.levels],
        [step.id for level in path.levels for step in level.steps],
        item_ids,
    ):
        assert all(is_id(value) for value in ids), ids
    for unique in (
        [level.id for level in path.levels],
        [step.id for level in path.levels for step in level.steps],
        item_ids,
        [track.id for track in path.tracks],
    ):
        assert len(set(unique)) == len(unique), unique
    assert LANGUAGE_CODE.fullmatch(path.lang)
    known = set(item_ids)
    minutes = 0.0
    for item in items:
        assert set(item.requires) <= known, item
        assert not set(item.was) & known, item
        assert set(item.tracks) <= track_ids, item
        assert item.kind is None or item.kind in KINDS
        assert all(is_id(tag) for tag in item.tags)
        for resource in item.resources:
            assert HTTP_URL_PATTERN.fullmatch(resource.url), resource
            assert resource.kind is None or resource.kind in KINDS
        if item.estimate is not None:
            assert item.estimate.low <= item.estimate.high
            minutes += item.estimate.minutes
    assert math.isfinite(minutes), "the estimates of a path add up to a finite time"
    _assert_no_cycle({item.id: item.requires for item in items})
    for text in _texts(path):
        assert not _CONTROL.search(text), text
    if len(items) <= 40:  # PyYAML's Python emitter takes a tenth of a second for a big path
        again = parse_path(dump_path(path).encode("utf-8"), "again.yaml")
        assert [str(d) for d in again.diagnostics if d.is_error] == []
        assert again.path == path


def _assert_no_cycle(requires: dict[str, tuple[str, ...]]) -> None:
    done: set[str] = set()
    for start in requires:
        if start in done:
            continue
        on_path, stack = {start}, [(start, iter(requires[start]))]
        while stack:
            node, edges = stack[-1]
            target = next(edges, None)
            if target is None:
                stack.pop()
                on_path.discard(node)
                done.add(node)
                continue
            assert target not in on_path, f"cycle through {target}"
            if target not in done:
                on_path.add(target)
                stack.append((target, iter(requires[target])))


def _texts(path: PathDef) -> list[str]:
    return _strings(path_to_data(path))


def _strings(value) -> list[str]:
    """Every string in the data of a path."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for pair in value.items() for part in pair for text in _strings(part)]
    if isinstance(value, list):
        return [text for part in value for text in _strings(part)]
    return []


# -- strategies: documents as data -----------------------------------------------------------


def _slots(document) -> list[tuple[object, object]]:
    """Every (container, key or index) of the document, the document itself excluded."""
    found = []
    stack = [document]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node))
        for key in keys:
            found.append((node, key))
            child = node[key]
            if isinstance(child, dict | list):
                stack.append(child)
    return found


def _items(document) -> list[dict]:
    """The dicts in an `items` list: the document's items, whatever state it is in."""
    found = []
    for container, key in _slots(document):
        if key == "items" and isinstance(container[key], list):
            found.extend(entry for entry in container[key] if isinstance(entry, dict))
    return found


def _excerpt(document: dict) -> dict:
    """A shipped path cut down to a few items per step, so that examples stay quick; still
    valid (requirements of items cut away are dropped)."""
    cut = copy.deepcopy(document)
    cut["levels"] = cut["levels"][:3]
    for level in cut["levels"]:
        level["steps"] = level["steps"][:2]
        for step in level["steps"]:
            step["items"] = step["items"][:3]
    kept = {item.get("id") for item in _items(cut)}
    for item in _items(cut):
        if "requires" in item:
            item["requires"] = [ref for ref in item["requires"] if ref in kept]
            if not item["requires"]:
                del item["requires"]
    return cut


SHIPPED_DATA = [yaml.load(data, Loader=yaml.CSafeLoader) for data in SHIPPED_BYTES]
EXCERPTS = [_excerpt(document) for document in SHIPPED_DATA]
# Mostly the small excerpts, now and then a whole shipped path; each example gets its copy.
VALID_DOCUMENTS = st.sampled_from([*EXCERPTS * 9, *SHIPPED_DATA]).map(copy.deepcopy)

FORMAT_KEYS = sorted({*PATH_KEYS, *LEVEL_KEYS, *STEP_KEYS, *ITEM_KEYS, "url"})
BAD_IDS = ["012", "no", "yes", "null", "~", "1e3", "0x1f", "Bad", "-a", "a_b", "a b", "ü", "a" * 65]
ODD_ESTIMATES = [
    "1e308mo", "9" * 40 + "h", "1" + "0" * 30 + "mo", "1" + "0" * 20 + "-2" + "0" * 20 + "w",
    "1216mo", "1217mo", "1-36501d", "52560000m", "3-1w", "0m", "1.5.3h", "1-2-3w", "-1h",
    "1 h", "1H", "45", "2-6", "1-3mo-", ".5h", "1.h",
]  # fmt: skip
ODD_URLS = [
    "ftp://x.example/", "http://", "https://", "http://[::1", "http://[::1]:80/x", "https://a b",
    "javascript:alert(1)", "HTTP://X.EXAMPLE", "http://@", "http://a:b@c:99999/", "//x.example",
    "http://" + "a" * 50, "http://x.example/" + "%" * 30 + " ",
]  # fmt: skip
ODD_STRINGS = [
    "", " ", "\t", "\n", "  leading", "trailing  ", "a\nb", "a\rb", "\x00", "\x07bell", "\x1b[2J",
    "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\U0010ffff", "[bold]x[/bold]", "<b>x</b>",
    "深度学习", "é" * 10, "🙂", ".nan", ".inf",
    "2001-12-14", "12:30:00", "1_000", "0o17", "<<", "=", "!!str", "*a", "&a", "%", "@", "`",
    "- a", "a: b", "{a: b}", "[a]", "'", '"', "#", "|", ">", "\\", "\\u0000",
]  # fmt: skip


def _nested(value, depth: int, use_dicts: bool):
    for _ in range(depth):
        value = {"a": value} if use_dicts else [value]
    return value


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**400),
    st.floats(),  # nan and inf come out as .nan and .inf
    st.dates(),
    st.datetimes(),
    st.binary(max_size=20),  # !!binary
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0xA0), max_size=10),  # controls, escaped
    st.text(st.characters(min_codepoint=0x80, codec="utf-8"), min_size=1, max_size=10),
    st.sampled_from(ODD_STRINGS),
    st.tuples(
        st.sampled_from(["a", "word ", "深", "9", "http://x.example/"]), st.integers(1, 5)
    ).map(lambda seed: seed[0] * 10 ** seed[1]),  # long values, long lines
    st.sampled_from(BAD_IDS),
    st.sampled_from(ODD_ESTIMATES),
    st.sampled_from(ODD_URLS),
    st.sampled_from([*KINDS, "READ", "vidoe", "paper ", "course\n"]),
    st.sampled_from([1, 2, 0, -1, "1", 1.0, "01", "1.0"]),  # format versions
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FORMAT_KEYS) | st.text(max_size=5), children, max_size=4),
        st.lists(children, max_size=3).map(tuple),  # !!python/tuple
        st.frozensets(st.integers(), max_size=3).map(set),  # !!set
    ),
    max_leaves=10,
)
ODD_KEYS = st.one_of(
    st.sampled_from(FORMAT_KEYS),
    st.sampled_from(["Id", "titel", "iteems", "level", "step", "item", "<<", "", " id", "id "]),
    st.text(max_size=10),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(),
)


@st.composite
def damaged_documents(draw):
    """A valid path damaged as data, one to five times."""
    document = draw(VALID_DOCUMENTS)
    for _ in range(draw(st.integers(1, 5))):
        slots = _slots(document) or [(document, "format")]
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        action = draw(
            st.sampled_from(
                ["drop", "rename", "replace", "duplicate", "requires", "cycle", "nest", "strip"]
            )
        )
        if key not in container and not isinstance(container, list):  # dropped just before
            continue
        if action == "drop":
            del container[key]
        elif action == "rename" and isinstance(container, dict):
            value = container.pop(key)
            container[draw(ODD_KEYS)] = value
        elif action == "duplicate" and isinstance(container, list):
            container.insert(draw(st.integers(0, len(container))), copy.deepcopy(container[key]))
        elif action == "requires":
            items = _items(document)
            if items:
                item = items[draw(st.integers(0, len(items) - 1))]
                ids = [i.get("id") for i in items if isinstance(i.get("id"), str)]
                pick = st.sampled_from(ids) if ids else st.nothing()
                item["requires"] = draw(st.lists(pick | st.sampled_from(BAD_IDS), max_size=3))
        elif action == "cycle":
            items = [i for i in _items(document) if isinstance(i.get("id"), str)]
            if len(items) >= 2:
                indexes = st.integers(0, len(items) - 1)
                chain = draw(st.lists(indexes, min_size=2, max_size=5, unique=True))
                for one, following in zip(chain, [*chain[1:], chain[0]], strict=True):
                    items[one]["requires"] = [items[following]["id"]]
        elif action == "nest":
            depth = draw(st.integers(1, 100))
            container[key] = _nested(container[key], depth, draw(st.booleans()))
        elif action == "strip" and isinstance(container[key], dict | list):
            container[key] = type(container[key])()  # an empty mapping or list
        else:
            container[key] = draw(VALUES)
    return document


# -- strategies: documents as text ------------------------------------------------------------

SNIPPETS = [
    "&a ", "*a", "&a [1, *a]", "<<: *a\n", "!!binary ", "!foo ", "!<tag:x> ", "!!str ", "!!int ",
    "!!map ", "!!seq ", "!!python/object/apply:os.system ['echo hi'] ", "!!python/name:os.system",
    "%YAML 1.1\n---\n", "%YAML 2.0\n", "%TAG ! tag:x:\n---\n", "\n---\n", "\n...\n", "--- ",
    "? ", ": ", "- ", "[", "]", "{", "}", "'", '"', "#", "|", ">", "|-9\n", "\\", ",", "@", "`",
    "\t", "\t- ", "\r", "\r\n", "\n", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
    "\ufeff", "\ufffe", "\uffff", "\ud800", "深", "🙂", "\u0301", "[" * 300, "{" * 300,
    "- " * 80, "a: " * 80, "x" * 20_000, "\n" * 1000, ' "\\x07" ', ' "\\N" ', ' "\\L" ',
    ' "\\ud800" ', " 0x_ ", " .NaN ", " -.inf ", " 2001-12-14t21:59:43.10-05:00 ",
]  # fmt: skip


@st.composite
def serialised(draw, documents=None, canonical: bool = True) -> str:
    """A document as PyYAML writes it, in one of its styles."""
    document = draw(damaged_documents() if documents is None else documents)
    dumper = draw(st.sampled_from([yaml.CSafeDumper, yaml.CDumper]))
    options = {
        "default_flow_style": draw(st.sampled_from([False, True, None])),
        "allow_unicode": draw(st.booleans()),
        "width": draw(st.sampled_from([80, 20, 1_000_000])),
        "indent": draw(st.sampled_from([2, 4, 9])),
        "explicit_start": draw(st.booleans()),
        "sort_keys": draw(st.booleans()),
        "canonical": canonical and draw(st.integers(0, 9)) == 0,  # every node tagged
    }
    if dumper is yaml.CSafeDumper and _has_python_values(document):
        dumper = yaml.CDumper  # a tuple needs a !!python tag
    return yaml.dump(document, Dumper=dumper, **options)


def _has_python_values(value) -> bool:
    if isinstance(value, tuple | set):
        return True
    if isinstance(value, dict):
        return any(_has_python_values(v) for pair in value.items() for v in pair)
    if isinstance(value, list):
        return any(_has_python_values(v) for v in value)
    return False


@st.composite
def damaged_text(draw) -> bytes:
    """A damaged document, then damaged again as text."""
    text = draw(serialised())
    for _ in range(draw(st.integers(0, 4))):
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "duplicate", "delete", "tab", "swap", "cut"]))
        if action == "insert":
            offset = draw(st.integers(0, len(text)))
            snippet = draw(st.sampled_from(SNIPPETS) | st.text(max_size=5))
            text = text[:offset] + snippet + text[offset:]
        elif action == "duplicate":  # duplicate keys, ids and list entries
            lines.insert(at, lines[at])
            text = "\n".join(lines)
        elif action == "delete":
            del lines[at]
            text = "\n".join(lines)
        elif action == "tab":
            lines[at] = "\t" + lines[at]
            text = "\n".join(lines)
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
            text = "\n".join(lines)
        else:
            text = text[: draw(st.integers(0, len(text)))]
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return text.replace("\n", newline).encode("utf-8", "surrogatepass")


# -- strategies: bytes -----------------------------------------------------------------------

BOMS = [
    b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
    b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xef\xbb",
]  # fmt: skip
BAD_UTF8 = [
    b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xc3\x28", b"\xe6\xb7", b"\xed\xa0\x80", b"\xc0\xaf",
    b"\xe0\x80\xaf", b"\xf4\x90\x80\x80", b"\xf8\x88\x80\x80\x80", b"\x00", b"\x00" * 100,
]  # fmt: skip
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "latin-1", "cp1252"]


@st.composite
def damaged_shipped_bytes(draw) -> bytes:
    """A shipped path with bytes flipped, dropped or inserted: invalid UTF-8, NULs, noise."""
    data = bytearray(draw(st.sampled_from(SHIPPED_BYTES)))
    for _ in range(draw(st.integers(1, 6))):
        offset = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "flip", "drop"]))
        if action == "insert":
            data[offset:offset] = draw(
                st.sampled_from(BAD_UTF8) | st.binary(min_size=1, max_size=8)
            )
        elif action == "flip" and offset < len(data):
            data[offset] ^= 1 << draw(st.integers(0, 7))
        else:
            del data[offset : offset + draw(st.integers(1, 50))]
    return bytes(data)


# -- the tests -------------------------------------------------------------------------------

TOO_BIG_ESTIMATE = (
    b"format: 1\nid: p\ntitle: P\nlevels:\n- id: l\n  title: L\n  steps:\n  - id: s\n"
    b"    title: S\n    items:\n    - {id: i, title: I, estimate: 1" + b"0" * 305 + b"mo}\n"
)


@fuzz()
@given(serialised())
@example(TOO_BIG_ESTIMATE.decode())  # finite, but infinite in minutes: every sum broke
def test_damaged_documents(fuzz_file, text: str):
    check(fuzz_file, text.encode("utf-8", "surrogatepass"), "damaged documents")


@fuzz()
@given(damaged_text())
@example(b"---\n!!map {")  # libyaml put the end of the text on a line after the last
def test_damaged_documents_damaged_as_text(fuzz_file, data: bytes):
    check(fuzz_file, data, "damaged text")


@fuzz()
@given(st.sampled_from(BOMS), st.binary(max_size=300), st.sampled_from(sorted(SHIPPED_BY_NAME)))
@example(b"\xef\xbb\xbf" * 2, b"1234", "dl-guide.yaml")  # positions after a second BOM
def test_bytes_behind_byte_order_marks(fuzz_file, bom: bytes, noise: bytes, name: str):
    check(fuzz_file, bom + noise, "bytes behind BOMs")
    check(fuzz_file, bom + SHIPPED_BY_NAME[name][: len(noise) * 20], "bytes behind BOMs")


@fuzz()
@given(serialised(VALID_DOCUMENTS, canonical=False), st.sampled_from(ENCODINGS))
def test_valid_paths_in_other_encodings(fuzz_file, text: str, encoding: str):
    data = text.encode(encoding, "replace")
    loaded = check(fuzz_file, data, "other encodings")
    if encoding == "utf-8-sig":  # the one other encoding a path may be written in
        assert loaded is not None


@fuzz()
@given(st.data())
def test_shipped_paths_cut_anywhere(fuzz_file, data):
    shipped = SHIPPED_BY_NAME[data.draw(st.sampled_from(sorted(SHIPPED_BY_NAME)))]
    end = data.draw(st.integers(0, len(shipped)))
    check(fuzz_file, shipped[:end], "shipped files cut")


@fuzz()
@given(damaged_shipped_bytes())
@example(b"\xef\xbb\xbf" + SHIPPED_BYTES[0].replace(b"\n", b"\x00\n", 3))
def test_shipped_paths_with_damaged_bytes(fuzz_file, data: bytes):
    check(fuzz_file, data, "shipped files damaged")


@fuzz(25, HealthCheck.function_scoped_fixture)  # `cli` and `tmp_path` serve every example
@given(damaged_text() | damaged_shipped_bytes())
def test_validate_prints_one_line_per_problem(cli, tmp_path, data: bytes):
    """The command itself: every problem on one line, a summary, status 1 on errors."""
    CASES["tracker validate"] += 1
    file = tmp_path / "broken.yaml"
    file.write_bytes(data)
    result = cli("validate", file)
    problems = result.out.splitlines()
    assert all(DIAGNOSTIC.fullmatch(line) for line in problems), result
    errors = sum(": error: " in line.partition(f"{file}:")[2] for line in problems)
    assert result.status == (1 if errors else 0), result
    assert "Traceback" not in result.err, result
    assert "internal error" not in result.err, result
    assert re.fullmatch(r"1 file checked: \d+ errors?, \d+ warnings?\n", result.err), result


# -- what the fuzzing found, as plain cases ----------------------------------------------------

ITEM_WITH_ESTIMATE = (
    "format: 1\nid: p\ntitle: P\nlevels:\n- id: l\n  title: L\n  steps:\n  - id: s\n"
    "    title: S\n    items:\n    - {{id: i, title: I, estimate: {}}}\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # A number that is a float but not in minutes made every sum infinite: `tracker stats`
        # failed with an internal error. More than a hundred years is too large.
        (ITEM_WITH_ESTIMATE.format("1" + "0" * 305 + "mo").encode(), "11:35: error: estimate "
         "'10000000000000000000000000000000000000000000000000000000000…' is too large"),
        (ITEM_WITH_ESTIMATE.format("1217mo").encode(), "11:35: error: estimate '1217mo' is "
         "too large"),
        (ITEM_WITH_ESTIMATE.format("1-36501d").encode(), "11:35: error: estimate '1-36501d' is "
         "too large"),
        (ITEM_WITH_ESTIMATE.format("1216mo").encode(), None),
        (ITEM_WITH_ESTIMATE.format("36500d").encode(), None),
        # libyaml puts the end of a text without a final line break on a line after the last.
        (b"---\n!!map {", "2:8: error: invalid YAML: did not find expected node content "
         "(while parsing a flow node)"),
        (b"title: [\r\n  a,\r\n  b", "3:4: error: invalid YAML: did not find expected ',' or "
         "']' (while parsing a flow sequence)"),
        # libyaml skips a byte-order mark that starts its text without counting it, so a
        # second one put every position one place off, and the end of the text past it.
        (b"\xef\xbb\xbf\xef\xbb\xbfa: [", "1:5: error: invalid YAML: did not find expected "
         "node content (while parsing a flow node)"),
    ],
    ids=["1e305mo", "1217mo", "1-36501d", "1216mo", "36500d", "end", "end-crlf", "two-boms"],
)  # fmt: skip
def test_what_the_fuzzing_found(fuzz_file, data: bytes, expected: str | None):
    check(fuzz_file, data, "found before")
    result = load_files([fuzz_file]).results[0]
    assert [str(d) for d in result.diagnostics] == (
        [] if expected is None else [f"{fuzz_file}:{expected}"]
    )
