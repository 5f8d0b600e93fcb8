"""The record schema is written once (model.FIELD_TABLE); the README and the JSON Schema are
built from it, and records follow it."""

from __future__ import annotations

import dataclasses

from conftest import ROOT

from esgcli import extract
from esgcli.model import FIELD_TABLE, FIELDS, JSON_SCHEMA, Metric, schema_markdown

README = ROOT / "README.md"


def _readme_schema_block() -> str:
    """The table under the README's "## Record schema" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Record schema\n", 1)[1]
    lines = section.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("| key |"))
    table = []
    for line in lines[first:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return "\n".join(table)


def test_readme_schema_block_is_the_field_table() -> None:
    assert _readme_schema_block() == schema_markdown()


def test_json_schema_is_built_from_the_field_table() -> None:
    assert JSON_SCHEMA["required"] == list(FIELDS)
    assert list(JSON_SCHEMA["properties"]) == list(FIELDS)
    for field in FIELD_TABLE:
        assert JSON_SCHEMA["properties"][field.name] == field.schema


def test_every_field_has_a_meaning_or_shares_one() -> None:
    assert FIELD_TABLE[0].meaning is not None
    assert all(field.type in {"string", "integer", "number", "boolean"} for field in FIELD_TABLE)
    assert len(set(FIELDS)) == len(FIELDS)


def test_records_have_the_fields_in_schema_order() -> None:
    assert {f.name for f in dataclasses.fields(Metric)} == set(FIELDS)
    (metric,) = extract("研发投入42.6亿元")
    assert list(metric.to_dict()) == list(FIELDS)


def test_record_values_have_the_schema_types() -> None:
    kinds = {"string": str, "integer": int, "number": (int, float), "boolean": bool}
    for metric in extract("2024年末，绿色贷款余额约221.32亿元，同比增长15%；员工1.2万人。"):
        for field in FIELD_TABLE:
            value = metric.to_dict()[field.name]
            schema = field.schema
            if value is None:
                assert None in schema.get("enum", []) or "null" in schema.get("type", [])
            else:
                assert isinstance(value, kinds[field.type]), (field.name, value)
                assert value in schema.get("enum", [value])
