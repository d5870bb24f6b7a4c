"""Issuers read from the capitals of a header: the body under its parent, an office named with its
parent, the body a "TM." signature signs for, and agency names in the case Vietnamese writes them."""
from __future__ import annotations

import pytest

from pipeline.legal import short_issuer
from pipeline.segment.header import read_header, split_issuer
from pipeline.segment.zones import HeaderZone

SPLITS = [
    (["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"], ("Sở Nội vụ", "UBND tỉnh Lâm Đồng")),
    (["BỘ CÔNG AN", "CÔNG AN TỈNH LÂM ĐỒNG"], ("Công an tỉnh Lâm Đồng", "Bộ Công an")),
    (["ỦY BAN NHÂN DÂN", "TỈNH BÌNH THUẬN", "VĂN PHÒNG"], ("Văn phòng UBND tỉnh Bình Thuận", "UBND tỉnh Bình Thuận")),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"], ("UBND thành phố Hải Phòng", None)),
    (["THỦ TƯỚNG CHÍNH PHỦ"], ("Thủ tướng Chính phủ", None)),
]


@pytest.mark.parametrize("lines,expected", SPLITS, ids=[" / ".join(x) for x, _ in SPLITS])
def test_split_issuer(lines, expected):
    assert split_issuer(lines) == expected


CASES = [
    ("SỞ XÂY DỰNG", "Sở Xây dựng"),
    ("CỤC HẢI QUAN", "Cục Hải quan"),
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "Ban Quản lý các khu công nghiệp"),   # "quản" is not "quận"
    ("CÔNG AN QUẬN BA ĐÌNH", "Công an quận Ba Đình"),
    ("VĂN PHÒNG UBND TỈNH LÂM ĐỒNG", "Văn phòng UBND tỉnh Lâm Đồng"),
    ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "UBND tỉnh Lâm Đồng"),
]


@pytest.mark.parametrize("caps,expected", CASES, ids=[c for c, _ in CASES])
def test_agency_names_in_their_written_case(caps, expected):
    assert short_issuer(caps) == expected


def test_a_signature_block_read_as_a_header_gives_the_body_it_signs_for():
    assert read_header(HeaderZone(["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"])).issuer == "Chính phủ"
    assert read_header(HeaderZone(["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"])).issuer is None
    assert read_header(HeaderZone(["DANH SÁCH"])).issuer is None


def test_a_motto_misread_by_ocr_still_parts_from_the_issuer():
    from pipeline.segment.header import read_header

    head = read_header(HeaderZone(["BỘ CÔNG AN CỌNG HÒA XÃ HỌI CHỦ NGHĨA VIỆT NAM",
                                   "CÔNG AN TÍNH LÂM ĐÒNG Độc lập - Tư do - Hạnh phúc", "Số: 4340/CAT-PA05"]))
    assert (head.issuer, head.issuer_parent) == ("Công an tỉnh Lâm Đồng", "Bộ Công an")


@pytest.mark.parametrize("parts, signer", [
    (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Thiếu tướng Trương Minh Đương"], "Trương Minh Đương"),
    (["GIÁM ĐỐC", "Đại tá Nguyễn Văn An"], "Nguyễn Văn An"),
    (["GIÁM ĐỐC", "Thiếu Tướng Trương Minh Đương"], "Trương Minh Đương"),
])
def test_an_officer_signs_with_a_rank_before_the_name(parts, signer):
    from pipeline.segment.header import read_signature

    sig = read_signature(parts)
    assert sig["signer"] == signer and "tướng" not in (sig["signer_position"] or "").lower()


def test_a_signature_block_ending_with_a_rank_and_name_gives_the_signer(tmp_path):
    from pipeline.convert import convert

    path = tmp_path / "to-trinh.txt"
    path.write_text("CÔNG AN TỈNH LÂM ĐỒNG\nSố: 233/TTr-CAT-PC06\nTỜ TRÌNH\nVề việc ban hành báo cáo\n\n"
                    "Công an tỉnh kính trình Ủy ban nhân dân tỉnh xem xét./.\n\nNơi nhận:\n- Như kính gửi;\n"
                    "- Lưu: VT, PC06.\n\nGIÁM ĐỐC\n\nThiếu tướng Trương Minh Đương\n", encoding="utf-8")
    assert convert(str(path))["document"]["signer"] == "Trương Minh Đương"
