"""Table-driven header and segmentation cases from corpus documents (tests/cases/*.csv)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import CORPUS, converted, needs_corpus

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list[dict[str, str]]:
    with open(CASES / name, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _walk(node):
    yield node
    for c in node["children"]:
        yield from _walk(c)


@needs_corpus
@pytest.mark.parametrize("case", _rows("header_cases.csv"), ids=lambda c: c["path"].rsplit("/", 1)[1][:30])
def test_header_case(case):
    doc = converted(str(CORPUS / case["path"]))["document"]
    for field in ("doc_type", "number", "issued_date", "issuer", "place", "signer"):
        assert doc[field] == (case[field] or None), field
    assert (doc["title"] or "").lower().startswith(case["title_start"].lower())
    if case.get("title_end"):
        assert (doc["title"] or "").lower().endswith(case["title_end"].lower())


@needs_corpus
@pytest.mark.parametrize("case", _rows("segmentation_cases.csv"), ids=lambda c: c["path"].rsplit("/", 1)[1][:30])
def test_segmentation_case(case):
    out = converted(str(CORPUS / case["path"]))
    nodes = list(_walk(out["structure"]))

    def labels(kind, top_only=False):
        return [n["label"] for n in nodes if n["kind"] == kind and (not top_only or "." not in n["id"])]

    def split(v):
        return v.split("|") if v else []

    assert labels("article") == split(case["articles"])
    assert labels("chapter") == split(case["chapters"])
    assert labels("section", top_only=True) == split(case["sections"])
    assert labels("appendix") == split(case["appendices"])
    assert [a["doc_type"] for a in out["attachments"]] == split(case["attachments"])
