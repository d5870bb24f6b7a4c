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
]


@pytest.mark.parametrize("cell,expected", CASES, ids=[" / ".join(c) for c, _ in CASES])
def test_split_agencies(cell, expected):
    assert split_agencies(cell) == expected
