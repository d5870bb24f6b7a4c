"""Issue 14: tables that a text extraction flattened one cell fragment per line, rebuilt
(pipeline/readers/flattables.py). Cases are excerpts of the gazette's text versions in
../shared/corpus/congbao-8chude/txt; the corpus-wide measures are in test_flat_tables_corpus.py."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.readers.flattables import Columns, Labels, column_kinds, find_header, parse_flat_table, pieces, split_cells
from pipeline.readers.lines import split_lines
from pipeline.readers.txt import _mark_pages, read_text


def _lines(text: str):
    lines = split_lines(text)
    _mark_pages(lines)
    return lines


# nghi-quyet-so-116-nq-cp-469463.txt, lines 341-347: "Cơ quan chủ" / "trì thực hiện" is one header cell
HEADER_116 = "TT \nNội dung, nhiệm vụ \nCơ quan chủ \ntrì thực hiện \nCơ quan  \nphối hợp \nThời gian \nI \n"
# nghi-quyet-so-109-nq-cp-469403.txt, lines 2439-: a header in capitals, cells over two lines
HEADER_109 = "TT \nNHIỆM VỤ \nTHỜI HẠN \nHOÀN THÀNH \nCƠ QUAN CHỦ TRÌ \nCƠ QUAN PHỐI HỢP \nI \n"
# nghi-quyet-so-109-nq-cp-469403.txt, lines 4029-: "CƠ QUAN PHỐI" opens a column, "CẤP TRÌNH/" too
HEADER_109B = "TT \nNHIỆM VỤ CỤ THỂ \nCƠ QUAN \nCHỦ TRÌ \nCƠ QUAN PHỐI \nHỢP \nTHỜI HẠN \nTHỰC HIỆN \nCẤP TRÌNH/ \nPHÊ DUYỆT \nI \n"


@pytest.mark.parametrize("text, cells, roles", [
    (HEADER_116, ["TT", "Nội dung, nhiệm vụ", "Cơ quan chủ trì thực hiện", "Cơ quan phối hợp", "Thời gian"],
     ["label", "text", "lead", "cooperating", "deadline"]),
    (HEADER_109, ["TT", "NHIỆM VỤ", "THỜI HẠN HOÀN THÀNH", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP"],
     ["label", "text", "deadline", "lead", "cooperating"]),
    (HEADER_109B, ["TT", "NHIỆM VỤ CỤ THỂ", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP", "THỜI HẠN THỰC HIỆN", "CẤP TRÌNH/ PHÊ DUYỆT"],
     ["label", "text", "lead", "cooperating", "deadline", None]),
])
def test_header_cells_wrapped_over_lines(text, cells, roles):
    h = find_header(_lines(text), 0)
    assert h is not None and h.cells == cells and h.roles == roles


@pytest.mark.parametrize("text", [
    "TT \nHọ và tên \nNgày sinh \n1 \n",  # one known column is no assignment table
    "STT \nTên thủ tục hành chính \nCơ quan thực hiện \nPhí, lệ phí \n1 \n",  # a catalogue of procedures
    "TT \nTổ chức thực hiện các nhiệm vụ được giao tại Kế hoạch này theo đúng quy định \n",
])
def test_no_header(text):
    assert find_header(_lines(text), 0) is None


# nghi-quyet-so-105-nq-cp-469364.txt, lines 339-420 (shortened): a group row, two rows, the running head,
# the page number and the header repeated between them, a row cut by the page break
TABLE_105 = """CÔNG BÁO/Số 242/Ngày 22-04-2026 
77 
TT 
Nội dung công việc 
Cơ quan      
chủ trì 
Cơ quan 
phối hợp 
Thời hạn 
hoàn thành 
I 
Thực hiện hiệu quả công tác giáo dục chính trị, tư tưởng, thông tin, tuyên truyền 
1 
Tăng cường công tác lãnh đạo, chỉ đạo 
việc quán triệt, thực hiện Kết luận số 210-
KL/TW; tiếp tục đẩy mạnh công tác 
thông tin, tuyên truyền, nâng cao nhận 
Các bộ, cơ 
quan ngang 
bộ, Ủy ban 
nhân dân các 
Các bộ, 
ngành, cơ 
quan liên 
quan 
Thường xuyên 
 
CÔNG BÁO/Số 242/Ngày 22-04-2026 
78 
 
TT 
Nội dung công việc 
Cơ quan      
chủ trì 
Cơ quan 
phối hợp 
Thời hạn 
hoàn thành 
thức, trách nhiệm của các bộ, ngành, cơ 
quan, tổ chức, đơn vị 
tỉnh, thành 
phố trực thuộc 
trung ương 
2 
Tham mưu cấp có thẩm quyền xem xét, 
quyết định biểu dương, khen thưởng 
Bộ Nội vụ 
Các bộ, 
ngành, cơ 
quan liên 
quan 
Quý II/2026 
"""


def test_table_rebuilt_across_a_page_break():
    lines = _lines(TABLE_105)
    flat = parse_flat_table(lines, find_header(lines, 2))
    rows = [[c.text.replace("\n", " ") for c in row] for row in flat.table.grid()]
    assert rows[0] == ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"]
    assert rows[1][0] == "I" and flat.table.grid()[1][2].covered and flat.table.grid()[1][2].origin == (1, 1)  # a group row spanning the table
    assert rows[2] == ["1", "Tăng cường công tác lãnh đạo, chỉ đạo việc quán triệt, thực hiện Kết luận số 210-KL/TW; "
                       "tiếp tục đẩy mạnh công tác thông tin, tuyên truyền, nâng cao nhận thức, trách nhiệm của các bộ, "
                       "ngành, cơ quan, tổ chức, đơn vị",
                       "Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                       "Các bộ, ngành, cơ quan liên quan", "Thường xuyên"]
    assert rows[3] == ["2", "Tham mưu cấp có thẩm quyền xem xét, quyết định biểu dương, khen thưởng", "Bộ Nội vụ",
                       "Các bộ, ngành, cơ quan liên quan", "Quý II/2026"]
    assert flat.end == len(lines) - 1


def test_tasks_from_a_flattened_table():
    from extractors import extract_all
    from pipeline.model import Document, Source
    from pipeline.segment import segment

    notes: list[str] = []
    text = "KẾ HOẠCH\nThực hiện Nghị quyết\n" + TABLE_105
    blocks, _ = read_text(text, notes)
    doc = Document(Source("x.txt", "0" * 64, "txt"), blocks, text)
    segment(doc)
    extract_all(doc)
    got = [(t.label, t.lead, t.deadline.raw) for t in doc.tasks if t.source == "table"]
    assert got == [("1", ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"], "Thường xuyên"),
                   ("2", ["Bộ Nội vụ"], "Quý II/2026")]
    assert doc.tasks[0].groups == ["I. Thực hiện hiệu quả công tác giáo dục chính trị, tư tưởng, thông tin, tuyên truyền"]


def test_without_notes_the_text_reader_keeps_paragraphs():
    """The PDF reader calls read_text on its text layer without notes: no table recovery there."""
    blocks, _ = read_text(TABLE_105)
    assert all(b.kind != "table" for b in blocks)


@pytest.mark.parametrize("seen, label, ok", [
    ([], "1", True), ([], "2", False), (["1"], "2", True), (["1"], "3", False), (["1"], "1.1", True),
    (["1", "1.1"], "1.2", True), (["1", "1.1", "1.2"], "2", True), (["1", "1.1", "1.2"], "2.1", True), (["1", "1.1", "1.2"], "1.4", False), (["1", "1.1"], "2.2", False), (["I"], "1", True), (["I", "1"], "II", True),
    (["I", "1", "2"], "1", False), (["I", "1", "2", "II"], "1", True), (["I", "1", "2", "II"], "3", True), (["1"], "a", True),
    (["1", "a"], "b", True), (["1", "a"], "c", False), (["1"], "-", True), ([], "-", False),
])
def test_a_label_follows_the_labels_before_it(seen, label, ok):
    labels = Labels()
    for s in seen:
        assert labels.accepts(s)
        labels.take(s)
    assert labels.accepts(label) is ok


@pytest.mark.parametrize("line, out", [
    # quyet-dinh 109: lead and cooperating on one baseline
    ("Bộ Nông nghiệp và Môi trường Các bộ, cơ quan, địa", ["Bộ Nông nghiệp và Môi trường", "Các bộ, cơ quan, địa"]),
    ("2026 - 2030 Quốc hội", ["2026 - 2030", "Quốc hội"]),
    ("Bộ Công an, Bộ Quốc phòng", ["Bộ Công an, Bộ Quốc phòng"]),  # inside a list of names
    ("Bộ Tài chính và Bộ Xây dựng", ["Bộ Tài chính và Bộ Xây dựng"]),  # after a linking word
])
def test_pieces_of_a_line(line, out):
    assert pieces(line) == out


def test_split_by_column_kinds():
    # quyet-dinh-so-844-qd-ttg-469526.txt, row 29
    texts = ["Tăng cường ứng dụng trí tuệ nhân tạo, dữ liệu", "lớn để kiểm soát kê đơn thuốc, chỉ định thiết",
             "bị y tế, chỉ định dịch vụ kỹ thuật khám bệnh,", "chữa bệnh.", "Bộ Y tế", "Bộ Tài chính, Ủy",
             "ban nhân dân cấp", "tỉnh, cơ sở khám", "bệnh, chữa bệnh,", "cơ quan, đơn vị", "liên quan",
             "Các", "hoạt", "động", "được triển khai", "Thường xuyên"]
    kinds = column_kinds(["text", "lead", "cooperating", "product", "deadline"])
    spans, _ = split_cells(texts, Columns(kinds, [48, 12, 18, 16, 14], set(), [-6.0, -2.0, -0.8, -0.8, -1.5]))
    assert spans == [(0, 4), (4, 5), (5, 11), (11, 15), (15, 16)]


# Rows of the gazette's text versions, split into cells (issue 14's splits inside a cell's words):
# (the row's lines, the kinds of its columns' roles, their widths, the lines of each cell)
@pytest.mark.parametrize("texts, glued, roles, widths, cells", [
    # nghi-quyet-so-109-nq-cp-469403.txt, row 27 of Phụ lục II: "Các tỉnh, thành phố" is the cooperating agency
    (["Thành lập Cổng đầu tư một cửa quốc gia", "2026", "Bộ Tài chính", "Các tỉnh, thành phố"], None,
     ["text", "deadline", "lead", "cooperating"], [67, 13, 31, 26], [1, 1, 1, 1]),
    # nghi-quyet-so-109-nq-cp-469403.txt, Phụ lục III row 2: "Tháng 4/2027" is whole before "Ban Chấp hành"
    (["Bộ Nội vụ", "Các bộ, ngành, các", "tỉnh, thành phố", "Tháng 4/2027", "Ban Chấp hành", "Trung ương", "Đảng"], None,
     ["lead", "cooperating", "deadline", None], [15, 19, 11, 9], [1, 2, 1, 3]),
    # quyet-dinh-so-982-qd-ttg-469699.txt, row 2.1: the product does not open with "Cơ quan, tổ chức,"
    (["Bộ Khoa học và", "Công nghệ", "Bộ Tài chính", "Cơ quan, tổ chức,", "doanh nghiệp liên", "quan", "Đề xuất các chính",
      "sách cụ thể, công", "bố các sản phẩm", "Make in Viet Nam", "có tiềm năng xuất", "khẩu", "Nhiệm vụ thường", "xuyên"],
     None, ["lead", "cooperating", "product", "deadline"], [15, 18, 18, 15], [2, 4, 6, 2]),
    # quyet-dinh-so-844-qd-ttg-469526.txt, row 1: "Các" / "bộ" / "ở" / "Trung ương," opens the lead
    (["hoạch về bảo hiểm y tế.", "Các", "bộ", "ở", "Trung ương,", "Ủy ban nhân", "dân cấp tỉnh ở", "địa phương"], None,
     ["text", "lead"], [44, 15], [1, 7]),
])
def test_split_inside_and_across_lines(texts, glued, roles, widths, cells):
    kinds = column_kinds(roles)
    empty = [-6.0 if r == "text" else -2.0 if r == "lead" else -1.5 for r in roles]
    more = [-0.3 if r == "lead" else 0.0 for r in roles]
    spans, _ = split_cells(texts, Columns(kinds, widths, set(), empty, more), glued=glued)
    assert [b - a for a, b in spans] == cells


@pytest.mark.parametrize("text, title, number, later", [
    ("I. Đổi mới mạnh mẽ tư duy", ("I", "Đổi mới mạnh mẽ tư duy"), None, False),
    ("II NHIỆM VỤ", ("II", "NHIỆM VỤ"), None, False),
    ("2.3 Thực hiện chuyển đổi số", None, ("2.3", "Thực hiện chuyển đổi số"), False),
    ("1. Rà soát, sửa đổi", None, ("1", "Rà soát, sửa đổi"), False),
    ("2. Bộ Tư pháp", None, ("2", "Bộ Tư pháp"), True),
    ("(3) Bộ Công an", None, None, True),
    ("1 điều", None, None, False),  # a count in a cell, not a row
    ("900.000 đồng/trường hợp", None, None, False),
    ("In ấn tài liệu", None, None, False),
    ("20. Bộ Y tế", None, ("20", "Bộ Y tế"), False),
])
def test_row_labels_through_the_notation(text, title, number, later):
    from pipeline.readers.flattables import later_item, number_text, roman_title

    assert (roman_title(text), number_text(text), later_item(text)) == (title, number, later)


@given(st.text(alphabet="0123456789.()IVX abcĐđRà", max_size=12))
def test_row_labels_agree_with_parse_label(text):
    from pipeline.notation.labels import parse_label
    from pipeline.readers.flattables import number_text, roman_title

    for got in (roman_title(text), number_text(text)):
        assert got is None or got[0] == parse_label(text).value


_WORDS = st.sampled_from(["TT", "STT", "Nội dung", "Cơ quan", "chủ trì", "phối hợp", "Thời gian", "1", "2", "I", "II", "-",
                          "Bộ Tài chính", "Các bộ, cơ", "quan liên quan", "Quý II/2026", "Thường xuyên", "",
                          "CÔNG BÁO/Số 1/Ngày 01-01-2024", "27", "Phụ lục II", "Rà soát, sửa đổi các quy định"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, st.text(max_size=20)), max_size=50))
def test_recovery_never_raises_nor_invents(parts):
    """Whatever the lines, a rebuilt table holds only words of the source, and offsets stay inside it."""
    text = "\n".join(parts)
    blocks, _ = read_text(text, [])
    words = set(re.findall(r"\w+", text))
    for b in blocks:
        assert 0 <= b.loc.start <= b.loc.end <= len(text)
        if b.table is not None:
            for row in b.table.grid():
                for cell in row:
                    assert set(re.findall(r"\w+", cell.text)) <= words


# ---- catalogues of documents, glued headers, lead columns merged over sub-rows -------------------

def test_catalogue_column_examples():
    """Each example of pipeline/data/catalogue_columns.csv names its role (data as data)."""
    import csv
    from importlib import resources

    from pipeline.readers.flattables import column_role

    text = resources.files("pipeline.data").joinpath("catalogue_columns.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))
    assert rows
    for row in rows:
        assert column_role(row["example"]) == row["role"], row


# quyet-dinh-so-225-qd-bldtbxh-41601.txt, lines 121-155: a catalogue of the documents in force; the
# number and its date wrap over two lines of their column
CATALOGUE_225 = """TT 
Tên loại 
văn bản 
Số, ký hiệu; ngày, tháng, 
năm ban hành VB 
Trích yếu nội dung của văn bản 
Ngày 
có hiệu lực
Ghi chú 
I. LĨNH VỰC GIÁO DỤC NGHỀ NGHIỆP 
1 
Luật 
Số 74/2014/QH13       
ngày 27/11/2014  
Luật giáo dục nghề nghiệp 
01/7/2015 
 
2 
Nghị định 
Số 33/1998/NĐ-CP 
ngày 23/5/1998 
Về việc thành lập Tổng cục dạy 
nghề thuộc Bộ Lao động - Thương 
binh và Xã hội  
07/6/1998 
 
3 
Nghị định 
Số 31/2015/NĐ-CP       
ngày 24/3/2015 
Quy định chi tiết thi hành một số 
điều của Luật Việc làm về đánh 
giá, cấp chứng chỉ kỹ năng nghề 
quốc gia 
15/5/2015 
"""


def test_catalogue_rows_split_by_number_and_date_columns():
    lines = _lines(CATALOGUE_225)
    h = find_header(lines, 0)
    assert h is not None and h.roles == ["label", "doctype", "number", "text", "date", "note"]
    flat = parse_flat_table(lines, h)
    rows = [[c.text for c in r] for r in flat.table.grid()[2:4]]
    assert rows == [
        ["1", "Luật", "Số 74/2014/QH13 ngày 27/11/2014", "Luật giáo dục nghề nghiệp", "01/7/2015", ""],
        ["2", "Nghị định", "Số 33/1998/NĐ-CP ngày 23/5/1998",
         "Về việc thành lập Tổng cục dạy nghề thuộc Bộ Lao động - Thương binh và Xã hội", "07/6/1998", ""],
    ]


def test_catalogue_references_keep_their_dates(tmp_path):
    """The references of the rebuilt catalogue carry the date standing in the number's column."""
    from pipeline.convert import convert

    path = tmp_path / "catalogue.txt"
    path.write_text(CATALOGUE_225, encoding="utf-8")
    refs = {r["number"]: r["issued_date"] for r in convert(str(path))["references"] if r.get("number")}
    assert refs == {"74/2014/QH13": "2014-11-27", "33/1998/NĐ-CP": "1998-05-23", "31/2015/NĐ-CP": "2015-03-24"}


# quyet-dinh-so-169-qd-bldtbxh-44203.txt, lines 381-385 and 400-416: a header whose first line glues the
# label column's name to the next two, repeated so at the top of the next page
GLUED_169 = """STT Văn bản hết hiệu lực một phần Nội dung, quy định 
hết hiệu lực 
Lý do hết hiệu lực 
Ngày hết 
hiệu lực 
1 
Thông tư số 34/2018/TT-BLĐTBXH ngày 26/12/2018 
của Bộ trưởng Bộ Lao động - Thương binh và Xã hội ban 
Điều 4 
Được bãi bỏ bởi Thông tư số  05/2024/ 
TT-BLĐTBXH ngày 10/5/2024 của Bộ 
25/6/2024 

 
55
   
CÔNG BÁO/Số 361 + 362/Ngày 28-02-2025 
     55 
STT Văn bản hết hiệu lực một phần Nội dung, quy định 
hết hiệu lực 
Lý do hết hiệu lực 
Ngày hết 
hiệu lực 
2 
Thông tư số 07/2023/TT-BLĐTBXH ngày 28/8/2023 
của Bộ trưởng Bộ Lao động - Thương binh và Xã hội 
Khoản 1 Điều 1 
Được sửa đổi, bổ sung bởi Thông tư số 10/2024/TT-BLĐTBXH 
10/12/2024 
"""


def test_glued_header_and_its_repeat_at_a_page_top():
    lines = _lines(GLUED_169)
    h = find_header(lines, 0)
    assert h is not None and h.cells == ["STT", "Văn bản hết hiệu lực một phần", "Nội dung, quy định hết hiệu lực",
                                         "Lý do hết hiệu lực", "Ngày hết hiệu lực"]
    assert h.roles == ["label", "citation", "text", "reason", "date"]
    flat = parse_flat_table(lines, h)
    assert [r[0].text for r in flat.table.grid()[1:]] == ["1", "2"]  # one table: the page number and head skipped
    assert all(r[4].text in ("25/6/2024", "10/12/2024") for r in flat.table.grid()[1:])


def test_same_header_with_numbering_starting_again_opens_a_new_table():
    """A header repeated where the rows are numbered from 1 again is a second table, and the text
    between the two is not a cell of the first's last row."""
    one = ("TT \nNội dung \nCơ quan chủ trì \nThời gian \n1 \nRà soát các quy định \nSở Tư pháp \nQuý I/2026 \n"
           "2 \nTổng kết việc thực hiện \nSở Nội vụ \nQuý IV/2026 \n")
    lines = _lines(one + one.replace("Rà soát", "Kiểm tra"))
    first = parse_flat_table(lines, find_header(lines, 0))
    assert [r[0].text for r in first.table.grid()[1:]] == ["1", "2"]
    assert find_header(lines, first.end) is not None


def test_recipients_after_a_table_end_it():
    """"Nơi" / "nhận:" on two lines (a narrow column) is what follows the table, not a row."""
    lines = _lines("TT \nNội dung \nCơ quan chủ trì \nThời gian \n1 \nRà soát các quy định \nSở Tư pháp \nQuý I/2026 \n"
                   "Nơi \nnhận: \n- \nBộ Nội vụ; \n")
    flat = parse_flat_table(lines, find_header(lines, 0))
    assert flat.table.nrows == 2 and lines[flat.end].text.strip() == "Nơi"


@pytest.mark.parametrize("cell, paragraphs", [
    # quyet-dinh-so-982-qd-ttg-469699.txt, row 5.2: two agencies, the second wrapped over three lines
    (["Bộ Tài chính", "Cơ quan, tổ chức,", "doanh nghiệp liên", "quan"],
     ["Bộ Tài chính", "Cơ quan, tổ chức, doanh nghiệp liên quan"]),
    # one agency wrapped after "và"
    (["Bộ Khoa học và", "Công nghệ"], ["Bộ Khoa học và Công nghệ"]),
    # nghi-quyet-so-175-nq-cp-40286.txt: a numbered list of agencies
    (["(1) Bộ Tư pháp", "(2) Văn phòng Chính phủ", "(3) Bộ Công an"],
     ["(1) Bộ Tư pháp", "(2) Văn phòng Chính phủ", "(3) Bộ Công an"]),
    # nghi-quyet-so-116-nq-cp-469463.txt, row 1: one body over three short lines
    (["Ban Chỉ huy", "PTDS", "các cấp"], ["Ban Chỉ huy PTDS các cấp"]),
    # Ke hoach tuyen truyen CCHC (a DOCX plan flattened): an official's title alone on its line
    (["Lãnh đạo", "Sở Y tế"], ["Lãnh đạo Sở Y tế"]),
])
def test_agency_cell_paragraphs(cell, paragraphs):
    from pipeline.readers.flattables import agency_paragraphs

    assert agency_paragraphs(cell, Columns(["agency"], [20])) == paragraphs


# nghi-quyet-so-175-nq-cp-40286.txt, lines 1093-1196 (shortened): the lead column merged over the
# sub-rows of each number, written once at its middle ("1" / "Bộ Thông tin và" / "Truyền thông")
LEAD_FIRST_175 = """STT 
Đơn vị 
Nhiệm vụ chủ trì 
Đơn vị phối hợp 
Thời gian  
hoàn thành 
Tham mưu Chính phủ ban hành Nghị định 
quy định danh mục cơ sở dữ liệu quốc gia 
(1) Bộ Tư pháp 
(2) Văn phòng Chính phủ 
Quý IV/2023  
Ban hành hoặc trình cấp có thẩm quyền 
ban hành Khung kiến trúc Chính phủ điện 
tử 3.0 
Văn phòng Chính phủ 
Quý IV/2023 
1 
Bộ Thông tin và 
Truyền thông 
Tham mưu, trình cấp có thẩm quyền ban 
hành quy định về tiêu chuẩn về kết nối, 
chia sẻ dữ liệu giữa các cơ quan nhà nước 
(1) Văn phòng Chính phủ 
(2) Bộ Công an 
Quý I/2024 
Tuyên truyền, phổ biến tới người dân tầm 
quan trọng của xây dựng Trung tâm dữ 
liệu quốc gia 
(1) Bộ Thông tin và Truyền 
thông 
(2) VTV, VOV 
Thường xuyên 
Rà soát, đánh giá các luật có quy định liên 
quan đến cơ sở dữ liệu quốc gia 
(1) Bộ Tư pháp 
(2) Các bộ, ngành, địa phương
Thường xuyên 
2 
Bộ Công an 
Tham mưu, trình cấp có thẩm quyền ban 
hành quy định về quy chế quản lý, khai 
thác Trung tâm dữ liệu quốc gia 
(1) Bộ Thông tin và Truyền 
thông 
(2) Các bộ, ngành, địa phương
Tháng 9/2024 
"""


def test_lead_merged_over_sub_rows():
    """Sub-rows above the first number and below the last take theirs, and (the cells being centred)
    so do those right next to a number; the one between that could be under either keeps no number
    and no lead, with a warning naming both."""
    lines = _lines(LEAD_FIRST_175)
    h = find_header(lines, 0)
    assert h.roles == ["label", "unit", "text", "cooperating", "deadline"]
    flat = parse_flat_table(lines, h)
    got = [(r[0].text, r[1].text, r[2].text[:20], r[4].text) for r in flat.table.grid()[1:]]
    assert got == [
        ("1", "Bộ Thông tin và Truyền thông", "Tham mưu Chính phủ b", "Quý IV/2023"),
        ("1", "Bộ Thông tin và Truyền thông", "Ban hành hoặc trình ", "Quý IV/2023"),
        ("1", "Bộ Thông tin và Truyền thông", "Tham mưu, trình cấp ", "Quý I/2024"),
        ("", "", "Tuyên truyền, phổ bi", "Thường xuyên"),
        ("2", "Bộ Công an", "Rà soát, đánh giá cá", "Thường xuyên"),
        ("2", "Bộ Công an", "Tham mưu, trình cấp ", "Tháng 9/2024"),
    ]
    assert [r[1].origin if r[1].covered else None for r in flat.table.grid()[1:4]] == [None, (1, 1), (1, 1)]
    assert any("between rows 1 (Bộ Thông tin và Truyền thông) and 2 (Bộ Công an)" in w for w in flat.warnings)


def test_page_number_above_the_running_head():
    from pipeline.readers.flattables import is_page_number

    # nghi-quyet-so-175-nq-cp-40286.txt, lines 1134-1145
    lines = _lines("CÔNG BÁO/Số 1091 + 1092/Ngày 03-11-2023 \nQuý I/2024 \n\n \n \n75\n75 \n   \n \n"
                   "CÔNG BÁO/Số 1091 + 1092/Ngày 03-11-2023 \n     75\nSTT \n2 \nBộ Công an \n")
    assert [is_page_number(lines, k) for k in (1, 5, 6, 10, 12)] == [False, True, True, True, False]
