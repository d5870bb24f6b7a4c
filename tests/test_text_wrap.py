"""Hard-wrapped text (gazette .txt, PDF text layers): whether a text is wrapped, where its
paragraphs end, and the gazette's page breaks; cases from real lines of congbao-8chude."""
from __future__ import annotations

import pytest

from pipeline.readers.lines import Line, full_line, join_wrapped, line_width, looks_wrapped, split_lines
from pipeline.readers.txt import read_text

# Chỉ thị 21/CT-TTg (congbao-8chude), a page break inside clause II.2: the page header, its number
# and three blank lines between "… trọng tâm về công tác sắp xếp thôn, tổ dân phố và" and "bố trí, …".
CT21_PAGE_BREAK = """\
CÔNG BÁO/Số 302/Ngày 02-06-2026
71
II. TỔ CHỨC THỰC HIỆN
2. Đề nghị Ban Tuyên giáo và Dân vận Trung ương lãnh đạo, chỉ đạo,
hướng dẫn các cơ quan, tổ chức, đơn vị trong hệ thống chính trị về công tác
tuyên truyền, vận động quần chúng Nhân dân để tạo sự thống nhất cao về tư
tưởng, hành động trong toàn Đảng, hệ thống chính trị và sự đồng thuận của
Nhân dân về triển khai thực hiện sắp xếp thôn, tổ dân phố; chỉ đạo các cấp ủy,
tổ chức đảng, các cơ quan chức năng xây dựng nội dung, chương trình, hình
thức tuyên truyền phù hợp, trọng tâm về công tác sắp xếp thôn, tổ dân phố và

CÔNG BÁO/Số 302/Ngày 02-06-2026
72
 
 
bố trí, sử dụng người hoạt động không chuyên trách gắn với xây dựng chính
quyền địa phương 2 cấp và yêu cầu phát triển kinh tế - xã hội của địa phương.
3. Đề nghị Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam lãnh đạo, chỉ
đạo, hướng dẫn Ủy ban Mặt trận Tổ quốc Việt Nam các cấp sắp xếp, kiện toàn
"""


def _paragraphs(text: str) -> list[str]:
    return [b.text for b in read_text(text)[0] if b.kind == "paragraph"]


def test_a_paragraph_cut_by_a_gazette_page_goes_on_over_its_header_number_and_blanks():
    paragraphs = _paragraphs(CT21_PAGE_BREAK)
    assert paragraphs[1].startswith("2. Đề nghị Ban Tuyên giáo")
    assert paragraphs[1].endswith("trọng tâm về công tác sắp xếp thôn, tổ dân phố và bố trí, sử dụng người hoạt động "
                                  "không chuyên trách gắn với xây dựng chính quyền địa phương 2 cấp và yêu cầu phát "
                                  "triển kinh tế - xã hội của địa phương.")
    assert paragraphs[2].startswith("3. Đề nghị Ủy ban Trung ương")
    assert not any("CÔNG BÁO" in p or p in ("71", "72") for p in paragraphs)


def test_a_blank_line_away_from_a_page_break_still_ends_a_paragraph():
    text = CT21_PAGE_BREAK.replace("quyền địa phương 2 cấp và yêu cầu phát triển kinh tế - xã hội của địa phương.\n",
                                   "quyền địa phương 2 cấp và yêu cầu phát triển kinh tế - xã hội của\n\nđịa phương.\n")
    assert "địa phương." in _paragraphs(text)


def test_the_gazettes_signature_stamp_is_no_text():
    # Thông tư 19/2021/TT-BLĐTBXH: the stamp after clause 2 of Điều 2 was read as a paragraph of it
    stamp = ("Người ký: Cổng Thông tin điện tử Chính phủ\nEmail: thongtinchinhphu@chinhphu.vn\n"
             "Cơ quan: Văn phòng Chính phủ\nThời gian ký: 24.02.2022 16:00:26 +07:00\n")
    paragraphs = _paragraphs(CT21_PAGE_BREAK.replace("\nCÔNG BÁO/Số 302/Ngày 02-06-2026\n72\n", "\n" + stamp + "\n"
                                                     "CÔNG BÁO/Số 302/Ngày 02-06-2026\n72\n"))
    assert not any(p.startswith(("Người ký", "Email", "Cơ quan", "Thời gian ký")) for p in paragraphs)


# Thông tư 19/2021/TT-BLĐTBXH: its prose is wrapped at ~80 characters, its appendix (a list of
# communes, one a line) makes most of its lines short.
TT19_PROSE = [
    "Điều 1. Phạm vi điều chỉnh",
    "Thông tư này quy định Danh mục vùng có điều kiện kinh tế - xã hội đặc biệt",
    "khó khăn để làm căn cứ xác định các trường hợp có thể nghỉ hưu ở tuổi thấp hơn",
    "theo quy định tại khoản 3 Điều 169 của Bộ luật Lao động và Điều 5 Nghị định số",
    "135/2020/NĐ-CP ngày 18 tháng 11 năm 2020 của Chính phủ quy định về tuổi",
    "nghỉ hưu.",
    "Điều 3. Danh mục vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn để",
    "làm căn cứ xác định các trường hợp có thể nghỉ hưu ở tuổi thấp hơn tuổi nghỉ",
    "hưu trong điều kiện lao động bình thường",
    "Ban hành kèm theo Thông tư này Danh mục vùng có điều kiện kinh tế - xã hội",
    "đặc biệt khó khăn để làm căn cứ xác định các trường hợp có thể nghỉ hưu ở tuổi",
    "thấp hơn tuổi nghỉ hưu trong điều kiện lao động bình thường.",
    "Điều 5. Tổ chức thực hiện",
    "1. Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương có trách nhiệm",
    "chỉ đạo Sở Lao động - Thương binh và Xã hội và các cơ quan có liên quan kiểm",
    "tra, đôn đốc việc thực hiện Thông tư này.",
]
TT19_LIST = ["I. TỈNH BẮC KẠN", "1. Huyện Ba Bể", "Xã Bành Trạch", "Xã Cao Thượng", "Xã Đồng Phúc",
             "Xã Hà Hiệu", "Xã Phúc Lộc", "Xã Thượng Giáo", "2. Huyện Chợ Đồn", "Xã Bằng Lãng"] * 4


def _lines(texts: list[str]) -> list[Line]:
    return split_lines("\n".join(texts))


@pytest.mark.parametrize("texts, printed, wrapped", [
    (TT19_PROSE, False, True),
    # most lines short (the list), the gazette's prose still wrapped: re-joined
    (TT19_PROSE + TT19_LIST, True, True),
    # the same lines not known to be printed pages (an OCR's noise lines make most lines short too)
    (TT19_PROSE + TT19_LIST, False, False),
    (TT19_LIST, True, False),  # short lines only: nothing says they were cut
    # one paragraph a line (a text saved from a word processor): many lines longer than a printed line
    ([" ".join(TT19_PROSE[1:6]), " ".join(TT19_PROSE[6:9]), " ".join(TT19_PROSE[9:12]), TT19_PROSE[12],
      " ".join(TT19_PROSE[13:16])] * 3, True, False),
])
def test_whether_a_text_is_hard_wrapped(texts, printed, wrapped):
    assert looks_wrapped(_lines(texts), printed=printed) is wrapped


def test_a_gazettes_text_with_long_flattened_tables_is_read_wrapped():
    gazette = "CÔNG BÁO/Số 147 + 148/Ngày 25-01-2022\n52\n" + "\n".join(TT19_PROSE + TT19_LIST)
    paragraphs = _paragraphs(gazette)
    assert " ".join(TT19_PROSE[1:6]) in paragraphs


@pytest.mark.parametrize("texts, paragraphs", [
    # an article's heading is a short line, its first sentence (a capital) a new paragraph
    (TT19_PROSE[:6], ["Điều 1. Phạm vi điều chỉnh", " ".join(TT19_PROSE[1:6])]),
    # a heading's last line short of the width before a capital: "… lao động bình thường" / "Ban hành …"
    (TT19_PROSE[6:12], [" ".join(TT19_PROSE[6:9]), " ".join(TT19_PROSE[9:12])]),
    # a flattened table's cells (Thông tư 36/2026/TT-BTC): "CG1" / "150" / "2 Phân tích, …"
    (["a.3 Phân tích, đánh giá diễn biến và hiện trạng khí hậu", "CG1", "150",
      "2 Phân tích, đánh giá điều kiện tự nhiên, xã hội"],
     ["a.3 Phân tích, đánh giá diễn biến và hiện trạng khí hậu", "CG1", "150",
      "2 Phân tích, đánh giá điều kiện tự nhiên, xã hội"]),
    # a centred heading in capitals goes on (Thông tư 01/2021/TT-BLĐTBXH's appendix)
    (["DANH MỤC", "SẢN PHẨM, HÀNG HÓA NHÓM 2 THUỘC TRÁCH NHIỆM QUẢN LÝ NHÀ NƯỚC"],
     ["DANH MỤC SẢN PHẨM, HÀNG HÓA NHÓM 2 THUỘC TRÁCH NHIỆM QUẢN LÝ NHÀ NƯỚC"]),
    # a short line ending in a hyphen goes on: "… Bộ Lao động -" / "Thương binh và Xã hội"
    (["của Bộ Lao động -", "Thương binh và Xã hội;"], ["của Bộ Lao động - Thương binh và Xã hội;"]),
    # a short line ending on a linking word goes on (Nghị định 137/2026/NĐ-CP, Điều 58)
    (["Nghị định số 55/2024/NĐ-CP ngày 16 tháng 5 năm 2024 của", "Chính phủ quy định chi tiết"],
     ["Nghị định số 55/2024/NĐ-CP ngày 16 tháng 5 năm 2024 của Chính phủ quy định chi tiết"]),
    (["kèm theo Nghị định số", "146/2025/NĐ-CP ngày 12 tháng 6 năm 2025"],
     ["kèm theo Nghị định số 146/2025/NĐ-CP ngày 12 tháng 6 năm 2025"]),
    # a sentence's end before a table's code (Thông tư 01/2025/TT-BKHĐT): "0207." opens the next indicator
    (["5. Cơ quan chịu trách nhiệm thu thập, tổng hợp: Bộ Giao thông vận tải.", "0207. Số lượng, năng lực bốc xếp"],
     ["5. Cơ quan chịu trách nhiệm thu thập, tổng hợp: Bộ Giao thông vận tải.", "0207. Số lượng, năng lực bốc xếp"]),
    # a short line before a lower-case word goes on (a cell's text wrapped in its column)
    (["Ngày công", "thực hiện"], ["Ngày công thực hiện"]),
    # a division cited where the line breaks off its reference goes on (Thông tư 17/2022/TT-BLĐTBXH,
    # Thông tư 28/2024/TT-BKHĐT, Nghị định 12/2022/NĐ-CP): no paragraph, no article, no chapter of its own
    (["định mức kinh tế - kỹ thuật và danh mục thiết bị đào tạo tối thiểu thực hiện theo quy định tại",
      "Điều 8 Thông tư này."],
     ["định mức kinh tế - kỹ thuật và danh mục thiết bị đào tạo tối thiểu thực hiện theo quy định tại Điều 8 Thông tư này."]),
    (["và không thuộc các trường hợp quy định tại khoản 2", "Điều 7 Luật Giám định tư pháp, bao gồm:"],
     ["và không thuộc các trường hợp quy định tại khoản 2 Điều 7 Luật Giám định tư pháp, bao gồm:"]),
    (["phạt bổ sung quy định tại khoản 9 Điều 43, khoản 8", "Điều 44 Nghị định này."],
     ["phạt bổ sung quy định tại khoản 9 Điều 43, khoản 8 Điều 44 Nghị định này."]),
    (["1. Mức phạt tiền quy định tại Chương II,", "Chương III và Chương IV Nghị định này là mức phạt đối với cá nhân"],
     ["1. Mức phạt tiền quy định tại Chương II, Chương III và Chương IV Nghị định này là mức phạt đối với cá nhân"]),
    (["có thẩm quyền xử phạt đối với hành vi vi phạm quy định tại", "Chương IV Nghị định này."],
     ["có thẩm quyền xử phạt đối với hành vi vi phạm quy định tại Chương IV Nghị định này."]),
    # negative: an article's heading after a sentence's end still opens its paragraph
    (["Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2022.", "Điều 8. Trách nhiệm thi hành"],
     ["Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2022.", "Điều 8. Trách nhiệm thi hành"]),
    # an amending article's heading, then its new wording in quotation marks (Nghị định 134/2026/NĐ-CP,
    # Thông tư 56/2026/TT-BTC): the title stops before the quotation
    (["Điều 1. Sửa đổi, bổ sung Điều 1", "“Điều 1. Phạm vi điều chỉnh"],
     ["Điều 1. Sửa đổi, bổ sung Điều 1", "“Điều 1. Phạm vi điều chỉnh"]),
    (["Điều 1. Sửa đổi, bổ sung khoản 4 của Điều 5", "“4. Người nộp phí, lệ phí nộp tiền phí, lệ phí theo"],
     ["Điều 1. Sửa đổi, bổ sung khoản 4 của Điều 5", "“4. Người nộp phí, lệ phí nộp tiền phí, lệ phí theo"]),
    (["Điều 8. Sửa đổi, bổ sung các điểm a, b khoản 5 Điều 23", "“a) Trường hợp nhận được văn bản phản đối và"],
     ["Điều 8. Sửa đổi, bổ sung các điểm a, b khoản 5 Điều 23", "“a) Trường hợp nhận được văn bản phản đối và"]),
    # negative: a quoted phrase inside a sentence goes on
    (["Thay thế cụm từ", "“Bộ Thông tin và Truyền thông” bằng cụm từ “Bộ Khoa học và Công nghệ”"],
     ["Thay thế cụm từ “Bộ Thông tin và Truyền thông” bằng cụm từ “Bộ Khoa học và Công nghệ”"]),
])
def test_a_line_well_short_of_the_width_ends_its_paragraph(texts, paragraphs):
    width = line_width(_lines(TT19_PROSE))
    groups = join_wrapped(_lines(texts), width)
    assert [" ".join(ln.text for ln in g) for g in groups] == paragraphs


def test_without_a_width_short_lines_go_on_as_before():
    groups = join_wrapped(_lines(TT19_PROSE[:6]))
    assert len(groups) == 1


def test_the_width_of_a_gazette_text_is_its_printed_lines():
    assert 70 <= line_width(_lines(TT19_PROSE)) <= 80
    assert line_width(_lines(TT19_LIST)) is None


@pytest.mark.parametrize("texts, paragraphs", [
    # the header of Thông tư 10/2022/TT-BLĐTBXH (congbao-8chude): issuer, number and motto all in capitals
    (["BỘ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI", "Số: 10/2022/TT-BLĐTBXH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc"],
     ["BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 10/2022/TT-BLĐTBXH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc"]),
    # the republic's name wrapped in a basis line goes on
    (["Căn cứ Hiến pháp nước", "Cộng hòa xã hội chủ nghĩa Việt Nam;"],
     ["Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"]),
])
def test_a_headers_number_and_motto_are_lines_of_their_own(texts, paragraphs):
    groups = join_wrapped(_lines(texts))
    assert [" ".join(ln.text for ln in g) for g in groups] == paragraphs


@pytest.mark.parametrize("full, texts, paragraphs", [
    # Thông tư 17/2022/TT-BLĐTBXH, Điều 39: the heading's last line had room for "Thực", the body's first word
    (76, ["Điều 39. Xây dựng định mức kinh tế - kỹ thuật và danh mục thiết bị đào",
          "tạo tối thiểu trình độ sơ cấp và đào tạo dưới 03 tháng", "Thực hiện theo quy định tại Điều 7, Điều 8 Thông tư này."],
     ["Điều 39. Xây dựng định mức kinh tế - kỹ thuật và danh mục thiết bị đào tạo tối thiểu trình độ sơ cấp và đào tạo "
      "dưới 03 tháng", "Thực hiện theo quy định tại Điều 7, Điều 8 Thông tư này."]),
    # Thông tư 07/2023/TT-BLĐTBXH, Điều 16
    (76, ["Điều 16. Tiêu chuẩn, điều kiện dự thi hoặc xét thăng hạng chức danh nghề",
          "nghiệp viên chức chuyên ngành giáo dục nghề nghiệp",
          "Viên chức chuyên ngành giáo dục nghề nghiệp được đăng ký dự thi hoặc xét"],
     ["Điều 16. Tiêu chuẩn, điều kiện dự thi hoặc xét thăng hạng chức danh nghề nghiệp viên chức chuyên ngành giáo "
      "dục nghề nghiệp", "Viên chức chuyên ngành giáo dục nghề nghiệp được đăng ký dự thi hoặc xét"]),
    # negative: a name cut after its capitalised word goes on (Nghị định 145/2026/NĐ-CP, Điều 7, on a wider page)
    (82, ["Điều 7. Quản lý đối với công ty do Sở Giao dịch Chứng khoán Việt",
          "Nam và Tổng công ty Lưu ký và Bù trừ chứng khoán Việt Nam nắm giữ"],
     ["Điều 7. Quản lý đối với công ty do Sở Giao dịch Chứng khoán Việt Nam và Tổng công ty Lưu ký và Bù trừ chứng "
      "khoán Việt Nam nắm giữ"]),
    # a clause's heading (Nghị định 168/2026/NĐ-CP, Điều 2)
    (76, ["1. Điều kiện hưởng chế độ nghỉ thai sản khi sinh con thứ hai",
          "Lao động nữ sinh con thứ hai, lao động nam khi vợ sinh con thứ hai đủ điều"],
     ["1. Điều kiện hưởng chế độ nghỉ thai sản khi sinh con thứ hai",
      "Lao động nữ sinh con thứ hai, lao động nam khi vợ sinh con thứ hai đủ điều"]),
    # negative: a reference cut before its article goes on (Thông tư 01/2024/TT-BKHĐT, point g)
    (76, ["g) Nêu yêu cầu cụ thể về nhãn hiệu, xuất xứ hàng hóa", "trong E-HSMT, trừ trường hợp quy định tại điểm e khoản 3",
          "Điều 10, khoản 2 Điều 44 và khoản 1 Điều 56 của Luật"],
     ["g) Nêu yêu cầu cụ thể về nhãn hiệu, xuất xứ hàng hóa trong E-HSMT, trừ trường hợp quy định tại điểm e khoản 3 "
      "Điều 10, khoản 2 Điều 44 và khoản 1 Điều 56 của Luật"]),
    # negative: an abbreviation goes on (Thông tư 152/2025/TT-BTC, Điều 6: "… nộp thuế" / "GTGT theo tỷ lệ …")
    (76, ["Điều 6. Trường hợp hộ kinh doanh, cá nhân kinh doanh nộp thuế",
          "GTGT theo tỷ lệ % trên doanh thu và thuế TNCN trên thu nhập tính thuế"],
     ["Điều 6. Trường hợp hộ kinh doanh, cá nhân kinh doanh nộp thuế GTGT theo tỷ lệ % trên doanh thu và thuế TNCN "
      "trên thu nhập tính thuế"]),
])
def test_an_articles_heading_ends_where_the_next_word_would_have_fitted(full, texts, paragraphs):
    groups = join_wrapped(_lines(texts), width=82, full=full)
    assert [" ".join(ln.text for ln in g) for g in groups] == paragraphs


def test_a_full_line_is_a_line_cut_inside_a_sentence_not_a_wide_table_row():
    # wide rows of a flattened table (120 characters) push the printed width up, not a full line's length
    rows = ["1 | Sở Tài chính | Xây dựng kế hoạch triển khai thực hiện chương trình chuyển đổi số | Quý II/2026 |"] * 12
    lines = _lines(TT19_PROSE + rows)
    assert line_width(lines) > 95 and 70 <= full_line(lines) <= 80
