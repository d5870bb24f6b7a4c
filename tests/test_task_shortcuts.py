"""The task extractors' shortcuts (issue 19, second round): each stands for the reading it skips
or repeats, checked against that reading on real cells and generated ones, so that taking it
changes no output."""
from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import tasks as tk
from pipeline.notation.labels import label_only

# Real cells of the corpus's task tables (and near misses) around each shortcut.
CELLS = [
    "1", "1.", "1.2", "3.23. Xây dựng kế hoạch", "  2) Rà soát", "\u00a0\t4.1 Tổ chức", "07 ngày", "2024. năm",
    "II", "a)", "- Như trên;", "STT", "Nội dung", "Cơ quan chủ trì", "Đơn vị phối hợp", "Cơ quan chủ trì, phối hợp",
    "Thời gian hoàn thành", "Sở Tài chính", "Quý II/2026", "١. Arabic-Indic digit", "٣", "\u2003 5. Em space",
    "Ghi chú", "Kinh phí (triệu đồng)",
]
_CELL = st.lists(st.one_of(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "1", "12", "٣", "۵", "١٢",
                                            ".", ")", "(", "a", "II", "Sở", "-", "+", "•", "đ", " ngày"]),
                           st.characters()), max_size=12).map("".join)


def test_a_row_number_opens_with_a_digit_on_real_cells():
    for text in CELLS:
        if tk._own_number(text) is not None:
            assert text.lstrip()[:1].isdecimal(), text


@settings(max_examples=800, deadline=None)
@given(_CELL)
def test_a_row_number_opens_with_a_digit(text):
    """_may_hold_labels counts the cells opening with a digit: every cell _own_number reads opens so."""
    if tk._own_number(text) is not None:
        assert text.lstrip()[:1].isdecimal()


def test_strip_and_isdecimal_are_what_the_label_pattern_skips_and_reads():
    """str.lstrip() strips what re's \\s matches, and str.isdecimal() is re's \\d (the label pattern's classes)."""
    import re

    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assert {c for c in chars if re.fullmatch(r"\s", c)} == {c for c in chars if not c.lstrip()}
    assert {c for c in chars if re.fullmatch(r"\d", c)} == {c for c in chars if c.isdecimal()}


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=8))
def test_label_share_under_the_bound(cells):
    """Where _may_hold_labels says no, under 60% of the cells open with a row number."""
    if not tk._may_hold_labels(cells):
        assert sum(tk._own_number(x) is not None for x in cells) / len(cells) < 0.6


def test_stt_share_is_label_only_share():
    cells = ["1", "2.", "II", "a)", "Sở Tài chính", "1.2 Rà soát"]
    assert tk._stt_share(cells) == sum(label_only(x) is not None for x in cells) / len(cells) == 4 / 6
    assert tk._stt_share([]) == 0.0


def _sentence_case_before(text: str) -> str:
    """pipeline.text.sentence_case as it was (letters counted one by one in Python)."""
    import re

    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        low = " ".join(w if re.search(r"[\d/]", w) else w.lower() for w in text.split(" "))
        return low[:1].upper() + low[1:]
    return text


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(st.sampled_from(["KẾ HOẠCH", "Triển khai", "SỐ 06/QĐ-TTG", " ", "Ⅰ", "Ⓐ",
                                                                 "ǅ", "ᾈ", "1", "năm 2026", "ß"]), max_size=8).map("".join)))
def test_sentence_case_as_before(text):
    """Counting letters with filter and map (C loops) gives what the Python loops gave."""
    from pipeline.text import sentence_case

    assert sentence_case(text) == _sentence_case_before(text)
