"""Each stage of the whole pipeline as a multiple of the reader's floor, measured in one process.

Every file is converted while the main stages, each extractor and the reader's own parts are
timed. The floor (bench_floors.py: lxml over word/document.xml, or pypdfium2's bare text) is
timed on the same file right after, so a busy moment weighs on both. This shows where a
ratio to the floor goes. No profiler is used, so the figures are the real time.

    .venv/bin/python bench/bench_stages.py [CORPUS_DIR] [--formats docx,pdf] [--limit N]
"""
from __future__ import annotations

import argparse
import collections
import importlib
import os
import sys
import time
from pathlib import Path

os.environ["VANBAN_OCR_THREADS"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_floors  # noqa: E402

from pipeline.convert import convert  # noqa: E402
from pipeline.readers.errors import InputError  # noqa: E402

STAGES = [("pipeline.convert", n, n) for n in ("read", "segment", "to_dict", "validate")] + [
    (f"extractors.{m}", n, n) for m, n in (
        ("references", "extract_references"), ("backrefs", "extract_back_references"), ("effect", "extract_effect"),
        ("tasks", "extract_tasks"), ("prose_tasks", "extract_prose_tasks"), ("schedule", "schedule_deadlines"),
        ("task_ids", "assign_uids"), ("agency_ids", "assign_agency_ids"), ("targets", "extract_targets"),
        ("targets", "extract_budget_items"))]
PARTS = {
    "docx": [("pipeline.readers.docx", "read_docx", "  read: read_docx"), ("pipeline.readers.docx", "_xml", "    XML parse")],
    "pdf": [("pipeline.readers.pdf", "read_pdf", "  read: read_pdf")]
    + [("pipeline.readers.pdftables", n, "    " + n) for n in
       ("page_chars", "page_edges", "lattice", "place_in_cells", "cell_lines", "text_lines", "reads_in_order")]
    + [("pipeline.readers.pdf", n, "    " + n) for n in ("page_paths", "text_turn", "garbled", "read_text")],
}


def timing(spent: collections.Counter, module: str, name: str, key: str) -> None:
    """Replace *module*.*name* with a wrapper that adds its seconds to spent[key]."""
    mod = importlib.import_module(module)
    fn = getattr(mod, name)

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - t0

    setattr(mod, name, timed)


def files_of(kind: str, corpus: Path, limit: int) -> list[Path]:
    """The corpus files of *kind*: every DOCX, or the PDFs no page of which is read by OCR."""
    out: list[Path] = []
    for path in sorted(corpus.rglob(f"*.{kind}")):
        if limit and len(out) >= limit:
            break
        try:
            data = convert(str(path))
        except InputError:
            continue
        if kind == "docx" or not bench_floors.ocr_pages(data):
            out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--formats", default="docx,pdf")
    ap.add_argument("--limit", type=int, default=0, help="at most N files per format")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    kinds = args.formats.split(",")
    chosen = {kind: files_of(kind, corpus, args.limit) for kind in kinds}  # also loads models and data files
    spent: collections.Counter = collections.Counter()
    for module, name, key in STAGES + [part for kind in kinds for part in PARTS[kind]]:
        timing(spent, module, name, key)
    for kind in kinds:
        spent.clear()
        floor = total = 0.0
        for path in chosen[kind]:
            t0 = time.perf_counter()
            convert(str(path))
            total += time.perf_counter() - t0
            floor += bench_floors.timed(bench_floors.docx_floor if kind == "docx" else bench_floors.pdf_floor, path)
        print(f"{kind}: {len(chosen[kind])} files, floor {floor:.2f} s, pipeline {total:.2f} s, ratio {total / floor:.2f}x")
        for key, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {key:28} {seconds:7.2f} s  {seconds / floor:5.2f}x floor  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
