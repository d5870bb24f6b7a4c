"""The third round of shortcuts in references and effect gives what the code it replaced gave: the
kept answers of a node text are references_in's own, handed out as copies nobody shares; a passage's
kept sentences and verbs are those it would be split into afresh."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import effect, references
from extractors.windows import by_window
from pipeline.model import Node, NodeKind

# pieces of real corpus lines: bases, numbered and named mentions, lists, verbs, provisions
_PIECES = ["Căn cứ ", "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025", "; ", ", ", ". ", "\n",
           "Nghị định số 126/2024/NĐ-CP ngày 08 tháng 10 năm 2024 của Chính phủ ", "quy định về tổ chức ",
           "Số: /QĐ-UBND", "Số: 36/2025/QĐ-UBND", "Bãi bỏ ", "thay thế ", "sửa đổi, bổ sung ", "khoản 2 Điều 3 ",
           "Kế hoạch số 49-KH/TU ", "số 12/qđ-ubnd ", "các Quyết định: số 15/2013/QĐ-UBND và số 16/2013/QĐ-UBND ",
           "của UBND tỉnh ", "Luật Phí và lệ phí ", "luật Đất đai ", "(Ban hành kèm theo Quyết định số 1/QĐ-UBND)",
           "về việc sắp xếp đơn vị hành chính ", "thực hiện ", "Thông tư số 05/2020/TT-BTC ", "Mẫu số 02/TB ", "**"]
_KINDS = [NodeKind.BASIS, NodeKind.PARAGRAPH, NodeKind.CLAUSE, NodeKind.ITEM, NodeKind.ROW, NodeKind.HEADER]
_TEXTS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join)
_PLACES = st.sampled_from([None, "Lâm Đồng", "Hà Nội"])
_ISSUERS = st.sampled_from([None, "UBND tỉnh Lâm Đồng", "HĐND tỉnh Lâm Đồng"])


def _plain(node: Node, ctx: references.Context, in_header: bool) -> list[dict]:
    """extract_references' call before the kept answers."""
    return by_window(references.references_in, node, ctx, in_header)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from(_KINDS), _PLACES, _ISSUERS, st.booleans(), st.integers(0, 3))
def test_kept_references_are_what_references_in_gives(text, kind, place, issuer, in_header, n):
    """The same references (the node's own id in each) on the first and on every later asking."""
    ctx = references.Context(place, issuer)
    for i in range(2):
        node = Node(id=f"n{n}.{i}", kind=kind, text=text)
        assert references._node_references(node, ctx, in_header) == _plain(node, ctx, in_header)


def test_a_kept_answer_is_not_changed_by_what_its_caller_does():
    """Later stages set targets, flags, relations and shift spans of the dicts they get: the next
    document with that line gets references_in's answer all the same."""
    text = "Căn cứ Quyết định số 15/2013/QĐ-UBND ngày 2/3/2013 của UBND tỉnh; khoản 2 Điều 3 Thông tư số 05/2020/TT-BTC"
    ctx = references.Context("Lâm Đồng", None)
    first = references._node_references(Node(id="a", kind=NodeKind.PARAGRAPH, text=text), ctx, False)
    assert any("provisions" in r for r in first)
    for r in first:
        r["span"][0] += 100
        r["relation"] = "self"
        r["target"] = "x"
        r.get("provisions", []).append("Điều 9")
    node = Node(id="b", kind=NodeKind.PARAGRAPH, text=text)
    assert references._node_references(node, ctx, False) == _plain(node, ctx, False)


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.sampled_from(_KINDS), st.booleans())
def test_a_reference_holds_only_strings_none_and_lists_of_them(text, kind, in_header):
    """What _node_references copies (the span and provisions lists) is all a reference can share."""
    for r in references.references_in(Node(id="n", kind=kind, text=text), references.Context("Lâm Đồng", None), in_header):
        for key, value in r.items():
            assert value is None or isinstance(value, str) or key in ("span", "provisions"), (key, value)
        assert all(isinstance(x, int) for x in r["span"])
        assert all(isinstance(x, str) for x in r.get("provisions", []))


def test_a_long_text_is_not_kept():
    """Only texts up to _KEPT_TEXT_LENGTH are kept (a gazette's long paragraph is read each time)."""
    text = "Căn cứ Nghị định số 126/2024/NĐ-CP; " * 40
    assert len(text) > references._KEPT_TEXT_LENGTH
    before = references._text_references.cache_info().currsize
    references._text_references.cache_clear()
    node = Node(id="n", kind=NodeKind.PARAGRAPH, text=text)
    assert references._node_references(node, references.Context(None, None), False) == _plain(node, references.Context(None, None), False)
    assert references._text_references.cache_info().currsize == 0 <= before


# -- effect: sentence ends, kept sentences and verbs ---------------------------------------------

_SENTENCE_END_BEFORE = re.compile(r"(?<=[.;!?])\s+(?=\S)|\n")  # effect._SENTENCE_END as first written
_SENTENCE_PIECES = [". ", ".", "; ", ";\n", "!", "?  ", "\n", "\n\n", " ", "\t", "\u00a0", "\u2003", "\x1c", "a",
                    "Điều 2.", "1. ", "01.7.2025", "Quyết định này có hiệu lực", "Bãi bỏ Quyết định số 1/QĐ-UBND", "…"]
_SENTENCE_TEXTS = st.one_of(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=12).map("".join), st.text(max_size=40))


@settings(max_examples=1000, deadline=None)
@given(_SENTENCE_TEXTS)
def test_sentence_ends_are_what_the_lookbehind_first_gave(text):
    """The blank-first pattern finds the same ends (spans) as the lookbehind-first one, and so
    the same sentences; \\s is every Unicode blank in both."""
    assert [m.span() for m in effect._SENTENCE_END.finditer(text)] == [m.span() for m in _SENTENCE_END_BEFORE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_SENTENCE_TEXTS)
def test_kept_sentences_and_verbs_are_what_they_give_afresh(text):
    for _ in range(2):
        assert effect.sentence_spans(text) == tuple(effect.sentences(text))
        assert effect._sentence_verbs(text) == effect._verbs(text)


def test_a_long_passage_is_split_afresh():
    text = "Bãi bỏ Quyết định số 1/QĐ-UBND. " * 40
    effect._kept_spans.cache_clear()
    assert effect.sentence_spans(text) == tuple(effect.sentences(text))
    assert effect._kept_spans.cache_info().currsize == 0
