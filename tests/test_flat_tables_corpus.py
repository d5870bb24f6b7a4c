"""Issue 14 measured on the corpus (skipped without it): the gazette's text versions against
their PDFs, DOCX plans flattened by the test generator against their DOCX reading, and the
Markdown plans of tnt305 whose appendix tables have a lead-agency column."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest

from tests.conftest import CORPUS, converted, needs_corpus
from tests.gazette_pairs import _fields_equal, _match, figures, pairs, report

pytestmark = needs_corpus


def test_gazette_text_against_pdf(capsys):
    """Prints the issue's figures over the 29 gazette documents present as txt and as pdf.
    The issue's targets are tasks matched 0.95, fields 0.90, dated references 0.97, numbers 0.99,
    all reached (0.955, 0.902, 0.973, 0.997; before issue 14: 0 tasks, 581/1010 dated; fields
    0.823 before the splits inside a line and the scores of bench/README.md)."""
    found = pairs(CORPUS)
    assert len(found) == 29
    f = figures([(converted(str(t)), converted(str(p))) for t, p in found])
    with capsys.disabled():
        print("\n[issue 14] gazette pairs: " + report(f))
    assert f["task_match"] >= 0.95
    assert f["fields_equal"] >= 0.90
    assert f["dated_share"] >= 0.97
    assert f["numbers_share"] >= 0.99


# DOCX plans of the corpus with task tables (lead, deadline columns)
DOCX_PLANS = [
    "vbai-lamdong-ubnd/files/ND30/BÁO CÁO/Tờ trình 176 Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của tỉnh/"
    "Kế hoạch CCHC giai đoạn 2026-2030.docx",
    "vbai-lamdong-ubnd/files/ND30/Tờ trình 05 TTr SNV ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 tỉnh "
    "Lâm Đồng/Ke hoach tuyen truyen CCHC tinh Lam Dong nam 2026.docx",
]


def test_generated_flat_dumps_of_docx_plans(capsys):
    """The DOCX plans flattened as the gazette's text extraction would (tests/flatgen.py, fixed
    seeds) give back the DOCX reading's tasks, F1 ≥ 0.97 (the issue's target)."""
    from pipeline.convert import convert
    from pipeline.readers import read
    from tests.flatgen import flatten_document

    plans = [CORPUS / p for p in DOCX_PLANS if (CORPUS / p).is_file()]
    if not plans:
        pytest.skip("the DOCX plans are not in the corpus")
    want = got = matched = equal = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in plans:
            ref = [t for t in converted(str(path))["tasks"] if t["source"] == "table"]
            for seed in (7, 8):
                flat = Path(tmp) / f"{path.stem}-{seed}.txt"
                flat.write_text(flatten_document(read(str(path)), random.Random(seed)), encoding="utf-8")
                out = [t for t in convert(str(flat))["tasks"] if t["source"] == "table"]
                m = _match(ref, out)
                want, got, matched = want + len(ref), got + len(out), matched + len(m)
                equal += sum(_fields_equal(a, b) for a, b in m)
    p, r = matched / got, matched / want
    f1 = 2 * p * r / (p + r)
    with capsys.disabled():
        print(f"\n[issue 14] generated dumps: DOCX tasks {want}, rebuilt {got}, matched {matched}: "
              f"F1 {f1:.3f}; lead/cooperating/deadline equal {equal / matched:.3f} of matched")
    assert f1 >= 0.97


# The tnt305 Markdown plans whose appendix tables have a lead-agency column ("Cơ quan chủ trì",
# "CHỦ TRÌ"), and the rows those tables hold, counted by reading each source.
TNT305_PLANS = {
    "001c610b2efdcf0c": 25,  # groups I-VI: 4 + 3 + 6 + 4 + 3 + 5
    "192068354fd1ffe5": 19,  # groups I-IV: 4 + 5 + 5 + 5
    "8718801c503045f9": 11,  # rows 1-11 under groups I, III, IV
    "ec00bd6f58be7864": 25,  # groups I-VII: 5 + 4 + 6 + 3 + 1 + 3 + 3
    "c5d930a5fc8373cd": 18,  # I: 1, II: 8, rows 2-6 after the page's elision "…", VII: 2, VIII: 2
    # Phụ lục II, groups I-IX: 14 + 4 + 32 + 7 + 4 + 7 + 3 + 2 + 2 (Phụ lục I's 22 indicators, I.1-II.2:
    # 3 + 7 + 5 + 7, with the agency that monitors them, are targets, not tasks)
    "2edf5927c71bc4c1": 75,
    # Phụ lục I, "Cơ quan chủ trì thực hiện": part 1, rows 1-9, and the 65 rows of the parts after it;
    # Phụ lục II, "Đơn vị chủ trì": 49 rows under unlabelled group rows (numbered 1-48, "22" and "37"
    # twice, no "38")
    "74e2ddc7b11340da": 123,
}


@pytest.mark.parametrize("name, rows", sorted(TNT305_PLANS.items()))
def test_tnt305_plans_give_their_rows_as_tasks(name, rows):
    path = CORPUS / "tnt305-legal-md" / "docs" / f"{name}.md"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    tasks = [t for t in converted(str(path))["tasks"] if t["source"] == "table"]
    assert len(tasks) == rows
    assert all(t["lead"] for t in tasks) or name == "c5d930a5fc8373cd"
