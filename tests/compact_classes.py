"""Character classes rewritten to compile faster, matching the same characters. re builds a class's
bitmap one code point at a time (re._compiler._optimize_charset), so spaCy's letter classes (~44,000
code points of the BMP, spelled out escape by escape, several of them in each expression) were most
of the tokenizer's compile time at a worker's warm-up. A class without a category (\\w, \\d, \\s) is
written as its ranges in plain characters, or as the negation of the ranges of its complement when
those name fewer BMP code points: `[a-z...]` of 44,425 code points becomes `[^...]` of ~21,700.
The set a class matches is computed over every code point (and checked again on the result);
tests/test_tokenizer_compact.py proves each compact expression equal to spaCy's."""
from __future__ import annotations

import re
from functools import lru_cache
from re import _parser  # type: ignore[attr-defined]
from re._constants import CATEGORY, IN  # type: ignore[import-not-found]

LAST = 0x10FFFF
ALL = "".join(map(chr, range(LAST + 1)))  # every code point, lone surrogates included


def class_spans(pattern: str) -> list[tuple[int, int]]:
    """(start, end) of each character class `[...]` in *pattern* (escapes skipped; a "]" right after
    "[" or "[^" is a member, as re reads it)."""
    spans, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "[":
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            j += pattern[j:j + 1] == "]"
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            spans.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return spans


def members(class_text: str, flags: int) -> str:
    """Every code point the class matches, in order."""
    return "".join(re.findall(class_text, ALL, flags))


def _ranges(chars: str) -> list[tuple[int, int]]:
    """Runs of consecutive code points: "abcx" → [(97, 99), (120, 120)]."""
    out: list[list[int]] = []
    for code in map(ord, chars):
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return [(a, b) for a, b in out]


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges of the code points outside *ranges* (sorted, apart)."""
    out, start = [], 0
    for a, b in ranges:
        if a > start:
            out.append((start, a - 1))
        start = b + 1
    return out + ([(start, LAST)] if start <= LAST else [])


def _bmp_size(ranges: list[tuple[int, int]]) -> int:
    """BMP code points the ranges name: what _optimize_charset walks one by one."""
    return sum(min(b, 0xFFFF) - a + 1 for a, b in ranges if a <= 0xFFFF)


def _char(code: int) -> str:
    """A class member as text: a printable non-ASCII character or an ASCII letter or digit as
    itself; anything else (punctuation, blanks, controls, surrogates) as an escape."""
    c = chr(code)
    if c.isalnum() if c.isascii() else c.isprintable():  # lone surrogates are not printable
        return c
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _class_text(ranges: list[tuple[int, int]], negate: bool) -> str:
    parts = [_char(a) if a == b else _char(a) + _char(b) if b == a + 1 else f"{_char(a)}-{_char(b)}" for a, b in ranges]
    return "[" + "^" * negate + "".join(parts) + "]"


@lru_cache(maxsize=None)
def compact_class(class_text: str, flags: int) -> str:
    """The cheaper spelling of one class with the same members; a class with a category (\\w …) or
    one that re reads as a single character stays as it is."""
    parsed = _parser.parse(class_text, flags)
    op, items = parsed[0]
    if len(parsed) != 1 or op is not IN or any(item_op is CATEGORY for item_op, _ in items):
        return class_text
    chars = members(class_text, flags)
    ranges = _ranges(chars)
    outside = _complement(ranges)
    text = _class_text(outside, True) if _bmp_size(outside) < _bmp_size(ranges) else _class_text(ranges, False)
    if members(text, flags) != chars:
        raise AssertionError(f"compact class differs from {class_text[:60]}")
    return text


def compact(pattern: str, flags: int) -> str:
    """*pattern* with each character class in its cheaper spelling (everything else unchanged)."""
    out, last = [], 0
    for a, b in class_spans(pattern):
        out += [pattern[last:a], compact_class(pattern[a:b], flags)]
        last = b
    return "".join(out) + pattern[last:]
