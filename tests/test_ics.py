"""`vanban tasks --format ics`: a calendar file that parses (icalendar), round-trips, imports into
calcurse run headless, with one event per date a task falls due, counted by hand for two plans."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest
from icalendar import Calendar

from pipeline.writers.ics import to_ics
from tests.conftest import CORPUS, ROOT, SEED, converted, needs_corpus

CCHC = (CORPUS / "vbai-lamdong-ubnd" / "files" / "ND30" / "BÁO CÁO" / "Tờ trình 176 Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của tỉnh"
        / "Kế hoạch CCHC giai đoạn 2026-2030.docx")


def _events(payload: bytes):
    return [c for c in Calendar.from_ical(payload).walk("VEVENT")]


def test_seed_plan_events_counted_by_hand():
    # KH CCHC 2023 (38 rows): "Trong năm 2023" ×18, "2023" ×4, "Nhiệm vụ hàng năm" ×3 (one year: 2023),
    # one each of "Trong năm 2023 theo kế hoạch", "Quý IV năm 2022", "Năm 2023 (đến hết …)",
    # "Từ ngày 01/01/2023 đến tháng 12/2023", "Quý II/2023" → 30; "Thường xuyên" ×4 (a window, no
    # date), an event, "Theo quy định …" and 2 empty cells → none.
    out = converted(str(SEED))
    events = _events(to_ics([out]))
    assert len(events) == 30
    assert sum(str(e["dtstart"].to_ical().decode()) == "20231231" for e in events) == 18 + 4 + 3 + 1 + 1 + 1
    # the plan's prose tasks name no date ("… thường xuyên rà soát …", "… căn cứ chức năng, nhiệm vụ …"): no event more
    assert out["prose_tasks"] and all(t["deadline"]["kind"] in ("none", "recurring") for t in out["prose_tasks"])
    assert len(_events(to_ics([out], prose=True))) == 30


def test_events_name_task_lead_and_document():
    out = converted(str(SEED))
    ev = _events(to_ics([out]))[0]
    task = next(t for t in out["tasks"] if t["deadline"]["end"])
    assert str(ev["summary"]).startswith(", ".join(task["lead"]) + ": ")
    desc = str(ev["description"])
    assert task["text"] in desc and "2571/QĐ-UBND" in desc and f"Chủ trì: {'; '.join(task['lead'])}" in desc
    assert isinstance(ev["dtstart"].dt, dt.date) and ev["dtend"].dt - ev["dtstart"].dt == dt.timedelta(days=1)
    assert str(ev["uid"]).startswith(task["uid"])


def test_round_trip_keeps_every_event():
    payload = to_ics([converted(str(SEED))], now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    again = Calendar.from_ical(payload).to_ical()
    assert again == payload
    uids = [str(e["uid"]) for e in _events(payload)]
    assert len(uids) == len(set(uids))


@needs_corpus
def test_cchc_2026_2030_events_counted_by_hand(tmp_path):
    # 59 rows over 2026-2030: "Hằng năm" ×28 → 140; "Trước ngày 05 của tháng liền kề" ×3 → 3 × 60 = 180;
    # "Định kỳ hằng tháng" → 60; "Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện" ×4 → 20;
    # the three yearly milestones (January, June, August) → 15; "… chậm nhất là ngày 31/12 năm trước
    # liền kề …", "… thực hiện hằng năm", "… chậm nhất trong tháng 9 hằng năm", "Hằng năm và giai
    # đoạn", "Trước ngày 31/01 năm liền kề" (the 31/01 after each plan year) → 5 each = 25; "Năm 2026" ×3,
    # "Trong quý I năm 2026", "… chậm nhất là ngày 15/4/2026 …" → 5. Total 445. No date: "Thường xuyên …" (2), "Theo …" (8),
    # "Sau 03 tháng …", "Bắt đầu thực hiện từ năm 2026" (a start only).
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "tasks", str(CCHC), "--format", "ics", "-o",
                          str(tmp_path / "cchc.ics")], capture_output=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr
    payload = (tmp_path / "cchc.ics").read_bytes()
    events = _events(payload)
    assert len(events) == 445
    monthly = sorted(e["dtstart"].dt for e in events if "tháng liền kề" in str(e["description"]))
    assert len(monthly) == 180 and monthly[0] == dt.date(2026, 2, 5) and monthly[-1] == dt.date(2031, 1, 5)
    if shutil.which("calcurse"):
        report = subprocess.run(["calcurse", "-D", str(tmp_path / "cal"), "-i", str(tmp_path / "cchc.ics")],
                                capture_output=True, text=True, timeout=120, input="")
        assert "445 events" in report.stdout and "0 skipped" in report.stdout, report.stdout + report.stderr


def test_calcurse_imports_the_seed_calendar(tmp_path):
    if not shutil.which("calcurse"):
        pytest.skip("calcurse (a calendar program) is not installed")
    (tmp_path / "seed.ics").write_bytes(to_ics([converted(str(SEED))]))
    report = subprocess.run(["calcurse", "-D", str(tmp_path / "cal"), "-i", str(tmp_path / "seed.ics")],
                            capture_output=True, text=True, timeout=120, input="")
    assert "0 apps / 30 events / 0 todos / 0 skipped" in report.stdout, report.stdout + report.stderr
    assert len((tmp_path / "cal" / "apts").read_text(encoding="utf-8").splitlines()) == 30
