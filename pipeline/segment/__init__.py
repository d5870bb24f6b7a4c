"""Segmentation: the structure tree and the header fields of a Document."""
from __future__ import annotations

import re

from pipeline.identity import document_id
from pipeline.legal import type_from_number
from pipeline.model import Document, WarningCode
from pipeline.bounds import cap_title
from pipeline.segment.header import read_attached_to, read_header, read_signature, read_title, resolve_local_issuer
from pipeline.segment.signature import fallback_signature
from pipeline.segment.structure import build_structure
from pipeline.text import fold


def segment(doc: Document) -> None:
    """Fill ``doc.root``, ``doc.header`` and ``doc.attachments``; warn where a field had to be borrowed."""
    b = build_structure(doc)
    head = read_header(b.header_parts)
    doc_type = _doc_type_of(b, head, doc)
    place = head.get("place") or _place_of(head.get("issuer"))
    attached_to = _attached_to(b, place)
    _borrow_header_from_attachment(head, attached_to, doc_type, doc)
    _borrow_date_from_adoption(head, doc_type, b, doc)
    if not place:
        place = _place_of(head.get("issuer"))
    issuer = _issuer_of(head, place, doc)
    sig = _signature_of(b, doc)
    number = head.get("number")
    _warn_missing(head, doc_type, doc)
    title = _title_of(b, head, doc)
    doc.header = {
        "id": document_id(doc_type, number, head.get("issued_date"), issuer, title, doc.source.sha256),
        "doc_type": doc_type,
        "number": number,
        "issued_date": head.get("issued_date"),
        "issuer": issuer,
        "issuer_parent": head.get("issuer_parent"),
        "place": place,
        "title": title,
        "signer": sig.get("signer"),
        "signer_capacity": sig.get("signer_capacity"),
        "signer_position": sig.get("signer_position"),
        "recipients": [r for r in b.recipients if r.strip()],
        "attached_to": attached_to,
    }
    doc.attachments = b.attachments


def _doc_type_of(b, head: dict, doc: Document) -> str | None:
    """The document type: its heading, the header, the number's symbol, or a 'V/v' subject (a công văn)."""
    doc_type = b.doc_type or head.get("doc_type") or (type_from_number(head["number"]) if head.get("number") else None)
    if doc_type is None and any(re.match(r"V/v\b", p, re.I) for p in b.header_parts):
        doc_type = "Công văn"  # only a công văn carries a "V/v" subject under its number
        doc.warn(WarningCode.TYPE_FROM_SUBJECT, "document type read from the 'V/v' subject line: a công văn", "header")
    return doc_type


def _attached_to(b, place: str | None) -> list[dict]:
    """The documents named by the 'kèm theo' notes, each with the id of the node carrying it."""
    attached_to = []
    for text, node in b.attached_notes:
        info = read_attached_to(text, place)
        if info:
            info["node"] = node.id
            attached_to.append(info)
    return attached_to


def _borrow_header_from_attachment(head: dict, attached_to: list[dict], doc_type: str | None, doc: Document) -> None:
    """Whether a headerless dump takes its number, date and issuer from a 'kèm theo' line of its own type."""
    # A dump without its header (the seed): number, date and issuer come from the first
    # "kèm theo" line naming a document of the same type.
    if not head.get("number") and not head.get("issued_date"):
        for info in attached_to:
            if info["doc_type"] == doc_type and info["number"]:
                head["number"] = info["number"]
                head["issued_date"] = info["issued_date"]
                if info["issuer"] and not head.get("issuer"):
                    head["issuer"] = info["issuer"]
                doc.warn(WarningCode.HEADER_FROM_ATTACHMENT,
                         f"number, date and issuer read from the 'kèm theo' line of {info['node']}", info["node"])
                break


def _borrow_date_from_adoption(head: dict, doc_type: str | None, b, doc: Document) -> None:
    """Whether an undated adopted text takes its date from its adoption sentence."""
    if not head.get("issued_date") and not head.get("date_blank") and doc_type in _ADOPTED:
        adopted = _adoption_date(b.root)
        if adopted:
            head["issued_date"], node = adopted
            doc.warn(WarningCode.DATE_FROM_ADOPTION, f"issue date read from the adoption sentence ('thông qua ngày …') of {node}", node)


def _issuer_of(head: dict, place: str | None, doc: Document) -> str | None:
    """The issuer: the header's, else the number's symbol's, resolved against the place and province."""
    issuer = head.get("issuer")
    if not issuer and head.get("number") and not head.get("number_blank"):
        from pipeline.legal import issuer_from_number

        issuer = issuer_from_number(head["number"])  # a central body named by its symbol (NĐ-CP, QH15)
        if issuer:
            doc.warn(WarningCode.ISSUER_FROM_NUMBER, f"issuer read from the number's symbol {head['number']}", "header")
    if issuer and place:
        issuer = resolve_local_issuer(issuer, place)
    return with_province(issuer, head.get("issuer_parent"))


def _signature_of(b, doc: Document) -> dict:
    """The signature: the closing's, else a signature block found elsewhere."""
    sig = read_signature(b.signature_parts) if b.signature_parts else {}
    if not sig.get("signer"):
        parts = fallback_signature(b.root)
        if parts:
            sig = read_signature(parts)
            doc.warn(WarningCode.SIGNATURE_ELSEWHERE, f"signer read from a signature block outside the closing: {' / '.join(parts)}", "header")
    return sig


def _warn_missing(head: dict, doc_type: str | None, doc: Document) -> None:
    """Warn of a blank number, a blank date and a missing document type."""
    if head.get("number_blank"):
        doc.warn(WarningCode.NUMBER_BLANK, f"the number is left blank ({head.get('number')}): a draft or an unregistered copy", "header")
    if head.get("date_blank"):
        doc.warn(WarningCode.DATE_BLANK, "the issue date is left blank", "header")
    if doc_type is None:
        doc.warn(WarningCode.NO_DOC_TYPE, "no document type heading found", "header")


def _title_of(b, head: dict, doc: Document) -> str | None:
    """The title: the title lines', else the subject line's."""
    return read_title(cap_title(b.title_parts, doc)) or (read_title(cap_title([head["subject"]], doc))
                                                         if head.get("subject") else None)


# Texts adopted by an elected body carry their date in the closing sentence: "Luật này đã được
# Quốc hội … thông qua ngày 27 tháng 11 năm 2024."
_ADOPTED = {"Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh"}
_ADOPTION = re.compile(r"\b(?:Luật|Bộ\s+luật|Nghị\s+quyết|Pháp\s+lệnh)\s+(?:này\s+)?(?:đã\s+)?được\b[^.]{0,300}?"
                       r"\bthông\s+qua\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def _adoption_date(root) -> tuple[str, str] | None:
    """(ISO date, node id) of the adoption sentence among the document's last paragraphs."""
    from pipeline.legal import parse_date

    for n in reversed(list(root.walk())[-60:]):
        m = _ADOPTION.search(n.text or "")
        if m:
            date = parse_date(f"{m.group(1)}/{m.group(2)}/{m.group(3)}")
            if date:
                return date, n.id
    return None


def _place_of(issuer: str | None) -> str | None:
    """"UBND tỉnh Lâm Đồng" → "Lâm Đồng"."""
    if not issuer:
        return None
    for level in ("tỉnh ", "thành phố ", "Thành phố ", "TP. ", "huyện ", "xã ", "phường "):
        if level in issuer:
            return issuer.split(level, 1)[1].strip() or None
    return None


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

