"""The review desk: a FastAPI application with server-rendered pages (Jinja2, autoescaped) and a
JSON API under /api over the same SQLite store as `vanban batch`. Every asset is served from the
package; nothing is fetched from the internet."""
from __future__ import annotations

import os
import time
from importlib import resources
from typing import Any

from fastapi import FastAPI, File, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from pipeline.serve import desk
from pipeline.store import Store
from pipeline.store import corrections as corr

_HERE = resources.files("pipeline.serve")


class CorrectionIn(BaseModel):
    item: str                 # "task:<task id>" or "reference:<index>"
    field: str
    value: str | list[str] | None
    who: str


def create_app(store_path: str, max_upload_mb: float = desk.MAX_UPLOAD_MB, timeout: float = 120.0,
               max_memory_mb: float = 2048.0) -> FastAPI:
    """The application over the store at *store_path* (created when missing)."""
    Store(store_path).close()
    app = FastAPI(title="vanban review desk", version=__import__("pipeline").__version__,
                  description="Upload, check, correct and export Vietnamese government documents.",
                  docs_url=None, redoc_url=None)  # their pages load scripts from a CDN; /openapi.json stays
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.filters["when"] = lambda t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t))

    def store() -> Store:
        return Store(store_path)

    def loaded(s: Store, doc_id: int) -> desk.Loaded:
        doc = desk.load(s, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        return doc

    async def read_upload(file: UploadFile) -> bytes:
        limit = int(max_upload_mb * 1024 * 1024)
        data = await file.read(limit + 1)
        if len(data) > limit:
            raise desk.UploadError(413, f"file too large (limit {max_upload_mb:g} MB)")
        return data

    def convert_upload(name: str, data: bytes) -> int:
        fmt = desk.check_upload(name, data, max_upload_mb)
        try:
            doc_id, _, result = desk.store_upload(store_path, name, data, fmt, timeout, max_memory_mb)
        except RuntimeError as exc:  # no worker process could start
            raise desk.UploadError(503, f"conversion unavailable: {exc}") from None
        if doc_id is None:
            status = 422 if result["kind"] == "input" else 500 if result["kind"] == "internal" else 503
            raise desk.UploadError(status, f"cannot convert {desk.safe_name(name, fmt)}: {result['error']}")
        return doc_id

    @app.exception_handler(desk.UploadError)
    async def upload_error(request: Request, exc: desk.UploadError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.reason}, status_code=exc.status)
        return templates.TemplateResponse(request, "home.html", _home(exc.reason), status_code=exc.status)

    def _home(error: str | None = None) -> dict[str, Any]:
        with store() as s:
            recent = s.db.execute("SELECT doc_id, path, doc_type, number, issued_date, issuer, title, n_tasks"
                                  " FROM documents ORDER BY added_at DESC LIMIT 20").fetchall()
            total = s.count()
        return {"recent": recent, "total": total, "error": error, "limit": max_upload_mb}

    from pipeline.serve import tracker

    tracker.add_routes(app, templates, store)  # the agency pages and task statuses

    # -- pages ----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request):
        return templates.TemplateResponse(request, "home.html", _home())

    @app.post("/upload", include_in_schema=False)
    async def upload_page(file: UploadFile = File(...)):
        from starlette.concurrency import run_in_threadpool

        doc_id = await run_in_threadpool(convert_upload, file.filename or "", await read_upload(file))
        return RedirectResponse(f"/documents/{doc_id}", status_code=303)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: int):
        with store() as s:
            doc = loaded(s, doc_id)
            links = desk.reference_links(s, doc.data)
        marks = desk.marks_by_node(doc.data)
        return templates.TemplateResponse(request, "document.html", {
            "doc": doc, "d": doc.data["document"], "data": doc.data, "links": links,
            "text": lambda node: desk.highlight(node["text"], marks.get(node["id"], [])),
            "cell": lambda node, cell: desk.highlight(cell, marks.get(node["id"], [])),
            "counts": desk.counts(doc.data),
            "fixed": {c.item for c in doc.corrections},
            "warnings_by_node": _by_node(doc.data["warnings"]),
        })

    @app.get("/documents/{doc_id}/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(request: Request, doc_id: int):
        with store() as s:
            doc = loaded(s, doc_id)
        return templates.TemplateResponse(request, "neighbourhood.html", {"doc": doc, "d": doc.data["document"]})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", type: str = "", issuer: str = "", date_from: str = "",
                    date_to: str = ""):
        hits = _search(q, type, issuer, date_from, date_to, 100)
        return templates.TemplateResponse(request, "search.html", {
            "q": q, "type": type, "issuer": issuer, "date_from": date_from, "date_to": date_to, "hits": hits})

    @app.get("/browse", response_class=HTMLResponse, include_in_schema=False)
    def browse_page(request: Request):
        with store() as s:
            groups = desk.browse(s)
        return templates.TemplateResponse(request, "browse.html", {"groups": groups})

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request):
        return templates.TemplateResponse(request, "graph.html", _report())

    # -- API --------------------------------------------------------------------------------------
    @app.post("/api/documents", status_code=201, summary="Upload and convert a document")
    async def api_upload(file: UploadFile = File(..., description=".docx, .doc, .pdf, .txt or .md")) -> dict[str, Any]:
        from starlette.concurrency import run_in_threadpool

        doc_id = await run_in_threadpool(convert_upload, file.filename or "", await read_upload(file))
        with store() as s:
            doc = loaded(s, doc_id)
        return {"id": doc_id, "page": f"/documents/{doc_id}", "path": doc.path,
                "document": doc.data["document"], "tasks": len(doc.data["tasks"]),
                "references": len(doc.data["references"]), "warnings": len(doc.data["warnings"])}

    @app.get("/api/documents", summary="Search stored documents (as vanban search)")
    def api_search(q: str = "", type: str = "", issuer: str = "", date_from: str = "", date_to: str = "",
                   limit: int = 20) -> list[dict[str, Any]]:
        return [h.to_json() for h in _search(q, type, issuer, date_from, date_to, max(1, min(limit, 500)))]

    @app.get("/api/documents/{doc_id}", summary="A document's output, corrections applied")
    def api_document(doc_id: int) -> dict[str, Any]:
        with store() as s:
            return loaded(s, doc_id).data

    @app.get("/api/documents/{doc_id}/corrections", summary="Corrections of a document, oldest first")
    def api_corrections(doc_id: int) -> list[dict[str, Any]]:
        with store() as s:
            return [c.to_json() for c in loaded(s, doc_id).corrections]

    @app.post("/api/documents/{doc_id}/corrections", status_code=201, summary="Correct one field of a task or reference")
    def api_correct(doc_id: int, body: CorrectionIn) -> dict[str, Any]:
        with store() as s:
            doc = loaded(s, doc_id)
            try:
                c = corr.add(s, doc.path, doc.data, body.item, body.field, body.value, body.who)
            except corr.CorrectionError as exc:
                raise HTTPException(422, str(exc)) from None
        return c.to_json()

    @app.get("/api/documents/{doc_id}/export.{fmt}", summary="Export: json (corrected output), xlsx or csv (tasks)")
    def api_export(doc_id: int, fmt: str, prose: bool = False) -> Response:
        from pipeline.writers import tasks_export
        from pipeline.writers.json_out import dumps, validate

        with store() as s:
            doc = loaded(s, doc_id)
        stem = os.path.splitext(os.path.basename(doc.path))[0]
        if fmt == "json":
            validate(doc.data)
            return Response(dumps(doc.data), media_type="application/json",
                            headers=_attachment(f"{stem}.json"))
        rows = tasks_export.rows([doc.data], prose=prose)
        if fmt == "xlsx":
            return Response(tasks_export.to_xlsx(rows), headers=_attachment(f"{stem}.tasks.xlsx"),
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if fmt == "csv":
            return Response(tasks_export.to_csv(rows), media_type="text/csv; charset=utf-8",
                            headers=_attachment(f"{stem}.tasks.csv"))
        raise HTTPException(404, "export formats: json, xlsx, csv")

    @app.get("/api/documents/{doc_id}/neighbourhood", summary="The document's neighbourhood in the citation graph")
    def api_neighbourhood(doc_id: int) -> dict[str, Any]:
        with store() as s:
            doc = loaded(s, doc_id)
            return desk.neighbourhood(s, doc_id, doc.data)

    @app.get("/api/browse", summary="Document counts by issuer, type and year")
    def api_browse() -> dict[str, Any]:
        with store() as s:
            return desk.browse(s)

    @app.get("/api/graph/report", summary="Most cited documents and cited documents missing from the store")
    def api_report() -> dict[str, Any]:
        return _report()

    def _search(q: str, doc_type: str, issuer: str, date_from: str, date_to: str, limit: int) -> list:
        from pipeline.store.search import search

        with store() as s:
            return search(s, q, doc_type=doc_type or None, issuer=issuer or None, date_from=date_from or None,
                          date_to=date_to or None, limit=limit)

    def _report() -> dict[str, Any]:
        from pipeline import graph

        with store() as s:
            g = desk.store_graph(s)
            ids = {r[0]: r[1] for r in s.db.execute("SELECT node_id, doc_id FROM documents")}
        return {
            "documents": g.number_of_nodes(), "pairs": g.number_of_edges(),
            "most_cited": [{"id": n, "label": graph.label(g, n), "citing": k, "mentions": m, "doc": ids.get(n)}
                           for n, k, m in graph.most_cited(g, 30)],
            "missing": [{"id": n, "label": graph.label(g, n), "citing": k} for n, k in graph.missing(g, 50)],
        }

    return app


def _attachment(name: str) -> dict[str, str]:
    """A download's Content-Disposition: the name in UTF-8 (RFC 5987) and an ASCII fallback, since
    HTTP headers are Latin-1 and file names here are Vietnamese."""
    from urllib.parse import quote

    from pipeline.text import slug

    stem, ext = os.path.splitext(name)
    return {"Content-Disposition": f'attachment; filename="{slug(stem) or "document"}{ext}"; '
                                   f"filename*=UTF-8''{quote(name)}"}


def _by_node(warnings: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    out: dict[str | None, list[dict[str, Any]]] = {}
    for w in warnings:
        out.setdefault(w.get("node"), []).append(w)
    return out
