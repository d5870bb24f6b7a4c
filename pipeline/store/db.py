"""SQLite store: schema, ingestion of one contract dict per transaction, manifest rows, and the
documents and references the citation graph is rebuilt from."""
from __future__ import annotations

import json
import os
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from pipeline.legal.numbers import number_key
from pipeline.text import fold

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS manifest (
    path TEXT PRIMARY KEY,            -- input, relative to the batch's source folder
    sha256 TEXT NOT NULL, pipeline TEXT NOT NULL, format TEXT,
    status TEXT NOT NULL,             -- ok | failed
    kind TEXT, error TEXT,            -- for failed: input | internal | timeout | memory | crash
    output TEXT, seconds REAL, rss_mb REAL, done_at REAL
);
CREATE TABLE IF NOT EXISTS documents (
    doc_id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL, node_id TEXT, doc_type TEXT, number TEXT, number_key TEXT,
    issued_date TEXT, issuer TEXT, title TEXT, signer TEXT, format TEXT, pages INTEGER,
    sha256 TEXT, output TEXT, n_references INTEGER, n_tasks INTEGER, n_warnings INTEGER,
    added_at REAL, data BLOB           -- the contract JSON, zlib-compressed
);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number_key);
CREATE INDEX IF NOT EXISTS documents_node ON documents(node_id);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);  -- each insert asks for an upload of its content
CREATE TABLE IF NOT EXISTS texts (doc_id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "references" (
    doc_id INTEGER NOT NULL, ord INTEGER NOT NULL, surface TEXT, doc_type TEXT, number TEXT,
    number_key TEXT, issued_date TEXT, issuer TEXT, title TEXT, relation TEXT, target TEXT,
    node TEXT, span_start INTEGER, span_end INTEGER, PRIMARY KEY (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS references_target ON "references"(target);
CREATE INDEX IF NOT EXISTS references_number ON "references"(number_key);
CREATE TABLE IF NOT EXISTS tasks (
    doc_id INTEGER NOT NULL, ord INTEGER NOT NULL, task_id TEXT, label TEXT, text TEXT,
    product TEXT, lead TEXT, cooperating TEXT, monitoring TEXT,   -- agency lists as JSON arrays
    deadline_raw TEXT, deadline_kind TEXT, deadline_start TEXT, deadline_end TEXT,
    budget_raw TEXT, amount_vnd INTEGER, node TEXT, PRIMARY KEY (doc_id, ord)
);
CREATE TABLE IF NOT EXISTS agencies (
    doc_id INTEGER NOT NULL, name TEXT NOT NULL, folded TEXT NOT NULL, role TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (doc_id, name, role)
);
CREATE INDEX IF NOT EXISTS agencies_folded ON agencies(folded);
CREATE TABLE IF NOT EXISTS agency_entities (       -- one row per agency id across the archive
    agency_id TEXT PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL, level TEXT, province TEXT,
    successor_of TEXT, since TEXT
);
CREATE TABLE IF NOT EXISTS task_agencies (         -- who leads / cooperates on which task (by uid)
    doc_id INTEGER NOT NULL, uid TEXT NOT NULL, agency_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (doc_id, uid, agency_id, role)
);
CREATE INDEX IF NOT EXISTS task_agencies_agency ON task_agencies(agency_id);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL, target TEXT NOT NULL, relation TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (source, target)
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(folded, tokenize = 'unicode61');
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, item TEXT NOT NULL, field TEXT NOT NULL,
    old TEXT, new TEXT NOT NULL,      -- JSON values; item: "task:<task id>" | "reference:<index>"
    who TEXT NOT NULL, at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_path ON corrections(path);
CREATE TABLE IF NOT EXISTS effects (  -- document.effective: when the document is in force
    doc_id INTEGER PRIMARY KEY, date_from TEXT, date_to TEXT, raw TEXT, node TEXT
);
CREATE TABLE IF NOT EXISTS relations (  -- what its own articles do to other documents
    doc_id INTEGER NOT NULL, ord INTEGER NOT NULL, relation TEXT NOT NULL, doc_type TEXT, number TEXT, issued_date TEXT, target TEXT,
    number_key TEXT, effective_from TEXT, provisions TEXT, node TEXT, PRIMARY KEY (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS relations_number ON relations(number_key);
"""


# zlib's fastest level for the documents' JSON blobs: 3x less CPU than level 6 in each worker (0.03
# against 0.09 s over the corpus's 110 DOCX) for blobs a quarter larger (1.04 against 0.83 MB); any
# level decompresses to the same bytes, so stores written at level 6 read the same.
BLOB_LEVEL = 1

StoreError = sqlite3.OperationalError  # what a write to the store raises when the disk or the file fails


def store_full(exc: BaseException) -> bool:
    """Whether a store error is for lack of space (SQLITE_FULL, or its message says so)."""
    return getattr(exc, "sqlite_errorcode", None) == getattr(sqlite3, "SQLITE_FULL", 13) or "full" in str(exc)


def body_text(structure: dict[str, Any]) -> str:
    """The document's text in reading order: every node's text (headings included), one per line."""
    lines, stack = [], [structure]
    pop, push, add = stack.pop, stack.extend, lines.append  # bound once: a gazette has 52,000 nodes
    while stack:
        node = pop()
        text = node.get("text")
        if text:
            add(text)
        children = node.get("children")
        if children:
            push(children[::-1])
    return "\n".join(lines)


@dataclass
class DocRows:
    """One document's rows for the store, without its doc_id: made where the document was
    converted (a batch worker), so the process that owns the database only inserts them."""
    document: tuple          # the documents columns node_id … sha256
    counts: tuple            # n_references, n_tasks, n_warnings
    blob: bytes              # the contract JSON, zlib-compressed (until finish(): compact, not compressed)
    body: str
    folded: str              # header and body, diacritics folded, for FTS ("" until finish())
    references: list[tuple]
    tasks: list[tuple]
    agencies: list[tuple]    # (name, folded, role, n)
    effect: tuple | None = None                       # (from, to, raw, node)
    relations: list[tuple] = field(default_factory=list)  # (ord, relation, type, number, date, target, key, from, provisions, node)
    entities: list[tuple] = field(default_factory=list)     # agency_entities rows
    assignments: list[tuple] = field(default_factory=list)  # (uid, agency_id, role)
    head: str | None = None  # of rows made with later=True: the header words, till finish() folds them with the body

    @property
    def sha256(self) -> str:
        return self.document[10]

    @property
    def fmt(self) -> str:
        return self.document[8]

    @classmethod
    def of(cls, data: dict[str, Any], later: bool = False) -> "DocRows":
        """The rows of a contract dict. *later*: the blob's compression and the FTS text's fold
        (0.06 of their 0.09 s over the corpus's 110 DOCX) are left to finish(), for the process
        that stores the rows to do (a batch's journal thread, while the worker converts on)."""
        import orjson

        d, src = data["document"], data["source"]
        document = (d.get("id"), d.get("doc_type"), d.get("number"), number_key(d.get("number")),
                    d.get("issued_date"), d.get("issuer"), d.get("title"), d.get("signer"), src.get("format"),
                    src.get("pages"), src.get("sha256"))
        counts = (len(data["references"]), len(data["tasks"]), len(data["warnings"]))
        body = body_text(data["structure"])
        head = " ".join(x for x in (d.get("doc_type"), d.get("number"), d.get("issuer"), d.get("title")) if x)
        references = [(i, r.get("surface"), r.get("doc_type"), r.get("number"), number_key(r.get("number")),
                       r.get("issued_date"), r.get("issuer"), r.get("title"), r.get("relation"), r.get("target"),
                       r.get("node"), *(r.get("span") or (None, None))) for i, r in enumerate(data["references"])]
        tasks, roles = [], {}
        for i, t in enumerate(data["tasks"]):
            dl, bu = t.get("deadline") or {}, t.get("budget") or {}
            tasks.append((i, t.get("id"), t.get("label"), t.get("text"), t.get("product"),
                          *(json.dumps(t.get(k) or [], ensure_ascii=False) for k in ("lead", "cooperating", "monitoring")),
                          dl.get("raw"), dl.get("kind"), dl.get("start"), dl.get("end"),
                          bu.get("raw"), bu.get("amount_vnd"), t.get("node")))
            for role in ("lead", "cooperating", "monitoring"):
                for name in t.get(role) or []:
                    roles[(name, role)] = roles.get((name, role), 0) + 1
        if d.get("issuer"):
            roles[(d["issuer"], "issuer")] = 1
        eff = d.get("effective") or None
        effect = (eff.get("from"), eff.get("to"), eff.get("raw"), eff.get("node")) if eff else None
        relations = [(i, r["relation"], r.get("doc_type"), r.get("number"), r.get("issued_date"), r.get("target"),
                      number_key(r.get("number")),
                      r.get("effective_from"),
                      json.dumps(r.get("provisions") or [], ensure_ascii=False), r.get("node"))
                     for i, r in enumerate((eff or {}).get("relations") or [])]
        rows = cls(document, counts, orjson.dumps(data), body, "", references, tasks,
                   [(name, fold(name), role, n) for (name, role), n in roles.items()], effect, relations,
                   *_agency_rows(data), head=head)
        return rows if later else rows.finish()

    @property
    def finished(self) -> bool:
        """Whether the blob is compressed and the FTS text folded (of() without later, or finish())."""
        return self.head is None

    def graph_input(self) -> dict[str, Any]:
        """{"document", "references"} as Store.graph_inputs() reads them back for these rows, from
        the columns of() put in its tuples (the batch gathers them as it stores, graph_inputs.py)."""
        node_id, doc_type, number, _, issued_date, issuer, title = self.document[:7]
        doc = {"doc_type": doc_type, "number": number, "issued_date": issued_date, "issuer": issuer,
               "title": title, "id": node_id}
        refs = [{"doc_type": r[2], "number": r[3], "issued_date": r[5], "issuer": r[6], "title": r[7],
                 "relation": r[8], "target": r[9]} for r in self.references]
        return {"document": doc, "references": refs}

    def finish(self) -> "DocRows":
        """These rows as they are stored: the blob compressed and the header and body folded for
        FTS, if of() left them (later); the same rows either way."""
        if not self.finished:
            self.blob = zlib.compress(self.blob, BLOB_LEVEL)
            self.folded = fold(self.head + "\n" + self.body)
            self.head = None
        return self


def _agency_rows(data: dict[str, Any]) -> tuple[list[tuple], list[tuple]]:
    """The document's agencies as entities, and which task (uid) each leads or cooperates on."""
    entities = [(a["id"], a["name"], fold(a["name"]), a.get("level"), a.get("province"),
                 (a.get("successor_of") or {}).get("name"), (a.get("successor_of") or {}).get("since"))
                for a in data.get("agencies") or []]
    assignments = {(t["uid"], agency_id, role) for t in (data.get("tasks") or []) + (data.get("prose_tasks") or [])
                   if t.get("uid") for role in ("lead", "cooperating") for agency_id in t.get(f"{role}_ids") or []}
    return entities, sorted(assignments)


class Store:
    """One SQLite file; open with Store(path), use as a context manager or call close()."""

    def __init__(self, path: str):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=OFF")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise RuntimeError(f"{path}: store schema {version} is not {SCHEMA_VERSION}; use a new store")
        self.db.executescript(SCHEMA)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- manifest -----------------------------------------------------------------------------
    def manifest(self) -> dict[str, sqlite3.Row]:
        """Manifest rows by input path."""
        return {r["path"]: r for r in self.db.execute("SELECT * FROM manifest")}

    def forget(self, path: str) -> None:
        """Remove an input's manifest row and its document (an input deleted from the source)."""
        with self.transaction():
            self._delete_document(path)
            self.db.execute("DELETE FROM manifest WHERE path=?", (path,))

    def _record(self, path: str, sha256: str, pipeline: str, fmt: str, status: str, kind: str | None,
                error: str | None, output: str | None, seconds: float, rss: float) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO manifest VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (path, sha256, pipeline, fmt, status, kind, error, output, seconds, rss, time.time()))

    def record_failure(self, path: str, sha256: str, pipeline: str, fmt: str, kind: str, error: str,
                       seconds: float = 0.0, rss: float = 0.0) -> None:
        """A failed input: its manifest row says why, and no document of that path remains."""
        with self.transaction():
            self._delete_document(path)
            self._record(path, sha256, pipeline, fmt, "failed", kind, error, None, seconds, rss)

    def record_document(self, path: str, data: "dict[str, Any] | DocRows", pipeline: str, output: str | None,
                        seconds: float = 0.0, rss: float = 0.0) -> int:
        """Store one converted document (its contract dict, or the rows a worker made of it) and
        its manifest row in one transaction; return its id."""
        rows = data.finish() if isinstance(data, DocRows) else DocRows.of(data)
        with self.transaction():
            doc_id = self._insert(path, rows, output)
            self._record(path, rows.sha256, pipeline, rows.fmt, "ok", None, None, output, seconds, rss)
        return doc_id

    # -- documents ----------------------------------------------------------------------------
    def transaction(self) -> "_Tx":
        return _Tx(self.db)

    def _delete_document(self, path: str) -> int | None:
        """Remove the document stored for *path*; its id, for a new conversion to keep."""
        row = self.db.execute("SELECT doc_id FROM documents WHERE path=?", (path,)).fetchone()
        if row is None:
            return None
        for table in ("texts", '"references"', "tasks", "agencies", "effects", "relations", "task_agencies"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id=?", (row[0],))
        self.db.execute("DELETE FROM fts WHERE rowid=?", (row[0],))
        self.db.execute("DELETE FROM documents WHERE doc_id=?", (row[0],))
        return int(row[0])

    def _adopt_upload(self, path: str, sha256: str | None) -> int | None:
        """A document uploaded in the review desk with the same content as the input now stored
        under *path* (a batch converting that file) becomes this one: its row goes, its id and its
        corrections are kept under *path*. One document per content, whichever came first."""
        if not sha256 or path.startswith("uploads/"):
            return None
        row = self.db.execute("SELECT path FROM documents WHERE sha256=? AND path LIKE 'uploads/%' AND path != ?"
                              " ORDER BY doc_id LIMIT 1", (sha256, path)).fetchone()
        if row is None:
            return None
        self.db.execute("UPDATE corrections SET path=? WHERE path=?", (path, row[0]))
        self.db.execute("DELETE FROM manifest WHERE path=?", (row[0],))
        return self._delete_document(row[0])

    def _insert(self, path: str, rows: "DocRows", output: str | None) -> int:
        old_id = self._delete_document(path)  # a document converted again keeps its id (and its pages' links)
        if old_id is None:
            old_id = self._adopt_upload(path, rows.sha256)
        cur = self.db.execute(
            "INSERT INTO documents (doc_id, path, node_id, doc_type, number, number_key, issued_date, issuer,"
            " title, signer, format, pages, sha256, output, n_references, n_tasks, n_warnings, added_at, data)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (old_id, path, *rows.document, output, *rows.counts, time.time(), rows.blob))
        doc_id = int(cur.lastrowid)
        self.db.execute("INSERT INTO texts VALUES (?,?)", (doc_id, rows.body))
        self.db.execute("INSERT INTO fts (rowid, folded) VALUES (?,?)", (doc_id, rows.folded))
        self.db.executemany('INSERT INTO "references" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                            [(doc_id, *r) for r in rows.references])
        self.db.executemany("INSERT INTO tasks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            [(doc_id, *t) for t in rows.tasks])
        self.db.executemany("INSERT INTO agencies VALUES (?,?,?,?,?)", [(doc_id, *a) for a in rows.agencies])
        if rows.effect:
            self.db.execute("INSERT INTO effects VALUES (?,?,?,?,?)", (doc_id, *rows.effect))
        self.db.executemany("INSERT INTO relations VALUES (?,?,?,?,?,?,?,?,?,?,?)", [(doc_id, *r) for r in rows.relations])
        self.db.executemany("INSERT OR REPLACE INTO agency_entities VALUES (?,?,?,?,?,?,?)", rows.entities)
        self.db.executemany("INSERT OR IGNORE INTO task_agencies VALUES (?,?,?,?)", [(doc_id, *a) for a in rows.assignments])
        return doc_id

    def document(self, doc_id: int) -> dict[str, Any] | None:
        """The stored contract dict of a document."""
        row = self.db.execute("SELECT data FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return json.loads(zlib.decompress(row[0])) if row else None

    def same_content(self, sha256: str) -> tuple[int, str, str | None] | None:
        """(doc id, path, pipeline version of its conversion) of a stored document whose input had
        this SHA-256, the first stored; None when no such content is stored."""
        row = self.db.execute("SELECT d.doc_id, d.path, m.pipeline FROM documents d LEFT JOIN manifest m ON m.path = d.path"
                              " WHERE d.sha256=? ORDER BY d.doc_id LIMIT 1", (sha256,)).fetchone()
        return (int(row[0]), row[1], row[2]) if row else None

    def known_sha256(self) -> set[str]:
        """The content hashes of every stored document and manifest row (converted or failed)."""
        return {r[0] for r in self.db.execute("SELECT sha256 FROM documents UNION SELECT sha256 FROM manifest") if r[0]}

    def count(self, table: str = "documents") -> int:
        return self.db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    # -- what the review desk and the status check read ---------------------------------------
    def recent(self, n: int = 20) -> list[sqlite3.Row]:
        """The *n* documents stored last, newest first (the desk's home page)."""
        return self.db.execute("SELECT doc_id, path, doc_type, number, issued_date, issuer, title, n_tasks"
                               " FROM documents ORDER BY added_at DESC LIMIT ?", (n,)).fetchall()

    def path_of(self, doc_id: int) -> str | None:
        """The input path a document was stored under; None when there is no such id."""
        row = self.db.execute("SELECT path FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def doc_for_number(self, number: str | None, doc_type: str | None = None, any_type: bool = True) -> int | None:
        """The id of a stored document with this number (and, unless *any_type*, this type)."""
        if not number:
            return None
        if any_type:
            row = self.db.execute("SELECT doc_id FROM documents WHERE number_key=? LIMIT 1", (number_key(number),)).fetchone()
        else:
            row = self.db.execute("SELECT doc_id FROM documents WHERE number_key=? AND doc_type IS ? LIMIT 1",
                                  (number_key(number), doc_type)).fetchone()
        return row[0] if row else None

    def doc_for_reference(self, ref: dict[str, Any]) -> int | None:
        """The id of the stored document a reference cites: same graph id, else same type and number."""
        row = self.db.execute("SELECT doc_id FROM documents WHERE node_id=? LIMIT 1", (ref.get("target"),)).fetchone()
        if row is not None:
            return row[0]
        return self.doc_for_number(ref.get("number"), ref.get("doc_type"), any_type=False)

    def node_ids(self) -> dict[str, int]:
        """{graph node id: doc id}; of two documents with one node id, the one stored first."""
        return {r[0]: r[1] for r in self.db.execute("SELECT node_id, doc_id FROM documents ORDER BY doc_id DESC")}

    def counts_by(self, what: str) -> list[tuple[str, int]]:
        """Document counts by "issuer" (the first 100), "type" or "year", largest first."""
        sql = {"issuer": "SELECT issuer, count(*) n FROM documents GROUP BY issuer ORDER BY n DESC, issuer LIMIT 100",
               "type": "SELECT doc_type, count(*) n FROM documents GROUP BY doc_type ORDER BY n DESC, doc_type",
               "year": "SELECT substr(issued_date, 1, 4) y, count(*) n FROM documents GROUP BY y ORDER BY y DESC"}[what]
        return [(r[0], r[1]) for r in self.db.execute(sql) if r[0]]

    def citing(self, key: str) -> list[sqlite3.Row]:
        """The documents whose Căn cứ or implemented references carry this number key (other than
        those numbered so themselves): relation, the reference's type and date, the citing document."""
        return self.db.execute(
            'SELECT DISTINCT r.relation, r.doc_type AS ref_type, r.issued_date AS ref_date, d.doc_id, d.doc_type, '
            'd.number, d.issued_date FROM "references" r JOIN documents d ON d.doc_id = r.doc_id '
            "WHERE r.number_key=? AND r.relation IN ('can_cu', 'implements') AND d.number_key IS NOT ?",
            (key, key)).fetchall()

    def acting_on(self, key: str) -> list[sqlite3.Row]:
        """The acts (amends, replaces, repeals …) of stored documents on the number key, with the
        acting document."""
        return self.db.execute(
            "SELECT a.relation, a.effective_from, a.issued_date AS ref_date, d.doc_id, d.doc_type, d.number, "
            "d.issued_date FROM relations a JOIN documents d ON d.doc_id = a.doc_id WHERE a.number_key=?",
            (key,)).fetchall()

    def status_rows(self) -> list[sqlite3.Row]:
        """Every stored document's identity and dates in force (no JSON decoded), for the status check."""
        return self.db.execute("SELECT d.doc_id, d.doc_type, d.number, d.issued_date, d.issuer, d.title, "
                               "COALESCE(d.output, d.path) AS path, e.date_from, e.date_to FROM documents d "
                               "LEFT JOIN effects e ON e.doc_id = d.doc_id").fetchall()

    def relation_rows(self) -> list[sqlite3.Row]:
        """Every stored act of a document on another, in document order."""
        return self.db.execute("SELECT * FROM relations ORDER BY doc_id, ord").fetchall()

    # -- agencies across the archive -------------------------------------------------------------
    def agency(self, agency_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM agency_entities WHERE agency_id=?", (agency_id,)).fetchone()

    def agencies(self) -> list[dict[str, Any]]:
        """Every agency entity, by name."""
        return [dict(r) for r in self.db.execute("SELECT * FROM agency_entities ORDER BY name")]

    def agency_links(self, agency_id: str) -> list[sqlite3.Row]:
        """(doc_id, uid, role) of the tasks the agency leads or cooperates on, by document path. A
        task stored twice (one document's PDF and its text: the same uid) is listed once, from
        the copy whose path sorts first."""
        rows = self.db.execute("SELECT t.doc_id, t.uid, t.role FROM task_agencies t JOIN documents d USING (doc_id)"
                               " WHERE t.agency_id=? ORDER BY d.path", (agency_id,)).fetchall()
        seen: set[tuple[str, str]] = set()
        return [r for r in rows if (r["uid"], r["role"]) not in seen and not seen.add((r["uid"], r["role"]))]

    def agency_task_counts(self) -> dict[str, int]:
        """{agency id: how many task roles it holds} (a task stored twice counted once, as agency_links lists it)."""
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT agency_id, count(DISTINCT uid || char(31) || role) FROM task_agencies GROUP BY agency_id")}

    def task_documents(self) -> list[int]:
        """Every document's id, by path: the order in which a task stored twice is taken from its first copy."""
        return [r[0] for r in self.db.execute("SELECT doc_id FROM documents ORDER BY path")]

    # -- the citation graph -------------------------------------------------------------------
    def graph_inputs(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(output path, {"document", "references"}) per stored document, as pipeline.graph.build
        reads them from output files."""
        refs: dict[int, list[dict[str, Any]]] = {}
        for r in self.db.execute('SELECT * FROM "references" ORDER BY doc_id, ord'):
            refs.setdefault(r["doc_id"], []).append(
                {k: r[k] for k in ("doc_type", "number", "issued_date", "issuer", "title", "relation", "target")})
        for d in self.db.execute("SELECT * FROM documents ORDER BY path"):
            doc = {k: d[k] for k in ("doc_type", "number", "issued_date", "issuer", "title")}
            doc["id"] = d["node_id"]
            yield d["output"] or d["path"], {"document": doc, "references": refs.get(d["doc_id"], [])}

    def paths(self) -> list[str]:
        """Every stored document's path, in the order graph_inputs() yields them."""
        return [r[0] for r in self.db.execute("SELECT path FROM documents ORDER BY path")]

    def data_version(self) -> int:
        """SQLite's data_version: another connection's commit (or checkpoint) changes it, this one's never."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def replace_edges(self, edges: Iterable[tuple[str, str, str, int]]) -> None:
        """The citing pairs of the last graph build."""
        with self.transaction():
            self.db.execute("DELETE FROM edges")
            self.db.executemany("INSERT INTO edges VALUES (?,?,?,?)", edges)


class _Tx:
    """BEGIN IMMEDIATE … COMMIT, rolled back on error (the connection runs in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
