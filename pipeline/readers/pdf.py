"""PDF reader: pypdfium2 extracts each page's text layer (fast); pages without one are read by
OCR (Tesseract) when it is installed. The text reader then re-joins wrapped lines and drops running
headers and page numbers, and every block keeps its page."""
from __future__ import annotations

import bisect
import re

from pipeline.model import Block, Table
from pipeline.readers.txt import read_text
from pipeline.text import nfc

MAX_PAGES = 2000
MIN_RULES = 12  # fewer path objects: underlines and rules of the header, no table
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")


class PdfError(ValueError):
    """A PDF that cannot be read: encrypted, corrupt, or without any text layer."""


def read_pdf(data: bytes) -> tuple[list[Block], int, list[str]]:
    """(blocks, page count, notes) of a PDF given as bytes."""
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
        pages: list[str] = []
        ruled: list[int] = []  # pages drawn with enough lines to hold a table
        sideways: dict[int, int] = {}  # page number → clockwise turn that sets its text upright
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\ufffe", "-")  # pdfium's mark for a hyphen at a line end
            pages.append(nfc(text).replace("\r\n", "\n").replace("\r", "\n"))
            turn = _sideways(textpage)
            if turn:
                sideways[i + 1] = turn
            elif len(text.strip()) >= 20 and _paths(page) >= MIN_RULES:
                ruled.append(i)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    tables: list[Table] = []
    if ruled:
        from pipeline.readers.pdftables import read_tables

        for i, (page_text, page_tables) in read_tables(data, ruled).items():
            pages[i] = page_text
            tables.extend(page_tables)
    empty = [i + 1 for i, t in enumerate(pages) if len(t.strip()) < 20]
    notes = []
    if empty or sideways:
        from pipeline.readers.ocr import OcrUnavailable, ocr_pages

        todo = sorted(set(empty) | set(sideways))
        try:
            for page_no, (text, conf) in ocr_pages(data, todo, sideways).items():
                pages[page_no - 1] = nfc(text)
                if conf is not None and conf < 75:
                    notes.append(f"page {page_no} read by OCR with low confidence ({conf:.0f}/100): check the text")
            if empty:
                notes.insert(0, f"pages read by OCR: {_page_list(empty)}")
            if sideways:
                notes.append(f"pages whose text is set sideways (a landscape table) read by OCR turned upright,"
                             f" as lines, their table grid not rebuilt: {_page_list(sorted(sideways))}")
        except OcrUnavailable as exc:
            if len(empty) == n:
                raise PdfError(f"no text layer on any of its {n} pages and no OCR ({exc})") from None
            if empty:
                notes.append(f"pages without a text layer, not read ({exc}): {_page_list(empty)}")
            if sideways:
                notes.append(f"pages whose text is set sideways, read from the text layer in its order (no OCR:"
                             f" {exc}), words may be cut: {_page_list(sorted(sideways))}")
    text, starts = _join_pages(pages)
    blocks, _ = read_text(text)
    for b in blocks:
        b.loc.page = bisect.bisect_right(starts, b.loc.start)
    return _place_tables(blocks, tables), n, notes


def _page_list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:30])) + (" …" if len(numbers) > 30 else "")


def _sideways(textpage) -> int:
    """The clockwise turn (90 or 270) that sets a page's text upright when most of its characters
    are drawn at a right angle (a landscape table printed across a portrait page), else 0."""
    import math

    import pypdfium2.raw as pdfium_c

    n = textpage.count_chars()
    if n < 40:
        return 0
    angles = [round(math.degrees(pdfium_c.FPDFText_GetCharAngle(textpage, k))) % 360
              for k in range(0, n, max(1, n // 60))]
    for angle, turn in ((270, 90), (90, 270)):
        if sum(1 for a in angles if abs(a - angle) <= 5) >= 0.6 * len(angles):
            return turn
    return 0


def _paths(page) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))


def _place_tables(blocks: list[Block], tables: list[Table]) -> list[Block]:
    """Put each table where its marker paragraph stands; a table continued on the next page (nothing
    between, same columns) is joined, its repeated header row dropped."""
    from pipeline.readers.pdftables import MARKER

    out: list[Block] = []
    for b in blocks:
        m = MARKER.fullmatch(b.text)
        if not m:
            out.append(b)
            continue
        table = tables[int(m.group(1))]
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "table" and prev.table.ncols == table.ncols:
            rows = table.rows
            if rows and [c.text for c in rows[0]] == [c.text for c in prev.table.rows[0]]:
                rows = rows[1:]
            if rows and _continues(prev.table, rows[0]):
                _join_row(prev.table.rows[-1], rows[0])
                rows = rows[1:]
            base = len(prev.table.rows)
            for r, row in enumerate(rows):
                for cell in row:
                    cell.row = base + r
                    if cell.merged_from:
                        cell.merged_from = (cell.merged_from[0] + base - (len(table.rows) - len(rows)), cell.merged_from[1])
            prev.table = Table(prev.table.rows + rows)
            continue
        out.append(Block("table", "", b.loc, table=table))
    for k, b in enumerate(out):
        b.loc.block = k
    return out


def _continues(table: Table, row: list) -> bool:
    """True when the first row of a table's continuation on the next page is the rest of the
    table's last row, split by the page break: its number column is empty where the table numbers
    its rows, and it holds text elsewhere."""
    if not row or row[0].text or not any(c.text for c in row[1:]):
        return False
    body = table.rows[table.header_rows or 1:]
    return len(body) >= 2 and sum(bool(r[0].text) for r in body) >= 0.6 * len(body)


def _join_row(last: list, rest: list) -> None:
    """Append each cell of *rest* to the cell above it; a paragraph cut mid-sentence goes on."""
    for above, below in zip(last, rest):
        if not below.text or below.merged_from:
            continue
        if above.paragraphs and above.paragraphs[-1].strip() and not above.paragraphs[-1].rstrip().endswith((".", ";", ":", "!", "?")):
            above.paragraphs[-1] = above.paragraphs[-1].rstrip() + " " + below.paragraphs[0].lstrip()
            above.paragraphs.extend(below.paragraphs[1:])
        else:
            above.paragraphs.extend(below.paragraphs)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of the lines that run at the top or bottom of most pages (a header or footer: the
    office's name, "Trang 3/12"), digits ignored; table markers and short documents excepted."""
    from collections import Counter

    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edge = [ln for ln in lines if ln.strip()]
        k = 2 if len(edge) >= 6 else 1
        seen.update({_line_key(ln) for ln in edge[:k] + edge[-k:] if "\ue000" not in ln})
    return {k for k, n in seen.items() if k and n >= max(3, 0.6 * len(pages))}


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """All pages as one text and the offset where each page starts. A page's first or last line
    that is a bare number is dropped, and so are lines running at the top or bottom of most pages."""
    parts, starts, pos = [], [], 0
    split = [text.split("\n") for text in pages]
    running = _running_lines(split)
    for k, lines in enumerate(split):
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        for _ in range(2):  # the first page's top is the document's own header: kept
            if lines and (_PAGE_NUMBER.match(lines[0]) or (k and _line_key(lines[0]) in running)):
                lines.pop(0)
            if lines and (_PAGE_NUMBER.match(lines[-1]) or _line_key(lines[-1]) in running):
                lines.pop()
        chunk = "\n".join(lines) + "\n"
        starts.append(pos)
        parts.append(chunk)
        pos += len(chunk)
    return "".join(parts), starts
