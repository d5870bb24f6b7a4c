"""underthesea's sentence splitter without importing underthesea whole: the package's __init__
imports its whole pipeline (text_normalize, joblib, … ~0.4 s per process), while the splitter is
one module of the standard library and its abbreviations file (underthesea 9: Apache-2.0).

The splitter walks its text one character at a time in Python; ``_split`` is its loop stepping
from one of ".?!" straight to the next (found by ``re.search``, in C), the same steps at those characters and
none elsewhere (the original does nothing at any other character but move on). It is used only
when underthesea's module is the very file it was copied from (its digest below); otherwise
underthesea's own function splits.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

# sha256 of underthesea 9.5's pipeline/sent_tokenize/__init__.py (the code ``_split`` follows step for step)
_CHECKED = "9fad5c8510a2bf9d"
_END = re.compile(r"[.?!]")


def _module_path() -> Path | None:
    """underthesea's sentence splitter module, the file itself (without importing the package)."""
    spec = importlib.util.find_spec("underthesea")
    path = Path(spec.submodule_search_locations[0], "pipeline", "sent_tokenize", "__init__.py") if spec else None
    return path if path is not None and path.is_file() else None


@lru_cache(maxsize=1)
def _module_splitter() -> Callable[[str], list[str]]:
    """underthesea.pipeline.sent_tokenize.sent_tokenize, its module run from underthesea's files
    alone; the package's own import where that module needs the rest of the package."""
    path = _module_path()
    if path is not None:
        module_spec = importlib.util.spec_from_file_location("vanban_underthesea_sent_tokenize", path)
        module = importlib.util.module_from_spec(module_spec)
        try:
            module_spec.loader.exec_module(module)
            return module.sent_tokenize
        except (ImportError, AttributeError):
            pass
    from underthesea import sent_tokenize

    return sent_tokenize


@lru_cache(maxsize=1)
def _splitter() -> Callable[[str], list[str]]:
    """``_split`` with underthesea's abbreviations when its module is the one checked, else underthesea's function."""
    original = _module_splitter()
    path = _module_path()
    if path is None or hashlib.sha256(path.read_bytes()).hexdigest()[:16] != _CHECKED:
        return original
    names = getattr(original, "__globals__", {})  # the splitter module's own names
    load = names.get("_load_model")
    if load is None:
        return original
    load()
    tokenizer = names.get("sentence_tokenizer")
    if tokenizer is None:
        return original
    abbreviations = frozenset(tokenizer.abbrev_types)
    return lambda text: _split(text, abbreviations)


def _boundary(text: str, pos: int, abbreviations: frozenset[str]) -> bool:
    """underthesea's _is_sentence_boundary: a "." between two digits ("1.500") or after an
    abbreviation ("TP.") ends no sentence; every other mark does."""
    if text[pos] != ".":
        return True
    if pos > 0 and text[pos - 1].isdigit() and pos + 1 < len(text) and text[pos + 1].isdigit():
        return False
    start = pos - 1
    while start >= 0 and (text[start].isalnum() or text[start] == "."):
        start -= 1
    word = text[start + 1:pos]
    return not (word and word.lower() in abbreviations)


def _skip(text: str, i: int, chars: str) -> int:
    """The first index from *i* whose character is not one of *chars*."""
    n = len(text)
    while i < n and text[i] in chars:
        i += 1
    return i


def _cut(text: str, start: int, end: int, sentences: list[str]) -> int:
    """Append text[start:end] stripped, unless blank, to *sentences*; return where the next sentence
    starts (past the blanks after *end*), as underthesea does at each boundary."""
    sentence = text[start:end].strip()
    if sentence:
        sentences.append(sentence)
    return _skip(text, end, " \t\n\r")


def _split(text: str, abbreviations: frozenset[str]) -> list[str]:
    """underthesea's sentences_from_text, moving from one ".?!" to the next: "Sở Y tế chủ trì. Sở Tài
    chính phối hợp." → ["Sở Y tế chủ trì.", "Sở Tài chính phối hợp."]."""
    if not text or not text.strip():
        return []
    sentences: list[str] = []
    start = 0
    n = len(text)
    found = _END.search(text)
    while found is not None:
        i = found.start()
        if text[i] == ".":
            dot_end = _skip(text, i, ".")
            if dot_end - i >= 3:  # an ellipsis: a boundary at the end or before a capital
                after = _skip(text, dot_end, " \t")
                if after >= n or text[after].isupper():
                    dot_end = start = _cut(text, start, dot_end, sentences)
                found = _END.search(text, dot_end)
                continue
        if _boundary(text, i, abbreviations):
            start = _cut(text, start, _skip(text, i + 1, ".?!"), sentences)
            found = _END.search(text, start)
            continue
        found = _END.search(text, i + 1)
    final = text[start:].strip()
    if final:
        sentences.append(final)
    return sentences


def sent_tokenize(text: str) -> list[str]:
    """underthesea.sent_tokenize(*text*): "Sở Y tế chủ trì. Sở Tài chính phối hợp." → ["Sở Y tế chủ trì.",
    "Sở Tài chính phối hợp."]."""
    return _splitter()(text)
