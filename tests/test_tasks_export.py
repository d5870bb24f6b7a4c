"""Task exports for trackers: XLSX round-trips the tasks, CSV opens in Excel (UTF-8 with BOM)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from openpyxl import load_workbook

from tests.conftest import ROOT, SEED, converted


def run(*args):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, cwd=ROOT, timeout=120)


def test_xlsx_round_trips_the_tasks(tmp_path):
    target = tmp_path / "tasks.xlsx"
    res = run("tasks", str(SEED), "--format", "xlsx", "-o", str(target))
    assert res.returncode == 0, res.stderr
    wb = load_workbook(target)
    ws = wb.active
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:")
    header = [c.value for c in ws[3]]
    rows = [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=4) if r[2].value]
    tasks = converted(str(SEED))["tasks"]
    assert len(rows) == len(tasks) == 38
    for row, task in zip(rows, tasks):
        assert row["STT"] == task["label"] and row["Nội dung nhiệm vụ"] == task["text"]
        assert (row["Cơ quan chủ trì"] or "") == "; ".join(task["lead"])
        assert (row["Đến ngày"].date().isoformat() if row["Đến ngày"] else None) == task["deadline"]["end"]
        assert row["Mã nhiệm vụ"] == task["uid"]
    assert ws["A1"].value.startswith("Quyết định 2571/QĐ-UBND")


def test_csv_has_bom_and_reads_back(tmp_path):
    out = tmp_path / "out"
    run("convert", str(SEED), "-o", str(out))
    res = run("tasks", str(out / "qd-2571-ubnd-lamdong-2022.json"), "--format", "csv")
    assert res.returncode == 0 and res.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(res.stdout.decode("utf-8-sig"))))
    assert len(rows) == 38 and rows[0]["STT"] == "3.23" and rows[0]["Loại thời hạn"] == "recurring"


def test_json_export_and_bad_input():
    res = run("tasks", str(SEED), "--format", "json")
    assert res.returncode == 0 and len(json.loads(res.stdout)) == 38
    res = run("tasks", "missing.txt", "--format", "json")
    assert res.returncode == 1 and b"missing.txt" in res.stderr and json.loads(res.stdout) == []


def test_prose_tasks_on_request():
    res = run("tasks", str(SEED), "--format", "json", "--with-prose")
    rows = json.loads(res.stdout)
    prose = [r for r in rows if r["source"] == "prose"]
    assert len(rows) == 38 + len(prose) and prose
    assert any(r["lead"] == "Sở Tài chính" for r in prose)
