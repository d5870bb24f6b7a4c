"""Markdown reader: web-page noise cut, "|"-line tables and pipe tables, emphasis markers removed,
hard-wrapped lines re-joined."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from pipeline.model import Block, Cell, Loc, Source, Table, Warning_, WarningCode
from pipeline.notation.labels import CAPITAL, ROW_KINDS, label_only
from pipeline.notation.markers import is_caps
from pipeline.notation.offices import alternation, doc_type_words
from pipeline.readers.base import ReadResult
from pipeline.readers.decode import text_to_read
from pipeline.readers.lines import Line, join_lines, join_wrapped, rejoin_cut_codes, split_lines
from pipeline.readers.mdtables import split_at_header
from pipeline.text import clean_space

_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,2}(?=\S)|(?<=\S)_{1,2}(?!\w)")
_ROW_KINDS = ROW_KINDS | {CAPITAL}  # "1.2", "II", "a", "A": a cell holding only the row's number
_HEADING_HASH = re.compile(r"^\s{0,3}#{1,6}\s+")
_PIPE_ROW = re.compile(r"^\s*\|.*\|.*\|\s*$")
# Lines that open a chapter or an article: a "|"-line "cell" holding two of them is the body of
# the document between stray "|" lines, not a table cell.
_ARTICLE = re.compile(r"^\W*(?:Chương\s+[IVXLC\d]+|Điều\s+\d+[a-z]?\s*[.:]|Mục\s+\d+\s*[.:])", re.I)
# A prose line ending in " |": cells of a layout table, flattened by the page that was saved.
_FLAT_ROW = re.compile(r"\S\s+\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A cell text that cannot be a table cell of a layout table: the next part of the document.
# (the types' names in capitals: doc_type_uses.csv, use "part")
_PART_START = re.compile(
    r"^(?:PHỤ\s+LỤC|Phụ\s+lục|" + alternation(doc_type_words("part"), "caps") + r"|Căn\s+cứ|Điều\s+\d|Chương\s+[IVXLC\d])\b"
)


@lru_cache(maxsize=1)
def _noise() -> dict[str, list[re.Pattern[str]]]:
    rules: dict[str, list[re.Pattern[str]]] = {}
    text = resources.files("pipeline.data").joinpath("web_noise.tsv").read_text(encoding="utf-8")
    for row in csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t"):
        rules.setdefault(row[0], []).append(re.compile(row[1]))
    return rules


def strip_emphasis(text: str) -> str:
    """Remove Markdown emphasis and heading marks, keep the words."""
    return _EMPHASIS.sub("", _HEADING_HASH.sub("", text))


def _content_range(lines: list[Line]) -> tuple[int, int]:
    """The [first, last) lines holding the document itself in a saved web page; all lines otherwise."""
    rules = _noise()
    head = "\n".join(ln.text for ln in lines[:400])
    if not any(p.search(head) for p in rules["notice"]):
        return 0, len(lines)
    start = 0
    joined = [strip_emphasis(ln.text) for ln in lines]
    for k in range(len(lines)):
        window = " ".join(joined[k:k + 2])
        if any(p.search(window) for p in rules["start"]):
            # back up to the "|" that opens the header table (issuer cell, then motto cell)
            bars = [j for j in range(k, max(-1, k - 40), -1) if lines[j].text.strip() == "|"]
            start = bars[1] if len(bars) > 1 else (bars[0] if bars else k)
            break
    end = len(lines)
    for k in range(start, len(lines)):
        t = joined[k].strip()
        if any(p.search(t) for p in rules["end"]):
            end = k
            break
        if any(p.search(t) for p in rules["end-1"]):
            end = k - 1
            while end > start and not lines[end - 1].text.strip():
                end -= 1
            break
    return start, end


def read_markdown(text: str) -> tuple[list[Block], list[str]]:
    """Turn Markdown text into blocks; return (blocks, notes)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = split_lines(text)
    first, last = _content_range(lines)
    notes = [] if (first, last) == (0, len(lines)) else [f"web page notices left out (kept lines {first + 1}-{last})"]
    body = lines[first:last]
    blocks: list[Block] = []
    prose: list[Line] = []
    heading_ends = _bold_heading_ends(body)

    def add_prose() -> None:
        for g in rejoin_cut_codes(join_wrapped(prose)):
            raw = join_lines([ln.text for ln in g])
            clean = clean_space(strip_emphasis(raw))
            if clean:
                bold = raw.strip().startswith("**") and raw.strip().rstrip(".:;").endswith("**")
                blocks.append(Block("paragraph", clean, Loc(None, len(blocks), g[0].start, g[-1].end), bold=bold))
        prose.clear()

    i = 0
    prose_until = 0  # "|" lines before this index are strays around prose, not tables
    while i < len(body):
        ln = body[i]
        stripped = ln.text.strip()
        if stripped == "|" and i < prose_until:
            i += 1
            continue
        if stripped == "|":
            add_prose()
            table, end = _bar_table(body, i)
            if table is None:  # not a table: the lines it spanned are read as prose
                prose_until, i = end, i + 1
                continue
            for part in split_at_header(table):
                blocks.append(Block("table", "", Loc(None, len(blocks), ln.start, body[end - 1].end), table=part))
            i = end
            continue
        if _PIPE_ROW.match(ln.text):
            add_prose()
            table, i = _pipe_table(body, i)
            blocks.append(Block("table", "", Loc(None, len(blocks), ln.start, body[i - 1].end), table=table))
            continue
        if _FLAT_ROW.search(ln.text):
            prose.extend(_cells_of(ln))
        else:
            prose.append(Line(strip_emphasis(ln.text), ln.start, ln.end))
            if i in heading_ends:
                prose.append(Line("", ln.end, ln.end))
        i += 1
    add_prose()
    return blocks, notes


_BOLD = "**"


def _bold_heading_ends(lines: list[Line]) -> set[int]:
    """The lines that end a heading set in bold from the start of a line to the end of this one,
    before a line of plain text opening with a capital or a digit: the heading is a paragraph of its
    own ("**Điều 1. Phạm vi điều chỉnh**" / "Nghị quyết này quy định …"), though not cut short of
    the printed width; bold words inside a sentence are no heading ("… của **Quyết định này**")."""
    ends: set[int] = set()
    in_run = False  # inside a bold run opened at the start of a line
    for k, ln in enumerate(lines):
        t = ln.text.strip()
        marks = t.count(_BOLD)
        closes = t.endswith(_BOLD) and (in_run and marks % 2 == 1 or not in_run and t.startswith(_BOLD) and marks == 2)
        if closes and k + 1 < len(lines) and _plain_opening(lines[k + 1].text.strip()):
            ends.add(k)
        in_run = (not in_run and t.startswith(_BOLD) and marks % 2 == 1) or (in_run and marks % 2 == 0)
    return ends


def _plain_opening(text: str) -> bool:
    """A line of plain text in mixed case that may open a paragraph: a capital or a digit first, no
    emphasis mark (a line in capitals goes on a heading: "**QUYẾT ĐỊNH**" / "VỀ VIỆC PHÊ DUYỆT …")."""
    return bool(text) and (text[0].isupper() or text[0].isdigit()) and not is_caps(text)


def _cells_of(ln: Line) -> list[Line]:
    """A table row a web page flattened into one line ("CHÍNH PHỦ | CỘNG HÒA … | Số: 15/NĐ-CP |"):
    one paragraph per cell, each keeping its offsets."""
    out: list[Line] = []
    pos = 0
    for part in ln.text.split("|"):
        if part.strip():
            out.extend([Line(strip_emphasis(part), ln.start + pos, ln.start + pos + len(part)), Line("", 0, 0)])
        pos += len(part) + 1
    return out


def _paragraphs(cell_lines: list[Line]) -> list[str]:
    groups = join_wrapped([Line(strip_emphasis(ln.text), ln.start, ln.end) for ln in cell_lines])
    return [p for p in (clean_space(join_lines([ln.text for ln in g])) for g in groups) if p]


def _bar_table(lines: list[Line], i: int) -> tuple[Table | None, int]:
    """Read a table written with a "|" line between cells and "|" "|" between rows, from lines[i] (a "|");
    (table, index after it), or (None, index where it stopped) when what follows is not a table."""
    rows, j = _bar_rows(lines, i)
    if not rows:
        return None, j
    return _bar_grid(rows), j


def _bar_rows(lines: list[Line], i: int) -> tuple[list[list[list[Line]]] | None, int]:
    """The non-empty rows (cells as their lines) of the "|"-line table opening at lines[i], and the
    index after it; None, with the index where it stopped, when a cell holds two article headings
    (a document's body between stray "|" lines, not a table)."""
    rows: list[list[list[Line]]] = []
    row: list[list[Line]] = []
    cell: list[Line] | None = None
    articles = 0  # article headings in the current cell
    width = 0
    j = i + 1
    while j < len(lines):
        t = lines[j].text.strip()
        if t == "|":
            if cell is not None:
                row.append(cell)
            cell = None
            nxt = lines[j + 1].text.strip() if j + 1 < len(lines) else ""
            if nxt == "|":  # row boundary
                rows.append(row)
                width = max(width, len(row))
                row = []
                j += 2
                continue
            closes = not nxt or (len(row) >= max(2, width) and _PART_START.match(clean_space(strip_emphasis(nxt))))
            if closes:
                j += 1
                break
            cell, articles = [], 0
            j += 1
            continue
        if cell is None:
            cell, articles = [], 0
        cell.append(lines[j])
        if _ARTICLE.match(strip_emphasis(lines[j].text)):
            articles += 1
            if articles >= 2:
                return None, j + 1  # not a table: a document's body between stray "|" lines
        j += 1
    else:
        if cell is not None:
            row.append(cell)
    if row:
        rows.append(row)
    return [r for r in rows if r], j


def _bar_grid(rows: list[list[list[Line]]]) -> Table:
    """The Table of a "|"-line table's rows: a numbered row of two cells in a wider table is a group
    row spanning it ("| I | title |"); where most rows are numbered, a shorter row without a number
    has its first cells merged with the row above and its columns unknown."""
    grid = [[Cell(r, c, _paragraphs(cl)) for c, cl in enumerate(rw)] for r, rw in enumerate(rows)]
    width = max(len(rw) for rw in grid)
    labelled = sum(bool(label_only(rw[0].text, _ROW_KINDS)) for rw in grid) > len(grid) / 2
    unaligned = set()
    for r, rw in enumerate(grid):
        if len(rw) == 2 < width and label_only(rw[0].text, _ROW_KINDS):
            rw[-1].colspan = width - 1  # "| I | title |": a group row spanning the table
        elif len(rw) < width and labelled and not label_only(rw[0].text, _ROW_KINDS):
            unaligned.add(r)  # a row whose first cells are merged with the row above: columns unknown
    return Table.from_slots(grid, unaligned=unaligned)


def _pipe_table(lines: list[Line], i: int) -> tuple[Table, int]:
    """Read a GitHub-style pipe table from lines[i]."""
    grid: list[list[Cell]] = []
    j = i
    while j < len(lines) and (_PIPE_ROW.match(lines[j].text) or _PIPE_RULE.match(lines[j].text)):
        if not _PIPE_RULE.match(lines[j].text):
            parts = lines[j].text.strip().strip("|").split("|")
            r = len(grid)
            grid.append([Cell(r, c, [p] if (p := clean_space(strip_emphasis(x))) else []) for c, x in enumerate(parts)])
        j += 1
    return Table.from_slots(grid, header_rows=1 if j > i + 1 and _PIPE_RULE.match(lines[i + 1].text) else 0), j


class MarkdownReader:
    """The Reader of Markdown: decoded, then read (web-page notices left out said in a "reader" warning)."""

    def read(self, data: bytes, source: Source) -> ReadResult:
        text, warnings = text_to_read(data)
        blocks, notes = read_markdown(text)
        return ReadResult(blocks, None, warnings + [Warning_(WarningCode.READER, note) for note in notes], text)
