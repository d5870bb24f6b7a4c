"""Plain-text reader: decoded text → paragraphs and tables (flattened table dumps rebuilt)."""
from __future__ import annotations

import re

from pipeline.model import Block, Loc, Source, Warning_, WarningCode
from pipeline.readers.base import ReadResult
from pipeline.readers.decode import text_to_read
from pipeline.readers.lines import (Line, full_line, join_lines, join_wrapped, line_width, looks_wrapped, rejoin_cut_codes,
                                    split_lines)
from pipeline.readers.flattables import bigrams, find_header, may_open_header, parse_flat_table
from pipeline.readers.tabdump import dump_region, is_dump_row_start, parse_dump
from pipeline.text import clean_space

# Running headers of the official gazette ("CÔNG BÁO/Số 302/Ngày 02-06-2026") and the page number under them.
# (a PDF's text layer may put the page number on the same line: "20 CÔNG BÁO/Số 285 + 286/Ngày 04-4-2022")
_GAZETTE_HEAD = re.compile(r"^\s*(?:\d{1,4}\s+)?C?ÔNG\s+BÁO\s*/\s*Số\s+[\d\s+]+/\s*Ngày\s+\d{1,2}-\d{1,2}-\d{4}(?:\s+\d{1,4})?\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
# The digital-signature stamp that gazette PDFs print on the first page.
_STAMP = re.compile(r"^\s*(Người ký|Ký bởi|Cơ quan|Ngày ký|Email|Thời gian ký)\s*:")
_RULE = re.compile(r"^\s*[_\-–—=.*]{3,}\s*$")


def read_text(text: str, notes: list[str] | None = None, tables: int = 0) -> tuple[list[Block], int | None]:
    """Turn decoded text into blocks; return (blocks, page count when pages are marked).
    With ``notes`` (a list the caller reads), tables flattened one cell fragment per line are
    rebuilt too (pipeline/readers/flattables.py) and what was unsure is added to it. *tables*: how
    many tables the caller keeps between the text's lines (a PDF's), each one line of its page
    when judging whether the text is hard-wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = split_lines(text)
    page = _mark_pages(lines)
    blocks: list[Block] = []
    prose: list[Line] = []
    kept = [ln for ln in lines if not ln.text.startswith("\t")]
    wrapped = looks_wrapped(kept, short=tables, printed=page is not None)
    width, full = (line_width(kept), full_line(kept)) if wrapped else (None, None)

    def flush() -> None:
        groups = rejoin_cut_codes(join_wrapped(prose, width, full) if wrapped else [[ln] for ln in prose if clean_space(ln.text)])
        for g in groups:
            body = clean_space(join_lines([ln.text for ln in g]))
            if body:
                blocks.append(Block("paragraph", body, Loc(g[0].page, len(blocks), g[0].start, g[-1].end)))
        prose.clear()

    pairs: list[set[tuple[str, str]]] = []  # the document's word pairs, computed at its first flattened table
    i = 0
    while i < len(lines):
        ln = lines[i]
        if is_dump_row_start(ln.text):
            flush()
            end = dump_region(lines, i)
            table = parse_dump(lines[i:end])
            if table.nrows:
                blocks.append(Block("table", "", Loc(ln.page, len(blocks), lines[i].start, lines[end - 1].end), table=table))
            i = end
            continue
        if notes is not None and may_open_header(ln.text) and ln.page != -1:
            end = _flat_table(lines, i, blocks, notes, flush, pairs)
            if end is not None:
                i = end
                continue
        if ln.page == -1:  # a gazette's page header, page number, stamp and the blanks around them
            pass
        elif not ln.text.strip() or _RULE.match(ln.text):
            prose.append(Line("", ln.start, ln.end, ln.page))
        else:
            prose.append(ln)
        i += 1
    flush()
    return blocks, page


def _flat_table(lines: list[Line], i: int, blocks: list[Block], notes: list[str], flush,
                pairs: list[set[tuple[str, str]]]) -> int | None:
    """A flattened table whose header starts at ``lines[i]``, added as a table block; the index
    after it, or None when no table starts there."""
    header = find_header(lines, i)
    if header is None:
        return None
    if not pairs:
        pairs.append(bigrams([ln.text for ln in lines]))
    flat = parse_flat_table(lines, header, pairs[0])
    if flat is None:
        notes.append(f"line {i + 1}: a table header ({', '.join(header.cells)}) with no rows that could be "
                     "rebuilt; read as paragraphs")
        return None
    flush()
    last = lines[flat.end - 1]
    blocks.append(Block("table", "", Loc(lines[i].page, len(blocks), lines[i].start, last.end), table=flat.table))
    notes.extend(flat.warnings)
    return flat.end


def _mark_pages(lines: list[Line]) -> int | None:
    """Number pages from gazette running headers; mark header lines, page numbers and stamps with page -1."""
    if not any(_GAZETTE_HEAD.match(ln.text) for ln in lines[:200]):
        for ln in lines:
            ln.page = None
        return None
    page = 1
    for k, ln in enumerate(lines):
        if _GAZETTE_HEAD.match(ln.text):
            if k > 5:
                page += 1
            ln.page = -1
            for j in (k - 1, k - 2, k + 1, k + 2):  # the page number sits just above or below
                if 0 <= j < len(lines) and _PAGE_NUMBER.match(lines[j].text):
                    lines[j].page = -1
                    break
            continue
        if ln.page == -1:
            continue
        ln.page = -1 if _STAMP.match(ln.text) else page
    _mark_break_blanks(lines)
    return page


def _mark_break_blanks(lines: list[Line]) -> None:
    """Mark with page -1 the blank lines next to a page break's lines (all of a run of them: the
    gazette puts two or three between the page number and the text): layout, not paragraph breaks,
    so a paragraph cut by the page goes on ("… trọng tâm về" / page 72 / "bố trí, sử dụng …")."""
    for k, ln in enumerate(lines):
        if ln.page == -1 or ln.text.strip():
            continue
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(lines) and not lines[j].text.strip():
                j += step
            if 0 <= j < len(lines) and lines[j].page == -1 and lines[j].text.strip():
                break
        else:
            continue
        ln.page = -1


class TextReader:
    """The Reader of plain text: decoded, then read with flattened tables rebuilt (what was unsure
    about them in "reader" warnings, after the encoding's)."""

    def read(self, data: bytes, source: Source) -> ReadResult:
        text, warnings = text_to_read(data)
        notes: list[str] = []
        blocks, pages = read_text(text, notes)
        return ReadResult(blocks, pages, warnings + [Warning_(WarningCode.READER, note) for note in notes], text)
