"""Where a task stands (chưa thực hiện / đang thực hiện / hoàn thành), set by people in the review
desk: who and when, every change kept (table `task_status`), apart from the machine output like
corrections, and keyed by the task's stable uid so a new conversion keeps it."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any, Iterable

from pipeline.store.db import Store

STATUSES = ("todo", "doing", "done")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS task_status (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL, status TEXT NOT NULL, who TEXT NOT NULL, at REAL NOT NULL, note TEXT
);
CREATE INDEX IF NOT EXISTS task_status_uid ON task_status(uid);
"""


class StatusError(ValueError):
    """A status for no stored task, an unknown status, or nobody named."""


@dataclass(frozen=True)
class StatusChange:
    uid: str
    status: str
    who: str
    at: float
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _ready(store: Store) -> None:
    store.db.executescript(_SCHEMA)


def set_status(store: Store, uid: str, status: str, who: str, note: str | None = None) -> StatusChange:
    """Record that *who* set task *uid* to *status* now."""
    who = " ".join((who or "").split())
    if status not in STATUSES:
        raise StatusError(f"status must be one of {', '.join(STATUSES)}")
    if not who or len(who) > 80:
        raise StatusError("say who sets the status (at most 80 characters)")
    if store.db.execute("SELECT 1 FROM task_agencies WHERE uid=? LIMIT 1", (uid,)).fetchone() is None:
        raise StatusError(f"no stored task {uid!r}")
    _ready(store)
    change = StatusChange(uid, status, who, time.time(), (note or "").strip()[:500] or None)
    store.db.execute("INSERT INTO task_status (uid, status, who, at, note) VALUES (?,?,?,?,?)",
                     (change.uid, change.status, change.who, change.at, change.note))
    return change


def history(store: Store, uid: str) -> list[StatusChange]:
    """Every status change of a task, oldest first."""
    _ready(store)
    rows = store.db.execute("SELECT uid, status, who, at, note FROM task_status WHERE uid=? ORDER BY at, id", (uid,))
    return [StatusChange(*r) for r in rows]


def current(store: Store, uids: Iterable[str]) -> dict[str, StatusChange]:
    """The latest status of each task that has one."""
    _ready(store)
    out: dict[str, StatusChange] = {}
    for uid in set(uids):
        row = store.db.execute("SELECT uid, status, who, at, note FROM task_status WHERE uid=? ORDER BY at DESC, id DESC"
                               " LIMIT 1", (uid,)).fetchone()
        if row:
            out[uid] = StatusChange(*row)
    return out


def mark_status(task_rows: list[dict[str, Any]], store: Store) -> list[dict[str, Any]]:
    """The export rows (tasks_export.rows) with where each stored task stands: "status" (todo, doing,
    done) and "status_note" (who set it, when, and the note: "Nguyễn Văn An, 07/03/2025 14:05: đã
    trình"), so a workbook or CSV made from the store shows what the desk says, not "todo" for all."""
    found = current(store, [r["uid"] for r in task_rows if r.get("uid")])
    for row in task_rows:
        change = found.get(row.get("uid"))
        if change is not None:
            when = time.strftime("%d/%m/%Y %H:%M", time.localtime(change.at))
            row["status"] = change.status
            row["status_note"] = f"{change.who}, {when}" + (f": {change.note}" if change.note else "")
    return task_rows
