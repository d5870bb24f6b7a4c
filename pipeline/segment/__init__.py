"""Segmentation: the structure tree, and the header and closing fields of a Document."""
from __future__ import annotations

from pipeline import collector
from pipeline.bounds import cap_title
from pipeline.identity import document_id
from pipeline.model import Document, Node, Warning_, WarningCode
from pipeline.segment import fallbacks as fb
from pipeline.segment.fields import Header
from pipeline.segment.header import full_issuer, read_attached_to, read_closing, read_header, read_title, with_province
from pipeline.segment.structure import build_structure
from pipeline.segment.zones import HeaderZone

__all__ = ["segment", "with_province"]


def segment(doc: Document) -> None:
    """Fill ``doc.root``, ``doc.header`` and ``doc.attachments``: the tree and its zones, the header
    and closing read from theirs, each field a document does not state borrowed with a warning.
    The cyclic collector is paused meanwhile (pipeline/collector.py: the tree holds no cycles)."""
    with collector.paused():
        _segment(doc)


def _segment(doc: Document) -> None:
    zones = build_structure(doc)
    head = read_header(zones.header)
    _note(doc, fb.type_from_number(head), fb.type_from_subject(head, zones.header), fb.place_from_issuer(head))
    attached_to = _attached_to(zones.attached_notes, head.place)
    _note(doc, fb.number_from_attached_line(head, attached_to), fb.date_from_adoption(head, zones.root),
          fb.place_from_issuer(head), fb.issuer_from_number(head))
    head.issuer = full_issuer(head)
    closing = read_closing(zones.closing)
    _note(doc, fb.signature_from_elsewhere(closing, zones.root))
    _warn_blank(head, doc)
    head.title = _title_of(zones.header, head, doc)
    doc.header = {"id": document_id(head.doc_type, head.number, head.issued_date, head.issuer, head.title,
                                    doc.source.sha256),
                  **head.to_json(), **closing.to_json(), "attached_to": attached_to}
    doc.attachments = zones.attachments


def _note(doc: Document, *warnings: Warning_ | None) -> None:
    """The fallbacks' warnings, in the order they ran."""
    doc.warnings.extend(w for w in warnings if w is not None)


def _attached_to(notes: list[tuple[str, Node]], place: str | None) -> list[dict]:
    """The documents named by the 'kèm theo' notes, each with the id of the node carrying it."""
    attached_to = []
    for text, node in notes:
        info = read_attached_to(text, place)
        if info:
            info["node"] = node.id
            attached_to.append(info)
    return attached_to


def _warn_blank(head: Header, doc: Document) -> None:
    """Warn of a blank number, a blank date and a missing document type."""
    if head.number_blank:
        doc.warn(WarningCode.NUMBER_BLANK, f"the number is left blank ({head.number}): a draft or an unregistered copy", "header")
    if head.date_blank:
        doc.warn(WarningCode.DATE_BLANK, "the issue date is left blank", "header")
    if head.doc_type is None:
        doc.warn(WarningCode.NO_DOC_TYPE, "no document type heading found", "header")


def _title_of(zone: HeaderZone, head: Header, doc: Document) -> str | None:
    """The title: the title lines', else the subject line's (a công văn's "V/v …")."""
    return read_title(cap_title(zone.title, doc)) or (read_title(cap_title([head.subject], doc))
                                                      if head.subject else None)
