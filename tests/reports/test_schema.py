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
        PATH.replace('          - {id: a, title: "Read [the] <intro>", kind: read}\n', "")
    )
    assert "a" not in {item.id for item in shrunk.items()}  # ada's progress on it is orphaned
    document = json_report.report_document(gather(engine, learners, [shrunk], "zh", NOW))
    assert any(path["orphans"] for learner in document["learners"] for path in learner["paths"])
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
