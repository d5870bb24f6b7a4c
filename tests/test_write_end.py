"""The end of a conversion made cheaper (issue 19) without changing what it writes: the items' and
the tree's JSON are what the field-by-field code gave (the reference below is that code), the body
text is the same lines in the same order, the store's blob still decompresses to the compact JSON
(whatever zlib level wrote it), and the store finds a content hash by its index."""
from __future__ import annotations

import zlib
from dataclasses import fields
from enum import StrEnum

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import model
from pipeline.model import (Attachment, BackReference, Budget, Deadline, Loc, Node, Reference, Target, Task,
                            TaskSource, _Item)
from pipeline.store import db
from pipeline.store.db import DocRows, Store, body_text
from tests.conftest import SEED, converted

ITEMS = (Deadline, Budget, Target, Attachment, Reference, BackReference, Task)


def _old_json(value):
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, _Item):
        return _old_item_json(value)
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, list):
        return [_old_json(v) for v in value]
    return value


def _old_present(item, name):
    if isinstance(item, Task) and name in Task.TABLE_ONLY:
        return item.source == TaskSource.TABLE
    return not (name in item.OPTIONAL and getattr(item, name) is None)


def _old_item_json(item):
    """The items' to_json before issue 19's second round: each field read, tested and converted in turn."""
    return {f.name: _old_json(getattr(item, f.name)) for f in fields(item) if _old_present(item, f.name)}


def _same(a, b) -> bool:
    """Equal, with the same key order and the same types all the way down (a StrEnum is not a str)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


_deadline = st.builds(Deadline, st.one_of(st.none(), st.text(max_size=4)), st.sampled_from(["date", "none"]),
                      st.none(), st.just("2026-01-01"), st.none() | st.just([]),
                      st.none() | st.just("monthly"), st.none() | st.just({"from": None}), st.none() | st.just([{"a": "b"}]))
_values = st.one_of(st.none(), st.text(max_size=4), st.integers(), st.floats(allow_nan=False), st.booleans(),
                    st.lists(st.text(max_size=3), max_size=3), st.just({"k": [1, 2]}), st.sampled_from(list(TaskSource)),
                    st.sampled_from(list(model.WarningCode)), _deadline, st.lists(_deadline, max_size=2),
                    st.builds(Budget, st.text(max_size=3), st.none() | st.integers(), st.none() | st.just("n1")))


@st.composite
def _items(draw):
    cls = draw(st.sampled_from(ITEMS))
    values = {f.name: draw(_values) for f in fields(cls)}
    if cls is Task:
        values["source"] = draw(st.sampled_from([TaskSource.TABLE, TaskSource.PROSE, "table", "prose"]))
    return cls(**values)


@settings(max_examples=400, deadline=None)
@given(_items())
def test_an_items_json_is_what_the_field_loop_gave(item):
    assert _same(item.to_json(), _old_item_json(item))


def test_the_seed_documents_items_give_the_same_json():
    from pipeline.convert import run_extractors
    from pipeline.readers import read
    from pipeline.segment import segment

    doc = read(str(SEED))
    segment(doc)
    run_extractors(doc)
    items = [x for name in ("attachments", "references", "back_references", "tasks", "prose_tasks", "targets",
                            "budget_items") for x in getattr(doc, name)]
    assert len(items) > 20 and {type(x) for x in items} >= {Reference, Task}
    for item in items:
        assert _same(item.to_json(), _old_item_json(item))


def _old_node_json(node: Node):
    out = {"id": node.id, "kind": node.kind, "label": node.label, "title": node.title, "text": node.text,
           "loc": node.loc.to_json() if node.loc else None, "children": [_old_node_json(c) for c in node.children]}
    if node.cells is not None:
        out["cells"] = node.cells
        out["group"] = node.group
    return out


_nodes = st.recursive(
    st.builds(Node, st.text(max_size=3), st.sampled_from(["paragraph", "row"]), text=st.text(max_size=5),
              loc=st.none() | st.builds(Loc, st.none() | st.integers(1, 9), st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)),
              cells=st.none() | st.lists(st.text(max_size=2), max_size=2), group=st.booleans()),
    lambda kids: st.builds(Node, st.text(max_size=3), st.just("article"), children=st.lists(kids, max_size=3),
                           title=st.none() | st.text(max_size=3)),
    max_leaves=12)


def _old_body_text(structure):
    lines, stack = [], [structure]
    while stack:
        node = stack.pop()
        if node.get("text"):
            lines.append(node["text"])
        stack.extend(reversed(node.get("children") or []))
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(_nodes)
def test_the_trees_json_and_body_text_are_what_they_were(root):
    data = root.to_json()
    assert _same(data, _old_node_json(root))
    assert body_text(data) == _old_body_text(data)


def test_body_text_takes_a_tree_without_children_or_text_keys():
    assert body_text({"text": "a", "children": [{"text": ""}, {"children": None, "text": "b"}, {}]}) == "a\nb"


def test_the_blob_is_the_compact_json_and_reads_back_at_any_level(tmp_path, monkeypatch):
    data = converted(str(SEED))
    rows = DocRows.of(data)
    assert zlib.decompress(rows.blob) == orjson.dumps(data)
    with Store(str(tmp_path / "s.sqlite")) as store:
        doc_id = store.record_document("a.txt", rows, "v", "a.json")
        assert store.document(doc_id) == data
        monkeypatch.setattr(db, "BLOB_LEVEL", 6)  # a store written before: level 6
        old = DocRows.of(data)
        assert old.blob != rows.blob and zlib.decompress(old.blob) == zlib.decompress(rows.blob)
        old_id = store.record_document("b.txt", old, "v", "b.json")
        assert store.document(old_id) == data


@pytest.mark.parametrize("sql", [
    "SELECT path FROM documents WHERE sha256=? AND path LIKE 'uploads/%' AND path != ? ORDER BY doc_id LIMIT 1",
    "SELECT d.doc_id FROM documents d LEFT JOIN manifest m ON m.path = d.path WHERE d.sha256=? ORDER BY d.doc_id LIMIT 1",
])
def test_a_content_hash_is_found_by_its_index_not_a_scan(tmp_path, sql):
    """Each stored document asks whether an upload had its content: a scan of the documents made an
    archive's ingestion quadratic (2.7 ms a document at 2,000 documents)."""
    with Store(str(tmp_path / "s.sqlite")) as store:
        plan = " ".join(r[-1] for r in store.db.execute("EXPLAIN QUERY PLAN " + sql, ("x", "y")[: sql.count("?")]))
    assert "documents_sha256" in plan and "SCAN d " not in plan + " " and "SCAN documents " not in plan + " "
