"""Back-references: "Quyết định này" (the document itself), "Nghị định nêu trên" (the last
document of that type cited before it), resolved to their target. They are kept apart from
``references`` (which counts cited documents, one per numbered or named mention)."""
from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.keywords import matches_opening_with, may_contain, required_words
from extractors.references import TYPE_ALT, TYPE_WORDS, canonical_type
from pipeline.model import BackReference, Document, Node, NodeKind, Reference

# every ending _BACK knows has one of these words: a text without them is not scanned
_WHICH = re.compile(r"này|trên|nêu", re.I)
_BACK = re.compile(rf"(?<![\w])(?P<type>{TYPE_ALT})\s+(?P<which>này|nêu\s+trên|trên|đã\s+nêu|nói\s+trên|dẫn\s+trên)(?![\w])", re.I)
# "trên" alone is mostly the preposition ("dự thảo thông tư trên Cổng thông tin", "quyết định trên cơ
# sở …", "kế hoạch trên toàn tỉnh"): it points back only after a type written as a name, before a stop
# ("… theo Quyết định trên."); "pháp luật trên địa bàn" holds no "Luật" at all.
_BARE_ABOVE_ENDS = re.compile(r"\s*(?:[.,;:)]|$)")


def _points_back(m: re.Match[str], text: str) -> bool:
    """Whether a match of _BACK is a back reference, not a preposition or the word "pháp luật"."""
    if m.group("type").lower() == "luật" and text[max(0, m.start() - 5):m.start()].lower().endswith("pháp "):
        return False
    if m.group("which").lower() != "trên":
        return True
    return m.group("type")[:1].isupper() and bool(_BARE_ABOVE_ENDS.match(text, m.end()))
_WHICH_WORDS = required_words(_WHICH)  # tested on the lower case: cheaper than _WHICH's scan


def _nodes(root: Node) -> Iterator[tuple[Node, Node]]:
    """(root's child, node) for every node below the root with a text, tables aside (in_containers
    filtered, in one generator)."""
    for top in root.children:
        stack = [top]
        while stack:  # Node.walk's order
            node = stack.pop()
            if node.text and node.kind != NodeKind.TABLE:
                yield top, node
            if node.children:
                stack.extend(reversed(node.children))


def _quoted(text: str, pos: int, opened: int) -> bool:
    """Whether *pos* of *text* lies inside a quotation: one the nodes before left open (*opened*) or
    one *text* opens before it ("… được sửa đổi như sau: “3. … theo quy định tại Thông tư này.”")."""
    return opened + text.count("“", 0, pos) - text.count("”", 0, pos) > 0


def extract_back_references(doc: Document) -> None:
    """Fill ``doc.back_references``; mentions that cannot be resolved are left out."""
    if doc.root is None:
        return
    own_type = doc.header.get("doc_type")
    attachment_types = {a.node: a.doc_type for a in doc.attachments}
    refs_by_node: dict[str, list[Reference]] = {}
    for r in doc.references:
        refs_by_node.setdefault(r.node, []).append(r)
    last_of_type: dict[str | None, Reference] = {}
    out: list[BackReference] = []
    quoting: dict[str, int] = {}  # per root's child: how many quotes its text so far left open
    for top, node in _nodes(doc.root):
        opened = quoting.get(top.id, 0)
        if "“" in node.text or "”" in node.text:
            quoting[top.id] = max(0, opened + node.text.count("“") - node.text.count("”"))
        mine = refs_by_node.get(node.id)
        events: list[tuple[int, str, Any]] = [(r.span[0], "ref", r) for r in mine] if mine else []
        low = node.text.lower()  # both tests read it
        if may_contain(node.text, _WHICH_WORDS, low):
            events += [(m.start(), "back", m) for m in matches_opening_with(_BACK, node.text, TYPE_WORDS, low)
                       if _points_back(m, node.text)]
        if not events:
            continue
        for _, what, item in sorted(events, key=lambda e: e[0]):
            if what == "ref":
                last_of_type[item.doc_type] = item
                continue
            m = item
            typ = canonical_type(m.group("type"))
            if m.group("which").lower() == "này":
                if _quoted(node.text, m.start(), opened):
                    continue  # the new wording an amendment quotes: its "Thông tư này" is the amended one
                container = top.id
                if container in attachment_types and attachment_types[container] == typ:
                    target, refers = f"{doc.header['id']}#{container}", "attachment"
                elif typ == own_type:
                    target, refers = doc.header["id"], "self"
                else:
                    continue
            else:
                prev = last_of_type.get(typ)
                if prev is None:
                    continue
                target, refers = prev.target, "previous"
            out.append(BackReference(m.group(0), typ, refers, target, node.id, [m.start(), m.end()]))
    doc.back_references = out
