"""What several extractors read off the segmented document the same way: the year its relative
deadlines refer to, and in which zone of the tree (the header, the body, an attached text, an
appendix) a node lies, from the tree itself rather than from the node's id."""
from __future__ import annotations

import re
from typing import Iterator

from pipeline.model import Document, Node, NodeKind


def title_year(doc: Document) -> int | None:
    """The first year the title (or an attached text's) names: a plan's year; None for a text whose
    rules hold every year (a decree, a circular, a regulation)."""
    for text in (doc.header.get("title") or "", *(a.title or "" for a in doc.attachments)):
        years = re.findall(r"\b(20\d\d)\b", text)
        if years:
            return int(years[0])
    return None


def plan_year(doc: Document) -> int | None:
    """The year relative deadlines refer to: a year in the title, else the year of issue."""
    year = title_year(doc)
    if year is not None:
        return year
    issued = doc.header.get("issued_date")
    return int(issued[:4]) if issued else None


def in_containers(root: Node) -> Iterator[tuple[Node, Node]]:
    """(container, node) for every node below the root, in document order; the container is the
    root's child the node lies in: the header, a part of the body, an attached text, an appendix
    ("Quyết định này" inside an attached Kế hoạch is the Kế hoạch)."""
    for container in root.children:
        for node in container.walk():
            yield container, node


def outside_header(root: Node) -> Iterator[Node]:
    """Every node below the root but those of the header zone (the type line, number, date, trích yếu)."""
    for container, node in in_containers(root):
        if container.kind != NodeKind.HEADER:
            yield node


def header_nodes(root: Node) -> Iterator[Node]:
    """The nodes of the header zone, in order (none when the document has no header)."""
    for container in root.children:
        if container.kind == NodeKind.HEADER:
            yield from container.walk()
