"""Tables going on over pages: pdf._Continued joins a page at a time what the code it replaced
(written out below as it was) joined by building the whole table again for each page
(Table.from_slots of every row so far). Hypothesis draws tables with merged cells, repeated
headers, rows split by the page break and cells merged down over it, and compares the two: the
tables, every cell's spans and paragraphs (those of the pages' cells too), the grids, the widths.
Also text_turn's verdict on its sample of angles: the shortcut for an upright page against the loop."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.model import Block, Cell, Loc, Slot, Table
from pipeline.readers import pdf
from pipeline.readers.pdf import _carry_merged, _continues, _extend, _join_row


# --- the code replaced (pdf.py at 63fbbfe) ---------------------------------------------------

def _old_place_tables(blocks: list[Block], tables: list[tuple[Loc, Table]]) -> list[Block]:
    out: list[Block] = []
    pending = iter(tables)
    nxt = next(pending, None)
    for b in [*blocks, None]:
        while nxt is not None and (b is None or nxt[0].start <= b.loc.start):
            loc, table = nxt
            prev = out[-1] if out else None
            if prev is not None and prev.kind == "table" and prev.table.ncols == table.ncols:
                prev.table = _old_joined(prev.table, table)
            else:
                out.append(Block("table", "", loc, table=table))
            nxt = next(pending, None)
        if b is not None:
            out.append(b)
    for k, b in enumerate(out):
        b.loc.block = k
    return out


def _old_joined(table: Table, rest: Table) -> Table:
    upper = [[s.cell for s in row] for row in table.grid()]
    lower = [[s.cell for s in row] for row in rest.grid()]
    header_rows = table.header_rows
    if lower and [s.text for s in rest.grid()[0]] == [s.text for s in table.grid()[0]]:
        same = {id(below): above for below, above in zip(lower[0], upper[0])}
        lower = [[same.get(id(c), c) for c in row] for row in lower[1:]]
        header_rows = max(header_rows, 1)
    joined = False
    if lower:
        first = _old_first_row_below(upper, lower)
        joined = _continues(table, first)
        if joined:
            _join_row(table.grid()[-1], first)
            lower = lower[1:]
    rows = upper + lower
    if lower and not joined:
        _carry_merged(rows, len(upper))
    return Table.from_slots(rows, header_rows=header_rows)


def _old_first_row_below(upper: list[list[Cell]], lower: list[list[Cell]]) -> list[Slot]:
    placed = {id(cell) for row in upper for cell in row}
    extent: dict[int, list[int]] = {}
    cells: dict[int, Cell] = {}
    for r, row in enumerate(lower, len(upper)):
        for c, cell in enumerate(row):
            _extend(extent, cell, r, c)
            cells.setdefault(id(cell), cell)
    shared = placed.intersection(extent)
    if shared:
        for r, row in enumerate(upper):
            for c, cell in enumerate(row):
                if id(cell) in shared:
                    _extend(extent, cell, r, c)
    for key, (r0, c0, r1, c1) in extent.items():
        cell = cells[key]
        cell.row, cell.col, cell.rowspan, cell.colspan = r0, c0, r1 - r0 + 1, max(cell.colspan, c1 - c0 + 1)
    r, width = len(upper), max(len(row) for row in upper + lower)
    slots = []
    for c, cell in enumerate(lower[0]):
        slots.append(Slot(r, c, cell, id(cell) in placed))
        placed.add(id(cell))
    return slots + [Slot(r, c, Cell(r, c, [])) for c in range(len(lower[0]), width)]


# --- tables drawn as the PDF reader makes them ------------------------------------------------

TEXTS = ["", "", "", "1", "2", "3", "TT", "Nội dung", "Bộ Tài chính và", "các sở, ngành", "17/10/2025",
         "Sở Nội vụ", "thực hiện.", "Quý II/2026;", "a) rà soát", "- Ban hành"]

# a slot: a new cell (its paragraphs), or the cell to the left / above (a merge, as _grid makes one)
SLOT = st.one_of(st.lists(st.sampled_from(TEXTS), max_size=2).map(lambda ps: ("new", ps)),
                 st.just(("left", None)), st.just(("up", None)))
# the number column: mostly numbered rows, some empty (a row's rest after the break, a merge)
NUMBER = st.one_of(st.sampled_from(["1", "2", "3", ""]).map(lambda t: ("new", [t] if t else [])), st.just(("up", None)))
ROW = st.tuples(NUMBER, SLOT, SLOT, SLOT).map(list)
PAGE = st.tuples(st.integers(1, 5), st.lists(ROW, min_size=1, max_size=5),
                 st.booleans(), st.integers(0, 1), st.booleans())


def _build(ncols: int, spec: list, header: list[list[str]] | None, header_rows: int, short: bool) -> Table:
    """A page's table from its drawn slots; *header*: the first page's first row, repeated on top."""
    rows: list[list[Cell]] = []
    drawn = ([("new", list(ps)) for ps in header] if header is not None else None)
    for r, row in enumerate(([drawn] if drawn else []) + [list(x) for x in spec]):
        out: list[Cell] = []
        width = ncols - 1 if short and r == len(spec) and ncols > 1 else ncols  # a row read short
        for c, (kind, paragraphs) in enumerate(row[:width]):
            if kind == "left" and c:
                out.append(out[c - 1])
            elif kind == "up" and rows and c < len(rows[-1]):
                out.append(rows[-1][c])
            else:
                out.append(Cell(r, c, list(paragraphs or [])))
        rows.append(out)
    return Table.from_slots(rows, header_rows=header_rows)


def _pages(draw: list, first_row: list[list[str]] | None) -> list[Table]:
    return [_build(min(ncols, 4), spec, first_row if repeat else None, hr, short)
            for ncols, spec, repeat, hr, short in draw]


def _dump(tables: list[Table], pages: list[Table]) -> list:
    """Everything the joins decide, cells named by where they first appear."""
    names: dict[int, int] = {}

    def name(cell: Cell) -> tuple:
        return names.setdefault(id(cell), len(names)), cell.row, cell.col, cell.rowspan, cell.colspan, list(cell.paragraphs)

    out = []
    for t in tables + pages:
        out.append((t.header_rows, sorted(t.unaligned), [name(c) for c in t.cells], list(t.source_widths),
                    [[(s.row, s.col, name(s.cell), s.covered) for s in row] for row in t.grid()]))
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PAGE, min_size=2, max_size=6), st.lists(st.lists(st.sampled_from(TEXTS), max_size=1), min_size=4, max_size=4))
def test_joining_page_by_page_is_the_whole_table_built_again(draw, first_row):
    results = []
    for place in (_old_place_tables, pdf._place_tables):
        pages = _pages(draw, first_row)
        blocks = place([], [(Loc(k + 1, 0, 10 * k, 10 * k), t) for k, t in enumerate(pages)])
        results.append(_dump([b.table for b in blocks], pages))
    assert results[0] == results[1]


def test_a_header_row_repeated_and_a_row_split_by_the_break_are_joined_as_before():
    """The cases the old code's tests name, given the same pages: a repeated header, a row
    continued, a cell merged down over the break, over three pages."""
    header = [["TT"], ["Nội dung"], ["Chủ trì"]]
    draw = [(3, [[("new", ["1"]), ("new", ["Rà soát"]), ("new", ["Sở Nội vụ"])],
                 [("new", ["2"]), ("new", ["Công bố danh mục"]), ("new", ["Bộ Tài chính và"])]], False, 1, False),
            (3, [[("new", []), ("new", ["thủ tục của tỉnh"]), ("new", ["các sở"])],
                 [("new", ["3"]), ("new", ["Số hóa"]), ("up", None)]], True, 0, False),
            (3, [[("new", []), ("new", ["thực hiện."]), ("new", [])], [("up", None), ("new", ["x"]), ("new", ["y"])]],
             False, 0, False)]
    results = []
    for place in (_old_place_tables, pdf._place_tables):
        pages = _pages(draw, header)
        pages[0] = _build(3, [[("new", p) for p in header]] + draw[0][1], None, 1, False)
        blocks = place([], [(Loc(k + 1, 0, 10 * k, 10 * k), t) for k, t in enumerate(pages)])
        results.append(_dump([b.table for b in blocks], pages))
    assert results[0] == results[1]
    assert [[s.cell.paragraphs for s in row] for row in results and blocks[0].table.grid()] == [
        [["TT"], ["Nội dung"], ["Chủ trì"]], [["1"], ["Rà soát"], ["Sở Nội vụ"]],
        [["2"], ["Công bố danh mục thủ tục của tỉnh"], ["Bộ Tài chính và các sở"]],
        [["3"], ["Số hóa thực hiện."], ["các sở"]], [[], ["x"], ["y"]]]


# --- text_turn's verdict on its sample of angles ------------------------------------------------

def _old_turn(angles: list[int]) -> int:
    for angle in (270, 90, 180):
        if sum(1 for a in angles if min(abs(a - angle), 360 - abs(a - angle)) <= 5) >= 0.6 * len(angles):
            return 360 - angle
    return 0


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.just(0), st.integers(0, 359), st.sampled_from([85, 90, 95, 175, 180, 185, 265, 270, 275])),
                min_size=1, max_size=70))
def test_an_upright_sample_is_turned_by_nothing_as_before(angles):
    from pipeline.readers.pdflayout import _turn

    assert _turn(angles) == _old_turn(angles)
    assert _turn([0] * len(angles)) == _old_turn([0] * len(angles)) == 0
