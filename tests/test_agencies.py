"""Agency cells split as written: table-driven cases for line wraps inside a known name, list
numbers and dashes, and names that stay apart."""
from __future__ import annotations

import pytest

from extractors.agencies import split_agencies

CASES = [
    (["Bộ Công", "Thương"], ["Bộ Công Thương"]),                      # a PDF cell wrapped inside the name
    (["Văn phòng", "Chính phủ"], ["Văn phòng Chính phủ"]),
    (["Ban Cơ yếu", "Chính phủ"], ["Ban Cơ yếu Chính phủ"]),
    (["(1) Bộ Tư pháp", "(2) Văn phòng Chính phủ", "(3) Bộ Công an"], ["Bộ Tư pháp", "Văn phòng Chính phủ", "Bộ Công an"]),
    (["1. Sở Nội vụ", "2. Sở Tài chính"], ["Sở Nội vụ", "Sở Tài chính"]),
    (["- Sở Tư pháp;", "- Sở Y tế."], ["Sở Tư pháp", "Sở Y tế"]),
    (["Sở Nội vụ", "Sở Tài chính"], ["Sở Nội vụ", "Sở Tài chính"]),      # two whole names stay apart
    (["Bộ Tài chính", "Bộ Công an"], ["Bộ Tài chính", "Bộ Công an"]),
    (["Bộ Văn hóa, Thể thao và Du lịch"], ["Bộ Văn hóa, Thể thao và Du lịch"]),
    # one body per province, each with its own level (provinces.csv)
    (["UBND thành phố Hà Nội, Thành phố Hồ Chí Minh, Hòa Bình, Cần Thơ, Lâm Đồng"],
     ["UBND thành phố Hà Nội", "UBND thành phố Hồ Chí Minh", "UBND tỉnh Hòa Bình", "UBND thành phố Cần Thơ",
      "UBND tỉnh Lâm Đồng"]),
    (["UBND tỉnh Lâm Đồng, các sở, ngành"], ["UBND tỉnh Lâm Đồng", "các sở, ngành"]),  # not provinces: as written
    (["Ủy ban nhân dân Thành phố Hà Nội, các bộ, ngành"], ["Ủy ban nhân dân Thành phố Hà Nội", "các bộ, ngành"]),
    (["Ủy ban nhân dân cấp tỉnh, cơ quan, tổ chức có liên quan"],
     ["Ủy ban nhân dân cấp tỉnh", "cơ quan, tổ chức có liên quan"]),
    (["Các cơ quan, đơn vị, địa phương"], ["Các cơ quan, đơn vị, địa phương"]),  # one collective name
    (["UBND các xã, phường, đặc khu"], ["UBND các xã, phường, đặc khu"]),
    (["Bộ Tài chính, các bộ, cơ quan, địa phương"], ["Bộ Tài chính", "các bộ, cơ quan, địa phương"]),
    (["Bộ Tài chính và các bộ, cơ quan, địa phương"], ["Bộ Tài chính và các bộ, cơ quan, địa phương"]),
    (["Bộ, cơ quan, địa phương và các đơn vị có liên quan"], ["Bộ, cơ quan, địa phương và các đơn vị có liên quan"]),
    (["Ủy ban nhân dân cấp tỉnh, cơ sở khám bệnh, chữa bệnh"], ["Ủy ban nhân dân cấp tỉnh", "cơ sở khám bệnh, chữa bệnh"]),
]


@pytest.mark.parametrize("cell,expected", CASES, ids=[" / ".join(c) for c, _ in CASES])
def test_split_agencies(cell, expected):
    assert split_agencies(cell) == expected


# "tỉnh" is completed with the document's province only where it means that province: Nghị định and
# Thông tư of the Government and ministries (congbao-8chude, place Hà Nội) wrote "Chủ tịch Ủy ban
# nhân dân cấp tỉnh Hà Nội" for every province's chairman (their place is none now: agency_place),
# "Các bộ, các tỉnh Hà Nội" for all of them
NORMALIZED = [
    ("Công an tỉnh", "Lâm Đồng", "Công an tỉnh Lâm Đồng"),
    ("Văn phòng UBND tỉnh", "Lâm Đồng", "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("Các sở, ban, ngành tỉnh", "Đồng Tháp", "Các sở, ban, ngành tỉnh Đồng Tháp"),
    ("Ủy ban nhân dân cấp tỉnh", "Hà Nội", "Ủy ban nhân dân cấp tỉnh"),
    ("Các sở, ban, ngành cấp tỉnh", "Quảng Trị", "Các sở, ban, ngành cấp tỉnh Quảng Trị"),  # a province's own plan
    ("Các bộ, các tỉnh", "Hà Nội", "Các bộ, các tỉnh"),
    ("Các bộ, tỉnh", "Hà Nội", "Các bộ, tỉnh"),
    ("Ủy ban nhân dân tỉnh", "Hà Nội", "Ủy ban nhân dân tỉnh"),  # Hà Nội is a "thành phố": no tỉnh of it
    ("Sở Nội vụ", "Hà Nội", "Sở Nội vụ tỉnh Hà Nội"),  # the gazetteer's "tỉnh {place}"; agency_ids gives the level
]


@pytest.mark.parametrize("name,place,expected", NORMALIZED, ids=[f"{n}@{p}" for n, p, _ in NORMALIZED])
def test_province_completed_only_where_it_is_meant(name, place, expected):
    from extractors.agencies import normalize_agency

    assert normalize_agency(name, place) == expected


def test_a_central_document_names_every_province():
    from extractors.agency_ids import agency_place

    class _Doc:
        def __init__(self, issuer):
            self.header = {"issuer": issuer, "place": "Hà Nội"}

    assert agency_place(_Doc("Chính phủ")) is None and agency_place(_Doc("Bộ Lao động - Thương binh và Xã hội")) is None
    assert agency_place(_Doc("UBND thành phố Hà Nội")) == "Hà Nội"
