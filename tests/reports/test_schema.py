"""The JSON report's schema (tracker/reports/report.schema.json) describes what it writes."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from tests.reports.conftest import NOW
from tests.reports.test_formats import GOLDEN
from tracker.pathdefs.syntax import ID
from tracker.reports import json_report
from tracker.reports.gather import gather
from tracker.services.learners import add_learner


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(
        resources.files("tracker.reports").joinpath("report.schema.json").read_text("utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_schema_names_this_format_and_version(validator):
    properties = validator.schema["properties"]
    assert properties["format"]["const"] == json_report.FORMAT
    assert properties["version"]["const"] == json_report.VERSION
    assert validator.schema["$defs"]["id"]["pattern"] == f"^{ID}$"


@pytest.mark.parametrize("golden", ["one.json", "cohort.json"])
def test_the_golden_reports_are_valid(validator, golden):
    validator.validate(json.loads((GOLDEN / golden).read_text("utf-8")))


def test_a_report_with_orphans_in_chinese_is_valid(validator, engine, demo, learners):
    from tests.reports.conftest import PATH
    from tests.services.conftest import make_path

    shrunk = make_path(
        PATH.replace(
            '          - {id: a, title: "Read [the] <intro>", kind: read, estimate: 2h}\n', ""
        )
    )
    assert "a" not in {item.id for item in shrunk.items()}  # ada's progress on it is orphaned
    document = json_report.report_document(gather(engine, learners, [shrunk], "zh", NOW))
    assert any(path["orphans"] for learner in document["learners"] for path in learner["paths"])
    validator.validate(document)


def test_a_report_with_every_record_is_valid(validator, engine, papers, ada):
    """Depth, evidence of each kind, time, ticks, reviews learnt and due, and figures that
    project by time; with a learner who recorded nothing beside."""
    bob = add_learner(engine, "bob", now=NOW)
    document = json_report.report_document(gather(engine, [ada, bob], [papers], "en", NOW))
    items = [
        item
        for level in document["learners"][0]["paths"][0]["levels"]
        for step in level["steps"]
        for item in step["items"]
    ]
    assert {proof["kind"] for item in items for proof in item["evidence"]} == {
        "link",
        "file",
        "metric",
    }
    assert {item["depth"] for item in items} == {"implemented", "read", "skimmed", None}
    assert any(item["learnt"] for item in items)
    assert document["learners"][0]["paths"][0]["figures"]["projected_by"] == "time"
    validator.validate(document)


def _first_item(document: dict) -> dict:
    return document["learners"][0]["paths"][0]["levels"][0]["steps"][0]["items"][0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: _first_item(d).update(depth="finished"),
        lambda d: _first_item(d).update(ticked=-1),
        lambda d: _first_item(d).update(spent_seconds=1.5),
        lambda d: _first_item(d).update(next_review="tomorrow"),
        lambda d: _first_item(d)["evidence"][0].update(kind="ftp"),
        lambda d: _first_item(d)["evidence"][0].update(value="javascript:alert(1)"),
        lambda d: _first_item(d)["evidence"][0].update(at=None),
        lambda d: d["learners"][0]["paths"][0]["figures"].update(projected_by="pace"),
        lambda d: d["learners"][0]["paths"][0]["figures"].update(projected_finish="soon"),
        lambda d: d["learners"][0]["paths"][0].update(reviews_due_this_week=-1),
        lambda d: d["learners"][0]["paths"][0]["levels"][0].update(spent_minutes="1h"),
    ],
    ids=[
        "depth", "ticked", "spent", "review", "evidence-kind", "evidence-link", "evidence-at",
        "projected-by", "projected-finish", "reviews-due", "level-time",
    ],
)  # fmt: skip
def test_the_schema_rejects_wrong_records(validator, damage):
    document = json.loads((GOLDEN / "one.json").read_text("utf-8"))
    assert _first_item(document)["evidence"][0]["kind"] == "link"
    validator.validate(document)
    damage(document)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(version=2),
        lambda d: d["learners"][0]["paths"][0].update(completion={"percent": 40}),
        lambda d: d["learners"][0]["paths"][0]["levels"][0]["steps"][0]["items"][0].update(
            status="finished"
        ),
        lambda d: d.update(generated_at="yesterday"),
        lambda d: d["cohort"][0]["learners"][0]["levels"].update(basics=140),
    ],
    ids=["version", "completion", "status", "time", "percent"],
)
def test_the_schema_rejects_what_readers_could_not_rely_on(validator, damage):
    document = json.loads((GOLDEN / "cohort.json").read_text("utf-8"))
    damage(document)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)
