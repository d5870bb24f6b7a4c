"""Two batches' SQLite stores, every table row by row: prints what differs and exits 1 if anything does.

A document's rows are matched by its path, not its doc_id (two runs with workers may store the
documents in another order); the columns a run sets from the clock or the machine (manifest
seconds, rss_mb and done_at, documents.added_at) are left out. Blobs are compared as bytes
(compressed) and, when those differ, decompressed, so the message says which differs.

    .venv/bin/python bench/compare_store.py OLD/vanban.sqlite NEW/vanban.sqlite [--show 5]
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import zlib

# columns of a run's clock and machine, not of its conversion
VOLATILE = {"manifest": {"seconds", "rss_mb", "done_at"}, "documents": {"added_at"}}
# tables whose doc_id column is replaced by the document's path before comparing
BY_DOC = ("documents", "texts", "references", "tasks", "agencies", "effects", "relations", "task_agencies")


def _tables(db: sqlite3.Connection) -> list[str]:
    """Every table of the store, FTS5's shadow tables (fts_data …) left to the fts table itself."""
    rows = db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()
    return [r[0] for r in rows if not r[0].startswith("fts_")]


def _rows(db: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple]]:
    """(column names, rows sorted) of *table*, doc_id as the document's path, volatile columns left out."""
    paths = dict(db.execute("SELECT doc_id, path FROM documents"))
    cur = db.execute(f'SELECT rowid, * FROM "{table}"' if table == "fts" else f'SELECT * FROM "{table}"')
    names = [c[0] for c in cur.description]
    keep = [i for i, n in enumerate(names) if n not in VOLATILE.get(table, ())]
    rows = []
    for row in cur:
        row = list(row)
        if table in BY_DOC and "doc_id" in names:
            row[names.index("doc_id")] = paths.get(row[names.index("doc_id")], f"?{row[names.index('doc_id')]}")
        if table == "fts":
            row[0] = paths.get(row[0], f"?{row[0]}")
        rows.append(tuple(row[i] for i in keep))
    return [names[i] for i in keep], sorted(rows, key=repr)


def _blob_note(names: list[str], a: tuple, b: tuple) -> str:
    """For two documents rows that differ: whether their blobs differ compressed only or also decompressed."""
    if "data" not in names:
        return ""
    i = names.index("data")
    if a[i] == b[i]:
        return " (blobs equal)"
    same = zlib.decompress(a[i]) == zlib.decompress(b[i])
    return " (blobs differ compressed only)" if same else " (blobs differ decompressed too)"


def compare(old: str, new: str, show: int) -> int:
    """Print each table's row count and differences; the number of differing rows over all tables."""
    a, b = sqlite3.connect(old), sqlite3.connect(new)
    tables = sorted(set(_tables(a)) | set(_tables(b)))
    differing = 0
    for table in tables:
        names_a, rows_a = _rows(a, table)
        names_b, rows_b = _rows(b, table)
        if names_a != names_b:
            print(f"{table}: columns differ: {names_a} / {names_b}")
            differing += 1
            continue
        only_a = sorted(set(rows_a) - set(rows_b), key=repr)
        only_b = sorted(set(rows_b) - set(rows_a), key=repr)
        dup = len(rows_a) - len(set(rows_a)) != len(rows_b) - len(set(rows_b))
        same = not only_a and not only_b and not dup and rows_a == rows_b
        print(f"{table:16} {len(rows_a):7} / {len(rows_b):7} rows  {'identical' if same else 'DIFFER'}")
        if same:
            continue
        differing += max(len(only_a), len(only_b), 1)
        for row in only_a[:show]:
            print(f"  old only: {repr(row)[:300]}")
        for row in only_b[:show]:
            print(f"  new only: {repr(row)[:300]}")
        if table == "documents" and only_a and only_b:
            print(f"  first pair{_blob_note(names_a, only_a[0], only_b[0])}")
    print("no row differs" if not differing else f"{differing} rows differ")
    return differing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--show", type=int, default=5, help="rows shown per table and side")
    args = ap.parse_args()
    sys.exit(1 if compare(args.old, args.new, args.show) else 0)


if __name__ == "__main__":
    main()
