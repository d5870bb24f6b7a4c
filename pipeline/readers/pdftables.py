"""Tables of PDF pages drawn with ruling lines (pdfplumber, only on the pages that have them):
the grid with merged cells resolved, and the page's text with a marker line where each table
stands, so that the text reader keeps the reading order."""
from __future__ import annotations

import io
import re

from pipeline.model import Cell, Table
from pipeline.text import clean_space, nfc

MARKER = re.compile(r"\ue000TABLE (\d+)\ue000")


def _grid(table) -> Table:
    """pdfplumber's rows (None where a merged cell covers the slot) as a Table: a slot covered from
    the left repeats that cell (colspan), one covered from above carries its value down."""
    rows = table.rows
    xs = sorted({round(c[0]) for r in rows for c in r.cells if c})
    grid: list[list[Cell]] = []
    texts = table.extract()
    for r, (row, values) in enumerate(zip(rows, texts)):
        out: list[Cell] = []
        for c, (bbox, value) in enumerate(zip(row.cells, values)):
            if bbox is not None:
                paras = [p for p in (clean_space(x) for x in nfc(value or "").split("\n")) if p]
                out.append(Cell(r, c, paras))
                continue
            left = out[c - 1] if c else None
            left_bbox = row.cells[c - 1] if c else None
            col_x = xs[c] if c < len(xs) else None
            if left is not None and left_bbox is not None and col_x is not None and left_bbox[2] > col_x + 1:
                origin = left.merged_from or (r, c - 1)
                grid_row = out if origin[0] == r else grid[origin[0]]
                grid_row[origin[1]].colspan += 1
                out.append(Cell(r, c, list(left.paragraphs), merged_from=origin))
            elif grid and c < len(grid[-1]) and grid[-1][c].paragraphs:
                above = grid[-1][c]
                origin = above.merged_from or (r - 1, c)
                grid[origin[0]][origin[1]].rowspan += 1
                out.append(Cell(r, c, list(above.paragraphs), merged_from=origin))
            else:
                out.append(Cell(r, c, []))
        grid.append(out)
    return Table(grid)


def read_tables(data: bytes, page_indexes: list[int]) -> dict[int, tuple[str, list[Table]]]:
    """{page index: (page text with table markers, tables)} for the pages that hold tables."""
    import pdfplumber

    found: dict[int, tuple[str, list[Table]]] = {}
    count = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i in page_indexes:
            page = pdf.pages[i]
            try:
                tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
                tables = [t for t in tables if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
                if not tables:
                    continue
                parts: list[str] = []
                top = 0.0
                grids: list[Table] = []
                for t in tables:
                    x0, y0, x1, y1 = t.bbox
                    if y0 > top:
                        parts.append(page.crop((0, top, page.width, y0)).extract_text() or "")
                    parts.append(f"\n\n\ue000TABLE {count}\ue000\n\n")
                    grids.append(_grid(t))
                    count += 1
                    top = max(top, y1)
                if top < page.height:
                    parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
                found[i] = (nfc("\n".join(parts)), grids)
            finally:
                page.close()  # drop its cached characters and objects: memory stays flat over long PDFs
    return found
