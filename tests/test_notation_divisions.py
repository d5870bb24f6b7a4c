"""The division a paragraph opens, from its reader's numbering (Word's auto-numbering: the block's
label and list level) before its text: real corpus lines, the property that a reader's label reads
as its text would, and a Word list whose levels nest."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.notation.divisions import Division, read_division
from pipeline.readers import read
from pipeline.segment import segment
from tests.adversarial.make import W, docx

# (the block's text, the label and level its reader gave, the division): the numbered paragraphs of
# vbai-lamdong-ubnd's Word files (ND30/TBKL, "Dự thảo Thông tư (bản mới).docx", "UB- Thong bao ve việc
# giai the 06 hoi vi pham (1).doc") and Word's numbering formats with a word before the number
CASES = [
    ("1. Thống nhất tổ chức Hội nghị gặp mặt doanh nghiệp", "1.", 0,
     Division("clause", "1", "Thống nhất tổ chức Hội nghị gặp mặt doanh nghiệp")),
    ("a) Kết quả đánh giá tổng hợp chung", "a)", 0, Division("point", "a", "Kết quả đánh giá tổng hợp chung")),
    ("e) Hội Lâm nghiệp tỉnh Bình Thuận: Quá thời gian tổ chức đại hội", "e)", 0,
     Division("point", "e", "Hội Lâm nghiệp tỉnh Bình Thuận: Quá thời gian tổ chức đại hội")),
    ("- Các sở: Thông tin và Truyền thông, Nông nghiệp và Phát triển nông thôn", "-", 1,
     Division("dash", None, "Các sở: Thông tin và Truyền thông, Nông nghiệp và Phát triển nông thôn", 1)),
    ("Điều 5. Hiệu lực thi hành", "Điều 5.", 0, Division("article", "5", "Hiệu lực thi hành")),
    ("Chương II QUY ĐỊNH CỤ THỂ", "Chương II", 0, Division("chapter", "II", "QUY ĐỊNH CỤ THỂ")),
    ("1.2. Rà soát thủ tục hành chính", "1.2.", 1, Division("clause", "1.2", "Rà soát thủ tục hành chính", 1)),
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "II.", 0, Division("roman", "II", "NHIỆM VỤ VÀ GIẢI PHÁP")),
    # shapes no marker takes are read from the text, as without numbering: prose
    ("a. Sở Tư pháp chủ trì", "a.", 1, None),
    ("o Tổ chức tập huấn", "o", 0, None),
    # no label from the reader: the text's
    ("3.23. Xây dựng cơ sở dữ liệu hộ tịch điện tử", None, None, Division("clause", "3.23", "Xây dựng cơ sở dữ liệu hộ tịch điện tử")),
    ("Giao Sở Tư pháp chủ trì.", None, None, None),
]


@pytest.mark.parametrize("text, label, level, want", CASES, ids=[c[0][:24] for c in CASES])
def test_division_cases(text, label, level, want):
    assert read_division(text, label, level) == want


_LABELS = st.one_of(
    st.integers(1, 999).map(lambda n: f"{n}."), st.integers(1, 99).map(lambda n: f"{n})"),
    st.lists(st.integers(1, 99), min_size=2, max_size=3).map(lambda ns: ".".join(map(str, ns)) + "."),
    st.sampled_from(["I.", "II.", "IV.", "XIV.", "a)", "đ)", "-", "•", "+", "Điều 1.", "Điều 12.", "Chương I",
                     "CHƯƠNG IV.", "Phần 2:", "Mục 1.", "a.", "A.", "(1)", "o", "*"]))
_REST = st.text(st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyÀẢỆỌ0123456789.,;:()-+/ "), min_size=1, max_size=30).map(
    str.strip).filter(bool)


@given(_LABELS, _REST)
def test_a_readers_label_reads_as_its_text_would(label, rest):
    """At list level 0 the reader's label gives the division the text itself gives."""
    text = f"{label} {rest}"
    assert read_division(text, label, 0) == read_division(text)


@given(_LABELS, _REST, st.integers(1, 8))
def test_a_list_level_only_deepens_the_rank(label, rest, level):
    text = f"{label} {rest}"
    top, deeper = read_division(text, label, 0), read_division(text, label, level)
    assert (top is None) == (deeper is None)
    if top is not None:
        assert (deeper.kind, deeper.label, deeper.rest) == (top.kind, top.label, top.rest)
        assert top.rank < deeper.rank < int(top.rank) + 1


_BULLETS = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
            '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
            '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>').encode()


def _para(text: str, ilvl: int | None = None) -> str:
    num = f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>' if ilvl is not None else ""
    return f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_word_list_levels_nest_the_items(tmp_path):
    """A Word list's second level ("-" at ilvl 1) nests under its first, where typed dashes would be siblings."""
    body = "".join([_para("KẾ HOẠCH"), _para("Triển khai công tác năm 2025"), _para("1. Nhiệm vụ trọng tâm"),
                    _para("Các sở, ngành:", 0), _para("Sở Tư pháp rà soát thủ tục;", 1),
                    _para("Sở Nội vụ số hóa hồ sơ;", 1), _para("Các huyện tổ chức thực hiện.", 0)])
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    path = tmp_path / "plan.docx"
    path.write_bytes(docx({"word/document.xml": document, "word/numbering.xml": _BULLETS}))
    doc = read(str(path))
    segment(doc)
    clause = next(n for n in doc.root.walk() if n.kind == "clause")
    assert [(n.text, [c.text for c in n.children]) for n in clause.children] == [
        ("- Các sở, ngành:", ["- Sở Tư pháp rà soát thủ tục;", "- Sở Nội vụ số hóa hồ sơ;"]),
        ("- Các huyện tổ chức thực hiện.", [])]
