"""Deadlines on a calendar: a recurring deadline expanded into dated occurrences over the plan's
period ("Hằng quý" → each quarter's end, "Trước ngày 05 của tháng liền kề" → the 5th of each next
month), a continuous one ("Thường xuyên") given the plan's period as its window, and a phrase of
several milestones ("Ban hành kế hoạch trong tháng 01/2026 và tổ chức kiểm tra trong tháng 6/2026")
split into them, the first being the deadline. Recurrence rules: data/recurrence_rules.tsv."""
from __future__ import annotations

import calendar
import csv
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

from extractors.context import plan_year, title_year
from extractors.deadlines import normalize_deadline
from extractors.recall import scope
from pipeline.model import Deadline, Document
from pipeline.text import fold

MAX_YEARS = 12  # a plan's period of more years is not believed ("đến năm 2035" from 2025 is 11): occurrences stay bounded
_QUARTER_END = {"i": 3, "ii": 6, "iii": 9, "iv": 12}
# where a time phrase may begin inside a milestone ("… chậm nhất trong tháng 6 hằng năm"): after a
# word that sets a time, or at the part's start; a bare date inside a sentence ("tại Công văn số …
# ngày 24/10/2025", "(tháng 7/2025)") cites or reports, it sets no milestone
_TIME_START = re.compile(r"\b(?:trong|truoc|cham nhat|han chot|hoan thanh truoc|tu|hang|dinh ky|moi)\b|^(?:thang|quy|ngay|nam)\b")
_MILESTONE_SPLIT = re.compile(r"\s*;\s*|\.\s+|,?\s+va\s+")
_BLANKS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def recurrence_rules() -> list[tuple[str, str, re.Pattern[str]]]:
    """(name, frequency, compiled regex) in the order of data/recurrence_rules.tsv."""
    text = resources.files("extractors.data").joinpath("recurrence_rules.tsv").read_text(encoding="utf-8")
    rows = csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t")
    return [(name, freq, re.compile(pattern)) for name, freq, pattern in rows]


def plan_period(doc: Document) -> tuple[int, int] | None:
    """The plan's first and last year: "giai đoạn 2026 - 2030" → (2026, 2030), "đến năm 2030" →
    (year of issue, 2030), "năm 2026" → (2026, 2026); else the year relative deadlines refer to."""
    titles = [doc.header.get("title") or "", *(a.title or "" for a in doc.attachments)]
    issued = doc.header.get("issued_date")
    for title in map(fold, titles):
        span = re.search(r"\b(20\d\d)\s*(?:-|–|den(?: nam)?)\s*(20\d\d)\b", title)
        if span and 0 <= int(span.group(2)) - int(span.group(1)) < MAX_YEARS:
            return int(span.group(1)), int(span.group(2))
        until = re.search(r"\bden nam (20\d\d)\b", title)
        if until and issued and 0 <= int(until.group(1)) - int(issued[:4]) < MAX_YEARS:
            return int(issued[:4]), int(until.group(1))
    year = plan_year(doc)
    return (year, year) if year else None


def _end_of_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _on(y: int, m: int, d: int) -> str | None:
    if not 1 <= m <= 12 or not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _occurrences(freq: str, m: re.Match[str], years: range) -> list[dict[str, str | None]]:
    """The dated occurrences of one recurrence over the plan's years (start and end of each)."""
    g = m.groupdict()
    out: list[dict[str, str | None]] = []
    for y in years:
        if freq == "monthly":
            months = [(y + (mo == 12), mo % 12 + 1) for mo in range(1, 13)] if g.get("d") else [(y, mo) for mo in range(1, 13)]
            for yy, mo in months:
                day = _on(yy, mo, int(g["d"])) if g.get("d") else _end_of_month(yy, mo)
                out.append({"start": None if g.get("d") else f"{yy:04d}-{mo:02d}-01", "end": day})
        elif freq == "quarterly":
            out += [{"start": f"{y:04d}-{q - 2:02d}-01", "end": _end_of_month(y, q)} for q in (3, 6, 9, 12)]
        elif freq == "half_yearly":
            out += [{"start": f"{y:04d}-01-01", "end": f"{y:04d}-06-30"}, {"start": f"{y:04d}-07-01", "end": f"{y:04d}-12-31"}]
        elif freq in ("yearly_prior", "yearly_next"):
            out.append({"start": None, "end": _on(y + (1 if freq == "yearly_next" else -1), int(g["m"]), int(g["d"]))})
        elif g.get("d"):
            out.append({"start": None, "end": _on(y, int(g["m"]), int(g["d"]))})
        elif g.get("m") or g.get("q"):
            mo = int(g["m"]) if g.get("m") else _QUARTER_END[g["q"]]
            out.append({"start": f"{y:04d}-{mo if g.get('m') else mo - 2:02d}-01", "end": _end_of_month(y, mo)})
        else:
            out.append({"start": f"{y:04d}-01-01", "end": f"{y:04d}-12-31"})
    return [o for o in out if o["end"]]


def _every_next_year(raw: str, period: tuple[int, int] | None, standing: bool) -> bool:
    """A date relative to the year after the plan's ("Trước ngày 31/01 năm liền kề", "trước ngày 01
    tháng 5 năm sau") falls due after each year, not once, in a plan of several years or in a text
    whose rules hold every year (*standing*: NĐ 233/2025's yearly accounts); the first rule that reads
    it is "next"."""
    if not standing and (not period or period[1] <= period[0]):
        return False
    folded = _BLANKS.sub(" ", fold(raw))
    freq = next((f for _, f, pattern in recurrence_rules() if pattern.search(folded)), None)
    return freq == "yearly_next"


def recurrence(raw: str, period: tuple[int, int] | None, standing: bool = False) -> dict[str, Any] | None:
    """{"frequency", "window", "occurrences"} of a recurring phrase, or None when no rule reads it.
    A continuous phrase has a window (the plan's period) and no occurrences. In a *standing* text
    (no plan year) "the year before the plan's" falls in each year itself (NĐ 212/2025: "trước ngày 30
    tháng 10 của năm liền kề trước năm kế hoạch", due 30 October of the year it is issued, not before)."""
    folded = _BLANKS.sub(" ", fold(raw))
    for _, freq, pattern in recurrence_rules():
        m = pattern.search(folded)
        if not m:
            continue
        out: dict[str, Any] = {"frequency": "yearly" if freq in ("yearly_prior", "yearly_next") else freq}
        if period:
            out["window"] = {"start": f"{period[0]}-01-01", "end": f"{period[1]}-12-31"}
            if freq != "continuous":
                dated = "yearly" if standing and freq == "yearly_prior" else freq
                out["occurrences"] = _occurrences(dated, m, range(period[0], period[1] + 1))
        return out
    return None


def _milestone(part: str, plan: int | None, period: tuple[int, int] | None) -> Deadline | None:
    """The time of one milestone ("tổ chức kiểm tra trong tháng 6/2026" → June 2026): a date, a
    period or a recurrence with dates; None when the part names no time."""
    folded = fold(part)
    for m in _TIME_START.finditer(folded):
        got = normalize_deadline(part[m.start():], plan)
        if got["kind"] in ("date", "period") and got["end"]:
            return Deadline(part, got["kind"], got["start"], got["end"])
        if got["kind"] == "recurring":
            rec = recurrence(part[m.start():], period)
            if rec and rec["frequency"] != "continuous":  # the deadline's window says it once: none here
                return Deadline(part, "recurring", None, None, frequency=rec["frequency"],
                                occurrences=rec.get("occurrences"))
            return None
    return None


def milestones(raw: str, plan: int | None, period: tuple[int, int] | None) -> list[Deadline]:
    """The milestones of a phrase that names several times, split at ";", ". " and "và"; a part
    naming no time joins the milestone after it ("Đầu tư, nâng cấp hạ tầng và xây dựng cơ sở dữ
    liệu trong Quý II/2026" is one). [] when the phrase names fewer than two times."""
    cuts = [(m.start(), m.end()) for m in _MILESTONE_SPLIT.finditer(fold(raw))]
    bounds = [0, *(e for _, e in cuts)], [*(s for s, _ in cuts), len(raw)]
    found, begin = [], None
    for start, end in zip(*bounds):
        begin = start if begin is None else begin
        got = _milestone(raw[start:end].strip(" .;,"), plan, period)
        if got:
            got.raw = raw[begin:end].strip(" .;,")
            found.append(got)
            begin = None
    return found if len(found) >= 2 else []


def schedule(deadline: Deadline, plan: int | None, period: tuple[int, int] | None,
             split: bool = True, standing: bool = False) -> Deadline:
    """The deadline with its calendar added (a new Deadline): milestones (the first one's dates as
    the deadline's when it had none; only when *split*), and for a recurring one its frequency,
    window and occurrences. *standing*: the document names no year (see ``_every_next_year``)."""
    if not deadline.raw or deadline.kind == "event":
        return deadline
    out = replace(deadline)
    steps = milestones(deadline.raw, plan, period) if split else []
    if steps:
        out.milestones = steps
        first = steps[0]
        if out.kind == "none":
            out.kind, out.start, out.end = first.kind, first.start, first.end
    if out.kind == "date" and _every_next_year(deadline.raw, period, standing):
        out.kind, out.start, out.end = "recurring", None, None
    if out.kind == "recurring":
        rec = recurrence(deadline.raw, period, standing)
        if rec:
            out.frequency, out.window = rec["frequency"], rec.get("window", out.window)
            out.occurrences = rec.get("occurrences", out.occurrences)
        dated = [o for s in steps for o in s.occurrences or []]
        if dated:
            out.occurrences = sorted(dated, key=lambda o: o["end"])
    return out


def due_dates(deadline: dict[str, Any]) -> list[str]:
    """Every date a deadline falls due: its occurrences, else its milestones' dates, else its end."""
    if deadline.get("occurrences"):
        return [o["end"] for o in deadline["occurrences"]]
    if deadline.get("milestones"):
        return [d for m in deadline["milestones"] for d in (due_dates(m) if m["kind"] == "recurring" else [m["end"]])]
    if deadline.get("kind") in ("date", "period") and deadline.get("end"):
        return [deadline["end"]]
    return []  # undated, continuous, or only a start ("Bắt đầu thực hiện từ năm 2026"): nothing falls due


def schedule_deadlines(doc: Document) -> None:
    """Give every task's deadline its calendar: table cells in full, prose sentences their recurrence."""
    plan, period, standing = plan_year(doc), plan_period(doc), title_year(doc) is None
    with scope():  # each milestone's phrase read once (normalize_deadline, extractors/recall.py)
        for task in doc.tasks:
            task.deadline = schedule(task.deadline, plan, period, standing=standing)
        for task in doc.prose_tasks:  # a sentence's tail is no deadline cell: it is not split into milestones
            task.deadline = schedule(task.deadline, plan, period, split=False, standing=standing)
