"""Where the structure builder found no signature of the document's own: the signature block read
elsewhere (an attached text's closing, the header of a gazette page that starts with it, a layout
table that also holds an appendix heading, a name printed before its capacity)."""
from __future__ import annotations

import re
from typing import Iterator

from pipeline.model import Node
from pipeline.notation import markers as mk
from pipeline.segment.zones import CAPACITY_OPENS, SIGN_POSITION, SIGNED_MARK, looks_like_name, unstamped

_LOOKAHEAD = 6
_NOISE = re.compile(r"^[\W_]+|[\W_]+$")


def _lines(root: Node) -> Iterator[tuple[Node, str]]:
    """(node, line) of the paragraphs and table cells outside the structure's own signature nodes."""
    for n in root.walk():
        if n.kind in ("document", "table", "signature", "recipients") or not n.text:
            continue
        cells = n.text.split(" | ") if n.kind == "row" else [n.text]
        for cell in cells:
            for line in cell.splitlines():
                line = unstamped(line.strip(" *"))
                if line:
                    yield n, line


def _opens(line: str) -> bool:
    """A line opening a signature block: a capacity or position, in capitals (tested last: the costliest)."""
    opens = mk.SIGN_CAPACITY.match(line) or CAPACITY_OPENS.match(line) or SIGN_POSITION.match(line)
    return len(line) <= 80 and bool(opens) and mk.is_caps(line)


def fallback_signature(root: Node) -> list[str]:
    """The parts of the document's signature block where the builder found none of its own: the
    signature of an attached text that is the body itself; else the first block ending with a name
    ("TM. CHÍNH PHỦ / KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG / Nguyễn Hòa Bình") wherever it was put; else a
    signature node's capacity with the name printed just before it ("[ Lê Minh Hưng")."""
    for container in root.children:  # the body read as an attached text ("QUY ĐỊNH …" heading)
        for n in container.walk() if container.kind == "attachment" else ():
            if n.kind == "signature" and looks_like_name(" ".join(n.text.split()[-3:])):
                return [n.text]
    lines = list(_lines(root))
    for k, (_, line) in enumerate(lines):
        if not _opens(line):
            continue
        parts = [line]
        for _, nxt in lines[k + 1:k + 1 + _LOOKAHEAD]:
            if looks_like_name(nxt):
                return parts + [nxt]
            if not (SIGNED_MARK.match(nxt) or (mk.is_caps(nxt) and len(nxt) < 80)):
                break
            if not SIGNED_MARK.match(nxt):
                parts.append(nxt)
    return _name_before_capacity(root)


def _name_before_capacity(root: Node) -> list[str]:
    """A signature node with a capacity but no name, the name on the line before it."""
    prev = None
    for n in root.walk():
        if n.kind == "signature" and prev is not None and n.text and mk.is_caps(n.text):
            name = _NOISE.sub("", prev.text.strip())
            if looks_like_name(name):
                return [n.text, name]
        if n.text and n.kind not in ("document", "table"):
            prev = n
    return []
