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
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CorrectionError(ValueError):
    """A correction that names no such item or field, or a value the field cannot hold."""


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
    elif kind == "reference" and key.isdigit() and int(key) < len(data["references"]):
        return data["references"][int(key)]
    raise CorrectionError(f"no such item: {item}")


def clean_value(item: str, field: str, value: Any) -> Any:
    """The value as the field holds it (agency lists split on new lines and semicolons), or
    CorrectionError saying what is wrong."""
    kind = item.partition(":")[0]
    allowed = TASK_FIELDS if kind == "task" else REFERENCE_FIELDS
    if field not in allowed:
        raise CorrectionError(f"{kind} field {field!r} cannot be corrected (one of: {', '.join(sorted(allowed))})")
    if field in LIST_FIELDS:
        parts = value if isinstance(value, list) else re.split(r"[;\n]", str(value or ""))
        return [p.strip() for p in parts if isinstance(p, str) and p.strip()]
    if value is not None and not isinstance(value, str):
        raise CorrectionError(f"{field} takes text")
    value = (value or "").strip() or None
    if field == "issued_date" and value and not _ISO.match(value):
        raise CorrectionError("issued_date is written YYYY-MM-DD")
    if field == "relation" and value not in RELATIONS:
        raise CorrectionError(f"relation is one of: {', '.join(sorted(RELATIONS))}")
    if field in ("text", "doc_type") and not value:
        raise CorrectionError(f"{field} cannot be empty")
    return value


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
    at = time.time()
    cur = store.db.execute("INSERT INTO corrections (path, item, field, old, new, who, at) VALUES (?,?,?,?,?,?,?)",
                           (path, item, field, json.dumps(old, ensure_ascii=False),
                            json.dumps(new, ensure_ascii=False), who[:100], at))
    return Correction(int(cur.lastrowid), item, field, old, new, who[:100], at)


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
            notes.append(f"correction {c.id} of {c.item} {c.field} by {c.who} no longer applies")
    return out, notes
