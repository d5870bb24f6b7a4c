"""Issue 14: tables that a text extraction flattened one cell fragment per line, rebuilt
(pipeline/readers/flattables.py). Cases are excerpts of the gazette's text versions in
../shared/corpus/congbao-8chude/txt; the corpus-wide measures are in test_flat_tables_corpus.py."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.readers.flattables import Columns, _Labels, column_kinds, find_header, parse_flat_table, pieces, split_cells
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
    rows = [[c.text.replace("\n", " ") for c in row] for row in flat.table.rows]
    assert rows[0] == ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"]
    assert rows[1][0] == "I" and flat.table.rows[1][2].merged_from == (1, 1)  # a group row spanning the table
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
    got = [(t["label"], t["lead"], t["deadline"]["raw"]) for t in doc.tasks if t["source"] == "table"]
    assert got == [("1", ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"], "Thường xuyên"),
                   ("2", ["Bộ Nội vụ"], "Quý II/2026")]
    assert doc.tasks[0]["groups"] == ["I. Thực hiện hiệu quả công tác giáo dục chính trị, tư tưởng, thông tin, tuyên truyền"]


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
    labels = _Labels()
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
            for row in b.table.rows:
                for cell in row:
                    assert set(re.findall(r"\w+", cell.text)) <= words
