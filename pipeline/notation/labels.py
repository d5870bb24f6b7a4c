"""Numbering labels: the one parser for "1.", "1.2", "3.23.", "II", "a)", "A", "(1)", "-", "+", "*".

Every reader, the structure builder and the task extractor ask ``parse_label`` and keep the shapes
they accept by filtering the ``Label`` (its kind, mark, depth, what follows), not by a regex of
their own: a row label of a table is ``label_only(text, ROW_KINDS)``, a clause number before a
task's text is a decimal with its mark and a space after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DECIMAL, ROMAN, LETTER, CAPITAL, PAREN, DASH, PLUS, STAR = (
    "decimal", "roman", "letter", "capital", "paren", "dash", "plus", "star")
# The labels a table row is numbered with: "1", "1.2", "II", "a".
ROW_KINDS = frozenset({DECIMAL, ROMAN, LETTER})
# The list marks of items: "-", "–", "•", "+" (and "—", "*" where a caller takes them).
BULLET_KINDS = frozenset({DASH, PLUS})

MAX_DIGITS = 3  # "2024." opens a year, not a numbered item
_MAX_ROMAN = 6   # "XXVIII" is the longest roman label met

_LABEL = re.compile(r"""
    \s*
    (?:
        (?P<decimal>\d+(?:\.\d+)*)   # "1", "1.2", "3.23"
      | (?P<roman>[IVXLC]+)          # "II", "XIV"
      | (?P<letter>[a-zđ])           # "a", "đ"
      | (?P<capital>[A-Z])           # "A", "B" (a capital that is not a roman numeral)
      | \((?P<paren>\d+)\)           # "(1)", "(12)"
      | (?P<dash>[-–—•])             # "-", "–", "—", "•"
      | (?P<plus>\+)                 # "+"
      | (?P<star>\*)                 # "*"
    )
""", re.X)
_MARK = re.compile(r"(\s*)([.)])")  # "1." "a)" "1 ." (the mark is optional)
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Label:
    """A numbering label at the start of a text.

    kind: decimal | roman | letter | capital | paren | dash | plus | star; value: the label without
    its mark ("1.2", "II", "a", "3" for "(3)", "-"); depth: the decimal's number of parts ("1.2" → 2,
    else 1); start: where the label begins; end: just after its mark (or its value when unmarked);
    mark: "." or ")" or ""; gap: the spaces between value and mark ("1 ." → 1); rest: where the text
    after the label begins (its length when nothing follows).
    """

    kind: str
    value: str
    depth: int
    start: int
    end: int
    mark: str
    gap: int
    rest: int
    length: int

    @property
    def bare(self) -> bool:
        """Nothing but spaces after the label: a cell that holds only "1.2." or "II"."""
        return self.rest == self.length

    @property
    def value_end(self) -> int:
        """Just after the value, before any gap and mark."""
        return self.end - len(self.mark) - self.gap

    @property
    def spaced_value(self) -> bool:
        """A space right after the value ("- x", "1 .", "(1) x")."""
        return self.gap > 0 or (not self.mark and self.rest > self.end)

    @property
    def spaced_mark(self) -> bool:
        """A mark right after the value, then a space ("1. x", "a) x")."""
        return bool(self.mark) and not self.gap and self.rest > self.end

    @property
    def after_value(self) -> int:
        """Where the first non-space after the value is: the mark, or the text after an unmarked label."""
        return self.end - len(self.mark) if self.mark else self.rest


def _valid(kind: str, value: str, text: str, value_end: int, marked: bool, digits: int) -> bool:
    """A number of at most three digits a part, a roman of at most six letters; a number or letter
    that runs on into a word without a mark ("Cục", "1a", "In") is no label."""
    if kind == DECIMAL and any(len(part) > digits for part in value.split(".")):
        return False
    if kind == ROMAN and len(value) > _MAX_ROMAN:
        return False
    runs_on = kind in (DECIMAL, ROMAN, LETTER, CAPITAL) and value_end < len(text) and text[value_end].isalnum()
    return marked or not runs_on


def parse_label(text: str, digits: int = MAX_DIGITS) -> Label | None:
    """The numbering label *text* opens with, or None; a number has at most *digits* digits a part.

    >>> parse_label("3.23. Xây dựng kế hoạch").value, parse_label("3.23. Xây dựng kế hoạch").depth
    ('3.23', 2)
    >>> parse_label("II. NHIỆM VỤ").kind, parse_label("a) Sở Tư pháp").mark
    ('roman', ')')
    >>> [parse_label(t).kind for t in ("B. Dự án", "(1) Bộ Tư pháp", "- Như trên;", "+ Tổ chức", "* Ghi chú")]
    ['capital', 'paren', 'dash', 'plus', 'star']
    >>> parse_label("Cục Thuế"), parse_label("2024. năm"), parse_label("07 ngày").bare
    (None, None, False)
    """
    m = _LABEL.match(text)
    if m is None:
        return None
    kind = m.lastgroup
    value = m.group(kind)
    value_end = m.end()
    mark = _MARK.match(text, value_end)
    if not _valid(kind, value, text, value_end, mark is not None, digits):
        return None
    end = mark.end() if mark else value_end
    rest = _SPACE.match(text, end).end()
    start = m.start(kind) - (1 if kind == PAREN else 0)
    depth = value.count(".") + 1 if kind == DECIMAL else 1
    return Label(kind, value, depth, start, end, mark.group(2) if mark else "", len(mark.group(1)) if mark else 0, rest, len(text))


def label_only(text: str, kinds: frozenset[str] = ROW_KINDS) -> Label | None:
    """The label when *text* is a label of one of *kinds* and nothing else ("1.2.", "II", "a)"), else None."""
    label = parse_label(text)
    return label if label is not None and label.bare and label.kind in kinds else None
