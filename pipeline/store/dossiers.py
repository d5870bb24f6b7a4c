"""Dossiers: files uploaded together (a tờ trình with its dự thảo and phụ lục) kept as one group
in the store, each file with its status (converted into a document, or refused and why)."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from pipeline.store.db import Store

MAX_NAME = 200
SCHEMA = """
CREATE TABLE IF NOT EXISTS dossiers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, who TEXT NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS dossier_files (
    dossier INTEGER NOT NULL, ord INTEGER NOT NULL, name TEXT NOT NULL,
    status TEXT NOT NULL,             -- ok | failed
    doc_id INTEGER, message TEXT, PRIMARY KEY (dossier, ord)
);
"""


@dataclass
class Dossier:
    id: int
    name: str
    who: str
    at: float
    files: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _ready(store: Store) -> Store:
    store.db.executescript(SCHEMA)
    return store


def create(store: Store, name: str, who: str) -> Dossier:
    """A new, empty dossier named *name* (trimmed to MAX_NAME characters)."""
    name = " ".join((name or "").split())[:MAX_NAME] or "Hồ sơ"
    at = time.time()
    cur = _ready(store).db.execute("INSERT INTO dossiers (name, who, at) VALUES (?,?,?)", (name, who, at))
    return Dossier(int(cur.lastrowid), name, who, at)


def add_file(store: Store, dossier: int, name: str, doc_id: int | None, message: str | None) -> dict[str, object]:
    """Record one file of the dossier: its document, or the reason it was refused."""
    with _ready(store).transaction():
        ord_ = store.db.execute("SELECT count(*) FROM dossier_files WHERE dossier=?", (dossier,)).fetchone()[0]
        status = "ok" if doc_id is not None else "failed"
        store.db.execute("INSERT INTO dossier_files VALUES (?,?,?,?,?,?)", (dossier, ord_, name, status, doc_id, message))
    return {"name": name, "status": status, "doc_id": doc_id, "message": message}


def get(store: Store, dossier: int) -> Dossier | None:
    row = _ready(store).db.execute("SELECT * FROM dossiers WHERE id=?", (dossier,)).fetchone()
    if row is None:
        return None
    files = [{"name": r["name"], "status": r["status"], "doc_id": r["doc_id"], "message": r["message"],
              "document": {"doc_type": r["doc_type"], "number": r["number"], "title": r["title"]} if r["path"] else None}
             for r in store.db.execute("SELECT f.*, d.path, d.doc_type, d.number, d.title FROM dossier_files f"
                                       " LEFT JOIN documents d ON d.doc_id = f.doc_id WHERE f.dossier=? ORDER BY f.ord",
                                       (dossier,))]
    return Dossier(row["id"], row["name"], row["who"], row["at"], files)


def count_files(store: Store, dossier: int) -> int:
    return _ready(store).db.execute("SELECT count(*) FROM dossier_files WHERE dossier=?", (dossier,)).fetchone()[0]


def recent(store: Store, limit: int = 20) -> list[Dossier]:
    """The latest dossiers, newest first, with their files."""
    ids = [r[0] for r in _ready(store).db.execute("SELECT id FROM dossiers ORDER BY id DESC LIMIT ?", (limit,))]
    return [d for d in (get(store, i) for i in ids) if d]


def of_document(store: Store, doc_id: int) -> list[Dossier]:
    """The dossiers a document was uploaded in."""
    ids = [r[0] for r in _ready(store).db.execute(
        "SELECT DISTINCT dossier FROM dossier_files WHERE doc_id=? ORDER BY dossier", (doc_id,))]
    return [d for d in (get(store, i) for i in ids) if d]
