"""The workbook an office uses: opened with openpyxl (dates are dates shown dd/mm/yyyy, full group
headings, Vietnamese labels, a status drop-down, print settings) and converted by LibreOffice
headless (the dates it shows are dd/mm/yyyy)."""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from io import BytesIO

import pytest
from openpyxl import load_workbook

from pipeline.vocab import labels_vi
from pipeline.writers.tasks_export import rows
from pipeline.writers.workbook import HEADER_ROW, workbook
from tests.conftest import CORPUS, ROOT, SEED, converted, needs_corpus

CCHC = (CORPUS / "vbai-lamdong-ubnd" / "files" / "ND30" / "BÁO CÁO" / "Tờ trình 176 Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của tỉnh"
        / "Kế hoạch CCHC giai đoạn 2026-2030.docx")
DRUGS = (CORPUS / "vbai-lamdong-ubnd" / "files" / "ND30" / "Tờ trình 196  kế hoạch tăng cường công tác đấu tranh phòng, chống ma túy"
         / "KẾ HOẠCH KMT UBND TỈNH 2026.doc")


def _book(outputs, prose=False, today=dt.date(2026, 6, 1)):
    return load_workbook(BytesIO(workbook(rows(outputs, prose=prose), outputs, today=today)))


def _table(ws):
    header = [c.value for c in ws[HEADER_ROW]]
    return header, [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=HEADER_ROW + 1)]


def test_every_schema_code_has_a_vietnamese_label():
    schema = json.loads((ROOT / "schemas" / "document.schema.json").read_text(encoding="utf-8"))["$defs"]
    task = schema["task"]["properties"]
    codes = {"deadline_kind": task["deadline"]["properties"]["kind"]["enum"],
             "frequency": task["deadline"]["properties"]["frequency"]["enum"],
             "source": task["source"]["enum"], "relation": schema["reference"]["properties"]["relation"]["enum"]}
    for field, values in codes.items():
        for code in values:
            assert labels_vi().get((field, code)), (field, code)


def test_seed_plan_sheet():
    wb = _book([converted(str(SEED))])
    assert wb.sheetnames == ["2571-QĐ-UBND", "Tổng hợp theo cơ quan", "Văn bản liên quan"]
    ws = wb["2571-QĐ-UBND"]
    assert ws["A1"].value.startswith("Quyết định 2571/QĐ-UBND — Ban hành kế hoạch cải cách hành chính năm 2023")
    header, table = _table(ws)
    tasks = [r for r in table if r["Nội dung nhiệm vụ"]]
    assert len(tasks) == 38 and ws.freeze_panes == f"A{HEADER_ROW + 1}"
    whole_year = next(r for r in tasks if r["Thời hạn (nguyên văn)"] == "Trong năm 2023")
    assert whole_year["Đến ngày"] == dt.datetime(2023, 12, 31) and whole_year["Loại thời hạn"] == "Trong khoảng thời gian"
    assert whole_year["Nguồn"] == "Bảng phân công" and whole_year["Trạng thái"] == "Chưa thực hiện"
    col = header.index("Đến ngày") + 1
    dated = [ws.cell(r, col) for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, col).value]
    assert dated and all(c.number_format == "dd/mm/yyyy" and c.is_date for c in dated)
    assert not any(isinstance(v, str) and v in ("period", "recurring", "table") for r in tasks for v in r.values())
    # the status drop-down covers every task row
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"Chưa thực hiện,Đang thực hiện,Hoàn thành"'
    status_col = header.index("Trạng thái") + 1
    task_rows = [r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 3).value]
    assert all(any(ws.cell(r, status_col).coordinate in rng for rng in dv.sqref.ranges) for r in task_rows)
    # print: A4 landscape, fit to width, header row repeated, wrapped text
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.cell(task_rows[0], 3).alignment.wrap_text and ws.row_dimensions[task_rows[0]].height > 15


def test_prose_tasks_are_marked():
    out = converted(str(SEED))
    _, table = _table(_book([out], prose=True)["2571-QĐ-UBND"])
    prose = [r for r in table if r["Nguồn"] == "Giao trong nội dung văn bản"]
    assert len(prose) == len(out["prose_tasks"]) and all(r["Nội dung nhiệm vụ"] for r in prose)
    assert any(r["STT"] == "Nhiệm vụ giao trong nội dung văn bản" for r in table)  # their heading row


def test_summary_by_agency():
    out = converted(str(SEED))
    ws = _book([out])["Tổng hợp theo cơ quan"]
    got = {r[0].value: (r[1].value, r[2].value) for r in ws.iter_rows(min_row=3)}
    lead = sum(1 for t in out["tasks"] if "Sở Nội vụ" in t["lead"])
    coop = sum(1 for t in out["tasks"] if "Sở Nội vụ" in t["cooperating"])
    assert got["Sở Nội vụ"] == (lead, coop) and lead > 0
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"


@needs_corpus
def test_group_headings_are_whole():
    wb = _book([converted(str(CCHC))])
    header, table = _table(wb.worksheets[0])
    headings = [r["STT"] for r in table if r["STT"] and not r["Nội dung nhiệm vụ"]]
    assert headings[:2] == ["I. Cải cách thể chế", "II. Cải cách thủ tục hành chính"] and len(headings) == 7
    assert {r["Nhóm nhiệm vụ"] for r in table if r["Nội dung nhiệm vụ"]} >= {"I. Cải cách thể chế"}
    yearly = next(r for r in table if r["Thời hạn (nguyên văn)"] == "Hằng năm")
    assert yearly["Tần suất"] == "Hằng năm" and yearly["Các lần đến hạn"].startswith("31/12/2026; 31/12/2027")


@needs_corpus
def test_a_plan_without_task_table_says_so():
    out = converted(str(DRUGS))
    assert not out["tasks"] and out["prose_tasks"]
    ws = _book([out]).worksheets[0]
    assert ws["A2"].value.startswith("Văn bản không có bảng phân công nhiệm vụ.") and "--with-prose" in ws["A2"].value
    with_prose = _book([out], prose=True).worksheets[0]
    assert f"{len(out['prose_tasks'])} nhiệm vụ dưới đây được giao trong nội dung văn bản" in with_prose["A2"].value


def test_libreoffice_reads_the_workbook(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    target = tmp_path / "tasks.xlsx"
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "tasks", str(SEED), "--format", "xlsx", "-o", str(target)],
                         capture_output=True, cwd=ROOT, timeout=120)
    assert res.returncode == 0, res.stderr
    # every sheet as CSV, the cells as shown (token 9) in UTF-8 (76)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", str(tmp_path), str(target)],
                   capture_output=True, timeout=180)
    sheet = tmp_path / "tasks-2571-QĐ-UBND.csv"
    if not sheet.exists():
        pytest.skip("this LibreOffice has no spreadsheet component (libreoffice-calc-nogui)")
    grid = list(csv.reader(sheet.open(encoding="utf-8")))
    header = grid[HEADER_ROW - 1]
    shown = [r[header.index("Đến ngày")] for r in grid[HEADER_ROW:] if len(r) > 3 and r[2]]
    assert shown.count("31/12/2023") == 18 + 4 + 1 + 1 + 1 and "30/06/2023" in shown
    assert (tmp_path / "tasks-Tổng hợp theo cơ quan.csv").exists()
