"""The table model: each merged cell stored once with its spans, and the views the stages ask for
(grid() per slot, own_cells(), rows_text()); the header rows each reader knows. Real corpus tables
where the corpus is present."""
from __future__ import annotations

import pytest

from pipeline.model import Cell, Source, Table
from tests.conftest import CORPUS, needs_corpus


def check_views(table: Table) -> None:
    """What holds for every table: each row ncols slots; a slot shows its cell's text and lies in
    the cell's span; a cell is its own in its first slot only, covered in the others; own_cells()
    gives every cell once; rows_text() is the grid's texts."""
    grid = table.grid()
    assert len(grid) == table.nrows and all(len(row) == table.ncols for row in grid)
    first: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            cell = slot.cell
            assert (slot.row, slot.col) == (r, c) and slot.text == cell.text and slot.paragraphs is cell.paragraphs
            assert cell.row <= r < cell.row + cell.rowspan and cell.col <= c < cell.col + cell.colspan
            assert slot.covered == (id(cell) in first)
            first.setdefault(id(cell), (r, c))
    own = table.own_cells()
    assert len({id(c) for c in own}) == len(own) == len(first)
    assert {id(c) for c in table.cells} <= {id(c) for c in own}  # the padding of short rows: empty cells of the view
    assert table.rows_text() == [[s.text for s in row] for row in grid]


def test_a_merged_cell_is_stored_once_and_seen_in_every_slot_it_covers():
    a, b, c = Cell(0, 0, ["Sở Nội vụ"]), Cell(0, 1, ["Tuyên truyền"]), Cell(1, 1, ["Tập huấn"])
    table = Table.from_slots([[a, b], [a, c]])
    check_views(table)
    assert (a.rowspan, a.colspan, b.rowspan) == (2, 1, 1)
    assert table.rows_text() == [["Sở Nội vụ", "Tuyên truyền"], ["Sở Nội vụ", "Tập huấn"]]
    assert [s.covered for s in table.grid()[1]] == [True, False] and table.grid()[1][0].origin == (0, 0)
    assert table.own_cells() == [a, b, c]
    a.paragraphs.append("Sở Tư pháp")  # one cell: a change shows in every slot it covers
    assert table.rows_text()[1][0] == "Sở Nội vụ\nSở Tư pháp"


def test_spans_draw_the_grid_a_short_row_padded():
    title = Cell(1, 1, ["Cải cách thể chế"], colspan=2)
    table = Table([Cell(0, 0, ["TT"]), Cell(0, 1, ["Nhiệm vụ"]), Cell(0, 2, ["Chủ trì"]), Cell(1, 0, ["I"]), title,
                   Cell(2, 0, ["1"])])
    check_views(table)
    assert table.rows_text() == [["TT", "Nhiệm vụ", "Chủ trì"], ["I", "Cải cách thể chế", "Cải cách thể chế"], ["1", "", ""]]
    assert table.source_widths == [3, 3, 1] and table.grid()[1][2].covered and not table.grid()[2][2].covered


def test_a_merge_that_is_not_a_rectangle_keeps_its_slots():
    """A dump's value carried down beside a cell of its own (tabdump): the slot map as read."""
    a, b, c = Cell(0, 0, ["Sở Y tế"]), Cell(0, 1, ["Khám bệnh"]), Cell(1, 1, ["Tiêm chủng"])
    table = Table.from_slots([[a, b], [a, c], [a, a]])
    check_views(table)
    assert (a.rowspan, a.colspan) == (3, 2)  # the span is the merge's bounding box
    assert table.rows_text()[1] == ["Sở Y tế", "Tiêm chủng"] and table.rows_text()[2] == ["Sở Y tế", "Sở Y tế"]


# ---- real corpus tables, one reader each ----------------------------------------------------------

def _tables(path, fmt: str) -> list[Table]:
    from pipeline.readers.base import reader_for

    result = reader_for(fmt).read(path.read_bytes(), Source(str(path), "", fmt))
    return [b.table for b in result.blocks if b.table is not None]


@needs_corpus
def test_docx_header_rows_from_tbl_header_and_merged_cells_once():
    path = CORPUS / "vbai-lamdong-ubnd/files/ND30/BÁO CÁO/Tờ trình 176 Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của tỉnh/Kế hoạch CCHC giai đoạn 2026-2030.docx"
    if not path.is_file():
        pytest.skip("corpus file absent")
    tables = _tables(path, "docx")
    for t in tables:
        check_views(t)
    plan = tables[2]
    assert [t.header_rows for t in tables[:3]] == [0, 0, 1]  # the task table's first row repeats on each page
    assert plan.rows_text()[0][:3] == ["STT", "Nhiệm vụ", "Sản phẩm"] and (plan.nrows, plan.ncols) == (67, 7)
    # "Theo phân công tại Quyết định số 1441/QĐ-UBND": one cell over the lead and cooperating columns (gridSpan)
    lead = plan.grid()[11][4]
    assert lead.cell.colspan == 2 and plan.grid()[11][5].covered and plan.grid()[11][5].cell is lead.cell
    # a task number and text merged down over two rows (vMerge): covered in the second
    assert [s.covered for s in plan.grid()[53][:3]] == [True, True, False]
    assert plan.grid()[53][1].origin == (52, 1) and plan.grid()[53][1].text.startswith("Tham mưu ban hành Kế hoạch kiểm tra")


@needs_corpus
def test_markdown_header_row_from_the_rule_row_and_a_group_row_spanning_the_table():
    path = CORPUS / "tnt305-legal-md/docs/cc392cdbbc87983e.md"
    if not path.is_file():
        pytest.skip("corpus file absent")
    pipe = [t for t in _tables(path, "md") if t.rows_text()[0][:2] == ["TT", "Mã TTHC"]]
    assert len(pipe) == 1 and pipe[0].header_rows == 1
    check_views(pipe[0])


@needs_corpus
def test_markdown_group_row_title_declared_across_the_table_its_other_slots_empty():
    from pipeline.segment.structure import is_group_row

    path = CORPUS / "tnt305-legal-md/docs/8c306b6991495e34.md"
    if not path.is_file():
        pytest.skip("corpus file absent")
    table = next(t for t in _tables(path, "md") if t.nrows > 1 and t.rows_text()[1][:2] == ["I", "CẤP XÃ"])
    check_views(table)
    row = table.grid()[1]
    assert table.header_rows == 0 and table.rows_text()[1] == ["I", "CẤP XÃ", "", "", ""]  # "| I | CẤP XÃ |"
    assert row[1].cell.colspan == 4 and not any(s.covered for s in row) and table.source_widths[1] == 2
    assert is_group_row(row) and not is_group_row(table.grid()[2])


@needs_corpus
def test_pdf_header_known_where_it_repeats_on_the_next_page():
    path = CORPUS / "vbai-lamdong-ubnd/files/ND30/CV CHUNG/Giao SNV chuẩn bị nội dung Đc Phúc họp chỉ số/Bao cao cac chi so cua tinh 06.11s.pdf"
    if not path.is_file():
        pytest.skip("corpus file absent")
    tables = _tables(path, "pdf")
    for t in tables:
        check_views(t)
    repeated = [t for t in tables if t.header_rows]
    assert repeated and all(t.header_rows == 1 and t.rows_text()[0][:2] == ["STT", "Nội dung"] for t in repeated)
    # the header's "STT" merged down over its two rows: one cell, covered in the second row
    head = repeated[0].grid()
    assert head[0][0].cell.rowspan >= 2 and head[1][0].covered and head[1][0].cell is head[0][0].cell
