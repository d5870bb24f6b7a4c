"""Task tables of corpus plans against small gold files written by reading each document
(tests/cases/tasks/*.json): the number of tasks and a few tasks checked field by field."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS, converted, needs_corpus

GOLDS = sorted((Path(__file__).parent / "cases" / "tasks").glob("*.json"))


@needs_corpus
@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.stem for g in GOLDS])
def test_tasks_against_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    tasks = converted(str(CORPUS / gold["path"]))["tasks"]
    assert len(tasks) == gold["count"]
    for want in gold["tasks"]:
        match = [t for t in tasks if t["label"] == want["label"] and t["text"].startswith(want["text_start"])]
        if len(match) > 1:  # the same activity repeated (a schedule): the deadline tells them apart
            match = [t for t in match if t["deadline"]["raw"] == want["deadline"]["raw"]]
        assert len(match) == 1, want["text_start"]
        got = match[0]
        assert got["objective"] == want["objective"]
        assert got["lead"] == want["lead"] and got["cooperating"] == want["cooperating"]
        assert {k: got["deadline"][k] for k in ("raw", "kind", "start", "end")} == want["deadline"]
