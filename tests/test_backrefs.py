"""Back references ("Quyết định này", "Công văn nêu trên"): "trên" alone is mostly a preposition and
"pháp luật" holds no law; real corpus sentences, each with the back references it must give."""
from __future__ import annotations

import pytest

from extractors.backrefs import extract_back_references
from pipeline.model import Document, Node, NodeKind, Reference

CASES = [
    # vbai-lamdong-ubnd, a Công văn: the letter cited before
    ("Giao Sở Tài chính tổng hợp theo yêu cầu của Bộ Tài chính tại Công văn nêu trên và gửi trực tiếp văn bản.",
     ["Công văn nêu trên"]),
    # congbao-8chude thong-tu-so-25-2026-tt-btc: "dẫn trên", then the bare form before a stop
    ("Công ty đáp ứng đủ các điều kiện theo quy định tại Điều 20 Luật Hải quan và Thông tư dẫn trên, cụ thể:",
     ["Thông tư dẫn trên"]),
    ("Các cơ quan tổ chức thực hiện theo Công văn trên.", ["Công văn trên"]),
    # negatives: the preposition "trên" and the word "pháp luật"
    ("Đăng tải dự thảo thông tư trên Cổng Thông tin điện tử của Bộ.", []),
    ("Chủ tịch UBND tỉnh quyết định trên cơ sở đề nghị của Giám đốc Sở Tài chính.", []),
    ("Tổ chức thi hành pháp luật trên địa bàn tỉnh.", []),
    ("Căn cứ quy định pháp luật nêu trên, thực hiện chủ trương của tỉnh.", []),
    ("Triển khai Kế hoạch trên địa bàn thành phố.", []),
]


def _doc(text: str) -> Document:
    node = Node("p-2", NodeKind.PARAGRAPH, text=text)
    root = Node("doc", NodeKind.DOCUMENT, children=[Node("p-1", NodeKind.PARAGRAPH, text="x"), node])
    doc = Document(source=None, blocks=[], header={"id": "vn:cong-van:1/UBND-VX:2026-01-05", "doc_type": "Công văn"},
                   root=root)  # type: ignore[arg-type]  # no file behind these sentences
    earlier = [Reference.from_json({"surface": s, "doc_type": t, "number": n, "issued_date": None, "issuer": None,
                                    "title": None, "relation": "cites", "node": "p-1", "span": [0, 1],
                                    "target": f"vn:{n}"})
               for s, t, n in (("Công văn số 12/BTC-VP", "Công văn", "12/BTC-VP"), ("Thông tư số 1/2025/TT-BTC", "Thông tư", "1/2025/TT-BTC"),
                               ("Kế hoạch số 5/KH-UBND", "Kế hoạch", "5/KH-UBND"), ("Luật Hải quan", "Luật", None),
                               ("Quyết định số 9/QĐ-UBND", "Quyết định", "9/QĐ-UBND"))]
    doc.references = earlier
    return doc


@pytest.mark.parametrize("text, expect", CASES, ids=[c[0][:40] for c in CASES])
def test_back_reference_or_preposition(text, expect):
    doc = _doc(text)
    extract_back_references(doc)
    assert [b.surface for b in doc.back_references if b.node == "p-2"] == expect


def test_this_document_inside_a_quoted_amendment_is_not_the_citing_one():
    """congbao-8chude nghi-dinh-so-156-2026-nd-cp: "Điều 1. Sửa đổi, bổ sung Điều 4 như sau: “Điều 4. …"
    opens the new wording of the amended decree; its "Nghị định này" (the clause below, and in the
    same line) is that decree. After the quote closes, "Nghị định này" is the citing one again."""
    art = Node("article-1", NodeKind.ARTICLE, text="Điều 1. Sửa đổi, bổ sung Điều 4 như sau: “Điều 4. Rút tố cáo", children=[
        Node("article-1.clause-1", NodeKind.CLAUSE, text="1. Đơn rút tố cáo được thực hiện theo Mẫu số 02 tại Phụ lục "
             "ban hành kèm theo Nghị định này.”")])
    art2 = Node("article-2", NodeKind.ARTICLE, text="Điều 2. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.")
    line = Node("article-3", NodeKind.ARTICLE, text="Điều 3. Bổ sung khoản 3a: “3a. Theo quy định tại Điều 39 của Nghị định này.” "
                "Nghị định này không áp dụng cho hồ sơ đã nộp.")
    doc = Document(source=None, blocks=[], header={"id": "vn:nghi-dinh:156/2026/NĐ-CP:2026-05-20", "doc_type": "Nghị định"},
                   root=Node("doc", NodeKind.DOCUMENT, children=[art, art2, line]))  # type: ignore[arg-type]
    extract_back_references(doc)
    assert [(b.node, b.refers_to) for b in doc.back_references] == [("article-2", "self"), ("article-3", "self")]
    assert line.text[doc.back_references[1].span[0]:].startswith("Nghị định này không")
