"""The typed contract (pipeline/model.py) and schemas/document.schema.json agree field by field, both
ways; the enums are the schema's and the labels' codes; every warning is raised with its enum."""
from __future__ import annotations

import ast
import json
import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from pipeline.model import (
    Attachment,
    BackReference,
    Budget,
    Deadline,
    Document,
    NodeKind,
    Reference,
    Source,
    Target,
    Task,
    TaskSource,
    WarningCode,
)
from pipeline.writers.json_out import load_schema
from tests.code_shape import PACKAGES, ROOT

SCHEMA = load_schema()
DEFS = SCHEMA["$defs"]
_TASK = DEFS["task"]["properties"]


def _items_of(name: str) -> dict:
    return SCHEMA["properties"][name]["items"]


# dataclass → the schema object it writes (properties and required)
OBJECTS = {
    Reference: DEFS["reference"],
    Task: DEFS["task"],
    Deadline: _TASK["deadline"],
    Budget: _items_of("budget_items"),
    Target: _items_of("targets"),
    BackReference: _items_of("back_references"),
    Attachment: _items_of("attachments"),
}


def _names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


@pytest.mark.parametrize("cls", list(OBJECTS), ids=lambda c: c.__name__)
def test_dataclass_fields_are_the_schema_properties(cls):
    props = set(OBJECTS[cls]["properties"])
    assert set(_names(cls)) - props == set(), f"{cls.__name__} fields the schema does not know"
    assert props - set(_names(cls)) == set(), f"schema properties {cls.__name__} does not carry"


@pytest.mark.parametrize("cls", list(OBJECTS), ids=lambda c: c.__name__)
def test_required_properties_are_never_left_out(cls):
    left_out = set(cls.OPTIONAL) | set(getattr(cls, "TABLE_ONLY", ()))
    assert set(OBJECTS[cls].get("required", ())) & left_out == set()


def test_nested_objects_are_dataclasses_of_the_schema():
    milestone = _TASK["deadline"]["properties"]["milestones"]["items"]["properties"]
    assert set(milestone) <= set(_names(Deadline))
    task_budget = _TASK["budget"]["oneOf"][1]["properties"]
    assert set(task_budget) == set(_names(Budget)) - Budget.OPTIONAL
    assert set(_TASK["source"]["enum"]) == {s.value for s in TaskSource}
    assert Task.NESTED == {"deadline": Deadline, "budget": Budget} and Deadline.NESTED == {"milestones": Deadline}


def test_node_kinds_are_the_schemas():
    assert [k.value for k in NodeKind] == DEFS["node"]["properties"]["kind"]["enum"]


def test_every_warning_code_has_a_vietnamese_label_and_every_label_a_code():
    labels = tomllib.loads((ROOT / "pipeline" / "data" / "labels.toml").read_text(encoding="utf-8"))
    labelled = {w["code"] for w in labels["warning"]} - {"*"}
    assert labelled == {c.value for c in WarningCode}
    pattern = re.compile(SCHEMA["properties"]["warnings"]["items"]["properties"]["code"]["pattern"])
    assert all(pattern.match(c.value) for c in WarningCode)


def _warn_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                warns = isinstance(node.func, ast.Attribute) and node.func.attr == "warn"
                # a stage's returned warning (model.py's own Document.warn checks its code at run time)
                made = isinstance(node.func, ast.Name) and node.func.id == "Warning_" and path.name != "model.py"
                if warns or made:
                    calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def _is_code(arg: ast.expr) -> bool:
    if isinstance(arg, ast.IfExp):
        return _is_code(arg.body) and _is_code(arg.orelse)
    return (isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "WarningCode"
            and arg.attr in WarningCode.__members__)


def test_every_warning_is_raised_with_its_enum():
    calls = _warn_calls()
    assert len(calls) >= 20
    assert [where for where, call in calls if not (call.args and _is_code(call.args[0]))] == []


def test_an_unknown_warning_code_is_refused():
    doc = Document(Source("x.txt", "0" * 64, "txt"), [])
    doc.warn(WarningCode.DATE_BLANK, "the issue date is left blank", "header")
    assert doc.warnings[0].to_json() == {"code": "date_blank", "message": "the issue date is left blank", "node": "header"}
    with pytest.raises(ValueError):
        doc.warn("date_missing", "no such code")  # type: ignore[arg-type]


LISTS = {"references": Reference, "back_references": BackReference, "tasks": Task, "prose_tasks": Task,
         "targets": Target, "budget_items": Budget, "attachments": Attachment}


@pytest.mark.parametrize("golden", sorted((ROOT / "tests" / "golden").glob("*.json")), ids=lambda p: p.stem)
def test_golden_items_round_trip_through_their_dataclass(golden):
    """The dataclass writes the contract's keys in the contract's order: a real output read into it
    and written back is the same JSON, byte for byte."""
    data = json.loads(golden.read_text(encoding="utf-8"))
    seen = 0
    for name, cls in LISTS.items():
        for item in data[name]:
            assert json.dumps(cls.from_json(item).to_json(), ensure_ascii=False) == json.dumps(item, ensure_ascii=False)
            seen += 1
    assert seen


def test_left_out_fields_and_sources():
    prose = {"id": "t1", "uid": "u", "label": None, "text": "Sở Nội vụ chủ trì.", "product": None, "lead": ["Sở Nội vụ"],
             "cooperating": [], "monitoring": [], "lead_normalized": ["Sở Nội vụ"], "cooperating_normalized": [],
             "deadline": {"raw": None, "kind": "none", "start": None, "end": None}, "budget": None, "source": "prose",
             "node": "article-1", "span": [0, 18], "lead_ids": [], "cooperating_ids": []}
    task = Task.from_json(prose)
    assert task.source is TaskSource.PROSE and isinstance(task.deadline, Deadline)
    assert list(task.to_json()) == list(prose)  # no objective/task/groups for a sentence
    with pytest.raises(TypeError):
        Reference.from_json({"surface": "x", "doc_type": None, "number": None, "issued_date": None, "issuer": None,
                             "title": None, "relation": "cites", "node": "n", "span": [0, 1], "page": 3})
