"""The zone splitter (segment/zones.py) on the opening blocks of corpus documents: where the header
ends, which of its blocks are its lines, its type heading, its title and its authority line; and the
closing's Phase, step by step."""
from __future__ import annotations

import pytest

from pipeline.model import Block, Cell, Loc, Table
from pipeline.segment.header import read_header
from pipeline.segment.zones import (
    ClosingLine,
    ClosingRead,
    ClosingReading,
    Container,
    Phase,
    closing_line,
    signature_ahead,
    split_container_header,
    split_header,
)


def _blocks(*texts: str) -> list[Block]:
    out, at = [], 0
    for k, text in enumerate(texts):
        out.append(Block("paragraph", text, Loc(None, k, at, at + len(text))))
        at += len(text) + 1
    return out


MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# (document, its opening blocks, index of the body's first block, type heading, title lines,
#  roles of the header's paragraphs)
CASES = [
    ("congbao-8chude/txt/luat-so-69-2020-qh14-32699",
     ["QUỐC HỘI", "Luật số: 69/2020/QH14", *MOTTO,
      "LUẬT NGƯỜI LAO ĐỘNG VIỆT NAM ĐI LÀM VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG",
      "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"],
     5, "Luật", ["NGƯỜI LAO ĐỘNG VIỆT NAM ĐI LÀM VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG"], [None, None, None, None, "type"]),
    ("tnt305-legal-md/docs/86bfc6829840b0c8",
     ["Số: 1671/NQ-UBTVQH15", "NGHỊ QUYẾT", "Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Lâm Đồng năm 2025",
      "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam đã được sửa đổi, "
      "bổ sung một số điều theo Nghị quyết số 203/2025/QH15;"],
     4, "Nghị quyết", ["Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Lâm Đồng năm 2025"],
     [None, "type", "title", "authority"]),
    ("vbai-lamdong-ubnd/…/BÁO CÁO ĐỀ ÁN 06 thang 9",
     ["UBND TỈNH LÂM ĐỒNG", "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO,", "CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06",
      "Số: /BC-BCĐ", *MOTTO, "Lâm Đồng, ngày tháng năm 2025", "BÁO CÁO",
      "Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 9/2025",
      "Thực hiện Quyết định số 06/QĐ-TTg, ngày 06/01/2022 của Thủ tướng Chính phủ về việc phê duyệt Đề án."],
     9, "Báo cáo", ["Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 9/2025"], [None] * 7 + ["type", "title"]),
    # a công văn: no type heading; its V/v subject wrapped onto a second line, up to the salutation
    ("vbai-lamdong-ubnd/…/2025-9-08 - CV 3980 BCA Ctrinh MTQG phong chong ma tuy",
     ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", *MOTTO, "Số: /UBND-NC", "Lâm Đồng, ngày tháng 9 năm 2025",
      "V/v tham mưu triển khai Công", "văn số 3980/C04-P6 của Cục Cảnh sát điều tra tội phạm về ma túy",
      "Kính gửi: Công an tỉnh"],
     8, None, [], [None] * 6 + ["subject", "subject"]),
]


@pytest.mark.parametrize("name, texts, end, doc_type, title, roles", CASES, ids=[c[0].rsplit("/", 1)[-1][:30] for c in CASES])
def test_split_header(name, texts, end, doc_type, title, roles):
    zone = split_header(_blocks(*texts))
    assert zone.end == end
    assert zone.doc_type == doc_type and zone.title == title
    assert [role for _, _, role in zone.paragraphs] == roles
    assert [text for text, _, _ in zone.paragraphs] == texts[:end]


def test_a_wrapped_subject_is_one_header_line():
    zone = split_header(_blocks(*CASES[3][1]))
    assert zone.lines[-1] == "V/v tham mưu triển khai Công văn số 3980/C04-P6 của Cục Cảnh sát điều tra tội phạm về ma túy"
    head = read_header(zone)
    assert (head.number, head.number_blank, head.date_blank, head.place) == ("/UBND-NC", True, True, "Lâm Đồng")
    assert head.subject.startswith("tham mưu triển khai Công văn số 3980")


def test_a_subject_without_the_salutation_after_it_keeps_only_its_first_line():
    # (made up from the lines above: the body begins with no "Kính gửi")
    texts = ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 1234/UBND-NC", "V/v triển khai thực hiện",
             "Kế hoạch cải cách hành chính năm 2023", "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh về cải cách hành chính."]
    zone = split_header(_blocks(*texts))
    assert zone.end == 4 and zone.lines[-1] == "V/v triển khai thực hiện"


def test_a_layout_table_holds_the_header_lines():
    cells = [[Cell(0, 0, ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 2571/QĐ-UBND"]),
              Cell(0, 1, list(MOTTO) + ["Lâm Đồng, ngày 30 tháng 12 năm 2022"])]]
    blocks = [Block("table", "", Loc(None, 0, 0, 0), table=Table.from_slots(cells)),
              *_blocks("QUYẾT ĐỊNH", "Ban hành Kế hoạch cải cách hành chính năm 2023", "Căn cứ Luật Tổ chức chính quyền địa phương;")]
    zone = split_header(blocks)
    assert zone.end == 3 and zone.doc_type == "Quyết định"
    head = read_header(zone)
    assert (head.issuer, head.number, head.issued_date) == ("UBND tỉnh Lâm Đồng", "2571/QĐ-UBND", "2022-12-30")


def test_a_document_with_no_header_has_an_empty_zone():
    zone = split_header(_blocks("Điều 1. Phạm vi điều chỉnh", "Nghị định này quy định …"))
    assert zone.end == 0 and zone.paragraphs == [] and zone.doc_type is None


# congbao-8chude: a signature block with no "Nơi nhận" beside it
GAZETTE_SIGNATURE = ["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Phạm Thị Thanh Trà"]


@pytest.mark.parametrize("texts, at, want", [
    (GAZETTE_SIGNATURE, 0, True),
    (["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "(Đã ký)", "Phạm Thị Thanh Trà"], 0, True),
    (["TM. CHÍNH PHỦ", "Điều 5. Trách nhiệm thi hành"], 0, False),     # no name follows: not a signature
    (["Chủ tịch Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành.", *GAZETTE_SIGNATURE], 0, False),
])
def test_signature_ahead(texts, at, want):
    assert signature_ahead(_blocks(*texts), at) is want


# (transitions from BODY, the phase after them)
PHASES = [
    ([], Phase.BODY),
    (["close"], Phase.CLOSING),
    (["close", "sign"], Phase.SIGNED),
    (["close", "end_list"], Phase.LISTED),
    (["close", "sign", "end_list"], Phase.DONE),
    (["close", "end_list", "sign"], Phase.DONE),
    (["close", "sign", "close"], Phase.SIGNED),      # a second "Nơi nhận" keeps what the closing has read
    (["close", "end_list", "end_list"], Phase.LISTED),
    (["close", "sign", "unsign"], Phase.COSIGNING),  # a co-signer's block after the first signature
    (["close", "end_list", "sign", "unsign"], Phase.COSIGNING_LISTED),
    (["close", "sign", "unsign", "end_list"], Phase.COSIGNING_LISTED),
    (["close", "sign", "unsign", "sign"], Phase.SIGNED),   # the co-signer's name ends the block
    (["close", "sign", "unsign", "end_list", "sign"], Phase.DONE),
]


@pytest.mark.parametrize("steps, want", PHASES, ids=[" ".join(s) or "none" for s, _ in PHASES])
def test_phase(steps, want):
    phase = Phase.BODY
    for step in steps:
        phase = getattr(phase, step)()
    assert phase is want
    assert phase.closing is (want is not Phase.BODY)
    assert phase.signed is (want in (Phase.SIGNED, Phase.DONE))
    assert phase.listed is (want in (Phase.LISTED, Phase.DONE, Phase.COSIGNING_LISTED))
    assert phase.cosigning is (want in (Phase.COSIGNING, Phase.COSIGNING_LISTED))


# The closing of congbao-8chude's gazette texts and of vbai-lamdong-ubnd's plans, line by line:
# (line, phase, signature lines so far, what the line is)
CLOSING_LINES = [
    ("- Như Điều 3;", Phase.CLOSING, 0, ClosingLine.RECIPIENT),
    ("- Lưu: VT, NC.", Phase.SIGNED, 3, ClosingLine.RECIPIENT),
    ("- Lưu: VT, NC.", Phase.LISTED, 0, None),                   # prose ended the list: a body item
    ("TM. ỦY BAN NHÂN DÂN", Phase.CLOSING, 0, ClosingLine.SIGNATURE),
    ("KT. CHỦ TỊCH", Phase.LISTED, 1, ClosingLine.SIGNATURE),
    ("PHÓ CHỦ TỊCH", Phase.CLOSING, 8, None),                    # past the lines a signature holds
    ("BỘ TRƯỞNG BỘ TÀI CHÍNH", Phase.COSIGNING, 8, ClosingLine.SIGNATURE),  # a joint circular's second signer
    ("(Đã ký)", Phase.CLOSING, 3, ClosingLine.MARK),
    ("(Đã ký)", Phase.SIGNED, 4, None),                          # after the signer: not the signature's
    ("Phạm Thị Thanh Trà", Phase.CLOSING, 3, ClosingLine.SIGNER),
    ("Nguyễn Văn Thắng", Phase.SIGNED, 4, None),                 # the signature has its signer
    ("Quyết định này có hiệu lực kể từ ngày ký.", Phase.CLOSING, 0, None),
]


@pytest.mark.parametrize("text, phase, lines, want", CLOSING_LINES,
                         ids=[f"{c[0][:20]}-{c[1].value}-{c[2]}" for c in CLOSING_LINES])
def test_closing_line(text, phase, lines, want):
    assert closing_line(text, phase, lines) is want


# (the heading's rest, the blocks from the heading on, the title, the "kèm theo" line, where the body begins)
CONTAINER_HEADERS = [
    # tnt305-legal-md/docs/24e28a864a1fdc36
    ("", ["Phụ lục", "(Ban hành kèm theo Nghị quyết số 197/2025/QH15 ngày 17/5/2025)", "1. Danh mục …"],
     [], "(Ban hành kèm theo Nghị quyết số 197/2025/QH15 ngày 17/5/2025)", 2),
    # samples/qd-2571-ubnd-lamdong-2022.txt (the seed): the plan attached to the decision, and its appendix
    ("", ["KẾ HOẠCH", "CẢI CÁCH HÀNH CHÍNH NĂM 2023",
          "(Ban hành kèm theo Quyết định số 2571/QĐ-UBND ngày 30/12/2022 của UBND tỉnh Lâm Đồng)", "I. MỤC TIÊU"],
     ["CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
     "(Ban hành kèm theo Quyết định số 2571/QĐ-UBND ngày 30/12/2022 của UBND tỉnh Lâm Đồng)", 3),
    ("", ["PHỤ LỤC", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023",
          "(Kèm theo Quyết định số 2571/QĐ-UBND ngày 30/12/2022 của UBND tỉnh Lâm Đồng)", "1.3. 100% TTHC …"],
     ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
     "(Kèm theo Quyết định số 2571/QĐ-UBND ngày 30/12/2022 của UBND tỉnh Lâm Đồng)", 3),
    ("DANH MỤC", ["PHỤ LỤC I DANH MỤC", "I. NHIỆM VỤ TRỌNG TÂM"], ["DANH MỤC"], None, 1),    # no note: the body follows
]


@pytest.mark.parametrize("rest, texts, title, note, end", CONTAINER_HEADERS, ids=[c[1][0][:20] for c in CONTAINER_HEADERS])
def test_split_container_header(rest, texts, title, note, end):
    head = split_container_header(_blocks(*texts), 0, rest)
    assert head.title == title and (head.note.text if head.note else None) == note and head.end == end


# Lines in capitals, none a name, as the gazette's attached forms print them at a form's end and the
# next one's head (congbao-8chude/txt: thong-tu-so-15-2023-tt-bldtbxh, nghi-dinh-so-155-2026-nd-cp,
# thong-tu-so-25-2026-tt-btc)
FORM_CLOSING = ["GIÁM ĐỐC", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH/THÀNH PHỐ...", "TRUNG TÂM DỊCH VỤ VIỆC LÀM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "NGƯỜI KHIẾU NẠI (HOẶC NGƯỜI ĐẠI DIỆN, NGƯỜI ĐƯỢC ỦY QUYỀN)",
                "ĐẠI DIỆN CƠ QUAN, TỔ CHỨC, CÁ NHÂN CÓ LIÊN QUAN", "NGƯỜI CÓ QUYỀN VÀ NGHĨA VỤ LIÊN QUAN",
                "NGƯỜI GHI BIÊN BẢN", "BỘ TÀI CHÍNH CỤC HẢI QUAN", "GIÁM ĐỐC"]


def test_each_container_reads_its_own_closing():
    """A signature holds at most eight lines of its own container: an attached text's closing is
    not bound by the document's lines, nor does it take every line in capitals to its end."""
    document = ClosingReading(Container.DOCUMENT, Phase.CLOSING)
    blocks = _blocks(*FORM_CLOSING)
    assert [document.read(blocks, i, True).line for i in range(8)] == [ClosingLine.SIGNATURE] * 8
    assert [document.read(blocks, i, True) for i in (8, 9)] == [None, None]
    attachment = ClosingReading(Container.ATTACHMENT, Phase.CLOSING)
    assert attachment.read(blocks, 0, True) == ClosingRead(ClosingLine.SIGNATURE, "GIÁM ĐỐC")
    assert document.zone.signature == FORM_CLOSING[:8] and attachment.zone.signature == ["GIÁM ĐỐC"]


def test_an_appendix_reads_no_signature_lines_but_its_recipients_label():
    appendix = ClosingReading(Container.APPENDIX)
    blocks = _blocks("Nơi nhận: - Như trên;", "KT. CHỦ TỊCH", "- Lưu: VT.")
    assert appendix.read(blocks, 0, True) == ClosingRead(ClosingLine.LABEL, "Nơi nhận: - Như trên;")
    assert [appendix.read(blocks, i, True) for i in (1, 2)] == [None, None]
    assert appendix.phase is Phase.CLOSING and appendix.zone.recipients == ["- Như trên;"]
