"""The prefilters of the effect, references, back-reference and budget extractors never reject a
text their full pattern matches: the words read from a pattern, the lower-case test, the shortcuts."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import effect
from extractors.keywords import ODD_CASE, may_contain, required_words
from pipeline.text import VIETNAMESE_LETTERS


def _every_character() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_odd_case_lists_every_character_lower_does_not_turn_into_the_letter_re_matches():
    """Over every code point: a character re.IGNORECASE matches to a letter either lowers to it or is
    in ODD_CASE ("İ", "ı", "ſ"), so may_contain's lower() misses none."""
    letters = {c.lower() for c in VIETNAMESE_LETTERS} | set("0123456789")
    # one scan for all the letters: a class matches at least what each of its letters does
    odd = {m.group(0) for m in re.finditer(f"[{''.join(sorted(letters))}]", _every_character(), re.I)
           if m.group(0).lower() not in letters}
    assert odd <= set(ODD_CASE), sorted(odd - set(ODD_CASE))


@pytest.mark.parametrize("pattern, words", [
    (r"thay\s+thế(?:\s+cho)?(?!\s+bởi)", {"thay"}),  # the first of two words of one length
    (r"(?:bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)(?!\s+bởi)", {"bãi", "hủy", "huỷ"}),
    (r"(?:đều\s+|sẽ\s+)?hết\s+hiệu\s+lực", {"hiệu"}),  # the optional words are not needed
    (r"(?<![\w])(?P<type>[Ll]uật)\s+(?=\w)", {"uật"}),  # a class is passed over
    (r"(?:Luật|Nghị\s+định)+", {"luật", "nghị"}),  # a repeat at least once
    (r"x?", None),
    (r"a|b*", None),  # one alternative needs nothing
])
def test_required_words(pattern, words):
    assert required_words(re.compile(pattern, re.I)) == (frozenset(words) if words is not None else None)


def test_may_contain_is_case_blind_and_keeps_odd_letters():
    assert may_contain("Được THAY THẾ bởi", frozenset({"thay"}))
    assert may_contain("BÃI BỎ", frozenset({"bãi"}))
    assert may_contain("hıệu lực", frozenset({"hiệu"}))  # dotless ı: re.I matches it as "i"
    assert not may_contain("Quyết định này có giá trị", frozenset({"hiệu"}))


def _act_rules():
    return [r.regex for r in effect.rules() if r.part == "act"]


PATTERNS = [effect._any_act(), effect._HAS_EFFECT, effect._EXPIRES, *_act_rules()]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_effect_prefilters_never_reject_a_match(pattern, data):
    """Any text the full pattern matches (hypothesis writes them from the pattern, in any case) passes
    the words read from it; effect's words include those of every act rule."""
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert may_contain(text, required_words(pattern))
    if pattern in _act_rules():
        assert may_contain(text, effect._act_words())
    if pattern in (effect._HAS_EFFECT, effect._EXPIRES):
        assert may_contain(text, effect._EFFECT_WORDS)


_TEXT = st.text(st.sampled_from(list("ab .;:!?\n\t\u00a0\u2003\x1c1Đ")), max_size=30)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_ends_sentence_is_the_regex(text):
    assert effect._ends_sentence(text) == bool(re.search(r"[.;:!?]\s*$", text))


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_sentences_shortcut_gives_what_the_full_scan_gives(text):
    """sentences() skips the scan for a text without a break character; the scan alone agrees."""
    def scanned():
        start = 0
        for m in effect._SENTENCE_END.finditer(text):
            if m.start() - start < 12 and effect._LABEL_ONLY.search(text[start:m.start()].strip()):
                continue
            yield start, m.start()
            start = m.end()
        if start < len(text):
            yield start, len(text)

    assert list(effect.sentences(text)) == list(scanned())


# -- references, back references, budget lines -------------------------------------------------
from extractors import backrefs, budgets, references  # noqa: E402
from extractors.keywords import matches_opening_with  # noqa: E402

MARKED = [(references._NUMBER_RE, references._NUMBER_MARK), (references._BLANK_ATTACHED, references._NUMBER_MARK),
          (references._LAW, references._LAW_MARK), (references._LAW_ANY_CASE, references._LAW_MARK),
          (references._ORDINANCE, references._ACT_MARK), (references._CONSTITUTION, references._ACT_MARK),
          (references._PROVISION, "Điều")]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_reference_patterns_need_their_mark(data):
    """references_in skips a text without "/", "uật" and "háp"; _PROVISION is not tried without "Điều"."""
    pattern, mark = data.draw(st.sampled_from(MARKED))
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text) and mark in text


_CONFUSED = st.lists(st.sampled_from(list("ab/uật*_ АВСЕНІКМОРТХУаеорсхі") + ["**", "__", "uật", "Luật"]), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(_CONFUSED)
def test_working_text_makes_no_mark(text):
    """working_text's look-alike letters and blanked emphasis never write a "/" or "uật"."""
    work = references.working_text(text)
    for mark in (references._NUMBER_MARK, references._LAW_MARK):
        assert mark not in work or mark in text


@settings(max_examples=100, deadline=None)
@given(st.from_regex(backrefs._BACK))
def test_back_references_need_their_words(text):
    assert may_contain(text, backrefs._WHICH_WORDS)


_PIECES = st.lists(st.sampled_from(["Quyết định", "QUYẾT ĐỊNH", "quyết định", "Nghị định", "Thông tư liên tịch", "Luật",
                                    "Bộ luật", " này", " NÀY", " nêu trên", " trên", " đã nêu", "\n", " ", "  ", ",", "x",
                                    "số", "Qıyết", "İ", "ſ", "định này", "Kế hoạch", "/"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_matches_opening_with_is_finditer(pieces):
    """Back references found where a type word stands are those _BACK.finditer finds."""
    text = "".join(pieces)
    def spans(ms):
        return [(m.span(), m.group("type"), m.group("which")) for m in ms]

    assert spans(matches_opening_with(backrefs._BACK, text, references.TYPE_WORDS)) == spans(backrefs._BACK.finditer(text))


@settings(max_examples=200, deadline=None)
@given(st.from_regex(budgets.AMOUNT))
def test_amounts_need_their_hint(text):
    assert budgets.may_have_amount(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 .,/đĐ") + ["đồng", "VNĐ", "VND", "vnđ", "tỷ", "triệu", " hồ", "\n"]),
                max_size=15).map("".join))
def test_may_have_amount_never_rejects_an_amount(text):
    assert budgets.may_have_amount(text) or not budgets.AMOUNT.search(text)


_NUMBERISH = st.lists(st.sampled_from(list("0123456789/-. aQĐKHUBNDTWqđ,:") + ["2025", "QĐ-UBND", "NQ/TW", "\n"]),
                      max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(_NUMBERISH)
def test_number_scan_finds_what_number_re_finds(text):
    """_NUMBER_SCAN (its first digit apart, for re's fast skip) finds _NUMBER_RE's matches."""
    def found(p):
        return [m.span() for m in p.finditer(text)]

    assert found(references._NUMBER_SCAN) == found(references._NUMBER_RE)


_HEADS = st.lists(st.sampled_from(["Quyết định", "NGHỊ ĐỊNH", "Luật", "Bộ luật", "Thông tư liên tịch", " số ", "Số:", " SỐ",
                                   "số", "s", "ố", " ", "\n", "của Bộ Tài chính:", " liên tịch", "|", "Mẫu ", "İ", "x", "ı"]),
                  max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(_HEADS)
def test_words_before_is_before_search(head):
    """_BEFORE tried only at a type word, "số" or the end gives _BEFORE.search's match."""
    a, b = references._words_before(head), references._BEFORE.search(head)
    assert (a.span(), a.groupdict()) == (b.span(), b.groupdict())


_SENTENCES = st.lists(st.sampled_from(["Quyết định", "QUYẾT ĐỊNH", "Quy định", "Nghị quyết", "Luật", "Kế hoạch", " này", " NÀY",
                                       "/KH-UBND", " có hiệu lực", " ", ",", "x", "Quỵ", "ı", "İ", "văn bản", "\n"]),
                      max_size=10).map("".join)


@settings(max_examples=300, deadline=None)
@given(_SENTENCES)
def test_subjects_are_subject_finditer(text):
    """effect's subjects, tried only where a subject word stands, are _SUBJECT.finditer's."""
    def found(ms):
        return [(m.span(), m.group("subj"), m.group("this")) for m in ms]

    assert found(effect._subjects(text)) == found(effect._SUBJECT.finditer(text))
