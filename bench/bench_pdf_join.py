"""Tables going on over pages (pdf._place_tables), two checkouts' code on the same tables.

The corpus's text-layer PDFs are read once (this checkout) and the tables each page gives kept;
then each checkout's _place_tables joins them, alternating, least CPU seconds of --rounds; and the
same on synthetic tables of 20 rows a page going on over 10, 60 and 200 pages (the joined table was
built again for every page before: quadratic in its pages). Prints seconds and new/old, and
whether both gave the same tables.

    .venv/bin/python bench/bench_pdf_join.py OLD_CHECKOUT [--rounds 7]
"""
from __future__ import annotations

import argparse
import bisect
import copy
import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf_read import ROOT, text_layer_pdfs  # noqa: E402


def load(root: Path):
    """The pipeline.readers.pdf module of the checkout at *root* (its own copy of every module)."""
    sys.path.insert(0, str(root))
    for name in [k for k in sys.modules if k == "pipeline" or k.startswith("pipeline.")]:
        del sys.modules[name]
    try:
        return importlib.import_module("pipeline.readers.pdf")
    finally:
        sys.path.pop(0)


def corpus_inputs(pdf, corpus: Path) -> list[tuple]:
    """Each text-layer PDF's blocks and placed tables, as assemble gives them to _place_tables."""
    from pipeline.model import Loc

    captured: list[tuple] = []
    assemble = pdf.assemble

    def grab(pages, tables):
        text, starts, places = pdf._join_pages(pages)
        blocks, _ = pdf.read_text(text, tables=len(places))
        for b in blocks:
            b.loc.page = bisect.bisect_right(starts, b.loc.start)
        at = [(Loc(bisect.bisect_right(starts, o), 0, o, o), tables[k]) for o, k in places]
        captured.append(copy.deepcopy((blocks, at)))
        return assemble(pages, tables)

    pdf.assemble = grab
    for path in text_layer_pdfs(corpus):
        pdf.read_pdf(path.read_bytes())
    pdf.assemble = assemble
    return captured


def synthetic(pages: int) -> tuple:
    """One table of 4 columns going on over *pages* pages, 20 numbered rows each, a header repeated."""
    from pipeline.model import Cell, Loc, Table

    def page(k: int) -> Table:
        rows = [["TT", "Nội dung", "Chủ trì", "Thời hạn"]] + [
            [str(20 * k + r), f"Nhiệm vụ {r}", "Sở Nội vụ", "Quý II/2026"] for r in range(20)]
        return Table.from_slots([[Cell(r, c, [t]) for c, t in enumerate(row)] for r, row in enumerate(rows)])

    return [], [(Loc(k + 1, 0, k, k), page(k)) for k in range(pages)]


def timed(fn, inputs: list[tuple]) -> tuple[float, list]:
    loaded = copy.deepcopy(inputs)  # joining changes the tables' cells: each run on its own copy
    t0 = time.process_time()
    out = [fn(blocks, at) for blocks, at in loaded]
    return time.process_time() - t0, [[b.table.rows_text() if b.table else b.text for b in blocks] for blocks in out]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    new = load(ROOT)  # the inputs are made with this checkout's classes, before the old one is loaded
    sets = {"corpus": corpus_inputs(new, Path(args.corpus))}
    sets.update({f"{n} pages": [synthetic(n)] for n in (10, 60, 200)})
    old = load(Path(args.old).resolve())
    for name, inputs in sets.items():
        best = {"old": float("inf"), "new": float("inf")}
        results = {}
        for _ in range(args.rounds):
            for key, mod in (("old", old), ("new", new)):
                seconds, results[key] = timed(mod._place_tables, inputs)
                best[key] = min(best[key], seconds)
        print(f"{name:10} {len(inputs):3} documents  old {best['old']:.4f} s  new {best['new']:.4f} s  "
              f"new/old {best['new'] / best['old']:.3f}  same tables: {results['old'] == results['new']}")


if __name__ == "__main__":
    main()
