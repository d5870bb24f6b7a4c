"""Tasks across every stored plan: by agency (an id or words of its name; as lead or cooperating
agency), by the dates they fall due, and overdue against a day. The result is contract outputs
holding only the matching tasks, so every task export (CSV, XLSX, JSON, ICS) writes it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from extractors.schedule import due_dates
from pipeline.store import status
from pipeline.store.db import Store
from pipeline.text import fold


@dataclass(frozen=True)
class TaskQuery:
    agency: str | None = None      # "ag:…" or words of the name ("so noi vu lam dong")
    role: str | None = None        # "lead" | "cooperating" | None (either)
    due_from: str | None = None    # ISO date: a due date on or after
    due_to: str | None = None      # ISO date: a due date on or before
    overdue: bool = False          # a due date before *today*, not marked done in the desk
    today: str | None = None       # ISO date; default: the day it runs


def agencies_matching(store: Store, text: str) -> list[dict[str, Any]]:
    """Agency entities an id or words name: every word of *text* (diacritics optional) in the name."""
    if text.startswith("ag:"):
        rows = store.db.execute("SELECT * FROM agency_entities WHERE agency_id=?", (text,)).fetchall()
    else:
        words = fold(text).split()
        sql = "SELECT * FROM agency_entities WHERE " + " AND ".join(["folded LIKE ?"] * len(words)) if words else None
        rows = store.db.execute(sql, [f"%{w}%" for w in words]).fetchall() if sql else []
    return [dict(r) for r in rows]


def _candidates(store: Store, q: TaskQuery) -> dict[int, set[str] | None]:
    """doc_id → the uids an agency condition allows (None: every task of the document)."""
    if not q.agency:
        return {doc_id: None for doc_id in store.task_documents()}
    ids = [a["agency_id"] for a in agencies_matching(store, q.agency)]
    out: dict[int, set[str] | None] = {}
    for agency_id in ids:
        sql = "SELECT doc_id, uid FROM task_agencies WHERE agency_id=?" + (" AND role=?" if q.role else "")
        for doc_id, uid in store.db.execute(sql, (agency_id, q.role) if q.role else (agency_id,)):
            out.setdefault(doc_id, set()).add(uid)  # type: ignore[union-attr]
    return out


def _due_ok(task: dict[str, Any], q: TaskQuery, today: str) -> bool:
    days = due_dates(task.get("deadline") or {})
    if (q.due_from or q.due_to) and not any((q.due_from or "") <= d <= (q.due_to or "9999") for d in days):
        return False
    return not q.overdue or any(d < today for d in days)


def find_tasks(store: Store, q: TaskQuery) -> list[dict[str, Any]]:
    """The stored outputs that hold matching tasks, each cut down to those tasks (tables and prose),
    by document path. A task stored twice (one document's PDF and its text give the same uid) is
    kept in the first copy only: a tracker would count it twice, a calendar hold its UID twice."""
    today = q.today or dt.date.today().isoformat()
    candidates = _candidates(store, q)
    out, seen = [], set()
    for doc_id in [d for d in store.task_documents() if d in candidates]:
        data = store.document(doc_id)
        if data is None:
            continue
        uids, kept = candidates[doc_id], {}
        done = _done(store, data) if q.overdue else set()
        for key in ("tasks", "prose_tasks"):
            kept[key] = [t for t in data.get(key) or [] if (uids is None or t.get("uid") in uids)
                         and _role_ok(t, q) and _due_ok(t, q, today) and t.get("uid") not in done
                         and _first_copy(t, seen)]
        if kept["tasks"] or kept["prose_tasks"]:
            out.append({**data, **kept})
    return out


def _done(store: Store, data: dict[str, Any]) -> set[str]:
    """The uids of the document's tasks people marked done in the desk: not overdue, whatever their dates."""
    uids = [t["uid"] for key in ("tasks", "prose_tasks") for t in data.get(key) or [] if t.get("uid")]
    return {uid for uid, change in status.current(store, uids).items() if change.status == "done"}


def _first_copy(task: dict[str, Any], seen: set[str]) -> bool:
    """The task's uid is not among those already kept (*seen*, which it joins)."""
    uid = task.get("uid")
    if uid in seen:
        return False
    if uid:
        seen.add(uid)
    return True


def _role_ok(task: dict[str, Any], q: TaskQuery) -> bool:
    """Without an agency, --role lead keeps tasks that have a lead; with one, the SQL chose the role."""
    return q.agency is not None or q.role is None or bool(task.get(f"{q.role}_ids"))
