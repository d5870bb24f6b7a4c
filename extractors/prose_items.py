"""A prose task whose sentence only introduces a list ("c) Sở Nội vụ có trách nhiệm:", "a) Sở Tài
chính chủ trì, phối hợp các sở, ban, ngành" over "- Tham mưu …" items) hands its work to the list's
items: each item becomes a task of the lead-in's agencies, with its own text and node, and its own
deadline or else the lead-in's. The lead-in alone ("… có trách nhiệm:") tells a tracker nothing.

The items are the lead-in node's children (clauses, points, items, paragraphs) when the lead-in ends
with ":", or list items under a lead-in that names who acts and nothing of what; or, for a paragraph ending with ":" that has no children, the list
items ("- …", "+ …") that follow it under the same parent. An item that names an agency of its own
(a prose task of its own) is left to itself."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from pipeline.model import Deadline, Node, NodeKind, Task
from pipeline.text import clean_space

_ITEM_KINDS = frozenset({NodeKind.CLAUSE, NodeKind.POINT, NodeKind.ITEM, NodeKind.PARAGRAPH})
_LIST_KINDS = frozenset({NodeKind.POINT, NodeKind.ITEM})
MAX_ITEMS = 40  # a longer run under one lead-in is no list of duties (a catalogue, a form): left alone


def is_lead_in(task: Task, node: Node, bare: Callable[[Task], bool]) -> bool:
    """A task made of the node's last sentence, which ends with ":", or says who acts and nothing
    of what (*bare*: "a) Sở Tài chính chủ trì, phối hợp các sở, ban, ngành") over list items; a
    whole sentence ("… có trách nhiệm theo dõi, tổng hợp …") over points is a task of its own."""
    if not task.span or task.span[1] < len(node.text.rstrip()):
        return False
    if task.text.rstrip().endswith(":"):
        return True
    return bool(node.children) and all(c.kind in _LIST_KINDS for c in node.children) and bare(task)


def list_items(node: Node, parent: Node | None) -> list[Node]:
    """The items a lead-in *node* (under *parent*) introduces (see the module's docstring)."""
    if node.children:
        items = [c for c in node.children if c.kind in _ITEM_KINDS and c.text]
    elif parent is not None and node.kind == NodeKind.PARAGRAPH and node.text.rstrip().endswith(":"):
        after = parent.children[parent.children.index(node) + 1:]
        items = []
        for sibling in after:
            if sibling.kind != NodeKind.ITEM or not sibling.text:
                break
            items.append(sibling)
    else:
        return []
    return items if len(items) <= MAX_ITEMS else []


def _item_text(item: Node, strip: Callable[[str], str]) -> tuple[str, int]:
    """The item's text without its label, and the items under it (an item "- Tham mưu UBND tỉnh:"
    over "+ …" lines is one duty); and where its own text starts in its node's text."""
    own = strip(item.text)
    below = [strip(n.text) for n in item.walk() if n is not item and n.text and n.kind in _ITEM_KINDS]
    return clean_space(" ".join([own, *below])), len(item.text) - len(own)


def item_tasks(lead_in: Task, items: list[Node], strip: Callable[[str], str], own_actor: Callable[[str], bool],
               deadline_of: Callable[[str], Deadline], bare: bool,
               cooperating_of: Callable[[str], list[tuple[str, str]]]) -> list[Task]:
    """The tasks of a lead-in's *items* (the lead-in's agencies; each item's deadline, read from
    its own text, else the lead-in's). *strip* cuts a label off a text; *own_actor* tells an item's
    text that opens with an agency of its own ("a) Sở Lao động - Thương binh và Xã hội trình …"):
    such an item is not the lead-in's and is skipped; *deadline_of* reads the deadline of a text,
    *cooperating_of* the agencies it says cooperate (as written, normalised), added to the lead-in's.
    A lead-in that says more than who acts (not *bare*: "Bộ Tài chính báo cáo về tiếp thu, giải
    trình các dự thảo:") opens each item's text, which its span (the item's own words) leaves out."""
    out: list[Task] = []
    prefix = "" if bare else lead_in.text.rstrip() + " "
    for item in items:
        if own_actor(strip(item.text)):
            continue
        text, at = _item_text(item, strip)
        if sum(map(str.isalpha, text)) < 2:
            continue
        deadline = deadline_of(item.text[at:])
        more = [(a, n) for a, n in cooperating_of(item.text[at:]) if a not in lead_in.cooperating]
        out.append(replace(
            lead_in, text=prefix + text, node=item.id, span=[at, len(item.text.rstrip())],
            deadline=deadline if deadline.kind != "none" else replace(lead_in.deadline),
            lead=list(lead_in.lead), cooperating=lead_in.cooperating + [a for a, _ in more],
            lead_normalized=list(lead_in.lead_normalized),
            cooperating_normalized=lead_in.cooperating_normalized + [n for _, n in more]))
    return out
