"""Tasks on a calendar: an iCalendar file (RFC 5545, written with the icalendar library) with one
all-day event per date a task falls due (each occurrence of a recurring deadline, each milestone),
naming the task, its lead agency and its source document."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from extractors.schedule import due_dates


def _events(data: dict[str, Any], prose: bool) -> Iterable[tuple[dict[str, Any], str, int, int]]:
    """(task, due date, index, count) for every date a task of one output falls due."""
    for task in data["tasks"] + (data.get("prose_tasks", []) if prose else []):
        dates = due_dates(task["deadline"])
        for i, day in enumerate(dates, start=1):
            yield task, day, i, len(dates)


def _description(doc: dict[str, Any], task: dict[str, Any], i: int, n: int) -> str:
    dl = task["deadline"]
    lines = [f"Nhiệm vụ: {task['text']}", f"Chủ trì: {'; '.join(task['lead']) or '—'}"]
    if task["cooperating"]:
        lines.append(f"Phối hợp: {'; '.join(task['cooperating'])}")
    lines.append(f"Thời hạn: {dl.get('raw') or '—'}" + (f" (lần {i}/{n})" if n > 1 else ""))
    where = " ".join(x for x in (doc.get("doc_type"), doc.get("number"), doc.get("title")) if x)
    lines.append(f"Văn bản: {where or doc['id']}; mục {task.get('label') or task['node']}")
    return "\n".join(lines)


def to_ics(outputs: Iterable[dict[str, Any]], prose: bool = False, now: dt.datetime | None = None) -> bytes:
    """The calendar of the tasks of the given contract outputs; a task with no date is left out."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//vanban//nhiem vu//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Nhiệm vụ (vanban)")
    stamp = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for data in outputs:
        doc = data["document"]
        for task, day, i, n in _events(data, prose):
            start = dt.date.fromisoformat(day)
            ev = Event()
            ev.add("uid", f"{task.get('uid') or doc['id'] + '#' + task['id']}/{day}/{i}@vanban")
            ev.add("dtstamp", stamp)
            ev.add("dtstart", start)
            ev.add("dtend", start + dt.timedelta(days=1))
            lead = ", ".join(task["lead"])
            ev.add("summary", f"{lead + ': ' if lead else ''}{task['text'][:120]}")
            ev.add("description", _description(doc, task, i, n))
            if task["lead"]:
                ev.add("categories", task["lead"])
            ev.add("transp", "TRANSPARENT")
            cal.add_component(ev)
    return cal.to_ical()
