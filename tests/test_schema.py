"""`taizhang schema`: the JSON Schema of the records, checked with jsonschema against real output."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from taizhang import cli
from taizhang.schemas import RECORD_MODELS

from conftest import read_records

jsonschema = pytest.importorskip("jsonschema")


def schema_of(*arguments: str) -> dict:
    result = CliRunner().invoke(cli.main, ["schema", *arguments])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def seed_records(seed_out) -> list[dict]:
    records = [r for path in sorted(seed_out.glob("*.jsonl")) for r in read_records(path)]
    assert {r["type"] for r in records} == set(RECORD_MODELS)
    return records


def test_every_seed_record_is_valid_under_the_schema(seed_records):
    schema = schema_of()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    problems = [(r["id"], e.message) for r in seed_records for e in validator.iter_errors(r)]
    assert problems == []


def test_a_type_schema_takes_its_records_only(seed_records):
    validator = jsonschema.Draft202012Validator(schema_of("issue"))
    assert all(validator.is_valid(r) for r in seed_records if r["type"] == "issue")
    assert not any(validator.is_valid(r) for r in seed_records if r["type"] == "unit")


@pytest.mark.parametrize("break_it", [
    lambda r: r.update(kind="rumour"),                 # not a figure kind
    lambda r: r.pop("base_unit"),                      # a required field missing
    lambda r: r.update(span=[5]),                      # a span is [start, end]
    lambda r: r.update(colour="red"),                  # a field the contract does not have
    lambda r: r.pop("type"),                           # every line says its type
])
def test_a_broken_record_is_rejected(seed_records, break_it):
    record = json.loads(json.dumps(next(r for r in seed_records if r["type"] == "figure")))
    break_it(record)
    assert not jsonschema.Draft202012Validator(schema_of()).is_valid(record)


def test_every_field_says_what_it_means():
    schema = schema_of()
    undescribed = [(name, field) for name, definition in schema["$defs"].items()
                   for field, spec in definition.get("properties", {}).items() if not spec.get("description")]
    assert undescribed == []
    issue = schema_of("issue")["properties"]
    assert "自查情况" in issue["self_check"]["description"]
    assert "长期坚持" in schema_of("deadline")["properties"]["kind"]["description"]


def test_unknown_type_is_an_error_with_exit_2():
    result = CliRunner().invoke(cli.main, ["schema", "memo"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("taizhang: memo: unknown record type")
    assert "issue" in result.stderr
