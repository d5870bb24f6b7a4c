"""Issue 19, third round (segmentation and tasks): each shortcut against the code it replaces, on
generated inputs and real lines, so that taking it changes no output."""
from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import text as text_mod
from pipeline.model import Cell
from pipeline.notation import markers as mk
from pipeline.segment import signature as sg
from pipeline.segment.zones import CAPACITY_OPENS, SIGN_POSITION

_PARAGRAPH = st.lists(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\u200b", "Sở", "a", "1", "-"]), max_size=5).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_PARAGRAPH, st.text(max_size=6)), max_size=4))
def test_cell_text_is_the_join_of_its_filled_paragraphs(paragraphs):
    """Cell.text's lone-paragraph case is the join it stands for, blank paragraphs ("\\u00a0") left out."""
    assert Cell(0, 0, paragraphs).text == "\n".join(p for p in paragraphs if p.strip())


# Real lines of the corpus's closings and bodies, and near misses.
LINES = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Tm. Ủy ban nhân dân", "KT. Chủ tịch", "CHỦ TỊCH",
         "PHÓ THỦ TƯỚNG", "TL. BỘ TRƯỞNG", "Q. GIÁM ĐỐC", "T/M BAN THƯỜNG VỤ", "Nguyễn Văn A", "NƠI NHẬN:",
         "Giao Sở Tài chính chủ trì", "CHỦ TỊCH Ủy ban", "KT.", "TM . HỘI ĐỒNG NHÂN DÂN", "QUYẾT ĐỊNH:", ""]
_LINE = st.lists(st.sampled_from(["TM", "KT", ".", " ", "CHỦ", "TỊCH", "PHÓ", "Chủ", "tịch", "THỦ TƯỚNG", "Q", "/",
                                  "a", "Ủy", "BAN", "1"]), max_size=8).map("".join)


def _opens_before(line: str) -> bool:
    """signature._opens as it was: the capitals counted before the patterns (a capacity's abbreviation
    alone, CAPACITY_OPENS, opens the block since the header audit: "KT." over "CHỦ TỊCH")."""
    return len(line) <= 80 and mk.is_caps(line) and bool(mk.SIGN_CAPACITY.match(line) or CAPACITY_OPENS.match(line)
                                                          or SIGN_POSITION.match(line))


@settings(max_examples=600, deadline=None)
@given(st.one_of(_LINE, st.sampled_from(LINES)))
def test_signature_opening_tests_the_patterns_first_with_the_same_answer(line):
    assert sg._opens(line) == _opens_before(line)


def test_what_clean_space_rewrites_or_strips_is_unprintable_but_the_space():
    """clean_space's shortcut: a printable text holds no blank the pattern rewrites but " " and no
    white space strip() takes off but " "."""
    every = "".join(map(chr, range(0x110000)))
    rewritten = set(re.findall(f"[{text_mod._BLANKS}]", every)) | {c for c in every if c.isspace()}
    assert {" ", "\u00a0", "\u200b", "\u3000", "\t", "\n"} <= rewritten
    assert [c for c in rewritten if c.isprintable()] == [" "]


_SPACED = st.lists(st.sampled_from(["Sở", "a", "ạ", "\u0300", ".", " ", "  ", "\u00a0", "\u2009", "\u200b", "\u3000",
                                    "\t", "\n", "\x1f", "\u202f", "\u2028"]), max_size=8).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(_SPACED, st.text(max_size=10)))
@example("Điều  1.")
@example(" Điều 1.")
@example("Điều 1. ")
@example("Điều\u00a01.")
@example("")
def test_clean_space_shortcut_is_the_pattern_and_strip(text):
    assert text_mod.clean_space(text) == text_mod._ODD_SPACES.sub(" ", text).strip()


def _slug_before(text: str) -> str:
    return text_mod._NOT_SLUG.sub("-", text_mod.fold(text)).strip("-")


def test_an_ascii_word_is_its_own_slug_on_every_ascii_character():
    """slug's shortcut holds for each ASCII character, and a word of them is slugged char by char."""
    for c in map(chr, range(128)):
        if c.isalnum():
            assert text_mod.slug(c) == _slug_before(c) == c.lower()


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=8),
                 st.sampled_from(["1", "II", "a", "1.2", "Điều 5", "IV", "", "٣", "ａ", "Ⅳ", "2b", "x_1"])))
def test_slug_shortcut_is_the_fold_and_pattern(text):
    assert text_mod.slug(text) == _slug_before(text)
