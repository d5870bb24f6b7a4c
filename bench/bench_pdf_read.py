"""The PDF reader and the whole pipeline against pypdfium2's bare text, two checkouts interleaved.

Each round runs every checkout in turn (old, new, old, new …), each in a fresh process with its
own PYTHONPATH, over the corpus's PDFs whose every page has a text layer (20 characters or more,
the reader's own bound for OCR, in a font with a character map). File by file, read_pdf, then
convert, then the floor (loading each page and its text, taking the text) are timed in CPU
seconds of the process (with --repeat, the least of that many runs of each): on a machine shared
with other work, CPU time moves less than wall time, and the ratios to the floor, measured in
the same minute, are what to compare.

    .venv/bin/python bench/bench_pdf_read.py OLD_CHECKOUT NEW_CHECKOUT [--rounds 2] [--repeat 3] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def text_layer_pdfs(corpus: Path) -> list[Path]:
    """The PDFs of *corpus* each page of which has 20 characters of text or more, in a font with a
    character map (the reader's legacy.garbled): the pages the reader does not send to OCR."""
    import pypdfium2 as pdfium

    from pipeline.readers.legacy import garbled

    out = []
    for path in sorted(corpus.rglob("*.pdf")):
        try:
            pdf = pdfium.PdfDocument(path.read_bytes())
        except pdfium.PdfiumError:
            continue
        try:
            texts = []
            for page in pdf:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
        finally:
            pdf.close()
        if texts and all(len(t.strip()) >= 20 and not garbled(t) for t in texts):
            out.append(path)
    return out


def worker(listing: str, repeat: int = 1) -> None:
    """In the checkout's process: CPU seconds of read_pdf, convert and the floor over the files,
    each file's the least of *repeat* runs (a run slowed by other work on the machine left out)."""
    import time

    import pypdfium2 as pdfium

    from pipeline.convert import convert
    from pipeline.readers.pdf import read_pdf

    files = [Path(p) for p in listing.split("\n") if p]

    def floor(data: bytes) -> int:
        pdf = pdfium.PdfDocument(data)
        n = len(pdf)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
        return n

    def least(fn, *args) -> float:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            fn(*args)
            best = min(best, time.process_time() - t0)
        return best

    convert(str(files[0]))  # models and data files loaded before the clock runs
    spent = {"read": 0.0, "convert": 0.0, "floor": 0.0, "pages": 0}
    for path in files:
        data = path.read_bytes()
        spent["read"] += least(read_pdf, data)
        spent["convert"] += least(convert, str(path))
        spent["floor"] += least(floor, data)
        spent["pages"] += floor(data)
    print(json.dumps(spent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkouts", nargs="+", help="checkout folders, run in turn each round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each file, the least counted")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    files = text_layer_pdfs(Path(args.corpus))
    listing = "\n".join(map(str, files))
    print(f"{len(files)} PDFs with a Unicode text layer on every page")
    for r in range(1, args.rounds + 1):
        for checkout in args.checkouts:
            env = dict(os.environ, PYTHONPATH=str(Path(checkout).resolve()), VANBAN_OCR_THREADS="1")
            code = f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); import bench_pdf_read as b; b.worker(sys.stdin.read(), {args.repeat})"
            done = subprocess.run([sys.executable, "-c", code], input=listing, text=True, capture_output=True, env=env, check=True,
                                  cwd=checkout)  # python -c puts its folder first on the path
            s = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"round {r}  {checkout}: {s['pages']} pages, floor {s['floor']:.2f} s, read_pdf {s['read']:.2f} s "
                  f"({s['read'] / s['floor']:.2f}x), pipeline {s['convert']:.2f} s ({s['convert'] / s['floor']:.2f}x)", flush=True)


if __name__ == "__main__":
    main()
