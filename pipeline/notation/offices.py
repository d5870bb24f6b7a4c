"""Signing offices (data/offices.csv), the words a body's name opens with (data/body_heads.csv) and
what a document type's name does in running text (data/doc_type_uses.csv), each row with the uses
it serves, and the regex alternations the stages build from them."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from pipeline.text import fold


@lru_cache(maxsize=None)
def _rows(name: str) -> tuple[dict[str, str], ...]:
    text = resources.files("pipeline.notation.data").joinpath(name).read_text(encoding="utf-8")
    return tuple(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


def office_rows() -> tuple[dict[str, str], ...]:
    """Rows of offices.csv: office, uses, example."""
    return _rows("offices.csv")


def body_head_rows() -> tuple[dict[str, str], ...]:
    """Rows of body_heads.csv: head, uses, example."""
    return _rows("body_heads.csv")


@lru_cache(maxsize=None)
def offices(use: str) -> tuple[str, ...]:
    """The offices with *use* ("sign", "authority", "holder", "role", "cite", "actor"), in file order: "Chủ tịch", …"""
    return tuple(r["office"] for r in office_rows() if use in r["uses"].split())


@lru_cache(maxsize=None)
def body_heads(use: str) -> tuple[str, ...]:
    """The heads with *use* ("issuer", "agency", "case", "sub_body", "cell", "authority", "actor"), in file order."""
    return tuple(r["head"] for r in body_head_rows() if use in r["uses"].split())


@lru_cache(maxsize=None)
def doc_type_words(use: str) -> tuple[str, ...]:
    """The document type names with *use* ("part", "decide", "cite", "cite_and", "signed"), in file order;
    every one is a name of pipeline/data/doc_types.csv (a test)."""
    return tuple(r["name"] for r in _rows("doc_type_uses.csv") if use in r["uses"].split())


def doc_type_use_rows() -> tuple[dict[str, str], ...]:
    """Rows of doc_type_uses.csv: name, uses, example."""
    return _rows("doc_type_uses.csv")


def first_words(names: tuple[str, ...]) -> tuple[str, ...]:
    """The first word of each name, once each, in order: ("Nghị định", "Nghị quyết", "Luật") → ("Nghị", "Luật")."""
    return tuple(dict.fromkeys(name.split()[0] for name in names))


def alternation(words: tuple[str, ...], form: str) -> str:
    """A regex alternation of *words*: form "caps" ("CHỦ\\s+TỊCH"), "folded" ("chu tich", for folded
    text), "lower" ("chủ tịch", for a name_key: lower case, marks kept, one space), or "written"
    ("Tổng\\s+Kiểm\\s+toán", as the words are written).

    >>> alternation(("Chủ tịch", "Bộ trưởng"), "caps"), alternation(("Giám đốc",), "folded")
    ('CHỦ\\\\s+TỊCH|BỘ\\\\s+TRƯỞNG', 'giam\\\\ doc')
    """
    if form in ("folded", "lower"):
        return "|".join(re.escape(fold(w) if form == "folded" else w.lower()) for w in words)
    cased = (w.upper() for w in words) if form == "caps" else words
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in cased)
