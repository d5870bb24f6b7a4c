"""The subject (trích yếu) a cited document is given by: real corpus sentences
(tests/cases/reference_titles.json), one expected title per reference in order, null where the
mention gives none or where what follows is the citing text's own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.references import Context, references_in
from pipeline.model import Node
from pipeline.text import nfc

CASES = json.loads((Path(__file__).parent / "cases" / "reference_titles.json").read_text(encoding="utf-8"))
LAM_DONG = Context(place="Lâm Đồng", issuer="UBND tỉnh Lâm Đồng")


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_cited_title(case):
    text = nfc(case["text"])
    kind = "basis" if text.startswith("Căn cứ") else "paragraph"
    refs = references_in(Node("n", kind, text=text), LAM_DONG, in_header=False)
    assert [r["title"] for r in refs] == case["titles"]
