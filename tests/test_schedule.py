"""Deadlines on a calendar: every example of data/schedules.csv (real task-table phrases of the
corpus) gives its frequency, occurrences or window, and milestones."""
from __future__ import annotations

import csv
from importlib import resources

import pytest

from extractors.deadlines import read_deadline
from extractors.schedule import due_dates, plan_period, recurrence_rules, schedule


def _rows():
    text = resources.files("extractors.data").joinpath("schedules.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["raw"][:60])
def test_schedule_example(row):
    first, last = map(int, row["period"].split("-"))
    got = schedule(read_deadline(row["raw"], first)[0], first, (first, last), standing=row["document"] == "standing").to_json()
    assert got.get("frequency") == (row["frequency"] or None)
    if row["frequency"] == "continuous":
        start, end = row["occurrences"].split("..")
        assert got["window"]["end"] == end and "occurrences" not in got and due_dates(got) == []
    else:
        assert due_dates(got) == [d for d in row["occurrences"].split(";") if d]
    assert [m["raw"] for m in got.get("milestones", [])] == [m for m in row["milestones"].split("|") if m]


def test_every_recurrence_rule_has_an_example():
    rows = [r["raw"] for r in _rows()]
    from pipeline.text import fold

    for name, _, pattern in recurrence_rules():
        assert any(pattern.search(fold(r)) for r in rows), name


def test_milestones_give_the_first_as_the_deadline():
    got = schedule(read_deadline("Ban hành kế hoạch trong tháng 01/2026 và tổ chức kiểm tra trong tháng 6/2026", 2026)[0],
                   2026, (2026, 2026)).to_json()
    assert (got["kind"], got["start"], got["end"]) == ("period", "2026-01-01", "2026-01-31")
    assert [(m["start"], m["end"]) for m in got["milestones"]] == [("2026-01-01", "2026-01-31"), ("2026-06-01", "2026-06-30")]


def test_a_plan_without_a_period_keeps_the_frequency_without_dates():
    got = schedule(read_deadline("Hằng quý", None)[0], None, None).to_json()
    assert got["frequency"] == "quarterly" and "occurrences" not in got and due_dates(got) == []


class _Doc:
    def __init__(self, title, issued, attachments=()):
        self.header = {"title": title, "issued_date": issued}
        self.attachments = list(attachments)


@pytest.mark.parametrize("title,issued,period", [
    ("Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng", None, (2026, 2030)),
    ("Triển khai thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030", "2025-09-29", (2025, 2030)),
    ("Ban hành kế hoạch cải cách hành chính năm 2023", "2022-12-30", (2023, 2023)),
    ("Tuyên truyền cải cách hành chính", "2026-01-05", (2026, 2026)),
    ("Thực hiện lộ trình đổi mới công nghệ đến năm 2035 trên địa bàn tỉnh Đồng Tháp", "2025-11-19", (2025, 2035)),
    ("Kế hoạch giai đoạn 2021-2045", "2021-01-05", (2021, 2021)),  # a span longer than MAX_YEARS is not believed
])
def test_plan_period(title, issued, period):
    assert plan_period(_Doc(title, issued)) == period


@pytest.mark.parametrize("title, issued, due, frequency", [
    # Nghị định 233/2025/NĐ-CP names no year: its yearly accounts fall due each year after the year they close
    ("Quy định về quản lý tài chính đối với bảo hiểm xã hội", "2025-08-26", ["2026-05-01"], "yearly"),
    # a plan of one named year: once, in the year after it
    ("Kế hoạch kiểm tra công tác văn thư, lưu trữ năm 2025", "2025-02-10", ["2026-05-01"], None),
])
def test_a_date_in_the_year_after_recurs_in_a_text_that_names_no_year(title, issued, due, frequency):
    from types import SimpleNamespace

    from extractors.schedule import schedule_deadlines

    doc = _Doc(title, issued)
    doc.tasks, doc.prose_tasks = [], [SimpleNamespace(deadline=read_deadline("trước ngày 01 tháng 5 năm sau", 2025)[0])]
    schedule_deadlines(doc)
    got = doc.prose_tasks[0].deadline.to_json()
    assert (due_dates(got), got.get("frequency")) == (due, frequency)
