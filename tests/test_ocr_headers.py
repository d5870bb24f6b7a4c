"""Headers as OCR gives them: a number it could not read, marks lost on the motto, the level word,
the province or the salutation. The fields that survive are read; what did not is left out."""
from __future__ import annotations

from pipeline.convert import convert


def _convert(tmp_path, text: str) -> dict:
    path = tmp_path / "ocr.txt"
    path.write_text(text, encoding="utf-8")
    return convert(str(path))


def test_a_cong_van_whose_number_ocr_garbled_is_still_a_cong_van(tmp_path):
    out = _convert(tmp_path, "BỘ CÔNG AN CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
                             "CÔNG AN TỈNH LÂM ĐÒNG Độc lập - Tự do - Hạnh phúc Só:%CAT-PA05\n\n"
                             "V/v đôn đốc cử nhân sự tham gia Đội ứng cứu sự cố mạng, máy tính\n\n"
                             "Kính gửi: Các sở, ban, ngành tỉnh\n\nCông an tỉnh đề nghị các đơn vị cử nhân sự./.\n")
    doc = out["document"]
    assert doc["doc_type"] == "Công văn" and doc["number"] is None
    assert doc["issuer"] == "Công an tỉnh Lâm Đồng" and doc["issuer_parent"] == "Bộ Công an"
    assert doc["title"].startswith("Đôn đốc cử nhân sự") and any(w["code"] == "type_from_subject" for w in out["warnings"])


def test_a_number_line_ocr_garbled_does_not_end_the_header(tmp_path):
    doc = _convert(tmp_path, "BỘ CÔNG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nCÔNG AN TINH LÂM ĐỎNG Độc lập - Tự do - Hạnh phúc\n\n"
                             "Số: h 03 #TTr-CAT(ŒC04) Lâm Đồng, ngàn:2€ tì hản\n\nTỜ TRÌNH\n\n"
                             "Về việc thành lập hội đồng cấp tỉnh xét duyệt địa bàn không ma túy\n\n"
                             "Kinh gửi: Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng\n\nThực hiện Kết luận số 132-KL/TW./.\n")["document"]
    assert doc["doc_type"] == "Tờ trình" and doc["issuer"] == "Công an tỉnh Lâm Đồng"
    assert doc["title"] == "Về việc thành lập hội đồng cấp tỉnh xét duyệt địa bàn không ma túy"  # ends at "Kinh gửi"
