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
    proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"], input=png,
                          capture_output=True, timeout=PAGE_TIMEOUT, env=env)
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


def ocr_pages(pdf_bytes: bytes, page_numbers: list[int]) -> dict[int, OcrPage]:
    """{page number (1-based): OcrPage} for the given pages of a PDF."""
    import numpy as np
    import pypdfium2 as pdfium

    from pipeline.readers.scanlines import ruling_edges

    if not available():
        raise OcrUnavailable("tesseract with Vietnamese data is not installed")
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        images, edges = {}, {}
        for n in page_numbers:
            image = pdf[n - 1].render(scale=DPI / 72, grayscale=True).to_pil()
            edges[n] = ruling_edges(np.asarray(image), DPI)
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            images[n] = buf.getvalue()
    finally:
        pdf.close()
    # a batch already runs one worker per core and sets VANBAN_OCR_THREADS=1 in each
    workers = max(1, min(len(images), int(os.environ.get("VANBAN_OCR_THREADS") or os.cpu_count() or 1)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(images, pool.map(_recognise, images.values())))
    scale = 72 / DPI
    pages = {}
    for n, (words, conf) in results.items():
        for w in words:
            w.x0, w.top, w.x1, w.bottom = w.x0 * scale, w.top * scale, w.x1 * scale, w.bottom * scale
        pages[n] = OcrPage("\n".join(t for _, t in word_lines(words)), conf, words, edges[n])
    return pages
