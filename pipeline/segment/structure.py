"""Blocks → structure tree: header, bases, parts/chapters/articles/clauses/points, plan sections,
closing (recipients, signature), attached documents and appendices with their tables."""
from __future__ import annotations

import re

from pipeline.model import Attachment, Block, Document, Loc, Node, Slot, WarningCode
from pipeline.notation import markers as mk
from pipeline.notation.labels import CAPITAL, ROMAN, ROW_KINDS, label_only, parse_label
from pipeline.notation.divisions import Division, read_division
from pipeline.notation.markers import MARKER, open_marks
from pipeline.notation.offices import doc_type_words
from pipeline.segment.quotes import Quotes
from pipeline.segment.zones import (
    ClosingLine,
    ClosingRead,
    ClosingReading,
    Container,
    HeaderZone,
    Zones,
    split_container_header,
    split_header,
)
from pipeline.text import clean_space, sentence_case, slug

_GROUP_KINDS = frozenset({ROMAN, CAPITAL})  # "III.", "B": a group heading row's label
_TITLED_KINDS = frozenset({"part", "chapter", "section"})  # the headings whose title may be on the next line
_SENTENCE_END = re.compile(r"(?<=[.:])\s")  # an article's title is its first sentence
_DIGITS = re.compile(r"\d+")


def _row_label(text: str) -> str | None:
    """The number a table row's first cell opens with, then a space or nothing ("1.2 Rà soát" → "1.2")."""
    label = parse_label(text)
    if label is None or label.kind not in ROW_KINDS or not (label.bare or label.spaced_value or label.spaced_mark):
        return None
    return label.value


class _Ids:
    """Stable ids: the path of kinds and labels from the root; a counter where labels repeat."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def make(self, parent: Node, key: str, label: str | None) -> str:
        seen = self.seen
        if label:
            base = f"{key}-{slug(label)}".rstrip("-")
        else:
            under = f"{parent.id}/{key}"
            seen[under] = count = seen.get(under, 0) + 1
            base = f"{key}-{count}"
        nid = base if parent.id == "doc" else f"{parent.id}.{base}"
        seen[nid] = count = seen.get(nid, 0) + 1
        return f"{nid}~{count}" if count > 1 else nid


def _title_of(kind: str, rest: str) -> str | None:
    """The title of a marker line that reads as a heading, else None."""
    rest = rest.strip()
    if kind in ("part", "chapter", "muc", "roman"):
        return rest or None
    if kind == "article":
        first = _SENTENCE_END.split(rest, maxsplit=1)[0]
        return first.rstrip(".:") or None
    if len(rest) >= 120 or open_marks(rest) > 0:  # no heading, whatever its case (not is_caps over a long
        return None  # clause); nor a line opening a quotation ("… Điều 9 như sau: “Điều 9. Cơ quan …")
    heading = len(rest) < 120 and not rest.endswith((".", ";", ",")) and not rest.endswith(":") or mk.is_caps(rest)
    return rest.rstrip(":") if heading and len(rest) < 120 else None


class _Articles:
    """The article sequence of a container: articles run 1, 2, 3 …; another number is a quotation
    ("Điều 48b. …" quoted inside an amending article)."""

    def __init__(self) -> None:
        self.last = 0
        self.count = 0  # articles read

    def take(self, label: str) -> bool:
        """Whether "Điều <label>" is this text's next article (and count it if so)."""
        ok = self.is_next(label)
        if ok:
            self.last = int(_DIGITS.match(label).group(0))
            self.count += 1
        return ok

    def is_next(self, label: str) -> bool:
        """Whether "Điều <label>" would be this text's next article (counting nothing)."""
        num = int(_DIGITS.match(label).group(0))
        return num == self.last + 1 or (self.last == 0 and num <= 1) or (num == self.last and label != str(self.last))


class Builder:
    """One pass over the blocks after the header zone, with a stack of open nodes under the current
    container; the container's ``ClosingReading`` (zones.py) says which of its lines are the
    closing's, the builder places them."""

    def __init__(self, doc: Document, header: HeaderZone):
        self.doc = doc
        self.ids = _Ids()
        self.root = Node("doc", "document")
        self.stack: list[tuple[float, Node]] = [(-1.0, self.root)]
        self.header_zone = header
        self.attached_notes: list[tuple[str, Node]] = []
        self.attachments: list[Attachment] = []
        self.closing = ClosingReading(Container.DOCUMENT)  # the current container's
        self.document_closing = self.closing.zone  # the document's own: an attached text's closing is only its tree's
        self.articles = _Articles()
        self.quotes = Quotes()  # an amending provision's quoted wording, its lines kept under it
        self.titled_by_lines: Node | None = None  # the heading whose title its next lines gave

    # -- helpers -------------------------------------------------------------------------------
    def add(self, parent: Node, kind: str, key: str, label: str | None, text: str, loc: Loc | None,
            title: str | None = None) -> Node:
        node = Node(self.ids.make(parent, key, label), kind, label, title, text, loc)
        parent.children.append(node)
        return node

    @property
    def top(self) -> Node:
        return self.stack[-1][1]

    def reset(self, container: Node) -> None:
        self.stack = [(-1.0, container)]

    # -- phases ----------------------------------------------------------------------------------
    def run(self) -> Node:
        blocks = self.doc.blocks
        self.place_header(self.header_zone)
        i = self.header_zone.end
        while i < len(blocks):
            i = self.step(blocks, i)
        return self.root

    def place_header(self, zone: HeaderZone) -> None:
        """The header node: the header zone's paragraphs, its span from the first to the last."""
        header = Node("header", "header")
        self.root.children.append(header)
        for text, loc, role in zone.paragraphs:
            self.add(header, "paragraph", "p", None, text, loc, title=role)
        if header.children:
            header.loc = Loc(header.children[0].loc.page, header.children[0].loc.block,
                             header.children[0].loc.start, header.children[-1].loc.end)

    def step(self, blocks: list[Block], i: int) -> int:
        """Place block i in the tree; the index of the next block to read."""
        b = blocks[i]
        if b.kind == "table":
            self._place_table(b)
            return i + 1
        t = b.text
        if b.role == "footnote":
            self._add_footnote(b)
            return i + 1
        opened = self._open_container_at(blocks, i)
        if opened is not None:
            self.quotes.end()
            return opened
        division = read_division(t, b.label, b.level)
        quoting = self._quoting(t, division)
        if quoting is not None:  # a line of the wording an amending provision quotes: its content
            self.add(quoting, "paragraph", "p", None, t, b.loc)
            self.closing.text_ends(t)
            return i + 1
        read = self.closing.read(blocks, i, self.articles.count > 0)
        if read is not None:
            self._place_closing_line(b, read)
            return i + 1
        if division is None and self._awaits_title() and mk.is_caps(t) and len(t) < _HEADING_MAX_LEN \
                and parse_label(t) is None:  # "A. LĨNH VỰC LUẬT SƯ" under "Phần I": a heading of its own
            self._take_title_line(t)
            return i + 1
        if division is None and self._article_awaits_title() and _reads_as_title(t):
            self._take_title_line(t)
            return i + 1
        node = self._add_prose(b) if division is None else self._add_division(b, division)
        self.quotes.placed(node, t)
        return i + 1

    def _quoting(self, t: str, division: Division | None) -> Node | None:
        """The node whose quotation a line of text *t* is inside of, or None; the document's next
        article, the quoting node's next clause or point, or the recipients end a quotation whose
        closing mark is missing."""
        if self.quotes.open is None and self.quotes.announced is None:
            return None
        if mk.RECIPIENTS.match(t) or (division is not None and self._ends_quotation(division, t)):
            self.quotes.end()
            return None
        return self.quotes.under(t)

    def _ends_quotation(self, division: Division, t: str) -> bool:
        """Whether a division is the quoting text's own, whatever quotation is open: the document's
        next article, or the next clause or point after the quoting one, unless its line closes the
        open quotation (NĐ 372/2025: "1. Sửa đổi, bổ sung Điều 3 như sau: “Điều 3. …" / "1. …" /
        "2. Giấy phép được cấp theo Mẫu số 01 … Nghị định này.”" is the quoted article's clause 2)."""
        if division.kind == "article":
            return self.articles.is_next(division.label)
        return self.quotes.goes_on(MARKER[division.kind].node_kind, division.label) and not self.quotes.closed_by(t)

    def _place_table(self, b: Block) -> None:
        """Whether a table is the closing's (recipients, signature) or the body's."""
        if self.quotes.open is not None:  # a table of the quoted wording
            self.add_table(self.quotes.open.node, b)
        elif self.closing.takes_table(b.table):
            self.read_closing_table(b)
        else:
            self.add_table(self.top if self.top.kind != "document" else self.root, b)

    def _add_footnote(self, b: Block) -> None:
        """A footnote under the root, labelled by its id (the reader's, else its text's bracketed mark)."""
        t = b.text
        label = b.note_id if b.note_id is not None else t[1:t.index("]")] if t.startswith("[") and "]" in t else None
        self.add(self.root, "paragraph", "footnote", label, t, b.loc, title="footnote")

    def _open_container_at(self, blocks: list[Block], i: int) -> int | None:
        """Whether block i opens an appendix or an attached document; the index after it if so."""
        t = blocks[i].text
        # appendices and attached documents open a new top-level container
        after_body = self.closing.phase.closing or self.articles.count
        app = mk.APPENDIX.match(t)
        if app and len(t) < _APPENDIX_MAX_LEN and (
                mk.is_caps(app.group("label")) or not app.group("rest") or mk.is_caps(app.group("rest"))
                or (self.closing.phase.closing and _NUMBERED_APPENDIX.match(t))):
            return self.open_container(blocks, i, "appendix", "appendix", app.group("label"), app.group("rest"))
        if not (after_body and (len(t) < _HEADING_MAX_LEN or _long_heading_with_note(blocks, i))):
            return None  # a type heading opens an attached text only after the articles or the closing
        if self._awaits_title():
            return None  # "Chương II" / "QUY ĐỊNH CHI TIẾT VỀ BỒI THƯỜNG …": the chapter's title
        heading = None if mk.DECIDE.match(t) else mk.doc_type_heading(t)
        if heading and heading[0] in doc_type_words("signed") and not self.closing.phase.closing:
            return None  # "QUY TRÌNH GIÁM ĐỊNH TƯ PHÁP …" heads a part of the body before the signature
        if heading:
            return self.open_container(blocks, i, "attachment", "attachment", None, heading[1], heading[0])
        return None

    def _awaits_title(self) -> bool:
        """Whether the open node is a part, chapter or section heading without its title or any
        content yet (or only title lines read so far): the next line is its title, whatever word it
        opens with."""
        top = self.top
        return top.kind in _TITLED_KINDS and (top.title is None or top is self.titled_by_lines) and not top.children

    def _article_awaits_title(self) -> bool:
        """Whether the open node is an article whose line held only its label ("Điều 22." / "Trong phiên
        thu nhận dữ liệu viễn thám", a web page's bold heading cut in two paragraphs)."""
        top = self.top
        if top.kind != "article" or top.title is not None or top.children:
            return False
        m = mk.ARTICLE.match(top.text)
        return m is not None and not m.group("rest").strip(" *")

    def _take_title_line(self, t: str) -> None:
        """A heading's title on the lines after its label ("Chương I" / "QUY ĐỊNH CHUNG", a web page's
        or a document's separate paragraphs): the node's title and the end of its text, as an attached
        text's title lines are (no paragraph of its own)."""
        top = self.top
        top.title = clean_space(f"{top.title} {t}") if top.title else clean_space(t)
        top.text = clean_space(f"{top.text} {t}")
        self.titled_by_lines = top

    def _place_closing_line(self, b: Block, read: ClosingRead) -> None:
        """A line of the closing in the tree: "Nơi nhận:" and its items under the container's
        recipients node, signature lines (and signing words flattened onto a recipients line) into
        its signature node."""
        self.quotes.end()
        if read.line is ClosingLine.LABEL:
            self.reset_to(self.add(self.container(), "recipients", "recipients", None, b.text, b.loc))
        elif read.line is ClosingLine.RECIPIENT:
            self.add(self._recipients_node(b), "item", "item", None, b.text, b.loc)
        else:  # "(Đã ký)" and the signature's lines: the signature's, not the last article's
            sig = self._signature_node(b)
            sig.text = clean_space(f"{sig.text} {read.text}")
        if read.signing:
            sig = self._signature_node(b)
            sig.text = clean_space(f"{sig.text} {read.signing}")

    def _add_prose(self, b: Block) -> Node:
        """An unnumbered line: a legal basis ("Căn cứ …") before the articles, else a paragraph."""
        t = b.text
        if t.startswith("Căn cứ") and mk.BASIS.match(t) and not self.articles.count and self.container() is self.root:
            node = self.add(self.root, "basis", "basis", None, t, b.loc)
        else:  # right after the signature, a line is the closing's (a gazette's stamp note), not the last article's
            node = self.add(self.container() if self.closing.prose() else self.top, "paragraph", "p", None, t, b.loc)
        self.closing.text_ends(t)
        return node

    def _add_division(self, b: Block, division: Division) -> Node:
        """A numbered line: a part, chapter, section, article, clause, point or dash under its parent."""
        t, kind, label = b.text, division.kind, division.label
        if kind == "article" and not self.articles.take(label):
            # "Điều 48b. …" quoted inside an amending article is content, not an article of this text
            return self.add(self.top, "paragraph", "p", None, t, b.loc)
        rank = division.rank
        while len(self.stack) > 1 and self.stack[-1][0] >= rank:
            self.stack.pop()
        title = _title_of(kind, division.rest)
        marker = MARKER[kind]
        node = self.add(self.top, marker.node_kind, marker.id_key, label, t, b.loc, title)
        if marker.label_prefix:
            node.label = f"{marker.label_prefix} {label}"  # "Điều 5", "Chương II"
        self.stack.append((rank, node))
        self.closing.division()
        self.closing.text_ends(t)
        return node

    def container(self) -> Node:
        return self.stack[0][1]

    def reset_to(self, node: Node) -> None:
        self.stack = [self.stack[0], (99.0, node)]

    def _recipients_node(self, b: Block) -> Node:
        cont = self.container()
        # the list goes on past a signature flattened beside it (two columns read as one)
        for node in cont.children[-1:-3:-1]:
            if node.kind == "recipients":
                return node
            if node.kind != "signature":
                break
        return self.add(cont, "recipients", "recipients", None, "", b.loc)

    def _signature_node(self, b: Block) -> Node:
        cont = self.container()
        if cont.children and cont.children[-1].kind == "signature":
            return cont.children[-1]
        return self.add(cont, "signature", "signature", None, "", b.loc)

    def open_container(self, blocks: list[Block], i: int, kind: str, key: str, label: str | None,
                       rest: str, doc_type: str | None = None) -> int:
        """An appendix or attached text opened at block *i*, its header zone read; the index after it."""
        b = blocks[i]
        count = sum(1 for n in self.root.children if n.kind == kind) + 1
        node = Node(self.ids.make(self.root, key, str(count)), kind, clean_space(label) if label else doc_type,
                    None, b.text, b.loc)
        self.root.children.append(node)
        head = split_container_header(blocks, i, rest)
        for t in head.title[1 if rest else 0:]:
            node.text = clean_space(f"{node.text} {t}")
        if head.note is not None:
            self.add(node, "paragraph", "p", None, head.note.text, head.note.loc)
            self.attached_notes.append((head.note.text, node))
        node.title = clean_space(" ".join(head.title)) or None
        if kind == "attachment":
            self.attachments.append(Attachment(doc_type, sentence_case(node.title) if node.title else None, node.id))
        self.closing = ClosingReading(Container(kind))
        self.articles = _Articles()
        self.reset(node)
        return head.end

    def add_table(self, parent: Node, b: Block) -> Node:
        table = b.table
        count = sum(1 for n in parent.children if n.kind == "table") + 1
        tnode = Node(self.ids.make(parent, "table", str(count)), "table", None, None, "", b.loc, table=table)
        parent.children.append(tnode)
        for r, row in enumerate(table.grid()):
            cells = [c.text for c in row]  # each slot's text joined once, not once per question
            own = [t for c, t in zip(row, cells) if not c.covered and t]
            label = _row_label(own[0]) if own else None
            rnode = Node(f"{tnode.id}.row-{r + 1}", "row", label, None, " | ".join(own), b.loc, cells=cells)
            if _is_group_row(row, cells):
                texts = [t for t in cells if t]
                rnode.group = True
                rnode.title = texts[-1]
                if label == rnode.title:
                    rnode.label = None
            tnode.children.append(rnode)
            if r in table.unaligned:
                self.doc.warn(WarningCode.ROW_UNALIGNED, "a row whose cells could not be aligned to the table's columns "
                              "(merged cells lost by the source); kept as read, not used for tasks", rnode.id)
        return tnode

    def read_closing_table(self, b: Block) -> None:
        """A layout table holding "Nơi nhận" and the signature."""
        cont = self.container()
        signature: list[str] | None = None
        for cell in b.table.own_cells():
            if not cell.paragraphs:
                continue
            first = cell.paragraphs[0]
            if mk.RECIPIENTS.match(first):
                rec = Node(self.ids.make(cont, "recipients", None), "recipients", None, None, first, b.loc)
                cont.children.append(rec)
                for p in cell.paragraphs[1:]:
                    self.add(rec, "item", "item", None, p, b.loc)
                self.closing.table_recipients(cell.paragraphs[1:])
            else:
                sig = Node(self.ids.make(cont, "signature", None), "signature", None, None, cell.text, b.loc)
                cont.children.append(sig)
                signature = (signature or []) + cell.paragraphs
        self.closing.table_read(signature)


# Longest line read as an appendix heading, as an attached document's type heading.
_APPENDIX_MAX_LEN = 250
# an appendix's heading in mixed case, its number and a colon: "Phụ lục 1: Đề xuất kế hoạch …" (not the
# body's "Phụ lục kèm theo Kế hoạch này", an article's "Phụ lục 1: Danh mục …"); taken after the closing only
_NUMBERED_APPENDIX = re.compile(r"^Phụ\s+lục\s+(?:số\s+)?[IVXLC\d]+[a-z]?\s*:\s*[A-ZĐÀ-Ỹ]")
_HEADING_MAX_LEN = 200


def _reads_as_title(t: str) -> bool:
    """Whether a line after an article's bare label is its title: short, no label of its own, not
    opening in lower case, not ending a sentence or a clause ("Giải thích từ ngữ", not "Quyết định
    này có hiệu lực …." nor "Ban hành kèm theo Quyết định này các văn bản sau:")."""
    t = t.strip(" *")
    return (0 < len(t) < _HEADING_MAX_LEN and not t[:1].islower() and not t.endswith((".", ";", ":", ","))
            and parse_label(t) is None)



def _long_heading_with_note(blocks: list[Block], i: int) -> bool:
    """Whether block i is a heading longer than _HEADING_MAX_LEN that still heads an attached text:
    in capitals and followed by its "(Ban hành kèm theo …)" note (tnt305 f40e7ad0: "QUY TRÌNH RÀ SOÁT
    ĐỐI TƯỢNG, … GIAI ĐOẠN 2021-2025 TRÊN ĐỊA BÀN …", 270 characters)."""
    return (i + 1 < len(blocks) and len(blocks[i].text) < 2 * _HEADING_MAX_LEN and mk.is_caps(blocks[i].text)
            and mk.ATTACHED_NOTE.match(blocks[i + 1].text) is not None)


def is_group_row(row: list[Slot], cells: list[str] | None = None) -> bool:
    """A group heading row of a task table (a row of ``Table.grid()``): one text spanning the row
    ("III." + a title merged over the other columns), or a roman/letter label with a title and
    every other cell empty; *cells*: the row's slot texts when the caller has them joined already."""
    return _is_group_row(row, [c.text for c in row] if cells is None else cells)


def _is_group_row(row: list[Slot], cells: list[str]) -> bool:
    """is_group_row, *cells* the row's slot texts."""
    texts = [t for t in cells if t]
    own = [(c, t) for c, t in zip(row, cells) if t and not c.covered]
    if len(texts) >= 2 and len(own) <= 2 and any(c.cell.colspan > 1 for c in row if not c.covered) and len(set(texts[1:])) == 1:
        return True
    return len(own) == 2 and own[0][0] is row[0] and label_only(own[0][1], _GROUP_KINDS) is not None and len(texts) == 2


def build_structure(doc: Document) -> Zones:
    """Build ``doc.root``; return it with the zones the header and closing readers read."""
    builder = Builder(doc, split_header(doc.blocks))
    doc.root = builder.run()
    return Zones(doc.root, builder.header_zone, builder.document_closing, builder.attached_notes, builder.attachments)
