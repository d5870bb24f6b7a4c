"""The one numbering-label parser: table-driven cases from real corpus sentences, and properties."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.notation.labels import ROW_KINDS, label_only, parse_label

# (text as found in the corpus, kind, value, depth, mark, the text after the label)
CASES = [
    ("3.23. Xây dựng cơ sở dữ liệu hộ tịch điện tử", "decimal", "3.23", 2, ".", "Xây dựng cơ sở dữ liệu hộ tịch điện tử"),
    ("1.1 Rà soát, đánh giá thủ tục hành chính", "decimal", "1.1", 2, "", "Rà soát, đánh giá thủ tục hành chính"),
    ("2) Sở Tài chính chủ trì, phối hợp", "decimal", "2", 1, ")", "Sở Tài chính chủ trì, phối hợp"),
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "roman", "II", 1, ".", "NHIỆM VỤ VÀ GIẢI PHÁP"),
    ("XIV", "roman", "XIV", 1, "", ""),
    ("a) Thành lập Tổ công tác;", "letter", "a", 1, ")", "Thành lập Tổ công tác;"),
    ("đ) Các sở, ban, ngành", "letter", "đ", 1, ")", "Các sở, ban, ngành"),
    ("B. CÁC DỰ ÁN KHỞI CÔNG MỚI", "capital", "B", 1, ".", "CÁC DỰ ÁN KHỞI CÔNG MỚI"),
    ("(1) Bộ Tư pháp", "paren", "1", 1, "", "Bộ Tư pháp"),
    ("- Như trên;", "dash", "-", 1, "", "Như trên;"),
    ("– Lưu: VT, NC.", "dash", "–", 1, "", "Lưu: VT, NC."),
    ("• Tổ chức tập huấn", "dash", "•", 1, "", "Tổ chức tập huấn"),
    ("+ Tổ chức hội nghị sơ kết", "plus", "+", 1, "", "Tổ chức hội nghị sơ kết"),
    ("* Ghi chú: số liệu ước", "star", "*", 1, "", "Ghi chú: số liệu ước"),
    ("1.1 ...................", "decimal", "1.1", 2, ".", ".................."),
]


@pytest.mark.parametrize("text, kind, value, depth, mark, rest", CASES, ids=[c[0][:24] for c in CASES])
def test_label_cases(text, kind, value, depth, mark, rest):
    label = parse_label(text)
    assert label is not None, text
    assert (label.kind, label.value, label.depth, label.mark, text[label.rest:]) == (kind, value, depth, mark, rest)


@pytest.mark.parametrize("text", [
    "Cục Thuế tỉnh", "2024. Năm tổng kết", "In ấn tài liệu", "1a", "Ủy ban nhân dân", "", "   ", "VIIIIIII. x",
    "1.2345 triệu đồng", "ii) nội dung",
])
def test_not_labels(text):
    assert parse_label(text) is None


def test_a_number_is_three_digits_unless_asked():
    assert parse_label("0101. Dân số trẻ em") is None
    assert parse_label("0101. Dân số trẻ em", digits=4).value == "0101"


@pytest.mark.parametrize("text, bare", [("1.2.", True), ("II", True), ("a)", True), (" 1 . ", True),
                                        ("07 ngày", False), ("Cục", False)])
def test_label_only(text, bare):
    assert (label_only(text) is not None) is bare


_PARTS = st.lists(st.integers(0, 999), min_size=1, max_size=4)


@given(_PARTS, st.sampled_from(["", ".", ")"]), st.sampled_from(["", " ", "  "]), st.text(max_size=20))
def test_decimal_round_trip(parts, mark, space, rest):
    """A written decimal label parses back to its parts, its mark and where the text after it starts."""
    value = ".".join(map(str, parts))
    text = f"{value}{mark}{space}{rest}"
    label = parse_label(text)
    if not mark and not space and rest[:1].isalnum():
        assert label is None or label.value != value  # runs on into a word: "1a" is no label
        return
    if not mark and (space + rest).lstrip()[:1] in (".", ")") or mark == "." and not space and rest[:1].isdigit():
        return  # the rest supplies the mark ("1" + ".x", "1" + " )") or goes on with the number ("1." + "2")
    assert label is not None and label.kind == "decimal"
    assert (label.value, label.depth, label.mark) == (value, len(parts), mark)
    assert label.end == len(value) + len(mark) and label.start == 0
    assert text[label.rest:] == text[label.end:].lstrip()


@given(st.text(max_size=30))
def test_offsets_are_in_order(text):
    """Any text: no error, and start ≤ value end ≤ end ≤ rest ≤ length; a bare label has nothing after it."""
    label = parse_label(text)
    if label is None:
        return
    assert 0 <= label.start < label.value_end <= label.end <= label.rest <= len(text)
    assert label.bare == (text[label.end:].strip() == "")
    assert label.kind in ROW_KINDS | {"capital", "paren", "dash", "plus", "star"}


@given(st.sampled_from(["I", "II", "III", "IV", "V", "IX", "XII", "XIV"]), st.sampled_from([".", ")", ""]))
def test_roman_labels(numeral, mark):
    label = label_only(f"{numeral}{mark}")
    assert label is not None and (label.kind, label.value) == ("roman", numeral)


# labels_end: where a sentence's words begin after the numbering it opens with (effect.py reads acts
# from there); (sentence as found in the corpus, its words)
OPENINGS = [
    ("2. Bãi bỏ Thông tư số 26/2011/TT-BKHCN ngày 04 tháng 10 năm 2011", "Bãi bỏ Thông tư số 26/2011/TT-BKHCN ngày 04 tháng 10 năm 2011"),
    ("a) Sửa đổi, bổ sung khoản 1 Điều 7 như sau:", "Sửa đổi, bổ sung khoản 1 Điều 7 như sau:"),
    ("- Bãi bỏ thủ tục hành chính.", "Bãi bỏ thủ tục hành chính."),
    ("Điều 6. Hiệu lực thi hành", "Hiệu lực thi hành"),
    ("Điều 3. 1. Quyết định này có hiệu lực kể từ ngày ký.", "Quyết định này có hiệu lực kể từ ngày ký."),
    ("Quyết định này có hiệu lực kể từ ngày ký.", "Quyết định này có hiệu lực kể từ ngày ký."),
    ("2.775.718 tài khoản định danh điện tử", "2.775.718 tài khoản định danh điện tử"),  # a number, not a label
    ("1.1 Rà soát, đánh giá thủ tục hành chính", "1.1 Rà soát, đánh giá thủ tục hành chính"),  # no mark: no clause
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "II. NHIỆM VỤ VÀ GIẢI PHÁP"),  # a section's heading opens no sentence of an article
]


@pytest.mark.parametrize("text, words", OPENINGS, ids=[c[0][:24] for c in OPENINGS])
def test_labels_end(text, words):
    from pipeline.notation.markers import labels_end

    assert text[labels_end(text):] == words


@given(st.text(alphabet="Điều 0123456789.):-–+•a bcđxII\t", max_size=30))
def test_labels_end_takes_every_label_at_once(text):
    from pipeline.notation.markers import labels_end

    end = labels_end(text)
    assert 0 <= end <= len(text) and labels_end(text[end:]) == 0
