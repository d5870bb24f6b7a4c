"""Stable task identity for trackers: ``uid`` = document id, group path, label and a hash of the
task's normalised text, e.g. ``vn:ke-hoach:cai-cach-hanh-chinh-…:nd#I/1/5e3a1c9d20``.

Nothing in it depends on the order of tables, node ids, agencies or the deadline rules, so the
same task keeps its uid over reconversion and pipeline upgrades, and changes it only when its
text, its label or its groups change (a revised plan). ``id`` ("task-3") stays the position."""
from __future__ import annotations

import hashlib
import re
from typing import Any

from pipeline.model import Document, TaskSource
from pipeline.notation.labels import ROW_KINDS, parse_label
from pipeline.text import fold


def _group_label(text: str) -> str | None:
    """The label a group heading opens with, its dot and a space after it ("I. Cải cách thể chế" → "I")."""
    label = parse_label(text)
    ok = label is not None and not label.start and label.kind in ROW_KINDS and label.mark == "." and label.spaced_mark
    return label.value if ok else None


_WORD = re.compile(r"[0-9a-z]+")


def text_key(text: str | None) -> str:
    """The folded letters and digits of a text, single-spaced: what two writings of one task share
    ("Rà soát,  ban hành…" and "Rà soát, ban hành …" give the same key)."""
    return " ".join(_WORD.findall(fold(text or "")))


def _digest(text: str, n: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def group_path(groups: list[str]) -> list[str]:
    """One step per enclosing group: its label ("I", "1.2"), or for an unlabelled heading "g" and a
    short hash of its text."""
    out = []
    for g in groups:
        label = _group_label(g) or _group_label(g + ". ")  # "I. Cải cách thể chế", or a bare "1.3"
        out.append(label or "g" + _digest(text_key(g), 6))
    return out


UID_SEP = "#"  # between the document id and the rest of a uid


def _place_steps(groups: list[str], objective: str | None, task: str | None, label: str | None) -> list[str]:
    """Group path and label: where a table task sits. A table whose groups are label columns has
    no groups, only objective and task."""
    return group_path(groups or [x for x in (objective, task) if x]) + [(label or "-").replace("/", "-")]


def uid_steps(source: str | None, groups: list[str], objective: str | None, task: str | None,
              label: str | None, text: str | None) -> str:
    """The uid without the document id: group path / label / text hash (prose tasks: "prose/hash")."""
    digest = _digest(text_key(text), 10)
    if source == TaskSource.PROSE:
        return f"prose/{digest}"
    return "/".join(_place_steps(groups, objective, task, label) + [digest])


def local_uid(task: dict[str, Any]) -> str:
    """A contract task's uid without its document id (what two versions of one plan share): the part
    after UID_SEP of the uid it carries, else ``uid_steps`` of its fields (an output without uids)."""
    if task.get("uid"):
        _, sep, local = task["uid"].partition(UID_SEP)
        return local if sep else task["uid"]
    return uid_steps(task.get("source"), task.get("groups") or [], task.get("objective"), task.get("task"),
                     task.get("label"), task.get("text"))


def task_place(task: dict[str, Any]) -> str | None:
    """A contract task's groups and label, without its text hash: where a reworded task stays
    ("I/1"); None for prose tasks and unlabelled rows, which have no place."""
    if task.get("source") == TaskSource.PROSE or not task.get("label"):
        return None
    return "/".join(_place_steps(task.get("groups") or [], task.get("objective"), task.get("task"), task.get("label")))


def assign_uids(doc: Document) -> None:
    """Give every table and prose task its ``uid``; a repeat of the same task in the same place
    gets "~2", "~3" … in document order."""
    doc_id = doc.header.get("id") or "doc"
    seen: dict[str, int] = {}
    for task in (*doc.tasks, *doc.prose_tasks):
        local = uid_steps(task.source, task.groups, task.objective, task.task, task.label, task.text)
        seen[local] = seen.get(local, 0) + 1
        suffix = f"~{seen[local]}" if seen[local] > 1 else ""
        task.uid = f"{doc_id}{UID_SEP}{local}{suffix}"
