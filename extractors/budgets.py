"""Money phrases → integer VND: "300 triệu đồng", "1,5 tỷ đồng", "450.000.000 đồng"; "Theo dự toán …" → None."""
from __future__ import annotations

import re
from typing import Any

from pipeline.text import clean_space, fold

_HAS_DIGIT = re.compile(r"\d")
_UNITS = {"ty": 1_000_000_000, "trieu": 1_000_000, "nghin": 1_000, "ngan": 1_000}
# number, optional unit word, then "đồng" (or "đ"/"VNĐ"), on the folded text
AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(ty|trieu|nghin|ngan)?\s*(?:dong|d\b|vnd\b)", re.I)


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


def amounts(text: str) -> list[tuple[int, int, int | None]]:
    """(start, end, VND) for each amount written in *text*."""
    out = []
    if not _HAS_DIGIT.search(text):
        return out
    for m in AMOUNT.finditer(fold(text)):
        out.append((m.start(), m.end(), parse_amount(m.group(1), m.group(2))))
    return out


def normalize_budget(raw: str | None) -> dict[str, Any] | None:
    """{"raw", "amount_vnd"} for a budget cell: the sum of its amounts, None when it names none."""
    text = clean_space(raw or "")
    if not text:
        return None
    found = [a for _, _, a in amounts(text) if a is not None]
    return {"raw": text, "amount_vnd": sum(found) if found else None}
