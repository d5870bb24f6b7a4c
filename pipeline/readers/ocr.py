"""OCR of scanned PDF pages with Tesseract (Debian's tesseract-ocr, tesseract-ocr-vie): pages
rendered at 300 dpi by pypdfium2, recognised in parallel across cores, one thread each, with the
mean word confidence of every page."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

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


def _recognise(png: bytes) -> tuple[str, float | None]:
    """Text and mean word confidence (0-100) of one page image."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"], input=png,
                          capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    if proc.returncode != 0:
        raise OcrUnavailable(proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    lines: dict[tuple[str, str, str], list[str]] = {}
    confs: list[float] = []
    for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        lines.setdefault((cols[2], cols[3], cols[4]), []).append(cols[11])
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if conf >= 0:
            confs.append(conf)
    text = "\n".join(" ".join(words) for _, words in sorted(lines.items(), key=lambda kv: tuple(map(int, kv[0]))))
    return text, (sum(confs) / len(confs) if confs else None)


def ocr_pages(pdf_bytes: bytes, page_numbers: list[int]) -> dict[int, tuple[str, float | None]]:
    """{page number (1-based): (text, confidence)} for the given pages of a PDF."""
    import pypdfium2 as pdfium

    if not available():
        raise OcrUnavailable("tesseract with Vietnamese data is not installed")
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        images = {}
        for n in page_numbers:
            bitmap = pdf[n - 1].render(scale=DPI / 72, grayscale=True)
            buf = io.BytesIO()
            bitmap.to_pil().save(buf, format="PNG")
            images[n] = buf.getvalue()
    finally:
        pdf.close()
    # a batch already runs one worker per core and sets VANBAN_OCR_THREADS=1 in each
    workers = max(1, min(len(images), int(os.environ.get("VANBAN_OCR_THREADS") or os.cpu_count() or 1)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(images, pool.map(_recognise, images.values())))
    return results
