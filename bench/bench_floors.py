"""How close each reader runs to the floor the machine allows, measured in one run, interleaved.

For every file the floor and vanban's whole pipeline (read → segment → extract → validate, in this
process, one core) are timed one after the other, so that a slower or busier moment of the machine
weighs on both alike. The floors:
- DOCX: lxml parsing `word/document.xml` and joining its `w:t` texts;
- PDF with a text layer (no page read by OCR): pypdfium2 loading each page's text layer and taking its text;
- scanned PDF (every page read by OCR): Tesseract alone (`tesseract … -l vie --psm 3 tsv`, one thread) on the page images
  vanban's OCR renders (300 dpi, grey), rendered before the timing starts.

With --batch, the same files are then run end to end as whole processes, interleaved round by
round: `vanban batch --workers 1` over them (planning, a worker, JSON, the SQLite store, the
graph) against a process doing the floor alone over the same files; the ratio is batch wall time
over the floor's (its own work, then its whole process).

    .venv/bin/python bench/bench_floors.py [CORPUS_DIR] [--limit N] [--formats docx,pdf,ocr] [--batch [--rounds 2]]
"""
from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
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
    return pdf_text_floor(path.read_bytes())


def pdf_text_floor(data: bytes) -> int:
    """pdf_floor of a PDF's bytes already read (bench_pdf_calls times it over bytes held in memory)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
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


def floor_of(kind: str, path: Path, data: dict) -> float:
    """Seconds of the floor of one file of *kind* (its page images rendered before the clock starts)."""
    if kind == "docx":
        return timed(docx_floor, path)
    if kind == "pdf":
        return timed(pdf_floor, path)
    return timed(tesseract_floor, page_images(path, ocr_pages(data)))


def measure(kind: str, paths: list[Path], limit: int) -> tuple[list[Path], int, float, float]:
    """(files, pages, floor seconds, pipeline seconds) over the files of one kind, interleaved;
    at most *limit* files when it is not 0."""
    files: list[Path] = []
    pages = 0
    floor = ours = 0.0
    for path in paths:
        if limit and len(files) >= limit:
            break
        spent, data = pipeline_time(path)
        if data is None or (kind == "pdf" and ocr_pages(data)) or (kind == "ocr" and not is_scan(data)):
            continue
        floor += floor_of(kind, path, data)
        ours += spent
        files.append(path)
        pages += data["source"].get("pages") or 0
    return files, pages, floor, ours


def floor_process(kind: str, listing: str) -> None:
    """The floor alone over the files listed in *listing* (one path a line), as its own process:
    prints the seconds of its work (OCR: Tesseract alone, the images rendered before)."""
    paths = [Path(p) for p in Path(listing).read_text(encoding="utf-8").splitlines() if p]
    if kind == "ocr":  # scans: vanban read every page by OCR
        import pypdfium2 as pdfium

        images = [img for path in paths
                  for img in page_images(path, list(range(1, len(pdfium.PdfDocument(path.read_bytes())) + 1)))]
        print(f"{timed(tesseract_floor, images):.3f}")
        return
    fn = docx_floor if kind == "docx" else pdf_floor
    t0 = time.perf_counter()
    for path in paths:
        fn(path)
    print(f"{time.perf_counter() - t0:.3f}")


def _wall(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[1])
    return time.perf_counter() - t0, done.stdout


def batch_rows(kind: str, files: list[Path], corpus: Path, rounds: int) -> None:
    """Interleaved rounds of the floor process and `vanban batch --workers 1` over *files*; prints
    each round's seconds and, last, the best of each with the ratios."""
    with tempfile.TemporaryDirectory(prefix="vanban-floors-") as tmp:
        src, listing = Path(tmp) / "src", Path(tmp) / "files.txt"
        for path in files:
            link = src / path.relative_to(corpus)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path.resolve())
        listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
        work, whole, batch = [], [], []
        for r in range(rounds):
            wall, out = _wall([sys.executable, __file__, "--floor", kind, str(listing)])
            work.append(float(out.strip() or "nan"))
            whole.append(wall)
            wall, _ = _wall([sys.executable, "-m", "pipeline.cli", "batch", str(src), "-o", str(Path(tmp) / f"out{r}"),
                             "--workers", "1", "-q"])
            batch.append(wall)
            print(f"{kind:6} round {r + 1}: floor {work[-1]:.2f} s ({whole[-1]:.2f} s as a process), batch {wall:.2f} s", flush=True)
    b, w, f = min(batch), min(whole), min(work)
    print(f"{kind:6} {len(files):5d} files  batch {b:.2f} s  floor {f:.2f} s work / {w:.2f} s process"
          f"  ratio {b / f:.2f}x / {b / w:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--limit", type=int, default=0, help="at most N files per kind")
    ap.add_argument("--formats", default="docx,pdf,ocr", help="docx, pdf (text layer), ocr (scans)")
    ap.add_argument("--batch", action="store_true", help="then vanban batch against the floor, whole processes")
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds of --batch")
    ap.add_argument("--floor", metavar="KIND", help=argparse.SUPPRESS)  # internal: the floor process of --batch
    args = ap.parse_args()
    if args.floor:
        floor_process(args.floor, args.corpus)
        return
    corpus = Path(args.corpus)
    by_ext = {"docx": sorted(corpus.rglob("*.docx")), "pdf": sorted(corpus.rglob("*.pdf"))}
    warm = next(iter(sorted(corpus.rglob("*.txt"))), None)
    if warm:
        convert(str(warm))  # models and data files load once per process, not in the first timing
    print(f"{'kind':6} {'files':>5} {'pages':>6} {'floor s':>8} {'vanban s':>9} {'ratio':>6}")
    chosen = {}
    for kind in args.formats.split(","):
        paths = by_ext["docx" if kind == "docx" else "pdf"]
        files, pages, floor, ours = measure(kind, paths, args.limit)
        chosen[kind] = files
        ratio = ours / floor if floor else float("nan")
        print(f"{kind:6} {len(files):5d} {pages:6d} {floor:8.2f} {ours:9.2f} {ratio:6.2f}x", flush=True)
    if args.batch:
        for kind, files in chosen.items():
            if files:
                batch_rows(kind, files, corpus, args.rounds)


if __name__ == "__main__":
    main()
