"""Throughput of the pipeline per input format over ../shared/corpus, on one core, with the share
of time in each stage (read, segment, extract, validate). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_pipeline.py [CORPUS_DIR] [--limit N] [--formats pdf,docx]
"""
from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from pathlib import Path

os.environ["VANBAN_OCR_THREADS"] = "1"  # one core: OCR pages one after another

from extractors import extract_all
from pipeline.readers import read
from pipeline.readers.errors import InputError
from pipeline.segment import segment
from pipeline.writers.json_out import to_dict, validate

STAGES = ("read", "segment", "extract", "validate")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--limit", type=int, default=0, help="at most N files per format")
    ap.add_argument("--formats", default="txt,md,docx,pdf", help="formats to read, comma-separated")
    args = ap.parse_args()
    formats = set(args.formats.split(","))
    files: dict[str, list[Path]] = defaultdict(list)
    for p in sorted(Path(args.corpus).rglob("*")):
        ext = p.suffix.lower().lstrip(".")
        if p.is_file() and ext in formats | {"txt"} and p.name != "README.md":
            files[ext].append(p)
    if files["txt"]:  # warm-up: imports, models and data files load once per process, not per document
        warm = read(str(files["txt"][0]))
        segment(warm)
        extract_all(warm)
        validate(to_dict(warm))
    print(f"{'format':8} {'docs':>5} {'pages':>6} {'docs/s':>8} {'pages/s':>8}  " + "  ".join(f"{s:>8}" for s in STAGES))
    results: dict[str, list] = defaultdict(lambda: [dict.fromkeys(STAGES, 0.0), 0, 0])
    for ext, paths in sorted(files.items()):
        if ext not in formats:
            continue  # text files were listed for the warm-up only
        if args.limit:
            paths = paths[: args.limit]
        for path in paths:
            t0 = time.perf_counter()
            try:
                doc = read(str(path))
            except InputError:
                continue
            t1 = time.perf_counter()
            segment(doc)
            t2 = time.perf_counter()
            extract_all(doc)
            t3 = time.perf_counter()
            validate(to_dict(doc))
            t4 = time.perf_counter()
            # scanned PDFs (read by OCR) are counted apart from PDFs with a text layer
            key = "pdf-ocr" if any(w.code == "ocr" for w in doc.warnings) else ext
            spent, _, _ = results[key]
            for stage, dt in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                spent[stage] += dt
            results[key][1] += 1
            results[key][2] += doc.source.pages or 0
    for key, (spent, docs, pages) in sorted(results.items()):
        total = sum(spent.values()) or 1e-9
        shares = "  ".join(f"{100 * spent[s] / total:7.1f}%" for s in STAGES)
        print(f"{key:8} {docs:5d} {pages:6d} {docs / total:8.1f} {pages / total:8.1f}  {shares}")


if __name__ == "__main__":
    main()
