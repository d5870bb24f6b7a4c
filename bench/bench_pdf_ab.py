"""read_pdf of two checkouts file by file in turn: both see the machine's load of the same minute.

Two long-lived processes, one per checkout (each in its folder, with its PYTHONPATH), are given the
same PDF in turn (old then new, new then old on the next file); each times read_pdf and the floor
(pypdfium2 loading each page and its text, taking the text) as the least CPU time of --repeat runs.
Prints each checkout's totals, its ratio to the floor and new/old. The files are bench_pdf_read's:
the corpus's PDFs with a Unicode text layer on every page.

    .venv/bin/python bench/bench_pdf_ab.py OLD_CHECKOUT NEW_CHECKOUT [--repeat 3] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf_read import ROOT, text_layer_pdfs  # noqa: E402

WORKER = r'''
import json, sys, time
import pypdfium2 as pdfium
from pipeline.readers.pdf import read_pdf

def floor(data):
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()

def least(fn, data, n):
    best = float("inf")
    for _ in range(n):
        t0 = time.process_time()
        fn(data)
        best = min(best, time.process_time() - t0)
    return best

for line in sys.stdin:
    path, n = line.rstrip("\n").rsplit("\t", 1)
    data = open(path, "rb").read()
    print(json.dumps([least(read_pdf, data, int(n)), least(floor, data, int(n))]), flush=True)
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    files = text_layer_pdfs(Path(args.corpus))
    procs = {name: subprocess.Popen([sys.executable, "-c", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                    cwd=folder, env=dict(os.environ, PYTHONPATH=str(Path(folder).resolve())))
             for name, folder in (("old", args.old), ("new", args.new))}
    spent = {"old": [0.0, 0.0], "new": [0.0, 0.0]}
    for k, path in enumerate(files):
        for name in ("old", "new") if k % 2 == 0 else ("new", "old"):
            proc = procs[name]
            proc.stdin.write(f"{path}\t{args.repeat}\n")
            proc.stdin.flush()
            read, floor = json.loads(proc.stdout.readline())
            spent[name][0] += read
            spent[name][1] += floor
    for proc in procs.values():
        proc.stdin.close()
        proc.wait()
    print(f"{len(files)} PDFs, the least of {args.repeat} runs each")
    for name, folder in (("old", args.old), ("new", args.new)):
        read, floor = spent[name]
        print(f"{name} {folder}: read_pdf {read:.2f} s, floor {floor:.2f} s, {read / floor:.2f}x the floor")
    print(f"new / old read_pdf: {spent['new'][0] / spent['old'][0]:.3f}")


if __name__ == "__main__":
    main()
