"""Two versions of a plan (a draft and the issued plan, or two conversions): which tasks were
added, removed or changed, and in which fields. Tasks are paired by their stable ``uid`` (text
unchanged), then by their place (same groups and label, text changed), then by similar text
(moved or relabelled); what is left is added or removed."""
from __future__ import annotations

import csv
import difflib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from extractors.task_ids import local_uid, task_place, text_key

FIELDS = ("text", "label", "groups", "lead", "cooperating", "deadline", "product")
SIMILAR = 0.8  # text similarity above which an unpaired task is the same task reworded


@dataclass
class Change:
    old: dict[str, Any]
    new: dict[str, Any]
    fields: dict[str, tuple[Any, Any]]
    paired_by: str  # "uid", "place" or "text"


@dataclass
class TaskDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed),
                        "unchanged": self.unchanged},
            "added": [_brief(t) for t in self.added], "removed": [_brief(t) for t in self.removed],
            "changed": [{"old": _brief(c.old), "new": _brief(c.new), "paired_by": c.paired_by,
                         "fields": {k: {"old": a, "new": b} for k, (a, b) in c.fields.items()}} for c in self.changed],
        }


def _brief(t: dict[str, Any]) -> dict[str, Any]:
    return {"uid": t.get("uid"), "label": t.get("label"), "source": t.get("source", "table"), "text": t["text"],
            "lead": t.get("lead", [])}


def _comparable(t: dict[str, Any], name: str) -> Any:
    """What is compared: texts, products and agencies by their folded words (a capital or a space
    more is no change); a dated deadline by its dates (reworded "20 giờ 15’" → "20 giờ 15 phút" on
    the same day is no change), an undated one by its kind and words."""
    value = t.get(name)
    if name == "deadline":
        d = value or {}
        dated = d.get("start") or d.get("end")
        return (d.get("kind"), d.get("start"), d.get("end"), None if dated else text_key(d.get("raw")))
    if name in ("text", "product"):
        return text_key(value)
    if name in ("lead", "cooperating", "groups"):
        return [text_key(x) for x in value or []]
    return value


def _fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields that differ; texts that differ only in spacing or punctuation are equal."""
    out = {}
    for name in FIELDS:
        if _comparable(old, name) != _comparable(new, name):
            out[name] = (old.get(name), new.get(name))
    return out


def _tasks(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data.get("tasks") or []) + list(data.get("prose_tasks") or [])


def diff(old: dict[str, Any], new: dict[str, Any]) -> TaskDiff:
    """The task differences between two contract outputs of one plan."""
    result = TaskDiff()
    left, right = _tasks(old), _tasks(new)
    pairs: list[tuple[int, int, str]] = []
    by_key = {local_uid(t): j for j, t in enumerate(right)}
    for i, t in enumerate(left):
        if local_uid(t) in by_key:
            pairs.append((i, by_key.pop(local_uid(t)), "uid"))
    _pair_by_place(left, right, pairs)
    _pair_by_text(left, right, pairs)
    for i, j, how in sorted(pairs):
        changes = _fields(left[i], right[j])
        if changes:
            result.changed.append(Change(left[i], right[j], changes, how))
        else:
            result.unchanged += 1
    paired_left, paired_right = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    result.removed = [t for i, t in enumerate(left) if i not in paired_left]
    result.added = [t for j, t in enumerate(right) if j not in paired_right]
    return result


def _pair_by_place(left: list[dict], right: list[dict], pairs: list[tuple[int, int, str]]) -> None:
    """Unpaired tasks in the same place (groups and label), when that place is unique on both sides."""
    used_l, used_r = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}

    def places(tasks: list[dict], used: set[int]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i, t in enumerate(tasks):
            if i not in used and task_place(t):
                out.setdefault(task_place(t), []).append(i)
        return out

    pl, pr = places(left, used_l), places(right, used_r)
    for place, idx in pl.items():
        if len(idx) == 1 and len(pr.get(place, [])) == 1:
            pairs.append((idx[0], pr[place][0], "place"))


def _pair_by_text(left: list[dict], right: list[dict], pairs: list[tuple[int, int, str]]) -> None:
    """Unpaired tasks whose texts are alike (ratio ≥ SIMILAR), most alike first."""
    used_l, used_r = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    cands = []
    for i, a in enumerate(left):
        if i in used_l:
            continue
        for j, b in enumerate(right):
            if j in used_r or a.get("source", "table") != b.get("source", "table"):
                continue
            ratio = difflib.SequenceMatcher(None, text_key(a["text"]), text_key(b["text"]), autojunk=False).ratio()
            if ratio >= SIMILAR:
                cands.append((ratio, i, j))
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            pairs.append((i, j, "text"))


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return value.get("raw") or value.get("kind") or ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def to_text(d: TaskDiff) -> str:
    """A report to read: one line per added/removed task, the changed fields of changed ones."""
    lines = [f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed, {d.unchanged} unchanged"]
    for sign, tasks in (("+", d.added), ("-", d.removed)):
        lines += [f"{sign} [{t.get('label') or t.get('source', 'table')}] {t['text']}" for t in tasks]
    for c in d.changed:
        lines.append(f"~ [{c.new.get('label') or c.new.get('source', 'table')}] {c.new['text'][:90]}")
        lines += [f"    {name}: {_show(a)!r} → {_show(b)!r}" for name, (a, b) in c.fields.items()]
    return "\n".join(lines) + "\n"


def to_csv(d: TaskDiff) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["Thay đổi", "STT", "Trường", "Cũ", "Mới", "Mã nhiệm vụ"])
    for t in d.added:
        w.writerow(["thêm", t.get("label") or "", "", "", t["text"], t.get("uid") or ""])
    for t in d.removed:
        w.writerow(["bỏ", t.get("label") or "", "", t["text"], "", t.get("uid") or ""])
    for c in d.changed:
        for name, (a, b) in c.fields.items():
            w.writerow(["sửa", c.new.get("label") or "", name, _show(a), _show(b), c.new.get("uid") or ""])
    return "\ufeff" + buf.getvalue()


def render(d: TaskDiff, fmt: str) -> bytes:
    if fmt == "json":
        return (json.dumps(d.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        return to_csv(d).encode("utf-8")
    return to_text(d).encode("utf-8")
