"""Corrections people make to a stored document, kept apart from the machine output (who, when,
what changed; table `corrections` of the store) and keyed by the input's path and the item's id,
so a new conversion keeps them.

A correction names an item ("task:task-3", "reference:12") and one field; applying them to the
contract dict gives the corrected output, which is validated like any other.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.store.db import Store

LIST_FIELDS = {"lead", "cooperating", "monitoring"}
TASK_FIELDS = LIST_FIELDS | {"text", "product", "deadline"}
REFERENCE_FIELDS = {"doc_type", "number", "issued_date", "issuer", "title", "relation"}
RELATIONS = {"can_cu", "ban_hanh_kem_theo", "self", "cites", "amends", "repeals", "replaces", "implements"}
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DMY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_INDEX = re.compile(r"^[0-9]{1,6}$")   # ASCII digits: 'reference:³' and 'reference:٣' name no item
MAX_TEXT = 5000        # characters of a text field
MAX_NAME = 300         # characters of one agency name
MAX_AGENCIES = 50      # agencies in one list


class CorrectionError(ValueError):
    """A correction that names no such item or field, or a value the field cannot hold; *vi* is
    the same said in Vietnamese for the desk's dialog."""

    def __init__(self, message: str, vi: str | None = None):
        super().__init__(message)
        self.vi = vi or message


@dataclass
class Correction:
    id: int
    item: str
    field: str
    old: Any
    new: Any
    who: str
    at: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _find(data: dict[str, Any], item: str) -> dict[str, Any]:
    kind, _, key = item.partition(":")
    if kind == "task":
        for task in data["tasks"]:
            if task["id"] == key:
                return task
    elif kind == "reference" and _INDEX.match(key) and int(key) < len(data["references"]):
        return data["references"][int(key)]
    raise CorrectionError(f"no such item: {item}", f"Không có mục {item} trong văn bản.")


def clean_value(item: str, field: str, value: Any) -> Any:
    """The value as the field holds it (agency lists split on new lines and semicolons), or
    CorrectionError saying what is wrong."""
    kind = item.partition(":")[0]
    allowed = TASK_FIELDS if kind == "task" else REFERENCE_FIELDS
    if field not in allowed:
        raise CorrectionError(f"{kind} field {field!r} cannot be corrected (one of: {', '.join(sorted(allowed))})",
                              f"Không sửa được trường {field!r}.")
    if field in LIST_FIELDS:
        return _agencies(value)
    if value is not None and not isinstance(value, str):
        raise CorrectionError(f"{field} takes text", "Trường này nhận văn bản.")
    value = (value or "").strip() or None
    if value and len(value) > MAX_TEXT:
        raise CorrectionError(f"{field} is at most {MAX_TEXT} characters", f"Tối đa {MAX_TEXT} ký tự.")
    if field == "issued_date" and value:
        value = _iso_date(value)
    if field == "relation" and value not in RELATIONS:
        raise CorrectionError(f"relation is one of: {', '.join(sorted(RELATIONS))}", "Quan hệ không hợp lệ.")
    if field in ("text", "doc_type") and not value:
        raise CorrectionError(f"{field} cannot be empty", "Trường này không được để trống.")
    if field == "deadline" and value:
        _check_deadline(value)
    return value


def _agencies(value: Any) -> list[str]:
    """An agency list from lines or semicolons, bounded: at most MAX_AGENCIES names of MAX_NAME characters."""
    parts = value if isinstance(value, list) else re.split(r"[;\n]", str(value or ""))
    names = [p.strip() for p in parts if isinstance(p, str) and p.strip()]
    if len(names) > MAX_AGENCIES or any(len(n) > MAX_NAME for n in names):
        raise CorrectionError(f"at most {MAX_AGENCIES} agencies of {MAX_NAME} characters each",
                              f"Tối đa {MAX_AGENCIES} cơ quan, mỗi tên tối đa {MAX_NAME} ký tự.")
    return names


def _iso_date(value: str) -> str:
    """A date as the contract writes it, from '2021-07-16' or as people write it, '16/7/2021'."""
    import datetime as dt

    m = _DMY.match(value)
    iso = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else value
    try:
        if _ISO.match(iso) and dt.date.fromisoformat(iso):
            return iso
    except ValueError:
        pass
    raise CorrectionError("issued_date is written YYYY-MM-DD (or dd/mm/yyyy)",
                          "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 16/07/2021.")


def _check_deadline(value: str) -> None:
    """A corrected deadline must be one the pipeline's deadline rules understand ('Quý III/2023',
    '31/12/2024', 'Thường xuyên'), so its kind and dates are known; 'asdf 99/99' is refused."""
    from extractors.deadlines import normalize_deadline

    if normalize_deadline(value, None).get("rule") is None:
        raise CorrectionError(f"deadline not understood: {value!r}",
                              "Không hiểu được thời hạn này. Ví dụ: 31/12/2024, Quý III/2023, Tháng 6/2024, Thường xuyên.")


def _set(data: dict[str, Any], item: str, field: str, value: Any) -> None:
    """Put *value* into the item, recomputing what derives from it (normalised agencies, the
    deadline's kind and dates, the reference's graph id)."""
    target = _find(data, item)
    place = data["document"].get("place")
    if field in LIST_FIELDS:
        from extractors.agencies import normalize_agency

        target[field] = value
        if f"{field}_normalized" in target:
            target[f"{field}_normalized"] = [normalize_agency(a, place) for a in value]
    elif field == "deadline":
        from extractors.deadlines import normalize_deadline

        issued = data["document"].get("issued_date")
        parsed = normalize_deadline(value, int(issued[:4]) if issued else None)
        target["deadline"] = {k: parsed.get(k) for k in ("raw", "kind", "start", "end")}
    else:
        target[field] = value
        if item.startswith("reference:"):
            from pipeline.legal import canonical_id

            if target.get("relation") == "self" and data["document"].get("id"):
                target["target"] = data["document"]["id"]
            else:
                target["target"] = canonical_id(target.get("doc_type"), target.get("number"), target.get("issued_date"),
                                                None if target.get("number") else target.get("title"))


def _current(data: dict[str, Any], item: str, field: str) -> Any:
    value = _find(data, item).get(field)
    return value.get("raw") if field == "deadline" and isinstance(value, dict) else value


def add(store: Store, path: str, data: dict[str, Any], item: str, field: str, value: Any, who: str) -> Correction:
    """Record one correction of the document stored for *path* (its corrected dict is *data*)."""
    who = (who or "").strip()
    if not who:
        raise CorrectionError("say who makes the correction")
    new = clean_value(item, field, value)
    old = _current(data, item, field)
    trial = json.loads(json.dumps(data))
    _set(trial, item, field, new)
    from pipeline.writers.json_out import SchemaViolation, validate

    try:
        validate(trial)
    except SchemaViolation as exc:
        raise CorrectionError(str(exc)) from None
    return _insert(store, path, item, field, old, new, who)


def _insert(store: Store, path: str, item: str, field: str, old: Any, new: Any, who: str) -> Correction:
    at = time.time()
    cur = store.db.execute("INSERT INTO corrections (path, item, field, old, new, who, at) VALUES (?,?,?,?,?,?,?)",
                           (path, item, field, json.dumps(old, ensure_ascii=False),
                            json.dumps(new, ensure_ascii=False), who[:100], at))
    return Correction(int(cur.lastrowid), item, field, old, new, who[:100], at)


def undo(store: Store, path: str, data: dict[str, Any], fixes: list[Correction], correction_id: int,
         who: str) -> Correction:
    """Put the field of correction *correction_id* back to the value it had before that correction,
    as a new correction (the history keeps every line): undoing a field's first correction gives
    back the machine's value, whatever came after it."""
    target = next((c for c in fixes if c.id == correction_id), None)
    if target is None:
        raise CorrectionError(f"no correction {correction_id} of this document", "Không có lần sửa này.")
    now = _current(data, target.item, target.field)
    if now == target.old:
        raise CorrectionError("the field already has the value from before this correction",
                              "Trường này đã có giá trị trước lần sửa đó.")
    return _insert(store, path, target.item, target.field, now, target.old, (who or "").strip() or "?")


def listing(store: Store, path: str) -> list[Correction]:
    """Corrections of a document, oldest first."""
    return [Correction(r["id"], r["item"], r["field"], json.loads(r["old"]) if r["old"] else None,
                       json.loads(r["new"]), r["who"], r["at"])
            for r in store.db.execute("SELECT * FROM corrections WHERE path=? ORDER BY id", (path,))]


def apply(data: dict[str, Any], corrections: list[Correction]) -> tuple[dict[str, Any], list[str]]:
    """(a corrected copy of *data*, notes on corrections whose item no longer exists after a new
    conversion: they are kept in the store but cannot apply)."""
    out = json.loads(json.dumps(data))
    notes = []
    for c in corrections:
        try:
            _set(out, c.item, c.field, c.new)
        except CorrectionError:
            notes.append(f"Lần sửa số {c.id} ({c.item}, trường {c.field}, do {c.who}) không còn áp dụng được"
                         " sau lần chuyển đổi mới: mục này không còn trong văn bản.")
    return out, notes
