"""Headers that saved web pages glued together: a type heading run into its title, an authority
line run onto the end of a capitals title, layout-table cells flattened into one " | " line."""
from __future__ import annotations

import pytest

from pipeline.segment.markers import doc_type_heading, split_authority


@pytest.mark.parametrize("text, expected", [
    ("NGHỊ QUYẾTVề việc sắp xếp các đơn vị hành chính", ("Nghị quyết", "Về việc sắp xếp các đơn vị hành chính")),
    ("NGHỊ ĐỊNHQuy định xử phạt vi phạm hành chính", ("Nghị định", "Quy định xử phạt vi phạm hành chính")),
    ("QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH QUY CHẾ", ("Quyết định", "VỀ VIỆC BAN HÀNH QUY CHẾ")),
    ("QUYẾT ĐỊNH", ("Quyết định", "")),
    ("Quyết định số 15/QĐ-UBND", None),        # a mention, not a heading
    ("NGHỊ QUYẾTX", None),                     # no lower-case word starts after the name
])
def test_type_heading(text, expected):
    assert doc_type_heading(text) == expected


@pytest.mark.parametrize("title, expected", [
    ("VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN CỦA SỞ TÀI CHÍNH CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
     ("VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN CỦA SỞ TÀI CHÍNH",
      "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ")),
    ("VỀ VIỆC BAN HÀNH LỊCH PHỔ BIẾN THÔNG TIN THỐNG KÊ NĂM 2026 CỦA BỘ NỘI VỤ BỘ TRƯỞNG BỘ NỘI VỤ",
     ("VỀ VIỆC BAN HÀNH LỊCH PHỔ BIẾN THÔNG TIN THỐNG KÊ NĂM 2026 CỦA BỘ NỘI VỤ", "BỘ TRƯỞNG BỘ NỘI VỤ")),
    # the body is part of the title when a linking word joins it
    ("QUY ĐỊNH THẨM QUYỀN CỦA ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", ("QUY ĐỊNH THẨM QUYỀN CỦA ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", None)),
    ("Về việc giao nhiệm vụ cho Chủ tịch Ủy ban nhân dân tỉnh", ("Về việc giao nhiệm vụ cho Chủ tịch Ủy ban nhân dân tỉnh", None)),
    ("BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023", ("BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023", None)),
])
def test_authority_glued_to_a_title(title, expected):
    assert split_authority(title) == expected


def test_flattened_header_row_and_glued_title_in_markdown(tmp_path):
    from pipeline.convert import convert

    page = ("CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc--------------- |\n"
            "Số: 158/2025/NĐ-CP | Hà Nội, ngày 30 tháng 6 năm 2025 |\n|\n\n**NGHỊ ĐỊNH**\n\n"
            "**Quy định chi tiết một số điều của Luật Bảo hiểm xã hội**\n\n*Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;*\n\n"
            "**Chương I**\n\n**NHỮNG QUY ĐỊNH CHUNG**\n\n**Điều 1. Phạm vi điều chỉnh**\n\nNghị định này quy định chi tiết.\n\n"
            "**Điều 2. Đối tượng áp dụng**\n\nNgười lao động.\n\n|\n")
    path = tmp_path / "nd.md"
    path.write_text(page, encoding="utf-8")
    out = convert(str(path))
    d = out["document"]
    assert (d["doc_type"], d["number"], d["issued_date"], d["issuer"]) == ("Nghị định", "158/2025/NĐ-CP", "2025-06-30", "Chính phủ")
    assert d["title"] == "Quy định chi tiết một số điều của Luật Bảo hiểm xã hội"
    kinds = [c["kind"] for c in out["structure"]["children"]]
    assert "chapter" in kinds and "table" not in kinds  # the stray "|" lines do not make the body a table cell
