"""Markdown tables whose rows ran together: a saved web page that closes one "|"-line table
without its row boundary runs the next table (an appendix's task table) into the last row of the
one before ("Nơi nhận … | TM. ỦY BAN NHÂN DÂN … | PHỤ LỤC … | TT | Nội dung | Cơ quan chủ trì …").
The row is cut where a header row of known column words begins, and two tables come out."""
from __future__ import annotations

from pipeline.model import Cell, Table
from pipeline.notation.labels import label_only


def _header_at(row: list[Cell]) -> int | None:
    """The index of the cell that opens a header row inside ``row`` (after its first cell): a
    "TT"/"STT" cell followed by at least two cells naming known columns (data/task_columns.csv)."""
    from extractors.tasks import header_role

    for k in range(1, len(row) - 2):
        if len(row[k].text) > 12 or header_role(row[k].text) != "label":
            continue
        known = {header_role(c.text) for c in row[k + 1:]} - {None, "unit", "exclude", "label"}
        if len(known) >= 2:
            return k
    return None


def _slot_rows(table: Table) -> list[list[Cell]]:
    return [[s.cell for s in row] for row in table.grid()]


def _renumbered(rows: list[list[Cell]], header_rows: int = 0, unaligned: set[int] | None = None) -> Table:
    """A Table of these slot rows (a part of a table cut apart), each cell copied once, so that the
    parts own their cells; the empty slots the shorter rows were padded with are dropped."""
    fresh: dict[int, Cell] = {}
    out = []
    for row in rows:
        cells = [fresh.get(id(c)) or fresh.setdefault(id(c), Cell(0, 0, list(c.paragraphs), colspan=c.colspan)) for c in row]
        while len(cells) > 1 and not cells[-1].paragraphs:
            cells.pop()
        out.append(cells)
    return Table.from_slots(out, header_rows=header_rows, unaligned=unaligned)


def split_long_rows(table: Table) -> Table:
    """A row longer than the header ran into the next one (a row boundary lost after a cell the
    page elided, "…...."): cut it before its first bare label beyond the header's width."""
    grid = _slot_rows(table)
    width = max((c + 1 for c, cell in enumerate(grid[0]) if cell.text), default=0) if table.header_rows else 0
    if not width:
        return table
    rows: list[list[Cell]] = []
    for row in grid:
        while max((c + 1 for c, cell in enumerate(row) if cell.text), default=0) > width:
            k = next((k for k in range(width, len(row)) if label_only(row[k].text) and row[k].text), None)
            if k is None:
                break
            rows.append(row[:k])
            row = row[k:]
        rows.append(row)
    if len(rows) == len(grid):
        return table
    return _renumbered(rows, header_rows=table.header_rows)


def split_at_header(table: Table) -> list[Table]:
    """The table, or the two tables that ran together in it (cut before an inner header row, the
    rows of the second that ran together cut again)."""
    grid = _slot_rows(table)
    for r, row in enumerate(grid):
        k = _header_at(row)
        if k is None:
            continue
        before = grid[:r] + ([row[:k]] if any(c.text for c in row[:k]) else [])
        after = [row[k:]] + grid[r + 1:]
        unaligned = {u - r for u in table.unaligned if u > r}
        out = [_renumbered(before)] if before else []
        return out + [split_long_rows(_renumbered(after, header_rows=1, unaligned=unaligned))]
    return [table]
