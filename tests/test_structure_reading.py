"""What a saved web page's Markdown gives the structure tree: bold headings, labels cut from their
words, a chapter whose title opens with a type's name; cases from real lines of tnt305-legal-md."""
from __future__ import annotations

import pytest

from pipeline.model import Document, Source
from pipeline.readers.lines import join_wrapped, split_lines
from pipeline.readers.md import read_markdown
from pipeline.segment import segment


def _paragraphs(md: str) -> list[str]:
    return [b.text for b in read_markdown(md)[0][0:] if b.kind == "paragraph"]


@pytest.mark.parametrize("md, paragraphs", [
    # 2dd703fa6cbbc87b: an article's heading in bold, its first sentence below
    ("**Điều 1. Phạm vi điều chỉnh**\nQuyết định này quy định phân cấp thẩm quyền quyết định\n"
     "tiêu chuẩn, định mức diện tích chuyên dùng của các cơ quan, tổ chức, đơn vị và",
     ["Điều 1. Phạm vi điều chỉnh",
      "Quyết định này quy định phân cấp thẩm quyền quyết định tiêu chuẩn, định mức diện tích chuyên dùng của "
      "các cơ quan, tổ chức, đơn vị và"]),
    # a bold heading over two lines ends where its bold ends
    ("**Điều 3. Phân cấp thẩm quyền quyết định tiêu chuẩn, định mức sử dụng diện tích\nchuyên dùng**\n"
     "Chủ tịch Ủy ban nhân dân tỉnh quyết định",
     ["Điều 3. Phân cấp thẩm quyền quyết định tiêu chuẩn, định mức sử dụng diện tích chuyên dùng",
      "Chủ tịch Ủy ban nhân dân tỉnh quyết định"]),
    # bold words inside a sentence end no paragraph
    ("Bãi bỏ toàn bộ Quyết định số 10/2016/QĐ-UBND của **Ủy ban nhân dân tỉnh**\nQuảng Nam ban hành",
     ["Bãi bỏ toàn bộ Quyết định số 10/2016/QĐ-UBND của Ủy ban nhân dân tỉnh Quảng Nam ban hành"]),
    # a bold line before a lower-case line goes on (the sentence goes on)
    ("**Quyết định này**\nđược sửa đổi như sau:", ["Quyết định này được sửa đổi như sau:"]),
    # a bold heading in capitals before a line in capitals goes on (a type heading and its title)
    ("**QUYẾT ĐỊNH**\nVỀ VIỆC PHÊ DUYỆT DANH MỤC ĐỊA ĐIỂM TỔ CHỨC HỘI CHỢ",
     ["QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT DANH MỤC ĐỊA ĐIỂM TỔ CHỨC HỘI CHỢ"]),
])
def test_a_bold_heading_is_a_paragraph_of_its_own(md, paragraphs):
    assert _paragraphs(md) == paragraphs


@pytest.mark.parametrize("lines, paragraphs", [
    # 46482d81ac8c4f96: "1." alone, its words on the next line
    (["1.", "Quyết định này có hiệu lực thi hành từ ngày 08 tháng 12 năm 2025.", "2."],
     ["1. Quyết định này có hiệu lực thi hành từ ngày 08 tháng 12 năm 2025.", "2."]),
    # cfc85d8b3511af54: "**Điều" / "1. Phạm vi điều chỉnh**", "**Chương" / "III**"
    (["Điều", "1. Phạm vi điều chỉnh"], ["Điều 1. Phạm vi điều chỉnh"]),
    (["Chương", "III"], ["Chương III"]),
    (["II.", "Lĩnh vực ưu tiên tổ chức hội chợ, triển lãm thương mại trên địa bàn tỉnh"],
     ["II. Lĩnh vực ưu tiên tổ chức hội chợ, triển lãm thương mại trên địa bàn tỉnh"]),
    # a year ending a sentence is no label: the next sentence is a paragraph of its own
    (["2025.", "Điều 2. Tổ chức thực hiện"], ["2025.", "Điều 2. Tổ chức thực hiện"]),
])
def test_a_label_alone_on_its_line_goes_on_into_its_words(lines, paragraphs):
    groups = join_wrapped(split_lines("\n".join(lines)))
    assert [" ".join(ln.text for ln in g) for g in groups] == paragraphs


# cfc85d8b3511af54 (a consolidated decree): Chương II's title opens with "QUY ĐỊNH", a type's name,
# after the articles of Chương I; it opened an attached "Quy định" that took the rest of the decree.
DECREE = """\
**NGHỊ ĐỊNH**

**Quy định về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất**

**Chương
I**

**QUY ĐỊNH CHUNG**

**Điều
1. Phạm vi điều chỉnh**
Nghị định này quy định chi tiết một số điều của Luật Đất đai.

**Chương
II**

**QUY ĐỊNH CHI TIẾT VỀ
BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ KHI NHÀ NƯỚC THU HỒI ĐẤT**

**Điều
2. Bồi thường về đất**
Người sử dụng đất được bồi thường theo quy định.
"""


def _tree(md: str) -> Document:
    blocks, _ = read_markdown(md)
    doc = Document(Source("x.md", "0" * 64, "md"), blocks, md)
    segment(doc)
    return doc


def test_a_chapters_title_that_opens_with_a_types_name_opens_no_attached_text():
    doc = _tree(DECREE)
    assert doc.attachments == []
    chapters = [n for n in doc.root.children if n.kind == "chapter"]
    assert [c.label for c in chapters] == ["Chương I", "Chương II"]
    # the line after "Chương II" is its title, not a paragraph of it
    assert [n.kind for n in chapters[1].children] == ["article"]
    assert chapters[1].title.startswith("QUY ĐỊNH CHI TIẾT VỀ BỒI THƯỜNG")
    assert chapters[1].text.startswith("Chương II QUY ĐỊNH CHI TIẾT VỀ BỒI THƯỜNG")


def test_a_type_heading_after_the_articles_still_opens_an_attached_text():
    doc = _tree(DECREE.replace("**Chương\nII**\n\n", ""))
    assert [a.doc_type for a in doc.attachments] == ["Quy định"]


# tnt305-legal-md 1f9faa032326f975: a decision's attached charter (Điều lệ) after its signature
CHARTER = """\
Điều 3. Chánh Văn phòng UBND tỉnh, Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hoàng Nam
ĐIỀU LỆ
TỔ CHỨC VÀ HOẠT ĐỘNG CỦA QUỸ BẢO VỆ MÔI TRƯỜNG TỈNH QUẢNG TRỊ
(Ban hành kèm theo Quyết định số 2696/QĐ-UBND ngày 18 tháng 11 năm 2025 của UBND tỉnh Quảng Trị)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Vị trí chức năng
1. Quỹ Bảo vệ môi trường tỉnh Quảng Trị là quỹ tài chính nhà nước thuộc Sở Nông nghiệp và Môi trường.
"""


def test_a_charter_after_the_signature_is_an_attached_text():
    doc = _txt_tree(CHARTER)
    assert [a.doc_type for a in doc.attachments] == ["Điều lệ"]
    attached = next(n for n in doc.root.children if n.kind == "attachment")
    assert [n for n in attached.walk() if n.kind == "article"][0].label == "Điều 1"



def test_a_procedure_heading_opens_an_attached_text_only_after_the_signature():
    # TT 12/2021/TT-BLĐTBXH attaches its QUY TRÌNH after the signature; TT 28/2024/TT-BKHĐT heads a
    # chapter of its body with one ("QUY TRÌNH GIÁM ĐỊNH TƯ PHÁP …")
    procedure = "QUY TRÌNH\nKIỂM ĐỊNH KỸ THUẬT AN TOÀN THANG MÁY\nĐiều 1. Phạm vi áp dụng\n"
    signed = _txt_tree(CHARTER.split("ĐIỀU LỆ")[0] + procedure)
    assert [a.doc_type for a in signed.attachments] == ["Quy trình"]
    inside = _txt_tree("Điều 1. Phạm vi điều chỉnh\nThông tư này quy định giám định tư pháp.\n" + procedure)
    assert inside.attachments == []


# Thông tư 13/2023/TT-BKHĐT (congbao-8chude): its appendix's heading in mixed case after the signature
APPENDED = """\
Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn hỗ trợ doanh nghiệp. Phụ lục 1: Đề xuất kế hoạch kèm theo Thông tư này.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Trần Duy Đông
Phụ lục 1: Đề xuất kế hoạch và dự toán kinh phí hỗ trợ thực hiện Chương trình 167
(Ban hành kèm Thông tư số 13/2023/TT-BKHĐT ngày 12 tháng 12 năm 2023 của Bộ trưởng Bộ Kế hoạch và Đầu tư)
- Nội dung hỗ trợ;
"""


def test_an_appendix_heading_in_mixed_case_after_the_signature_opens_it():
    doc = _txt_tree(APPENDED)
    appendices = [n for n in doc.root.children if n.kind == "appendix"]
    assert [a.label for a in appendices] == ["Phụ lục 1"]
    assert not [n for n in doc.root.walk() if n.kind == "recipients"]


# Luật 51/2024/QH15 (congbao-8chude), an amending law: the wording each clause quotes ("như sau: “…”.")
# has clauses and points of its own, numbered again from 1.
AMENDING = """\
Điều 1. Sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế
3. Sửa đổi, bổ sung một số khoản của Điều 6 như sau:
b) Sửa đổi, bổ sung khoản 3 và khoản 4 như sau: “3. Ban hành quy định, quy trình, hướng dẫn chuyên môn;
4. Ban hành theo thẩm quyền hoặc trình cấp có thẩm quyền ban hành các giải pháp nhằm bảo đảm cân đối quỹ bảo hiểm y tế;”.
4. Sửa đổi, bổ sung Điều 7a như sau: “Điều 7a. Trách nhiệm của Bộ Lao động - Thương binh và Xã hội
1. Chỉ đạo, hướng dẫn tổ chức thực hiện việc xác định, quản lý đối tượng do Bộ Lao động - Thương binh và Xã hội quản lý.
2. Thanh tra, kiểm tra việc thực hiện quy định của pháp luật về trách nhiệm tham gia bảo hiểm y tế.”.
5. Sửa đổi, bổ sung khoản 2 Điều 8 như sau:
“2. Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương có trách nhiệm sau đây:
a) Thực hiện quản lý nhà nước về bảo hiểm y tế tại địa phương;”.
6. Sửa đổi, bổ sung khoản 1 Điều 11 như sau: “1. Chậm đóng, trốn đóng bảo hiểm y tế.”.
7. Bãi bỏ khoản 3 Điều 13.
Điều 2. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.
"""


def _outline(node, depth=0):
    out = []
    for child in node.children:
        if child.kind in ("header",):
            continue
        out.append(("  " * depth) + f"{child.kind} {child.label or ''}".rstrip())
        out.extend(_outline(child, depth + 1))
    return out


def _txt_tree(text: str) -> Document:
    """The tree of *text*, one paragraph a line (as a DOCX gives them)."""
    from pipeline.model import Block, Loc

    blocks, at = [], 0
    for k, line in enumerate(text.splitlines()):
        blocks.append(Block("paragraph", line, Loc(None, k, at, at + len(line))))
        at += len(line) + 1
    doc = Document(Source("x.docx", "0" * 64, "docx"), blocks, text)
    segment(doc)
    return doc


def test_the_wording_an_amending_clause_quotes_is_its_content():
    assert _outline(_txt_tree(AMENDING).root) == [
        "article Điều 1",
        "  clause 3",
        "    point b",
        "      paragraph",  # "4. Ban hành …”." the quoted khoản 4, not a clause 4 of Điều 1
        "  clause 4",
        "    paragraph",  # "1. Chỉ đạo …" of the quoted Điều 7a
        "    paragraph",
        "  clause 5",
        "    paragraph",  # "“2. Ủy ban nhân dân tỉnh …" quoted on the line after "như sau:"
        "    paragraph",
        "  clause 6",
        "  clause 7",
        "article Điều 2",
        "  clause 1",
    ]


def test_a_quotation_never_closed_ends_at_the_quoting_clauses_next_clause():
    # Thông tư 06/2021/TT-BLĐTBXH: "14. Sửa đổi Điều 16 như sau: “Điều 16. …" has no closing mark
    # before "15. Sửa đổi khoản 1 Điều 17 …": clauses 15 … 29 were read as the quotation's
    doc = _txt_tree(AMENDING.replace("trách nhiệm tham gia bảo hiểm y tế.”.", "trách nhiệm tham gia bảo hiểm y tế."))
    assert _outline(doc.root) == _outline(_txt_tree(AMENDING).root)


def test_a_quotation_never_closed_ends_at_the_next_article():
    text = AMENDING.replace("7. Bãi bỏ khoản 3 Điều 13.\n", "7. Bổ sung Điều 13a như sau: “Điều 13a. Quỹ bảo hiểm y tế\n"
                            "1. Quỹ bảo hiểm y tế được quản lý tập trung, thống nhất.\n")
    assert _outline(_txt_tree(text).root)[-4:] == ["  clause 7", "    paragraph", "article Điều 2", "  clause 1"]


def test_a_quoted_clause_of_the_same_number_stays_quoted():
    # "b) … khoản 3 và khoản 4 như sau: “3. …" / "4. …": a clause 4 inside point b's quotation,
    # not the quoting text's own (point b is followed by c, not by a clause)
    point_b = _txt_tree(AMENDING).root.children[1].children[0].children[0]
    assert point_b.label == "b" and [c.text[:2] for c in point_b.children] == ["4."]


def test_a_quoting_clause_has_no_title():
    clause4 = _txt_tree(AMENDING).root.children[1].children[1]
    assert clause4.label == "4" and clause4.title is None


# Nghị định 134/2026/NĐ-CP and 134's Điều 3 (congbao-8chude): an amending article or clause that names
# what it amends without "như sau", its new wording quoted on the next lines.
GAZETTE_AMENDING = """\
Điều 1. Sửa đổi, bổ sung Điều 1
“Điều 1. Phạm vi điều chỉnh
1. Nghị định này quy định chi tiết một số điều của Luật Sở hữu trí tuệ:
a) Việc phát sinh quyền tác giả, quyền liên quan;
2. Nghị định này quy định biện pháp để tổ chức, hướng dẫn thi hành Luật Sở hữu trí tuệ.”.
Điều 2. Sửa đổi, bổ sung một số điểm của Điều 5
1. Bổ sung điểm p1 vào sau điểm p khoản 2:
“p1) Xây dựng, quản lý hệ thống cơ sở dữ liệu chuyên ngành về quyền tác giả;”.
2. Sửa đổi, bổ sung các điểm q, r khoản 2:
“q) Quản lý và tổ chức thực hiện hoạt động giám định về quyền tác giả;
r) Chủ trì, phối hợp với các cơ quan nhà nước có thẩm quyền liên quan.”.
Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.
"""


def test_the_wording_an_amending_heading_quotes_without_nhu_sau_is_its_content():
    assert _outline(_txt_tree(GAZETTE_AMENDING).root) == [
        "article Điều 1",
        "  paragraph",  # "“Điều 1. Phạm vi điều chỉnh" and the quoted article's clauses and point
        "  paragraph",
        "  paragraph",
        "  paragraph",
        "article Điều 2",
        "  clause 1",
        "    paragraph",
        "  clause 2",
        "    paragraph",
        "    paragraph",  # "r) …" of the quoted points, not a point of clause 2
        "article Điều 3",
        "  paragraph",
    ]


def test_an_amending_heading_followed_by_its_own_clauses_keeps_them():
    # "Điều 2. Sửa đổi, bổ sung một số điểm của Điều 5" / "1. Bổ sung …": no quotation opens
    doc = _txt_tree(GAZETTE_AMENDING)
    article2 = next(n for n in doc.root.children if n.label == "Điều 2")
    assert article2.title == "Sửa đổi, bổ sung một số điểm của Điều 5"
    assert [c.kind for c in article2.children] == ["clause", "clause"]


def test_a_quoted_clause_that_closes_the_quotation_stays_quoted():
    # Nghị định 372/2025/NĐ-CP, Điều 1: the quoted Điều 3's clause 2 follows the quoting clause 1 and
    # was read as the amending article's clause 2 (two clauses 2 and two clauses 3 followed)
    text = ("Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 112/2021/NĐ-CP\n"
            "1. Sửa đổi, bổ sung Điều 3 như sau:\n"
            "“Điều 3. Giấy phép hoạt động dịch vụ đưa người lao động Việt Nam đi làm việc ở nước ngoài\n"
            "1. Giấy phép hoạt động dịch vụ do Bộ trưởng Bộ Nội vụ cấp cho doanh nghiệp.\n"
            "2. Giấy phép được cấp theo Mẫu số 01 Phụ lục I ban hành kèm theo Nghị định này.”\n"
            "2. Sửa đổi, bổ sung khoản 1 và khoản 3 Điều 4 như sau:\n"
            "“1. Doanh nghiệp bố trí nhân viên nghiệp vụ có trình độ chuyên môn từ cao đẳng trở lên.\n"
            "3. Chi nhánh được doanh nghiệp dịch vụ giao nhiệm vụ phải có nhân viên nghiệp vụ.”.\n"
            "3. Bãi bỏ khoản 4 Điều 7.\n")
    assert _outline(_txt_tree(text).root) == [
        "article Điều 1", "  clause 1", "    paragraph", "    paragraph", "    paragraph",
        "  clause 2", "    paragraph", "    paragraph", "  clause 3"]


def test_a_headings_title_on_its_next_lines_is_its_title():
    # a document's separate paragraphs (DOCX, a web page's Markdown, a gazette text): "Chương II" /
    # "QUẢN LÝ, VẬN HÀNH, KHAI THÁC …" / "… THƯ ĐIỆN TỬ CÔNG VỤ" (tnt305 and congbao-8chude decrees);
    # a labelled line ("A. LĨNH VỰC LUẬT SƯ" under "Phần I", NQ 6616/2026) is no title but a heading of its own
    text = ("Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy định này quy định việc quản lý thư điện tử.\n"
            "Chương II\nQUẢN LÝ, VẬN HÀNH, KHAI THÁC VÀ SỬ DỤNG\nHỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ\n"
            "Điều 2. Quản lý hệ thống\nSở Khoa học và Công nghệ quản lý hệ thống.\n"
            "Phần III\nA. LĨNH VỰC LUẬT SƯ\nĐiều 3. Hiệu lực thi hành\nQuy định này có hiệu lực từ ngày ký.\n")
    doc = _txt_tree(text)
    heads = [n for n in doc.root.children if n.kind in ("chapter", "part")]
    assert [(n.label, n.title) for n in heads] == [
        ("Chương I", "QUY ĐỊNH CHUNG"),
        ("Chương II", "QUẢN LÝ, VẬN HÀNH, KHAI THÁC VÀ SỬ DỤNG HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ"),
        ("Phần III", None)]
    assert [c.kind for c in heads[0].children] == ["article"]
    assert heads[1].text == "Chương II QUẢN LÝ, VẬN HÀNH, KHAI THÁC VÀ SỬ DỤNG HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ"


def test_a_long_heading_in_capitals_with_its_note_opens_an_attached_text():
    # tnt305 f40e7ad0: the attached procedure's heading is over 200 characters (270 there), the usual bound
    heading = ("QUY TRÌNH RÀ SOÁT ĐỐI TƯỢNG, QUY ĐỊNH ĐỐI TƯỢNG ƯU TIÊN THỰC HIỆN DỰ ÁN 1, DỰ ÁN 2 CHƯƠNG TRÌNH MỤC "
               "TIÊU QUỐC GIA PHÁT TRIỂN KINH TẾ - XÃ HỘI VÙNG ĐỒNG BÀO DÂN TỘC THIỂU SỐ VÀ MIỀN NÚI GIAI ĐOẠN "
               "2021-2025 TRÊN ĐỊA BÀN THÀNH PHỐ")
    text = ("Điều 1. Ban hành kèm theo Quyết định này quy trình rà soát đối tượng.\n"
            "Điều 2. Quyết định có hiệu lực thi hành kể từ ngày 04 tháng 12 năm 2025.\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thanh Bình\n"
            f"{heading}\n(Ban hành kèm theo Quyết định số 125/2025/QĐ-UBND)\nChương I\nQUY ĐỊNH CHUNG\n"
            "Điều 1. Phạm vi điều chỉnh\nQuy trình này quy định việc rà soát đối tượng.\n")
    assert len(heading) > 200
    doc = _txt_tree(text)
    assert [a.doc_type for a in doc.attachments] == ["Quy trình"]
    attachment = next(n for n in doc.root.children if n.kind == "attachment")
    assert [c.kind for c in attachment.children] == ["paragraph", "chapter"]


def test_an_amending_heading_is_read_on_a_heading_not_on_pages_of_text():
    # the heading pattern's two runs of words take time quadratic in a block without a stop: a block of
    # pages (a damaged or hostile file) is no heading and is not tried
    from pipeline.model import Node
    from pipeline.segment.quotes import Quotes

    quotes = Quotes()
    quotes.placed(Node("article-1", "article"), "Điều 1. Sửa đổi, bổ sung khoản 4 của Điều 5")
    assert quotes.announced is not None
    quotes.placed(Node("article-2", "article"), "Điều 2. Sửa đổi " + "Điều 1 khoản 2 " * 10000)
    assert quotes.announced is None


@pytest.mark.parametrize("title_line, title", [
    # tnt305 c257b50e, 01bf9d04, f40e7ad0: a bold heading cut in two paragraphs after the label
    ("Trong phiên thu nhận dữ liệu viễn thám", "Trong phiên thu nhận dữ liệu viễn thám"),
    ("Khuyến khích thực hiện các hoạt động sau trong tổ chức lễ cưới",
     "Khuyến khích thực hiện các hoạt động sau trong tổ chức lễ cưới"),
    # negative: the article's first sentence, a list's lead-in, a clause
    ("Quyết định có hiệu lực thi hành kể từ ngày 04 tháng 12 năm 2025.", None),
    ("Ban hành kèm theo Quyết định này các văn bản sau:", None),
    ("1. Khi quá trình thu tín hiệu diễn ra, cán bộ kỹ thuật phải theo dõi", None),
])
def test_an_articles_title_in_the_paragraph_after_its_bare_label(title_line, title):
    doc = _txt_tree(f"Điều 1.\n{title_line}\n1. Cán bộ kỹ thuật theo dõi tín hiệu.\nĐiều 2. Hiệu lực\n")
    article = next(n for n in doc.root.children if n.label == "Điều 1")
    assert article.title == title
    assert (article.text == f"Điều 1. {title_line}") is (title is not None)
