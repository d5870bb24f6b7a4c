"""The fourth round's shortcuts give what the code they replaced gave: a caller that has a text's
lower case hands it on instead of lowering the text again, so each function is compared with itself
given the lower case and not given it (hypothesis), and the passage's kept lower case with lower()."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import backrefs, effect, references
from extractors.keywords import matches_opening_with, may_contain

# pieces of real sentences: type words, act verbs and effect words in any case, "này" and "nêu
# trên", the letters lower() does not keep as re.IGNORECASE reads them ("İ", "ı", "ſ"), final sigma
_PIECES = ["Quyết định này ", "QUYẾT ĐỊNH NÀY", "Nghị định nêu trên", "Thông tư số 12/2020/TT-BTC ", "có hiệu lực",
           "CÓ HIỆU LỰC ", "hết hiệu lực", "kể từ ngày ký", "Bãi bỏ ", "bãi  bỏ", "Thay thế cho ", "sửa đổi, bổ sung ",
           "Kế hoạch này", "Quy định này ", "văn bản trên", "Điều 3. ", "; ", ". ", "\n", " ", "ı", "İ", "ſ", "ΑΣ ",
           "hıệu lực", "này", "trên", "nêu"]
_TEXT = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), st.text(max_size=40))


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from([backrefs._WHICH_WORDS, effect._EFFECT_WORDS, effect._act_words()]))
def test_may_contain_given_the_lower_case(text, words):
    assert may_contain(text, words, text.lower()) == may_contain(text, words)


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_matches_opening_with_given_the_lower_case(text):
    for pattern, words in ((backrefs._BACK, references.TYPE_WORDS), (effect._SUBJECT, effect._SUBJECT_OPENERS)):
        assert _spans(matches_opening_with(pattern, text, words, text.lower())) == \
            _spans(matches_opening_with(pattern, text, words))


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_verbs_and_subjects_given_the_lower_case(text):
    assert effect._verbs(text, text.lower()) == effect._verbs(text)
    assert [(m.span(), rank) for m, rank in effect._own_subjects(text, "Quyết định", text.lower())] == \
        [(m.span(), rank) for m, rank in effect._own_subjects(text, "Quyết định")]
    assert list(effect._sentences_with_verbs(text, True, text.lower())) == list(effect._sentences_with_verbs(text, True))


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6))
def test_a_passage_keeps_the_lower_case_of_its_whole_text(texts):
    """passages() joins continuation lines into one text; the lower case kept is that text's."""
    root = {"children": [{"id": "b", "kind": "body", "children": [
        {"id": f"p{i}", "kind": "paragraph", "text": t, "children": []} for i, t in enumerate(texts)]}]}
    for p in effect.passages(root):
        assert p.lowered() == p.text.lower() and p.lowered() is p.lowered()


def test_a_whole_slice_is_the_text_itself():
    """A sentence that is its whole passage is the passage's own string (the test `sent is text`)."""
    text = "Quyết định này có hiệu lực kể từ ngày ký"
    assert [text[s:e] is text for s, e in effect.sentences(text)] == [True]


def test_confusable_search_is_what_translate_changes():
    """_warn_confusables searches the look-alike letters instead of comparing a translated copy:
    the class holds exactly the characters translate(CONFUSABLES) changes (every code point)."""
    changed = [c for c in map(chr, range(0x110000)) if c.translate(references.CONFUSABLES) != c]
    found = [c for c in map(chr, range(0x110000)) if references._CONFUSABLE.search(c)]
    assert changed == found and len(changed) == len(references.CONFUSABLES)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_sentences_stop_test_is_the_generator_it_replaced(text):
    before = not any(c in text for c in ".;!?\n")
    after = "." not in text and ";" not in text and "!" not in text and "?" not in text and "\n" not in text
    assert before == after


def test_walk_yields_in_document_order():
    from pipeline.model import Node

    def walk_before(node):  # Node.walk as it was: a leaf's empty children extended too
        stack = [node]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(n.children))

    def tree(depth, width, name="n"):
        return Node(name, "x", children=[tree(depth - 1, width, f"{name}.{i}") for i in range(width)] if depth else [])

    for depth, width in ((0, 0), (1, 3), (3, 2), (4, 1), (2, 5)):
        root = tree(depth, width)
        assert [n.id for n in root.walk()] == [n.id for n in walk_before(root)]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300), st.integers(min_value=1, max_value=700))
def test_reading_a_file_at_most_limit_bytes(tmp_path_factory, first, grown, limit):
    """_read_at_most(f, size, limit) is f.read(limit), the file grown (or not) after its size was taken."""
    from pipeline.readers import _read_at_most

    path = tmp_path_factory.mktemp("read") / "f"
    path.write_bytes(first + grown)
    for size in (len(first), len(first + grown) + 3):  # grown since, or shrunk
        with open(path, "rb") as a, open(path, "rb") as b:
            assert _read_at_most(a, size, limit) == b.read(limit)


def _nfc_before(text: str) -> str:
    """pipeline.text.nfc as it was: every step on every text."""
    import unicodedata

    from pipeline import text as t

    text = unicodedata.normalize("NFC", text)
    if "\u0335" in text or "\u0336" in text:
        text = t._STROKE_D.sub(lambda m: "Đ" if m.group(1) == "D" else "đ", text)
    return t._ZERO_WIDTH.sub("", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")


def test_nfc_looks_for_exactly_the_zero_width_marks_it_removes():
    from pipeline import text as t

    marks = "\u200c\u200d\u2060\ufeff\u00ad"
    assert [c for c in map(chr, range(0x110000)) if t._ZERO_WIDTH.search(c)] == sorted(marks)
    for c in map(chr, range(0x110000)):  # every code point alone, and after a D before a combining mark
        for text in (c, "D" + c + "\u0301"):
            assert t.nfc(text) == _nfc_before(text)


_NFC_TEXT = st.text(alphabet=st.sampled_from(list("aAdDeEoOuU 1/\u0335\u0336\u0301\u0300\u0303\u0323\u0302\u031b"
                                                  "\u200c\u200d\u2060\ufeff\u00ad\u00d0\u00f0ệĐ")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_NFC_TEXT, st.text(max_size=30)))
def test_nfc_is_what_it_was(text):
    from pipeline.text import nfc

    assert nfc(text) == _nfc_before(text)


def _normalize_agency_before(name: str, place: str | None) -> str:
    """extractors.agencies.normalize_agency without its shortcut: every abbreviation's substitution
    tried, whether or not the name holds it (the rules for "tỉnh" as they are now)."""
    import re

    from extractors import agencies
    from pipeline.text import clean_space, fold

    hit = agencies.gazetteer().get(fold(clean_space(name)))
    if hit:
        full = hit[1]
        if place and not agencies._named_tinh(place) and re.search(r"\btỉnh$", clean_space(name)):
            full = full.replace(" {place}", "")
    else:
        full = name
        for abbr, expansion in agencies.abbreviations():
            full = re.sub(rf"(?<![\w&]){re.escape(abbr)}(?![\w&])", expansion, full)
        if place and agencies._OWN_PROVINCE.search(full) and agencies._named_tinh(place):
            full = f"{full} {{place}}"
    return clean_space(full.replace("{place}", place or "")).strip()


def _agency_names():
    from extractors import agencies

    pieces = [a for a, _ in agencies.abbreviations()] + [e for _, e in agencies.abbreviations()] + [
        " ", "&", "-", "Sở ", "Ủy ban nhân dân tỉnh", "tỉnh", "UBND", "x", "1", ", "]
    return st.lists(st.sampled_from(pieces), max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(_agency_names(), st.sampled_from([None, "Lâm Đồng"]))
def test_normalize_agency_is_what_it_was(name, place):
    from extractors.agencies import normalize_agency

    assert normalize_agency(name, place) == _normalize_agency_before(name, place)


def test_split_cuts_at_the_blanks_re_removes():
    """normalize_number drops the blanks with split() and join instead of re.sub(r"\\s+", ""): both
    take str.isspace's characters (every code point)."""
    import re

    from pipeline.legal import normalize_number

    blank = re.compile(r"\s")
    for c in map(chr, range(0x110000)):
        assert bool(blank.match(c)) == c.isspace()
        text = f"15/{c}2020 /NĐ-{c}CP{c}"
        assert normalize_number(text) == re.sub(r"\s+", "", text).replace("Ð", "Đ")
