"""The gazetteer's tokens and spans without spaCy: extractors/tokenize.py must cut text where
spaCy's blank("xx") tokenizer cuts it and find the spans PhraseMatcher + filter_spans found.
Table-driven cases from the corpus (tests/cases/gazetteer_spans.json: texts asked of the gazetteer
over the whole corpus, with the spans spaCy gave them); with spaCy installed (the test extra),
property tests compare both on generated text."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.agencies import gazetteer, gazetteer_spans
from extractors.tokenize import longest_spans, tokenize
from pipeline.text import fold

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "cases" / "gazetteer_spans.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:40])
def test_corpus_spans(case):
    assert gazetteer_spans(case["text"]) == [tuple(s) for s in case["spans"]]


def test_tokens_as_spacy_cuts_them():
    assert tokenize("sở nội vụ (snv), sở kh&đt; e.g. :) www.sonoivu.gov.vn/a-b 1.500-2.000") == [
        (0, "sở"), (3, "nội"), (7, "vụ"), (10, "("), (11, "snv"), (14, ")"), (15, ","), (17, "sở"), (20, "kh&đt"),
        (25, ";"), (27, "e.g"), (30, "."), (32, ":)"), (35, "www.sonoivu.gov.vn/a-b"), (58, "1.500"), (63, "-"), (64, "2.000")]
    assert tokenize(" a  b\n c") == [(0, " "), (1, "a"), (3, " "), (4, "b"), (5, "\n "), (7, "c")]


def test_longest_spans_first_then_earliest():
    assert longest_spans([(0, 2), (1, 4), (3, 5), (5, 6), (5, 6)]) == [(1, 4), (5, 6)]
    assert longest_spans([(2, 4), (0, 2), (1, 3)]) == [(0, 2), (2, 4)]


_NAMES = sorted(r[0] for r in gazetteer().values())
_NOISE = st.sampled_from([" ", "  ", ", ", ",", ";", ".", ". ", ":", "-", " - ", "–", "/", "\\", "(", ")", "[", "]",
                          "\"", "“", "”", "'", "‘", "’", "&", "+", "…", "...", "\n", "\t", "\u00a0", "1", "12", "2025",
                          "1.500", "a.", "e.g.", ":)", "C++", "°C.", "www.", ".vn", "http://", "tỉnh", "và", "các",
                          "huyện", "xã", "TP.", "Đ", "ъ", "Ж"])
_TEXTS = st.lists(st.one_of(st.sampled_from(_NAMES), st.sampled_from(_NAMES).map(fold), _NOISE,
                            st.text(max_size=4)), max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_spans_are_names_apart(text):
    """Without spaCy: spans in order, apart, each the tokens of a gazetteer name."""
    names = {tuple(t for _, t in tokenize(k)) for k in gazetteer()}
    spans = gazetteer_spans(text)
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    toks = tokenize(fold(text))
    for s, e in spans:
        inside = [(at, t) for at, t in toks if at >= s and at + len(t) <= e]
        assert inside[0][0] == s and inside[-1][0] + len(inside[-1][1]) == e
        assert tuple(t for _, t in inside) in names


@lru_cache(maxsize=1)
def _spacy_models():
    """spaCy's blank("xx") pipeline and the spans the gazetteer gave with spaCy's PhraseMatcher and
    filter_spans (the code this module replaced)."""
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    nlp = spacy.blank("xx")
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("AGENCY", [nlp.make_doc(k) for k in gazetteer()])

    def spans(text: str) -> list[tuple[int, int]]:
        doc = nlp.make_doc(fold(text))
        found = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        return [(sp.start_char, sp.end_char) for sp in sorted(found, key=lambda s: s.start)]

    return nlp, spans


def _spacy():
    pytest.importorskip("spacy")
    return _spacy_models()


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_TEXTS, st.text(max_size=40)))
def test_same_tokens_and_spans_as_spacy(text):
    nlp, spacy_spans = _spacy()
    assert tokenize(text) == [(t.idx, t.text) for t in nlp.make_doc(text)]
    assert tokenize(fold(text)) == [(t.idx, t.text) for t in nlp.make_doc(fold(text))]
    assert gazetteer_spans(text) == spacy_spans(text)


def test_corpus_cases_with_spacy():
    _, spacy_spans = _spacy()
    for case in CASES:
        assert spacy_spans(case["text"]) == [tuple(s) for s in case["spans"]], case["text"]
