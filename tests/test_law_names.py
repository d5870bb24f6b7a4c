"""Laws cited by name: where the name ends ("và" inside a catalogued name, or joining two laws) and
which law owns the number after an amending law's name. Sentences from the corpus."""
from __future__ import annotations

import re

import pytest

from extractors.references import Context, references_in
from pipeline.model import Node
from pipeline.text import nfc
from pipeline.vocab import law_name_rows

CTX = Context(place=None, issuer=None)


def _laws(text: str) -> list[tuple[str, str | None, str | None]]:
    node = Node("n", "paragraph", text=nfc(text))
    return [(r["title"], r["number"], r["issued_date"]) for r in references_in(node, CTX, in_header=False)
            if r["doc_type"] in ("Luật", "Bộ luật", "Pháp lệnh")]


@pytest.mark.parametrize("row", law_name_rows(), ids=lambda r: r["name"][:30])
def test_catalogued_name_is_read_whole(row):
    titles = [t.casefold() for t, _, _ in _laws(row["example"])]
    assert row["name"].casefold() in titles, titles


CASES = [
    # "và" inside a catalogued name; the number and date after it are the law's
    ("Căn cứ Luật Phí và lệ phí số 97/2015/QH13;", [("Phí và lệ phí", "97/2015/QH13", None)]),
    ("Căn cứ Luật Hỗ trợ doanh nghiệp nhỏ và vừa ngày 12 tháng 6 năm 2017;",
     [("Hỗ trợ doanh nghiệp nhỏ và vừa", None, "2017-06-12")]),
    ("83, khoản 1 Điều 108 Luật Địa chất và khoáng sản số 54/2024/QH15 được sửa",
     [("Địa chất và khoáng sản", "54/2024/QH15", None)]),
    ("biện pháp để tổ chức, hướng dẫn thi hành Luật Tiêu chuẩn và Quy chuẩn kỹ thuật.",
     [("Tiêu chuẩn và Quy chuẩn kỹ thuật", None, None)]),
    # "và" after a name the catalogue does not hold ends it
    ("đã cấp khác với mục đích sử dụng đất theo phân loại đất quy định tại Điều 9 của Luật Đất đai và quy "
     "định tại Nghị định số 102/2024/NĐ-CP", [("Đất đai", None, None)]),
    ("2 Điều 8 của Luật Dẫn độ và Điều này, trừ trường hợp có thỏa thuận khác.", [("Dẫn độ", None, None)]),
    # what the citing sentence says the law holds is no part of its name (NĐ 152/2026/NĐ-CP, TT 01/2024/TT-BKHĐT)
    ("đối tượng được quy định tại Điều 3 Luật Thi hành án dân sự bao gồm Kho bạc Nhà nước",
     [("Thi hành án dân sự", None, None)]),
    ("theo quy định của Luật Đấu thầu, bao gồm: gói thầu", [("Đấu thầu", None, None)]),
    ("Pháp lệnh Bà mẹ Việt Nam anh hùng gồm các đối tượng", [("Bà mẹ Việt Nam anh hùng", None, None)]),
    # "và" joining two laws nested in an amending law's name
    ("điều của Luật Cán bộ, công chức và Luật Viên chức; Luật Doanh nghiệp",
     [("Cán bộ, công chức", None, None), ("Viên chức", None, None), ("Doanh nghiệp", None, None)]),
    # the number after an amending law's name is the amending law's …
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật số 87/2025/QH15;",
     [("sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật", "87/2025/QH15", None),
      ("Ban hành văn bản quy phạm pháp luật", None, None)]),
    ("Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 46/2014/QH13",
     [("sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế", "46/2014/QH13", None), ("Bảo hiểm y tế", None, None)]),
    # … unless the nested law's description goes on, or another law follows it on the list
    ("Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 25/2008/QH12 đã được sửa "
     "đổi, bổ sung một số điều theo Luật số 32/2013/QH13",
     [("sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế", None, None), ("Bảo hiểm y tế", "25/2008/QH12", None),
      (None, "32/2013/QH13", None)]),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15",
     [("sửa đổi, bổ sung một số điều của Luật Đất đai", None, None), ("Đất đai", "31/2024/QH15", None),
      ("Nhà ở", "27/2023/QH15", None)]),
    # an amending law's name that amends an appendix as well
    ("Luật sửa đổi, bổ sung một số điều và Phụ lục Danh mục chỉ tiêu thống kê quốc gia của Luật Thống kê ngày "
     "12 tháng 11 năm 2021",
     [("sửa đổi, bổ sung một số điều và Phụ lục Danh mục chỉ tiêu thống kê quốc gia của Luật Thống kê", None,
       "2021-11-12"), ("Thống kê", None, None)]),
]


@pytest.mark.parametrize("text,laws", CASES, ids=[c[0][:40] for c in CASES])
def test_law_name_and_number(text, laws):
    assert _laws(text) == laws


def test_a_catalogued_name_ends_where_it_ends():
    """congbao-8chude/txt/thong-tu-so-20-2021-tt-bldtbxh-36477.txt: nothing after the name is the name's."""
    text = ("1. Doanh nghiệp đề nghị cấp Giấy phép theo Điều 12 Luật Người lao động \nViệt Nam đi làm việc ở nước "
            "ngoài theo hợp đồng thao tác như sau: ")
    assert _laws(text) == [("Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng", None, None)]


# Laws named in lower case (sentences of the corpus): read when a catalogued name, the law's QH number
# or a citing formula ("Căn cứ", "thi hành", "một số điều của", "của", "theo", "tại") makes them laws
LOWER_CASE = [
    ("Căn cứ Luật ban hành văn bản quy phạm pháp luật ngày 22/6/2015;",
     [("Ban hành văn bản quy phạm pháp luật", None, "2015-06-22")]),
    ("Căn cứ Luật tổ chức chính quyền địa phương số 72/2025/QH15, từ 01/7/2025 không",
     [("Tổ chức chính quyền địa phương", "72/2025/QH15", None)]),
    ("quy định chi tiết và biện pháp thi hành Luật giám định tư pháp; - Thông tư số 11/2020/TT-BTP",
     [("Giám định tư pháp", None, None)]),
    ("quy định chi tiết thi hành một số điều của Luật ngân sách nhà nước;", [("Ngân sách nhà nước", None, None)]),
    ("không thuộc phạm vi hệ thống quy hoạch quốc gia theo Luật quy hoạch** (Bao gồm toàn bộ các công việc",
     [("Quy hoạch", None, None)]),
    ("- Chịu trách nhiệm theo quy định tại Điều 81 Luật đấu thầu số 22/2023/QH15.", [("Đấu thầu", "22/2023/QH15", None)]),
    ("theo quy định của luật Thống  kê và các văn bản pháp quy khác.", [("Thống kê", None, None)]),
    ("theo quy định của luật Phòng, chống ma túy: 1986 người;", [("Phòng, chống ma túy", None, None)]),
    ("quy định chi tiết một số điều và biện pháp thi hành Luật bảo vệ dữ liệu cá nhân Cơ quan, tổ chức, cá nhân nộp",
     [("Bảo vệ dữ liệu cá nhân", None, None)]),
    ("sửa đổi, bổ sung một số điều của Luật tổ chức Chính phủ và Luật tổ chức chính quyền địa phương ngày 22",
     [("Tổ chức Chính phủ", None, None), ("Tổ chức chính quyền địa phương", None, None)]),
    # the common noun, and a "Luật" that stands for laws in general, are no reference
    ("được thành lập theo pháp  luật Việt Nam;", []),
    ("hình thức xử lý kỷ luật Đảng tương ứng với các hình thức", []),
    ("theo quy định của pháp luật.", []),
    ("Rà soát các văn bản quy phạm pháp luật có liên quan đến Luật thuộc thẩm quyền quản lý nhà nước", []),
    ("**Điều 9.** **Luật áp dụng và giải quyết tranh chấp**", []),
    ("b) Luật gia, luật sư, chuyên gia, nhà khoa học", []),
    ("góp phần đưa Luật vào cuộc sống hiệu quả.", []),
    ("- Các nội dung hỗ trợ thị hành Luật bao gồm:", []),
    ("có trách nhiệm xây dựng kế hoạch chi tiết triển khai thi hành Luật trong phạm vi quản lý của sở", []),
    ("Chính phủ đã trình QH dự án Luật tại Tờ trình số 1039/TTr-CP ngày 07/11/2025", []),
    ("theo quy định của Luật này, trừ trường hợp", []),
    ("của Luật doanh nghiệp, hợp tác xã được thành lập và hoạt động theo quy định của", []),
    # a catalogued name cut where the gazette's page line ended (congbao-8chude/pdf/quyet-dinh-so-135-qd-bldtbxh-41357)
    ("quy định chi tiết một số điều và biện pháp thi hành Luật ban hành văn bản quy", []),
]


@pytest.mark.parametrize("text,laws", LOWER_CASE, ids=[c[0][:40] for c in LOWER_CASE])
def test_law_named_in_lower_case(text, laws):
    assert _laws(text) == laws


# "và" inside a name the catalogue does not hold: the name goes on only when lower-case words that
# name no document run straight into the law's number or date (the catalogue left out to show it)
AND_UNCATALOGUED = [
    ("Căn cứ Luật Giáo dục quốc phòng và an ninh ngày 19 tháng 6 năm 2013;",
     [("Giáo dục quốc phòng và an ninh", None, "2013-06-19")]),
    ("83, khoản 1 Điều 108 Luật Địa chất và khoáng sản số 54/2024/QH15 được sửa",
     [("Địa chất và khoáng sản", "54/2024/QH15", None)]),
    ("Căn cứ Luật Bảo vệ và kiểm dịch thực vật số 41/2013/QH13;", [("Bảo vệ và kiểm dịch thực vật", "41/2013/QH13", None)]),
    ("Căn cứ Luật Hỗ trợ doanh nghiệp nhỏ và vừa ngày 12 tháng 6 năm 2017;",
     [("Hỗ trợ doanh nghiệp nhỏ và vừa", None, "2017-06-12")]),
    ("Luật Thống kê và Nghị định số 94/2022/NĐ-CP ngày 07 tháng 11 năm 2022", [("Thống kê", None, None)]),
    ("Luật Cán bộ, công chức và Luật Viên chức ngày 25 tháng 11 năm 2019",
     [("Cán bộ, công chức", None, None), ("Viên chức", None, "2019-11-25")]),
    ("khoản 2 Điều 89 của Luật Đấu thầu và bị loại.", [("Đấu thầu", None, None)]),
    ("Luật Bảo hiểm xã hội năm 2014 và điểm a khoản 2 Điều 2 Nghị định số 33/2016/NĐ-CP ngày 10",
     [("Bảo hiểm xã hội", None, None)]),
    ("của Luật Bảo vệ và kiểm dịch thực vật, Luật Trồng trọt và sửa đổi, bổ sung một số điều của các thông tư",
     [("Bảo vệ", None, None), ("Trồng trọt", None, None)]),
]


@pytest.mark.parametrize("text,laws", AND_UNCATALOGUED, ids=[c[0][:40] for c in AND_UNCATALOGUED])
def test_and_inside_an_uncatalogued_name(text, laws, monkeypatch):
    import extractors.references as references

    monkeypatch.setattr(references, "_known_law_name", lambda: re.compile(r"(?!)"))
    assert _laws(text) == laws
