"""Task lists for trackers: one row per task as CSV (UTF-8 with BOM, for Excel), JSON, or an XLSX
workbook (pipeline/writers/workbook.py)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

COLUMNS = [
    ("document", "Số ký hiệu văn bản", 22), ("doc_id", "Mã văn bản", 30), ("label", "STT", 8),
    ("objective", "Mục tiêu / nhóm", 14), ("task", "Nhiệm vụ (nhóm)", 14), ("text", "Nội dung", 60),
    ("product", "Sản phẩm", 30), ("lead", "Chủ trì", 30), ("cooperating", "Phối hợp", 30),
    ("monitoring", "Theo dõi, đôn đốc", 24), ("deadline_raw", "Thời hạn", 22), ("deadline_kind", "Loại thời hạn", 12),
    ("deadline_start", "Từ ngày", 12), ("deadline_end", "Đến ngày", 12), ("budget_raw", "Kinh phí", 24),
    ("budget_vnd", "Kinh phí (đồng)", 16), ("source", "Nguồn", 8), ("node", "Vị trí", 28),
    ("uid", "Mã nhiệm vụ", 30), ("groups", "Nhóm", 30), ("frequency", "Tần suất", 12), ("due_dates", "Các lần đến hạn", 30),
]

CORRECTED = ("corrected", "Đã sửa (trường: người, lúc)", 30)  # only when some row was corrected (the review desk)
STATUS = [("status", "Trạng thái", 14), ("status_note", "Ghi chú tiến độ", 30)]  # only when some row has one (the desk's)


def columns(task_rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """The export's columns: COLUMNS, CORRECTED when a row says what people corrected in it, and
    STATUS when a row says where it stands (pipeline/store/status.py: mark_status)."""
    return (COLUMNS + ([CORRECTED] if any(r.get("corrected") for r in task_rows) else [])
            + (STATUS if any(r.get("status") for r in task_rows) else []))


def rows(outputs: Iterable[dict[str, Any]], prose: bool = False) -> list[dict[str, Any]]:
    """Flat task rows of the given contract outputs (with the prose tasks when *prose*), agencies
    joined with "; ", group headings with " › ", due dates (ISO) with "; "."""
    from extractors.schedule import due_dates

    out = []
    for data in outputs:
        doc = data["document"]
        for t in data["tasks"] + (data.get("prose_tasks", []) if prose else []):
            dl = t["deadline"]
            budget = t.get("budget") or {}
            out.append({
                "document": doc.get("number") or "", "doc_id": doc["id"], "label": t.get("label") or "",
                "objective": t.get("objective") or "", "task": t.get("task") or "", "text": t["text"],
                "product": t.get("product") or "", "lead": "; ".join(t["lead"]),
                "cooperating": "; ".join(t["cooperating"]), "monitoring": "; ".join(t.get("monitoring") or []),
                "deadline_raw": dl.get("raw") or "", "deadline_kind": dl["kind"], "deadline_start": dl.get("start") or "",
                "deadline_end": dl.get("end") or "", "budget_raw": budget.get("raw") or "",
                "budget_vnd": budget.get("amount_vnd") if budget.get("amount_vnd") is not None else "",
                "source": t.get("source", "table"), "node": t["node"],
                "uid": t.get("uid") or "", "groups": " › ".join(t.get("groups") or []), "frequency": dl.get("frequency") or "",
                "due_dates": "; ".join(due_dates(dl)), "doc_title": doc.get("title") or "", "doc_type": doc.get("doc_type") or "",
            })
    return out


def to_csv(task_rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    cols = columns(task_rows)
    writer.writerow([title for _, title, _ in cols])
    for r in task_rows:
        writer.writerow([r.get(key, "") for key, _, _ in cols])
    return buf.getvalue().encode("utf-8-sig")


def to_json(task_rows: list[dict[str, Any]]) -> bytes:
    return (json.dumps(task_rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_xlsx(task_rows: list[dict[str, Any]], outputs: list[dict[str, Any]] | None = None) -> bytes:
    """The workbook an office uses (pipeline/writers/workbook.py)."""
    from pipeline.writers.workbook import workbook

    return workbook(task_rows, outputs)


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}
