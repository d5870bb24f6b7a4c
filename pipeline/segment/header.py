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
from pipeline.segment.fields import Closing, Header
from pipeline.segment.zones import ClosingZone, HeaderZone
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


def read_header(zone: HeaderZone) -> Header:
    """The header's fields from its zone: number, date, place and issuer from its lines (in reading
    order), the type from the type heading or else the number line ("Luật số: 51/2024/QH15")."""
    head = _HeaderLines([p for part in zone.lines for p in _split_columns(clean_space(part)) if p]).read()
    head.doc_type = zone.doc_type or head.doc_type
    return head


class _HeaderLines:
    """One pass over the header's lines: the first number line, the first "V/v" subject, the first
    place-and-date line, and the capitals above the number that name the issuer."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.head = Header()
        self.issuer_lines: list[str] = []
        self.seen_number = self.seen_place = self.signing = False

    def read(self) -> Header:
        k = 0
        while k < len(self.parts):  # a number line may insert the date column read onto it
            text = _RULE_RUN.sub("", clean_space(self.parts[k]))
            if text:
                self._line(k, text)
            k += 1
        self._issuer()
        return self.head

    def _line(self, k: int, text: str) -> None:
        """Read line *k* as the number, the subject, the place and date, or an issuer line."""
        m = NUMBER_LINE.match(text)
        if m and not self.seen_number:
            self._number_line(k, m)
            return
        vv = mk.SUBJECT_LINE.match(text)
        if vv and self.head.subject is None:
            self.head.subject = vv.group(1)  # a công văn's trích yếu, under its number
            return
        m = PLACE_DATE.match(text)
        if m and not self.seen_place:
            self._place_date(m)
            return
        if text == "NAM" and k and re.search(r"VIỆT\s*$", self.parts[k - 1]):
            return  # the motto's last word wrapped onto a line of its own
        if not self.seen_number and is_caps(text) and not MOTTO.search(text) and not self.signing:
            self._capitals(text)

    def _number_line(self, k: int, m: re.Match[str]) -> None:
        """"Số: 2571/QĐ-UBND" (the number on the next line when this one stops at "Số:"), "Số: /KH-UBND"
        (left blank), "Luật số: 51/2024/QH15" (the type before it)."""
        head = self.head
        rest = m.group("rest") or (self.parts[k + 1] if k + 1 < len(self.parts) else "")
        num = re.search(NUMBER, rest)
        blank = BLANK_NUMBER_RE.match(rest)
        if m.group("type") and _type_word(m.group("type")):
            head.doc_type = _type_word(m.group("type"))
            head.issued_date = parse_date(rest)
        if num:
            head.number = normalize_number(num.group(0))
            tail = clean_space(rest[num.end():])
            if PLACE_DATE.match(tail):  # the date column read onto the number's line
                self.parts.insert(k + 1, tail)
        elif blank:
            head.number = "/" + normalize_number(blank.group(1))
            head.number_blank = True
        self.seen_number = True

    def _place_date(self, m: re.Match[str]) -> None:
        """"Lâm Đồng, ngày 30 tháng 12 năm 2022": the place (a province's name restored) and the date,
        or a date left blank ("ngày    tháng    năm 2024")."""
        place = clean_space(m.group("place")).strip("*")
        self.head.place = province(place) or place
        self.seen_place = True
        if m.group("d") and m.group("m") and m.group("y"):
            self.head.issued_date = parse_date(f"{m.group('d')}/{m.group('m')}/{m.group('y')}")
        else:
            self.head.issued_date = None
            self.head.date_blank = True

    def _capitals(self, text: str) -> None:
        """A line in capitals above the number: an issuer line, or a signing capacity."""
        capacity = _SIGNS_FOR.match(text)
        if capacity:  # a signature block read as a header: "TM. CHÍNH PHỦ" signs for the issuer,
            self.signing = True  # and the positions under it ("PHÓ THỦ TƯỚNG") name no body
            if capacity.group("for"):
                self.issuer_lines.append(capacity.group("for"))
            return
        if not _NOT_ISSUER.match(text):
            self.issuer_lines.append(text)

    def _issuer(self) -> None:
        """The issuer and its parent body from the issuer lines, the gazette's section headings left out."""
        lines = [_GAZETTE_SECTION.sub("", ln) for ln in self.issuer_lines if _GAZETTE_SECTION.sub("", ln)]
        issuer, parent = split_issuer(lines)
        if issuer:  # a province's name restored where OCR or a font lost its marks
            self.head.issuer = fix_place_names(issuer)
            self.head.issuer_parent = fix_place_names(parent) if parent else parent


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


def read_closing(zone: ClosingZone) -> Closing:
    """The closing's fields from its zone: the signature block's signer, capacity and position, and
    the recipients as written (empty lines left out)."""
    sig = read_signature(zone.signature) if zone.signature else {}
    return Closing(sig.get("signer"), sig.get("signer_capacity"), sig.get("signer_position"),
                   [r for r in zone.recipients if r.strip()])


def full_issuer(head: Header) -> str | None:
    """The issuer as the contract names it: a bare "UBND tỉnh" completed with the place, a
    province's department with its province ("Sở Tư pháp" under "UBND tỉnh Lâm Đồng" → "Sở Tư pháp
    tỉnh Lâm Đồng")."""
    issuer = head.issuer
    if issuer and head.place:
        issuer = resolve_local_issuer(issuer, head.place)
    return with_province(issuer, head.issuer_parent)


_PROVINCIAL_PARENT = re.compile(r"^UBND (?P<level>tỉnh|thành phố) (?P<place>\S.*)$")


def with_province(issuer: str | None, parent: str | None) -> str | None:
    """A department under a province's people's committee named with its province, as written
    officially: "UBND TỈNH LÂM ĐỒNG / SỞ TƯ PHÁP" → "Sở Tư pháp tỉnh Lâm Đồng", "SỞ VĂN HÓA, THỂ
    THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du lịch tỉnh …" (the agency gazetteer's spelling)."""
    from extractors.agencies import gazetteer

    m = _PROVINCIAL_PARENT.match(parent or "")
    if not issuer or not m or fold(m.group("place")) in fold(issuer):
        return issuer
    known = gazetteer().get(fold(issuer))
    if known and known[2] == "provincial" and known[1].endswith(" tỉnh {place}"):
        return known[1].replace(" tỉnh {place}", f" {m.group('level')} {m.group('place')}")
    if issuer.startswith("Sở "):
        return f"{issuer} {m.group('level')} {m.group('place')}"
    return issuer
