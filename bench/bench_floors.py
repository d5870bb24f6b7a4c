"""How close each reader runs to the floor the machine allows, measured in one run, interleaved.

For every file the floor and vanban's whole pipeline (read → segment → extract → validate, in this
process, one core) are timed one after the other, so that a slower or busier moment of the machine
weighs on both alike. The floors:
- DOCX: lxml parsing `word/document.xml` and joining its `w:t` texts;
- PDF with a text layer (no page read by OCR): pypdfium2 loading each page's text layer and taking its text;
- scanned PDF (every page read by OCR): Tesseract alone (`tesseract … -l vie --psm 3 tsv`, one thread) on the page images
  vanban's OCR renders (300 dpi, grey), rendered before the timing starts.

    .venv/bin/python bench/bench_floors.py [CORPUS_DIR] [--limit N] [--formats docx,pdf,ocr]
"""
from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import time
import zipfile
from pathlib import Path

os.environ["VANBAN_OCR_THREADS"] = "1"  # one core: OCR pages one after another

from lxml import etree

from pipeline.convert import convert
from pipeline.readers.errors import InputError
from pipeline.readers.ocr import DPI

_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def docx_floor(path: Path) -> None:
    """lxml over the body part and nothing else."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    "".join(el.text or "" for el in root.iter(_W_T))


def pdf_floor(path: Path) -> int:
    """pypdfium2's bare text extraction of every page; returns the page count."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def ocr_pages(data: dict) -> list[int]:
    """The pages vanban read by OCR, as its `ocr` warning lists them ("pages read by OCR: 1, 2")."""
    for w in data.get("warnings", []):
        if w["code"] == "ocr":
            return [int(n) for n in re.findall(r"\d+", w["message"].split(":", 1)[-1])]
    return []


def page_images(path: Path, numbers: list[int]) -> list[bytes]:
    """The page images vanban's OCR gives Tesseract (PNG, 300 dpi, grey)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        images = []
        for n in numbers:
            buf = io.BytesIO()
            pdf[n - 1].render(scale=DPI / 72, grayscale=True).to_pil().save(buf, format="PNG")
            images.append(buf.getvalue())
        return images
    finally:
        pdf.close()


def tesseract_floor(images: list[bytes]) -> None:
    """Tesseract alone on each image, as vanban calls it."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    for png in images:
        subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"], input=png,
                       capture_output=True, env=env, check=False)


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def pipeline_time(path: Path) -> tuple[float, dict | None]:
    """Seconds for the whole pipeline on one file, and its output (None when refused)."""
    t0 = time.perf_counter()
    try:
        data = convert(str(path))
    except InputError:
        data = None
    return time.perf_counter() - t0, data


def is_scan(data: dict) -> bool:
    """Every page read by OCR (a PDF with some OCR'd pages is neither kind and is left out)."""
    return len(ocr_pages(data)) == (data["source"].get("pages") or 0)


def measure(kind: str, paths: list[Path], limit: int) -> tuple[int, int, float, float]:
    """(files, pages, floor seconds, pipeline seconds) over the files of one kind, interleaved;
    at most *limit* files when it is not 0."""
    files = pages = 0
    floor = ours = 0.0
    for path in paths:
        if limit and files >= limit:
            break
        spent, data = pipeline_time(path)
        if data is None or (kind == "pdf" and ocr_pages(data)) or (kind == "ocr" and not is_scan(data)):
            continue
        if kind == "docx":
            floor += timed(docx_floor, path)
        elif kind == "pdf":
            floor += timed(pdf_floor, path)
        else:
            floor += timed(tesseract_floor, page_images(path, ocr_pages(data)))
        ours += spent
        files += 1
        pages += data["source"].get("pages") or 0
    return files, pages, floor, ours


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--limit", type=int, default=0, help="at most N files per kind")
    ap.add_argument("--formats", default="docx,pdf,ocr", help="docx, pdf (text layer), ocr (scans)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    by_ext = {"docx": sorted(corpus.rglob("*.docx")), "pdf": sorted(corpus.rglob("*.pdf"))}
    warm = next(iter(sorted(corpus.rglob("*.txt"))), None)
    if warm:
        convert(str(warm))  # models and data files load once per process, not in the first timing
    print(f"{'kind':6} {'files':>5} {'pages':>6} {'floor s':>8} {'vanban s':>9} {'ratio':>6}")
    for kind in args.formats.split(","):
        paths = by_ext["docx" if kind == "docx" else "pdf"]
        files, pages, floor, ours = measure(kind, paths, args.limit)
        ratio = ours / floor if floor else float("nan")
        print(f"{kind:6} {files:5d} {pages:6d} {floor:8.2f} {ours:9.2f} {ratio:6.2f}x")


if __name__ == "__main__":
    main()
