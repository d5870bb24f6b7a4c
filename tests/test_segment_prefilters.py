"""The cheap necessary conditions segmentation checks before its costly regexes (issue 19): each
must hold wherever the costly reading it guards would find something, so that skipping it changes
no output. Each is checked against the reading it guards, on real lines and on generated ones."""
from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.notation import markers as mk
from pipeline.segment import zones as z
from pipeline.text import fold

# Real lines of the corpus (and their near misses) around each condition.
LINES = [
    "QUYẾT ĐỊNH", "** KẾ HOẠCH Triển khai", "\u00a0\tNGHỊ ĐỊNHQuy định chi tiết", "Quyết định này có hiệu lực",
    "THÔNG TƯ LIÊN TỊCH", "Lệnh", "LUẬT", "Luật Đất đai", "  * QUY CHẾ làm việc", "ĐỀ ÁN", "Chỉ thị số 05",
    "Điều 5. Hiệu lực thi hành", "1. Mục đích", "a) Thành lập Tổ công tác;", "- Như trên;", "+ Tổ chức",
    "II. NHIỆM VỤ", "Chương I", "Phần thứ hai", "Mục 1. TRÌNH TỰ", "Căn cứ Luật Tổ chức", "Sở Nội vụ chủ trì.",
    "PHÓ THỦ TƯỚNGky]", "[daky] Nguyễn Văn Thắng", "y]Phạm Thị Thanh Trà", "KT. CHỦ TỊCH", "(Đã ký)",
    "PHÓ THỦ TƯỚNG(Đã ký)Nguyễn Hòa Bình", "… PHÓ THỦ TƯỚNG [ĐÃ KÝ] Lê Thành Long", "Thiếu tướng Trương Minh Đương",
    "Nguyễn Văn A", "Đại tá Nguyễn Văn Bình Minh An", "Trần Thị Hồng Nhung Thu Hà Lan", "x ] \u2003 y ]",
]
_NAMES = [name for name, _ in mk._folded_type_names()]
_TEXT = st.lists(st.sampled_from(list(" *\t\u00a0\n\u2003]([)đĐaAzZ.:-–+1IVXkKýÝãÃ") + ["Đã ký", "đã  ký"]),
                 max_size=30).map("".join)
_WORDS = st.lists(st.sampled_from(["Nguyễn", "Văn", "A", "thiếu", "Thiệu", "tướng", "Đại", "tá", "x", " ", "\t", "\u00a0", "\u2003"]),
                  max_size=14).map("".join)


def _type_heading_possible(text: str) -> bool:
    """The condition doc_type_heading reads on the whole text: the folded text opens with a type name."""
    folded = fold(text).strip(" *")
    return any(folded.startswith(f) for _, f in mk._folded_type_names())


def test_only_blank_tab_star_and_nbsp_fold_to_what_doc_type_heading_strips():
    """opens_with_type_name strips on the text what doc_type_heading strips on its folded form."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assert {c for c in chars if fold(c) in (" ", "*")} == set(mk._FOLDS_TO_STRIPPED)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_NAMES), st.sampled_from(["upper", "as is", "lower"]), _TEXT, _TEXT)
def test_type_name_prefilter_holds_where_a_type_name_opens(name, case, before, after):
    name = name.upper() if case == "upper" else name.lower() if case == "lower" else name
    for text in (before + name + after, name + after, before + name, before):
        if _type_heading_possible(text):
            assert mk.opens_with_type_name(text), text
        if not mk.opens_with_type_name(text):
            assert mk.doc_type_heading(text) is None


def test_type_name_prefilter_on_real_lines():
    for text in LINES:
        assert mk.opens_with_type_name(text) == _type_heading_possible(text), text


def _classify_plain(text: str):
    for marker in mk.DIVISIONS:
        if marker.pattern.match(text):
            return marker.kind
    return None


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_one_alternation_of_the_divisions_matches_where_one_of_them_does(text):
    found = mk.classify(text)
    assert (found[0] if found else None) == _classify_plain(text)


def test_division_alternation_on_real_lines():
    for text in LINES:
        found = mk.classify(text)
        assert (found[0] if found else None) == _classify_plain(text), text


def test_any_of_refuses_patterns_of_different_flags():
    try:
        mk.any_of([re.compile("a"), re.compile("b", re.I)])
    except ValueError:
        return
    raise AssertionError("joined patterns of different flags")


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_stamp_and_glued_mark_shortcuts_are_the_subs(text):
    assert z.unstamped(text) == z.STAMP.sub("", text)
    assert z.unglued(text) == z.GLUED_MARK.sub(" ", text)


def test_stamp_and_glued_mark_shortcuts_on_real_lines():
    for text in LINES:
        assert z.unstamped(text) == z.STAMP.sub("", text)
        assert z.unglued(text) == z.GLUED_MARK.sub(" ", text)


def _looks_like_name_plain(text: str) -> bool:
    rank = mk.RANK.search(text)
    words = text[rank.end():].split() if rank else text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


@settings(max_examples=500, deadline=None)
@given(_WORDS)
def test_word_count_shortcut_of_looks_like_name(text):
    assert z.looks_like_name(text) == _looks_like_name_plain(text)


def test_looks_like_name_on_real_lines():
    for text in LINES:
        assert z.looks_like_name(text) == _looks_like_name_plain(text), text


def test_fold_by_list_is_fold_by_table_on_every_character():
    """pipeline.text.fold translates by an array of code points: the same character for character as
    by the table, past the list's end included (translate keeps a character its table lacks)."""
    from pipeline import text

    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert fold(chars) == chars.translate(text._FOLD_TABLE)
    assert len(fold(chars)) == len(chars)


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abn đ", max_size=9), st.text(alphabet="abn đ", max_size=9))
def test_within_one_edit_is_levenshtein_at_most_one(a, b):
    from pipeline.places import _within_one_edit

    assert _within_one_edit(a, b) == (_levenshtein(a, b) <= 1)
    assert _within_one_edit(a, a[:len(a) // 2] + a[len(a) // 2 + 1:])  # one character left out


def test_within_one_edit_on_province_keys():
    from pipeline.places import _within_one_edit

    for a, b in [("lam dong", "lam dong"), ("lam dong", "lam dng"), ("lam dong", "lam dogn"), ("lam dong", "lxm dong"),
                 ("lam dong", "lam dongg"), ("ha noi", "ha nam"), ("", "a"), ("", "")]:
        assert _within_one_edit(a, b) == (_levenshtein(a, b) <= 1), (a, b)
