"""Targets (percentages of a plan's MỤC TIÊU) and budget lines (amounts written in prose)."""
from __future__ import annotations

import re

from extractors.budgets import amounts, may_have_amount
from pipeline.model import Budget, Document, Node, NodeKind, Target
from pipeline.text import clean_space, fold

_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")
_QUALIFIER = re.compile(r"\b(tối\s+thiểu|ít\s+nhất|trên|từ|phấn\s+đấu|dưới|không\s+quá|tối\s+đa|khoảng)\b", re.I)
_CLAUSE_CUT = re.compile(r"[;:]|\.\s|,\s(?=\d{1,3}\s*%)|\s(?:và|trong\s+đó)\s")


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a percentage: from the previous to the next ';', ':' or sentence end."""
    left = max((m.end() for m in _CLAUSE_CUT.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_CUT.finditer(text, end)), len(text))
    return clean_space(text[left:right]).strip(" -–+.,")


def _objective_nodes(root: Node):
    for node in root.walk():
        if node.kind == NodeKind.SECTION and node.title and "muc tieu" in fold(node.title):
            yield from node.walk()


def extract_targets(doc: Document) -> None:
    """Fill ``doc.targets`` with every percentage written in the plan's objectives."""
    if doc.root is None:
        return
    out: list[Target] = []
    seen: set[str] = set()
    for node in _objective_nodes(doc.root):
        if node.id in seen:
            continue
        seen.add(node.id)
        for m in _PERCENT.finditer(node.text):
            before = node.text[max(0, m.start() - 25):m.start()]
            quals = [q.group(1) for q in _QUALIFIER.finditer(before)]  # the closest qualifier wins
            qualifier = clean_space(quals[-1]).lower() if quals else None
            if qualifier == "từ" and re.match(r"\s*trở\s+lên", node.text[m.end():]):
                qualifier = "từ … trở lên"
            out.append(Target(
                value_percent=float(m.group(1).replace(",", ".")) if re.search(r"[.,]", m.group(1)) else int(m.group(1)),
                text=_clause(node.text, m.start(), m.end()) or m.group(0),
                qualifier=qualifier,
                node=node.id,
                span=[m.start(), m.end()],
            ))
    doc.targets = out


_FUNDING = re.compile(r"kinh phi|du toan|nguon von|ngan sach|tong muc dau tu|von dau tu")
_NOT_FUNDING = re.compile(r"phat tien|muc thu|le phi|phi tham dinh|muc phat|muc luong|tien luong|chi phi tuan thu")
# nodes whose text is no prose line of the plan: the tree's containers, tables and their rows, the header, the closing
_NOT_PROSE = frozenset({NodeKind.DOCUMENT, NodeKind.TABLE, NodeKind.ROW, NodeKind.HEADER, NodeKind.SIGNATURE,
                        NodeKind.RECIPIENTS})


def extract_budget_items(doc: Document) -> None:
    """Fill ``doc.budget_items`` with prose lines that fund the plan with an amount of money (tables,
    fines, fees and salaries excluded)."""
    if doc.root is None:
        return
    out = []
    for node in doc.root.walk():
        if node.kind in _NOT_PROSE or not node.text or not may_have_amount(node.text):
            continue  # no amount, so no budget line, whatever its words
        folded = fold(node.text)
        if not _FUNDING.search(folded) or _NOT_FUNDING.search(folded):
            continue
        found = [a for _, _, a in amounts(node.text) if a is not None]
        if found:
            raw = re.sub(r"^[-–+•]\s*", "", clean_space(node.text)).rstrip(" .;")
            out.append(Budget(raw, sum(found), node.id))
    doc.budget_items = out
