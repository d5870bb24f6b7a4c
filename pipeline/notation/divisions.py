"""The division a paragraph opens (a part, chapter, article, clause, point, "-" item …): read from
the label its reader numbered it with where the reader knows one (Word's auto-numbering, carried as
``Block.label`` and ``Block.level``), else from its text by the marker table (``markers.classify``).

A reader's label is read by ``parse_label`` (or, for the numbering formats that write a word before
the number, "Điều %1.", "Chương %1", by the marker of that word), so a numbered paragraph is not
parsed back out of its text; the shapes each division takes are the marker table's, whichever way
the label came.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.notation.labels import DASH, DECIMAL, LETTER, PLUS, ROMAN, parse_label
from pipeline.notation.markers import MARKER, classify

# The divisions a bare label opens, with the marks each takes as the marker table writes them:
# "1." "1)" a clause, "II." a section, "a)" a point, "-" "•" and "+" items ("a." is no point).
_LABEL_DIVISIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    DECIMAL: ("clause", (".", ")")),
    ROMAN: ("roman", (".", ")")),
    LETTER: ("point", (")",)),
    DASH: ("dash", ("",)),
    PLUS: ("plus", ("",)),
}
# The divisions whose label a numbering format writes with its word before it ("Điều 1.", "Chương II").
_WORD_DIVISIONS = ("part", "chapter", "muc", "article")
# A reader's list level counts this much deeper within a division's rank (below a clause's 0.1 a part
# of its number, "1.2" under "1"): Word's ilvl 1 "-" under an ilvl 0 "-".
_LEVEL_STEP = 0.01


@dataclass(frozen=True, slots=True)
class Division:
    """A division a paragraph opens: the marker's *kind* ("article", "clause", "point", "dash" …),
    its *label* without word and mark ("5" for "Điều 5.", "1.2" for "1.2.", None for a "-" item),
    the *rest* of the text after the label, and the reader's list *level* (0 where it gives none)."""

    kind: str
    label: str | None
    rest: str
    level: int = 0

    @property
    def rank(self) -> float:
        """Its depth in the tree: the marker's rank; a clause a tenth deeper a part of its number
        ("1.2" under "1"), any division a hundredth deeper a list level its reader gave.

        >>> read_division("1.2. Rà soát").rank, read_division("- Lưu: VT.", "-", 1).rank
        (4.1, 6.01)
        """
        rank = float(MARKER[self.kind].rank)
        if self.kind == "clause":
            rank += 0.1 * (self.label or "").count(".")
        return rank + _LEVEL_STEP * self.level


def read_division(text: str, label: str | None = None, level: int | None = None) -> Division | None:
    """The division paragraph *text* opens, or None for prose; *label* and *level* the numbering its
    reader gave it (the text starting with that label), read before the text.

    >>> read_division("Điều 5. Hiệu lực thi hành", "Điều 5.", 0)
    Division(kind='article', label='5', rest='Hiệu lực thi hành', level=0)
    >>> read_division("a) Sở Tư pháp"), read_division("a. Sở Tư pháp", "a.", 1)
    (Division(kind='point', label='a', rest='Sở Tư pháp', level=0), None)
    """
    if label and text.startswith(label):
        division = _from_label(label, text[len(label):].strip(), level or 0)
        if division is not None:
            return division
    found = classify(text)
    if found is None:
        return None
    kind, m = found
    return Division(kind, m.groupdict().get("label"), m.group("rest"))


def _from_label(label: str, rest: str, level: int) -> Division | None:
    """The division a reader's *label* opens, when its shape is one the marker table takes; None
    otherwise (the text is read then, as a reader without numbering would have it)."""
    if not rest:
        return None
    parsed = parse_label(label)
    if parsed is not None and parsed.bare and parsed.kind in _LABEL_DIVISIONS:
        kind, marks = _LABEL_DIVISIONS[parsed.kind]
        if parsed.mark in marks:
            return Division(kind, parsed.value if kind not in ("dash", "plus") else None, rest, level)
        return None
    for kind in _WORD_DIVISIONS:
        m = MARKER[kind].pattern.match(label)
        if m is not None and not m.group("rest"):
            return Division(kind, m.group("label"), rest, level)
    return None
