"""What the review desk shows and does, apart from HTTP: storing an upload, a document with its
corrections applied, the highlighted text of a node, links from references to stored documents,
the citation graph of the store and a document's neighbourhood in it."""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from pipeline.store import Store
from pipeline.store import corrections as corr

MAX_UPLOAD_MB = 50
UPLOAD_FORMATS = {"docx", "doc", "pdf", "txt", "md"}
_SAFE_NAME = re.compile(r"[^\w.\- ()]+")


class UploadError(ValueError):
    """An upload refused before or during conversion; *status* is the HTTP status to answer,
    *reason* the English detail the API keeps, *code* the labels.toml [upload_error] entry (with
    *values* for its placeholders) a person reads."""

    def __init__(self, status: int, reason: str, code: str = "not_a_document", **values: object):
        super().__init__(reason)
        self.status, self.reason, self.code, self.values = status, reason, code, values

    @property
    def message(self) -> str:
        from pipeline.serve.labels import upload_error

        return upload_error(self.code, **self.values)


def check_upload(name: str, data: bytes, limit_mb: float) -> str:
    """The upload's format by content ("docx", "pdf", "txt" …) or UploadError (empty, too large,
    a type vanban does not read, or not text at all)."""
    from pipeline.readers import sniff
    from pipeline.readers.decode import NotText, decode

    if not data:
        raise UploadError(400, "empty file", "empty")
    if len(data) > limit_mb * 1024 * 1024:
        raise UploadError(413, f"file too large (limit {limit_mb:g} MB)", "too_large", limit=f"{limit_mb:g}")
    fmt = sniff(name, data[:64])
    if fmt in ("txt", "md"):
        try:
            decode(data[: 1 << 20])
        except NotText as exc:
            raise UploadError(415, f"not a document vanban reads (.docx, .doc, .pdf, .txt, .md): {exc}") from None
    if fmt not in UPLOAD_FORMATS:
        raise UploadError(415, f"not a document vanban reads (.docx, .doc, .pdf, .txt, .md): {fmt} content")
    return fmt


def safe_name(name: str, fmt: str) -> str:
    """A file name from the client's, reduced to one path component of plain characters, with the
    extension of its real format."""
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "upload"
    stem = _SAFE_NAME.sub("_", os.path.splitext(base)[0]).strip("._ ")[:80] or "upload"
    return f"{stem}.{fmt}"


def store_upload(store_path: str, name: str, data: bytes, fmt: str, timeout: float,
                 max_memory_mb: float) -> tuple[int | None, str, dict[str, Any]]:
    """Save the upload under the store's uploads folder (named by its hash, never by a client path)
    and convert it in a worker process with the batch's limits; (doc id or None, store path,
    the worker's result)."""
    from pipeline.batch.plan import Job, pipeline_version
    from pipeline.writers.json_out import write_atomic

    digest = hashlib.sha256(data).hexdigest()
    with _content_lock(digest):  # the same content uploaded twice at once is converted once
        with Store(store_path) as store:
            same = store.same_content(digest)
        if same and same[2] == pipeline_version():  # already stored, by an upload or a batch: that document
            return same[0], same[1], {"status": "ok", "kind": None, "error": None}
        root = os.path.join(os.path.dirname(os.path.abspath(store_path)), "uploads")
        path = os.path.join(root, digest[:16], safe_name(name, fmt))
        rel = same[1] if same else f"uploads/{digest[:16]}/{safe_name(name, fmt)}"  # converted again under its path
        if not os.path.exists(path):
            write_atomic(path, data)
        return _convert_stored(store_path, Job(path, rel, fmt, digest, path + ".json"), root, timeout, max_memory_mb)


def sweep_orphans(store_path: str) -> list[str]:
    """Remove what a desk stopped during an upload left in the store's uploads folder: temporary
    files of unfinished writes, and upload folders (named by the content hash) whose content the
    store does not know and that no manifest row points into. Run when the desk starts, before it takes uploads; the removed paths."""
    import shutil

    root = os.path.join(os.path.dirname(os.path.abspath(store_path)), "uploads")
    if not os.path.isdir(root):
        return []
    with Store(store_path) as store:
        known = {sha[:16] for sha in store.known_sha256()}
        known |= {path.split("/")[1] for path in store.manifest() if path.startswith("uploads/") and path.count("/") >= 2}
    removed = []
    for folder in sorted(os.listdir(root)):
        path = os.path.join(root, folder)
        if not os.path.isdir(path):
            continue
        if folder not in known:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
            continue
        for name in os.listdir(path):
            if name.startswith(".vanban-") and name.endswith(".tmp"):
                os.unlink(os.path.join(path, name))
                removed.append(os.path.join(path, name))
    return removed


_LOCKS: dict[str, list] = {}  # digest → [lock, users]; dropped when its last user is done
_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def _content_lock(digest: str):
    """One conversion at a time per content, in this process."""
    with _LOCKS_GUARD:
        entry = _LOCKS.setdefault(digest, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            yield
    finally:
        with _LOCKS_GUARD:
            entry[1] -= 1
            if entry[1] == 0:
                _LOCKS.pop(digest, None)


def _convert_stored(store_path: str, job: "Job", root: str, timeout: float,
                    max_memory_mb: float) -> tuple[int | None, str, dict[str, Any]]:
    """Convert the saved upload in a worker process and record the document (or its failure)."""
    from pipeline.batch.plan import pipeline_version
    from pipeline.batch.pool import run_local

    rel, digest, fmt = job.rel, job.sha256, job.fmt
    results: list[dict[str, Any]] = []
    run_local([job], 1, lambda _, r: results.append(r), timeout, max_memory_mb)
    result = results[0]
    if result["status"] == "disk_full":
        raise UploadError(507, f"{result['error']}: free space on the server and upload again")
    with Store(store_path) as store:
        if result["status"] != "ok":
            store.record_failure(rel, digest, pipeline_version(), fmt, result["kind"], result["error"], result["seconds"])
            return None, rel, result
        doc_id = store.record_document(rel, result["data"], pipeline_version(), os.path.relpath(job.output, root),
                                       result["seconds"], result["rss_mb"])
    return doc_id, rel, result


@dataclass
class Loaded:
    """A stored document: its row, the corrected contract dict, the corrections and notes."""
    doc_id: int
    path: str
    data: dict[str, Any]
    corrections: list[corr.Correction]
    notes: list[str]

    def corrected(self, item: str) -> list[corr.Correction]:
        return [c for c in self.corrections if c.item == item]


def load(store: Store, doc_id: int) -> Loaded | None:
    """The document *doc_id* with its corrections applied (None when there is no such id)."""
    path = store.path_of(doc_id)
    if path is None:
        return None
    data = store.document(doc_id)
    assert data is not None
    fixes = corr.listing(store, path)
    data, notes = corr.apply(data, fixes)
    return Loaded(doc_id, path, data, fixes, notes)


def reference_links(store: Store, data: dict[str, Any]) -> dict[int, int]:
    """{reference index: doc id} for the references whose document is in the store (same graph
    id, or same type and number)."""
    links = {}
    for i, r in enumerate(data["references"]):
        if r["relation"] == "self":
            continue
        doc = store.doc_for_reference(r)
        if doc is not None:
            links[i] = doc
    return links


_EXPORT_COLUMN = {"deadline": "deadline_raw"}  # a corrected task field → the export column holding it


def mark_corrected(task_rows: list[dict[str, Any]], tasks: list[dict[str, Any]],
                   fixes: list[corr.Correction]) -> list[dict[str, Any]]:
    """The export rows of *tasks* (same order), each saying which of its fields people corrected,
    by whom and when ("corrected"), and which columns hold corrected values ("corrected_fields")."""
    from pipeline.serve.labels import label, when_vi

    by_item: dict[str, list[corr.Correction]] = {}
    for c in fixes:
        by_item.setdefault(c.item, []).append(c)
    for row, task in zip(task_rows, tasks):
        done = by_item.get(f"task:{task.get('id')}", [])
        if done:
            row["corrected"] = "; ".join(f"{label('field', c.field)}: {c.who}, {when_vi(c.at)}" for c in done)
            row["corrected_fields"] = sorted({_EXPORT_COLUMN.get(c.field, c.field) for c in done})
    return task_rows


def group_titles(data: dict[str, Any]) -> dict[str, str]:
    """{group label: its heading} for the task table's group rows: a task's objective and task
    labels ("1.3", "2.7") read from the merged cells of its row that open with them ("1.3. 100% TTHC …"),
    or from a group row of that label ("III" → "CẢI CÁCH TỔ CHỨC BỘ MÁY")."""
    from pipeline.text import fold

    rows: dict[str, dict[str, Any]] = {}
    stack = [data["structure"]]
    while stack:
        n = stack.pop()
        if n.get("kind") == "row":
            rows[n["id"]] = n
        stack.extend(n.get("children") or [])
    out = {r["label"]: r["title"] for r in rows.values() if r.get("label") and r.get("title")}
    for t in data["tasks"]:
        cells = (rows.get(t["node"]) or {}).get("cells") or []
        for key in (t.get("objective"), t.get("task")):
            if not key or key in out:
                continue
            opening = next((c for c in cells if fold(c).startswith(fold(key) + ".") or fold(c).startswith(fold(key) + " ")), None)
            if opening:
                out[key] = " ".join(opening[len(key):].lstrip(". ").split())[:240]
    return out


def _letters(text: str) -> str:
    from pipeline.text import fold

    return re.sub(r"\W+", "", fold(text or ""))


def repeats_heading(node: dict[str, Any]) -> bool:
    """Whether the node's text is only its label and title ("I. MỤC TIÊU"), so the text view shows
    it once, as the heading."""
    return bool(node.get("title")) and _letters(node["text"]) == _letters(f"{node.get('label') or ''}{node['title']}")


def suggest_agencies(query: str, place: str | None, limit: int = 8) -> dict[str, Any]:
    """Gazetteer names holding every word of *query* with or without diacritics ("so tai chinh" →
    "Sở Tài chính" …), shortest first, and the full form the pipeline would give the query
    ("UBND tỉnh" → "Ủy ban nhân dân tỉnh Lâm Đồng" with place "Lâm Đồng")."""
    from extractors.agencies import gazetteer, normalize_agency
    from pipeline.text import fold

    words = fold(query).split()[:12]
    if not words:
        return {"suggestions": [], "normalized": None}
    names = {name for folded, (name, _, _) in gazetteer().items() if all(w in folded for w in words)}
    full = normalize_agency(query.strip(), place)
    return {"suggestions": sorted(names, key=lambda n: (len(n), n))[:limit],
            "normalized": full if full and full != query.strip() else None}


# -- highlighted text -----------------------------------------------------------------------------
Mark = tuple[int, int, str, str]  # start, end, kind (ref | agency | deadline), tooltip


def marks_by_node(data: dict[str, Any]) -> dict[str, list[tuple[str, str, str, tuple[int, int] | None]]]:
    """{node id: [(kind, surface, tooltip, span or None)]}: references with their spans, and each
    task's agencies and deadline (found in the node's text by their surface)."""
    out: dict[str, list[tuple[str, str, str, tuple[int, int] | None]]] = {}
    from pipeline.serve.labels import date_vi, label

    shown = {"issued_date": date_vi, "relation": lambda v: label("relation", v)}
    for r in data["references"]:
        tip = " · ".join(f"{label('field', k)}: {shown.get(k, str)(r[k])}"
                         for k in ("doc_type", "number", "issued_date", "issuer", "title", "relation") if r.get(k))
        out.setdefault(r["node"], []).append(("ref", r["surface"], tip, tuple(r["span"]) if r.get("span") else None))
    for t in data["tasks"] + data.get("prose_tasks", []):
        for role in ("lead", "cooperating", "monitoring"):
            for name in t.get(role) or []:
                out.setdefault(t["node"], []).append(("agency", name, f"{label('role', role)}: {name}", None))
        dl = t.get("deadline") or {}
        if dl.get("raw"):
            tip = f"Thời hạn: {label('deadline_kind', dl['kind'])}" + "".join(
                f", {word} {date_vi(dl[k])}" for k, word in (("start", "từ"), ("end", "đến")) if dl.get(k))
            out.setdefault(t["node"], []).append(("deadline", dl["raw"], tip, None))
    return out


def _place(text: str, wanted: list[tuple[str, str, str, tuple[int, int] | None]]) -> list[Mark]:
    marks: list[Mark] = []
    for kind, surface, tip, span in wanted:
        if span and text[span[0]:span[1]] == surface:
            marks.append((span[0], span[1], kind, tip))
            continue
        at = text.find(surface) if surface else -1
        if at >= 0:
            marks.append((at, at + len(surface), kind, tip))
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[Mark] = []
    for m in marks:
        if not kept or m[0] >= kept[-1][1]:
            kept.append(m)
    return kept


def highlight(text: str, wanted: list[tuple[str, str, str, tuple[int, int] | None]]) -> Markup:
    """*text* escaped, with each wanted mention wrapped in <mark class="kind" title="…">."""
    out, pos = [], 0
    for start, end, kind, tip in _place(text, wanted):
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(kind, tip, text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def counts(data: dict[str, Any]) -> Counter:
    """How many mentions of each kind the text view highlights."""
    return Counter(kind for items in marks_by_node(data).values() for kind, *_ in items)


# -- the citation graph of the store ----------------------------------------------------------------
def store_graph(store: Store):
    """The citation graph over every stored document (rebuilt: a few hundred ms for an archive
    of a thousand documents)."""
    from pipeline import graph

    return graph.build(store.graph_inputs())


def node_label(g, n: str) -> str:
    """How the desk names a graph node: type, number (or title) and the date as dd/mm/yyyy
    ("Nghị định 108/2020/NĐ-CP (14/09/2020)")."""
    from pipeline.serve.labels import date_vi

    a = g.nodes[n]
    name = " ".join(x for x in (a.get("doc_type"), a.get("number") or a.get("title")) if x)
    return f"{name} ({date_vi(a['issued_date'])})" if a.get("issued_date") else name or n


NEIGHBOURS = 12  # documents on each side (cited, citing): more makes an unreadable star


def _closest(g, me: str, others: list[str], count) -> list[str]:
    """The NEIGHBOURS others with the most mentions (then converted first, then by id)."""
    return sorted(others, key=lambda n: (-count(n), not g.nodes[n].get("converted"), n))[:NEIGHBOURS]


def neighbourhood(store: Store, doc_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Cytoscape elements for the document, the documents it cites and those citing it (at most
    NEIGHBOURS of each, the most mentioned; "omitted" says how many more there are)."""
    from pipeline.serve.labels import label as vi

    g = store_graph(store)
    me = data["document"]["id"]
    if me not in g:
        return {"nodes": [], "edges": [], "omitted": 0}
    cited, citing = list(g.successors(me)), list(g.predecessors(me))
    near = ({me} | set(_closest(g, me, cited, lambda n: g.edges[me, n]["count"]))
            | set(_closest(g, me, citing, lambda n: g.edges[n, me]["count"])))
    omitted = len(set(cited) | set(citing)) - (len(near) - 1)
    ids = store.node_ids()
    ids[me] = doc_id
    nodes = [{"data": {"id": n, "label": node_label(g, n), "me": n == me, "converted": bool(g.nodes[n].get("converted")),
                       "doc": ids.get(n)}} for n in sorted(near)]
    edges = [{"data": {"id": f"{u}->{v}", "source": u, "target": v, "relation": e["relation"],
                       "label": vi("relation", e["relation"])}}
             for u, v, e in g.edges(data=True) if u in near and v in near and me in (u, v)]
    return {"nodes": nodes, "edges": edges, "omitted": omitted}


def browse(store: Store) -> dict[str, list[tuple[str, int]]]:
    """Document counts by issuer, by type and by year, largest first."""
    return {what: store.counts_by(what) for what in ("issuer", "type", "year")}
