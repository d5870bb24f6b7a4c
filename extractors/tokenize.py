"""Tokens where spaCy's blank multilingual ("xx") tokenizer puts them, and a phrase matcher over
them, without importing spaCy (~0.6 s and ~60 MB per process): spaCy's own rules, exported to
data/tokenizer_xx.json by tests/regen_tokenizer_rules.py, run by a pure-Python copy of its
algorithm (spacy/tokenizer.pyx: whitespace split, special cases, prefixes and suffixes, URLs,
infixes, then special cases across tokens). tests/test_tokenize.py compares both."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# A token: (character offset in the text, its text).
Token = tuple[int, str]


@dataclass(frozen=True)
class Rules:
    """The tokenizer's expressions and special cases ("e.", ":)", "C++" → their tokens)."""

    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url: re.Pattern[str]
    specials: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def rules() -> Rules:
    """spaCy's expressions as their "compact" forms in the data file: the same matches, with the
    character classes spelled to compile in ~0.02 s instead of ~0.04 s at a worker's warm-up
    (tests/compact_classes.py; tests/test_tokenizer_compact.py proves them equal)."""
    data = json.loads(resources.files("extractors.data").joinpath("tokenizer_xx.json").read_text(encoding="utf-8"))
    if not data["faster_heuristics"]:
        raise ValueError("tokenizer_xx.json: only spaCy's faster_heuristics are implemented")
    flags, compact = data["flags"], data["compact"]
    return Rules(re.compile(compact["prefix"], flags["prefix_search"]), re.compile(compact["suffix"], flags["suffix_search"]),
                 re.compile(compact["infix"], flags["infix_finditer"]), re.compile(compact["url"], flags["url_match"]),
                 {k: tuple(v) for k, v in data["special_cases"].items()})


def _affix_len(pattern: re.Pattern[str], text: str) -> int:
    m = pattern.search(text)
    return m.end() - m.start() if m else 0


def _split_affixes(r: Rules, string: str, specials: bool) -> tuple[list[str], str, list[str]]:
    """(prefixes, what is left, suffixes in the order found): spaCy's Tokenizer._split_affixes."""
    prefixes: list[str] = []
    suffixes: list[str] = []
    last_size = 0
    while string and len(string) != last_size:
        if specials and string in r.specials:
            break
        last_size = len(string)
        pre_len = _affix_len(r.prefix, string)
        if pre_len:
            prefix, minus_pre = string[:pre_len], string[pre_len:]
            if minus_pre and specials and minus_pre in r.specials:
                prefixes.append(prefix)
                string = minus_pre
                break
        suf_len = _affix_len(r.suffix, string[pre_len:])
        if suf_len:
            suffix, minus_suf = string[-suf_len:], string[:-suf_len]
            if minus_suf and specials and minus_suf in r.specials:
                suffixes.append(suffix)
                string = minus_suf
                break
        if pre_len and suf_len and pre_len + suf_len <= len(string):
            string = string[pre_len:-suf_len]
            prefixes.append(prefix)
            suffixes.append(suffix)
        elif pre_len:
            string = minus_pre
            prefixes.append(prefix)
        elif suf_len:
            string = minus_suf
            suffixes.append(suffix)
    return prefixes, string, suffixes


def _split_infixes(r: Rules, string: str) -> list[str]:
    """*string* cut at its infixes ("a-b" → "a", "-", "b"); an infix at its start is not cut."""
    out: list[str] = []
    start = 0
    for m in r.infix.finditer(string):
        if m.start() == 0:
            continue
        if m.start() != start:
            out.append(string[start:m.start()])
        if m.start() != m.end():
            out.append(string[m.start():m.end()])
        start = m.end()
    if string[start:]:
        out.append(string[start:])
    return out


def _chunk_tokens(r: Rules, chunk: str, specials: bool) -> tuple[str, ...]:
    """The tokens of a run without whitespace: a special case whole, else its affixes split off and
    the rest kept whole (a special case, a URL) or cut at its infixes."""
    if specials and chunk in r.specials:
        return r.specials[chunk]
    prefixes, core, suffixes = _split_affixes(r, chunk, specials)
    if not core:
        middle: list[str] | tuple[str, ...] = []
    elif specials and core in r.specials:
        middle = r.specials[core]
    elif r.url.match(core):
        middle = [core]
    else:
        middle = _split_infixes(r, core)
    return (*prefixes, *middle, *reversed(suffixes))


@lru_cache(maxsize=65536)
def _cached_chunk(chunk: str) -> tuple[str, ...]:
    return _chunk_tokens(rules(), chunk, True)


_RUNS = re.compile(r"\s+|\S+")


def _affix_tokens(text: str, specials: bool = True) -> list[Token]:
    """Tokens before special cases across tokens: each run of non-space and of space is a chunk,
    but for the one plain space after a token ("a  b" → "a", " ", "b"; "a b" → "a", "b")."""
    out: list[Token] = []
    chunk = _cached_chunk if specials else lambda run: _chunk_tokens(rules(), run, False)
    if text.isprintable() and "  " not in text and text[:1] != " ":
        # no blank but single plain spaces between words (most texts): each is a chunk's end
        runs, step = text.split(" "), 1
    else:
        runs, step = _RUNS.findall(text), 0
    at = 0
    for run in runs:
        pos, at = at, at + len(run) + step
        if not run:
            continue
        if step == 0 and out and run[0] == " ":
            pos, run = pos + 1, run[1:]
            if not run:
                continue
        toks = chunk(run)
        if len(toks) == 1:
            out.append((pos, run))
            continue
        for tok in toks:
            out.append((pos, tok))
            pos += len(tok)
    return out


class PhraseMatcher:
    """Every place a sequence of tokens occurs (spaCy's PhraseMatcher on ORTH): (first token, end)."""

    def __init__(self, phrases: list[tuple[str, ...]]) -> None:
        self.by_first: dict[str, set[tuple[str, ...]]] = {}
        for p in phrases:
            if p:
                self.by_first.setdefault(p[0], set()).add(p)

    def __call__(self, orths: list[str]) -> list[tuple[int, int]]:
        by_first = self.by_first
        return [(i, i + len(p)) for i in [i for i, orth in enumerate(orths) if orth in by_first]
                for p in by_first[orths[i]] if tuple(orths[i:i + len(p)]) == p]


@lru_cache(maxsize=1)
def _special_matcher() -> PhraseMatcher:
    """The special cases the affix pass can miss (they hold a prefix, suffix, infix or space), as
    the tokens the affix pass gives them without special cases ("a." → "a", ".")."""
    r = rules()
    phrases = [tuple(t for _, t in _affix_tokens(s, specials=False)) for s in r.specials
               if _affix_len(r.prefix, s) or r.infix.search(s) or _affix_len(r.suffix, s) or " " in s]
    return PhraseMatcher(phrases)


def _apply_special_cases(text: str, toks: list[Token]) -> list[Token]:
    """Token runs that spell a special case become its tokens ("a", "." → "a."): spaCy's
    _apply_special_cases, longest runs first, the earliest first among equals."""
    found = _special_matcher()([t for _, t in toks])
    if not found:
        return toks
    seen: set[int] = set()
    kept = []
    for s, e in sorted(found, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if s not in seen and e - 1 not in seen:
            kept.append((s, e))
        seen.update(range(s, e))
    specials = rules().specials
    out: list[Token] = []
    i = 0
    for s, e in sorted(kept):
        out.extend(toks[i:s])
        start = toks[s][0]
        span = text[start:toks[e - 1][0] + len(toks[e - 1][1])]
        if span in specials:
            for tok in specials[span]:
                out.append((start, tok))
                start += len(tok)
        else:
            out.extend(toks[s:e])
        i = e
    out.extend(toks[i:])
    return out


def tokenize(text: str) -> list[Token]:
    """(offset, text) of each token, as spaCy's blank("xx") tokenizer gives them:
    "sở nội vụ (snv)," → (0, "sở"), (3, "nội"), (7, "vụ"), (10, "("), (11, "snv"), (14, ")"), (15, ",")."""
    return _apply_special_cases(text, _affix_tokens(text))


def longest_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest non-overlapping (start, end) spans, ties to the earliest, in text order
    (spaCy's filter_spans)."""
    seen: set[int] = set()
    kept = []
    for s, e in sorted(spans, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if s not in seen and e - 1 not in seen:
            kept.append((s, e))
            seen.update(range(s, e))
    return sorted(kept)
