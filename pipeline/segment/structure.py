"""Blocks → structure tree: header, bases, parts/chapters/articles/clauses/points, plan sections,
closing (recipients, signature), attached documents and appendices with their tables."""
from __future__ import annotations

import re
from collections import Counter

from pipeline.model import Block, Cell, Document, Loc, Node, Table
from pipeline.segment import markers as mk
from pipeline.segment.zones import ClosingZone, HeaderZone, Zones
from pipeline.text import clean_space, sentence_case, slug

_RANKS = {"part": 0, "chapter": 1, "muc": 2, "article": 3, "roman": 3, "clause": 4, "point": 5, "dash": 6, "plus": 7}
_KIND = {"part": "part", "chapter": "chapter", "muc": "section", "article": "article", "roman": "section",
         "clause": "clause", "point": "point", "dash": "item", "plus": "item"}
_ID = {"part": "part", "chapter": "chapter", "muc": "muc", "article": "article", "roman": "section",
       "clause": "clause", "point": "point", "dash": "item", "plus": "item"}
_GROUP_LABEL = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-Z])\s*[.)]?\s*$")
_ROW_LABEL = re.compile(r"^\s*((?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ]))\s*[.)]?(?:\s|$)")


class _Ids:
    """Stable ids: the path of kinds and labels from the root; a counter where labels repeat."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def make(self, parent: Node, key: str, label: str | None) -> str:
        base = f"{key}-{slug(label) if label else ''}".rstrip("-")
        if not label:
            self.seen[f"{parent.id}/{key}"] += 1
            base = f"{key}-{self.seen[f'{parent.id}/{key}']}"
        nid = base if parent.id == "doc" else f"{parent.id}.{base}"
        self.seen[nid] += 1
        if self.seen[nid] > 1:
            nid = f"{nid}~{self.seen[nid]}"
        return nid


def classify(text: str) -> tuple[str, re.Match[str]] | None:
    """The marker a paragraph starts with, as (kind, match), or None for plain prose."""
    for kind, pattern in (
        ("part", mk.PART), ("chapter", mk.CHAPTER), ("muc", mk.MUC), ("article", mk.ARTICLE),
        ("roman", mk.ROMAN), ("clause", mk.CLAUSE), ("point", mk.POINT), ("dash", mk.DASH), ("plus", mk.PLUS),
    ):
        m = pattern.match(text)
        if m:
            return kind, m
    return None


def _rank(kind: str, label: str) -> float:
    rank = float(_RANKS[kind])
    if kind == "clause":
        rank += 0.1 * label.count(".")
    return rank


def _title_of(kind: str, rest: str) -> str | None:
    """The title of a marker line that reads as a heading, else None."""
    rest = rest.strip()
    if kind in ("part", "chapter", "muc", "roman"):
        return rest or None
    if kind == "article":
        first = re.split(r"(?<=[.:])\s", rest, maxsplit=1)[0]
        return first.rstrip(".:") or None
    heading = len(rest) < 120 and not rest.endswith((".", ";", ",")) and not rest.endswith(":") or mk.is_caps(rest)
    return rest.rstrip(":") if heading and len(rest) < 120 else None


class Builder:
    """One pass over the blocks with a stack of open containers."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.ids = _Ids()
        self.root = Node("doc", "document")
        self.stack: list[tuple[float, Node]] = [(-1.0, self.root)]
        self.header_zone = HeaderZone()
        self.closing_zone = ClosingZone()  # the document's own: an attached text's closing is only its tree's
        self.attached_notes: list[tuple[str, Node]] = []
        self.attachments: list[dict] = []
        self.closing = False
        self.recipients_done = False
        self.signed = False  # the signature block ends with the signer's name
        self.seen_article = False
        self.last_article = 0

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
        i = self.read_header(blocks)
        while i < len(blocks):
            i = self.step(blocks, i)
        return self.root

    def read_header(self, blocks: list[Block]) -> int:
        header = Node("header", "header")
        self.root.children.append(header)
        i = 0
        while i < len(blocks) and i < 40:
            b = blocks[i]
            if b.kind == "table":
                if self.header_zone.doc_type is None and _is_layout_header(b.table):
                    for para, loc in _cell_paragraphs(b):
                        self.header_zone.lines.append(para)
                        self.add(header, "paragraph", "p", None, para, loc)
                    i += 1
                    continue
                break
            t = b.text
            if self.header_zone.doc_type is None:
                heading = None if mk.DECIDE.match(t) else mk.doc_type_heading(t)
                if heading and not mk.ATTACHED_NOTE.match(t):
                    self.header_zone.doc_type = heading[0]
                    title, authority = mk.split_authority(heading[1])
                    if title:
                        self.header_zone.title.append(title)
                    self.add(header, "paragraph", "p", None, t, b.loc, title="type")
                    i += 1
                    if authority:
                        break  # the authority closes the header, as on its own line
                    continue
                if i < 15 and _header_like(t):
                    self.header_zone.lines.append(t)
                    self.add(header, "paragraph", "p", None, t, b.loc)
                    i += 1
                    continue
                # a subject under the number; "V/v" is a subject wherever it stands in a header (OCR may lose the number)
                if i < 15 and mk.SUBJECT_LINE.match(t) and any(
                        mk.NUMBER_LINE.match(p) or (t.lower().startswith("v/v") and mk.MOTTO.search(p)) for p in self.header_zone.lines):
                    i = self.read_subject(blocks, i, header)
                    continue
                break
            if self._ends_title(t):
                break
            self.header_zone.title.append(t)
            self.add(header, "paragraph", "p", None, t, b.loc, title="title")
            i += 1
        # the authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") closes the header
        if i < len(blocks) and blocks[i].kind != "table" and mk.AUTHORITY.match(blocks[i].text) and mk.is_caps(blocks[i].text):
            self.add(header, "paragraph", "p", None, blocks[i].text, blocks[i].loc, title="authority")
            i += 1
        if header.children:
            header.loc = Loc(header.children[0].loc.page, header.children[0].loc.block,
                             header.children[0].loc.start, header.children[-1].loc.end)
        return i

    def read_subject(self, blocks: list[Block], i: int, header: Node) -> int:
        """A công văn's V/v subject under its number, wrapped over short lines up to the salutation
        or the header's next line; the index after it."""
        lines, j = [blocks[i].text], i + 1
        while j < min(len(blocks), i + 5) and blocks[j].kind != "table" and _subject_goes_on(blocks[j].text):
            lines.append(blocks[j].text)
            j += 1
        if j < len(blocks) and blocks[j].kind != "table" and not (
                mk.SALUTATION.match(blocks[j].text) or _header_line(blocks[j].text)):
            lines, j = lines[:1], i + 1  # neither a salutation nor the header after it: only the V/v line is sure
        self.header_zone.lines.append(clean_space(" ".join(lines)))
        for k in range(i, j):
            self.add(header, "paragraph", "p", None, blocks[k].text, blocks[k].loc, title="subject")
        return j

    def _ends_title(self, t: str) -> bool:
        if not self.header_zone.title:
            return bool(mk.BASIS.match(t) and t.startswith("Căn cứ")) or classify(t) is not None or bool(
                mk.DECIDE.match(t) or mk.ATTACHED_NOTE.match(t) or (mk.AUTHORITY.match(t) and mk.is_caps(t)))
        prev = self.header_zone.title[-1]
        # a title wrapped onto a line that starts "ban hành kèm theo …" goes on (the note itself
        # stands in brackets or opens with a capital)
        note = bool(mk.ATTACHED_NOTE.match(t)) and not re.match(r"(?:ban\s+hành\s+)?kèm\s+theo\b", t)
        return (
            classify(t) is not None
            or bool(mk.BASIS.match(t) or mk.DECIDE.match(t) or note)
            or (mk.is_caps(t) and bool(mk.SIGN_CAPACITY.match(t) or _SIGN_POSITION.match(t)))  # a signature
            # the salutation, or a paragraph that opens a list ("… như sau:"): the body has begun
            or bool(mk.SALUTATION.match(t)) or t.rstrip().endswith(":")
            or bool(mk.AUTHORITY.match(t) and mk.is_caps(t))
            or (mk.is_caps(prev) and not mk.is_caps(t))
            or len(self.header_zone.title) >= _TITLE_MAX_LINES
            or len(t) > 300
        )

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
            return opened
        if mk.RECIPIENTS.match(t):
            self._read_recipients_line(b)
            return i + 1
        if not self.closing and self.container().kind in ("document", "attachment") and _signature_ahead(blocks, i):
            self.closing = True  # a signature block with no "Nơi nhận" beside it (gazette, web pages)
        if self.closing and self.container().kind in ("document", "attachment") and self._read_closing_line(b):
            return i + 1
        c = classify(t)
        if c is None:
            self._add_prose(b)
            return i + 1
        self._add_division(b, *c)
        return i + 1

    def _place_table(self, b: Block) -> None:
        """Whether a table is the closing's (recipients, signature) or the body's."""
        if _has_recipients(b.table) or (not self.signed and _is_signature_table(b.table)):
            self.read_closing_table(b)
        else:
            self.add_table(self.top if self.top.kind != "document" else self.root, b)

    def _add_footnote(self, b: Block) -> None:
        """A footnote under the root, labelled by its bracketed mark."""
        t = b.text
        label = t[1:t.index("]")] if t.startswith("[") and "]" in t else None
        self.add(self.root, "paragraph", "footnote", label, t, b.loc, title="footnote")

    def _open_container_at(self, blocks: list[Block], i: int) -> int | None:
        """Whether block i opens an appendix or an attached document; the index after it if so."""
        t = blocks[i].text
        # appendices and attached documents open a new top-level container
        app = mk.APPENDIX.match(t)
        if app and len(t) < _APPENDIX_MAX_LEN and (
                mk.is_caps(app.group("label")) or not app.group("rest") or mk.is_caps(app.group("rest"))):
            return self.open_container(blocks, i, "appendix", "appendix", app.group("label"), app.group("rest"))
        heading = None if mk.DECIDE.match(t) else mk.doc_type_heading(t)
        if heading and (self.closing or self.seen_article) and len(t) < _HEADING_MAX_LEN:
            return self.open_container(blocks, i, "attachment", "attachment", None, heading[1], heading[0])
        return None

    def _read_recipients_line(self, b: Block) -> None:
        """A "Nơi nhận:" line: the closing begins, with signing words flattened onto it."""
        t = b.text
        self.closing = True
        rest, sign = mk.signature_tail(mk.RECIPIENTS.match(t).group("rest"))
        node = self.add(self.container(), "recipients", "recipients", None, t, b.loc)
        if rest:
            self.closing_zone.recipients.append(rest)
        self.reset_to(node)
        if sign:
            self._sign_words(b, sign)

    def _read_closing_line(self, b: Block) -> bool:
        """Whether a line of the closing is a signature mark, a recipient or a signature line (and place it)."""
        t = b.text
        if not self.signed and _SIGNED_MARK.match(t) and self.container().children \
                and self.container().children[-1].kind == "signature":
            sig = self._signature_node(b)  # "(Đã ký)": the signature's, not the last article's
            sig.text = clean_space(f"{sig.text} {t}")
            return True
        if (mk.DASH.match(t) or mk.PLUS.match(t)) and not self.recipients_done:
            self._add_recipient(b)
            return True
        if not self.signed and len(self.closing_zone.signature) < _SIGNATURE_MAX_PARTS and (
                mk.SIGN_CAPACITY.match(t) or (mk.is_caps(t) and len(t) < _SIGN_LINE_MAX_LEN) or _looks_like_name(t)):
            sig = self._signature_node(b)
            self.signed = _looks_like_name(t)
            sig.text = clean_space(f"{sig.text} {t}")
            if self.container() is self.root:
                self.closing_zone.signature.append(t)
            return True
        return False

    def _add_recipient(self, b: Block) -> None:
        """A dashed recipient line, with signing words flattened onto it."""
        t = b.text
        item, sign = mk.signature_tail(t)
        rec = self._recipients_node(b)
        self.add(rec, "item", "item", None, t, b.loc)
        if self.container() is self.root:
            self.closing_zone.recipients.append(re.sub(r"^[-–+•]\s*", "", item).rstrip(";.,"))
        if sign:
            self._sign_words(b, sign)

    def _add_prose(self, b: Block) -> None:
        """An unnumbered line: a legal basis ("Căn cứ …") before the articles, else a paragraph."""
        t = b.text
        if mk.BASIS.match(t) and t.startswith("Căn cứ") and not self.seen_article and self.container() is self.root:
            self.add(self.root, "basis", "basis", None, t, b.loc)
        else:
            self.add(self.top, "paragraph", "p", None, t, b.loc)
            if self.closing and self.closing_zone.recipients:
                self.recipients_done = True  # prose after the list: later dashes are not recipients
        self._check_end(t)

    def _add_division(self, b: Block, kind: str, m: re.Match) -> None:
        """A numbered line: a part, chapter, section, article, clause, point or dash under its parent."""
        t = b.text
        label = m.groupdict().get("label")
        if kind == "article" and not self._next_article(label):
            # "Điều 48b. …" quoted inside an amending article is content, not an article of this text
            self.add(self.top, "paragraph", "p", None, t, b.loc)
            return
        rank = _rank(kind, label or "")
        while len(self.stack) > 1 and self.stack[-1][0] >= rank:
            self.stack.pop()
        title = _title_of(kind, m.group("rest"))
        key = _ID[kind]
        node = self.add(self.top, _KIND[kind], key, None if kind in ("dash", "plus") else label, t, b.loc, title)
        if kind == "article":
            node.label = f"Điều {label}"
            self.seen_article = True
        elif kind == "muc":
            node.label = f"Mục {label}"
        elif kind == "chapter":
            node.label = f"Chương {label}"
        elif kind == "part":
            node.label = f"Phần {label}"
        self.stack.append((rank, node))
        self._check_end(t)

    def _next_article(self, label: str) -> bool:
        """Articles run 1, 2, 3 … within a container; another number is a quotation."""
        num = int(re.match(r"\d+", label).group(0))
        ok = num == self.last_article + 1 or (self.last_article == 0 and num <= 1) or (
            num == self.last_article and label != str(self.last_article))
        if ok:
            self.last_article = num
        return ok

    def _check_end(self, t: str) -> None:
        if mk.END_OF_TEXT.search(t) and self.container().kind in ("document", "attachment"):
            self.closing = True

    def container(self) -> Node:
        return self.stack[0][1]

    def reset_to(self, node: Node) -> None:
        self.stack = [self.stack[0], (99.0, node)]

    def _sign_words(self, b: Block, words: str) -> None:
        """Signing words a two-column layout flattened onto a recipients line: the signature's."""
        if self.signed or len(self.closing_zone.signature) >= 8:
            return
        sig = self._signature_node(b)
        sig.text = clean_space(f"{sig.text} {words}")
        if self.container() is self.root:
            self.closing_zone.signature.append(words)

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
        b = blocks[i]
        count = sum(1 for n in self.root.children if n.kind == kind) + 1
        node = Node(self.ids.make(self.root, key, str(count)), kind, clean_space(label) if label else doc_type,
                    None, b.text, b.loc)
        self.root.children.append(node)
        title_parts = [rest] if rest else []
        i += 1
        while i < len(blocks) and blocks[i].kind != "table":
            t = blocks[i].text
            if mk.ATTACHED_NOTE.match(t):
                self.add(node, "paragraph", "p", None, t, blocks[i].loc)
                self.attached_notes.append((t, node))
                i += 1
                break
            if classify(t) or mk.BASIS.match(t) or len(title_parts) >= 4 or not (mk.is_caps(t) or not title_parts):
                break
            title_parts.append(t)
            node.text = clean_space(f"{node.text} {t}")
            i += 1
        node.title = clean_space(" ".join(title_parts)) or None
        if kind == "attachment":
            self.attachments.append({"doc_type": doc_type, "title": sentence_case(node.title) if node.title else None,
                                     "node": node.id})
        self.closing = False
        self.recipients_done = False
        self.signed = False
        self.seen_article = False
        self.last_article = 0
        self.reset(node)
        return i

    def add_table(self, parent: Node, b: Block) -> Node:
        table = b.table
        count = sum(1 for n in parent.children if n.kind == "table") + 1
        tnode = Node(self.ids.make(parent, "table", str(count)), "table", None, None, "", b.loc, table=table)
        parent.children.append(tnode)
        for r, row in enumerate(table.rows):
            cells = [c.text for c in row]
            own = [c.text for c in row if c.merged_from is None and c.text]
            label = None
            for c in row:
                if c.text and c.merged_from is None:
                    m = _ROW_LABEL.match(c.text)
                    if m:
                        label = m.group(1)
                    break
            rnode = Node(f"{tnode.id}.row-{r + 1}", "row", label, None, " | ".join(own), b.loc, cells=cells)
            if is_group_row(row):
                texts = [c.text for c in row if c.text]
                rnode.group = True
                rnode.title = texts[-1]
                if label == rnode.title:
                    rnode.label = None
            tnode.children.append(rnode)
            if r in table.unaligned:
                self.doc.warn("row_unaligned", "a row whose cells could not be aligned to the table's columns "
                              "(merged cells lost by the source); kept as read, not used for tasks", rnode.id)
        return tnode

    def read_closing_table(self, b: Block) -> None:
        """A layout table holding "Nơi nhận" and the signature."""
        cont = self.container()
        rec = None
        sig = None
        for row in b.table.rows:
            for cell in row:
                if not cell.paragraphs or cell.merged_from is not None:
                    continue
                first = cell.paragraphs[0]
                if mk.RECIPIENTS.match(first):
                    rec = Node(self.ids.make(cont, "recipients", None), "recipients", None, None, first, b.loc)
                    cont.children.append(rec)
                    for p in cell.paragraphs[1:]:
                        self.add(rec, "item", "item", None, p, b.loc)
                        if cont is self.root:
                            self.closing_zone.recipients.append(re.sub(r"^[-–+•]\s*", "", p).rstrip(";.,"))
                else:
                    sig = Node(self.ids.make(cont, "signature", None), "signature", None, None, cell.text, b.loc)
                    cont.children.append(sig)
                    if cont is self.root:
                        self.closing_zone.signature.extend(cell.paragraphs)
                    self.signed = True
        self.closing = True


# A trích yếu may wrap over many short lines (a long title in capitals); past this, the body has begun.
_TITLE_MAX_LINES = 10
# Longest line read as an appendix heading, as an attached document's type heading, as a signature
# line in capitals; most signature lines kept.
_APPENDIX_MAX_LEN = 250
_HEADING_MAX_LEN = 200
_SIGN_LINE_MAX_LEN = 80
_SIGNATURE_MAX_PARTS = 8


def _subject_goes_on(text: str) -> bool:
    """A short paragraph continuing a wrapped V/v subject (not the salutation, a heading or the body)."""
    return (len(text) <= 200 and not mk.SALUTATION.match(text) and not _header_line(text) and classify(text) is None
            and not mk.BASIS.match(text) and not mk.DECIDE.match(text))


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
    text = " ".join(c.text for row in table.rows for c in row)
    return bool(mk.MOTTO.search(text) or re.search(r"\bSố\s*:", text))


def _has_recipients(table: Table | None) -> bool:
    return table is not None and any(c.paragraphs and mk.RECIPIENTS.match(c.paragraphs[0]) for row in table.rows for c in row)


def _cell_paragraphs(b: Block):
    """The paragraphs of a layout table, each merged cell once."""
    for row in b.table.rows:
        for cell in row:
            if cell.merged_from is None:
                for p in cell.paragraphs:
                    yield p, b.loc


# "(Đã ký)", "[đã ký]": a web page or the gazette's mark where the signature stood.
_SIGNED_MARK = re.compile(r"^[(\[]\s*đã\s+ký\s*[)\]]$", re.I)
# A signing position in capitals on a line of its own ("PHÓ THỦ TƯỚNG", "KT. BỘ TRƯỞNG").
_SIGN_POSITION = re.compile(rf"^(?:(?:TM|KT|TL|TUQ|Q|T/M|K/T)\s*\.\s*)?(?:PHÓ\s+)?(?:{mk.OFFICES})\b")
_SIGNATURE_LOOKAHEAD = 6


def _signature_ahead(blocks: list[Block], i: int) -> bool:
    """True when block *i* opens a signature block: a signing capacity or position in capitals
    followed, within a few short lines in capitals or "(Đã ký)", by the signer's name
    ("TM. CHÍNH PHỦ / KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG / Phạm Thị Thanh Trà")."""
    t = blocks[i].text.strip(" *")
    if len(t) > 80 or not mk.is_caps(t) or not (mk.SIGN_CAPACITY.match(t) or _SIGN_POSITION.match(t)):
        return False
    for b in blocks[i + 1:i + 1 + _SIGNATURE_LOOKAHEAD]:
        nxt = b.text.strip(" *")
        if b.kind == "table" or not nxt:
            return False
        if _looks_like_name(nxt):
            return True
        if not (_SIGNED_MARK.match(nxt) or (mk.is_caps(nxt) and len(nxt) < 80)):
            return False
    return False


def _is_signature_table(table: Table | None) -> bool:
    """A small layout table holding only a signature block (no "Nơi nhận"): each filled cell opens
    with a signing capacity or position and ends with a name."""
    if table is None or len(table.rows) > 2:
        return False
    cells = [c for row in table.rows for c in row if c.text.strip() and c.merged_from is None]
    if not cells:
        return False
    for c in cells:
        lines = [ln.strip(" *") for ln in c.text.splitlines() if ln.strip(" *")]
        first = lines[0] if lines else ""
        if not (mk.SIGN_CAPACITY.match(first) or _SIGN_POSITION.match(first)) or not _looks_like_name(lines[-1]):
            return False
    return True


def _looks_like_name(text: str) -> bool:
    """A signer's name: two to five capitalised words, after an officer's rank if there is one."""
    rank = mk.RANK.search(text)
    words = text[rank.end():].split() if rank else text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


def is_group_row(row: list[Cell]) -> bool:
    """A group heading row of a task table: one text spanning the row ("III." + a title repeated in
    merged cells), or a roman/letter label with a title and every other cell empty."""
    texts = [c.text for c in row if c.text]
    own = [c for c in row if c.text and c.merged_from is None]
    if len(texts) >= 2 and len(own) <= 2 and any(c.colspan > 1 for c in row) and len(set(texts[1:])) == 1:
        return True
    return (len(own) == 2 and own[0] is row[0] and _GROUP_LABEL.match(own[0].text) is not None
            and sum(1 for c in row if c.text) == 2)


def build_structure(doc: Document) -> Zones:
    """Build ``doc.root``; return it with the zones the header and closing readers read."""
    builder = Builder(doc)
    doc.root = builder.run()
    return Zones(doc.root, builder.header_zone, builder.closing_zone, builder.attached_notes, builder.attachments)
