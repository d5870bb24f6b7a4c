"""The tokenizer compiles its four expressions in their "compact" forms (extractors/data/
tokenizer_xx.json, made by tests/compact_classes.py): they must match exactly as spaCy's own do.
Proof: re compiles a parse tree, so two expressions whose trees are equal once each character class
is replaced by the set of code points it matches (computed over all 1,114,112 of them by re itself)
match the same strings at the same places with the same groups."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from re import _parser  # type: ignore[attr-defined]
from re._constants import CATEGORY, IN, LITERAL, NEGATE, RANGE  # type: ignore[import-not-found]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.tokenize import rules
from tests.compact_classes import ALL, compact
from tests.regen_tokenizer_rules import EXPRESSIONS

DATA = json.loads((Path(__file__).resolve().parent.parent / "extractors" / "data" / "tokenizer_xx.json")
                  .read_text(encoding="utf-8"))
_CATEGORIES = {str(c): e for c, e in zip(("CATEGORY_DIGIT", "CATEGORY_NOT_DIGIT", "CATEGORY_SPACE", "CATEGORY_NOT_SPACE",
                                          "CATEGORY_WORD", "CATEGORY_NOT_WORD"), (r"\d", r"\D", r"\s", r"\S", r"\w", r"\W"))}


@lru_cache(maxsize=None)
def _class_members(items: tuple, flags: int) -> str:
    """What a parsed class matches, over every code point: its items spelled as escapes, run by re."""
    spelled = {LITERAL: lambda c: f"\\U{c:08x}", RANGE: lambda r: f"\\U{r[0]:08x}-\\U{r[1]:08x}",
               NEGATE: lambda _: "^", CATEGORY: lambda c: _CATEGORIES[str(c)]}
    return "".join(re.findall("[" + "".join(spelled[op](av) for op, av in items) + "]", ALL, flags))


def _canonical(node, flags: int):
    """The parse tree with each class as the characters it matches (the rest as re parsed it)."""
    if isinstance(node, _parser.SubPattern):
        return tuple(("IN", _class_members(tuple(av), flags)) if op is IN else (str(op), _canonical(av, flags))
                     for op, av in node.data)
    if isinstance(node, (list, tuple)):
        return tuple(_canonical(x, flags) for x in node)
    return node


@pytest.mark.parametrize("name", EXPRESSIONS)
def test_compact_expression_matches_as_spacys(name):
    flags = DATA["flags"][EXPRESSIONS[name]]
    spacy, ours = _parser.parse(DATA[name], flags), _parser.parse(DATA["compact"][name], flags)
    assert (ours.state.flags, ours.state.groups, ours.state.groupdict) == \
        (spacy.state.flags, spacy.state.groups, spacy.state.groupdict)
    assert _canonical(ours, flags) == _canonical(spacy, flags)


@pytest.mark.parametrize("name", EXPRESSIONS)
def test_compact_forms_are_what_the_regeneration_writes(name):
    assert compact(DATA[name], DATA["flags"][EXPRESSIONS[name]]) == DATA["compact"][name]


def test_the_tokenizer_compiles_the_compact_forms_and_they_are_cheaper():
    r = rules()
    assert [p.pattern for p in (r.prefix, r.suffix, r.infix, r.url)] == [DATA["compact"][n] for n in EXPRESSIONS]
    assert all(len(DATA["compact"][n]) < len(DATA[n]) for n in EXPRESSIONS)


# characters at the edges of the classes' ranges, and the texts the tokenizer meets
_EDGES = sorted({c for n in EXPRESSIONS for a, b in re.findall(r"(.)-(.)", DATA["compact"][n])
                 for c in (a, b, chr(max(ord(a) - 1, 0)), chr(min(ord(b) + 1, 0x10FFFF)))})
_TEXT = st.text(st.one_of(st.sampled_from(_EDGES), st.sampled_from(list(".,:;-–—'\"()[]/%$&+*#@ 0123456789aZđ")),
                          st.characters()), max_size=14)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_same_matches_on_generated_text(text):
    """Beyond the proof: both spellings find the same matches on text made of the ranges' edges."""
    for name in EXPRESSIONS:
        flags = DATA["flags"][EXPRESSIONS[name]]
        spacy, ours = re.compile(DATA[name], flags), re.compile(DATA["compact"][name], flags)
        assert [m.span() for m in ours.finditer(text)] == [m.span() for m in spacy.finditer(text)]
        assert [m.span() for m in ours.finditer(text[1:])] == [m.span() for m in spacy.finditer(text[1:])]
