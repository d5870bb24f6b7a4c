"""How many pdfium calls read_pdf makes beyond the floor, and what one costs, on the PDFs with a text layer.

The PDF reader's time beyond pypdfium2's bare text (loading each page and its text page, taking the
text: the floor) is mostly calls into pdfium through ctypes, one per character, object or segment.
This counts them page by page as the reader decides (the page object walk on every page of 20
characters or more, text_turn's sample, reads_in_order's rectangles, page_edges's segments on pages
with MIN_RULES ruling paths, page_chars's three calls per character on the pages read by layout),
times one bare call (FPDFText_GetCharOrigin over those characters, the least of --repeat runs) and
the floor in CPU seconds, and prints each kind's calls and their cost as a multiple of the floor.
It also times page_chars's three calls a character made in a loop into one reused buffer (as the
reader does) against the same calls mapped over the indices into a slot each (tried: no faster).

    .venv/bin/python bench/bench_pdf_calls.py [--repeat 5] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import ctypes
import sys
import time
from itertools import repeat
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_floors import pdf_text_floor  # noqa: E402
from bench_pdf_read import ROOT, text_layer_pdfs  # noqa: E402


def count_calls(pdfs: list) -> tuple[dict[str, int], list, list]:
    """Calls by kind over every page of *pdfs* (pypdfium2 documents), the text pages read by layout
    (with their frames), and the other pages (with their text pages)."""
    import pypdfium2.raw as pdfium_c

    from pipeline.readers import pdflayout as lay
    from pipeline.readers.pdf import MIN_RULES
    from pipeline.readers.pdftables import lattice

    calls = dict.fromkeys(("page object walk", "line tests", "text_turn", "reads_in_order", "page_edges", "page_chars"), 0)
    layout, plain = [], []
    for pdf in pdfs:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            n = textpage.count_chars()
            turn = lay.text_turn(textpage)
            calls["text_turn"] += len(range(0, n, max(1, n // 60))) if n >= 40 else 0
            paths = lay.page_paths(page) if n >= 20 else []
            if n >= 20:
                kinds = [pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, k))
                         for k in range(pdfium_c.FPDFPage_CountObjects(page.raw))]
                calls["page object walk"] += 2 * len(kinds)
                calls["line tests"] += 2 * kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) + 2 * len(paths)  # draw mode, colour; matrix, its bounds
            paths = paths if len(paths) >= MIN_RULES else []
            fr = lay.frame(page, turn)
            tables = lattice(lay.page_edges(paths, fr)) if paths else []
            calls["page_edges"] += sum(1 + 4 * lay._PATH_SEGMENTS(obj) for obj, _ in paths)
            if not tables and not turn and i:
                calls["reads_in_order"] += 1 + textpage.count_rects()
                if lay.reads_in_order(textpage):
                    plain.append((page, textpage))
                    continue
            calls["page_chars"] += 3 * n
            layout.append((textpage, fr))
    return calls, layout, plain


def least(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def char_calls(layout: list, mapped: bool) -> None:
    """page_chars's three calls for every character of the layout pages: in a loop into one reused
    buffer, or (*mapped*) each call mapped over the indices, writing into a slot of its own."""
    from pipeline.readers import pdflayout as lay

    for textpage, _ in layout:
        raw, n = textpage.raw, textpage.count_chars()
        if mapped:
            boxes, ys = (ctypes.c_float * (4 * n))(), (ctypes.c_double * n)()
            list(map(lay._CHAR_ANGLE, repeat(raw, n), range(n)))
            list(map(lay._LOOSE_BOX, repeat(raw, n), range(n), map(ctypes.byref, repeat(boxes, n), range(0, 16 * n, 16))))
            list(map(lay._CHAR_ORIGIN, repeat(raw, n), range(n), repeat(ctypes.byref(ctypes.c_double()), n),
                     map(ctypes.byref, repeat(ys, n), range(0, 8 * n, 8))))
            boxes[:], ys[:]
            continue
        rect, ox, oy = lay.pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
        rect_ref, ox_ref, oy_ref = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
        for k in range(n):
            lay._CHAR_ANGLE(raw, k)
            lay._LOOSE_BOX(raw, k, rect_ref)
            lay._CHAR_ORIGIN(raw, k, ox_ref, oy_ref)
            rect.left, rect.top, rect.right, rect.bottom, oy.value


def main() -> None:
    import pypdfium2 as pdfium

    from pipeline.readers import pdflayout as lay

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    datas = [path.read_bytes() for path in text_layer_pdfs(Path(args.corpus))]

    def floor() -> None:
        for data in datas:
            pdf_text_floor(data)

    floor_s = least(floor, args.repeat)
    pdfs = [pdfium.PdfDocument(data) for data in datas]
    calls, layout, plain = count_calls(pdfs)
    chars = sum(tp.count_chars() for tp, _ in layout)
    y = ctypes.c_double()
    refs = ctypes.byref(ctypes.c_double()), ctypes.byref(y)
    one = least(lambda: [lay._CHAR_ORIGIN(tp.raw, k, *refs) for tp, _ in layout for k in range(tp.count_chars())], args.repeat) / chars
    print(f"{len(datas)} PDFs, {sum(len(p) for p in pdfs)} pages ({len(layout)} read by layout, {chars} characters on them); "
          f"floor {floor_s:.2f} s CPU; one bare pdfium call {one * 1e6:.2f} µs")
    for kind, n in calls.items():
        print(f"  {kind:18s} {n:9,d} calls  ~{n * one:5.2f} s  {n * one / floor_s:.2f}x the floor")
    total = sum(calls.values())
    print(f"  {'all':18s} {total:9,d} calls  ~{total * one:5.2f} s  {total * one / floor_s:.2f}x the floor")
    extra = least(lambda: [(lay.text_turn(tp), lay.page_paths(page), lay.reads_in_order(tp)) for page, tp in plain], args.repeat)
    print(f"the {len(plain)} pages read as pdfium's text: text_turn, page_paths and reads_in_order {extra:.2f} s CPU "
          f"({extra / floor_s:.2f}x the whole floor)")
    loop, mapped = least(lambda: char_calls(layout, False), args.repeat), least(lambda: char_calls(layout, True), args.repeat)
    print(f"page_chars's calls: in a loop {loop:.3f} s ({loop / chars * 1e9:.0f} ns a character), "
          f"mapped into slots {mapped:.3f} s ({mapped / chars * 1e9:.0f} ns)")


if __name__ == "__main__":
    main()
