"""Header fields from the header parts the structure builder found: type, number, date, place,
issuer (and parent body), title, signer, recipients, and the "kèm theo" line."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.legal import (
    BLANK_NUMBER_RE,
    NUMBER,
    normalize_number,
    parse_date,
    short_issuer,
    type_from_number,
)
from pipeline.places import fix_place_names, province
from pipeline.notation import markers as mk
from pipeline.notation.markers import MOTTO, NUMBER_LINE, PLACE_DATE, is_caps
from pipeline.notation.offices import alternation, body_heads
from pipeline.text import clean_space, fold, nfc, sentence_case
from pipeline.vocab import doc_type_names, issuer_by_code, issuer_heads

_ATTACHED = re.compile(r"kèm\s+theo\s+(?P<rest>.*)$", re.I)
_BLANK_REF_NUMBER = re.compile(r"số\s*:?\s*(/\s*[^\s,)]+)", re.I)
# Words that start an issuing body inside a two-level header ("UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ").
# (body_heads.csv, use "sub_body"; the office of its parent may end the line: "… / VĂN PHÒNG")
_SUB_BODY = re.compile(r"(?<![YỶ])\s(?=(?:" + alternation(body_heads("sub_body"), "caps") + r")\s|VĂN\s+PHÒNG$)")
# Section headings of the official gazette printed above a document ("VĂN BẢN QUY PHẠM PHÁP LUẬT").
_GAZETTE_SECTION = re.compile(r"^VĂN\s+BẢN\s+(?:QUY\s+PHẠM\s+PHÁP\s+LUẬT|PHÁP\s+LUẬT\s+KHÁC|KHÁC|HỢP\s+NHẤT)\b\s*")
# Two header columns read into one line: "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI …", "Số: 982/QĐ-TTg Hà Nội, ngày …"
# The rule printed under an issuer or motto, run onto a header line by a text extraction.
_RULE_RUN = re.compile(r"^[-_–—]{3,}\s*|\s*[-_–—]{3,}$")
# A signing capacity: "TM. CHÍNH PHỦ KT. THỦ TƯỚNG …" signs for the body after "TM."; "KT. BỘ TRƯỞNG" for a person.
_SIGNS_FOR = re.compile(r"^(?:(?:TM|T/M)\s*\.?\s+(?P<for>.+?)(?=\s+(?:KT|TL|TUQ|Q|K/T)\s*\.|$)|(?:KT|TL|TUQ|Q|K/T)\s*\.\s)")
# Capitals above a number that name a list or an annex, not a body.
_NOT_ISSUER = re.compile(r"^(?:DANH\s+SÁCH|DANH\s+MỤC|PHỤ\s+LỤC|BIỂU|MẪU)\b")
# Where the motto's column starts inside a line that joined both columns (marks and case folded).
_COLUMN_SPLIT = mk.Folded(r"\s+(?=cong\s+hoa\s+xa|doc\s+lap\s*-)")


@lru_cache(maxsize=1)
def _known_issuers() -> set[str]:
    return {fold(name) for name in issuer_by_code().values()}


def split_issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent body) from the issuer lines of a header, written in short form."""
    text = clean_space(" ".join(ln for ln in lines if not MOTTO.search(ln))).strip(" -_–")
    text = re.sub(r"[-_–]{3,}", " ", text).strip()
    if not text:
        return None, None
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and fold(" ".join(words[:half])) == fold(" ".join(words[half:])):
        text = " ".join(words[:half])  # the issuer printed twice by a two-column extraction
    if fold(text) in _known_issuers():
        return short_issuer(text), None
    if not opens_body(text):
        return None, None  # capitals that name no body: a report's title, a score sheet's heading
    # the body under its parent ("ỦY BAN NHÂN DÂN TỈNH … / SỞ NỘI VỤ"): the first split that leaves
    # the parent a name of two words or more ("BỘ CÔNG AN / CÔNG AN TỈNH …", not "BỘ / CÔNG AN …")
    for m in _SUB_BODY.finditer(text):
        parent, body = text[:m.start()].strip(), text[m.end():].strip()
        if len(parent.split()) >= 2 and body:
            issuer = short_issuer(body)
            if fold(issuer) == "van phong":  # the office of its parent: "Văn phòng UBND tỉnh …"
                issuer = f"{issuer} {short_issuer(parent)}"
            return issuer, short_issuer(parent)
    return short_issuer(text), None


def _split_columns(text: str) -> list[str]:
    """A header line that joined the issuer's and the motto's columns, cut where the motto (in
    capitals, "CỘNG HÒA XÃ HỘI …", or "Độc lập - …") starts."""
    cuts = [m.end() for m in _COLUMN_SPLIT.finditer(text) if text[m.end()].isupper()]
    return [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)])]


def opens_body(text: str) -> bool:
    """True when *text* opens with a word that starts an issuing body's name (body_heads.csv, use "issuer")."""
    low = nfc(text).lower()
    return any(low == head or low.startswith(head + " ") for head in issuer_heads())


def read_header(parts: list[str]) -> dict[str, Any]:
    """Read number, date, place and issuer lines out of the header parts (in reading order)."""
    out: dict[str, Any] = {}
    issuer_lines: list[str] = []
    seen_number = signing = False
    parts = [p for part in parts for p in _split_columns(clean_space(part)) if p]
    for k, text in enumerate(parts):
        text = _RULE_RUN.sub("", clean_space(text))
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
                tail = clean_space(rest[num.end():])
                if PLACE_DATE.match(tail):  # the date column read onto the number's line
                    parts.insert(k + 1, tail)
            elif blank:
                out["number"] = "/" + normalize_number(blank.group(1))
                out["number_blank"] = True
            seen_number = True
            continue
        vv = mk.SUBJECT_LINE.match(text)
        if vv and "subject" not in out:
            out["subject"] = vv.group(1)  # a công văn's trích yếu, under its number
            continue
        m = PLACE_DATE.match(text)
        if m and "place" not in out:
            place = clean_space(m.group("place")).strip("*")
            out["place"] = province(place) or place
            if m.group("d") and m.group("m") and m.group("y"):
                out["issued_date"] = parse_date(f"{m.group('d')}/{m.group('m')}/{m.group('y')}")
            else:
                out["issued_date"] = None
                out["date_blank"] = True
            continue
        if text == "NAM" and k and re.search(r"VIỆT\s*$", parts[k - 1]):
            continue  # the motto's last word wrapped onto a line of its own
        if not seen_number and is_caps(text) and not MOTTO.search(text) and not signing:
            capacity = _SIGNS_FOR.match(text)
            if capacity:  # a signature block read as a header: "TM. CHÍNH PHỦ" signs for the issuer,
                signing = True  # and the positions under it ("PHÓ THỦ TƯỚNG") name no body
                if capacity.group("for"):
                    issuer_lines.append(capacity.group("for"))
                continue
            if not _NOT_ISSUER.match(text):
                issuer_lines.append(text)
    issuer, parent = split_issuer([_GAZETTE_SECTION.sub("", ln) for ln in issuer_lines if _GAZETTE_SECTION.sub("", ln)])
    if issuer:  # a province's name restored where OCR or a font lost its marks
        out["issuer"] = fix_place_names(issuer)
        out["issuer_parent"] = fix_place_names(parent) if parent else parent
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


_POSITION = re.compile(rf"(?:PHÓ\s+)?(?:{mk.OFFICES})(?:\s+[A-ZĐÀ-Ỹ]+)*$")  # "PHÓ CHỦ TỊCH", "GIÁM ĐỐC SỞ …"
_CAPACITY = re.compile(r"\b(?:TM|KT|TL|TUQ|T/M|K/T|Q)\s*\.?\s", re.I)


def _trailing_name(text: str) -> tuple[str | None, str]:
    """(signer name, the text before it): the name is the run of Title-case words at the end."""
    words = text.split()
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and (words[k - 1][1:].islower() or len(words[k - 1]) == 1):
        k -= 1
    if 2 <= len(words) - k <= 6:
        name, rest = " ".join(words[k:]), " ".join(words[:k])
        rank = mk.RANK.search(name)  # "Thiếu Tướng Trương Minh Đương": the rank is neither name
        if rank:
            name = name[rank.end():]
        rank = mk.RANK_AT_END.search(rest)  # nor position ("GIÁM ĐỐC Thiếu tướng")
        return name, (rest[:rank.start()] if rank else rest)
    return None, text


def read_signature(parts: list[str]) -> dict[str, Any]:
    """Signer name, signing capacity (TM./KT./TL. … as written) and position from the signature block."""
    text = clean_space(" ".join(parts)).strip("* ")
    name, rest = _trailing_name(text)
    rest = rest.strip(" *")
    capacity = position = None
    if rest:
        markers = list(_CAPACITY.finditer(rest))
        after = rest[markers[-1].end():] if markers else rest
        words = after.split()
        # the position is the last office named: "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" → "PHÓ CHỦ TỊCH"
        for k in range(max(1 if markers else 0, len(words) - 12), len(words)):
            tail = " ".join(words[k:])
            if _POSITION.match(tail):
                position = tail
                break
        if markers:
            capacity = rest[: len(rest) - len(position)].strip() if position else rest
        elif position is None and rest:
            position = rest
    return {"signer": name, "signer_capacity": capacity or None, "signer_position": position}
