"""Tables of PDF pages drawn with ruling lines (pdfplumber, only on the pages that have them):
the grid with merged cells resolved, and the page's text with a marker line where each table
stands, so that the text reader keeps the reading order."""
from __future__ import annotations

import io
import re

from pipeline.model import Cell, Table
from pipeline.text import clean_space, nfc

MARKER = re.compile(r"\ue000TABLE (\d+)\ue000")


# A visual line of a PDF cell that goes on into the next: it ends on a joining word or sign, or
# the next one starts in lower case ("Bộ Khoa học và" / "Công nghệ", "Văn phòng Ủy ban nhân" / "dân tỉnh").
_GOES_ON = re.compile(r"(?:\b(?:và|các|của|cho|với|về|tại|trên|thuộc|theo|hoặc|để)|[,(\-–])$", re.I)
_MARKED = re.compile(r"^(?:[-–+•*]|\d+[.)]|[a-zđ]\))\s")


def cell_paragraphs(lines: list[str]) -> list[str]:
    """The paragraphs of a PDF table cell from its visual lines: a line wrapped inside the cell is
    joined to the next; one agency or item per line stays apart."""
    out: list[str] = []
    for line in (clean_space(x) for x in lines):
        if not line:
            continue
        if out and not _MARKED.match(line) and (_GOES_ON.search(out[-1]) or line[:1].islower() or line[:1].isdigit()):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


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
                out.append(Cell(r, c, cell_paragraphs(nfc(value or "").split("\n"))))
                continue
            left = out[c - 1] if c else None
            # the nearest cell drawn to the left: a merged run across keeps its origin's box
            left_bbox = next((row.cells[k] for k in range(c - 1, -1, -1) if row.cells[k] is not None), None)
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
