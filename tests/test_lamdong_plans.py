"""The Lâm Đồng 2026 plans (DOCX): auto-numbered sections, and content tables whose rows match
the Word tables row for row, with python-docx as an independent reader of the same tables."""
from __future__ import annotations

import re

import pytest

from pipeline.text import clean_space
from tests.conftest import CORPUS, converted, needs_corpus

pytestmark = needs_corpus
PLANS = CORPUS / "vbai-lamdong-ubnd" / "files" / "ND30"
CCHC = PLANS / "BÁO CÁO" / "Tờ trình 176 Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của tỉnh" / "Kế hoạch CCHC giai đoạn 2026-2030.docx"
COMMS = (PLANS / "Tờ trình 05 TTr SNV ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 tỉnh Lâm Đồng"
         / "Ke hoach tuyen truyen CCHC tinh Lam Dong nam 2026.docx")


def _walk(node):
    yield node
    for c in node["children"]:
        yield from _walk(c)


def _norm(text: str) -> str:
    return "\n".join(p for p in (clean_space(x) for x in text.split("\n")) if p)


def _word_tables(path):
    """Content tables as python-docx reads them (merged cells resolved), layout tables left out."""
    import docx

    out = []
    for t in docx.Document(str(path)).tables:
        grid = [[_norm(c.text) for c in row.cells] for row in t.rows]
        flat = " ".join(" ".join(r) for r in grid)
        if re.search(r"CỘNG HÒA|Nơi nhận", flat):
            continue
        out.append(grid)
    return out


def _strip_numbers(text: str) -> str:
    """Word auto-numbers are in our text and not in python-docx's."""
    return "\n".join(re.sub(r"^(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–•])\s+", "", p) for p in text.split("\n"))


@pytest.mark.parametrize("path", [CCHC, COMMS], ids=["cchc-2026-2030", "tuyen-truyen-2026"])
def test_tables_match_word_row_for_row(path):
    out = converted(str(path))
    ours = [n for n in _walk(out["structure"]) if n["kind"] == "table"]
    word = _word_tables(path)
    assert len(ours) == len(word)
    for table, grid in zip(ours, word):
        rows = [r["cells"] for r in table["children"]]
        assert len(rows) == len(grid)
        for mine, theirs in zip(rows, grid):
            assert [_strip_numbers(c) for c in mine] == [_strip_numbers(c) for c in theirs]


def test_cchc_plan_sections_and_appendix():
    out = converted(str(CCHC))
    nodes = list(_walk(out["structure"]))
    assert [(n["label"], n["title"]) for n in nodes if n["kind"] == "section" and "." not in n["id"]] == [
        ("I", "QUAN ĐIỂM, MỤC TIÊU, YÊU CẦU"), ("II", "CHỈ TIÊU, NHIỆM VỤ"), ("III", "TỔ CHỨC THỰC HIỆN")]
    tasks_section = [n["title"] for n in nodes if n["kind"] == "clause" and n["id"].startswith("section-ii.clause-")
                     and n["id"].count(".") == 1]
    assert tasks_section == ["Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy",
                             "Cải cách chế độ công vụ", "Cải cách tài chính công",
                             "Xây dựng và phát triển chính quyền số", "Công tác chỉ đạo, điều hành"]
    appendices = [n for n in nodes if n["kind"] == "appendix"]
    assert len(appendices) == 1
    assert len([n for n in _walk(appendices[0]) if n["kind"] == "table"]) == 1
    assert out["document"]["number"] == "/KH-UBND"  # a draft: the number is left blank
    assert any(w["code"] == "number_blank" for w in out["warnings"])


def test_cchc_plan_tasks():
    out = converted(str(CCHC))
    tasks = out["tasks"]
    assert len(tasks) >= 50
    first = tasks[0]
    assert (first["label"], first["objective"]) == ("1", "I")
    assert first["lead"] == ["Sở Tư pháp"] and first["monitoring"] == ["Sở Tư pháp"]
    second = tasks[1]
    # a 2026-2030 plan: the 31/01 after each of its years, not 2027's only
    assert (second["deadline"]["raw"], second["deadline"]["kind"], second["deadline"]["frequency"]) == (
        "Trước ngày 31/01 năm liền kề", "recurring", "yearly")
    assert [o["end"] for o in second["deadline"]["occurrences"]] == [f"{y}-01-31" for y in range(2027, 2032)]
    assert {t["objective"] for t in tasks} >= {"I", "II", "III"}
