"""Cheap necessary conditions for costly patterns: the literal words one of which every match of a
pattern contains, read from the pattern itself, and a test of a text for them on its lower case.

A text none of whose lower case holds any of those words cannot match the pattern, so the pattern
need not scan it: "thay" is in every match of `thay\\s+thế(?:\\s+cho)?`, and one `in` over the
lower-cased text costs a fraction of a case-insensitive regex scan. A pattern every match of which
opens with one of some words is tried only where they stand (matches_opening_with).
"""
from __future__ import annotations

import re
from typing import Iterator

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

# The characters that re.IGNORECASE matches to a letter although their str.lower() is not that
# letter: "İ" lowers to two characters ("i̇"), "ı" and "ſ" are re's case equivalents of "i" and "s".
# tests/test_keywords.py checks over every code point that no other character does so.
ODD_CASE = "İıſ"


def _score(words: frozenset[str]) -> tuple[int, int]:
    """Longer words are rarer; fewer words are fewer scans."""
    return min(map(len, words)), -len(words)


def _usable(run: list[str]) -> frozenset[str] | None:
    """A run of literal characters as one word, lower-cased; None when lower() would not keep it
    character for character ("İ")."""
    word = "".join(run)
    low = word.lower()
    if not word or len(low) != len(word) or any(c in ODD_CASE for c in word):
        return None
    return frozenset([low])


def _needed(items: list) -> frozenset[str] | None:
    """Words one of which every match of the sequence *items* contains; None when none is known.
    Only what a match must consume counts: optional parts, classes and assertions are passed over."""
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        found.append(_usable(run))
        run = []
        if op is sre.SUBPATTERN:
            found.append(_needed(av[3]))
        elif op is sre.BRANCH:
            alternatives = [_needed(a) for a in av[1]]
            found.append(None if any(a is None for a in alternatives) else frozenset().union(*alternatives))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            found.append(_needed(av[2]))
    found.append(_usable(run))
    known = [f for f in found if f]
    return max(known, key=_score) if known else None


def required_words(pattern: re.Pattern[str] | str) -> frozenset[str] | None:
    """The lower-case words one of which every match of *pattern* contains, in any case:
    `(?:bãi\\s+bỏ|hủy\\s+bỏ)(?!\\s+bởi)` → {"bãi", "hủy"}; None when the pattern names none."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    return _needed(list(_parser.parse(source, flags)))


def has_odd_case(text: str) -> bool:
    """Whether *text* holds one of ODD_CASE, which lower() does not turn into what re.I matches."""
    return "ı" in text or "İ" in text or "ſ" in text


def occurrences(low: str, words: frozenset[str]) -> set[int]:
    """Every offset of *low* where one of *words* stands."""
    found = set()
    for w in words:
        i = low.find(w)
        while i != -1:
            found.add(i)
            i = low.find(w, i + 1)
    return found


def may_contain(text: str, words: frozenset[str], low: str | None = None) -> bool:
    """False only when no case of any of *words* (lower case) is in *text*: a necessary condition for
    a match of the pattern the words were read from, also on any part of *text*. *low*: text.lower()
    when the caller has it already (backrefs asks may_contain and matches_opening_with of one text)."""
    if has_odd_case(text):
        return True
    if low is None:
        low = text.lower()
    for w in words:
        if w in low:
            return True
    return False


def matches_opening_with(pattern: re.Pattern[str], text: str, words: frozenset[str],
                         low: str | None = None) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for a *pattern* every match of which opens with one of *words* (lower
    case, written in any case) and is not empty: the pattern is tried only where one of them stands.
    *low*: text.lower() when the caller has it already."""
    if low is None:
        low = text.lower()
    if has_odd_case(text) or len(low) != len(text):  # else lower() keeps each offset
        yield from pattern.finditer(text)
        return
    end = 0
    for i in sorted(occurrences(low, words)):
        if i < end:
            continue
        m = pattern.match(text, i)  # its lookbehind still sees the text before i
        if m:
            yield m
            end = max(m.end(), i + 1)
