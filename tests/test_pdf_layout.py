"""PDF pages read by layout, on PDFs drawn for the test (tests/pdfmaker.py): ruled tables found on
pdfium's lines with their cells' text (and on a scan's image, with OCR's words), boxes that draw
no rule ignored, text set sideways read upright from the text layer, a header written after the
body read first, side-by-side blocks read left first, and a table continued over pages joined
with its merged cells carried down."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.readers import pdf as pdf_reader
from pipeline.readers.pdflayout import Char, Frame, text_lines
from pipeline.readers.ocr import available as ocr_available
from tests.pdfmaker import DEJAVU, box, grid, line, make_pdf, scanned, text

pytestmark = pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans (fonts-dejavu-core) is needed for Vietnamese text")

def read_pdf(data: bytes):
    """(blocks, pages, warnings as (code, message)) of a PDF given as bytes."""
    res = pdf_reader.read_pdf(data)
    return res.blocks, res.pages, [(w.code, w.message) for w in res.warnings]


WIDTHS = [40, 250, 150]
HEIGHTS = [24, 24, 38]


def _cells(x: float, top: float, rows: list[list[list[str]]]) -> list[tuple]:
    """Text in the cells of a grid drawn by grid(x, top, WIDTHS, HEIGHTS): each cell's lines."""
    ops = []
    y = top
    for r, row in enumerate(rows):
        cx = x
        for c, lines in enumerate(row):
            for k, ln in enumerate(lines):
                ops.append(text(cx + 4, y - 16 - 13 * k, ln, 11))
            cx += WIDTHS[c]
        y -= HEIGHTS[r]
    return ops


ROWS = [[["TT"], ["Nhiệm vụ"], ["Cơ quan chủ trì"]],
        [["1"], ["Rà soát thủ tục hành chính"], ["Sở Tư pháp"]],
        [["2"], ["Số hóa hồ sơ"], ["Bộ Khoa học và", "Công nghệ"]]]


def _table_page(top: float = 700) -> list[tuple]:
    return ([text(60, top + 40, "Điều 1. Giao nhiệm vụ như sau:")] + grid(60, top, WIDTHS, HEIGHTS)
            + _cells(60, top, ROWS) + [text(60, top - sum(HEIGHTS) - 30, "Điều 2. Quyết định có hiệu lực.")])


def _rows(block) -> list[list[str]]:
    return [[c.text for c in row] for row in block.table.grid()]


def test_ruled_table_is_found_with_its_cells_and_the_text_around_it():
    blocks, pages, notes = read_pdf(make_pdf([_table_page()]))
    kinds = [b.kind for b in blocks]
    assert kinds == ["paragraph", "table", "paragraph"] and pages == 1 and notes == []
    assert blocks[0].text.startswith("Điều 1.") and blocks[2].text.startswith("Điều 2.")
    assert _rows(blocks[1]) == [["TT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp"],
                                ["2", "Số hóa hồ sơ", "Bộ Khoa học và Công nghệ"]]


def test_a_page_whose_text_is_all_in_a_table_is_not_taken_for_a_scan():
    ops = [text(290, 810, "4")] + grid(60, 700, WIDTHS, HEIGHTS) + _cells(60, 700, ROWS)
    blocks, _, notes = read_pdf(make_pdf([ops]))
    assert notes == [] and [b.kind for b in blocks] == ["table"] and blocks[0].table.nrows == 3  # "4": a page number


@pytest.mark.skipif(not ocr_available(), reason="tesseract with Vietnamese data is not installed")
def test_a_scanned_table_gets_its_cells_from_the_ruling_lines_in_the_image():
    blocks, _, notes = read_pdf(scanned(make_pdf([_table_page()])))
    assert notes == [("ocr", "pages read by OCR: 1")]
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"]
    assert _rows(blocks[1]) == [["TT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp"],
                                ["2", "Số hóa hồ sơ", "Bộ Khoa học và Công nghệ"]]


def test_white_boxes_under_lines_and_inset_shading_draw_no_rules():
    ops = _table_page()
    # a white box under each text line of a cell, and grey shading inset in the header cells
    under = [box(104, y - 3, 240, 14, (255, 255, 255)) for y in (660, 647)]
    shade = [box(x + 5, 681, w - 10, 14, (200, 200, 200)) for x, w in ((60, 40), (100, 250), (350, 150))]
    blocks, _, _ = read_pdf(make_pdf([under + shade + ops]))
    table = [b for b in blocks if b.kind == "table"]
    assert len(table) == 1 and table[0].table.nrows == 3 and table[0].table.ncols == 3


@pytest.mark.parametrize("angle", [90, 270])
def test_text_set_sideways_is_read_upright_from_the_text_layer(angle):
    lines = ["Điều 1. Phạm vi điều chỉnh của quyết định.", "Điều 2. Đối tượng áp dụng của quyết định.",
             "Điều 3. Hiệu lực thi hành của quyết định này."]
    if angle == 90:  # baseline going up the page: the reader turns the page clockwise
        ops = [text(100 + 20 * k, 100, s, 12, 90) for k, s in enumerate(lines)]
        ops = ops[::-1]
    else:
        ops = [text(500 - 20 * k, 700, s, 12, 270) for k, s in enumerate(lines)]
    blocks, _, notes = read_pdf(make_pdf([ops]))
    assert [b.text for b in blocks] == lines and notes == []


def test_a_header_written_after_the_body_is_read_first():
    body = [text(60, 600 - 16 * k, f"Nội dung đoạn thứ {k + 1} của công văn gửi các cơ quan.") for k in range(4)]
    header = [text(60, 800, "ỦY BAN NHÂN DÂN"), text(330, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11),
              text(70, 784, "TỈNH LÂM ĐỒNG"), text(360, 784, "Độc lập - Tự do - Hạnh phúc", 11),
              text(70, 760, "Số: 12/UBND-VP"), text(340, 760, "Lâm Đồng, ngày 5 tháng 3 năm 2024", 11)]
    blocks, _, _ = read_pdf(make_pdf([body + header]))
    texts = [b.text for b in blocks]
    # the left block (issuer, number) before the right one (motto, place and date), then the body
    assert texts[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 12/UBND-VP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Lâm Đồng, ngày 5 tháng 3 năm 2024"]
    assert texts[6].startswith("Nội dung đoạn thứ 1")


def test_a_table_over_pages_is_one_table_with_merged_cells_carried_and_page_numbers_dropped():
    def page(n: int, rows: list[tuple[str, str, str]], merged: int) -> list[tuple]:
        ops = [text(250, 810, f"CÔNG BÁO/Số {n}"), text(520, 810, str(40 + n))]
        top = 760
        heights = [24] + [24] * len(rows)
        ops += grid(60, top, WIDTHS, heights)
        ops += _cells(60, top, [[["TT"], ["Nhiệm vụ"], ["Cơ quan chủ trì"]]])
        y = top - 24
        for k, (label, task, lead) in enumerate(rows):
            if label:
                ops.append(text(64, y - 16, label, 11))
            ops += [text(104, y - 16, task, 11), text(354, y - 16, lead, 11)]
            y -= 24
        # the number column merged over the first *merged* rows: no rule between them in that column
        inner = [top - 24 - 24 * j for j in range(1, merged)]
        ops = [op for op in ops if not (op[0] == "line" and op[2] == op[4] and op[2] in inner and op[1] == 60)]
        ops += [line(100, yy, 500, yy) for yy in inner]
        return ops

    first = page(1, [("1", "Rà soát văn bản quy phạm", "Sở Tư pháp"), ("2", "Công bố thủ tục", "Văn phòng UBND tỉnh")], 0)
    second = page(2, [("3", "Lập kế hoạch số hóa", "Sở Nội vụ"), ("", "Triển khai số hóa hồ sơ", "Sở Nội vụ")], 2)
    # the merge goes on over the break, over two rows of the next page
    third = page(3, [("", "Đánh giá kết quả số hóa", "Sở Nội vụ"), ("", "Báo cáo kết quả", "Sở Nội vụ"),
                     ("4", "Tổng kết", "Sở Nội vụ")], 2)
    blocks, pages, _ = read_pdf(make_pdf([first, second, third]))
    assert pages == 3
    tables = [b for b in blocks if b.kind == "table"]
    # page numbers dropped; the running header kept on the first page only (its top is the document's own)
    assert len(tables) == 1 and not any(b.text.strip().isdigit() for b in blocks)
    assert sum("CÔNG BÁO" in b.text for b in blocks) == 1
    rows = _rows(tables[0])
    assert [r[1] for r in rows] == ["Nhiệm vụ", "Rà soát văn bản quy phạm", "Công bố thủ tục", "Lập kế hoạch số hóa",
                                    "Triển khai số hóa hồ sơ", "Đánh giá kết quả số hóa", "Báo cáo kết quả", "Tổng kết"]
    # "3" merged down over its two rows on page 2 goes on over the page break, and over both rows its
    # merge spans on page 3
    assert [r[0] for r in rows] == ["TT", "1", "2", "3", "3", "3", "3", "4"]
    assert tables[0].table.grid()[3][0].cell.rowspan == 4 and tables[0].table.grid()[6][0].origin == (3, 0)


def test_cell_lines_wrap_where_the_next_word_would_not_fit():
    narrow = [60, 90, 100]  # a lead column 100 pt wide: "Lãnh đạo Sở Nông" does not fit on one line
    ops = grid(60, 700, narrow, [24, 40, 40])
    ops += [text(64, 684, "TT", 11), text(124, 684, "Nhiệm vụ", 11), text(214, 684, "Chủ trì", 11)]
    ops += [text(64, 660, "1", 11), text(124, 660, "Tuyên truyền", 11), text(214, 660, "Lãnh đạo Sở", 11),
            text(214, 647, "Nông nghiệp", 11)]
    ops += [text(64, 620, "2", 11), text(124, 620, "Tập huấn", 11), text(214, 620, "Sở Tư pháp", 11),
            text(214, 607, "Sở Y tế", 11)]
    blocks, _, _ = read_pdf(make_pdf([[text(60, 760, "Điều 1. Giao nhiệm vụ.")] + ops]))
    rows = [[c.paragraphs for c in row] for row in blocks[1].table.grid()]
    assert rows[1][2] == ["Lãnh đạo Sở Nông nghiệp"]  # wrapped by the writer: one name
    assert rows[2][2] == ["Sở Tư pháp", "Sở Y tế"]     # short lines: one agency per line


def test_the_opening_page_parts_a_title_from_the_body_under_it():
    # a paragraph set as a writer sets it: each line ends where the next word would not fit
    body = ["Tiếp tục thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về",
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 và các văn",
            "bản chỉ đạo của Trung ương, Ủy ban nhân dân tỉnh ban hành Kế hoạch tuyên truyền",
            "cải cách hành chính năm 2026."]
    goal = ["Nâng cao nhận thức của cán bộ, công chức, viên chức và người dân về mục đích, ý",
            "nghĩa, nội dung của công tác cải cách hành chính; tạo sự đồng thuận cao trong xã hội",
            "đối với việc thực hiện các nhiệm vụ cải cách hành chính của tỉnh trong năm 2026 và",
            "các năm tiếp theo."]
    ops = [text(270, 780, "KẾ HOẠCH", 13), text(150, 762, "Tuyên truyền cải cách hành chính năm 2026", 12)]
    ops += [text(90 if k % 4 == 0 else 60, 720 - 15 * k, line, 11) for k, line in enumerate(body + goal)]
    blocks, _, _ = read_pdf(make_pdf([ops]))
    assert [b.text for b in blocks][1:] == ["Tuyên truyền cải cách hành chính năm 2026", " ".join(body), " ".join(goal)]


def _char(ch: str, x: float, base: float, size: float = 10) -> Char:
    return Char(ch, x, base - 0.8 * size, x + 0.5 * size, base + 0.2 * size, base)


def _word_chars(word: str, x: float, base: float) -> list[Char]:
    return [_char(ch, x + 5 * k, base) for k, ch in enumerate(word)]


def test_text_lines_space_words_by_gap_and_drop_doubled_characters():
    chars = _word_chars("Sở", 10, 50) + _word_chars("Nội", 23, 50) + _word_chars("vụ", 41, 50)
    chars += [_char("S", 10.2, 50)]  # fake bold: drawn twice
    assert text_lines(chars) == [(42.0, "Sở Nội vụ")]


def test_side_by_side_blocks_read_left_then_right():
    chars = (_word_chars("TRÁI", 10, 20) + _word_chars("PHẢI", 200, 20)
             + _word_chars("hai", 10, 34) + _word_chars("bên", 200, 34) + _word_chars("dưới", 10, 48))
    assert [t for _, t in text_lines(chars, columns=True) if t] == ["TRÁI", "hai", "dưới", "PHẢI", "bên"]
    assert [t for _, t in text_lines(chars)] == ["TRÁI PHẢI", "hai bên", "dưới"]


@given(st.sampled_from([0, 90, 180, 270]), st.floats(0, 595), st.floats(0, 842))
def test_frame_keeps_points_on_the_page(turn, x, y):
    fr = Frame(turn, 0, 0, 595, 842)
    fx, fy = fr.point(x, y)
    wide, high = (595, 842) if turn in (0, 180) else (842, 595)
    assert -1e-6 <= fx <= wide + 1e-6 and -1e-6 <= fy <= high + 1e-6
    x0, top, x1, bottom = fr.box(x, y, min(x + 5, 595), min(y + 5, 842))
    assert x0 <= x1 and top <= bottom


@pytest.mark.skipif(not ocr_available(), reason="tesseract with Vietnamese data is not installed")
def test_a_page_drawn_in_a_font_without_a_unicode_map_is_read_by_ocr():
    # the text layer of such a font: Latin-1 look-alikes for Vietnamese letters, a few mapped right ("ư", "đ")
    lines = ["BØC ÔNG AN CØNG HOÀ XÃ HØI CHæN GH(A VIÆT NAM", "Tå do - H¡nh phúc, ngày 24 tháng 10 nÇm 2025",
             "V/v chçt r°¡ng tri¿n khai thñce hiÇn công tác cai nghiÇn", "ma túy tñ nguyÇn t¡i gia ình, cÙng Óng trên",
             "Ëa bàn tÉnh Lâm Óng theo phương án của đơn vị"]
    blocks, _, notes = read_pdf(make_pdf([[text(60, 760 - 20 * k, ln, 11) for k, ln in enumerate(lines)]]))
    assert notes[:2] == [("ocr", "pages read by OCR: 1"),
                         ("reader", "pages whose text layer is not Unicode (a font without a character map): 1")]


def test_a_digital_signature_stamp_is_a_note_not_the_issuer():
    ops = [text(60, 800, "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; 06/01/2026; 16:42:26; +07:00", 8),
           text(60, 760, "ỦY BAN NHÂN DÂN", 12), text(60, 745, "TỈNH LÂM ĐỒNG", 12),
           text(60, 715, "Số: 12/UBND-NC", 12), text(60, 690, "V/v chuẩn bị nội dung làm việc", 12)]
    blocks, _, notes = read_pdf(make_pdf([ops]))
    assert notes == [("reader", "digital signature stamp on page 1 (SAO Y): CÔNG AN TỈNH LÂM ĐỒNG, 06/01/2026 16:42:26 +07:00")]
    assert blocks[0].text.startswith("ỦY BAN NHÂN DÂN") and not any("16:42" in b.text for b in blocks)
