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
from pipeline.model import Block, Cell, Loc, Table
from pipeline.text import clean_space, nfc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200
# The XML parts read (document, numbering, styles, footnotes) inflated together: the corpus's largest
# are 1.8 MB; past this the package is refused whatever its entries declare.
MAX_XML = 32 * 1024 * 1024


class DocxError(ValueError):
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


def read_style_numbering(xml: bytes | None) -> dict[str, tuple[str, int]]:
    """styleId → (numId, ilvl) for paragraph styles that carry numbering."""
    out: dict[str, tuple[str, int]] = {}
    if not xml:
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
def _para_text(p) -> tuple[str, bool]:
    """Visible text of a paragraph (insertions kept, deletions dropped) and whether it is all bold."""
    parts: list[str] = []
    bold_runs = runs = 0
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "r"):
        tag = el.tag
        if tag == _W + "r":
            if any(a.tag == _W + "del" for a in el.iterancestors()):
                continue
            if el.find(_W + "t") is not None:
                runs += 1
                b = el.find(f"{_W}rPr/{_W}b")
                if b is not None and _attr(b, "val") not in ("0", "false"):
                    bold_runs += 1
            continue
        if any(a.tag in (_W + "del", _W + "txbxContent") for a in el.iterancestors()):
            continue
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts), runs > 0 and bold_runs == runs


class _Reader:
    def __init__(self, numbering: Numbering, styles: dict[str, tuple[str, int]]):
        self.numbering = numbering
        self.styles = styles
        self.blocks: list[Block] = []
        self.offset = 0

    def paragraph_lines(self, p) -> tuple[str, bool, bool]:
        text, bold = _para_text(p)
        ppr = p.find(_W + "pPr")
        label = None
        if ppr is not None:
            numpr = ppr.find(_W + "numPr")
            nid = ilvl = None
            if numpr is not None:
                n = numpr.find(_W + "numId")
                lv = numpr.find(_W + "ilvl")
                nid = _attr(n, "val") if n is not None else None
                ilvl = int(_attr(lv, "val") or 0) if lv is not None else 0
            else:
                style = ppr.find(_W + "pStyle")
                if style is not None and _attr(style, "val") in self.styles:
                    nid, ilvl = self.styles[_attr(style, "val")]
            if nid and nid != "0" and clean_space(text):
                label = self.numbering.label(nid, ilvl or 0)
        jc = ppr.find(f"{_W}jc") if ppr is not None else None
        centered = _attr(jc, "val") == "center"
        text = nfc(text)
        if label:
            text = f"{label} {text.lstrip()}"
        return text, bold, centered

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
            if tag == _W + "p":
                text, bold, centered = self.paragraph_lines(child)
                for line in text.split("\n"):
                    line = clean_space(line)
                    if line:
                        self.add("paragraph", line, bold=bold, centered=centered)
                self.text_boxes(child)
            elif tag == _W + "tbl":
                table = self.table(child)
                if table.rows:
                    self.add("table", "", table=table)
            elif tag in (_W + "sdt", _W + "customXml", _W + "ins"):
                content = child.find(_W + "sdtContent")
                self.body(content if content is not None else child)

    def text_boxes(self, p) -> None:
        """Paragraphs of the text boxes anchored in paragraph *p*, once each (the VML fallback copy
        of a drawing's text box is skipped)."""
        for box in p.iter(_W + "txbxContent"):
            if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                continue
            for inner in box.findall(_W + "p"):
                text, bold, centered = self.paragraph_lines(inner)
                for line in text.split("\n"):
                    line = clean_space(line)
                    if line:
                        self.add("paragraph", line, bold=bold, centered=centered)

    def footnotes(self, xml: bytes | None) -> None:
        """Footnotes (word/footnotes.xml) as paragraphs at the end, marked with their number."""
        if not xml:
            return
        for note in _xml(xml, "footnotes.xml").iter(_W + "footnote"):
            if _attr(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            parts = []
            for p in note.findall(_W + "p"):
                text, _, _ = self.paragraph_lines(p)
                parts.append(clean_space(text))
            text = clean_space(" ".join(parts))
            if text:
                self.add("paragraph", f"[{_attr(note, 'id')}] {text}", role="footnote")

    def cell_paragraphs(self, tc) -> list[str]:
        out: list[str] = []
        for el in tc.iter(_W + "p"):
            # nested tables' and text boxes' paragraphs are kept in order, as further paragraphs of
            # the cell (a drawing's VML fallback copy of its text box once only)
            if any(a.tag == _MC_FALLBACK for a in el.iterancestors()):
                continue
            text, _, _ = self.paragraph_lines(el)
            out.extend(p for p in (clean_space(x) for x in text.split("\n")) if p)
        return out

    def table(self, tbl) -> Table:
        grid: list[list[Cell]] = []
        for r, tr in enumerate(tbl.findall(_W + "tr")):
            row: list[Cell] = []
            trpr = tr.find(_W + "trPr")
            before = int(_attr(trpr.find(_W + "gridBefore") if trpr is not None else None, "val") or 0)
            for _ in range(before):
                row.append(Cell(r, len(row), []))
            for tc in tr.findall(_W + "tc"):
                tcpr = tc.find(_W + "tcPr")
                span = int(_attr(tcpr.find(_W + "gridSpan") if tcpr is not None else None, "val") or 1)
                vmerge = tcpr.find(_W + "vMerge") if tcpr is not None else None
                c = len(row)
                if vmerge is not None and _attr(vmerge, "val") in (None, "continue") and r > 0 and c < len(grid[r - 1]):
                    above = grid[r - 1][c]
                    origin = above.merged_from or (r - 1, c)
                    grid[origin[0]][origin[1]].rowspan += 1
                    cell = Cell(r, c, list(above.paragraphs), merged_from=origin)
                else:
                    cell = Cell(r, c, self.cell_paragraphs(tc), colspan=span)
                row.append(cell)
                for k in range(1, span):
                    row.append(Cell(r, c + k, list(cell.paragraphs), merged_from=cell.merged_from or (r, c)))
            grid.append(row)
        return Table(grid)


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
            numbering = read_numbering(part("word/numbering.xml"))
            footnotes = part("word/footnotes.xml")
            styles = read_style_numbering(part("word/styles.xml"))
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error, NotImplementedError, RuntimeError) as exc:
            raise DocxError(f"corrupt DOCX part ({type(exc).__name__}: {exc})") from None
    root = _xml(doc, "document.xml")
    body = root.find(_W + "body")
    if body is None:
        raise DocxError("document.xml has no body")
    reader = _Reader(numbering, styles)
    reader.body(body)
    reader.footnotes(footnotes)
    return reader.blocks
