"""pipeline.collector.paused: the cyclic collector off inside, back as it was after (also on an error)."""
from __future__ import annotations

import gc

import pytest

from pipeline import collector
from pipeline.model import Loc, Node


def test_paused_turns_the_collector_off_and_back_on():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_paused_restores_the_collector_after_an_error():
    with pytest.raises(ZeroDivisionError):
        with collector.paused():
            1 / 0
    assert gc.isenabled()


def test_paused_leaves_a_collector_that_was_off_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_tree_json_is_the_same_with_the_collector_paused():
    root = Node("doc", "document", children=[Node("article-1", "article", "Điều 1", "Phạm vi", "Điều 1. Phạm vi",
                                                  Loc(1, 0, 0, 15), children=[Node("article-1.clause-1", "clause", "1")])])
    out = root.to_json()
    assert gc.isenabled()
    assert out["children"][0]["loc"] == {"page": 1, "block": 0, "start": 0, "end": 15}
    assert out["children"][0]["children"][0] == {"id": "article-1.clause-1", "kind": "clause", "label": "1",
                                                 "title": None, "text": "", "loc": None, "children": []}
