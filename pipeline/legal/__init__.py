"""Shared readings of legal notation: document numbers (số ký hiệu), dates, issuer names."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipeline.bounds import MAX_ID_NAME
from pipeline.legal.numbers import number_key
from pipeline.notation.offices import body_heads
from pipeline.text import clean_space, fold, slug
from pipeline.vocab import doc_type_by_code, issuer_by_code

_U = "A-ZĐÂĂÊÔƠƯ"
_L = "a-zđâăêôơư"
# State numbers: 2571/QĐ-UBND, 108/2014/NĐ-CP, 202/2025/QH15, 1664/NQ-UBTVQH15, 1234/UBND-KT, 01/2015/TTLT-BNV-BTC.
STATE_NUMBER = (
    rf"\d{{1,5}}(?:\.\d{{1,3}})?[a-z]?(?:\s*/\s*(?:19|20)\d\d)?\s*/\s*[{_U}][{_U}{_L}0-9&]*(?:\s*-\s*[{_U}][{_U}{_L}0-9&]*){{0,6}}"
)
# Party numbers: 18-NQ/TW, 48-KH/TU, 36-HD / VPTW, 565-BC/BTCTW.
PARTY_NUMBER = rf"\d{{1,5}}\s*-\s*[{_U}][{_U}{_L}]*\s*/\s*[{_U}][{_U}{_L}0-9]*(?:\s*-\s*[{_U}][{_U}{_L}0-9]*)?"
NUMBER = rf"(?:{PARTY_NUMBER}|{STATE_NUMBER})"
NUMBER_RE = re.compile(rf"(?<![\w/-]){NUMBER}(?![\w/])")
# A blank number left for the registry to fill: "Số:      /KH-UBND".
BLANK_NUMBER_RE = re.compile(rf"^\s*/\s*((?:(?:19|20)\d\d\s*/\s*)?[{_U}][{_U}{_L}0-9&]*(?:\s*-\s*[{_U}][{_U}{_L}0-9&]*){{0,4}})")

_DATE_WORDS = re.compile(
    r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.I
)
_DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
DATE_PATTERN = r"(?:ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|(?:ngày\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})"


def parse_date(text: str) -> str | None:
    """The first date written in *text* as ISO 8601, or None (also for impossible dates)."""
    m = _DATE_WORDS.search(text) or _DATE_NUMERIC.search(text)
    if not m:
        return None
    d, mth, y = (int(g) for g in m.groups())
    try:
        return date(y, mth, d).isoformat()
    except ValueError:
        return None


def normalize_number(raw: str) -> str:
    """Write a number without spaces, with the stroked D of its codes as Đ."""
    num = "".join(raw.split())  # re.sub(r"\s+", "", raw): split() cuts at the same blanks (str.isspace)
    return num.replace("Ð", "Đ")  # U+00D0 (Icelandic Eth) is a common look-alike


@dataclass
class NumberParts:
    type_code: str | None
    issuer_code: str | None
    year: int | None
    party: bool


def number_parts(number: str) -> NumberParts:
    """Split a number into its type code, issuer code and year where it has them."""
    num = normalize_number(number)
    m = re.match(rf"^\d+-([{_U}][{_U}{_L}]*)/([{_U}][{_U}{_L}0-9]*)", num)
    if m:
        return NumberParts(m.group(1), m.group(2), None, True)
    parts = num.split("/")
    year = None
    if len(parts) >= 3 and re.fullmatch(r"(19|20)\d\d", parts[1]):
        year = int(parts[1])
    symbol = parts[-1] if len(parts) >= 2 else ""
    codes = symbol.split("-")
    types = doc_type_by_code()
    if len(codes) >= 2 and codes[0].upper() in types:
        return NumberParts(codes[0], re.sub(r"\d+$", "", codes[1]), year, False)
    if len(codes) >= 1 and re.fullmatch(r"QH\d*", codes[0]):
        return NumberParts(None, "QH", year, False)
    return NumberParts(None, re.sub(r"\d+$", "", codes[0]) if codes and codes[0] else None, year, False)


def type_from_number(number: str) -> str | None:
    """The document type a number's symbol says ("2571/QĐ-UBND" → "Quyết định")."""
    parts = number_parts(number)
    if parts.type_code:
        return doc_type_by_code().get(parts.type_code.upper())
    if parts.issuer_code == "QH":
        return None  # a law or a resolution of the National Assembly: the words decide
    return "Công văn" if parts.issuer_code else None


def issuer_from_number(number: str) -> str | None:
    """The issuer a number's symbol names when it is unambiguous ("NĐ-CP" → "Chính phủ")."""
    code = number_parts(number).issuer_code
    if not code or code.upper() in ("UBND", "HĐND", "TU"):
        return None  # which province or commune: only the context says
    return issuer_by_code().get(code.upper())


_BODY_SHORT = (
    (re.compile(r"^(?:ỦY|UỶ|UBND)\s*BAN\s+NHÂN\s+DÂN\s*", re.I), "UBND "),
    (re.compile(r"^UBND\s*", re.I), "UBND "),
    (re.compile(r"^HỘI\s+ĐỒNG\s+NHÂN\s+DÂN\s*", re.I), "HĐND "),
    (re.compile(r"^HĐND\s*", re.I), "HĐND "),
)
_LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
_FOLDED_LEVELS = tuple((level, fold(level) + " ") for level in _LEVELS)


@lru_cache(maxsize=1)
def _issuers_by_folded() -> dict[str, str]:
    """Folded issuer name → the name, the longest name first where two fold alike (built once)."""
    out: dict[str, str] = {}
    for name in sorted(issuer_by_code().values(), key=len, reverse=True):
        out.setdefault(fold(name), name)
    return out


def _title_words(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def short_issuer(text: str) -> str:
    """Short form of an issuing body as the contract writes it: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" →
    "UBND tỉnh Lâm Đồng", "THỦ TƯỚNG CHÍNH PHỦ" → "Thủ tướng Chính phủ"."""
    text = clean_space(text).strip(" -–_.:")
    name = _issuers_by_folded().get(fold(text))
    if name is not None:
        return name
    for pattern, short in _BODY_SHORT:
        m = pattern.match(text)
        if m:
            rest = text[m.end():]
            for level, folded_level in _FOLDED_LEVELS:
                if fold(rest).startswith(folded_level):
                    place = rest[len(level):].strip()
                    return f"{short}{level} {_title_words(place) if place.isupper() else place}".strip()
            return (short + (_title_words(rest) if rest.isupper() else rest)).strip()
    if text.isupper():
        return _agency_case(text)
    return text


# Words that open an agency's name; the name proper after them starts with a capital ("Sở Nội vụ",
# "Cục Hải quan", "Ban Chỉ đạo …"), and a place after a level word is title-cased ("Công an tỉnh Lâm Đồng").
_AGENCY_HEADS = body_heads("case")
_ACRONYMS = {"UBND", "HĐND", "MTTQ", "TW", "VN", "CAND", "QĐND"}


def _is_level(words: list[str], level: str) -> bool:
    """True when *words* open with *level* and a place follows; a word read without its marks
    ("tinh" for "tỉnh") counts, one with other marks ("quản" for "quận") does not."""
    parts = level.split()
    if len(words) <= len(parts):
        return False
    return all(w == p or (w == fold(w) and w == fold(p)) for w, p in zip(words, parts))


def _agency_case(text: str) -> str:
    """An agency name written in capitals, in the case Vietnamese writes it: "SỞ NỘI VỤ" → "Sở Nội vụ",
    "CÔNG AN TỈNH LÂM ĐỒNG" → "Công an tỉnh Lâm Đồng"; acronyms (UBND) kept."""
    words = text.split()
    low = [w if w in _ACRONYMS else w.lower() for w in words]
    head = next((h for h in _AGENCY_HEADS if " ".join(low).startswith(h + " ") or " ".join(low) == h), None)
    if head is None:
        first = " ".join(low)
        return first[:1].upper() + first[1:]
    n = len(head.split())
    out = low[:n]
    out[0] = out[0][:1].upper() + out[0][1:]
    rest = low[n:]
    for k, w in enumerate(rest):
        level = next((lv for lv in _LEVELS if _is_level(rest[k:], lv)), None)
        if level:
            m = len(level.split())
            place = rest[k + m:]
            out += rest[k:k + m] + [w[:1].upper() + w[1:] for w in place]
            break
        out.append(w[:1].upper() + w[1:] if k == 0 else w)
    return " ".join(out)


def canonical_id(doc_type: str | None, number: str | None, issued: str | None, name: str | None = None) -> str:
    """Graph node id: vn:<type slug>:<number>:<date> (laws by normalised name)."""
    t = slug(doc_type or "van-ban")
    key = number_key(number)
    if key:
        return f"vn:{t}:{key}:{issued or 'nd'}"
    return f"vn:{t}:{slug(name or '')[:MAX_ID_NAME].rstrip('-')}:{issued or 'nd'}"
