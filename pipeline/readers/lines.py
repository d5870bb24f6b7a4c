"""Physical lines with offsets, and the re-joining of hard-wrapped lines into paragraphs."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.notation.markers import STARTS, is_caps
from pipeline.text import clean_space


@dataclass
class Line:
    """One physical line of the decoded source: its text and [start, end) offsets."""

    text: str
    start: int
    end: int
    page: int | None = None


def split_lines(text: str) -> list[Line]:
    """Split on \\n (after \\r\\n / \\r normalisation was done by the caller) keeping offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


# "Lâm Đồng, ngày 30 tháng 12 năm 2022" opens a paragraph, unless the line before ends inside the
# place name ("Thành phố Hồ" / "Chí Minh, ngày …").
_PLACE_DATE_START = re.compile(r"^\s*[^,\d]{2,40},\s+ngày\s")
_ENDS_SENTENCE = re.compile(r"[.;:!?…]['\"”’)*\]]*\s*$")


def looks_wrapped(lines: list[Line], short: int = 0) -> bool:
    """True when the source is hard-wrapped (lines cut at a fixed width), so lines must be re-joined.
    *short*: further lines known to be short (a PDF table's place counts as one line of its page)."""
    lengths = [len(ln.text.strip()) for ln in lines if ln.text.strip()] + [0] * short
    if len(lengths) < 8:
        return False
    long_share = sum(n > 160 for n in lengths) / len(lengths)
    mid_share = sum(45 <= n <= 160 for n in lengths) / len(lengths)
    return long_share < 0.03 and mid_share > 0.4


def starts_paragraph(text: str, prev: str = "") -> bool:
    """True when *text* opens a new paragraph by its own form (a marker, a heading word)."""
    if STARTS.match(text):
        return True
    if _PLACE_DATE_START.match(text):
        last = prev.split()[-1] if prev.split() else ""
        return not (last[:1].isupper() and last[1:].islower())
    return False


# A code cut at its hyphen or slash by a line end: "140/2018/NĐ-" + "CP ngày …" is one "NĐ-CP",
# "01/2024/" + "TT-BLĐTBXH" one number.
_CUT_CODE = re.compile(r"(?:(?<=[0-9A-ZĐÀ-Ỹ/])(-)|(?<=\d)(/))\s*\n\s*(?=[A-ZĐ]{2,}\b|[A-ZĐ]+[-/])")


CUT_END = re.compile(r"(?:[0-9A-ZĐÀ-Ỹ/]-|\d/)\s*$")
CODE_START = re.compile(r"^\s*(?:[A-ZĐ]{2,}\b|[A-ZĐ]+[-/])")


def rejoin_cut_codes(groups: list[list[Line]]) -> list[list[Line]]:
    """Paragraphs whose last line ends in a code cut at its hyphen ("… số 140/2018/NĐ-") go on
    into the next ("CP ngày …"), whatever else split them."""
    out: list[list[Line]] = []
    for g in groups:
        if out and CUT_END.search(out[-1][-1].text) and CODE_START.match(g[0].text):
            out[-1] = out[-1] + g
        else:
            out.append(g)
    return out


# A symbol cut inside its letters by a narrow cell: "52/2015/N" + "Đ-CP" is one "NĐ-CP".
_CUT_SYMBOL = re.compile(r"(\d/[A-ZĐ]{1,5})\s*\n\s*(?=[A-ZĐ]{1,5}-[A-ZĐ])")


def join_lines(texts: list[str]) -> str:
    """The lines of one paragraph as one text: a space at each line end, none inside a code that a
    line end cut at its hyphen, its slash or inside its letters."""
    text = _CUT_CODE.sub(lambda m: m.group(1) or m.group(2), "\n".join(t.strip() for t in texts))
    return _CUT_SYMBOL.sub(r"\1", text).replace("\n", " ")


def join_wrapped(lines: list[Line]) -> list[list[Line]]:
    """Group consecutive non-blank lines into paragraphs: a blank line, a marker line, a change
    between capitals and mixed case, or a sentence end before a capital starts a new one."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    prev, prev_caps = "", False
    for ln in lines:
        text = clean_space(ln.text)
        if not text:
            if current:
                groups.append(current)
                current = []
            continue
        caps = is_caps(text)
        if current:
            new = (
                starts_paragraph(text, prev)
                or prev_caps != caps
                or (_ENDS_SENTENCE.search(prev) and text[:1].isupper())
            )
            if new:
                groups.append(current)
                current = []
        current.append(ln)
        prev, prev_caps = text, caps
    if current:
        groups.append(current)
    return groups
