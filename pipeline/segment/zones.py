"""The zones of a document: each container (the document, an attached text, an appendix) reads as a
header (type, number, date, issuer, trích yếu), a body, and a closing (Nơi nhận, the signature).
The header zone is split off the blocks before the tree is built (``split_header``, and
``split_container_header`` under an attached text's or appendix's heading). The closing is read
during the tree's pass by the container's ``ClosingReading``: its ``Phase`` says where the closing
stands, it decides what each line is (``ClosingRead``) and keeps the closing zone's lines; the tree
builder only places them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from pipeline.model import Attachment, Block, Loc, Node, Table
from pipeline.notation import markers as mk
from pipeline.notation.divisions import read_division
from pipeline.text import clean_space


class Phase(Enum):
    """Where the reading of a container stands: in its body, or in its closing, and how far the
    closing's two columns (the recipients list, the signature block) have come.

    BODY → CLOSING on "Nơi nhận", a signature block ahead, a closing table or a text's last
    sentence ("… ./."); CLOSING → SIGNED once the signature ends with the signer's name; CLOSING →
    LISTED once prose follows the recipients (later dashes are not recipients); both → DONE. A
    further signature block after the signer's (a joint circular's co-signer) is COSIGNING (and
    COSIGNING_LISTED past the recipients) until its own name ends it: its lines are the tree's, not
    the closing zone's, and not bound by the cap of the signature's lines."""

    BODY = "body"
    CLOSING = "closing"
    SIGNED = "signed"
    LISTED = "listed"
    DONE = "done"
    COSIGNING = "cosigning"
    COSIGNING_LISTED = "cosigning_listed"

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
        return self in (Phase.LISTED, Phase.DONE, Phase.COSIGNING_LISTED)

    @property
    def cosigning(self) -> bool:
        """A co-signer's block is being read (after the first signature)."""
        return self in (Phase.COSIGNING, Phase.COSIGNING_LISTED)

    def close(self) -> Phase:
        """The closing begins (a phase already in the closing stays)."""
        return Phase.CLOSING if self is Phase.BODY else self

    def sign(self) -> Phase:
        """The signer's name is read: the closing's signature is complete."""
        return Phase.DONE if self.listed else Phase.SIGNED

    def unsign(self) -> Phase:
        """A co-signer's block opens after the signature (a joint circular's second signer): its lines are read again."""
        return Phase.COSIGNING_LISTED if self.listed else Phase.COSIGNING

    def end_list(self) -> Phase:
        """Prose after the recipients: the list is over."""
        if self.signed:
            return Phase.DONE
        return Phase.COSIGNING_LISTED if self.cosigning else Phase.LISTED


class Container(Enum):
    """What a container of the tree is: the document, a text attached to it ("QUY ĐỊNH …" issued
    with a decision) or an appendix. Each is read as a header, a body and a closing; an appendix's
    closing holds only its tables (it signs nothing), and only the document's closing is the
    header's signer and recipients."""

    DOCUMENT = "document"
    ATTACHMENT = "attachment"
    APPENDIX = "appendix"


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
    """The document's closing as the closing reader reads it: the signature block's lines and the
    recipients of "Nơi nhận" (without their dashes)."""

    signature: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Zones:
    """What segmentation reads besides the tree: the document's header and closing zones (an
    attached text's closing is only its tree's), the "kèm theo" lines of its attached texts and
    appendices (with their nodes), and the attached texts."""

    root: Node
    header: HeaderZone
    closing: ClosingZone
    attached_notes: list[tuple[str, Node]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


# -- the header zone ---------------------------------------------------------------------------
# How far into the blocks a header may reach, and how far its number, place and issuer lines may
# stand (past them only the type heading, the title and the authority line).
_HEADER_MAX_BLOCKS = 40
_HEADER_LINES_MAX_BLOCK = 15
# A trích yếu may wrap over many short lines (a long title in capitals); past this, the body has begun.
_TITLE_MAX_LINES = 10


def split_header(blocks: list[Block]) -> HeaderZone:
    """The header zone at the head of *blocks*: the issuer, number, place-and-date and "V/v" lines
    (or a layout table holding them), the type heading, the title lines, and the authority line
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") that closes it."""
    zone = HeaderZone()
    i, goes_on = 0, True
    while goes_on and i < len(blocks) and i < _HEADER_MAX_BLOCKS:
        i, goes_on = _header_block(zone, blocks, i)
    if i < len(blocks) and blocks[i].kind != "table" and mk.AUTHORITY.match(blocks[i].text) and mk.is_caps(blocks[i].text):
        zone.keep(blocks[i].text, blocks[i].loc, "authority")
        i += 1
    zone.end = i
    return zone


def _header_block(zone: HeaderZone, blocks: list[Block], i: int) -> tuple[int, bool]:
    """(the next block's index, whether the header goes on) after reading block *i* into *zone*."""
    b = blocks[i]
    if b.kind == "table":
        if zone.doc_type is None and _is_layout_header(b.table):
            for para, loc in _cell_paragraphs(b):
                zone.keep(para, loc)
            zone.lines.extend(_cell_lines(b.table))
            return i + 1, True
        return i, False
    if zone.doc_type is None:
        return _above_type_heading(zone, blocks, i)
    if _ends_title(zone.title, b):
        return i, False
    zone.title.append(b.text)
    zone.keep(b.text, b.loc, "title")
    return i + 1, True


def _above_type_heading(zone: HeaderZone, blocks: list[Block], i: int) -> tuple[int, bool]:
    """Block *i* before the type heading: the heading itself, a header line, a "V/v" subject, or
    the body's first block (a header with no type heading)."""
    b = blocks[i]
    t = b.text
    heading = None if mk.DECIDE.match(t) else mk.doc_type_heading(t)
    if heading and not mk.ATTACHED_NOTE.match(t):
        zone.doc_type = heading[0]
        title, authority = mk.split_authority(heading[1])
        if title:
            zone.title.append(title)
        zone.keep(t, b.loc, "type")
        return i + 1, not authority  # the authority closes the header, as on its own line
    if i < _HEADER_LINES_MAX_BLOCK and _header_like(t):
        zone.lines.append(t)
        zone.keep(t, b.loc)
        return i + 1, True
    # a subject under the number; "V/v" is a subject wherever it stands in a header (OCR may lose the number)
    if i < _HEADER_LINES_MAX_BLOCK and mk.SUBJECT_LINE.match(t) and any(
            mk.NUMBER_LINE.match(p) or (t.lower().startswith("v/v") and mk.MOTTO.search(p)) for p in zone.lines):
        return _read_subject(zone, blocks, i), True
    return i, False


def _read_subject(zone: HeaderZone, blocks: list[Block], i: int) -> int:
    """A công văn's V/v subject under its number, wrapped over short lines up to the salutation
    or the header's next line; the index after it."""
    lines, j = [blocks[i].text], i + 1
    while j < min(len(blocks), i + 5) and blocks[j].kind != "table" and _subject_goes_on(blocks[j]):
        lines.append(blocks[j].text)
        j += 1
    if j < len(blocks) and blocks[j].kind != "table" and not (
            mk.SALUTATION.match(blocks[j].text) or _header_line(blocks[j].text)):
        lines, j = lines[:1], i + 1  # neither a salutation nor the header after it: only the V/v line is sure
    zone.lines.append(clean_space(" ".join(lines)))
    for k in range(i, j):
        zone.keep(blocks[k].text, blocks[k].loc, "subject")
    return j


def _opens_division(b: Block) -> bool:
    """Block *b* opens a division (by its reader's numbering, else by its text): the body's, not the
    header's. A subject line is none: "V/v xin chủ trương …" under a type heading is its title, not
    a section "V"."""
    return read_division(b.text, b.label, b.level) is not None and not mk.SUBJECT_LINE.match(b.text)


def _ends_title(title: list[str], b: Block) -> bool:
    """Whether block *b* after the type heading (and the title lines so far) starts the body."""
    t = b.text
    if not title:
        return bool(mk.BASIS.match(t) and t.startswith("Căn cứ")) or _opens_division(b) or bool(
            mk.DECIDE.match(t) or mk.ATTACHED_NOTE.match(t) or (mk.AUTHORITY.match(t) and mk.is_caps(t)))
    prev = title[-1]
    # a title wrapped onto a line that starts "ban hành kèm theo …" goes on (the note itself
    # stands in brackets or opens with a capital)
    note = bool(mk.ATTACHED_NOTE.match(t)) and not re.match(r"(?:ban\s+hành\s+)?kèm\s+theo\b", t)
    return (
        _opens_division(b)
        or bool(mk.BASIS.match(t) or mk.DECIDE.match(t) or note)
        or (mk.is_caps(t) and bool(mk.SIGN_CAPACITY.match(t) or SIGN_POSITION.match(t)))  # a signature
        # the salutation, or a paragraph that opens a list ("… như sau:"): the body has begun
        or bool(mk.SALUTATION.match(t)) or t.rstrip().endswith(":")
        or bool(mk.AUTHORITY.match(t) and mk.is_caps(t))
        or (mk.is_caps(prev) and not mk.is_caps(t))
        or len(title) >= _TITLE_MAX_LINES
        or len(t) > 300
    )


def _subject_goes_on(b: Block) -> bool:
    """A short paragraph continuing a wrapped V/v subject (not the salutation, a heading or the body)."""
    return not _opens_division(b) and _subject_goes_on_text(b.text)


def _subject_goes_on_text(text: str) -> bool:
    """*text* may continue a wrapped V/v subject: short, and neither the salutation, a header line nor the body's."""
    return (len(text) <= 200 and not mk.SALUTATION.match(text) and not _header_line(text)
            and not mk.BASIS.match(text) and not mk.DECIDE.match(text) and read_division(text) is None)


def _header_line(text: str) -> bool:
    """A line of the header's columns that a subject can run into: motto, place and date, a line in
    capitals, "Số: …" (not a cited "Công văn số …")."""
    return bool(mk.MOTTO.search(text) or mk.PLACE_DATE.match(text) or re.match(r"^Số\s*:", text)
                or (mk.is_caps(text) and len(text) < 300))


def _header_like(text: str) -> bool:
    return bool(
        mk.MOTTO.search(text) or mk.NUMBER_LINE.match(text) or mk.PLACE_DATE.match(text)
        or re.match(r"^S[ốoóỐÓ]\s*:", text)  # a number line whose number OCR could not read ("Số: h 03 #TTr-…")
        or (mk.is_caps(text) and len(text) < 300 and not mk.doc_type_heading(text))
        or re.fullmatch(r"[-_–—=*.\s]+", text)
        or sum(map(str.isalpha, text)) <= 3  # stray glyphs of a PDF text layer or of OCR
    )


def _is_layout_header(table: Table | None) -> bool:
    if table is None:
        return False
    text = " ".join(x for row in table.rows_text() for x in row)
    return bool(mk.MOTTO.search(text) or re.search(r"\bSố\s*:", text))


def _cell_lines(table: Table) -> list[str]:
    """The header lines of a layout table: its cells' paragraphs, a "V/v" subject wrapped over the
    paragraphs under it in its cell joined into one ("V/v tập trung triển khai thực hiện / công tác
    cai nghiện ma túy tự nguyện / tại gia đình, cộng đồng"); the cell's end ends it."""
    lines: list[str] = []
    for cell in table.own_cells():
        subject = False
        for para in cell.paragraphs:
            if subject and any(map(str.isalpha, para)) and _subject_goes_on_text(para):
                lines[-1] = clean_space(f"{lines[-1]} {para}")
                continue
            subject = bool(mk.SUBJECT_LINE.match(para)) and para[:3].lower() == "v/v"
            lines.append(para)
    return lines


def _cell_paragraphs(b: Block):
    """The paragraphs of a layout table, each merged cell once."""
    for cell in b.table.own_cells():
        for p in cell.paragraphs:
            yield p, b.loc


@dataclass(slots=True)
class ContainerHeader:
    """The header zone of an attached text or an appendix: the title (the heading's rest and the
    lines in capitals under it), the "(Ban hành) kèm theo …" line naming the document it belongs
    to, and the index of its body's first block."""

    title: list[str]
    note: Block | None
    end: int


# How many lines an attached text's or appendix's title runs to.
_CONTAINER_TITLE_MAX_LINES = 4


def split_container_header(blocks: list[Block], i: int, rest: str) -> ContainerHeader:
    """The header zone under the heading at block *i* ("PHỤ LỤC I", "KẾ HOẠCH …" after the
    document's articles), *rest* the heading's words after its label or type."""

    title = [rest] if rest else []
    i += 1
    while i < len(blocks) and blocks[i].kind != "table":
        t = blocks[i].text
        if mk.ATTACHED_NOTE.match(t):
            return ContainerHeader(title, blocks[i], i + 1)
        if _opens_division(blocks[i]) or mk.BASIS.match(t) or len(title) >= _CONTAINER_TITLE_MAX_LINES or not (mk.is_caps(t) or not title):
            break
        title.append(t)
        i += 1
    return ContainerHeader(title, None, i)


# -- where the closing begins and what its lines are -----------------------------------------------
# "(Đã ký)", "[đã ký]": a web page or the gazette's mark where the signature stood.
SIGNED_MARK = re.compile(r"^[(\[]\s*đã\s+ký\s*[)\]]$", re.I)
# A signing position in capitals on a line of its own ("PHÓ THỦ TƯỚNG", "KT. BỘ TRƯỞNG").
SIGN_POSITION = re.compile(rf"^(?:(?:TM|KT|TL|TUQ|Q|T/M|K/T)\s*\.\s*)?(?:PHÓ\s+)?(?:{mk.OFFICES})\b")
# A signing capacity's abbreviation opening a line, alone or glued to its body ("KT." over "CHỦ TỊCH",
# "TM.ỦY BAN NHÂN DÂN"): the signature block's first line, though SIGN_CAPACITY wants a space after it.
CAPACITY_OPENS = re.compile(r"^(?:TM|KT|TL|TUQ|T/M|K/T|Q)\s*\.(?=\s|[A-ZĐÀ-Ỹ]|$)")
# What a gazette PDF's "đã ký" stamp leaves around the signing lines: "[daky] Nguyễn Văn Thắng",
# "y]Phạm Thị Thanh Trà", "PHÓ THỦ TƯỚNGky]".
STAMP = re.compile(r"^[^\s\]]{0,6}\]\s*|\s*\[?[a-zđ]{0,6}\]$")
# "(Đã ký)" glued between the signing words a layout flattened onto one line.
GLUED_MARK = re.compile(r"\s*[(\[]\s*đã\s+ký\s*[)\]]\s*", re.I)


def unstamped(text: str) -> str:
    """*text* without a stamp's residue (STAMP). Both of STAMP's alternatives take a "]": a text
    without one is left as it is, without a scan of every position of a body paragraph."""
    return STAMP.sub("", text) if "]" in text else text


def unglued(text: str) -> str:
    """*text* with each glued "(Đã ký)" (GLUED_MARK) turned into a space; GLUED_MARK takes a "(" or "["."""
    return GLUED_MARK.sub(" ", text) if "(" in text or "[" in text else text


# A recipients list printed without its "Nơi nhận:" label: dashed lines that end with the archive's
# copy ("- Chính phủ; - Ban Tổ chức Trung ương; … - Lưu: HC, PLTP.").
UNLABELLED_RECIPIENTS = re.compile(r"^[-–—•+]\s*(?:\S.*[;.]\s*[-–—•+]\s*)?Lưu\s*:")
_SIGNATURE_LOOKAHEAD = 6


def signature_ahead(blocks: list[Block], i: int) -> bool:
    """True when block *i* opens a signature block: a signing capacity or position in capitals
    followed, within a few short lines in capitals or "(Đã ký)", by the signer's name
    ("TM. CHÍNH PHỦ / KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG / Phạm Thị Thanh Trà")."""
    t = unstamped(blocks[i].text.strip(" *"))
    # the anchored patterns before the letters' count: most body lines fail them at once
    if len(t) > 80 or not (mk.SIGN_CAPACITY.match(t) or CAPACITY_OPENS.match(t) or SIGN_POSITION.match(t)) or not mk.is_caps(t):
        return False
    for b in blocks[i + 1:i + 1 + _SIGNATURE_LOOKAHEAD]:
        nxt = unstamped(b.text.strip(" *"))
        if b.kind == "table" or not nxt:
            return False
        if looks_like_name(nxt):
            return True
        if not (SIGNED_MARK.match(nxt) or (mk.is_caps(nxt) and len(nxt) < 80)):
            return False
    return False


class ClosingLine(Enum):
    """What a line of the closing is: the "Nơi nhận:" label, "(Đã ký)" where the signature stood,
    a dashed recipient, a line of the signature block (capacity, position), or the signer's name
    that ends it."""

    LABEL = "label"
    MARK = "mark"
    RECIPIENT = "recipient"
    SIGNATURE = "signature"
    SIGNER = "signer"


# Longest signature line in capitals; most signature lines kept.
_SIGN_LINE_MAX_LEN = 80
_SIGNATURE_MAX_PARTS = 8


def closing_line(text: str, phase: Phase, signature_lines: int) -> ClosingLine | None:
    """What line *text* of a closing in *phase* is, or None for the body's (prose, a division);
    *signature_lines* the lines the signature has (a co-signer's block is not bound by their cap)."""
    if not phase.signed and SIGNED_MARK.match(text):
        return ClosingLine.MARK
    if (mk.DASH.match(text) or mk.PLUS.match(text)) and not phase.listed:
        return ClosingLine.RECIPIENT
    if not phase.signed and (phase.cosigning or signature_lines < _SIGNATURE_MAX_PARTS) and (
            mk.SIGN_CAPACITY.match(text) or (len(text) < _SIGN_LINE_MAX_LEN and mk.is_caps(text)) or looks_like_name(text)):
        return ClosingLine.SIGNER if looks_like_name(text) else ClosingLine.SIGNATURE
    return None


def has_recipients(table: Table | None) -> bool:
    """A layout table with a "Nơi nhận" cell: the closing's."""
    return table is not None and any(c.paragraphs and mk.RECIPIENTS.match(c.paragraphs[0]) for c in table.own_cells())


def is_signature_table(table: Table | None) -> bool:
    """A small layout table holding only a signature block (no "Nơi nhận"): each filled cell opens
    with a signing capacity or position and ends with a name."""
    if table is None or table.nrows > 2:
        return False
    cells = [c for c in table.own_cells() if c.text.strip()]
    if not cells:
        return False
    for c in cells:
        lines = [ln.strip(" *") for ln in c.text.splitlines() if ln.strip(" *")]
        first = lines[0] if lines else ""
        if not (mk.SIGN_CAPACITY.match(first) or SIGN_POSITION.match(first)) or not looks_like_name(lines[-1]):
            return False
    return True


def looks_like_name(text: str) -> bool:
    """A signer's name: two to five capitalised words, after an officer's rank if there is one."""
    if len(text.split(None, 7)) > 7:  # over five words after the rank's two: not folded and searched
        return False
    rank = mk.RANK.search(text)
    words = text[rank.end():].split() if rank else text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


@dataclass(frozen=True, slots=True)
class ClosingRead:
    """A line of a container's closing as its reading takes it: what it is, its text as the
    closing reads it (a stamp's residue and a glued "(Đã ký)" taken out), and the signing words a
    two-column layout flattened onto a recipients line, when the signature takes them."""

    line: ClosingLine
    text: str
    signing: str | None = None


# Recipients run onto one line ("- Chính phủ; - Lưu: VT."): split item by item.
_RUN_ON_RECIPIENTS = re.compile(r"[;.]\s*[-–—•+]\s*")
_RECIPIENT_DASH = re.compile(r"^[-–—•+]\s*")
_CELL_RECIPIENT_DASH = re.compile(r"^[-–+•]\s*")


@dataclass(slots=True)
class ClosingReading:
    """The closing of one container, read line by line in the tree's pass: the container's
    ``phase``, the closing zone its signature lines and recipients go to, and whether the last
    line read was the signature's (a line right after it is the closing's, as a gazette's stamp
    note, not the last article's). The tree builder asks it what each line is and places the line;
    every rule of where a closing begins and what its lines are is here."""

    container: Container
    phase: Phase = Phase.BODY
    zone: ClosingZone = field(default_factory=ClosingZone)
    after_signature: bool = False

    @property
    def reads_lines(self) -> bool:
        """Signature lines and dashed recipients are read in a document's or an attached text's closing, not an appendix's."""
        return self.container is not Container.APPENDIX

    def read(self, blocks: list[Block], i: int, after_articles: bool) -> ClosingRead | None:
        """What block *i* is in the closing (the "Nơi nhận:" label, a recipient, a signature line),
        the phase moved on; None for a line of the body. *after_articles*: the container's
        articles have begun (an unlabelled recipients list stands only after them)."""
        text = blocks[i].text
        if mk.RECIPIENTS.match(text):
            return self._label(text)
        if not self.reads_lines:
            return None
        self._opens(blocks, i, after_articles)
        return self._line(text) if self.phase.closing else None

    def _label(self, text: str) -> ClosingRead:
        """A "Nơi nhận:" line: the closing begins, with recipients or signing words flattened onto it."""
        self.phase = self.phase.close()
        self.after_signature = False
        rest, sign = mk.signature_tail(mk.RECIPIENTS.match(text).group("rest"))
        if rest:
            self.zone.recipients.append(rest)
        return ClosingRead(ClosingLine.LABEL, text, self._signing(sign))

    def _opens(self, blocks: list[Block], i: int, after_articles: bool) -> None:
        """Whether block *i* begins the closing without a "Nơi nhận" label: a signature block (gazette,
        web pages), a recipients list ending with the archive's copy ("- Chính phủ; … - Lưu: HC,
        PLTP."), or, after a signature, a co-signer's block (a joint circular's second signer)."""
        if not self.phase.closing and (signature_ahead(blocks, i) or (after_articles and UNLABELLED_RECIPIENTS.match(blocks[i].text))):
            self.phase = Phase.CLOSING
        elif self.phase.signed and signature_ahead(blocks, i):
            self.phase = self.phase.unsign()

    def _line(self, raw: str) -> ClosingRead | None:
        """A line of the closing: a signature mark, a recipient or a signature line, or None."""
        text = unstamped(raw.strip(" *")) or raw  # "PHÓ THỦ TƯỚNGky]": a gazette stamp's residue
        text = unglued(text).strip() or text  # "… PHÓ THỦ TƯỚNG(Đã ký)Nguyễn Hòa Bình": the name whole
        line = closing_line(text, self.phase, len(self.zone.signature))
        if line is None:
            return None
        if line is ClosingLine.RECIPIENT:
            return self._recipient(raw)
        cosigning = self.phase.cosigning
        if line is ClosingLine.SIGNER:
            self.phase = self.phase.sign()
        if line is not ClosingLine.MARK:
            self.after_signature = True
            if not cosigning:  # a co-signer's lines are the tree's: the header's signer is the first
                self.zone.signature.append(text)
        return ClosingRead(line, text)

    def _recipient(self, text: str) -> ClosingRead:
        """A dashed recipient line (a list run onto one line item by item), with signing words flattened onto it."""
        item, sign = mk.signature_tail(text)
        self.zone.recipients.extend(r.rstrip(";.,") for r in _RUN_ON_RECIPIENTS.split(_RECIPIENT_DASH.sub("", item)))
        return ClosingRead(ClosingLine.RECIPIENT, text, self._signing(sign))

    def _signing(self, words: str | None) -> str | None:
        """Signing words flattened onto a recipients line, when the signature still takes lines."""
        if words is None or self.phase.signed or len(self.zone.signature) >= _SIGNATURE_MAX_PARTS:
            return None
        words = unglued(words).strip()  # "… PHÓ THỦ TƯỚNG(Đã ký)Nguyễn Hòa Bình": the name whole
        self.zone.signature.append(words)
        return words

    def prose(self) -> bool:
        """A line of prose: whether it stands right after the signature (the closing's, not the last
        article's); prose after the recipients ends their list (later dashes are not recipients)."""
        after = self.phase.signed and self.after_signature
        if self.phase.closing and self.zone.recipients:
            self.phase = self.phase.end_list()
        return after

    def division(self) -> None:
        """A division opened: the lines after it are its own, not the signature's."""
        self.after_signature = False

    def text_ends(self, text: str) -> None:
        """A document's or attached text's last sentence ("… ./."): its closing begins."""
        if self.reads_lines and mk.END_OF_TEXT.search(text):
            self.phase = self.phase.close()

    def takes_table(self, table: Table | None) -> bool:
        """A layout table of the closing: one with a "Nơi nhận" cell, or a signature block's while unsigned."""
        return has_recipients(table) or (not self.phase.signed and is_signature_table(table))

    def table_recipients(self, paragraphs: list[str]) -> None:
        """The recipients of a closing table's "Nơi nhận" cell (its paragraphs after the label)."""
        self.zone.recipients.extend(_CELL_RECIPIENT_DASH.sub("", p).rstrip(";.,") for p in paragraphs)

    def table_read(self, signature: list[str] | None) -> None:
        """A closing table was read, with the paragraphs of its signature cell (None: it had none)."""
        if signature is not None:
            self.zone.signature.extend(signature)
        self.phase = self.phase.close().sign() if signature is not None else self.phase.close()
