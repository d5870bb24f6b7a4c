"""Each fallback of segment/fallbacks.py on the header lines (as read) of corpus documents that need
it, and on the ones that must not borrow: a field stated is never replaced, a blank is not filled."""
from __future__ import annotations

import pytest

from pipeline.model import Loc, Node
from pipeline.segment import fallbacks as fb
from pipeline.segment.fields import Closing, Header
from pipeline.segment.header import read_attached_to, read_header
from pipeline.segment.zones import HeaderZone

# vbai-lamdong-ubnd/…/CV_CAT_177_15072025_…: an OCR'd công văn whose number OCR could not read
CV_CAT_177 = ["BỘ CÔNG AN CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "CÔNG AN TÍNH LÂM ĐÔNG Độc lập - Tự do - Hạnh phúc Số: 47 #/CAT-PA0§ Lâm Đông, ngày tháng 7 năm 2025",
              "V/v trao đồi thông tin thành viên tham gia Đội ứng cứu sự cô mạng, máy tính tỉnh Lâm Đồng"]
# vbai-lamdong-ubnd/…/CV_CAT_855_20082025_…: the place-and-date line misread ("Lâm Dông. ngày2Otháng")
CV_CAT_855 = ["BỘ CÔNG AN CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "CÔNG AN TỈNH LÂM ĐÒNG Độc lập - Tự do - Hạnh phúc Só:%CAT-PA05 Lâm Dông. ngày2Otháng 8 năm 2025"]
# vbai-lamdong-ubnd/…/2025-9-08 - CV 3980 BCA …: a draft, number and date left blank
CV_3980 = ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
           "Số: /UBND-NC", "Lâm Đồng, ngày tháng 9 năm 2025",
           "V/v tham mưu triển khai Công văn số 3980/C04-P6 của Cục Cảnh sát điều tra tội phạm về ma túy"]


def _head(lines: list[str], doc_type: str | None = None) -> Header:
    return read_header(HeaderZone(lines, doc_type=doc_type))


@pytest.mark.parametrize("lines, heading, want", [
    (["Số: 173/2025/NĐ-CP"], None, "Nghị định"),                     # tnt305-legal-md/docs/355bcc582867074b
    (["Số: 1671/NQ-UBTVQH15"], None, "Nghị quyết"),                   # tnt305-legal-md/docs/86bfc6829840b0c8
    (["Số: 2571/QĐ-UBND"], "Kế hoạch", "Kế hoạch"),                   # the heading names it: kept
    (["Số: /BC-BCĐ"], None, "Báo cáo"),                              # a number left blank keeps its symbol
])
def test_type_from_number(lines, heading, want):
    head = _head(lines, heading)
    assert fb.type_from_number(head) is None  # never a warning: the symbol is the type's abbreviation
    assert head.doc_type == want


@pytest.mark.parametrize("lines, want, warned", [
    (CV_CAT_177, "Công văn", True),
    (CV_3980, "Công văn", False),                                           # "/UBND-NC": the number says so
    (["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Lâm Đồng, ngày 30 tháng 12 năm 2022"], None, False),   # no subject line
])
def test_type_from_subject(lines, want, warned):
    head = _head(lines)
    fb.type_from_number(head)
    warning = fb.type_from_subject(head, HeaderZone(lines))
    assert head.doc_type == want and (warning is not None) == warned
    if warned:
        assert warning.code == "type_from_subject" and warning.node == "header"


def test_type_from_subject_keeps_a_stated_type():
    head = _head(CV_CAT_177, "Tờ trình")
    assert fb.type_from_subject(head, HeaderZone(CV_CAT_177)) is None and head.doc_type == "Tờ trình"


@pytest.mark.parametrize("lines, want", [
    (CV_CAT_855, "Lâm Đồng"),                         # no place-and-date line read: the issuer's province
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"], "Hải Phòng"),
    (["QUỐC HỘI", "Luật số: 69/2020/QH14"], None),    # a central body names no place
    (CV_3980, "Lâm Đồng"),                            # the place-and-date line's own
])
def test_place_from_issuer(lines, want):
    head = _head(lines)
    assert fb.place_from_issuer(head) is None
    assert head.place == want


# tnt305-legal-md/docs/24e28a864a1fdc36: a resolution published without its header, its appendix
# "(Ban hành kèm theo Nghị quyết số 197/2025/QH15 ngày 17/5/2025)"
NOTE_197 = "(Ban hành kèm theo Nghị quyết số 197/2025/QH15 ngày 17/5/2025)"


@pytest.mark.parametrize("head, want_number, want_date, warned", [
    (Header(doc_type="Nghị quyết"), "197/2025/QH15", "2025-05-17", True),
    (Header(doc_type="Quyết định"), None, None, False),                         # the line names another type
    (Header(doc_type="Nghị quyết", number="5/2025/QH15"), "5/2025/QH15", None, False),   # its own number stands
    (Header(doc_type="Nghị quyết", issued_date="2025-06-01"), None, "2025-06-01", False),
])
def test_number_from_attached_line(head, want_number, want_date, warned):
    info = read_attached_to(NOTE_197, None)
    info["node"] = "appendix-1"
    warning = fb.number_from_attached_line(head, [info])
    assert (head.number, head.issued_date) == (want_number, want_date)
    assert (warning is not None) == warned
    if warned:
        assert warning.code == "header_from_attachment" and warning.node == "appendix-1"


def _tree(*texts: str) -> Node:
    root = Node("doc", "document")
    for k, text in enumerate(texts):
        root.children.append(Node(f"p-{k + 1}", "paragraph", text=text, loc=Loc(None, k, 0, len(text))))
    return root


# congbao-8chude/txt/luat-so-69-2020-qh14-32699, article 74's last clause
ADOPTION_69 = ("Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIV, kỳ họp thứ 10 "
               "thông qua ngày 13 tháng 11 năm 2020.")


@pytest.mark.parametrize("head, want, warned", [
    (Header(doc_type="Luật", number="69/2020/QH14"), "2020-11-13", True),
    (Header(doc_type="Quyết định"), None, False),                      # not a text an elected body adopts
    (Header(doc_type="Luật", date_blank=True), None, False),           # a date the form left blank stays blank
    (Header(doc_type="Luật", issued_date="2020-11-20"), "2020-11-20", False),
])
def test_date_from_adoption(head, want, warned):
    warning = fb.date_from_adoption(head, _tree("Điều 74. Hiệu lực thi hành", ADOPTION_69))
    assert head.issued_date == want and (warning is not None) == warned
    if warned:
        assert warning.code == "date_from_adoption" and warning.node == "p-2"


@pytest.mark.parametrize("lines, want, warned", [
    (["Số: 1671/NQ-UBTVQH15"], "Ủy ban Thường vụ Quốc hội", True),
    (["Số: 173/2025/NĐ-CP"], "Chính phủ", True),
    (CV_3980, "UBND tỉnh Lâm Đồng", False),              # the header names its issuer
    (["Số: /NQ-HĐND"], None, False),                      # a blank number names no body
])
def test_issuer_from_number(lines, want, warned):
    head = _head(lines)
    warning = fb.issuer_from_number(head)
    assert head.issuer == want and (warning is not None) == warned


# vbai-lamdong-ubnd/…/BÁO CÁO ĐỀ ÁN 06 …: the signature block printed inside the body
SIGNATURE_06 = ["TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH", "Nguyễn Ngọc Phúc"]


def test_signature_from_elsewhere():
    closing = Closing()
    warning = fb.signature_from_elsewhere(closing, _tree("Trên đây là báo cáo kết quả.", *SIGNATURE_06))
    assert (closing.signer, closing.signer_capacity, closing.signer_position) == (
        "Nguyễn Ngọc Phúc", "TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN PHÓ CHỦ TỊCH UBND TỈNH")
    assert warning.code == "signature_elsewhere" and "Nguyễn Ngọc Phúc" in warning.message


def test_signature_from_elsewhere_keeps_the_closings_signer():
    closing = Closing(signer="Trần Văn Hiệp")
    assert fb.signature_from_elsewhere(closing, _tree(*SIGNATURE_06)) is None and closing.signer == "Trần Văn Hiệp"
