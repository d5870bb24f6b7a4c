"""The published schema is a valid 2020-12 schema (jsonschema's meta-schema check, once here rather
than at every worker's start), and the validator compiled at start (jsonschema-rs) still refuses a
schema that breaks the meta-schema, so a broken schema stops a run before its first document."""
from __future__ import annotations

import copy

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from pipeline.writers import json_out

META = "https://json-schema.org/draft/2020-12/schema"

# schemas that break the 2020-12 meta-schema, one keyword each
BROKEN = {
    "unknown type name": {"type": "aray"},
    "type not a name": {"type": 5},
    "required not a list": {"required": "id"},
    "negative minLength": {"properties": {"id": {"minLength": -1}}},
    "pattern not a regex": {"properties": {"id": {"pattern": "("}}},
    "enum not a list": {"enum": "a"},
    "properties a list": {"properties": []},
    "additionalProperties a string": {"additionalProperties": "no"},
    "$ref not a string": {"$ref": 1},
    "maxItems not an integer": {"maxItems": 1.5},
    "anyOf empty": {"anyOf": []},
    "$defs a list": {"$defs": []},
    "format not a string": {"format": 3},
}


def test_the_published_schema_passes_the_meta_schema():
    Draft202012Validator.check_schema(json_out.load_schema())


@pytest.mark.parametrize("name", list(BROKEN))
def test_what_the_meta_schema_refuses_the_compiled_validator_refuses(name):
    schema = {"$schema": META, **BROKEN[name]}
    with pytest.raises(SchemaError):
        Draft202012Validator.check_schema(schema)
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validator_for(schema, validate_formats=True)


def test_a_broken_published_schema_fails_the_compile_at_start(monkeypatch):
    broken = copy.deepcopy(json_out.load_schema())
    broken["properties"]["references"]["type"] = "aray"
    monkeypatch.setattr(json_out, "load_schema", lambda: broken)
    json_out._validator.cache_clear()
    try:
        with pytest.raises(jsonschema_rs.ValidationError):
            json_out.compile_schema()
    finally:
        json_out._validator.cache_clear()
