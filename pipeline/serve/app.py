"""The review desk: a FastAPI application with server-rendered pages (Jinja2, autoescaped) and a
JSON API under /api over the same SQLite store as `vanban batch`. Every asset is served from the
package; nothing is fetched from the internet."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.serve import desk, labels
from pipeline.serve.legal import panel as legal_panel
from pipeline.serve.queue import ConversionQueue, QueueFull
from pipeline.serve.security import COOKIE, Gate, GateMiddleware, require
from pipeline.store import Store
from pipeline.store import accounts, dossiers
from pipeline.store import corrections as corr

_HERE = resources.files("pipeline.serve")
Viewer = Annotated[accounts.User, Depends(require("viewer"))]
Editor = Annotated[accounts.User, Depends(require("editor"))]
Admin = Annotated[accounts.User, Depends(require("admin"))]
ITEM = r"^(task:[A-Za-z0-9._:-]{1,100}|reference:[0-9]{1,6})$"   # ASCII digits only: 'reference:٣' is refused


class CorrectionIn(BaseModel):
    """One field of one item, bounded in size; the author is the signed-in account (a `who` sent
    by older clients is ignored)."""
    model_config = ConfigDict(extra="ignore")
    item: str = Field(max_length=120, pattern=ITEM, description='"task:<task id>" or "reference:<index>"')
    field: str = Field(max_length=40)
    value: Annotated[str, Field(max_length=corr.MAX_TEXT)] | Annotated[
        list[Annotated[str, Field(max_length=corr.MAX_NAME)]], Field(max_length=corr.MAX_AGENCIES)] | None


class DossierIn(BaseModel):
    name: str = Field("", max_length=dossiers.MAX_NAME, description="e.g. 'Hồ sơ trình Quyết định thành lập Hội đồng'")


class TokenIn(BaseModel):
    label: str = Field("", max_length=100, description="what the token is for (a tracker's name)")


@dataclass
class _Desk:
    """What the route groups share: the store and its limits, the templates, the queue and the gate."""
    store_path: str
    max_upload_mb: float
    timeout: float
    max_memory_mb: float
    max_files: int
    gate: Gate
    queue: ConversionQueue
    templates: Jinja2Templates

    def store(self) -> Store:
        """The store, opened for one request."""
        return Store(self.store_path)

    def loaded(self, s: Store, doc_id: int) -> desk.Loaded:
        """Document *doc_id* with its corrections applied, or a 404."""
        doc = desk.load(s, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        return doc

    async def read_upload(self, file: UploadFile) -> bytes:
        """The upload's bytes, refused past the size limit."""
        limit = int(self.max_upload_mb * 1024 * 1024)
        data = await file.read(limit + 1)
        if len(data) > limit:
            raise desk.UploadError(413, f"file too large (limit {self.max_upload_mb:g} MB)", "too_large",
                                   limit=f"{self.max_upload_mb:g}")
        return data

    def convert_upload(self, name: str, data: bytes, who: str) -> int:
        """Check, convert and store one upload; its document id, or an UploadError saying why not."""
        fmt = desk.check_upload(name, data, self.max_upload_mb)
        shown = desk.safe_name(name, fmt)
        try:
            doc_id, rel, result = desk.store_upload(self.store_path, name, data, fmt, self.timeout, self.max_memory_mb)
        except RuntimeError as exc:  # no worker process could start
            raise desk.UploadError(503, f"conversion unavailable: {exc}", "unavailable") from None
        if doc_id is None:
            status = 422 if result["kind"] == "input" else 500 if result["kind"] == "internal" else 503
            code = result["kind"] if result["kind"] in ("input", "timeout", "memory", "crash") else "internal"
            raise desk.UploadError(status, f"cannot convert {shown}: {result['error']}", code, name=shown)
        with self.store() as s:
            accounts.audit(s, who, "upload", f"{rel} → document {doc_id}")
        return doc_id

    async def queued_convert(self, file: UploadFile, who: str, ticket: str | None) -> int:
        """Wait for a conversion slot in line (the upload stays spooled on disk meanwhile; one too
        large is refused at once), then read, convert and store it."""
        from starlette.concurrency import run_in_threadpool

        if file.size is not None and file.size > self.max_upload_mb * 1024 * 1024:
            raise desk.UploadError(413, f"file too large (limit {self.max_upload_mb:g} MB)", "too_large",
                                   limit=f"{self.max_upload_mb:g}")
        try:
            async with self.queue.slot(ticket or secrets.token_hex(8)):
                data = await self.read_upload(file)
                return await run_in_threadpool(self.convert_upload, file.filename or "", data, who)
        except QueueFull:
            raise desk.UploadError(503, "too many conversions waiting; try again later", "busy") from None

    def home(self, error: str | None = None) -> dict[str, Any]:
        """The home page's context: recent documents and dossiers, the upload limit, an error."""
        with self.store() as s:
            recent = s.recent(20)
            total = s.count()
            groups = dossiers.recent(s, 10)
        return {"recent": recent, "total": total, "error": error, "limit": self.max_upload_mb, "dossiers": groups}

    def search(self, q: str, doc_type: str, issuer: str, date_from: str, date_to: str, limit: int) -> list:
        """Search hits as `vanban search` finds them; a bad query is a 400."""
        from pipeline.store.search import SearchError, search

        with self.store() as s:
            try:
                return search(s, q, doc_type=doc_type or None, issuer=issuer or None, date_from=date_from or None,
                              date_to=date_to or None, limit=limit)
            except SearchError as exc:
                raise HTTPException(400, str(exc)) from None

    def report(self) -> dict[str, Any]:
        """The citation graph's report: most cited documents and cited ones missing from the store."""
        from pipeline import graph

        with self.store() as s:
            g = desk.store_graph(s)
            ids = s.node_ids()
        return {
            "documents": g.number_of_nodes(), "pairs": g.number_of_edges(),
            "most_cited": [{"id": n, "label": desk.node_label(g, n), "citing": k, "mentions": m, "doc": ids.get(n)}
                           for n, k, m in graph.most_cited(g, 30)],
            "missing": [{"id": n, "label": desk.node_label(g, n), "citing": k} for n, k in graph.missing(g, 50)],
        }

    def source_pdf(self, doc: desk.Loaded) -> str:
        """The original of *doc* as a PDF, or a 409 when it is missing."""
        from pipeline.serve import source

        try:
            return source.as_pdf(doc.data, self.store_path)
        except source.SourceMissing as exc:
            raise HTTPException(409, str(exc)) from None


def create_app(store_path: str, max_upload_mb: float = desk.MAX_UPLOAD_MB, timeout: float = 120.0,
               max_memory_mb: float = 2048.0, allowed_hosts: set[str] | None = None, max_running: int = 2,
               max_waiting: int = 200, max_files: int = 20) -> FastAPI:
    """The application over the store at *store_path* (created when missing), answering to the
    loopback names and *allowed_hosts*; at most *max_running* conversions at once."""
    Store(store_path).close()
    desk.sweep_orphans(store_path)  # what a desk stopped during an upload left behind
    app = FastAPI(title="vanban review desk", version=__import__("pipeline").__version__,
                  description="Upload, check, correct and export Vietnamese government documents.",
                  docs_url=None, redoc_url=None)  # their pages load scripts from a CDN; /openapi.json stays
    gate = Gate(store_path, allowed_hosts)
    app.state.gate = gate
    queue = app.state.queue = ConversionQueue(max_running, max_waiting)
    app.add_middleware(GateMiddleware, gate=gate, max_upload_bytes=int((max_upload_mb * max_files + 1) * 1024 * 1024))
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    labels.install(templates.env)
    ctx = _Desk(store_path, max_upload_mb, timeout, max_memory_mb, max_files, gate, queue, templates)
    for add in (_add_error_handlers, _add_tracker, _add_pages, _add_browsing_pages, _add_document_api, _add_corrections,
                _add_export, _add_archive_api, _add_dossiers, _add_source_view, _add_signin, _add_account_api):
        add(app, ctx)  # in this order: FastAPI matches routes in the order they were added
    return app


def _add_tracker(app: FastAPI, ctx: _Desk) -> None:
    """The agency pages and task statuses (pipeline/serve/tracker.py)."""
    from pipeline.serve import tracker

    tracker.add_routes(app, ctx.templates, ctx.store)


def _add_error_handlers(app: FastAPI, ctx: _Desk) -> None:
    """Refused uploads (a page or JSON), refused corrections (JSON), and a page that cannot be
    shown (a Vietnamese page for a browser, JSON for the API)."""
    @app.exception_handler(desk.UploadError)
    async def upload_error(request: Request, exc: desk.UploadError) -> Response:
        if request.url.path.startswith("/api/"):
            headers = {"Retry-After": "30"} if exc.code == "busy" else None
            return JSONResponse({"detail": exc.reason, "code": exc.code, "message": exc.message},
                                status_code=exc.status, headers=headers)
        return ctx.templates.TemplateResponse(request, "home.html", ctx.home(exc.message), status_code=exc.status)

    @app.exception_handler(corr.CorrectionError)
    async def correction_error(request: Request, exc: corr.CorrectionError) -> Response:
        status = 404 if str(exc).startswith("no correction") else 422
        return JSONResponse({"detail": str(exc), "message": exc.vi}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def page_error(request: Request, exc: StarletteHTTPException) -> Response:
        """A page a browser asked for says why in Vietnamese; the API (and any client not asking
        for HTML) gets FastAPI's JSON with the English detail, as before."""
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return await http_exception_handler(request, exc)
        return ctx.templates.TemplateResponse(request, "error.html", {
            "message": labels.http_error(exc.status_code, request.url.path)}, status_code=exc.status_code,
            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        """A bug: a page says so in Vietnamese, the API answers 500 with a one-line detail (the
        server's log keeps the traceback)."""
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse({"detail": "internal error (please report)"}, status_code=500)
        return ctx.templates.TemplateResponse(request, "error.html", {"message": labels.http_error(500, request.url.path)},
                                              status_code=500)


def _add_pages(app: FastAPI, ctx: _Desk) -> None:
    """The home page, the upload form's target and a document's page (with its legal panel)."""
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request):
        return ctx.templates.TemplateResponse(request, "home.html", ctx.home())

    @app.post("/upload", include_in_schema=False)
    async def upload_page(user: Editor, file: UploadFile = File(...)):
        doc_id = await ctx.queued_convert(file, user.name, None)
        return RedirectResponse(f"/documents/{doc_id}", status_code=303)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: int):
        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
            links = desk.reference_links(s, doc.data)
            legal = legal_panel(s, doc.data, links)
        marks = desk.marks_by_node(doc.data)
        return ctx.templates.TemplateResponse(request, "document.html", {
            "doc": doc, "d": doc.data["document"], "data": doc.data, "links": links,
            "text": lambda node: desk.highlight(node["text"], marks.get(node["id"], [])),
            "cell": lambda node, cell: desk.highlight(cell, marks.get(node["id"], [])),
            "counts": desk.counts(doc.data),
            "groups": desk.group_titles(doc.data),
            "repeats_heading": desk.repeats_heading,
            "fixed": {c.item for c in doc.corrections},
            "can_edit": bool(request.state.user and request.state.user.can("editor")),
            "warnings_by_node": _by_node(doc.data["warnings"]),
            "legal": legal,
        })


def _add_browsing_pages(app: FastAPI, ctx: _Desk) -> None:
    """The pages of a document's neighbourhood, search, browsing and the graph report."""
    @app.get("/documents/{doc_id}/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(request: Request, doc_id: int):
        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
        return ctx.templates.TemplateResponse(request, "neighbourhood.html", {"doc": doc, "d": doc.data["document"]})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", type: str = "", issuer: str = "", date_from: str = "",
                    date_to: str = ""):
        hits = ctx.search(q, type, issuer, date_from, date_to, 100)
        return ctx.templates.TemplateResponse(request, "search.html", {
            "q": q, "type": type, "issuer": issuer, "date_from": date_from, "date_to": date_to, "hits": hits})

    @app.get("/browse", response_class=HTMLResponse, include_in_schema=False)
    def browse_page(request: Request):
        with ctx.store() as s:
            groups = desk.browse(s)
        return ctx.templates.TemplateResponse(request, "browse.html", {"groups": groups})

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request):
        return ctx.templates.TemplateResponse(request, "graph.html", ctx.report())


def _add_document_api(app: FastAPI, ctx: _Desk) -> None:
    """The API's upload, search and one document's output."""
    @app.post("/api/documents", status_code=201, summary="Upload and convert a document (editor)")
    async def api_upload(user: Editor, file: UploadFile = File(..., description=".docx, .doc, .pdf, .txt or .md"),
                         x_upload_ticket: Annotated[str | None, Header(max_length=64)] = None) -> dict[str, Any]:
        doc_id = await ctx.queued_convert(file, user.name, x_upload_ticket)
        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
        return {"id": doc_id, "page": f"/documents/{doc_id}", "path": doc.path,
                "document": doc.data["document"], "tasks": len(doc.data["tasks"]),
                "references": len(doc.data["references"]), "warnings": len(doc.data["warnings"])}

    @app.get("/api/documents", summary="Search stored documents (as vanban search)")
    def api_search(q: str = "", type: str = "", issuer: str = "", date_from: str = "", date_to: str = "",
                   limit: int = 20) -> list[dict[str, Any]]:
        return [h.to_json() for h in ctx.search(q, type, issuer, date_from, date_to, max(1, min(limit, 500)))]

    @app.get("/api/documents/{doc_id}", summary="A document's output, corrections applied")
    def api_document(doc_id: int) -> dict[str, Any]:
        with ctx.store() as s:
            return ctx.loaded(s, doc_id).data


def _add_corrections(app: FastAPI, ctx: _Desk) -> None:
    """A document's corrections: listed, added and undone (editors), each one audited."""
    @app.get("/api/documents/{doc_id}/corrections", summary="Corrections of a document, oldest first")
    def api_corrections(doc_id: int) -> list[dict[str, Any]]:
        with ctx.store() as s:
            return [c.to_json() for c in ctx.loaded(s, doc_id).corrections]

    @app.post("/api/documents/{doc_id}/corrections", status_code=201,
              summary="Correct one field of a task or reference (editor; the author is the signed-in account)")
    def api_correct(doc_id: int, body: CorrectionIn, user: Editor) -> dict[str, Any]:
        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
            c = corr.add(s, doc.path, doc.data, body.item, body.field, body.value, user.name)
            accounts.audit(s, user.name, "correction", f"document {doc_id} {c.item} {c.field}: {c.old!r} → {c.new!r}")
        return c.to_json()

    @app.post("/api/documents/{doc_id}/corrections/{correction_id}/undo", status_code=201,
              summary="Undo a correction: its field goes back to the value before it (editor), kept in the history")
    def api_undo(doc_id: int, correction_id: int, user: Editor) -> dict[str, Any]:
        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
            c = corr.undo(s, doc.path, doc.data, doc.corrections, correction_id, user.name)
            accounts.audit(s, user.name, "undo", f"document {doc_id} correction {correction_id}: {c.item} {c.field}")
        return c.to_json()


def _add_export(app: FastAPI, ctx: _Desk) -> None:
    """A document's export: the corrected JSON, or its tasks as XLSX or CSV."""
    @app.get("/api/documents/{doc_id}/export.{fmt}", summary="Export: json (corrected output), xlsx or csv (tasks)")
    def api_export(doc_id: int, fmt: str, prose: bool = False) -> Response:
        from pipeline.writers import tasks_export
        from pipeline.writers.json_out import dumps, validate

        from pipeline.store.status import mark_status

        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
            tasks = doc.data["tasks"] + (doc.data.get("prose_tasks", []) if prose else [])
            rows = mark_status(desk.mark_corrected(tasks_export.rows([doc.data], prose=prose), tasks, doc.corrections), s)
        stem = os.path.splitext(os.path.basename(doc.path))[0]
        if fmt == "json":
            data = {**doc.data, "corrections": [c.to_json() for c in doc.corrections]} if doc.corrections else doc.data
            validate(data)
            return Response(dumps(data), media_type="application/json", headers=_attachment(f"{stem}.json"))
        if fmt == "xlsx":
            return Response(tasks_export.to_xlsx(rows, [doc.data]), headers=_attachment(f"{stem}.tasks.xlsx"),
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if fmt == "csv":
            return Response(tasks_export.to_csv(rows), media_type="text/csv; charset=utf-8",
                            headers=_attachment(f"{stem}.tasks.csv"))
        raise HTTPException(404, "export formats: json, xlsx, csv")


def _add_archive_api(app: FastAPI, ctx: _Desk) -> None:
    """Agency suggestions, a document's neighbourhood, browsing counts and the graph report."""
    @app.get("/api/agencies", summary="Agency names from the gazetteer for a few words (with or without diacritics)")
    def api_agencies(q: str = Query(..., min_length=1, max_length=200),
                     place: str = Query("", max_length=100)) -> dict[str, Any]:
        return desk.suggest_agencies(q, place or None)

    @app.get("/api/documents/{doc_id}/neighbourhood", summary="The document's neighbourhood in the citation graph")
    def api_neighbourhood(doc_id: int) -> dict[str, Any]:
        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
            return desk.neighbourhood(s, doc_id, doc.data)

    @app.get("/api/browse", summary="Document counts by issuer, type and year")
    def api_browse() -> dict[str, Any]:
        with ctx.store() as s:
            return desk.browse(s)

    @app.get("/api/graph/report", summary="Most cited documents and cited documents missing from the store")
    def api_report() -> dict[str, Any]:
        return ctx.report()


def _add_dossiers(app: FastAPI, ctx: _Desk) -> None:
    """Dossiers, files uploaded together: created, filled one file at a time, shown."""
    @app.post("/api/dossiers", status_code=201, summary="A new dossier, to upload its files into (editor)")
    def api_new_dossier(body: DossierIn, user: Editor) -> dict[str, Any]:
        with ctx.store() as s:
            made = dossiers.create(s, body.name, user.name)
            accounts.audit(s, user.name, "dossier", f"{made.id}: {made.name}")
        return made.to_json()

    @app.post("/api/dossiers/{dossier_id}/files", status_code=201,
              summary="Upload one file into a dossier: its status (converted, or refused and why) is kept with it")
    async def api_dossier_file(dossier_id: int, user: Editor, file: UploadFile = File(...),
                               x_upload_ticket: Annotated[str | None, Header(max_length=64)] = None) -> dict[str, Any]:
        with ctx.store() as s:
            if dossiers.get(s, dossier_id) is None:
                raise HTTPException(404, f"no dossier {dossier_id}")
            if dossiers.count_files(s, dossier_id) >= ctx.max_files:
                raise desk.UploadError(413, f"a dossier holds at most {ctx.max_files} files", "too_many_files",
                                       limit=ctx.max_files)
        try:
            doc_id, message = await ctx.queued_convert(file, user.name, x_upload_ticket), None
        except desk.UploadError as exc:
            if exc.code == "busy":
                raise
            doc_id, message = None, exc.message
        with ctx.store() as s:
            return dossiers.add_file(s, dossier_id, file.filename or "", doc_id, message)

    @app.get("/api/dossiers/{dossier_id}", summary="A dossier with each file's status and document")
    def api_dossier(dossier_id: int) -> dict[str, Any]:
        with ctx.store() as s:
            found = dossiers.get(s, dossier_id)
        if found is None:
            raise HTTPException(404, f"no dossier {dossier_id}")
        return found.to_json()

    @app.get("/dossiers/{dossier_id}", response_class=HTMLResponse, include_in_schema=False)
    def dossier_page(request: Request, dossier_id: int):
        with ctx.store() as s:
            found = dossiers.get(s, dossier_id)
            if found is None:
                raise HTTPException(404, f"no dossier {dossier_id}")
        return ctx.templates.TemplateResponse(request, "dossier.html", {"dossier": found})


def _add_source_view(app: FastAPI, ctx: _Desk) -> None:
    """The source beside the result: its page, page count and images, and where an item stands."""
    @app.get("/documents/{doc_id}/source", response_class=HTMLResponse, include_in_schema=False)
    def source_page(request: Request, doc_id: int, item: str = Query("", max_length=120)):
        from pipeline.serve import source

        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
        try:
            pages, error = source.page_count(source.as_pdf(doc.data, ctx.store_path)), None
        except source.SourceMissing as exc:
            pages, error = 0, str(exc)
        return ctx.templates.TemplateResponse(request, "source.html", {
            "doc": doc, "d": doc.data["document"], "data": doc.data, "pages": pages, "item": item,
            "missing": error is not None, "fixed": {c.item for c in doc.corrections}})

    @app.get("/api/documents/{doc_id}/pages", summary="How many pages the original shows (PDF; DOCX/DOC via LibreOffice)")
    def api_pages(doc_id: int) -> dict[str, Any]:
        from pipeline.serve import source

        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
        return {"pages": source.page_count(ctx.source_pdf(doc)), "format": doc.data["source"]["format"]}

    @app.get("/api/documents/{doc_id}/pages/{page}.png", summary="One page of the original as an image",
             response_class=Response)
    def api_page_image(doc_id: int, page: int) -> Response:
        from pipeline.serve import source

        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
        try:
            png = source.render(ctx.source_pdf(doc), page)
        except IndexError:
            raise HTTPException(404, f"no page {page}") from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/api/documents/{doc_id}/locate", summary="Where an item stands on the original's pages (page, boxes 0..1)")
    def api_locate(doc_id: int, item: str = Query(..., max_length=120, pattern=ITEM)) -> dict[str, Any]:
        from pipeline.serve import source

        with ctx.store() as s:
            doc = ctx.loaded(s, doc_id)
        try:
            text, node = source.item_text(doc.data, item)
        except KeyError:
            raise HTTPException(404, f"no such item: {item}") from None
        place = source.locate(ctx.source_pdf(doc), text, source.node_page(doc.data["structure"], node))
        return {"item": item, **place.to_json()}


def _add_signin(app: FastAPI, ctx: _Desk) -> None:
    """Signing in (rate-limited, audited) and out, with the session cookie."""
    @app.get("/signin", response_class=HTMLResponse, include_in_schema=False)
    def signin_page(request: Request, next: str = "/"):
        return ctx.templates.TemplateResponse(request, "signin.html", {"next": _local_path(next), "error": None})

    @app.post("/signin", include_in_schema=False)
    def signin(request: Request, name: str = Form(..., max_length=64), password: str = Form(..., max_length=1024),
               next: str = Form("/", max_length=500)):
        client = request.client.host if request.client else "?"
        wait = ctx.gate.limiter.wait(f"ip:{client}", f"name:{name}")
        if wait > 0:
            return ctx.templates.TemplateResponse(request, "signin.html", {
                "next": _local_path(next), "error": f"Đăng nhập sai quá nhiều lần. Thử lại sau {int(wait) + 1} giây."},
                status_code=429, headers={"Retry-After": str(int(wait) + 1)})
        with ctx.store() as s:
            user = accounts.verify(s, name, password)
            if user is None:
                ctx.gate.limiter.failed(f"ip:{client}", f"name:{name}")
                accounts.audit(s, name, "signin_failed", client)
                return ctx.templates.TemplateResponse(request, "signin.html", {
                    "next": _local_path(next), "error": "Sai tên đăng nhập hoặc mật khẩu."}, status_code=401)
            token, _ = accounts.open_session(s, user)
            accounts.audit(s, user.name, "signin", client)
        answer = RedirectResponse(_local_path(next), status_code=303)
        answer.set_cookie(COOKIE, token, max_age=accounts.SESSION_SECONDS, httponly=True, samesite="strict",
                          secure=request.url.scheme == "https", path="/")
        return answer

    @app.post("/signout", include_in_schema=False)
    def signout(request: Request):
        with ctx.store() as s:
            accounts.close_session(s, request.cookies.get(COOKIE))
        answer = RedirectResponse("/signin", status_code=303)
        answer.delete_cookie(COOKIE, path="/")
        return answer


def _add_account_api(app: FastAPI, ctx: _Desk) -> None:
    """The caller, API tokens, the audit log (admin) and the conversion queue."""
    @app.get("/api/me", summary="The caller: account name, role, and whether the desk is local-only")
    def api_me(request: Request, user: Viewer) -> dict[str, Any]:
        return {"name": user.name, "role": user.role, "local_only": request.state.local}

    @app.post("/api/tokens", status_code=201, summary="A new API token acting as the signed-in account (shown once)")
    def api_new_token(request: Request, body: TokenIn, user: Viewer) -> dict[str, Any]:
        if request.state.local:
            raise HTTPException(409, "API tokens need accounts: create one with `vanban users add`")
        with ctx.store() as s:
            token = accounts.new_token(s, user.name, body.label)
            accounts.audit(s, user.name, "token", body.label)
        return {"token": token, "name": user.name, "role": user.role}

    @app.get("/api/audit", summary="The audit log, newest first (admin)")
    def api_audit(user: Admin, limit: int = 200) -> list[dict[str, Any]]:
        with ctx.store() as s:
            return accounts.audit_log(s, max(1, min(limit, 5000)))

    @app.get("/api/queue", summary="Conversions running and waiting, and a waiting upload's place in line")
    def api_queue(ticket: str = "") -> dict[str, int]:
        return {**ctx.queue.status(), "place": ctx.queue.place(ticket) if ticket else 0}


def _attachment(name: str) -> dict[str, str]:
    """A download's Content-Disposition: the name in UTF-8 (RFC 5987) and an ASCII fallback, since
    HTTP headers are Latin-1 and file names here are Vietnamese."""
    from urllib.parse import quote

    from pipeline.text import slug

    stem, ext = os.path.splitext(name)
    return {"Content-Disposition": f'attachment; filename="{slug(stem) or "document"}{ext}"; '
                                   f"filename*=UTF-8''{quote(name)}"}


def _local_path(target: str) -> str:
    """Where to go after signing in: a path of this desk only ('/documents/3'), never another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _by_node(warnings: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    out: dict[str | None, list[dict[str, Any]]] = {}
    for w in warnings:
        out.setdefault(w.get("node"), []).append(w)
    return out
