"""The workbook an office follows its plans in: one sheet per plan (title, group headings as rows
and as a column, real dates shown dd/mm/yyyy, wrapped text, a status drop-down, prose tasks marked),
a summary sheet by agency and the related documents; printed A4 landscape, header row repeated,
fit to the page width. Codes are shown by their Vietnamese labels (pipeline/data/labels.toml)."""
from __future__ import annotations

import datetime as dt
import io
import math
import re
from typing import Any

from extractors.task_ids import text_key
from pipeline.vocab import labels_vi

STATUSES = ("todo", "doing", "done")
DATE_FORMAT = "dd/mm/yyyy"
# (row key, header, width, kind): kind "date" is an Excel date, "money" a number, "label:<field>" a code shown by its label
PLAN_COLUMNS = [
    ("label", "STT", 7, "text"), ("groups", "Nhóm nhiệm vụ", 28, "text"), ("text", "Nội dung nhiệm vụ", 60, "text"),
    ("product", "Sản phẩm", 28, "text"), ("lead", "Cơ quan chủ trì", 26, "text"), ("cooperating", "Cơ quan phối hợp", 26, "text"),
    ("monitoring", "Theo dõi, đôn đốc", 20, "text"), ("deadline_raw", "Thời hạn (nguyên văn)", 22, "text"),
    ("deadline_kind", "Loại thời hạn", 16, "label:deadline_kind"), ("frequency", "Tần suất", 12, "label:frequency"),
    ("deadline_start", "Từ ngày", 12, "date"), ("deadline_end", "Đến ngày", 12, "date"),
    ("due_dates", "Các lần đến hạn", 24, "dates"), ("budget_raw", "Kinh phí", 20, "text"), ("budget_vnd", "Kinh phí (đồng)", 16, "money"),
    ("source", "Nguồn", 14, "label:source"), ("corrected", "Đã sửa (trường: người, lúc)", 24, "text"),
    ("status", "Trạng thái", 16, "status"), ("status_note", "Ghi chú tiến độ", 22, "text"),
    ("uid", "Mã nhiệm vụ", 26, "text"), ("node", "Vị trí trong văn bản", 20, "text"),
]
_COLUMN_OF = {key: c for c, (key, *_rest) in enumerate(PLAN_COLUMNS, start=1)}
HEADER_ROW = 3  # row 1: the plan's title, row 2: a note, row 3: the header
MAX_DUE_SHOWN = 12


def _label(field: str, code: str) -> str:
    return labels_vi().get((field, code), code) if code else ""


def _date(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _dates_text(joined: str) -> str:
    """"2026-12-31; 2027-12-31" → "31/12/2026; 31/12/2027", the first twelve and how many in all."""
    days = [d for d in (_date(x.strip()) for x in joined.split(";")) if d]
    shown = "; ".join(d.strftime("%d/%m/%Y") for d in days[:MAX_DUE_SHOWN])
    return shown + (f" … ({len(days)} lần)" if len(days) > MAX_DUE_SHOWN else "")


def _value(row: dict[str, Any], key: str, kind: str) -> Any:
    value = row.get(key, "")
    if kind == "date":
        return _date(value)
    if kind == "dates":
        return _dates_text(value)
    if kind.startswith("label:"):
        return _label(kind.split(":", 1)[1], value)
    if kind == "status":
        return _label("status", value or "todo")
    return value if value != "" else None


def _sheet_name(row: dict[str, Any], used: set[str]) -> str:
    """A sheet name from the plan's number ("2571-QĐ-UBND"), or its title for a draft without one."""
    number = row.get("document") or ""
    base = number if re.match(r"^\d", number) else (row.get("doc_title") or row.get("doc_id") or "Kế hoạch")
    base = re.sub(r"[\[\]:*?/\\]", "-", base).strip()[:28] or "Kế hoạch"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:25]} ({n})"
    used.add(name.lower())
    return name


def _height(values: list[tuple[Any, int]]) -> float:
    """A row height that shows every wrapped cell whole (15 points a line, at most 409)."""
    lines = 1
    for value, width in values:
        if isinstance(value, str) and value:
            lines = max(lines, sum(max(1, math.ceil(len(p) / max(1.0, width * 1.2))) for p in value.split("\n")))
    return min(409.0, 15.0 * lines + 2)


def _print_setup(ws: Any, title_rows: str | None) -> None:
    """A4 landscape, fit to the page width (as many pages down as needed), header row repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4


def _plan_note(rows: list[dict[str, Any]], info: dict[str, Any] | None) -> str:
    """What the sheet holds; a clear note when the plan has no task table."""
    table = sum(r["source"] == "table" for r in rows)
    prose = len(rows) - table
    parts = [f"{table} nhiệm vụ trong bảng phân công"]
    if prose:
        parts.append(f"{prose} nhiệm vụ giao trong nội dung văn bản (đánh dấu ở cột Nguồn, cần kiểm tra lại)")
    note = "; ".join(parts) + "."
    if info and not table:
        extra = info.get("prose_available", 0) - prose
        note = "Văn bản không có bảng phân công nhiệm vụ." + (f" {prose} nhiệm vụ dưới đây được giao trong nội dung văn bản, cần kiểm tra lại." if prose else "")
        if extra > 0:
            note += f" Có {extra} câu giao nhiệm vụ trong nội dung: xuất với --with-prose để đưa vào."
    return note + " Thời hạn định kỳ được trải thành các lần đến hạn trong kỳ kế hoạch."


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "head_font": Font(bold=True), "head_fill": PatternFill("solid", fgColor="DDEBF7"),
        "group_font": Font(bold=True, italic=True), "group_fill": PatternFill("solid", fgColor="F2F2F2"),
        "title_font": Font(bold=True, size=13), "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "corrected": PatternFill("solid", fgColor="EDE9FE"),  # as the review desk marks a corrected value
    }


def _write_header(ws: Any, st: dict[str, Any], title: str, note: str) -> None:
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(PLAN_COLUMNS))
    ws["A1"], ws["A2"] = title, note
    ws["A1"].font = st["title_font"]
    ws["A2"].alignment = st["wrap"]
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 32
    for c, (_, header, width, _) in enumerate(PLAN_COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, c, header)
        cell.font, cell.fill, cell.alignment, cell.border = st["head_font"], st["head_fill"], st["wrap"], st["border"]
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def _group_row(ws: Any, st: dict[str, Any], r: int, text: str) -> None:
    """A heading row: the group's full text across the row ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH")."""
    cell = ws.cell(r, 1, text)
    cell.font, cell.fill, cell.alignment = st["group_font"], st["group_fill"], st["wrap"]
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(PLAN_COLUMNS))
    ws.row_dimensions[r].height = _height([(text, sum(w for _, _, w, _ in PLAN_COLUMNS))])


def _plan_sheet(wb: Any, name: str, rows: list[dict[str, Any]], info: dict[str, Any] | None) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    ws = wb.create_sheet(name)
    first = rows[0] if rows else info or {}
    title = " ".join(x for x in (first.get("doc_type"), first.get("document"), "—", first.get("doc_title")) if x)
    _write_header(ws, st, title, _plan_note(rows, info))
    status = DataValidation(type="list", formula1='"' + ",".join(_label("status", s) for s in STATUSES) + '"', allow_blank=True)
    status.error, status.errorTitle = "Chọn một trạng thái trong danh sách", "Trạng thái"
    ws.add_data_validation(status)
    status_col = next(c for c, (k, *_rest) in enumerate(PLAN_COLUMNS, start=1) if k == "status")
    r, open_groups = HEADER_ROW + 1, []
    for row in sorted(rows, key=lambda x: x["source"] != "table"):  # table tasks first, prose after
        groups = row["groups"].split(" › ") if row["groups"] else (["Nhiệm vụ giao trong nội dung văn bản"] if row["source"] == "prose" else [])
        for depth, g in enumerate(groups):
            if depth >= len(open_groups) or open_groups[depth] != g:
                _group_row(ws, st, r, "    " * depth + g)
                r += 1
        open_groups = groups
        values = [(_value(row, key, kind), width, kind) for key, _, width, kind in PLAN_COLUMNS]
        for c, (value, _, kind) in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.alignment, cell.border = st["wrap"], st["border"]
            if kind == "date":
                cell.number_format = DATE_FORMAT
            elif kind == "money":
                cell.number_format = "#,##0"
        for key in row.get("corrected_fields", ()):  # a value people corrected in the review desk
            if key in _COLUMN_OF:
                ws.cell(r, _COLUMN_OF[key]).fill = st["corrected"]
        status.add(ws.cell(r, status_col))
        ws.row_dimensions[r].height = _height([(v, w) for v, w, _ in values])
        r += 1
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(PLAN_COLUMNS))}{max(HEADER_ROW + 1, r - 1)}"
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    printed = next(c for c, (k, *_rest) in enumerate(PLAN_COLUMNS, start=1) if k == "status_note")
    ws.print_area = f"A1:{get_column_letter(printed)}{max(HEADER_ROW, r - 1)}"  # the ids stay on screen only


def _agency_totals(rows: list[dict[str, Any]], today: dt.date) -> list[dict[str, Any]]:
    """Per agency (spellings that fold alike are one): tasks as lead and as cooperating agency,
    the plans, and the next date a task it leads falls due."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        for role in ("lead", "cooperating"):
            for name in filter(None, (x.strip() for x in row[role].split(";"))):
                t = totals.setdefault(text_key(name), {"name": name, "lead": 0, "cooperating": 0, "plans": [], "next": None})
                t[role] += 1
                plan = row["document"] if re.match(r"^\d", row["document"] or "") else row["doc_title"]
                if plan not in t["plans"]:
                    t["plans"].append(plan)
                if role == "lead":
                    ahead = [d for d in (_date(x.strip()) for x in row["due_dates"].split(";")) if d and d >= today]
                    if ahead and (t["next"] is None or min(ahead) < t["next"]):
                        t["next"] = min(ahead)
    return sorted(totals.values(), key=lambda t: (-t["lead"], -t["cooperating"], t["name"]))


def _summary_sheet(wb: Any, rows: list[dict[str, Any]], today: dt.date) -> None:
    st = _styles()
    ws = wb.create_sheet("Tổng hợp theo cơ quan")
    columns = [("Cơ quan, đơn vị", 44), ("Số nhiệm vụ chủ trì", 14), ("Số nhiệm vụ phối hợp", 14),
               ("Số văn bản", 10), ("Văn bản giao nhiệm vụ", 50), ("Hạn gần nhất (chủ trì)", 16)]
    ws["A1"] = f"Tổng hợp nhiệm vụ theo cơ quan (tính đến ngày {today.strftime('%d/%m/%Y')})"
    ws["A1"].font = st["title_font"]
    from openpyxl.utils import get_column_letter

    for c, (header, width) in enumerate(columns, start=1):
        cell = ws.cell(2, c, header)
        cell.font, cell.fill, cell.alignment, cell.border = st["head_font"], st["head_fill"], st["wrap"], st["border"]
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, t in enumerate(_agency_totals(rows, today), start=3):
        values = [t["name"], t["lead"], t["cooperating"], len(t["plans"]), "; ".join(t["plans"]), t["next"]]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.alignment, cell.border = st["wrap"], st["border"]
        ws.cell(r, 6).number_format = DATE_FORMAT
        ws.row_dimensions[r].height = _height([(values[0], 44), (values[4], 50)])
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:F{max(3, ws.max_row)}"
    _print_setup(ws, "2:2")


def _references_sheet(wb: Any, outputs: list[dict[str, Any]]) -> None:
    """The documents each plan names (its legal bases, the decision it is issued with, …)."""
    st = _styles()
    ws = wb.create_sheet("Văn bản liên quan")
    columns = [("Kế hoạch", 36), ("Quan hệ", 18), ("Loại văn bản", 16), ("Số ký hiệu", 20), ("Ngày ban hành", 14), ("Trích dẫn", 70)]
    from openpyxl.utils import get_column_letter

    for c, (header, width) in enumerate(columns, start=1):
        cell = ws.cell(1, c, header)
        cell.font, cell.fill, cell.alignment, cell.border = st["head_font"], st["head_fill"], st["wrap"], st["border"]
        ws.column_dimensions[get_column_letter(c)].width = width
    r = 2
    for data in outputs:
        doc = data["document"]
        plan = " ".join(x for x in (doc.get("number"), doc.get("title")) if x)
        for ref in data.get("references") or []:
            if ref["relation"] == "self":
                continue
            values = [plan, _label("relation", ref["relation"]), ref.get("doc_type"), ref.get("number"),
                      _date(ref.get("issued_date") or ""), ref["surface"]]
            for c, value in enumerate(values, start=1):
                cell = ws.cell(r, c, value)
                cell.alignment, cell.border = st["wrap"], st["border"]
            ws.cell(r, 5).number_format = DATE_FORMAT
            ws.row_dimensions[r].height = _height([(plan, 36), (ref["surface"], 70)])
            r += 1
    ws.freeze_panes = "A2"
    _print_setup(ws, "1:1")


def _plans(task_rows: list[dict[str, Any]], outputs: list[dict[str, Any]] | None) -> list[tuple[str, dict[str, Any] | None]]:
    """(doc id, what is known of the plan) in order: every output given (a plan with no task too),
    else the plans the rows come from."""
    if outputs:
        return [(d["document"]["id"], {"doc_id": d["document"]["id"], "document": d["document"].get("number") or "",
                                        "doc_title": d["document"].get("title") or "", "doc_type": d["document"].get("doc_type") or "",
                                        "prose_available": len(d.get("prose_tasks") or [])}) for d in outputs]
    seen: list[str] = []
    for row in task_rows:
        if row["doc_id"] not in seen:
            seen.append(row["doc_id"])
    return [(doc_id, None) for doc_id in seen]


def workbook(task_rows: list[dict[str, Any]], outputs: list[dict[str, Any]] | None = None,
             today: dt.date | None = None) -> bytes:
    """The XLSX bytes: a sheet per plan, the summary by agency, and (given the outputs) the related
    documents."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for doc_id, info in _plans(task_rows, outputs):
        rows = [r for r in task_rows if r["doc_id"] == doc_id]
        _plan_sheet(wb, _sheet_name(rows[0] if rows else info or {}, used), rows, info)
    if not wb.sheetnames:
        _plan_sheet(wb, "Nhiệm vụ", [], None)
    _summary_sheet(wb, task_rows, today or dt.date.today())
    if outputs:
        _references_sheet(wb, outputs)
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
