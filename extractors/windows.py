"""Bounded windows over an enormous node text, so that scanners whose cost grows with the text
after (or before) each match stay linear: a whole file on one line is read window by window.
No node of the corpus is that long (its longest text: 14,049 characters), so normal documents
are scanned whole, as before."""
from __future__ import annotations

import copy
import re
from typing import Any, Callable

from pipeline.model import Node

WINDOW = 20_000  # characters
_BREAK = re.compile(r"[.;:!?]\s|\n")


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of *text* of at most *size* characters, each cut after
    the last sentence end (". ", "; ", a newline …) in its second half, else after its last
    space, else at *size*: "A. B. C" with size 4 → (0, 3), (3, 6), (6, 7)."""
    out, start = [], 0
    while len(text) - start > size:
        end = start + size
        cut = None
        for m in _BREAK.finditer(text, start + size // 2, end):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", start + size // 2, end)
            cut = space + 1 if space != -1 else end
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def by_window(find: Callable[..., list[dict[str, Any]]], node: Node, *args: Any) -> list[dict[str, Any]]:
    """find(node, *args) (items with a "span" in the node's text), run window by window when the
    node's text is longer than WINDOW, spans shifted back to the whole text."""
    if len(node.text) <= WINDOW:
        return find(node, *args)
    found = []
    for start, end in windows(node.text):
        part = copy.copy(node)
        part.text = node.text[start:end]
        for item in find(part, *args):
            item["span"] = [item["span"][0] + start, item["span"][1] + start]
            found.append(item)
    return found
