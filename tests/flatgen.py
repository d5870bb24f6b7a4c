"""Test generator for issue 14: a DOCX document flattened into text the way the official
gazette's text extraction writes it — one wrapped fragment per line, no cell delimiter, the cells
of a row one after another, a page break with the running head, the page number and the table
header repeated, and a row cut by the page break going on below it cell by cell.

    flatten_document(doc, random.Random(7)) -> str
"""
from __future__ import annotations

import random
import textwrap

from pipeline.model import Block, Document, Slot, Table
from pipeline.segment.structure import is_group_row

_HEAD = "CÔNG BÁO/Số {issue}/Ngày {day:02d}-{month:02d}-2026"


def _wrap(text: str, width: int) -> list[str]:
    return [ln for p in text.split("\n") for ln in textwrap.wrap(p, width, break_long_words=False) or []]


def _own_cells(row: list[Slot]) -> list[tuple[int, Slot]]:
    """The cells a row writes: the slots a merged cell covers (down or across) are not written again."""
    return [(c, cell) for c, cell in enumerate(row) if not cell.covered]


def _header_count(table: Table) -> int:
    """Rows before the first one whose first cell is a row label."""
    from pipeline.notation.labels import label_only

    for r, row in enumerate(table.grid()):
        if row and label_only(row[0].text or ""):
            return r
    return table.header_rows


class _Pages:
    """Lines written so far, with a page break after every ``height`` lines of a table."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.page = rng.randint(2, 90)
        self.used = 0
        self.height = rng.randint(38, 60)
        self.head = _HEAD.format(issue=rng.randint(100, 999), day=rng.randint(1, 28), month=rng.randint(1, 12))

    def room(self) -> int:
        return self.height - self.used

    def add(self, lines: list[str]) -> None:
        self.lines.extend(lines)
        self.used += len(lines)

    def brk(self, header: list[str]) -> None:
        self.page += 1
        self.lines += ["", self.head, str(self.page), " ", " "] if self.page % 2 else ["", str(self.page), self.head, " "]
        self.used = 0
        self.add(header)


def flatten_table(table: Table, pages: _Pages) -> None:
    """Write a table: each header cell wrapped, then each row's cells, a page break where the page
    is full (the header again; a row cut there goes on with the rest of each of its cells)."""
    rng = pages.rng
    ncols = table.ncols
    width = [rng.randint(40, 55) if c == 1 else rng.randint(9, 20) for c in range(ncols)]
    width[0] = 4
    nh = _header_count(table)
    header = [ln for row in table.grid()[:nh] for c, cell in _own_cells(row) for ln in _wrap(cell.text, max(width[c], 8))]
    pages.add(header)
    for row in table.grid()[nh:]:
        if is_group_row(row):
            cells = [_wrap(row[0].text, 6), _wrap(next((c.text for c in row[1:] if c.text), ""), sum(width))]
        else:
            cells = [_wrap(cell.text, width[c]) for c, cell in _own_cells(row)]
        while any(cells):
            take = max(1, pages.room())
            if max(map(len, cells)) > take and pages.room() < 4:
                pages.brk(header)
                continue
            pages.add([ln for cell in cells for ln in cell[:take]])
            cells = [cell[take:] for cell in cells]
            if any(cells):
                pages.brk(header)
        if pages.room() <= 0:
            pages.brk(header)


def flatten_document(doc: Document, rng: random.Random) -> str:
    """The whole document as gazette-extracted text: paragraphs wrapped at ~80 characters, layout
    tables cell after cell, task tables flattened with page breaks."""
    pages = _Pages(rng)
    pages.add([pages.head, str(pages.page), " "])  # a gazette page opens with its running head
    for b in doc.blocks:
        if b.kind != "table" or b.table is None:
            pages.add(_wrap(b.text, rng.randint(72, 84)))
            continue
        if b.role == "header" or _header_count(b.table) >= b.table.nrows:
            pages.add([ln for row in b.table.grid() for _, cell in _own_cells(row) for ln in _wrap(cell.text, 40)])
            continue
        pages.add([""])
        flatten_table(b.table, pages)
        pages.add([""])
    return "\n".join(pages.lines) + "\n"


__all__ = ["flatten_document", "flatten_table", "Block"]
