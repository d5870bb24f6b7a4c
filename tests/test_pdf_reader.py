"""PDF reader rules on synthetic pages and tables: running headers and footers dropped, a table
continued on the next page joined with its header row once, a row split by the page break re-joined."""
from __future__ import annotations

import pytest

from pipeline.model import Block, Cell, Table
from pipeline.readers.pdf import _join_pages, assemble
from pipeline.readers.pdftables import TableAt


BODY = ["Mở đầu.", "Tình hình chung.", "Kết quả đạt được.", "Kiến nghị."]
TAIL = ["Căn cứ pháp lý", "Số liệu", "Đánh giá", "Đề xuất"]


def _page(n: int, body: str) -> str:
    return f"SỞ NỘI VỤ TỈNH LÂM ĐỒNG\nBáo cáo số 12/BC-SNV\n{body}\nTiếp theo\n{TAIL[n - 1]}\nTrang {n}/4\n"


def test_running_header_and_footer_are_dropped_but_the_first_header_kept():
    pages = [_page(n, BODY[n - 1]) for n in range(1, 5)]
    text, starts, _ = _join_pages([p.split("\n") for p in pages])
    assert text.count("SỞ NỘI VỤ TỈNH LÂM ĐỒNG") == 1 and text.startswith("SỞ NỘI VỤ")
    assert text.count("Báo cáo số 12/BC-SNV") == 1 and "Trang" not in text
    assert all(b in text for b in BODY) and text.count("Tiếp theo") == 4 and all(t in text for t in TAIL)
    assert len(starts) == 4 and text[starts[2]:].startswith("Kết quả đạt được.")


def test_lines_that_do_not_run_on_most_pages_are_kept():
    pages = ["Mở đầu\nA\n", "Điều 1. Phạm vi\nB\n", "Điều 2. Đối tượng\nC\n"]
    text, _, _ = _join_pages([p.split("\n") for p in pages])
    assert all(x in text for x in ("Mở đầu", "Điều 1. Phạm vi", "Điều 2. Đối tượng"))
    two = ["Tiêu đề\nA\n", "Tiêu đề\nB\n"]  # too few pages to call anything a running header
    assert _join_pages([p.split("\n") for p in two])[0].count("Tiêu đề") == 2


def _table(rows: list[list[str]]) -> Table:
    return Table.from_slots([[Cell(r, c, [t] if t else []) for c, t in enumerate(row)] for r, row in enumerate(rows)])


def _read(*pages: list[str | Table]) -> tuple[list[Block], str]:
    """The blocks (and joined text) of pages given as their paragraphs and tables, as read_pdf
    assembles them: each table a TableAt line of its page."""
    tables: list[Table] = []
    lines: list[list] = []
    for page in pages:
        lines.append([])
        for item in page:
            if isinstance(item, Table):
                lines[-1] += ["", "", TableAt(len(tables)), "", ""]
                tables.append(item)
            else:
                lines[-1] += [item, ""]
    return assemble(lines, tables)


HEADER = ["TT", "Nội dung", "Chủ trì", "Thời hạn"]


def test_a_table_continued_on_the_next_page_is_one_table_with_one_header():
    first = _table([HEADER, ["1", "Rà soát thủ tục", "Sở Tư pháp", "Quý I/2024"],
                    ["2", "Công bố danh mục", "Văn phòng UBND tỉnh", "Quý II/2024"]])
    second = _table([HEADER, ["3", "Số hóa hồ sơ", "Sở Nội vụ", "Năm 2024"]])
    out, _ = _read(["Phụ lục", first], [second, "Nơi nhận:"])
    tables = [b for b in out if b.kind == "table"]
    assert len(tables) == 1
    assert [[c.text for c in row] for row in tables[0].table.grid()] == [
        HEADER, ["1", "Rà soát thủ tục", "Sở Tư pháp", "Quý I/2024"],
        ["2", "Công bố danh mục", "Văn phòng UBND tỉnh", "Quý II/2024"], ["3", "Số hóa hồ sơ", "Sở Nội vụ", "Năm 2024"]]
    assert [b.text for b in out if b.kind != "table"] == ["Phụ lục", "Nơi nhận:"]


def test_a_row_split_by_the_page_break_is_joined():
    first = _table([HEADER, ["1", "Rà soát thủ tục", "Sở Tư pháp", "Quý I/2024"],
                    ["2", "Công bố danh mục thủ tục hành chính", "Văn phòng UBND", "Quý II/2024;"]])
    second = _table([HEADER, ["", "thuộc thẩm quyền của tỉnh", "tỉnh", "Quý III/2024"],
                     ["3", "Số hóa hồ sơ", "Sở Nội vụ", "Năm 2024"]])
    out, _ = _read([first], [second])
    rows = [[c.text for c in row] for row in out[0].table.grid()]
    assert rows[2] == ["2", "Công bố danh mục thủ tục hành chính thuộc thẩm quyền của tỉnh", "Văn phòng UBND tỉnh",
                       "Quý II/2024;\nQuý III/2024"]
    assert rows[3] == ["3", "Số hóa hồ sơ", "Sở Nội vụ", "Năm 2024"] and len(rows) == 4


def test_a_continuation_that_starts_a_new_numbered_row_is_not_joined():
    first = _table([HEADER, ["1", "A", "X", "2024"], ["2", "B", "Y", "2024"]])
    second = _table([["3", "C", "Z", "2025"]])
    out, _ = _read([first], [second])
    assert out[0].table.rows_text()[-1] == ["3", "C", "Z", "2025"] and out[0].table.nrows == 4


def test_block_offsets_index_the_joined_text_and_tables_stand_between_paragraphs():
    table = _table([HEADER, ["1", "A", "X", "2024"], ["2", "B", "Y", "2024"]])
    out, text = _read(["Điều 1. Giao nhiệm vụ.", table, "Điều 2. Hiệu lực."], ["Nơi nhận:"])
    assert [b.kind for b in out] == ["paragraph", "table", "paragraph", "paragraph"]
    assert all(text[b.loc.start:b.loc.end] == b.text for b in out if b.kind == "paragraph")
    assert out[0].loc.end < out[1].loc.start == out[1].loc.end < out[2].loc.start  # the table: where its line was
    assert [b.loc.page for b in out] == [1, 1, 1, 2] and [b.loc.block for b in out] == [0, 1, 2, 3]
    assert "\ue000" not in text and "TABLE" not in text


def test_pdf_cell_lines_are_joined_where_they_wrap():
    from pipeline.readers.pdftables import cell_paragraphs

    assert cell_paragraphs(["Bộ Khoa học và", "Công nghệ"]) == ["Bộ Khoa học và Công nghệ"]
    assert cell_paragraphs(["Văn phòng Ủy ban nhân", "dân tỉnh"]) == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert cell_paragraphs(["Năm", "2026 - 2027"]) == ["Năm 2026 - 2027"]
    assert cell_paragraphs(["Bộ Tài chính", "Bộ Công an"]) == ["Bộ Tài chính", "Bộ Công an"]  # one agency per line
    assert cell_paragraphs(["- Sở Nội vụ;", "- Sở Tư pháp"]) == ["- Sở Nội vụ;", "- Sở Tư pháp"]


def test_a_header_split_over_two_rows_names_the_columns():
    from extractors.tasks import _find_header

    table = _table([["TT", "Nội dung, nhiệm vụ", "Cơ quan chủ", "Cơ quan", "Thời gian"],
                    ["TT", "Nội dung, nhiệm vụ", "trì thực hiện", "phối hợp", "Thời gian"],
                    ["1", "Rà soát quy hoạch", "Bộ Quốc phòng", "Các bộ", "Năm 2026"]])
    row, roles = _find_header(table)
    assert row == 1 and roles[2] == "lead" and roles[3] == "cooperating" and roles[1] == "text"


@pytest.mark.parametrize("word, confidence, dropped", [
    ("_——_-_-..e.ce..=...n.n", 0, True),      # a rule read as characters
    ("9090099960009990996s6„,", 0, True),      # specks: a sign no Vietnamese word has
    ("*Š", 3, True),
    ("'", 0, True),
    ("TÊN", 0, False),                          # real letters, however unsure
    ("27/", 18, False),
    ("4Ø/C04-P6", 32, False),                   # confident enough: kept as read
    ("Quyết", 95, False),
])
def test_ocr_noise_words(word, confidence, dropped):
    from pipeline.readers.ocr import noise

    assert noise(word, confidence) is dropped
