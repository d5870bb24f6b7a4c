"""OCR of scanned PDF pages with Tesseract (Debian's tesseract-ocr, tesseract-ocr-vie): pages
rendered at 300 dpi by pypdfium2, recognised in parallel across cores, one thread each, with the
mean word confidence of every page, its words' boxes and the ruling lines seen in its image."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from pipeline.text import VIETNAMESE_LETTERS

DPI = 300
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17.4 million; larger pages are rendered at less
PAGE_TIMEOUT = 60


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is not installed."""


@lru_cache(maxsize=1)
def available() -> bool:
    """True when the tesseract command and its Vietnamese data are installed."""
    if not shutil.which("tesseract"):
        return False
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in out.stdout.split()


@dataclass(slots=True)
class Word:
    """A recognised word, its box in points (top down) and the line Tesseract puts it on."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple[int, int, int]  # block, paragraph, line

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass(slots=True)
class OcrPage:
    """One page read by OCR: its text by lines, mean word confidence, words, ruling lines (points)."""

    text: str
    confidence: float | None
    words: list[Word]
    edges: list[dict]
    dpi: float = DPI


def word_lines(words: list[Word]) -> list[tuple[float, str]]:
    """(top, text) of each line Tesseract found among *words*, in its reading order (block by block)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return [(min(w.top for w in ws), " ".join(w.text for w in sorted(ws, key=lambda w: w.x0)))
            for _, ws in sorted(lines.items())]


# Signs a Vietnamese document prints besides letters, digits and ASCII punctuation.
_SIGNS = frozenset("–—…“”‘’•·§%°№")


def noise(text: str, confidence: float) -> bool:
    """True for a "word" OCR made of a rule, a stamp's edge or specks: low confidence (under 30)
    and either less than half letters and digits ("_——_-_-..e.ce..=") or a character Vietnamese
    text does not use ("*Š", "ỚPỚỚŸ", "…996s6„"). A low-confidence word of real letters ("TÊN",
    "27/") stays."""
    if confidence >= 30:
        return False
    alnum = sum(ch.isalnum() for ch in text)
    return alnum * 2 < len(text) or any(
        not (ch.isascii() or ch in VIETNAMESE_LETTERS or ch in _SIGNS) for ch in text)


def _recognise(png: bytes) -> tuple[list[Word], float | None]:
    """Words (in pixels) and mean word confidence (0-100) of one page image."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"], input=png,
                              capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise OcrUnavailable(f"Tesseract did not read a page within {PAGE_TIMEOUT} s") from None
    if proc.returncode != 0:
        raise OcrUnavailable(proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    words: list[Word] = []
    confs: list[float] = []
    for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
            key = (int(cols[2]), int(cols[3]), int(cols[4]))
            conf = float(cols[10])
        except ValueError:
            continue
        if noise(cols[11], conf):
            continue
        words.append(Word(cols[11], left, top, left + width, top + height, key))
        if conf >= 0:
            confs.append(conf)
    return words, (sum(confs) / len(confs) if confs else None)


def render_dpi(width_pt: float, height_pt: float) -> float:
    """The resolution a page is rendered at for OCR: DPI, or less for a page so large that its
    image would pass MAX_PIXELS (a 14400×14400 pt page at 300 dpi is 3.6 billion pixels)."""
    pixels = max(width_pt, 1.0) * max(height_pt, 1.0) * (DPI / 72) ** 2
    return DPI if pixels <= MAX_PIXELS else DPI * (MAX_PIXELS / pixels) ** 0.5


def _render(pdf, n: int) -> tuple[bytes, list[dict], float]:
    """(PNG image, ruling lines, dpi) of page *n* (1-based), within MAX_PIXELS."""
    import numpy as np

    from pipeline.readers.scanlines import ruling_edges

    page = pdf[n - 1]
    try:
        dpi = render_dpi(*page.get_size())
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()
    edges = ruling_edges(np.asarray(image), dpi)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue(), edges, dpi


def ocr_pages(pdf_bytes: bytes, page_numbers: list[int]) -> dict[int, OcrPage]:
    """{page number (1-based): OcrPage} for the given pages of a PDF. Pages are rendered a few at a
    time (as many as OCR threads), so memory does not grow with the page count."""
    import pypdfium2 as pdfium

    if not available():
        raise OcrUnavailable("tesseract with Vietnamese data is not installed")
    # a batch already runs one worker per core and sets VANBAN_OCR_THREADS=1 in each
    workers = max(1, min(len(page_numbers), int(os.environ.get("VANBAN_OCR_THREADS") or os.cpu_count() or 1)))
    pages = {}
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for k in range(0, len(page_numbers), workers):
                chunk = page_numbers[k: k + workers]
                rendered = [_render(pdf, n) for n in chunk]
                for n, (png, edges, dpi), (words, conf) in zip(chunk, rendered, pool.map(_recognise, [r[0] for r in rendered])):
                    scale = 72 / dpi
                    for w in words:
                        w.x0, w.top, w.x1, w.bottom = w.x0 * scale, w.top * scale, w.x1 * scale, w.bottom * scale
                    pages[n] = OcrPage("\n".join(t for _, t in word_lines(words)), conf, words, edges, dpi)
    finally:
        pdf.close()
    return pages
