"""The header's fields a document does not state where they belong, borrowed from elsewhere in it:
each fallback fills one field of a Header or Closing when it is empty and returns its warning
(None when it borrowed nothing, or when the borrowing is as sure as the field itself)."""
from __future__ import annotations

import re

from pipeline import legal
from pipeline.model import Node, Warning_, WarningCode
from pipeline.segment.fields import Closing, Header
from pipeline.segment.header import read_signature
from pipeline.segment.signature import fallback_signature
from pipeline.segment.zones import HeaderZone


def type_from_number(head: Header) -> Warning_ | None:
    """The type named by the number's symbol ("2571/QĐ-UBND" → Quyết định) where no heading names
    it; no warning: the symbol is the type's own abbreviation."""
    if head.doc_type is None and head.number:
        head.doc_type = legal.type_from_number(head.number)
    return None


def type_from_subject(head: Header, zone: HeaderZone) -> Warning_ | None:
    """A công văn where no type is named but a "V/v" subject stands in the header (only a công văn
    carries one under its number)."""
    if head.doc_type is not None or not any(re.match(r"V/v\b", line, re.I) for line in zone.lines):
        return None
    head.doc_type = "Công văn"
    return Warning_(WarningCode.TYPE_FROM_SUBJECT, "document type read from the 'V/v' subject line: a công văn", "header")


def place_from_issuer(head: Header) -> Warning_ | None:
    """The place named in the issuer ("UBND tỉnh Lâm Đồng" → "Lâm Đồng") where no place-and-date
    line gives it; no warning: the issuer's own name says it."""
    if not head.place:
        head.place = _place_of(head.issuer)
    return None


def number_from_attached_line(head: Header, attached_to: list[dict]) -> Warning_ | None:
    """A dump without its header (the seed): number, date and issuer from the first "kèm theo" line
    naming a document of its own type ("Ban hành kèm theo Quyết định số 2571/QĐ-UBND ngày …")."""
    if head.number or head.issued_date:
        return None
    for info in attached_to:
        if info["doc_type"] == head.doc_type and info["number"]:
            head.number = info["number"]
            head.issued_date = info["issued_date"]
            if info["issuer"] and not head.issuer:
                head.issuer = info["issuer"]
            return Warning_(WarningCode.HEADER_FROM_ATTACHMENT,
                            f"number, date and issuer read from the 'kèm theo' line of {info['node']}", info["node"])
    return None


# Texts adopted by an elected body carry their date in the closing sentence: "Luật này đã được
# Quốc hội … thông qua ngày 27 tháng 11 năm 2024."
_ADOPTED = {"Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh"}
_ADOPTION = re.compile(r"\b(?:Luật|Bộ\s+luật|Nghị\s+quyết|Pháp\s+lệnh)\s+(?:này\s+)?(?:đã\s+)?được\b[^.]{0,300}?"
                       r"\bthông\s+qua\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
# How many of the document's last nodes the adoption sentence is looked for in.
_ADOPTION_TAIL = 60


def date_from_adoption(head: Header, root: Node) -> Warning_ | None:
    """An undated law or resolution dated by its adoption sentence among its last paragraphs
    ("… thông qua ngày 27 tháng 11 năm 2024"); not where the form left the date blank."""
    if head.issued_date or head.date_blank or head.doc_type not in _ADOPTED:
        return None
    for n in reversed(list(root.walk())[-_ADOPTION_TAIL:]):
        m = _ADOPTION.search(n.text or "")
        date = legal.parse_date(f"{m.group(1)}/{m.group(2)}/{m.group(3)}") if m else None
        if date:
            head.issued_date = date
            return Warning_(WarningCode.DATE_FROM_ADOPTION,
                            f"issue date read from the adoption sentence ('thông qua ngày …') of {n.id}", n.id)
    return None


def issuer_from_number(head: Header) -> Warning_ | None:
    """A central body named by the number's symbol (NĐ-CP → Chính phủ, QH15 → Quốc hội) where the
    header names no issuer; not from a number left blank."""
    if head.issuer or not head.number or head.number_blank:
        return None
    head.issuer = legal.issuer_from_number(head.number)
    if not head.issuer:
        return None
    return Warning_(WarningCode.ISSUER_FROM_NUMBER, f"issuer read from the number's symbol {head.number}", "header")


def signature_from_elsewhere(closing: Closing, root: Node) -> Warning_ | None:
    """The signer, capacity and position from a signature block outside the closing (an attached
    text's, one a gazette page put first) where the closing names no signer."""
    if closing.signer:
        return None
    parts = fallback_signature(root)
    if not parts:
        return None
    sig = read_signature(parts)
    closing.signer, closing.signer_capacity, closing.signer_position = (
        sig["signer"], sig["signer_capacity"], sig["signer_position"])
    return Warning_(WarningCode.SIGNATURE_ELSEWHERE,
                    f"signer read from a signature block outside the closing: {' / '.join(parts)}", "header")


def _place_of(issuer: str | None) -> str | None:
    """"UBND tỉnh Lâm Đồng" → "Lâm Đồng"."""
    if not issuer:
        return None
    for level in ("tỉnh ", "thành phố ", "Thành phố ", "TP. ", "huyện ", "xã ", "phường "):
        if level in issuer:
            return issuer.split(level, 1)[1].strip() or None
    return None
