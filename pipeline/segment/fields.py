"""The typed results of the header and closing readers: what a document says about itself above
its body (type, number, date, place, issuer, trích yếu) and below it (signer, Nơi nhận)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Header:
    """The header's fields as read from its lines, then completed by the fallbacks.

    ``number_blank``/``date_blank`` say the form left the number or the date empty ("Số: /KH-UBND",
    "ngày … tháng … năm 2024": a draft or an unregistered copy); ``subject`` is a công văn's
    "V/v …" line under its number, the title when no title lines stand in the header."""

    doc_type: str | None = None
    number: str | None = None
    issued_date: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    title: str | None = None
    subject: str | None = None
    number_blank: bool = False
    date_blank: bool = False

    def to_json(self) -> dict[str, Any]:
        """The contract's header keys (schemas/document.schema.json "document"), in its order."""
        return {"doc_type": self.doc_type, "number": self.number, "issued_date": self.issued_date,
                "issuer": self.issuer, "issuer_parent": self.issuer_parent, "place": self.place,
                "title": self.title}


@dataclass(slots=True)
class Closing:
    """The signature block (signer, "TM./KT./TL." capacity as written, position) and the
    recipients of the "Nơi nhận" list, each as written without its dash."""

    signer: str | None = None
    signer_capacity: str | None = None
    signer_position: str | None = None
    recipients: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The contract's closing keys (schemas/document.schema.json "document"), in its order."""
        return {"signer": self.signer, "signer_capacity": self.signer_capacity,
                "signer_position": self.signer_position, "recipients": list(self.recipients)}
