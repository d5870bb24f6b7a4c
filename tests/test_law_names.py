"""Laws cited by name: where the name ends ("và" inside a catalogued name, or joining two laws) and
which law owns the number after an amending law's name. Sentences from the corpus."""
from __future__ import annotations

import pytest

from extractors.references import Context, references_in
from pipeline.model import Node
from pipeline.text import nfc
from pipeline.vocab import law_name_rows

CTX = Context(place=None, issuer=None)


def _laws(text: str) -> list[tuple[str, str | None, str | None]]:
    node = Node("n", "paragraph", text=nfc(text))
    return [(r["title"], r["number"], r["issued_date"]) for r in references_in(node, CTX, in_header=False)
            if r["doc_type"] in ("Luật", "Bộ luật")]


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
