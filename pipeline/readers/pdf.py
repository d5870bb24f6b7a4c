"""PDF reader: pypdfium2 extracts each page's text layer (fast); pages without one are read by
OCR (Tesseract) when it is installed. The text reader then re-joins wrapped lines and drops running
headers and page numbers, and every block keeps its page."""
from __future__ import annotations

import bisect
import re

from pipeline.model import Block
from pipeline.readers.txt import read_text
from pipeline.text import nfc

MAX_PAGES = 2000
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
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\ufffe", "-")  # pdfium's mark for a hyphen at a line end
            pages.append(nfc(text).replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    empty = [i + 1 for i, t in enumerate(pages) if len(t.strip()) < 20]
    notes = []
    if empty:
        from pipeline.readers.ocr import OcrUnavailable, ocr_pages

        try:
            for page_no, (text, conf) in ocr_pages(data, empty).items():
                pages[page_no - 1] = nfc(text)
                if conf is not None and conf < 75:
                    notes.append(f"page {page_no} read by OCR with low confidence ({conf:.0f}/100): check the text")
            notes.insert(0, f"pages read by OCR: {', '.join(map(str, empty[:30]))}{' …' if len(empty) > 30 else ''}")
        except OcrUnavailable as exc:
            if len(empty) == n:
                raise PdfError(f"no text layer on any of its {n} pages and no OCR ({exc})") from None
            notes.append(f"pages without a text layer, not read ({exc}): {', '.join(map(str, empty[:20]))}")
    text, starts = _join_pages(pages)
    blocks, _ = read_text(text)
    for b in blocks:
        b.loc.page = bisect.bisect_right(starts, b.loc.start)
    return blocks, n, notes


def _join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """All pages as one text (a page's first or last line that is a bare number is dropped) and
    the offset where each page starts."""
    parts, starts, pos = [], [], 0
    for text in pages:
        lines = text.split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and _PAGE_NUMBER.match(lines[0]):
            lines.pop(0)
        if lines and _PAGE_NUMBER.match(lines[-1]):
            lines.pop()
        chunk = "\n".join(lines) + "\n"
        starts.append(pos)
        parts.append(chunk)
        pos += len(chunk)
    return "".join(parts), starts
