"""DOCX reader: one pass over word/document.xml with lxml, Word auto-numbering rebuilt from
numbering.xml (and paragraph styles), tables as a grid with gridSpan/vMerge/gridBefore/gridAfter,
tracked insertions kept and deletions dropped, text boxes and footnotes read."""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from pipeline import bounds
from pipeline.model import Block, Cell, Loc, Source, Table
from pipeline.readers.base import ReadError, ReadResult
from pipeline.text import clean_space, nfc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200
# The XML parts read (document, numbering, styles, footnotes) inflated together: the corpus's largest
# are 1.8 MB; past this the package is refused whatever its entries declare.
MAX_XML = 32 * 1024 * 1024


class DocxError(ReadError):
    """A DOCX package that cannot be read (corrupt, truncated, a zip bomb, no document part)."""


def _attr(el, name: str) -> str | None:
    return el.get(_W + name) if el is not None else None


# -- numbering ---------------------------------------------------------------------------------------
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """One level's counter in Word's numFmt ("decimal", "upperRoman", "lowerLetter" …)."""
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        s = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """numId → levels, and the running counters of each list."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    starts: dict[tuple[str, int], int] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str | None:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, [0] * 9)
        lvl = levels[ilvl]
        if counts[ilvl] == 0:
            counts[ilvl] = self.starts.get((num_id, ilvl), lvl.start)
        else:
            counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if lvl.fmt == "bullet":
            return "-" if lvl.text and not lvl.text.strip().isalnum() else lvl.text or "-"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lk = levels.get(k, lvl)
            value = counts[k] or self.starts.get((num_id, k), lk.start)
            return format_number(value, lk.fmt)

        return re.sub(r"%(\d)", sub, lvl.text)


def read_numbering(xml: bytes | None) -> Numbering:
    num = Numbering()
    if not xml:
        return num
    root = _xml(xml, "numbering.xml")
    abstract: dict[str, dict[int, Level]] = {}
    for an in root.iter(_W + "abstractNum"):
        levels = {}
        for lvl in an.iter(_W + "lvl"):
            ilvl = int(_attr(lvl, "ilvl") or 0)
            start = lvl.find(_W + "start")
            fmt = lvl.find(_W + "numFmt")
            text = lvl.find(_W + "lvlText")
            levels[ilvl] = Level(_attr(fmt, "val") or "decimal", _attr(text, "val") or "",
                                 int(_attr(start, "val") or 1))
        abstract[_attr(an, "abstractNumId")] = levels
    for n in root.iter(_W + "num"):
        nid = _attr(n, "numId")
        ref = n.find(_W + "abstractNumId")
        num.levels[nid] = abstract.get(_attr(ref, "val"), {})
        for ov in n.iter(_W + "lvlOverride"):
            so = ov.find(_W + "startOverride")
            if so is not None:
                num.starts[(nid, int(_attr(ov, "ilvl") or 0))] = int(_attr(so, "val") or 1)
    return num


def _numbering(xml: bytes | None, needed: bool) -> Numbering | None:
    """The part's lists when the document numbers paragraphs directly (w:numPr); else None, the part
    only checked for damage (refused then as before), read later if a style or a footnote numbers."""
    if needed or not xml:
        return read_numbering(xml)
    _check_xml(xml, "numbering.xml")
    return None


_DECLARED = re.compile(rb'<\?xml\s[^>]*?encoding\s*=\s*["\']([^"\']*)["\']')


def _mentions(xml: bytes, name: bytes) -> bool:
    """*name* may be an element of the part: its bytes hold it, or they are not UTF-8 (a UTF-16 part
    spells it otherwise), so only its absence from a UTF-8 part is trusted."""
    if name in xml:
        return True
    head = xml[3:200] if xml.startswith(b"\xef\xbb\xbf") else xml[:200]
    declared = _DECLARED.match(head)
    return not head.startswith(b"<") or head[1:2] == b"\0" or (
        declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"))


def read_style_numbering(xml: bytes | None) -> dict[str, tuple[str, int]]:
    """styleId → (numId, ilvl) for paragraph styles that carry numbering."""
    out: dict[str, tuple[str, int]] = {}
    if not xml:
        return out
    if not _mentions(xml, b"numPr"):  # no style numbers (nine parts in ten): the part is only checked
        _check_xml(xml, "styles.xml")
        return out
    for st in _xml(xml, "styles.xml").iter(_W + "style"):
        numpr = st.find(f"{_W}pPr/{_W}numPr")
        if numpr is not None:
            nid = numpr.find(_W + "numId")
            ilvl = numpr.find(_W + "ilvl")
            if nid is not None:
                out[_attr(st, "styleId")] = (_attr(nid, "val"), int(_attr(ilvl, "val") or 0))
    return out


# -- text ----------------------------------------------------------------------------------------------
# Tag names built once: lxml hands back each element's tag as a fresh string, compared against these.
_P, _R, _T, _TAB, _BR, _CR = (_W + n for n in ("p", "r", "t", "tab", "br", "cr"))
_DEL, _TXBX, _RPR_B, _VAL, _B, _RPR = (_W + "del", _W + "txbxContent", f"{_W}rPr/{_W}b", _W + "val", _W + "b",
                                      _W + "rPr")
_PPR, _NUMPR, _NUMID, _ILVL, _PSTYLE, _JC = (_W + n for n in ("pPr", "numPr", "numId", "ilvl", "pStyle", "jc"))
_TBL, _CONTAINERS, _SDT_CONTENT = _W + "tbl", (_W + "sdt", _W + "customXml", _W + "ins"), _W + "sdtContent"
_FOOTNOTE, _NOTE_SEPARATORS = _W + "footnote", ("separator", "continuationSeparator", "continuationNotice")
_BREAKS = {_TAB: "\t", _BR: "\n", _CR: "\n"}
_OFF = ("0", "false", "off")  # an on/off property's w:val that turns it off (ST_OnOff; absent: on)


def _first(el, tag: str):
    """The first child of *el* named *tag*, None if none: Element.find(tag) by a loop over its children
    (comments and processing instructions have no str tag): for a property element's few children
    (a pPr's 4, a tcPr's 3) it costs less than the tag matcher lxml builds for iterchildren(tag)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _first_two(el, one: str, other: str) -> tuple:
    """(_first(el, one), _first(el, other)) in one loop over *el*'s children."""
    first_one = first_other = None
    for child in el:
        tag = child.tag
        if tag == one:
            if first_one is None:
                first_one = child
        elif tag == other and first_other is None:
            first_other = child
    return first_one, first_other


def _own(el, p) -> bool:
    """*el* is text of paragraph *p*: no text box between them (a box's paragraphs are read on their
    own, so a box's own paragraph reads its text) and no deletion anywhere above it."""
    below_p = True
    for above in el.iterancestors(_DEL, _TXBX, _P):
        if above.tag == _DEL or above.tag == _TXBX and below_p:
            return False
        below_p = below_p and above is not p
    return True


def _para_text(p, plain: bool) -> str:
    """Visible text of a paragraph (insertions kept, deletions dropped). Text inside a text box the
    paragraph anchors, or inside a deletion, is not the paragraph's; *plain* says the part holds
    neither, and the paragraph is read in one scan."""
    if not plain:
        return "".join([el.text or "" if el.tag == _T else _BREAKS[el.tag] for el in p.iter(_T, _TAB, _BR, _CR)
                        if _own(el, p)])
    return "".join([el.text or "" if el.tag == _T else _BREAKS[el.tag] for el in p.iter(_T, _TAB, _BR, _CR)])


def _all_bold(p, plain: bool) -> bool:
    """Every run of the paragraph that holds text is bold (runs inside a deletion or a text box left out)."""
    if plain:
        _, texts, marks = _text_scan(p)
        return _bold_of(texts, marks)
    runs = bold_runs = 0
    for r in p.iter(_R):
        if _own(r, p) and r.find(_T) is not None:
            runs += 1
            b = r.find(_RPR_B)
            bold_runs += b is not None and b.get(_VAL) not in _OFF
    return runs > 0 and bold_runs == runs


def _text_scan(p) -> tuple[str, list, list]:
    """_para_text(p, True), and the paragraph's w:t and w:b elements in document order: one scan of
    its subtree serves its text and its bold cue (each scan of a paragraph visits ~50 nodes)."""
    parts: list[str] = []
    texts: list = []
    marks: list = []
    for el in p.iter(_T, _TAB, _BR, _CR, _B):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
            texts.append(el)
        elif tag == _B:
            marks.append(el)
        else:
            parts.append(_BREAKS[tag])
    return "".join(parts), texts, marks


def _bold_of(texts: list, marks: list) -> bool:
    """The bold cue of a paragraph no run of which is inside a deletion or a text box, from its w:t
    (*texts*) and w:b (*marks*) elements: each run holding a w:t has a first w:rPr/w:b (the first
    w:b, in document order, that is a child of one of its w:rPr children) not set off, and there is
    one. A paragraph without w:b (two in three) is told at once."""
    first: dict = {}  # run → its first w:rPr/w:b (lxml hands back one proxy per node while it lives)
    for b in marks:
        props = b.getparent()
        if props.tag == _RPR:
            run = props.getparent()
            if run.tag == _R and run not in first:
                first[run] = b
    if not first:  # no run is marked bold at all
        return False
    runs = False
    for t in texts:  # the runs holding text, each asked once or more: the first plain one answers
        run = t.getparent()
        if run.tag == _R:
            b = first.get(run)
            if b is None or b.get(_VAL) in _OFF:
                return False
            runs = True
    return runs


def _lines(text: str) -> list[str]:
    """The non-blank lines of a paragraph's text, blanks collapsed."""
    if "\n" not in text:  # nearly every paragraph: one line
        line = _clean(text)
        return [line] if line else []
    return [line for line in (_clean(x) for x in text.split("\n")) if line]


def _clean(text: str) -> str:
    """clean_space(text), without its scan for a line with nothing to clean (five in six): printable
    and no space doubled or at an end. Every blank clean_space rewrites but the space, and every white
    space strip() takes off but the space, is unprintable (tests/test_docx_shortcuts.py)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return clean_space(text)


_DEL_TAG = re.compile(rb"del[\s/>]")


def _plain(xml: bytes) -> bool:
    """The part holds no deletion and no text box, so no text needs its ancestors checked: told from
    its bytes, where such an element's name ("<w:del ", "<w:txbxContent>") must appear as written."""
    return b"txbxContent" not in xml and _DEL_TAG.search(xml) is None


class _Reader:
    def __init__(self, numbering: Numbering, styles: dict[str, tuple[str, int]]):
        self.numbering = numbering
        self.styles = styles
        self.blocks: list[Block] = []
        self.offset = 0
        self.plain = True  # the part being read has no deletion and no text box
        self.numbers = True  # it may number paragraphs (a w:numPr in it, or numbering styles)
        self.fallbacks = True  # it may hold an mc:Fallback

    def part(self, xml: bytes, numpr: bool | None = None) -> None:
        """What the bytes of the part about to be read tell: no deletion or text box, no w:numPr (with
        no numbering style, no paragraph of it is numbered), no mc:Fallback; each spares a lookup.
        *numpr*: _mentions(xml, b"numPr") when the caller has it already."""
        self.plain = _plain(xml)
        self.numbers = bool(self.styles) or (_mentions(xml, b"numPr") if numpr is None else numpr)
        self.fallbacks = _mentions(xml, b"Fallback")

    def paragraph_text(self, p) -> tuple[str, str | None, int | None]:
        """The paragraph's text in NFC, its Word auto-number (list or style numbering) in front; and
        that number's label and list level (None, None for a paragraph Word does not number)."""
        return self.own_text(p, _para_text(p, self.plain))

    def own_text(self, p, text: str) -> tuple[str, str | None, int | None]:
        """paragraph_text of paragraph *p* whose raw text is *text*."""
        if not self.numbers:
            return nfc(text), None, None
        return self.numbered(text, _first(p, _PPR))

    def numbered(self, text: str, ppr) -> tuple[str, str | None, int | None]:
        """paragraph_text of a paragraph whose raw text and first w:pPr (None: none) are *text* and *ppr*."""
        numpr = _first(ppr, _NUMPR) if ppr is not None else None
        if numpr is not None:
            n = _first(numpr, _NUMID)
            lv = _first(numpr, _ILVL)
            nid = n.get(_VAL) if n is not None else None
            ilvl = int(lv.get(_VAL) or 0) if lv is not None else 0
        elif ppr is not None and self.styles:
            style = _first(ppr, _PSTYLE)
            if style is None or style.get(_VAL) not in self.styles:
                return nfc(text), None, None
            nid, ilvl = self.styles[style.get(_VAL)]
        else:
            return nfc(text), None, None
        label = self.numbering.label(nid, ilvl or 0) if nid and nid != "0" and clean_space(text) else None
        text = nfc(text)
        return (f"{label} {text.lstrip()}", label, ilvl or 0) if label else (text, None, None)

    def paragraph(self, p) -> None:
        """A body or text-box paragraph: one block per line, with its bold and centred cues (its
        Word number's label and level on the first)."""
        if self.plain:  # text and bold cue from one scan of the paragraph
            text, texts, marks = _text_scan(p)
        else:
            text, texts, marks = _para_text(p, False), None, None
        if not text:  # one paragraph in seven
            return
        ppr = _first(p, _PPR)
        text, label, level = self.numbered(text, ppr) if self.numbers else (nfc(text), None, None)
        lines = _lines(text)
        if not lines:
            return
        bold = _all_bold(p, False) if texts is None else _bold_of(texts, marks)
        jc = _first(ppr, _JC) if ppr is not None else None
        centered = jc is not None and jc.get(_VAL) == "center"
        self.add("paragraph", lines[0], bold=bold, centered=centered, label=label, level=level)
        for line in lines[1:]:
            self.add("paragraph", line, bold=bold, centered=centered)

    def add(self, kind: str, text: str, **kw) -> None:
        """Append a block; offsets count the text as if the blocks were lines of one text. Past
        MAX_BLOCKS (and one, for the reader to say the file was cut) blocks are not kept."""
        if len(self.blocks) > bounds.MAX_BLOCKS:
            return
        start = self.offset
        self.offset += len(text) + 1
        self.blocks.append(Block(kind, text, Loc(None, len(self.blocks), start, start + len(text)), **kw))

    def body(self, el) -> None:
        for child in el:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
                if not self.plain:
                    self.text_boxes(child)
            elif tag == _TBL:
                table = self.table(child)
                if table.nrows:
                    self.add("table", "", table=table)
            elif tag in _CONTAINERS:
                content = child.find(_SDT_CONTENT)
                self.body(content if content is not None else child)

    def text_boxes(self, p) -> None:
        """Paragraphs of the text boxes anchored in paragraph *p*, once each (the VML fallback copy
        of a drawing's text box is skipped)."""
        for box in p.iter(_TXBX):
            if next(box.iterancestors(_MC_FALLBACK), None) is not None:
                continue
            for inner in box.findall(_P):
                self.paragraph(inner)

    def footnotes(self, xml: bytes | None) -> None:
        """Footnotes (word/footnotes.xml) as paragraphs at the end, marked with their number."""
        if not xml:
            return
        self.part(xml)
        for note in _xml(xml, "footnotes.xml").iter(_FOOTNOTE):
            if note.get(_W + "type") in _NOTE_SEPARATORS:
                continue
            text = clean_space(" ".join([clean_space(self.paragraph_text(p)[0]) for p in note.findall(_P)]))
            if text:
                note_id = note.get(_W + "id")
                self.add("paragraph", f"[{note_id}] {text}", role="footnote", note_id=note_id)

    def cell_paragraphs(self, tc, in_fallback: bool, flat: bool = False) -> list[str]:
        """The non-blank lines of a cell's paragraphs, nested tables' and text boxes' paragraphs kept in
        order as further paragraphs of the cell (a drawing's VML fallback copy of its text box once
        only). *in_fallback*: the table is inside an mc:Fallback, so is every paragraph of the cell;
        one right in the cell is inside one only then (its ancestors are the cell's, row's and table's).
        *flat*: the cell's children are paragraphs only, after a w:tcPr first (_cell_layout)."""
        if self.fallbacks and in_fallback:  # every paragraph of the cell is inside the mc:Fallback
            return []
        texts = self.flat_cell_texts(tc) if flat and self.plain else None
        if texts is None:
            texts = []
            for el in tc.iter(_P):
                if self.fallbacks and el.getparent() is not tc and next(el.iterancestors(_MC_FALLBACK), None) is not None:
                    continue
                texts.append((el, _para_text(el, self.plain)))
        out: list[str] = []
        for el, text in texts:
            if text:
                out.extend(_lines(self.own_text(el, text)[0]))
        return out

    @staticmethod
    def flat_cell_texts(tc) -> list[tuple] | None:
        """(paragraph, _para_text(paragraph, True)) for each paragraph of a flat cell of a plain part, from
        one scan of the cell; None when a paragraph is not the cell's child (one holds another). A flat
        cell's text is then in the paragraph met last before it, or in none (the w:tcPr's, met first)."""
        texts: list[tuple] = []
        parts: list[str] | None = None
        for el in tc.iter(_P, _T, _TAB, _BR, _CR):
            tag = el.tag
            if tag == _T:
                if parts is not None:
                    parts.append(el.text or "")
            elif tag == _P:
                if el.getparent() is not tc:
                    return None
                parts = []
                texts.append((el, parts))
            elif parts is not None:
                parts.append(_BREAKS[tag])
        return [(p, "".join(parts)) for p, parts in texts]

    def table(self, tbl) -> Table:
        """The table's slot map (a vMerge continuation and a gridSpan are slots of the cell they
        continue); its header rows are the leading rows marked w:tblHeader (repeated on each page)."""
        grid: list[list[Cell]] = []
        header_rows = 0
        in_fallback = self.fallbacks and next(tbl.iterancestors(_MC_FALLBACK), None) is not None
        for r, tr in enumerate([child for child in tbl if child.tag == _TR]):
            trpr, cells = _row_layout(tr)
            before, header = (None, None) if trpr is None else _first_two(trpr, _GRID_BEFORE, _TBL_HEADER)
            row: list[Cell] = [Cell(r, c, []) for c in range(_int_val(before, 0))]
            for tc in cells:
                tcpr, flat = _cell_layout(tc)
                span, vmerge = (None, None) if tcpr is None else _first_two(tcpr, _GRID_SPAN, _VMERGE)
                c = len(row)
                if vmerge is not None and vmerge.get(_VAL) in (None, "continue") and r > 0 and c < len(grid[r - 1]):
                    cell = grid[r - 1][c]
                else:
                    cell = Cell(r, c, self.cell_paragraphs(tc, in_fallback, flat))
                row.extend([cell] * _int_val(span, 1))
            grid.append(row)
            if header_rows == r and header is not None and header.get(_VAL) not in _OFF:
                header_rows += 1
        return Table.from_slots(grid, header_rows=header_rows)


def _row_layout(tr) -> tuple:
    """A row's first w:trPr (None: none) and its w:tc children, in one loop over its children."""
    trpr = None
    cells = []
    for child in tr:
        tag = child.tag
        if tag == _TC:
            cells.append(child)
        elif tag == _TRPR and trpr is None:
            trpr = child
    return trpr, cells


def _cell_layout(tc) -> tuple:
    """A cell's first w:tcPr (None: none), and whether the cell is flat: its children are paragraphs
    only, but for a w:tcPr first."""
    tcpr = None
    flat = True
    first = True
    for child in tc:
        tag = child.tag
        if tag == _TCPR:
            flat = flat and first
            if tcpr is None:
                tcpr = child
        elif tag != _P:
            flat = False
        first = False
    return tcpr, flat


def _int_val(el, default: int) -> int:
    """The integer w:val of a property element (gridBefore, gridSpan), *default* when it is absent."""
    return int(el.get(_VAL) or default) if el is not None else default


_TR, _TRPR, _TC, _TCPR = (_W + n for n in ("tr", "trPr", "tc", "tcPr"))
_GRID_BEFORE, _GRID_SPAN, _VMERGE = _W + "gridBefore", _W + "gridSpan", _W + "vMerge"
_TBL_HEADER = _W + "tblHeader"


MAX_MEMBERS = 10000
_CHUNK = 1 << 20


def _check_zip(zf: zipfile.ZipFile, compressed: int) -> None:
    """Refuse a package whose declared sizes are a bomb or that holds absurdly many members (the
    bytes actually inflated are counted again by _Inflated)."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise DocxError(f"refused: {len(infos)} parts in the package (limit {MAX_MEMBERS})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or (compressed and total / compressed > MAX_RATIO and total > 50 * 1024 * 1024):
        raise DocxError(f"refused: expands to {total // (1024 * 1024)} MB (zip bomb?)")


class _Inflated:
    """Bytes inflated so far from one package's XML parts, refused past MAX_XML whatever the members
    declare (a member declaring 150 bytes may inflate to 1.5 GB)."""

    def __init__(self) -> None:
        self.total = 0

    def read(self, zf: zipfile.ZipFile, name: str) -> bytes:
        parts = []
        with zf.open(name) as f:
            while chunk := f.read(_CHUNK):
                self.total += len(chunk)
                if self.total > MAX_XML:
                    raise DocxError(f"refused: its text parts inflate past {MAX_XML // (1024 * 1024)} MB (zip bomb?)")
                parts.append(chunk)
        return b"".join(parts)


def _xml(data: bytes, part: str):
    """Parse one XML part without entities, DTDs or network (an external entity or an entity
    expansion is refused as damage, not followed)."""
    try:
        return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                             huge_tree=True, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        raise DocxError(f"damaged {part} ({exc})") from None


class _NoTree:
    """A parser target that keeps nothing: libxml2 checks the part without building its tree."""

    def close(self) -> None:
        return None


def _check_xml(data: bytes, part: str) -> None:
    """Refuse a damaged part as _xml does, at a third of its cost: for a part whose content is not
    needed (a numbering no paragraph uses, styles that number nothing)."""
    parser = etree.XMLParser(target=_NoTree(), resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)
    try:
        etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DocxError(f"damaged {part} ({exc})") from None
    if len(parser.error_log):  # what libxml2 complained of may refuse the tree (an unbound prefix): built then
        _xml(data, part)


def read_docx(data: bytes) -> list[Block]:
    """Blocks of a DOCX file given as bytes."""
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocxError(f"corrupt or truncated DOCX ({exc})") from None
    with zf:
        _check_zip(zf, len(data))
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            raise DocxError("no word/document.xml: not a Word document")
        inflated = _Inflated()

        def part(name: str) -> bytes | None:
            return inflated.read(zf, name) if name in names else None

        try:
            doc = part("word/document.xml")
            numbering_xml = part("word/numbering.xml")
            numpr = _mentions(doc, b"numPr")
            numbering = _numbering(numbering_xml, numpr)
            footnotes = part("word/footnotes.xml")
            styles = read_style_numbering(part("word/styles.xml"))
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error, NotImplementedError, RuntimeError) as exc:
            raise DocxError(f"corrupt DOCX part ({type(exc).__name__}: {exc})") from None
    if numbering is None:  # numbered through a style or in a footnote only, else never asked
        numbering = read_numbering(numbering_xml if styles or bool(footnotes) and _mentions(footnotes, b"numPr") else None)
    root = _xml(doc, "document.xml")
    body = root.find(_W + "body")
    if body is None:
        raise DocxError("document.xml has no body")
    reader = _Reader(numbering, styles)
    reader.part(doc, numpr)
    reader.body(body)
    reader.footnotes(footnotes)
    return reader.blocks


class DocxReader:
    """The Reader of .docx files."""

    def read(self, data: bytes, source: Source) -> ReadResult:
        return ReadResult(read_docx(data))
