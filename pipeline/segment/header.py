"""Header fields from the header parts the structure builder found: type, number, date, place,
issuer (and parent body), title, signer, recipients, and the "kèm theo" line."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.legal import (
    BLANK_NUMBER_RE,
    NUMBER,
    issuer_from_number,
    normalize_number,
    parse_date,
    short_issuer,
    type_from_number,
)
from pipeline.places import fix_place_names, province
from pipeline.notation import markers as mk
from pipeline.notation.markers import MOTTO, NUMBER_LINE, PLACE_DATE, is_caps
from pipeline.notation.offices import alternation, body_heads, offices
from pipeline.segment.fields import Closing, Header
from pipeline.segment.zones import CAPACITY_OPENS, SIGN_POSITION as _SIGN_POSITION, ClosingZone, HeaderZone, looks_like_name
from pipeline.text import clean_space, fold, nfc, sentence_case
from pipeline.vocab import doc_type_names, issuer_by_code, issuer_heads, province_rows

_ATTACHED = re.compile(r"kèm\s+theo\s+(?P<rest>.*)$", re.I)
# A form's blanks in a "kèm theo" line: "số......", "ngày… tháng…", "của .....(1)".
_PLACEHOLDER = re.compile(r"\b(?:số|ngày|tháng|năm|của)\s*:?\s*(?:\.{2,}|…)", re.I)
# What continues a body's name past a known one: a capital, a level word ("Ủy ban nhân dân tỉnh …"), "các".
_NAME_GOES_ON = re.compile(r"(?:[A-ZĐÀ-Ỹ]|(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn|đặc\s+khu|các)\b)")
# "… của Chính phủ tại Nghị quyết số …": the words after the issuer's name.
_PLACE_AFTER = re.compile(r"\s+tại(?:\s.*)?$")
_BLANK_REF_NUMBER = re.compile(r"số\s*:?\s*(/\s*[^\s,)]+)", re.I)
# Words that start an issuing body inside a two-level header ("UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ").
# (body_heads.csv, use "sub_body"; the office of its parent may end the line: "… / VĂN PHÒNG")
_SUB_BODY = re.compile(r"(?<![YỶ])\s(?=(?:" + alternation(body_heads("sub_body"), "caps") + r")\s|VĂN\s+PHÒNG$)")
# Section headings of the official gazette printed above a document ("VĂN BẢN QUY PHẠM PHÁP LUẬT").
_GAZETTE_SECTION = re.compile(r"^VĂN\s+BẢN\s+(?:QUY\s+PHẠM\s+PHÁP\s+LUẬT|PHÁP\s+LUẬT\s+KHÁC|KHÁC|HỢP\s+NHẤT)\b\s*")
# Two header columns read into one line: "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI …", "Số: 982/QĐ-TTg Hà Nội, ngày …"
# The rule printed under an issuer or motto, run onto a header line by a text extraction.
_RULE_RUN = re.compile(r"^[-_–—]{3,}\s*|\s*[-_–—]{3,}$")
# A letter or digit before the number on its line: the number OCR split or misread is no sure number.
_MISREAD_LEAD = re.compile(r"\w")
# A signing capacity: "TM. CHÍNH PHỦ KT. THỦ TƯỚNG …" signs for the body after "TM."; "KT. BỘ TRƯỞNG" for a person.
_SIGNS_FOR = re.compile(r"^(?:(?:TM|T/M)\s*\.?\s+(?P<for>.+?)(?=\s+(?:KT|TL|TUQ|Q|K/T)\s*\.|$)|(?:KT|TL|TUQ|Q|K/T)\s*\.\s)")
# The dash between the bodies of a joint header (and inside a name: "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI").
_JOINT_DASH = re.compile(r"\s+[-–]\s+")
# Capitals above a number that name a list or an annex, not a body.
_NOT_ISSUER = re.compile(r"^(?:DANH\s+SÁCH|DANH\s+MỤC|PHỤ\s+LỤC|BIỂU|MẪU)\b")
# Where the motto's column starts inside a line that joined both columns (marks and case folded).
_COLUMN_SPLIT = mk.Folded(r"\s+(?=cong\s+hoa\s+xa|doc\s+lap\s*-)")


@lru_cache(maxsize=1)
def _known_issuers() -> set[str]:
    return {fold(name) for name in issuer_by_code().values()}


@lru_cache(maxsize=1)
def _signing_offices() -> tuple[tuple[str, str], ...]:
    """(folded office and a space, the office as written) of offices.csv's "sign" use, longest first:
    ("chu tich ", "Chủ tịch")."""
    return tuple((fold(o) + " ", o) for o in sorted(offices("sign"), key=len, reverse=True))


def _office_of_body(text: str) -> str | None:
    """The issuer where the head of a body decides in its own name: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
    ĐỒNG THÁP" (a QĐ-CTUBND) → "Chủ tịch UBND tỉnh Đồng Tháp"; the body is not its parent."""
    folded = fold(text)
    for key, office in _signing_offices():
        if folded.startswith(key) and opens_body(text[len(key):]):
            return f"{office} {short_issuer(text[len(key):])}"
    return None


# A party committee named by its place ("TỈNH UỶ ĐỒNG THÁP", "ĐẢNG UỶ XÃ LŨNG CÚ" in capitals).
_PARTY_COMMITTEE = re.compile(r"^(?P<head>(?:Tỉnh|Thành|Huyện|Quận|Thị) (?:uỷ|ủy)|Đảng (?:uỷ|ủy) (?:xã|phường|thị trấn|đặc khu))"
                              r" (?P<place>[^\W\d_]+(?: [^\W\d_]+){0,3})$")


def _short(text: str) -> str:
    """The issuer's short form (short_issuer), a party committee's place title-cased as a name:
    "HUYỆN UỶ ĐỒNG VĂN" → "Huyện uỷ Đồng Văn" (not "Huyện uỷ đồng văn")."""
    short = short_issuer(text)
    m = _PARTY_COMMITTEE.match(short)
    if not m or not is_caps(text):
        return short
    return f"{m.group('head')} " + " ".join(w[:1].upper() + w[1:] for w in m.group("place").split())


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
        return _short(text), None
    bodies = _joint_bodies(text)
    if len(bodies) >= 2 and all(fold(b) in _known_issuers() for b in bodies):
        return " - ".join(_short(b) for b in bodies), None  # a joint text's issuers, none the other's parent
    if not opens_body(text):
        return None, None  # capitals that name no body: a report's title, a score sheet's heading
    office = _office_of_body(text)
    if office:
        return office, None
    # the body under its parent ("ỦY BAN NHÂN DÂN TỈNH … / SỞ NỘI VỤ"): the first split that leaves
    # the parent a name of two words or more ("BỘ CÔNG AN / CÔNG AN TỈNH …", not "BỘ / CÔNG AN …")
    for m in _SUB_BODY.finditer(text):
        parent, body = text[:m.start()].strip(), text[m.end():].strip()
        if len(parent.split()) >= 2 and body:
            issuer = _short(body)
            if fold(issuer) == "van phong":  # the office of its parent: "Văn phòng UBND tỉnh …"
                issuer = f"{issuer} {_short(parent)}"
            return issuer, _short(parent)
    return _short(text), None


def _joint_bodies(text: str) -> list[str]:
    """The bodies of a joint header, each opening a body's name: "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - BỘ
    CÔNG AN - BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → three (the dash inside a name stays)."""
    bodies: list[str] = []
    for piece in _JOINT_DASH.split(text):
        if bodies and not opens_body(piece):
            bodies[-1] = f"{bodies[-1]} - {piece}"
        else:
            bodies.append(piece)
    return bodies


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
    if head.issuer is None:
        head.issuer = _issuer_of_authority(zone)
    return head


def _issuer_of_authority(zone: HeaderZone) -> str | None:
    """The body the authority line names where no issuer line stands above the number (a web page
    that printed no header columns): "QUỐC HỘI" → "Quốc hội", "BỘ TRƯỞNG BỘ CÔNG THƯƠNG" → "Bộ Công
    Thương" (the body, as its header prints it; "THỦ TƯỚNG CHÍNH PHỦ" is a body's name itself)."""
    line = next((text for text, _, role in zone.paragraphs if role == "authority"), None)
    heading = next((text for text, _, role in zone.paragraphs if role == "type"), "")
    if line is None or "lien tich" in fold(heading):
        return None  # a joint text (liên tịch) has as many issuers as signers: no one authority line names them
    text = clean_space(line).strip(" *:")
    folded = fold(text)
    if folded not in _known_issuers():
        key = next((k for k, _ in _signing_offices() if folded.startswith(k) and opens_body(text[len(k):])), "")
        text = text[len(key):]
    issuer = split_issuer([text])[0]
    return fix_place_names(issuer) if issuer else None


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
        if num and _MISREAD_LEAD.search(rest[:num.start()]):
            # OCR split the number ("Số: 3 49/C04-P6", "Số: 4H09 /BCA-C04": not 49, not 09); its symbol still says the type
            head.doc_type = head.doc_type or type_from_number(num.group(0))
            num = None
        blank = BLANK_NUMBER_RE.match(rest)
        if m.group("type") and _type_word(m.group("type")):
            head.doc_type = _type_word(m.group("type"))
            head.issued_date = parse_date(rest)
        found = num or blank
        if num:
            head.number = normalize_number(num.group(0))
        elif blank:
            head.number = "/" + normalize_number(blank.group(1))
            head.number_blank = True
        tail = clean_space(rest[found.end():]) if found else ""
        if PLACE_DATE.match(tail):  # the date column read onto the number's line ("Số: /UBND-NC Lâm Đồng, ngày …")
            self.parts.insert(k + 1, tail)
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
    if not num and _PLACEHOLDER.search(rest):
        return None  # a form's line to fill in ("Kèm theo Báo cáo số.... BC...... ngày…"): it names no document
    blank = None if num else _BLANK_REF_NUMBER.search(rest)
    number = normalize_number(num.group(0)) if num else ("/" + normalize_number(blank.group(1)).lstrip("/") if blank else None)
    raw_type = rest
    issuer_m = re.search(r"\bcủa\s+([^)]+)", rest[num.end():] if num else rest)
    issuer = _issuer_named(issuer_m.group(1).strip(" .*")) if issuer_m else None
    doc_type = _type_word(raw_type) or (type_from_number(number) if number else None)
    out = {
        "doc_type": doc_type,
        "number": number,
        "issued_date": parse_date(rest),
        "issuer": resolve_local_issuer(clean_space(issuer), place) if issuer else None,
    }
    return out if (out["doc_type"] or out["number"]) else None


def _issuer_named(text: str) -> str | None:
    """The issuer a "kèm theo" line names after "của", without the title or place run on after it:
    "Bộ trưởng Bộ Lao động - Thương binh và Xã hội hướng dẫn việc ủy quyền …" → "Bộ trưởng Bộ Lao
    động - Thương binh và Xã hội" (a known body's name, after an office), "Chính phủ tại" → "Chính phủ"."""
    text = _PLACE_AFTER.sub("", text)
    folded = fold(text)
    office = next((k for k, _ in _signing_offices() if folded.startswith(k)), "")
    for name in _known_issuers_longest():
        end = len(office) + len(name)
        if folded.startswith(office + name + " ") and not _NAME_GOES_ON.match(text[end + 1:]):
            return text[:end]
    return text or None


@lru_cache(maxsize=1)
def _known_issuers_longest() -> tuple[str, ...]:
    """The folded names of issuers.csv, longest first (the longest that opens a text is its body)."""
    return tuple(sorted(_known_issuers(), key=len, reverse=True))


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


# "V/v" (về việc) opening a title line under the type heading, left out as under a công văn's number.
_SUBJECT_ABBREVIATION = re.compile(r"^V/v\s*:?\s*(?=\S)", re.I)


def read_title(parts: list[str]) -> str | None:
    """The trích yếu: the title paragraphs joined, capitals turned to sentence case with the names in
    it written as Vietnamese writes them ("… TRÊN ĐỊA BÀN TỈNH ĐỒNG NAI" → "… trên địa bàn tỉnh Đồng Nai")."""
    text = _SUBJECT_ABBREVIATION.sub("", clean_space(" ".join(parts)).strip(" *"))
    if not text:
        return None
    cased = sentence_case(text)
    if cased != text:
        cased = names_cased(cased)
    return cased[:1].upper() + cased[1:]


@lru_cache(maxsize=1)
def _title_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """The names a title in capitals lost the case of, folded, and each as written: the issuers
    (issuers.csv, of two words or more), the provinces after their level word (provinces.csv), the
    issuer codes of three letters or more as acronyms ("UBND"), and a type cited by its number
    ("Quyết định số …"). Compiled once."""
    names = [n for n in issuer_by_code().values() if " " in n]
    names += [f"{r['level']} {n}" for r in province_rows() for n in (r["name"], r["also"]) if n]
    names += [code for code in issuer_by_code() if len(code) >= 3 and code.isalpha()]
    written = {fold(n): n for n in names}
    types = {fold(n): n for n in doc_type_names()}
    alternatives = "|".join(re.escape(k) for k in sorted(written, key=len, reverse=True))
    cited = "|".join(re.escape(k) for k in sorted(types, key=len, reverse=True))
    # a type only before its number: "quyết định số 636/…", not the verb of "quyết định số lượng …"
    # ... and not a name's last word starting a verb: "ủy ban nhân dân tỉnh ủy quyền" holds no "Tỉnh ủy"
    pattern = rf"(?<!\w)(?:(?:{alternatives})(?!\w)(?!\s+(?:quyen|thac|nhiem)\b)|(?:{cited})(?=\s+so\s*:?\s*\d))"
    return re.compile(pattern), {**types, **written}


def names_cased(text: str) -> str:
    """*text* (a title turned to lower case) with the case of the names it holds restored, its own
    letters and marks kept: "… của ubnd tỉnh quảng nam" → "… của UBND tỉnh Quảng Nam"."""
    pattern, written = _title_names()
    out = list(text)
    for m in pattern.finditer(fold(text)):
        name = written[m.group(0)]
        for k, c in enumerate(name, m.start()):
            if c.isupper():
                out[k] = out[k].upper()
    return "".join(out)


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


# Longest signing line in capitals (a capacity with its body: "KT. CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO").
_SIGN_LINE_MAX = 80


# … or closing the line above the block ("XÁC THỰC VĂN BẢN HỢP NHẤT KT." over "BỘ TRƯỞNG").
_CAPACITY_ENDS = re.compile(r"(?:^|\s)(?P<mark>(?:TM|KT|TL|TUQ|T/M|K/T)\s*\.)$")


def _opens_signature(line: str) -> bool:
    """A signing line in capitals ("KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "TL."), the name after it if any."""
    rest = _trailing_name(line)[1]
    opens = mk.SIGN_CAPACITY.match(rest) or CAPACITY_OPENS.match(rest) or _SIGN_POSITION.match(rest)
    return bool(opens) and is_caps(rest) and len(rest) <= _SIGN_LINE_MAX


def _ends_signature(line: str) -> bool:
    """The signer's name, alone or after the signing words in capitals ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Võ Tấn Đức")."""
    if looks_like_name(line):
        return True
    name, rest = _trailing_name(line)
    return name is not None and is_caps(rest)


def _signing_line(line: str) -> bool:
    """A further line of a signature without a name yet: short capitals, not an appendix's or a list's heading."""
    return is_caps(line) and len(line) <= _SIGN_LINE_MAX and not _NOT_ISSUER.match(line)


def signature_block(parts: list[str]) -> list[str]:
    """The signature block among the lines a closing gave it: from its first signing line in capitals
    to the signer's name that ends it. What a layout ran into it is left out: a heading above it
    ("XÁC THỰC VĂN BẢN HỢP NHẤT"), an appendix, its table or a footnote after the name (a web page's
    table cell holding all of them). Lines with neither a signing line nor a name are no signature."""
    lines = [p.strip(" *") for p in parts if p.strip(" *")]
    start = next((k for k, line in enumerate(lines) if _opens_signature(line)), None)
    end = next((k for k in range(start or 0, len(lines)) if _ends_signature(lines[k])), None)
    mark = _CAPACITY_ENDS.search(lines[start - 1]) if start else None
    if mark:  # the capacity's abbreviation ended the line above: "… HỢP NHẤT KT." / "BỘ TRƯỞNG"
        lines[start - 1], start = mark.group("mark"), start - 1
    if end is not None:
        return lines[start or 0:end + 1]
    if start is None:
        return lines if all(map(_signing_line, lines)) else []
    stop = next((k for k in range(start + 1, len(lines)) if not _signing_line(lines[k])), len(lines))
    return lines[start:stop]


def _position(words: list[str], after_capacity: bool) -> str | None:
    """The position among the signing words after the last capacity: the last office named ("KT.
    CHỦ TỊCH PHÓ CHỦ TỊCH" → "PHÓ CHỦ TỊCH"); after a capacity a deputy's office first, the office
    before it being the capacity's ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM" → "PHÓ CHỦ NHIỆM")."""
    tails = [" ".join(words[k:]) for k in range(max(1 if after_capacity else 0, len(words) - 12), len(words))]
    if after_capacity:
        deputy = next((t for t in tails if t.startswith("PHÓ ") and _POSITION.match(t)), None)
        if deputy:
            return deputy
    return next((t for t in tails if _POSITION.match(t)), None)


def read_signature(parts: list[str]) -> dict[str, Any]:
    """Signer name, signing capacity (TM./KT./TL. … as written) and position from the signature block."""
    text = clean_space(" ".join(signature_block(parts))).strip("* ")
    name, rest = _trailing_name(text)
    rest = rest.strip(" *")
    capacity = position = None
    if rest:
        markers = list(_CAPACITY.finditer(rest))
        after = rest[markers[-1].end():] if markers else rest
        position = _position(after.split(), bool(markers))
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
    issuer = _named_by_number(head.issuer, head.number)
    if issuer and head.place:
        issuer = resolve_local_issuer(issuer, head.place)
    return with_province(issuer, head.issuer_parent)


def _named_by_number(issuer: str | None, number: str | None) -> str | None:
    """The name the number's symbol gives the issuer where the header's is its beginning: "BAN
    CHẤP HÀNH TRUNG ƯƠNG / BAN TỔ CHỨC" of 45-HD/BTCTW → "Ban Tổ chức Trung ương"."""
    named = issuer_from_number(number) if issuer and number else None
    return named if named and fold(named).startswith(fold(issuer) + " ") else issuer


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
