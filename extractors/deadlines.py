"""Deadline phrases → kind and ISO start/end, by the ordered rules of data/deadline_rules.tsv.

Relative phrases ("Quý I", "năm liền kề", "Trong năm") resolve against the plan's year.
A phrase no rule reads is kept raw with kind "none" and reported, never guessed.
"""
from __future__ import annotations

import calendar
import csv
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from extractors.recall import recall
from pipeline.legal import parse_date
from pipeline.model import Deadline
from pipeline.text import clean_space, fold

_BLANKS = re.compile(r"\s+")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _last_day(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _iso(y: int, m: int, d: int) -> str | None:
    return parse_date(f"{d}/{m}/{y}")


def _kind(kind: str) -> Callable[[re.Match[str], int | None], dict[str, Any] | None]:
    return lambda m, year: {"kind": kind, "start": None, "end": None}


def _year(m: re.Match[str], year: int | None) -> dict[str, Any]:
    y = int(m.group("y"))
    return {"kind": "period", "start": f"{y}-01-01", "end": f"{y}-12-31"}


def _this_year(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    if year is None:
        return None
    return {"kind": "period", "start": f"{year}-01-01", "end": f"{year}-12-31"}


def _from_year(m: re.Match[str], year: int | None) -> dict[str, Any]:
    return {"kind": "period", "start": f"{m.group('y')}-01-01", "end": None}


def _from_start(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    """"Từ quý II/2027" → a period from 2027-04-01 with no end (the task goes on from then)."""
    a = normalize_deadline(m.group("a"), year)
    if a["kind"] in ("date", "period") and a["start"]:
        return {"kind": "period", "start": a["start"], "end": None}
    return None


def _before_year(m: re.Match[str], year: int | None) -> dict[str, Any]:
    """"Trước năm 2025" → done by 2024-12-31."""
    return {"kind": "date", "start": None, "end": f"{int(m.group('y')) - 1}-12-31"}


def _year_range(m: re.Match[str], year: int | None) -> dict[str, Any]:
    return {"kind": "period", "start": f"{m.group('a')}-01-01", "end": f"{m.group('b')}-12-31"}


def _quarter(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    q = _ROMAN[m.group("q")]
    return {"kind": "period", "start": f"{y}-{3 * q - 2:02d}-01", "end": _last_day(y, 3 * q)}


def _month(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    mm, y = int(m.group("m")), int(m.group("y"))
    if not 1 <= mm <= 12:
        return None
    return {"kind": "period", "start": f"{y}-{mm:02d}-01", "end": _last_day(y, mm)}


def _half_year(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    first = "dau" in m.group("which")
    return {"kind": "period", "start": f"{y}-{'01' if first else '07'}-01", "end": f"{y}-{'06-30' if first else '12-31'}"}


def _date(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    d = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return {"kind": "date", "start": d, "end": d} if d else None


def _day_month(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    y = int(m.group("y")) if m.group("y") else year
    d = _iso(y, int(m.group("m")), int(m.group("d"))) if y else None
    return {"kind": "date", "start": d, "end": d} if d else None


def _before_date(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    d = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return {"kind": "date", "start": None, "end": d} if d else None


def _before_next_year(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    if year is None:
        return None
    d = _iso(year + 1, int(m.group("m")), int(m.group("d")))
    return {"kind": "date", "start": None, "end": d} if d else None


def _from_to(m: re.Match[str], year: int | None) -> dict[str, Any] | None:
    a, b = normalize_deadline(m.group("a"), year), normalize_deadline(m.group("b"), year)
    if a["kind"] in ("date", "period") and b["kind"] in ("date", "period") and a["start"] and b["end"]:
        return {"kind": "period", "start": a["start"], "end": b["end"]}
    return None


_RESOLVERS: dict[str, Callable[[re.Match[str], int | None], dict[str, Any] | None]] = {
    "recurring": _kind("recurring"), "event": _kind("event"), "none": _kind("none"),
    "year": _year, "this_year": _this_year, "year_range": _year_range, "from_year": _from_year, "quarter": _quarter, "month": _month,
    "half_year": _half_year, "date": _date, "day_month": _day_month, "before_date": _before_date, "before_next_year": _before_next_year,
    "from_to": _from_to, "from_start": _from_start, "before_year": _before_year,
}


@lru_cache(maxsize=1)
def rules() -> list[tuple[str, str, re.Pattern[str]]]:
    """(name, resolver, compiled regex) in the order of data/deadline_rules.tsv."""
    text = resources.files("extractors.data").joinpath("deadline_rules.tsv").read_text(encoding="utf-8")
    out = []
    for row in csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t"):
        name, resolver, pattern = row
        if resolver not in _RESOLVERS:
            raise ValueError(f"deadline rule {name}: unknown resolver {resolver}")
        out.append((name, resolver, re.compile(pattern)))
    return out


def normalize_deadline(raw: str | None, plan_year: int | None) -> dict[str, Any]:
    """{"raw", "kind", "start", "end", "rule"} for a deadline cell or phrase (a fresh dict; read
    once per phrase and year inside a ``recall.scope()``: a task table repeats its deadlines)."""
    return dict(recall(_normalized, raw, plan_year))


def _normalized(raw: str | None, plan_year: int | None) -> dict[str, Any]:
    """normalize_deadline's answer, which its callers get a copy of."""
    text = clean_space(raw or "").strip(" .;,-–")
    if not text:
        return {"raw": None, "kind": "none", "start": None, "end": None, "rule": None}
    folded = fold(text)
    folded = _BLANKS.sub(" ", folded).strip()
    for name, resolver, pattern in rules():
        m = pattern.search(folded)
        if m:
            got = _RESOLVERS[resolver](m, plan_year)
            if got is not None:
                return {"raw": text, **got, "rule": name}
    return {"raw": text, "kind": "none", "start": None, "end": None, "rule": None}


def read_deadline(raw: str | None, plan_year: int | None) -> tuple[Deadline, str | None]:
    """A deadline cell or phrase as the contract's ``Deadline``, and the name of the rule that read
    it (None: the words are kept raw): "Quý II/2026" → (period 2026-04-01 … 2026-06-30, "quarter")."""
    got = normalize_deadline(raw, plan_year)
    return Deadline(got["raw"], got["kind"], got["start"], got["end"]), got["rule"]
