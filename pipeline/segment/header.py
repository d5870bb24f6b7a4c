"""Header fields from the header parts the structure builder found: type, number, date, place,
issuer (and parent body), title, signer, recipients, and the "kèm theo" line."""
from __future__ import annotations

import re
from typing import Any

from pipeline.legal import (
    BLANK_NUMBER_RE,
    NUMBER,
    normalize_number,
    parse_date,
    short_issuer,
    type_from_number,
)
from pipeline.segment.markers import AUTHORITY, MOTTO, NUMBER_LINE, PLACE_DATE, SIGN_CAPACITY, is_caps
from pipeline.text import clean_space, fold, sentence_case
from pipeline.vocab import doc_type_names

_ATTACHED = re.compile(r"kèm\s+theo\s+(?P<rest>.*)$", re.I)
_BLANK_REF_NUMBER = re.compile(r"số\s*:?\s*(/\s*[^\s,)]+)", re.I)
# Words that start an issuing body inside a two-level header ("UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ").
_SUB_BODY = re.compile(
    r"\s(?=(?:SỞ|BAN|VĂN\s+PHÒNG|PHÒNG|CỤC|CHI\s+CỤC|TRUNG\s+TÂM|TRƯỜNG|BỆNH\s+VIỆN|THANH\s+TRA|"
    r"KHO\s+BẠC|ĐẢNG\s+ỦY|ĐẢNG\s+UỶ|HỘI\s+ĐỒNG|ỦY\s+BAN|UỶ\s+BAN|TỔNG\s+CỤC|VỤ|ĐÀI|CÔNG\s+AN|BỘ\s+CHỈ\s+HUY)\s)"
)
# Section headings of the official gazette printed above a document ("VĂN BẢN QUY PHẠM PHÁP LUẬT").
_GAZETTE_SECTION = re.compile(r"^VĂN\s+BẢN\s+(?:QUY\s+PHẠM\s+PHÁP\s+LUẬT|KHÁC|HỢP\s+NHẤT)$")
_NAME = re.compile(r"((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][^\s\d]*\s+){1,5}[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][^\s\d]*)\s*$")


def split_issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent body) from the issuer lines of a header, written in short form."""
    text = clean_space(" ".join(ln for ln in lines if not MOTTO.search(ln))).strip(" -_–")
    text = re.sub(r"[-_–]{3,}", " ", text).strip()
    if not text:
        return None, None
    half = len(text) // 2
    if len(text) % 2 == 1 and text[:half] == text[half + 1:]:
        text = text[:half]  # the issuer printed twice by a two-column extraction
    parts = _SUB_BODY.split(text, maxsplit=1) if not AUTHORITY.match(text) or text.startswith(("ỦY BAN", "UỶ BAN")) else [text]
    if len(parts) == 2 and parts[0].strip():
        return short_issuer(parts[1]), short_issuer(parts[0])
    return short_issuer(text), None


def read_header(parts: list[str]) -> dict[str, Any]:
    """Read number, date, place and issuer lines out of the header parts (in reading order)."""
    out: dict[str, Any] = {}
    issuer_lines: list[str] = []
    seen_number = False
    for k, text in enumerate(parts):
        text = clean_space(text)
        if not text:
            continue
        m = NUMBER_LINE.match(text)
        if m and not seen_number:
            rest = m.group("rest") or (parts[k + 1] if k + 1 < len(parts) else "")
            num = re.search(NUMBER, rest)
            blank = BLANK_NUMBER_RE.match(rest)
            if m.group("type") and _type_word(m.group("type")):
                out["doc_type"] = _type_word(m.group("type"))
                out["issued_date"] = parse_date(rest)
            if num:
                out["number"] = normalize_number(num.group(0))
            elif blank:
                out["number"] = "/" + normalize_number(blank.group(1))
                out["number_blank"] = True
            seen_number = True
            continue
        m = PLACE_DATE.match(text)
        if m and "place" not in out:
            out["place"] = clean_space(m.group("place")).strip("*")
            if m.group("d") and m.group("m"):
                out["issued_date"] = parse_date(f"{m.group('d')}/{m.group('m')}/{m.group('y')}")
            else:
                out["issued_date"] = None
                out["date_blank"] = True
            continue
        if not seen_number and is_caps(text) and not MOTTO.search(text):
            issuer_lines.append(text)
    issuer, parent = split_issuer([ln for ln in issuer_lines if not _GAZETTE_SECTION.match(ln)])
    if issuer:
        out["issuer"] = issuer
        out["issuer_parent"] = parent
    return out


def read_attached_to(text: str, place: str | None) -> dict[str, Any] | None:
    """The document a "(Ban hành) kèm theo …" line names: type, number, date, issuer."""
    m = _ATTACHED.search(clean_space(text).strip("*"))
    if not m:
        return None
    rest = m.group("rest")
    num = re.search(NUMBER, rest)
    blank = None if num else _BLANK_REF_NUMBER.search(rest)
    number = normalize_number(num.group(0)) if num else ("/" + normalize_number(blank.group(1)).lstrip("/") if blank else None)
    raw_type = rest
    issuer_m = re.search(r"\bcủa\s+([^)]+)", rest[num.end():] if num else rest)
    issuer = issuer_m.group(1).strip(" .*") if issuer_m else None
    doc_type = _type_word(raw_type) or (type_from_number(number) if number else None)
    out = {
        "doc_type": doc_type,
        "number": number,
        "issued_date": parse_date(rest),
        "issuer": resolve_local_issuer(clean_space(issuer), place) if issuer else None,
    }
    return out if (out["doc_type"] or out["number"]) else None


def _type_word(text: str) -> str | None:
    f = fold(text)
    for name in doc_type_names():
        if f.startswith(fold(name)):
            return name
    return None


def resolve_local_issuer(text: str, place: str | None) -> str:
    """"UBND tỉnh" → "UBND tỉnh Lâm Đồng" when the document's province is known."""
    short = short_issuer(text)
    if place and re.fullmatch(r"(UBND|HĐND) (tỉnh|thành phố)", short, re.I):
        return f"{short} {place}"
    if place and re.fullmatch(r"Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ", short, re.I):
        return f"{short} {place}"
    return short


def read_title(parts: list[str]) -> str | None:
    """The trích yếu: the title paragraphs joined, capitals turned to sentence case."""
    text = clean_space(" ".join(parts)).strip(" *")
    if not text:
        return None
    text = sentence_case(text)
    return text[:1].upper() + text[1:]


def read_signature(parts: list[str]) -> dict[str, Any]:
    """Signer name, signing capacity (TM./KT./TL. …) and position from the signature block."""
    text = clean_space(" ".join(parts))
    out: dict[str, Any] = {"signer": None, "signer_capacity": None, "signer_position": None}
    m = _NAME.search(text)
    if m and not is_caps(m.group(1)):
        out["signer"] = m.group(1).strip()
        text = text[: m.start()].strip()
    caps = [p for p in re.split(r"\s+(?=(?:TM|KT|TL|TUQ|Q|T/M|K/T)\.)", text) if p]
    for part in caps:
        if SIGN_CAPACITY.match(part) and out["signer_capacity"] is None:
            cap = re.match(r"^(\S+\.?)\s+(.*)$", part)
            out["signer_capacity"] = part.strip()
            rest = cap.group(2) if cap else ""
            # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": the position repeats the office after the capacity's own words
            pos = re.search(r"(PHÓ\s+\S.*|THỨ\s+TRƯỞNG.*|CHÁNH\s+VĂN\s+PHÒNG.*)$", rest)
            if pos:
                out["signer_capacity"] = part[: len(part) - len(pos.group(1))].strip()
                out["signer_position"] = pos.group(1).strip()
    if out["signer_position"] is None and caps:
        last = caps[-1]
        if not SIGN_CAPACITY.match(last):
            out["signer_position"] = last.strip()
        elif out["signer_capacity"] == last.strip():
            out["signer_position"] = re.sub(r"^\S+\s+", "", last).strip() or None
    return out
