"""Every structural marker's examples are tests: the pattern takes them, a division classifies as its
own kind, and a marker with a paragraph-start form opens a paragraph of a hard-wrapped text with them."""
from __future__ import annotations

import pytest

from pipeline.notation.markers import DIVISIONS, MARKER, MARKERS, STARTS, classify
from pipeline.readers.lines import starts_paragraph

_EXAMPLES = [(m, ex) for m in MARKERS for ex in m.examples]


def test_every_marker_has_examples():
    assert all(m.examples for m in MARKERS)
    assert len({m.kind for m in MARKERS}) == len(MARKERS)


@pytest.mark.parametrize("marker, example", _EXAMPLES, ids=[f"{m.kind}:{ex[:20]}" for m, ex in _EXAMPLES])
def test_marker_example(marker, example):
    assert marker.pattern.match(example), example
    if marker.rank is not None:
        kind, m = classify(example)
        assert kind == marker.kind and marker.node_kind and marker.id_key
        assert m["rest"] is not None
    if marker.starts:
        assert STARTS.match(example) and starts_paragraph(example, "dòng trước chưa hết câu"), example


def test_divisions_rank_in_tree_order():
    """A part holds chapters, a chapter articles …: ranks never go down along the table."""
    ranks = [m.rank for m in DIVISIONS]
    assert ranks == sorted(ranks) and ranks[0] == 0


@pytest.mark.parametrize("text", ["Số: 2571/QĐ-UBND", "Thực hiện Kế hoạch số 12/KH-UBND", "Cục Thuế tỉnh Lâm Đồng"])
def test_run_on_lines(text):
    """Lines that do not open a paragraph of a wrapped text on their form alone ("Số: …" with a space
    after the colon, "Thực hiện …" which also goes on a sentence)."""
    assert not STARTS.match(text)


def test_notation_stands_below_the_stages():
    """pipeline/notation imports none of readers, segment, extractors (they all import it)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "pipeline" / "notation"
    imported = {node.module or "" for f in root.glob("*.py") for node in ast.walk(ast.parse(f.read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom)}
    assert imported and not {m for m in imported if m.startswith(("pipeline.readers", "pipeline.segment", "extractors"))}


@pytest.mark.parametrize("text", [
    # sentences and form fields that open with "Nơi nhận" (TT 58/2026/TT-BTC, TT 15/2023/TT-BLĐTBXH's form)
    "Nơi nhận báo cáo tài chính của doanh nghiệp siêu nhỏ được thực hiện theo quy định của pháp luật",
    "Nơi nhận trợ cấp thất nghiệp (2):.................",
])
def test_noi_nhan_without_its_colon_is_no_recipients_label(text):
    assert MARKER["recipients"].pattern.match(text) is None


@pytest.mark.parametrize("text, kind", [
    # a division a sentence names, at a wrapped line's start (congbao-8chude: TT 06/2024/TT-BKHĐT,
    # NQ 6616/2026/NQ-CP, TT 28/2021/TT-BLĐTBXH, NQ 23/2026/NQ-CP, NQ 6619/2026/NQ-CP, TT 15/2022/TT-BKHĐT)
    ("Chương VII Nghị định số 24/2024/NĐ-CP.", None),
    ("Chương III;", None),
    ("Chương III Luật An toàn, vệ sinh lao động và Chương III của Thông tư này", None),
    ("Mục 1, khoản A.I Mục 2 Phụ lục I.3 Nghị quyết số 66.16/2026/NQ-CP", None),
    ("Mục 3 chương II, Mục 3 chương III.", None),
    ("Phần VI Phụ lục I", None),
    ("Mục 14.1 CDNT.", None),
    # a form's subject line is no section V (TT 18/2023/TT-BLĐTBXH's forms)
    ("V/v công nhận giám đốc ......., ngày..... tháng..... năm 20...", None),
    # headings stay headings
    ("Chương I QUY ĐỊNH CHUNG", "chapter"),
    ("Chương II Quản lý nhà nước về thư điện tử", "chapter"),
    ("Chương 1: Luật áp dụng", "chapter"),
    ("Mục 2 THANH TOÁN LÃI, GỐC TRÁI PHIẾU", "muc"),
    ("Phần thứ nhất", "part"),
    ("V. Tổ chức thực hiện", "roman"),
])
def test_a_division_named_in_a_sentence_is_no_heading(text, kind):
    found = classify(text)
    assert (found[0] if found else None) == kind
