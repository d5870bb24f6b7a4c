"""Search over the store: by document number, by words with or without diacritics (the query
and the index are both folded: "nghi dinh 108" finds "Nghị định 108"), filtered by type, issuer
and date. Excerpts come from the original text, located through the folded copy."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pipeline.legal import NUMBER_RE
from pipeline.store.db import Store, number_key
from pipeline.text import fold

_TOKEN = re.compile(r"[0-9a-z]+")
MAX_QUERY_CHARS = 300  # the longest title searched for in the corpus is about 250 characters
MAX_QUERY_WORDS = 40
MAX_LIMIT = 1000
_DATE = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")


class SearchError(ValueError):
    """A query or option that cannot be searched for; the message says what to change."""


def check_query(query: str, limit: int, date_from: str | None, date_to: str | None) -> list[str]:
    """The query's folded words, or SearchError: too long, punctuation only, a limit outside
    1…MAX_LIMIT, a date that is not YYYY, YYYY-MM or YYYY-MM-DD."""
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"query too long ({len(query)} characters, limit {MAX_QUERY_CHARS})")
    tokens = _TOKEN.findall(fold(query))
    if len(tokens) > MAX_QUERY_WORDS:
        raise SearchError(f"query has too many words ({len(tokens)}, limit {MAX_QUERY_WORDS})")
    if query.strip() and not tokens:
        raise SearchError(f"nothing to search for in {query.strip()[:40]!r}: give words or a number")
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    for name, value in (("from", date_from), ("to", date_to)):
        if value and not _valid_date(value):
            raise SearchError(f"--{name} {value[:40]!r}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return tokens


def _valid_date(value: str) -> bool:
    import datetime

    if not _DATE.fullmatch(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


@dataclass
class Hit:
    doc_id: int
    path: str
    doc_type: str | None
    number: str | None
    issued_date: str | None
    issuer: str | None
    title: str | None
    excerpt: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _fts_queries(tokens: list[str]) -> list[str]:
    """FTS5 queries from the strictest to the loosest: the words in sequence (allowing a word or
    two between, as "Nghị định số 108"), then all of them anywhere. A last word of letters may
    be a prefix ("cai cach hanh ch"); a number is matched whole (108 does not find 1085)."""
    last = f'"{tokens[-1]}"' + ("*" if not tokens[-1].isdigit() else "")
    quoted = [f'"{t}"' for t in tokens[:-1]] + [last]
    if len(tokens) == 1:
        return quoted
    return [f"NEAR({' '.join(quoted)}, {2 * len(tokens)})", " ".join(quoted)]


def _excerpt(body: str, tokens: list[str], width: int = 80) -> str:
    """Text around the query in *body*: the words in sequence if they occur so, else the longest
    word (fold keeps offsets, so a match on the folded text indexes the original)."""
    folded = fold(body)
    best = None
    if tokens:
        gap = r"(?:[^0-9a-z]+[0-9a-z]+){0,2}?[^0-9a-z]+"  # up to two words between, as NEAR allows
        m = re.search(r"(?<![0-9a-z])" + gap.join(map(re.escape, tokens)), folded)
        if m is None:
            m = re.search(rf"(?<![0-9a-z]){re.escape(max(tokens, key=len))}", folded)
        best = m.start() if m else None
    if best is None:
        return body[: 2 * width].replace("\n", " ").strip()
    start = max(0, best - width)
    return ("…" if start else "") + body[start: best + width].replace("\n", " ").strip() + "…"


def _date_bound(value: str | None, end: bool) -> str | None:
    """'2023' → 2023-01-01 (or 2023-12-31 as an upper bound); '2023-05' likewise; ISO dates as given."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if end else f"{parts[0]}-01-01"
    if len(parts) == 2:
        return f"{value}-31" if end else f"{value}-01"
    return value


def _type_names(value: str) -> list[str]:
    """Type names meant by a code or a name, with or without diacritics ("QĐ", "qd", "quyet dinh")."""
    from pipeline.vocab import doc_type_rows

    key = fold(value).replace(" ", "")
    names = {r["name"] for r in doc_type_rows()
             if key in (fold(r["code"]).replace(" ", ""), fold(r["name"]).replace(" ", ""))}
    return sorted(names) or [value]


def search(store: Store, query: str = "", doc_type: str | None = None, issuer: str | None = None,
           date_from: str | None = None, date_to: str | None = None, limit: int = 20) -> list[Hit]:
    """Documents matching *query* (numbers first, then full-text rank) and the filters; SearchError
    for a query or option check_query refuses."""
    tokens = check_query(query, limit, date_from, date_to)
    where, params = [], []
    if doc_type:
        where.append("d.doc_type IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(_type_names(doc_type), ensure_ascii=False))
    if issuer:
        where.append("d.doc_id IN (SELECT doc_id FROM agencies WHERE role='issuer' AND folded LIKE ?)")
        params.append(f"%{fold(issuer)}%")
    if (lo := _date_bound(date_from, False)):
        where.append("d.issued_date >= ?")
        params.append(lo)
    if (hi := _date_bound(date_to, True)):
        where.append("d.issued_date <= ?")
        params.append(hi)
    filters = (" AND " + " AND ".join(where)) if where else ""
    rows: list[Any] = []
    seen: set[int] = set()
    # a query that is (or holds) a document number finds that document first
    for m in NUMBER_RE.finditer(query.upper()):
        for r in store.db.execute(f"SELECT d.* FROM documents d WHERE d.number_key = ?{filters}",
                                  [number_key(m.group(0)), *params]):
            if r["doc_id"] not in seen:
                seen.add(r["doc_id"])
                rows.append(r)
    if tokens:
        sql = (f"SELECT d.* FROM fts JOIN documents d ON d.doc_id = fts.rowid WHERE fts MATCH ?{filters}"
               " ORDER BY bm25(fts) LIMIT ?")
        for q in _fts_queries(tokens):
            for r in store.db.execute(sql, [q, *params, limit]):
                if r["doc_id"] not in seen:
                    seen.add(r["doc_id"])
                    rows.append(r)
    else:
        rows.extend(r for r in store.db.execute(f"SELECT d.* FROM documents d WHERE 1=1{filters}"
                                                " ORDER BY d.issued_date DESC, d.path LIMIT ?", [*params, limit])
                    if r["doc_id"] not in seen)
    hits = []
    for r in rows[:limit]:
        body = store.db.execute("SELECT body FROM texts WHERE doc_id=?", (r["doc_id"],)).fetchone()
        hits.append(Hit(r["doc_id"], r["path"], r["doc_type"], r["number"], r["issued_date"], r["issuer"],
                        r["title"], _excerpt(body[0] if body else "", tokens)))
    return hits
