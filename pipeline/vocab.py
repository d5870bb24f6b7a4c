"""The versioned vocabularies in pipeline/data: document type codes and issuer codes."""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from pipeline.notation.offices import body_heads


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("pipeline.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


@lru_cache(maxsize=None)
def doc_type_rows() -> list[dict[str, str]]:
    """Rows of doc_types.csv: code, name, example."""
    return _rows("doc_types.csv")


@lru_cache(maxsize=None)
def doc_type_by_code() -> dict[str, str]:
    """Type code (upper case) → type name: "QĐ" → "Quyết định"."""
    return {r["code"].upper(): r["name"] for r in doc_type_rows() if r["code"]}


@lru_cache(maxsize=None)
def doc_type_names() -> list[str]:
    """Every type name, longest first so that "Thông tư liên tịch" wins over "Thông tư"."""
    return sorted({r["name"] for r in doc_type_rows()}, key=len, reverse=True)


@lru_cache(maxsize=None)
def issuer_rows() -> list[dict[str, str]]:
    """Rows of issuers.csv: code, name, example."""
    return _rows("issuers.csv")


@lru_cache(maxsize=None)
def issuer_by_code() -> dict[str, str]:
    """Issuer code (upper case) → issuer name: "TTG" → "Thủ tướng Chính phủ"."""
    return {r["code"].upper(): r["name"] for r in issuer_rows()}


@lru_cache(maxsize=None)
def province_rows() -> list[dict[str, str]]:
    """Rows of provinces.csv: name, level, status, also, example."""
    return _rows("provinces.csv")


@lru_cache(maxsize=None)
def issuer_heads() -> tuple[str, ...]:
    """Words an issuing body's name opens with (body_heads.csv, use "issuer"), longest first."""
    return tuple(sorted(body_heads("issuer"), key=len, reverse=True))


@lru_cache(maxsize=None)
def labels_vi() -> dict[tuple[str, str], str]:
    """(table, code) → its Vietnamese label, from the simple tables of labels.toml (the one file of
    what people read): ("deadline_kind", "period") → "Khoảng thời gian"."""
    import tomllib

    data = tomllib.loads(resources.files("pipeline.data").joinpath("labels.toml").read_text(encoding="utf-8"))
    return {(table, code): text for table, entries in data.items() if isinstance(entries, dict)
            for code, text in entries.items() if isinstance(text, str)}


@lru_cache(maxsize=None)
def law_rows() -> list[dict[str, str]]:
    """Rows of laws.csv: name, number, issued_date, example (the most cited laws)."""
    return _rows("laws.csv")


@lru_cache(maxsize=None)
def law_name_rows() -> list[dict[str, str]]:
    """Rows of law_names.csv: name, example (law names holding "và", "của", "theo" or a comma after
    a long head, which would otherwise end the name early)."""
    return _rows("law_names.csv")
