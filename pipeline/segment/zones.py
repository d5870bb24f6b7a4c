"""The zones of a document: each container (the document, an attached text, an appendix) reads as a
header (type, number, date, issuer, trích yếu), a body, and a closing (Nơi nhận, the signature).
The header zone is split off the blocks before the tree is built (``split_header``); the closing
is entered during the tree's pass, by the ``Phase`` a container's reading stands in."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from pipeline.model import Loc, Node


class Phase(Enum):
    """Where the reading of a container stands: in its body, or in its closing, and how far the
    closing's two columns (the recipients list, the signature block) have come.

    BODY → CLOSING on "Nơi nhận", a signature block ahead, a closing table or a text's last
    sentence ("… ./."); CLOSING → SIGNED once the signature ends with the signer's name; CLOSING →
    LISTED once prose follows the recipients (later dashes are not recipients); both → DONE."""

    BODY = "body"
    CLOSING = "closing"
    SIGNED = "signed"
    LISTED = "listed"
    DONE = "done"

    @property
    def closing(self) -> bool:
        """In the closing: recipients and signature lines are read as such."""
        return self is not Phase.BODY

    @property
    def signed(self) -> bool:
        """The signature block is complete: later capitals are not its lines."""
        return self in (Phase.SIGNED, Phase.DONE)

    @property
    def listed(self) -> bool:
        """The recipients list is over: later dashes are body items."""
        return self in (Phase.LISTED, Phase.DONE)

    def close(self) -> Phase:
        """The closing begins (a phase already in the closing stays)."""
        return Phase.CLOSING if self is Phase.BODY else self

    def sign(self) -> Phase:
        """The signer's name is read: the closing's signature is complete."""
        return Phase.DONE if self.listed else Phase.SIGNED

    def end_list(self) -> Phase:
        """Prose after the recipients: the list is over."""
        return Phase.DONE if self.signed else Phase.LISTED


@dataclass(slots=True)
class HeaderZone:
    """The document's header: the blocks before its body, as the header reader reads them.

    ``lines`` are the issuer, number, place-and-date and "V/v" lines (a layout table's paragraphs
    each one line); ``title`` the trích yếu's lines; ``doc_type`` the type heading's name
    ("QUYẾT ĐỊNH" → "Quyết định"); ``paragraphs`` (text, loc, role) the header node's children;
    ``end`` the index of the body's first block."""

    lines: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    doc_type: str | None = None
    paragraphs: list[tuple[str, Loc, str | None]] = field(default_factory=list)
    end: int = 0

    def keep(self, text: str, loc: Loc, role: str | None = None) -> None:
        """A block of the header, kept as a paragraph of the header node (role: type, title, subject, authority)."""
        self.paragraphs.append((text, loc, role))


@dataclass(slots=True)
class ClosingZone:
    """A container's closing as the closing reader reads it: the signature block's lines and the
    recipients of "Nơi nhận" (without their dashes), and the phase its reading stands in."""

    phase: Phase = Phase.BODY
    signature: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Zones:
    """What segmentation reads besides the tree: the document's header and closing zones, the
    "kèm theo" lines of its attached texts and appendices (with their nodes), and the attached texts."""

    root: Node
    header: HeaderZone
    closing: ClosingZone
    attached_notes: list[tuple[str, Node]] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
