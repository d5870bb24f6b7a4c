"""Task tables: a numbered row with a text and nothing assigned, followed by item rows (labelled or
not) that carry the assignments, heads those items (it is not a task); the next numbered row closes
it. A meeting's programme by the clock is no task table."""
from __future__ import annotations

from tests.conftest import converted

PLAN = """# KẾ HOẠCH

Triển khai phòng, chống thiên tai năm 2026

## PHỤ LỤC

| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |
|---|---|---|---|
| 1 | Rà soát quy hoạch phòng chống thiên tai | Sở Nông nghiệp và Môi trường | Quý I/2026 |
| 2 | Hoàn thiện tiêu chuẩn kỹ thuật cho công trình hạ tầng | | |
| - | Công trình đê điều, hồ đập | Sở Nông nghiệp và Môi trường | Năm 2026 |
| - | Công trình giao thông | Sở Xây dựng | Năm 2026 |
| 3 | Tổng kết, đánh giá kết quả thực hiện | Sở Tài chính | Quý IV/2026 |
| 4 | Phát triển nguồn nhân lực phòng chống thiên tai | | |
| | Đặt hàng đào tạo nhân lực chất lượng cao | Sở Giáo dục và Đào tạo | Năm 2026 |
| 5 | Công bố kết quả | Văn phòng UBND tỉnh | Quý IV/2026 |
"""


def test_a_numbered_row_without_assignment_heads_its_items(tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(PLAN, encoding="utf-8")
    tasks = converted(str(path))["tasks"]
    got = [(t["label"], t["objective"], t["text"], t["lead"]) for t in tasks]  # the enclosing group's label
    assert got == [
        ("1", None, "Rà soát quy hoạch phòng chống thiên tai", ["Sở Nông nghiệp và Môi trường"]),
        ("-", "2", "Công trình đê điều, hồ đập", ["Sở Nông nghiệp và Môi trường"]),
        ("-", "2", "Công trình giao thông", ["Sở Xây dựng"]),
        ("3", None, "Tổng kết, đánh giá kết quả thực hiện", ["Sở Tài chính"]),
        (None, "4", "Đặt hàng đào tạo nhân lực chất lượng cao", ["Sở Giáo dục và Đào tạo"]),  # an unlabelled item
        ("5", None, "Công bố kết quả", ["Văn phòng UBND tỉnh"]),
    ]


PROGRAMME = """# CHƯƠNG TRÌNH HỘI NGHỊ

Đánh giá công tác cải cách hành chính năm 2025

| STT | Nội dung | Thời gian | Người thực hiện |
|---|---|---|---|
| 1 | Ổn định tổ chức, tuyên bố lý do, giới thiệu đại biểu | 14h00 -14h05 | Đại diện Sở Nội vụ |
| 2 | Phát biểu khai mạc Hội nghị | 14h05 - 14h10 | Phó Chủ tịch UBND tỉnh |
| 3 | Báo cáo tóm tắt kết quả công tác cải cách hành chính | 14h10 - 14h30 | Sở Nội vụ |
| 4 | Thảo luận | 14h30 - 15h20 | Các đại biểu |
"""


def test_a_meeting_programme_by_the_clock_is_no_task_table(tmp_path):
    path = tmp_path / "chuong-trinh.md"
    path.write_text(PROGRAMME, encoding="utf-8")
    assert converted(str(path))["tasks"] == []
    path = tmp_path / "ke-hoach.md"
    path.write_text(PROGRAMME.replace("14h00 -14h05", "Quý I/2026").replace("14h05 - 14h10", "Tháng 3/2026")
                    .replace("14h10 - 14h30", "Năm 2026"), encoding="utf-8")  # dates, not times of day
    assert len(converted(str(path))["tasks"]) == 4


def test_an_agency_cell_that_points_elsewhere_names_no_agency(tmp_path):
    path = tmp_path / "ke-hoach-phan-cong.md"
    path.write_text("# KẾ HOẠCH\n\nThực hiện phân cấp năm 2026\n\n| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n"
                    "| 1 | Rà soát thủ tục phân cấp | Theo phân công tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 | Quý I/2026 |\n"
                    "| 2 | Công bố danh mục | Sở Nội vụ | Quý II/2026 |\n", encoding="utf-8")
    out = converted(str(path))
    assert [t["lead"] for t in out["tasks"]] == [[], ["Sở Nội vụ"]]
    assert any(w["code"] == "agency_by_reference" and "1441/QĐ-UBND" in w["message"] for w in out["warnings"])


def test_a_header_repeated_under_group_rows_without_its_stt_column(tmp_path):
    # tnt305 f004d93b21e7fc5f (Đồng Nai's digital-economy plan), PHỤ LỤC part B: group rows, then a header
    # that names no STT column over "1.1 | Xây dựng …" rows; the rows keep their numbers and groups
    path = tmp_path / "ke-hoach-so.md"
    path.write_text(
        "# KẾ HOẠCH\n\nPhát triển kinh tế số năm 2026\n\nPHỤ LỤC\n\n"
        "| B | PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ NGÀNH, LĨNH VỰC | | | | |\n"
        "|---|---|---|---|---|---|\n"
        "| I | Phát triển kinh tế số, xã hội số nông nghiệp và môi trường | | | | |\n"
        "| Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra | |\n"
        "| 1.1 | Xây dựng và tổ chức triển khai Kế hoạch chuyển đổi số ngành nông nghiệp | Sở Nông nghiệp và Môi trường "
        "| Các sở, ban, ngành; UBND các phường xã | 2026 - 2030 | Kế hoạch |\n"
        "| 1.2 | Triển khai Nền tảng dữ liệu số nông nghiệp của tỉnh | Sở Nông nghiệp và Môi trường "
        "| Các sở, ban, ngành; UBND các phường xã | 2026 - 2030 | Nền tảng ứng dụng |\n", encoding="utf-8")
    out = converted(str(path))
    got = [(t["label"], t["objective"], t["lead"]) for t in out["tasks"]]
    assert got == [("1.1", "I", ["Sở Nông nghiệp và Môi trường"]), ("1.2", "I", ["Sở Nông nghiệp và Môi trường"])]
