"""The review desk's tracker pages: one page per agency with its tasks as lead and as cooperating
agency across every stored plan, grouped by the month they fall due, overdue ones marked against
today, each linked to its row in its plan, with a status people set (pipeline/store/status.py)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Callable

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from extractors.schedule import due_dates
from pipeline.serve.security import require
from pipeline.store import Store, accounts
from pipeline.store import status as st
from pipeline.vocab import labels_vi

NO_DATE = "Không ghi thời hạn"


def _due(task: dict[str, Any], today: str, done: bool) -> tuple[str | None, bool]:
    """(the date to show, overdue): the first date passed while not done, else the next one."""
    days = sorted(due_dates(task.get("deadline") or {}))
    past = [d for d in days if d < today]
    if past and not done:
        return past[0], True
    ahead = [d for d in days if d >= today]
    return (ahead[0] if ahead else (days[-1] if days else None)), False


def agency_tasks(store: Store, agency_id: str, today: str) -> dict[str, Any] | None:
    """The agency and its tasks (rows to show), or None when the store has no such agency."""
    agency = store.agency(agency_id)
    if agency is None:
        return None
    links = store.agency_links(agency_id)
    docs: dict[int, dict[str, Any]] = {}
    rows = []
    statuses = st.current(store, [r["uid"] for r in links])
    for link in links:
        data = docs.setdefault(link["doc_id"], store.document(link["doc_id"]) or {})
        task = next((t for t in (data.get("tasks") or []) + (data.get("prose_tasks") or []) if t.get("uid") == link["uid"]), None)
        if task is None:
            continue
        status = statuses.get(link["uid"])
        due, overdue = _due(task, today, bool(status and status.status == "done"))
        d = data["document"]
        rows.append({"uid": link["uid"], "role": link["role"], "doc_id": link["doc_id"], "node": task["node"],
                     "plan": " ".join(x for x in (d.get("doc_type"), d.get("number"), d.get("title")) if x),
                     "label": task.get("label"), "text": task["text"], "deadline": (task.get("deadline") or {}).get("raw"),
                     "due": due, "overdue": overdue, "source": task.get("source", "table"),
                     "status": status.status if status else "todo", "who": status.who if status else None,
                     "at": status.at if status else None})
    return {"agency": dict(agency), "rows": rows, "groups": by_month(rows)}


def by_month(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows grouped by the month of their date ("12/2026"), in date order; undated ones last."""
    keyed: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["due"] is None, r["due"] or "", r["role"] != "lead")):
        key = f"{row['due'][5:7]}/{row['due'][:4]}" if row["due"] else NO_DATE
        keyed.setdefault(key, []).append(row)
    return list(keyed.items())


class StatusIn(BaseModel):
    uid: str
    status: str       # todo | doing | done
    note: str | None = None


# Setting a status is an editor's work, recorded under the signed-in account (the desk's gate).
Editor = Annotated[accounts.User, Depends(require("editor"))]


def add_routes(app: Any, templates: Any, store: Callable[[], Store]) -> None:
    """The agency pages and the task status API on the desk's application."""

    def page_data(agency_id: str, today: str | None) -> dict[str, Any]:
        with store() as s:
            got = agency_tasks(s, agency_id, today or dt.date.today().isoformat())
        if got is None:
            raise HTTPException(404, f"no agency {agency_id}")
        return got

    @app.get("/agencies", response_class=HTMLResponse, include_in_schema=False)
    def agencies_page(request: Request, q: str = ""):
        from pipeline.store.task_query import agencies_matching

        with store() as s:
            found = agencies_matching(s, q) if q else s.agencies()
            counts = s.agency_task_counts()
        return templates.TemplateResponse(request, "agencies.html", {"q": q, "agencies": found, "counts": counts})

    @app.get("/agencies/{agency_id}", response_class=HTMLResponse, include_in_schema=False)
    def agency_page(request: Request, agency_id: str, today: str | None = None):
        data = page_data(agency_id, today)
        return templates.TemplateResponse(request, "agency.html", {**data, "today": today or dt.date.today().isoformat(),
                                                                   "labels": labels_vi(), "statuses": st.STATUSES})

    @app.post("/agencies/{agency_id}/status", include_in_schema=False)
    def agency_status(agency_id: str, user: Editor, uid: str = Form(..., max_length=200),
                      status: str = Form(..., max_length=20)):
        with store() as s:
            try:
                st.set_status(s, uid, status, user.name)
            except st.StatusError as exc:
                raise HTTPException(422, str(exc)) from None
        return RedirectResponse(f"/agencies/{agency_id}#{uid}", status_code=303)

    @app.get("/api/agencies/{agency_id}/tasks", summary="An agency's tasks across stored plans, with their status")
    def api_agency_tasks(agency_id: str, today: str | None = None) -> dict[str, Any]:
        data = page_data(agency_id, today)
        return {"agency": data["agency"], "tasks": data["rows"]}

    @app.post("/api/tasks/status", status_code=201, summary="Set a task's status (todo, doing, done) and say who")
    def api_set_status(body: StatusIn, user: Editor) -> dict[str, Any]:
        with store() as s:
            try:
                return st.set_status(s, body.uid, body.status, user.name, body.note).to_json()
            except st.StatusError as exc:
                raise HTTPException(422, str(exc)) from None

    @app.get("/api/tasks/status", summary="Every status change of a task, oldest first")
    def api_status_history(uid: str) -> list[dict[str, Any]]:
        with store() as s:
            return [c.to_json() for c in st.history(s, uid)]
