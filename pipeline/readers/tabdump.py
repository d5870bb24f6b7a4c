"""Rebuild a table grid from a flattened Word-table text dump (the seed's appendix).

The dump writes a row as a line " \\t<cell>", each further cell as a line "\\t<cell>",
further paragraphs of a cell as lines without a tab; an empty cell is a no-break space;
a horizontally merged cell is repeated once per column it spans; a vertically merged
continuation cell is left out (or written as a bare tab); a page break shows as a blank
line, a run of bare tabs and a typed row number ("\\t27").
"""
from __future__ import annotations

import re

from pipeline.model import Cell, Table
from pipeline.notation.labels import DECIMAL, parse_label
from pipeline.readers.lines import Line
from pipeline.text import clean_space

_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")

# A raw cell: its paragraphs and whether it was written as an explicit (no-break-space) empty cell.
RawCell = list[str]


def _level(text: str) -> str | None:
    """The top number of a hierarchical label a cell opens with, then a space ("3.23. Xây dựng" → "3"), else None."""
    label = parse_label(text)
    if label is None or label.kind != DECIMAL or label.depth < 2:
        return None
    if label.spaced_value or (label.mark == "." and label.spaced_mark):
        return label.value.split(".")[0]
    return None


def is_dump_row_start(line: str) -> bool:
    """A line opening a dump row: " \\t…"."""
    return line.startswith(" \t")


def dump_region(lines: list[Line], i: int) -> int:
    """Return the index one past the last line of the table dump that starts at ``lines[i]``."""
    j = i
    n = len(lines)
    while j < n:
        t = lines[j].text
        if t.startswith("\t") or t.startswith(" \t") or t == "":
            j += 1
            continue
        if t.startswith(" ") or not t.strip():
            break  # a leading space opens the next flattened block of the dump
        j += 1  # a further paragraph of the current cell
    while j > i and lines[j - 1].text == "":
        j -= 1
    return j


def _raw_rows(lines: list[Line]) -> list[list[RawCell]]:
    """Rows of raw cells: a row opens at " \t" or at a blank line before a tab line."""
    rows: list[list[RawCell]] = []
    cells: list[RawCell] = []
    for k, ln in enumerate(lines):
        t = ln.text
        next_is_tab = k + 1 < len(lines) and lines[k + 1].text.startswith("\t")
        if t.startswith(" \t") or (t == "" and next_is_tab):
            if cells:
                rows.append(cells)
            cells = [[" "], [t[2:]]] if t.startswith(" \t") else []  # before the tab: the row-number cell
            continue
        if t.startswith("\t"):
            cells.append([t[1:]])
        elif cells:
            cells[-1].append(t)
        else:
            cells.append([t])
    if cells:
        rows.append(cells)
    return rows


def _text(cell: RawCell) -> str:
    return clean_space(" ".join(cell))


def _is_missing(cell: RawCell) -> bool:
    """A bare tab: no content at all, not even a no-break space (a merge continuation)."""
    return all(p == "" for p in cell)


def parse_dump(lines: list[Line]) -> Table:
    """Parse dump lines into a Table; rows that cannot be aligned are listed in ``Table.unaligned``."""
    rows = _dump_rows(lines)
    label_col = _label_columns(rows)
    width = max((len(c) for c in rows), default=0)

    grid: list[list[Cell]] = []
    unaligned: set[int] = set()
    prev: list[Cell] | None = None
    for r, cells in enumerate(rows):
        placed = _place(cells, label_col, width)
        if placed is None:
            unaligned.add(r)
            placed = list(cells) + [["\u00a0"]] * (width - len(cells))
        row: list[Cell] = []
        for c, cell in enumerate(placed):
            if cell is None or (c > 0 and _is_missing(cell)):
                # Vertically merged: a slot of the cell above.
                if prev is not None and prev[c].paragraphs:
                    row.append(prev[c])
                else:
                    row.append(Cell(r, c, []))
                continue
            paras = [clean_space(p) for p in cell]
            row.append(Cell(r, c, [p for p in paras if p]))
        _mark_horizontal_merges(row, r)
        grid.append(row)
        prev = row
    return Table.from_slots(grid, unaligned=unaligned)


def _dump_rows(lines: list[Line]) -> list[list[RawCell]]:
    """The rows of dump lines that hold text, their trailing absent cells dropped (runs of bare tabs
    before a page break are artefacts) and stray page numbers between rows left out."""
    rows: list[list[RawCell]] = []
    for cells in _raw_rows(lines):
        while cells and _is_missing(cells[-1]):
            cells.pop()
        if not cells or all(not _text(c) for c in cells):
            continue
        if len(cells) == 1 and _BARE_NUMBER.match(_text(cells[0])):
            continue
        rows.append(cells)
    return rows


def _label_columns(rows: list[list[RawCell]]) -> dict[str, int]:
    """Columns of the hierarchical labels ("1.3", "2.7", "3.23") by level: learnt from the rows
    that carry most labels, each level and each column taken once."""
    label_col: dict[str, int] = {}
    for cells in sorted(rows, key=lambda c: -sum(_level(_text(x)) is not None for x in c)):
        for c, cell in enumerate(cells):
            level = _level(_text(cell))
            if level is not None and level not in label_col and c not in label_col.values():
                label_col[level] = c
    return label_col


def _place(cells: list[RawCell], label_col: dict[str, int], width: int) -> list[RawCell | None] | None:
    """Put a row's cells in their columns: a label cell goes to its level's column, the cells
    left of it that are absent are vertically merged (None), trailing absent cells are empty."""
    if len(cells) >= width:
        return list(cells)
    first = next((i for i, c in enumerate(cells) if _level(_text(c)) is not None), None)
    if first is None:
        if _is_group(cells):
            return list(cells) + [[""]] * (width - len(cells))
        return None
    level = _level(_text(cells[first]))
    target = label_col.get(level)
    if target is None or target < first:
        return None
    out: list[RawCell | None] = list(cells[:first]) + [None] * (target - first) + list(cells[first:])
    if len(out) > width:
        return None
    out += [["\u00a0"]] * (width - len(out))
    return out


def _is_group(cells: list[RawCell]) -> bool:
    texts = [_text(c) for c in cells if _text(c)]
    return len(texts) >= 2 and len(set(texts[1:])) == 1


def _mark_horizontal_merges(row: list[Cell], r: int) -> None:
    """A cell of row *r* repeated in the next column is one merged cell: the copy becomes its slot."""
    for c in range(1, len(row)):
        left, cur = row[c - 1], row[c]
        if cur.paragraphs and cur is not left and cur.row == r and cur.paragraphs == left.paragraphs:
            row[c] = left
