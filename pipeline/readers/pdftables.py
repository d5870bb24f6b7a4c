"""Tables of PDF pages drawn with ruling lines: pdfplumber's lattice geometry on the lines pdfium
reads (or a scan's image shows), the grid with merged cells resolved, cell text from the characters
(or OCR's words) inside each cell, and the page's lines with a TableAt where each table stands, so
that the tables keep their place among the paragraphs the text reader makes of the lines."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.model import Cell, Table
from pipeline.notation.labels import DASH, DECIMAL, LETTER, PAREN, PLUS, STAR, parse_label
from pipeline.readers.lines import join_lines
from pipeline.readers.pdflattice import Edge, as_edge, lattice_groups
from pipeline.readers.pdflayout import CellIndex, cell_lines, frame, page_chars, page_edges, reads_in_order, text_lines
from pipeline.text import clean_space, nfc

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in the page's reading frame
SNAP = 3  # points: pdfplumber's default snap, join and intersection tolerance



@dataclass(slots=True, frozen=True)
class TableAt:
    """Where a table stands among a page's lines: its index in the document's tables."""

    index: int


PageLine = str | TableAt


def page_lines(parts: list[str | TableAt]) -> list[PageLine]:
    """A page's lines from its text parts (NFC, line ends as "\n"): a table stands on a line of its
    own with two blank lines either side, a paragraph break however the lines around it run."""
    out: list[PageLine] = []
    for part in parts:
        if isinstance(part, TableAt):
            out += ["", "", part, "", ""]
        else:
            out += nfc(part).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return out


def page_text(lines: list[PageLine]) -> str:
    """The text of a page's lines, a table's line left blank."""
    return "\n".join(ln if isinstance(ln, str) else "" for ln in lines)


# A visual line of a PDF cell that goes on into the next: it ends on a joining word or sign, or
# the next one starts in lower case ("Bộ Khoa học và" / "Công nghệ", "Văn phòng Ủy ban nhân" / "dân tỉnh").
_GOES_ON = re.compile(r"(?:\b(?:và|các|của|cho|với|về|tại|ở|trong|trên|thuộc|theo|hoặc|để)|[,(\-–]|\d/)$", re.I)


def _marked(line: str) -> bool:
    """A line that opens an item of its own: "- x", "+ x", "• x", "* x", "1. x", "(1) x", "a) x",
    or a statistics indicator's code "0101. Dân số trẻ em"."""
    label = parse_label(line, digits=len(line))
    if label is None or label.start:
        return False
    if label.kind in (DASH, PLUS, STAR, PAREN):
        return label.value != "—" and label.spaced_value
    return (label.kind == DECIMAL and label.depth == 1 or label.kind == LETTER and label.mark == ")") and label.spaced_mark


def goes_on(line: str, following: str) -> bool:
    """True when *following* continues the sentence of *line*: *line* ends on a joining word or
    sign, or *following* starts in lower case."""
    return bool(_GOES_ON.search(line)) or following[:1].islower()


def cell_paragraphs(lines: list[str], wraps: list[bool] | None = None) -> list[str]:
    """The paragraphs of a PDF table cell from its visual lines: a line wrapped inside the cell is
    joined to the next (*wraps* says which lines the layout wrapped, where it is known); one agency
    or item per line stays apart."""
    out: list[str] = []
    wrapped = False
    for k, line in enumerate(clean_space(x) for x in lines):
        if not line:
            continue
        if out and not _marked(line) and (wrapped or goes_on(out[-1], line) or line[:1].isdigit()):
            out[-1] = join_lines([out[-1], line])
        else:
            out.append(line)
        wrapped = bool(wraps and wraps[k])
    return out


def _grid(rows: list[list[Box | None]], texts: dict[Box, list[tuple[str, bool]]]) -> Table:
    """Rows of cell boxes (None where a merged cell covers the slot) as a Table: a slot covered from
    the left is a slot of that cell (its colspan), one covered from above of the cell above."""
    xs = sorted({round(c[0]) for r in rows for c in r if c})
    grid: list[list[Cell]] = []
    for r, row in enumerate(rows):
        out: list[Cell] = []
        for c, bbox in enumerate(row):
            if bbox is not None:
                lines = texts.get(bbox, [])
                out.append(Cell(r, c, cell_paragraphs([t for t, _ in lines], [w for _, w in lines])))
                continue
            # the nearest cell drawn to the left: a merged run across keeps its origin's box
            left_bbox = next((row[k] for k in range(c - 1, -1, -1) if row[k] is not None), None)
            col_x = xs[c] if c < len(xs) else None
            if c and left_bbox is not None and col_x is not None and left_bbox[2] > col_x + 1:
                out.append(out[c - 1])
            elif grid and c < len(grid[-1]):  # an empty cell merged down stays one cell (a merge over a page break)
                out.append(grid[-1][c])
            else:
                out.append(Cell(r, c, []))
        grid.append(out)
    return Table.from_slots(grid)


def lattice(edges: list[Edge]) -> list[list[list[Box | None]]]:
    """The tables that ruling segments draw, each as rows of cell boxes (None where a merged cell
    covers the slot): pdfplumber's lattice geometry (snap, join, intersections, cells, groups),
    as pdflattice computes it."""
    tables = [_rows(group) for group in lattice_groups(edges, SNAP)]
    return [t for t in tables if len(t) >= 2 and len(t[0]) >= 2]


def _rows(cells: list[Box]) -> list[list[Box | None]]:
    """Cells grouped by their top into rows, each row with a slot per distinct left edge."""
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, Box]] = {}
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(c[1], {})[c[0]] = c
    return [[row.get(x) for x in xs] for row in rows.values()]


def read_page(page, textpage, turn: int, first: int, paths: list[tuple],
              opening: bool = False) -> tuple[list[PageLine], list[Table]] | None:
    """A page read by layout: its lines top to bottom with a TableAt where each table stands
    (numbered from *first*), and the tables; None for an upright page without a table whose text
    layer reads in order, unless it is the *opening* page (its header columns and the gap under the
    title matter). *paths*: the page's line drawings (pdflayout.page_paths) where there are enough
    to hold a table, else none."""
    fr = frame(page, turn)
    tables = lattice(page_edges(paths, fr)) if paths else []
    if not tables and not turn and not opening and reads_in_order(textpage):
        return None
    chars, aside = page_chars(textpage, fr)
    centers = [((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) for c in chars] if tables else []  # Char.center, inline
    in_cells, outside = place_in_cells(chars, tables, centers)
    head = [t for group in aside for _, t in text_lines(group)]  # margin lines set at another angle first
    cell_texts = [{cell: cell_lines(cs, cell) for cell, cs in cells.items()} for cells in in_cells]
    return compose(head, text_lines(outside, columns=True), tables, cell_texts, first)


def place_in_cells(items: list, tables: list[list[list[Box | None]]], centers: list[tuple[float, float]]) -> tuple[list[dict[Box, list]], list]:
    """Items (characters, OCR words) sorted into the cells of the tables they fall in, by their
    *centers*; those outside every table apart. An item inside a table but in no cell is dropped.
    A cell is found by its column strip, then by its top (CellIndex), looked up inline: this loop
    runs for every character of a table page."""
    if not tables:
        return [], list(items)
    places = []
    for t in tables:
        index = CellIndex([c for r in t for c in r if c])
        places.append((_bbox(t), index.xs, index.strips, index.tops, {}))
    outside: list = []
    for item, (x, y) in zip(items, centers):
        for (x0, top, x1, bottom), xs, strips, tops, cells in places:
            if x0 <= x < x1 and top <= y < bottom:
                i = bisect_right(xs, x) - 1  # a strip: the table's box spans its cells' edges
                j = bisect_right(tops[i], y) - 1
                if j >= 0 and y < strips[i][j][3]:
                    cells.setdefault(strips[i][j], []).append(item)
                break
        else:
            outside.append(item)
    return [cells for _, _, _, _, cells in places], outside


def compose(head: list[str], lines: list[tuple[float, str]], tables: list[list[list[Box | None]]],
            cell_texts: list[dict[Box, list[tuple[str, bool]]]], first: int) -> tuple[list[PageLine], list[Table]]:
    """The page's lines: *head*, then *lines* (top, text) with a TableAt (numbered from *first*)
    where each table's top comes; and the tables built from their cells' lines."""
    order = sorted(range(len(tables)), key=lambda k: _bbox(tables[k])[1])
    parts: list[str | TableAt] = list(head)
    grids: list[Table] = []
    pos = 0
    for n, k in enumerate(order):
        top = _bbox(tables[k])[1]
        while pos < len(lines) and lines[pos][0] < top:
            parts.append(lines[pos][1])
            pos += 1
        parts.append(TableAt(first + n))
        grids.append(_grid(tables[k], cell_texts[k]))
    parts.extend(t for _, t in lines[pos:])
    return page_lines(parts), grids


def _bbox(table: list[list[Box | None]]) -> Box:
    cells = [c for r in table for c in r if c]
    return min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells)


def read_scanned(page, first: int) -> tuple[list[PageLine], list[Table]] | None:
    """A page read by OCR (an ocr.OcrPage) whose image shows ruled tables: its lines with a TableAt
    where each table stands and the tables, their cells filled with the words inside; else None."""
    from pipeline.readers.ocr import word_lines

    tables = lattice([as_edge(e) for e in page.edges])
    if not tables:
        return None
    in_cells, outside = place_in_cells(page.words, tables, [w.center for w in page.words])
    cell_texts = [{cell: [(t, False) for _, t in sorted(word_lines(ws))] for cell, ws in cells.items()} for cells in in_cells]
    return compose([], sorted(word_lines(outside)), tables, cell_texts, first)
