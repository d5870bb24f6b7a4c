"""Money phrases → integer VND: "300 triệu đồng", "1,5 tỷ đồng", "450.000.000 đồng"; "Theo dự toán …" → None."""
from __future__ import annotations

import re

from pipeline.model import Budget
from pipeline.text import clean_space

_HAS_DIGIT = re.compile(r"\d")
_UNITS = {"tỷ": 1_000_000_000, "tỉ": 1_000_000_000, "triệu": 1_000_000, "nghìn": 1_000, "ngàn": 1_000}
# number, optional unit word, then "đồng" (or "đ", "VNĐ"); not a rate ("40.000 đồng/giờ"),
# not "Đồng hồ", not an article letter ("Điều 18đ")
AMOUNT = re.compile(r"(?<![\d.,/])(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(tỷ|tỉ|triệu|nghìn|ngàn)?\s*"
                    r"(?:đồng(?!\s*hồ)|VNĐ|VND|vnđ|\s(?:đ|Đ)\b)(?!\s*/)")
_RANGE = re.compile(r"\btừ\b[^;]*?\bđến\b", re.I)


def parse_amount(number: str, unit: str | None) -> int | None:
    """Vietnamese writes "." for thousands and "," for decimals: "1,5 tỷ" = 1.5e9, "450.000.000" = 4.5e8."""
    if unit:
        if re.fullmatch(r"\d+(?:[.,]\d{1,2})?", number):
            value = float(number.replace(",", "."))  # "1,5 tỷ", "1.5 tỷ"
        else:
            value = float(re.sub(r"[.,]", "", number))  # "2.500 triệu"
        return int(round(value * _UNITS[unit]))
    digits = re.sub(r"[.,]", "", number)
    return int(digits) if digits.isdigit() else None


# AMOUNT without its lookarounds: the last digit of a number, its unit, its currency. Each amount
# holds one; re scans for its first digit fast, where AMOUNT tries every position.
_AMOUNT_HINT = re.compile(r"\d\s*(?:(?:tỷ|tỉ|triệu|nghìn|ngàn)\s*)?(?:đồng|VNĐ|VND|vnđ|\s[đĐ])")


def may_have_amount(text: str) -> bool:
    """False only for a text AMOUNT finds nothing in."""
    return _AMOUNT_HINT.search(text) is not None


def amounts(text: str) -> list[tuple[int, int, int | None]]:
    """(start, end, VND) for each amount written in *text*."""
    out = []
    if not _HAS_DIGIT.search(text):
        return out
    for m in AMOUNT.finditer(text):
        out.append((m.start(), m.end(), parse_amount(m.group(1), m.group(2))))
    return out


def normalize_budget(raw: str | None) -> Budget | None:
    """The ``Budget`` of a budget cell: its words and the sum of its amounts (None when it names
    none, or a range); None for an empty cell."""
    text = clean_space(raw or "")
    if not text:
        return None
    found = [a for _, _, a in amounts(text) if a is not None]
    if len(found) > 1 and _RANGE.search(text):
        return Budget(text, None)  # "từ 5 đến 10 triệu đồng": a range, not a sum
    return Budget(text, sum(found) if found else None)
