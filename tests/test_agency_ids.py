"""Agencies as entities: one id for the ways the corpus writes one body (30 real pairs), apart for
near misses, 2025 successors from the dated data file (each example a test)."""
from __future__ import annotations

import csv
from importlib import resources

import pytest

from extractors.agency_ids import agency, name_key, successors
from pipeline.vocab import province_rows
from tests.conftest import SEED, converted

# (written, the document's province) pairs found in the corpus outputs for one body
SAME = [
    (("Bộ Tài chính", None), ("Bộ Tài Chính", "Lâm Đồng")),
    (("Bộ Kế hoạch và Đầu tư", None), ("Bộ Tài chính", None)),                      # merged 2025-03-01
    (("Bộ Lao động - Thương binh và Xã hội", None), ("Bộ Nội vụ", None)),
    (("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", None), ("Bộ Nội Vụ", None)),
    (("Bộ Thông tin và Truyền thông", None), ("Bộ Khoa học và công nghệ", None)),
    (("Bộ Tài nguyên và Môi trường", None), ("Bộ Nông nghiệp và Môi trường", None)),
    (("UBND tỉnh Lâm Đồng", "Lâm Đồng"), ("Ủy ban nhân dân tỉnh Lâm Đồng", "Lâm Đồng")),
    (("UBND tỉnh", "Lâm Đồng"), ("UBND tỉnh Lâm Đồng", None)),
    (("UBND tỉnh Bình Thuận", "Bình Thuận"), ("UBND tỉnh Lâm Đồng", "Lâm Đồng")),      # merged 2025-07-01
    (("Công an tỉnh", "Lâm Đồng"), ("Công an tỉnh Lâm Đồng", "Lâm Đồng")),
    (("Văn phòng UBND tỉnh", "Lâm Đồng"), ("Văn phòng Ủy ban nhân dân tỉnh", "Lâm Đồng")),
    (("Văn phòng UBND tỉnh Bình Thuận", "Bình Thuận"), ("Văn phòng UBND tỉnh Lâm Đồng", "Lâm Đồng")),
    (("Bộ Văn hóa, Thể thao và Du lịch", None), ("Bộ Văn hoá, Thể thao và Du lịch", None)),
    (("Các sở, ban, ngành", "Lâm Đồng"), ("Các sở, ban, ngành tỉnh", "Lâm Đồng")),
    (("Chánh Văn phòng Ủy ban nhân dân tỉnh", "Lâm Đồng"), ("Chánh Văn phòng UBND tỉnh", "Lâm Đồng")),
    (("Sở Khoa học và Công nghệ", "Đồng Tháp"), ("Sở KH&CN", "Đồng Tháp")),
    (("UBND tỉnh Hà Tĩnh", "Hà Tĩnh"), ("Ủy ban nhân dân tỉnh", "Hà Tĩnh")),
    (("Ủy ban nhân dân các tỉnh, thành phố", None), ("UBND các tỉnh, thành phố", None)),
    (("UBND tỉnh Đắk Lắk", "Đắk Lắk"), ("Ủy ban nhân dân tỉnh Đắk Lắk", None)),
    (("UBND thành phố Hồ Chí Minh", None), ("Ủy ban nhân dân Thành phố Hồ Chí Minh", None)),
    (("UBND thành phố Hà Nội", None), ("Ủy ban nhân dân thành phố Hà Nội", "Hà Nội")),
    (("Sở Tài chính", None), ("Sở Kế hoạch và Đầu tư", None)),
    (("Sở Nông nghiệp và Môi trường", "Lâm Đồng"), ("Sở Tài nguyên và Môi trường", "Lâm Đồng")),
    (("Sở Y tế", "Lâm Đồng"), ("Sở Y tế tỉnh", "Lâm Đồng")),
    (("Sở Văn hóa, Thể thao và Du lịch", "Lâm Đồng"), ("Sở Văn hoá, Thể thao và Du lịch", "Lâm Đồng")),
    (("UBND thành phố Hải Phòng", "Hải Phòng"), ("Ủy ban nhân dân thành phố Hải Phòng", None)),
    (("UBND tỉnh Hòa Bình", None), ("UBND tỉnh Phú Thọ", "Phú Thọ")),
    (("Các sở, ban, ngành và Ủy ban nhân dân các xã, phường, đặc khu", "Lâm Đồng"),
     ("Các sở, ban, ngành và UBND các xã, phường, đặc khu", "Lâm Đồng")),
    (("Hội đồng nhân dân", None), ("HĐND", None)),
    (("Kho bạc Nhà nước", None), ("KBNN", None)),
    (("UBND tỉnh Thanh Hóa", "Thanh Hóa"), ("UBND tỉnh Thanh Hoá", "Thanh Hoá")),
    (("Ủy ban nhân dân cấp xã", "Lai Châu"), ("Uỷ ban nhân dân cấp xã", "Lai Châu")),
    (("Báo và Phát thanh, Truyền hình Đồng Nai", "Đồng Nai"), ("Báo và Phát thanh, Truyền hình tỉnh Đồng Nai", "Đồng Nai")),
    (("Sở Nội vụ", "Hà Nội"), ("Sở Nội vụ thành phố Hà Nội", "Hà Nội")),
]

APART = [
    (("Sở Nội vụ", "Lâm Đồng"), ("Bộ Nội vụ", None)),
    (("Sở Khoa học và Công nghệ", "Lâm Đồng"), ("Bộ Khoa học và Công nghệ", None)),
    (("Văn phòng UBND tỉnh", "Lâm Đồng"), ("UBND tỉnh", "Lâm Đồng")),
    (("Chánh Văn phòng UBND tỉnh", "Lâm Đồng"), ("Văn phòng UBND tỉnh", "Lâm Đồng")),
    (("Sở Nội vụ tỉnh Lâm Đồng", None), ("Sở Nội vụ tỉnh Đắk Lắk", None)),
    (("Lãnh đạo UBND Phường 1 Bảo Lộc", "Lâm Đồng"), ("Lãnh đạo UBND Phường 3 Bảo Lộc", "Lâm Đồng")),
    (("Công an tỉnh", "Lâm Đồng"), ("Công an xã", "Lâm Đồng")),
    (("UBND cấp xã", "Phú Thọ"), ("UBND cấp xã", "Hà Nội")),
    (("Bộ Tài chính", None), ("Sở Tài chính", "Lâm Đồng")),
    (("Sở Kế hoạch và Đầu tư", "Lâm Đồng"), ("Sở Nội vụ", "Lâm Đồng")),
    (("UBND tỉnh Bình Thuận", None), ("UBND tỉnh Bình Định", None)),   # merged into Lâm Đồng and Gia Lai
    (("Sở", "Hà Nội"), ("Sổ", "Hà Nội")),                              # the marks the slug drops still count
]


@pytest.mark.parametrize("a,b", SAME, ids=[f"{a[0]}={b[0]}" for a, b in SAME])
def test_one_body_one_id(a, b):
    assert agency(*a).id == agency(*b).id


@pytest.mark.parametrize("a,b", APART, ids=[f"{a[0]}≠{b[0]}" for a, b in APART])
def test_near_misses_stay_apart(a, b):
    assert agency(*a).id != agency(*b).id


def test_at_least_thirty_pairs_and_ten_near_misses():
    assert len(SAME) >= 30 and len(APART) >= 10


@pytest.mark.parametrize("row", successors(), ids=lambda r: r["example"])
def test_successor_example(row):
    got = agency(row["example"], "Lâm Đồng")
    assert got.name == row["expected"].replace("{place}", "Lâm Đồng")
    assert got.predecessor and got.since == row["date"]


def test_every_former_province_has_its_successor():
    former = {r["name"] for r in province_rows() if r["status"] == "former"}
    assert former == {r["predecessor"] for r in successors() if r["kind"] == "province"}
    current = {r["name"] for r in province_rows() if r["status"] == "current"}
    assert {r["successor"] for r in successors() if r["kind"] == "province"} <= current


def test_level_and_province():
    assert (agency("Bộ Công an", None).level, agency("Bộ Công an", None).province) == ("central", None)
    sở = agency("Sở Tư pháp", "Lâm Đồng")
    assert (sở.level, sở.province, sở.name) == ("province", "Lâm Đồng", "Sở Tư pháp tỉnh Lâm Đồng")
    xa = agency("UBND xã Lát", "Lâm Đồng")
    assert (xa.level, xa.province) == ("commune", "Lâm Đồng")
    assert agency("Các sở, ban, ngành", "Lâm Đồng").level == "collective"
    assert name_key("Uỷ ban Văn hoá") == name_key("ủy ban văn hóa")


def test_output_carries_the_ids():
    out = converted(str(SEED))
    for t in out["tasks"]:
        assert len(t["lead_ids"]) == len(t["lead"]) and len(t["cooperating_ids"]) == len(t["cooperating"])
    ids = [a["id"] for a in out["agencies"]]
    assert len(ids) == len(set(ids)) and set(ids) == {i for t in out["tasks"] + out["prose_tasks"] for i in t["lead_ids"] + t["cooperating_ids"]}
    snv = next(a for a in out["agencies"] if a["name"] == "Sở Nội vụ tỉnh Lâm Đồng")
    assert snv["level"] == "province" and snv["province"] == "Lâm Đồng"


def test_two_facts_date_from_the_later():
    # a department of a merged province: the department merged on 2025-03-01, the province on 2025-07-01
    got = agency("Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Thuận", None)
    assert got.name == "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng" and got.since == "2025-07-01"
    assert got.to_json()["successor_of"] == {"name": "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Thuận", "since": "2025-07-01"}
