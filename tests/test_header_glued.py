"""Headers that saved web pages glued together: a type heading run into its title, an authority
line run onto the end of a capitals title, layout-table cells flattened into one " | " line."""
from __future__ import annotations

import pytest

from pipeline.notation.markers import doc_type_heading, split_authority


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


@pytest.mark.parametrize("line, expected", [
    ("TL. CHỦ TỊCH", ("", "TL. CHỦ TỊCH")),
    ("- Như trên; CHÁNH VĂN PHÒNG", ("- Như trên;", "CHÁNH VĂN PHÒNG")),
    ("- Như Điều 3; TM. ỦY BAN NHÂN DÂN", ("- Như Điều 3;", "TM. ỦY BAN NHÂN DÂN")),
    ("- Lưu: VT, VX2. PHÓ CHỦ TỊCH", ("- Lưu: VT, VX2.", "PHÓ CHỦ TỊCH")),
    ("- Chủ tịch UBND tỉnh;", ("- Chủ tịch UBND tỉnh;", None)),
    ("- Các Bộ, cơ quan ngang Bộ;", ("- Các Bộ, cơ quan ngang Bộ;", None)),
    ("- UBND các huyện, TP;", ("- UBND các huyện, TP;", None)),
])
def test_signing_words_flattened_onto_recipients(line, expected):
    from pipeline.notation.markers import signature_tail

    assert signature_tail(line) == expected


def test_two_column_closing_read_as_lines(tmp_path):
    from pipeline.convert import convert

    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/UBND-NC\nLâm Đồng, ngày 5 tháng 2 năm 2026\nV/v triển khai thực hiện\n"
            "Công văn số 427/BCA-C04\ncủa Bộ Công an\nKính gửi: Công an tỉnh\n\n"
            "Ủy ban nhân dân tỉnh nhận được Công văn số 427/BCA-C04 ngày 02/02/2026 của Bộ Công an về việc rà soát.\n"
            "Nơi nhận: TL. CHỦ TỊCH\n- Như trên; CHÁNH VĂN PHÒNG\n- Chủ tịch UBND tỉnh;\n- Lưu: VT, NC.\nĐỗ Tấn Sương\n")
    path = tmp_path / "cv.txt"
    path.write_text(text, encoding="utf-8")
    d = convert(str(path))["document"]
    assert d["title"] == "Triển khai thực hiện Công văn số 427/BCA-C04 của Bộ Công an"
    assert d["recipients"] == ["Như trên", "Chủ tịch UBND tỉnh", "Lưu: VT, NC"]
    assert (d["signer"], d["signer_capacity"], d["signer_position"]) == ("Đỗ Tấn Sương", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")


@pytest.mark.parametrize("between", ["Hà Nội, ngày 12 tháng 9 năm 2025\n", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"])
def test_wrapped_subject_ends_at_the_header_or_the_salutation(tmp_path, between):
    from pipeline.convert import convert

    text = ("BỘ NỘI VỤ\nSố: 11902/BNV-TCPCP\nV/v báo cáo tình hình tổ chức,\nhoạt động và quản lý hội ở\n"
            f"địa phương năm 2025\n{between}Kính gửi: Ủy ban nhân dân các tỉnh\n\n"
            "Thực hiện chức năng quản lý nhà nước về hội, Bộ Nội vụ đề nghị các địa phương báo cáo tình hình hội.\n")
    path = tmp_path / "cv.txt"
    path.write_text(text, encoding="utf-8")
    assert convert(str(path))["document"]["title"] == "Báo cáo tình hình tổ chức, hoạt động và quản lý hội ở địa phương năm 2025"


def test_a_law_without_a_header_date_takes_its_adoption_date(tmp_path):
    from pipeline.convert import convert

    text = ("QUỐC HỘI\nLuật số: 51/2024/QH15\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "LUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
            "Điều 1. Sửa đổi, bổ sung một số điều\nNội dung sửa đổi.\nĐiều 2. Hiệu lực thi hành\n"
            "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.\n"
            "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 8 "
            "thông qua ngày 27 tháng 11 năm 2024.\n")
    path = tmp_path / "luat.txt"
    path.write_text(text, encoding="utf-8")
    out = convert(str(path))
    assert out["document"]["issued_date"] == "2024-11-27"
    assert any(w["code"] == "date_from_adoption" for w in out["warnings"])
    decree = path.with_name("nd.txt")  # a decree has its date in the header: the rule does not apply
    decree.write_text(text.replace("LUẬT\n", "NGHỊ ĐỊNH\n").replace("Luật số", "Số"), encoding="utf-8")
    assert convert(str(decree))["document"]["issued_date"] is None


def test_recipients_end_where_prose_resumes(tmp_path):
    from pipeline.convert import convert

    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/QĐ-UBND\nLâm Đồng, ngày 5 tháng 2 năm 2026\n\nQUYẾT ĐỊNH\n"
            "Về việc công bố thủ tục hành chính\n\nĐiều 1. Công bố kèm theo Quyết định này thủ tục hành chính.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n"
            "Nơi nhận:\n- Như Điều 2;\n- Văn phòng Chính phủ;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn A\n\n"
            "Thủ tục đăng ký hộ kinh doanh gồm các bước sau đây, thực hiện tại cơ quan đăng ký kinh doanh cấp xã:\n"
            "- Nộp hồ sơ đăng ký;\n- Nhận kết quả.\n")
    path = tmp_path / "qd.txt"
    path.write_text(text, encoding="utf-8")
    assert convert(str(path))["document"]["recipients"] == ["Như Điều 2", "Văn phòng Chính phủ", "Lưu: VT"]
