"""Quoted text of an amending provision: "4. Sửa đổi, bổ sung Điều 7a như sau: “Điều 7a. … " and
the lines after it, "1. Chỉ đạo …", "2. Thanh tra … .”.", up to the closing quotation mark. Those
lines are the new wording the provision puts in another text, so they are its content, not clauses
or points of the amending text itself (read as divisions they were siblings of the clause that
quotes them, numbered 1, 2 … again)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Node
from pipeline.notation.markers import QUOTE_CLOSE as CLOSE, QUOTE_OPEN as OPEN, open_marks

# The amending formula with its quotation opening on the same line: "… như sau: “9. Mức tham chiếu …".
_OPENS = re.compile(r"như\s+sau\s*:\s*(?=" + OPEN + ")", re.I)
# The formula ending its line, the quotation on the next: "3. Sửa đổi, bổ sung Điều 6 như sau:"; or an
# amending division's heading, its new wording quoted under it (gazette style, no "như sau"): "Điều 1.
# Sửa đổi, bổ sung khoản 4 của Điều 5", "2. Sửa đổi, bổ sung các điểm q, r khoản 2:".
_ANNOUNCES = re.compile(r"như\s+sau\s*:\s*$", re.I)
_HEADING_MAX = 400  # a heading is short: the pattern, two runs of words, is not tried on pages of text
_AMENDING_HEADING = re.compile(r"^(?:(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\))\s*"
                               r"(?:Sửa\s+đổi|Bổ\s+sung|Thay\s+thế)\b[^.;:“”]*"
                               r"\b(?:Điều|khoản|điểm|Mục|Chương|Phần|Phụ\s+lục)\s+[0-9IVXLCa-zđ][^.;:“”]*:?\s*$")


# The letters points are labelled with, in order ("d)" is followed by "đ)", "i)" by "k)").
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"


def successor(kind: str, label: str | None) -> str | None:
    """The label of the division after a clause or point labelled *label*, None for other kinds.

    >>> successor("clause", "14"), successor("clause", "2.3"), successor("point", "d"), successor("item", None)
    ('15', '2.4', 'đ', None)
    """
    if kind == "clause" and label and label.replace(".", "").isdigit():
        head, _, last = label.rpartition(".")
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    if kind == "point" and label and label in _POINT_LETTERS[:-1]:
        return _POINT_LETTERS[_POINT_LETTERS.index(label) + 1]
    return None


@dataclass
class Quotation:
    """A quotation still open: the node that quotes it, and how many of its marks are unclosed."""

    node: Node
    depth: int


class Quotes:
    """The quotation a text is inside of, block by block."""

    def __init__(self) -> None:
        self.open: Quotation | None = None
        self.announced: Node | None = None  # a node ending "… như sau:": its quotation may open next

    def placed(self, node: Node, text: str) -> None:
        """Note a block placed as *node* (outside any quotation): whether it opens one left open.

        >>> q = Quotes(); q.placed(Node("c", "clause"), "4. Sửa đổi, bổ sung Điều 7a như sau: “Điều 7a. Trách nhiệm")
        >>> q.open.depth, q.under("1. Chỉ đạo, hướng dẫn …").id, q.under("2. Thanh tra … Bộ Công an quản lý.”.").id
        (1, 'c', 'c')
        >>> q.open is None
        True
        """
        m = _OPENS.search(text)
        depth = open_marks(text[m.end():]) if m else 0
        self.open = Quotation(node, depth) if depth > 0 else None
        self.announced = node if _ANNOUNCES.search(text) or (len(text) < _HEADING_MAX and _AMENDING_HEADING.match(text)) \
            else None

    def under(self, text: str) -> Node | None:
        """The node a block of *text* belongs to as quoted text (and the quotation's marks counted),
        or None when the block is outside any quotation."""
        announced, self.announced = self.announced, None
        if self.open is None and announced is not None and text.startswith(OPEN) and open_marks(text) > 0:
            self.open = Quotation(announced, 0)
        if self.open is None:
            return None
        node = self.open.node
        self.open.depth += open_marks(text)
        if self.open.depth <= 0:
            self.open = None
        return node

    def goes_on(self, kind: str, label: str | None) -> bool:
        """Whether a division *kind* *label* continues the quoting node's own sequence ("15." after
        the quoting clause 14, "đ)" after point d): the quoting text goes on, its quotation having
        lost its closing mark ("… như sau: “Điều 16. …" and no "”" before "15. Sửa đổi …")."""
        node = self.open.node if self.open is not None else self.announced
        return node is not None and label is not None and kind == node.kind and successor(kind, node.label) == label

    def closed_by(self, text: str) -> bool:
        """Whether a line of *text* closes the quotation that is open (its last mark)."""
        return self.open is not None and self.open.depth + open_marks(text) <= 0 < text.count(CLOSE)

    def end(self) -> None:
        """The text goes on outside any quotation (its next article, its closing, an appendix): a
        quotation whose closing mark is missing ends there."""
        self.open = self.announced = None
