"""PDF reader: pypdfium2 extracts each page's text layer (fast); pages with ruled tables, text set
sideways or a layer that does not start at the top are read by layout (pdftables); pages without a
text layer are read by OCR (Tesseract) when it is installed, their ruled tables rebuilt from the
image. The pages' lines are joined into one text (running headers and page numbers dropped), each
table's place kept aside as an offset into it (a TableAt line of the page), and the text reader
makes the paragraphs; every block keeps its page, and its offsets index the joined text."""
from __future__ import annotations

import bisect
import re

from pipeline.model import Block, Cell, Loc, Slot, Source, Table, Warning_, WarningCode
from pipeline.readers.base import ReadError, ReadResult
from pipeline.readers.legacy import garbled
from pipeline.readers.lines import join_lines
from pipeline.readers.pdflayout import page_paths, text_turn
from pipeline.readers.pdftables import PageLine, TableAt, goes_on, page_lines, page_text, read_page, read_scanned
from pipeline.readers.txt import read_text

MAX_PAGES = 2000
MIN_RULES = 3  # fewer path objects (a rule under the header) draw no table of two rows and two columns
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")
# The text a digital signature draws on the page: "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; 06/01/2026; 16:42:26; +07:00".
_SIGNATURE_STAMP = re.compile(r"^\s*(?:(?P<act>[^;\d]{1,30});\s*)?(?P<by>[^;]{3,150});\s*(?P<date>\d{1,2}/\d{1,2}/\d{4});"
                              r"\s*(?P<time>\d{1,2}:\d{2}(?::\d{2})?);?\s*(?P<tz>[+-]\d{2}:?\d{2})?\s*$")


class PdfError(ReadError):
    """A PDF that cannot be read: encrypted, corrupt, or without any text layer."""


def _ocr_empty_pages(data: bytes, empty: list[int], pages: list[list[PageLine]], tables: list[Table],
                     notes: list[Warning_]) -> None:
    """Read the pages without a usable text layer by OCR, in place in *pages* and *tables*, and
    say so in *notes* ("ocr" warnings): which pages, first of all, then those scaled down or read
    with low confidence. Without OCR a PDF with no usable page at all is refused."""
    from pipeline.readers.ocr import DPI, OcrUnavailable, ocr_pages

    try:
        for page_no, scan in ocr_pages(data, empty).items():
            laid_out = read_scanned(scan, len(tables))
            if laid_out is None:
                pages[page_no - 1] = page_lines([scan.text])
            else:
                pages[page_no - 1], page_tables = laid_out
                tables.extend(page_tables)
            if scan.dpi < DPI:
                notes.append(Warning_(WarningCode.OCR, f"page {page_no} is too large to read at {DPI} dpi: rendered at {scan.dpi:.0f} dpi for OCR"))
            if scan.confidence is not None and scan.confidence < 75:
                notes.append(Warning_(WarningCode.OCR, f"page {page_no} read by OCR with low confidence ({scan.confidence:.0f}/100): check the text"))
        notes.insert(0, Warning_(WarningCode.OCR, f"pages read by OCR: {_page_list(empty)}"))
    except OcrUnavailable as exc:
        if len(empty) == len(pages):
            raise PdfError(f"no usable text layer on any of its {len(pages)} pages and no OCR ({exc})") from None
        notes.append(Warning_(WarningCode.READER, f"pages without a text layer, not read ({exc}): {_page_list(empty)}"))


class PdfReader:
    """The Reader of PDF files."""

    def read(self, data: bytes, source: Source) -> ReadResult:
        return read_pdf(data)


def read_pdf(data: bytes) -> ReadResult:
    """The blocks, page count and warnings of a PDF given as bytes."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise PdfError("encrypted PDF (password protected)") from None
        raise PdfError(f"corrupt or truncated PDF ({msg})") from None
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise PdfError(f"refused: {n} pages (limit {MAX_PAGES})")
        pages: list[list[PageLine]] = []
        tables: list[Table] = []
        in_tables: dict[int, int] = {}  # page index → characters of text inside its tables
        garbled_pages: list[int] = []  # text in a font without a Unicode map: no usable text layer
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            turn = text_turn(textpage)
            paths = page_paths(page) if textpage.count_chars() >= 20 else []
            laid_out = read_page(page, textpage, turn, len(tables), paths if len(paths) >= MIN_RULES else [], opening=i == 0)
            if laid_out is None:
                text = textpage.get_text_range().replace("\ufffe", "-")  # pdfium's mark for a hyphen at a line end
                lines, page_tables = page_lines([text]), []
            else:
                lines, page_tables = laid_out
                text = page_text(lines)
            if garbled(text + " ".join(x for t in page_tables for row in t.rows_text() for x in row)):
                garbled_pages.append(i + 1)
                lines, page_tables = [""], []
            tables.extend(page_tables)
            in_tables[i] = sum(len(c.text) for t in page_tables for c in t.own_cells())
            pages.append(lines)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    empty = [i + 1 for i, t in enumerate(pages) if len(page_text(t).strip()) + in_tables.get(i, 0) < 20]
    notes: list[Warning_] = []
    if garbled_pages:
        notes.append(Warning_(WarningCode.READER, "pages whose text layer is not Unicode (a font without a character map): "
                                        f"{_page_list(garbled_pages)}"))
    if empty:
        _ocr_empty_pages(data, empty, pages, tables, notes)
    notes.extend(_strip_stamps(pages))
    blocks, text = assemble(pages, tables)
    return ReadResult(blocks, n, notes, text)


def assemble(pages: list[list[PageLine]], tables: list[Table]) -> tuple[list[Block], str]:
    """The blocks of the pages' lines and tables, and the joined text their offsets index: the text
    reader's paragraphs, each with its page, and the tables in their places among them."""
    text, starts, places = _join_pages(pages)
    blocks, _ = read_text(text, tables=len(places))
    for b in blocks:
        b.loc.page = bisect.bisect_right(starts, b.loc.start)
    at = [(Loc(bisect.bisect_right(starts, offset), 0, offset, offset), tables[k]) for offset, k in places]
    return _place_tables(blocks, at), text


def _strip_stamps(pages: list[list[PageLine]]) -> list[Warning_]:
    """Take the lines a digital signature draws out of the pages (they would join the header: the
    issuer read as "Công an tỉnh Lâm Đồng; 06/01/2026; …"); a note for each, saying who and when."""
    notes = []
    for k, page in enumerate(pages):
        kept = []
        for line in page:
            m = _SIGNATURE_STAMP.match(line) if isinstance(line, str) else None
            if m:
                act = f" ({m.group('act').strip()})" if m.group("act") else ""
                notes.append(Warning_(WarningCode.READER, f"digital signature stamp on page {k + 1}{act}: {m.group('by').strip()}, "
                                                f"{m.group('date')} {m.group('time')} {m.group('tz') or ''}".rstrip()))
            else:
                kept.append(line)
        pages[k] = kept
    return notes


def _page_list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:30])) + (" …" if len(numbers) > 30 else "")


def _place_tables(blocks: list[Block], tables: list[tuple[Loc, Table]]) -> list[Block]:
    """Put each table (with its place in the joined text) before the first block that starts after
    it; a table continued on the next page (nothing between, same columns) is joined, its repeated
    header row dropped."""
    out: list[Block] = []
    growing: _Continued | None = None  # the last block's table, going on over pages
    pending = iter(tables)
    nxt = next(pending, None)
    for b in [*blocks, None]:
        while nxt is not None and (b is None or nxt[0].start <= b.loc.start):
            loc, table = nxt
            prev = out[-1] if out else None
            if prev is not None and prev.kind == "table" and (growing or prev.table).ncols == table.ncols:
                growing = growing or _Continued(prev.table)
                growing.add(table)
            else:
                _finish(out, growing)
                growing = None
                out.append(Block("table", "", loc, table=table))
            nxt = next(pending, None)
        _finish(out, growing)
        growing = None
        if b is not None:
            out.append(b)
    for k, b in enumerate(out):
        b.loc.block = k
    return out


def _finish(out: list[Block], growing: _Continued | None) -> None:
    """The last block's table joined over the pages it went on (when it did)."""
    if growing is not None:
        out[-1].table = growing.table()


class _Continued:
    """A table going on over pages, joined page by page as Table.from_slots of the rows so far and
    the next page's would join it: a first row repeating the header is dropped (the header is then
    known: one row at least; its cells are the first page's wherever they reach below it), a first
    row that is the rest of the last row split by the page break is joined to it, and merged cells
    go on over the break (_carry_merged). It keeps the slot map from_slots is given, its grid and
    each cell's box, so that a page costs its own rows, not the whole table's again (a gazette's
    table goes on over 60 pages); table() makes the Table once."""

    def __init__(self, table: Table) -> None:
        self.slots = [list(row) for row in table.grid()]  # the grid of the table joined so far
        self.rows = [[s.cell for s in row] for row in self.slots]  # the slot map it is made of
        self.header_rows = table.header_rows
        self.ncols = table.ncols  # every row as wide: a grid's rows are padded to it, a page joins only as wide
        self.boxes: dict[int, list[int]] = {}  # id → [first row, first column, last row, last column]
        self.placed: set[int] = set()
        self.touched: dict[int, Cell] = {}  # cells whose spans from_slots sets anew at this page's end
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                self._see(cell, r, c)
        self.placed.update(self.boxes)

    def grid(self) -> list[list[Slot]]:
        return self.slots

    def table(self) -> Table:
        return Table.from_slots(self.rows, header_rows=self.header_rows)

    def add(self, rest: Table) -> None:
        """Join *rest*, the table's part on the next page (as many columns)."""
        if rest.ncols != self.ncols:
            raise ValueError(f"a table of {self.ncols} columns goes on with {rest.ncols}")
        upper = len(self.rows)
        lower = [[s.cell for s in row] for row in rest.grid()]
        header_rows = self.header_rows
        if lower and [s.text for s in rest.grid()[0]] == [s.text for s in self.slots[0]]:  # not every row's
            same = {id(below): above for below, above in zip(lower[0], self.rows[0])}
            lower = [[same.get(id(c), c) for c in row] for row in lower[1:]]
            header_rows = max(header_rows, 1)
        joined = False
        if lower:
            first = self._first_row_below(lower)  # covered where a cell starts above
            joined = _continues(self, first)  # the header as known before this page
            if joined:
                _join_row(self.slots[-1], first)
                lower = lower[1:]
        self.rows.extend(lower)
        if lower and not joined:
            _carry_merged(self.rows, upper)
        self.header_rows = header_rows
        self._place(upper)

    def _see(self, cell: Cell, r: int, c: int) -> None:
        """Slot (r, c) of the slot map holds *cell*: its box as from_slots widens it, rows in order."""
        box = self.boxes.get(id(cell))
        if box is None:
            self.boxes[id(cell)] = [r, c, r, c]
        else:
            box[2] = r
            if c < box[1]:
                box[1] = c
            elif c > box[3]:
                box[3] = c
        self.touched[id(cell)] = cell

    def _first_row_below(self, lower: list[list[Cell]]) -> list[Slot]:
        """Table.from_slots(rows + lower).grid()[len(rows)], with the same effect on the spans of
        the cells of *lower* and of the cells above that it repeats (a header merged down)."""
        extent: dict[int, list[int]] = {}
        cells: dict[int, Cell] = {}
        for r, row in enumerate(lower, len(self.rows)):
            for c, cell in enumerate(row):
                _extend(extent, cell, r, c)
                cells.setdefault(id(cell), cell)
        for key in self.placed.intersection(extent):
            r0, c0, r1, c1 = self.boxes[key]
            box = extent[key]
            box[0], box[1], box[2], box[3] = min(box[0], r0), min(box[1], c0), max(box[2], r1), max(box[3], c1)
            self.touched[key] = cells[key]
        for key, (r0, c0, r1, c1) in extent.items():
            cell = cells[key]
            cell.row, cell.col, cell.rowspan, cell.colspan = r0, c0, r1 - r0 + 1, max(cell.colspan, c1 - c0 + 1)
        r, slots, seen = len(self.rows), [], set()
        for c, cell in enumerate(lower[0]):
            slots.append(Slot(r, c, cell, id(cell) in self.placed or id(cell) in seen))
            seen.add(id(cell))
        return slots

    def _place(self, start: int) -> None:
        """What from_slots gives the slot map's rows from *start* on: their cells' boxes, the spans
        of every cell they or this page touched, and their slots in the grid."""
        for r in range(start, len(self.rows)):
            for c, cell in enumerate(self.rows[r]):
                self._see(cell, r, c)
        for key, cell in self.touched.items():
            r0, c0, r1, c1 = self.boxes[key]
            cell.row, cell.col, cell.rowspan, cell.colspan = r0, c0, r1 - r0 + 1, max(cell.colspan, c1 - c0 + 1)
        self.touched.clear()
        for r in range(start, len(self.rows)):
            slots = []
            for c, cell in enumerate(self.rows[r]):
                slots.append(Slot(r, c, cell, id(cell) in self.placed))
                self.placed.add(id(cell))
            self.slots.append(slots)


def _extend(extent: dict[int, list[int]], cell: Cell, r: int, c: int) -> None:
    """Widen the (first row, first column, last row, last column) of *cell* to slot (r, c)."""
    box = extent.get(id(cell))
    if box is None:
        extent[id(cell)] = [r, c, r, c]
    else:
        box[0], box[1], box[2], box[3] = min(box[0], r), min(box[1], c), max(box[2], r), max(box[3], c)


def _continues(table: Table | _Continued, row: list[Slot]) -> bool:
    """True when the first row of a table's continuation on the next page is the rest of the
    table's last row, split by the page break: its number column is empty where the table numbers
    its rows (or merges them), and some cell goes on with the sentence of the cell above (or a
    number: "… ngày" / "17/10/2025")."""
    if not row or row[0].text or not any(c.text for c in row[1:]):
        return False
    body = table.grid()[table.header_rows or 1:]
    if len(body) < 2 or sum(bool(r[0].text) for r in body) < 0.6 * len(body):
        return False
    return any(above.text and below.text and not below.covered
               and (goes_on(above.paragraphs[-1], below.text) or below.text[:1].isdigit())
               for above, below in zip(table.grid()[-1], row))


def _carry_merged(rows: list[list[Cell]], first: int) -> None:
    """Row *first* of the slot map *rows* opens a page: its first cells, empty under cells merged
    down the previous page (a ministry over its tasks), become slots of those cells, and so do the
    rows their own empty merge spans on this page: the merge goes on over the break. An empty cell
    merged over rows of this page goes on from the last row of the previous page even when the
    break fell under that row's first line of tasks."""
    last = rows[first - 1]
    for c, cell in enumerate(rows[first]):
        if cell.text or c >= len(last):
            break
        source = last[c]
        if not source.text or (source.rowspan < 2 and cell.rowspan < 2):
            break
        for r in range(first, len(rows)):
            if r > first and rows[r][c] is not cell:
                break
            rows[r][c] = source


def _join_row(last: list[Slot], rest: list[Slot]) -> None:
    """Append each cell of *rest* to the cell above it, each cell once; a paragraph cut mid-sentence
    goes on. A cell merged across the row is extended in its first column only."""
    done: set[int] = set()
    for above, below in zip(last, rest):
        if not below.text or below.covered or (above.covered and above.cell.row == above.row) or id(above.cell) in done:
            continue
        done.add(id(above.cell))
        paragraphs = above.paragraphs
        if paragraphs and paragraphs[-1].strip() and not paragraphs[-1].rstrip().endswith((".", ";", ":", "!", "?")):
            paragraphs[-1] = join_lines([paragraphs[-1], below.paragraphs[0]])
            paragraphs.extend(below.paragraphs[1:])
        else:
            paragraphs.extend(below.paragraphs)


def _running_lines(pages: list[list[PageLine]]) -> set[str]:
    """Keys of the lines that run at the top or bottom of most pages (a header or footer: the
    office's name, "Trang 3/12"), digits ignored; tables' lines and short documents excepted."""
    from collections import Counter

    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edge = [ln for ln in lines if not _blank(ln)]
        k = 2 if len(edge) >= 6 else 1
        seen.update({_line_key(ln) for ln in edge[:k] + edge[-k:] if isinstance(ln, str)})
    return {k for k, n in seen.items() if k and n >= max(3, 0.6 * len(pages))}


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _blank(line: PageLine) -> bool:
    return isinstance(line, str) and not line.strip()


def _strip_blank(lines: list[PageLine]) -> None:
    while lines and _blank(lines[0]):
        lines.pop(0)
    while lines and _blank(lines[-1]):
        lines.pop()


def _edge_dropped(line: PageLine, running: set[str]) -> bool:
    """A page's first or last line that goes: a bare page number, or a line running on most pages."""
    return isinstance(line, str) and bool(_PAGE_NUMBER.match(line) or _line_key(line) in running)


def _join_pages(pages: list[list[PageLine]]) -> tuple[str, list[int], list[tuple[int, int]]]:
    """All pages' lines as one text, the offset where each page starts, and (offset, table index)
    where each table stands: its line, left blank, a paragraph of its own. A page's first or last
    line that is a bare number is dropped, and so are lines running at the top or bottom of most pages."""
    parts, starts, places, pos = [], [], [], 0
    split = [list(lines) for lines in pages]
    running = _running_lines(split)
    for k, lines in enumerate(split):
        for _ in range(2):  # the first page's top is the document's own header: kept
            _strip_blank(lines)
            if lines and _edge_dropped(lines[0], running if k else set()):
                lines.pop(0)
            _strip_blank(lines)
            if lines and _edge_dropped(lines[-1], running):
                lines.pop()
        _strip_blank(lines)
        # a table on the page's first or last line keeps a blank line between it and the next page
        lead = "\n" if lines and isinstance(lines[0], TableAt) else ""
        texts, offset = [], pos + len(lead)
        for line in lines:
            if isinstance(line, TableAt):
                places.append((offset, line.index))
                line = ""
            texts.append(line)
            offset += len(line) + 1
        chunk = lead + "\n".join(texts) + "\n" + ("\n" if lines and isinstance(lines[-1], TableAt) else "")
        starts.append(pos)
        parts.append(chunk)
        pos += len(chunk)
    return "".join(parts), starts, places
