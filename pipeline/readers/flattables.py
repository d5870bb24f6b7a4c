"""Rebuild tables that a text extraction flattened to one cell fragment per line (the official
gazette's text versions, text copied out of a PDF viewer): no delimiter between cells, the cells
of a row one after another, each wrapped at its column's width.

The table is found by its header row (short lines naming known columns, data/task_columns.csv),
rows are cut at their labels (1, 2, I, 1.1, a …, each the successor of the one before), and the
lines of a row are split into the columns by a dynamic programme over line boundaries that scores
each candidate cell by what its column holds (free text, agencies, a deadline) and by line
widths learnt from the table itself. Running heads and page numbers (lines of page -1) and the
header repeated at the top of a page are skipped; a row cut by a page break is joined again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pipeline.model import Cell, Table
from pipeline.notation.labels import BULLET_KINDS, DECIMAL, PAREN, ROMAN, ROW_KINDS, label_only, parse_label
from pipeline.notation.markers import LINKING
from pipeline.readers.lines import CODE_START, CUT_END, Line, join_lines
from pipeline.text import clean_space, fold


def roman_title(text: str) -> tuple[str, str] | None:
    """A group heading on one line with its roman label, as (label, title): "I. Đổi mới mạnh mẽ
    tư duy …" → ("I", "Đổi mới mạnh mẽ tư duy …"); the title opens with a capital."""
    label = parse_label(text)
    if label is None or label.kind != ROMAN or not (label.mark and not label.gap or not label.mark and label.rest > label.end):
        return None
    title = text[label.rest:].rstrip()
    return (label.value, title) if title[:1].isupper() else None


def number_text(text: str) -> tuple[str, str] | None:
    """A number label and the first line of the row's text, as (label, text): "2.3 Thực hiện …",
    "1. Rà soát …" → ("1", "Rà soát …"); the text opens with a capital, a bracket or a quote."""
    label = parse_label(text)
    if label is None or label.kind != DECIMAL or label.mark not in ("", ".") or label.gap or label.rest == label.end:
        return None
    rest = text[label.rest:].rstrip()
    return (label.value, rest) if rest[:1].isupper() or rest[:1] in "(“\"" else None


def _titled_row(text: str) -> tuple[str, str] | None:
    return roman_title(text) or number_text(text)


def _later_number(value: str) -> bool:
    return value.isdigit() and value[0] != "0" and 2 <= int(value) <= 19


def later_item(text: str) -> bool:
    """A paragraph numbered 2 or more ("2. Bộ Tư pháp …", "(3) Bộ Công an"): it goes on with the
    cell holding paragraph 1, it does not open one."""
    label = parse_label(text)
    if label is None or not _later_number(label.value):
        return False
    return label.kind == PAREN or (label.kind == DECIMAL and label.depth == 1 and label.spaced_mark)


# What follows a table in a document: an appendix, an article, a signature, the recipients.
AFTER_TABLE = re.compile(
    r"^\s*(?:PHỤ\s+LỤC|Phụ\s+lục\s+(?:số\s+)?[IVXLC\d]+\b(?!\s*[,;]|\s+[a-zđà-ỹ])|Điều\s+\d+\s*[.:]|Chương\s+[IVXLC\d]+\s*$|CHƯƠNG\s+[IVXLC\d]|"
    r"KT\.\s|TM\.\s|TL\.\s|Nơi\s+nhận|DANH\s+MỤC\s|BIỂU\s)"
)
# Words that end a column name begun on the line above ("TIẾN ĐỘ" / "THỰC HIỆN").
_HEADER_TAILS = {"thuc hien", "hoan thanh", "phoi hop", "chu tri", "theo doi", "thuc hien nhiem vu"}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_HEADER_LINE_MAX = 45
MAX_ROW_LINES = 160
_MAX_CELL_LINES = 60  # a text cell
_MAX_NARROW_CELL_LINES = 30  # a cell of any other column


@dataclass(slots=True)
class Header:
    """A table's header row: its cells (texts), the role each names, and its line span."""

    cells: list[str]
    roles: list[str | None]
    start: int
    end: int  # index one past its last line
    texts: list[str] = field(default_factory=list)  # its lines, to know it when a page repeats it

    def repeated_at(self, lines: list[Line], j: int) -> int | None:
        """The index after this header when ``lines[j]`` starts it again (the top of a new page),
        its words in the same order, also when the page glued some of its lines into one
        ("STT Văn bản hết hiệu lực một phần Nội dung, quy định" / "hết hiệu lực")."""
        target, got = " ".join(self.texts), ""
        while j < len(lines) and got != target:
            if lines[j].page == -1 or not lines[j].text.strip():
                j += 1
                continue
            got = f"{got} {clean_space(lines[j].text)}".strip()
            if not target.startswith(got) or target[len(got):len(got) + 1] not in ("", " "):
                return None
            j += 1
        return j if got == target else None


@dataclass(slots=True)
class FlatTable:
    """What the rebuilding gives: the table, the index after its last line, and notes on the rows
    that are uncertain (each naming its label and line)."""

    table: Table
    end: int
    warnings: list[str] = field(default_factory=list)


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _continues_header_cell(prev: str, line: str) -> bool:
    """A header line that goes on with the cell above: it starts in lower case or with "(" or a
    digit ("Cơ quan" / "chủ trì", "MỤC TIÊU" / "2026 - 2030"), or both are in capitals and
    together name the column the first names, or the only one ("THỜI HẠN" / "HOÀN THÀNH",
    "CƠ QUAN CHỦ" / "TRÌ, THEO DÕI")."""
    from extractors.tasks import header_role

    s = line.strip()
    if s[:1].islower() or s[:1] in "(/-–&," or s[:1].isdigit() or prev.rstrip().endswith((",", "/", "-", "và")):
        return True
    if not (_letters(s).isupper() and _letters(prev).isupper()):
        return False
    before, alone, joined = header_role(prev), header_role(s), header_role(f"{prev} {s}")
    if before in (None, "unit"):
        return joined not in (None, "unit")
    # "THỜI HẠN" / "HOÀN THÀNH" or "THỰC HIỆN"; not "CƠ QUAN CHỦ TRÌ" / "CƠ QUAN PHỐI", nor
    # "THỜI HẠN THỰC HIỆN" / "CẤP TRÌNH/", the next column's start
    return joined == before and (alone == before or fold(s).strip(" ,/") in _HEADER_TAILS)


@lru_cache(maxsize=1)
def _catalogue_patterns() -> list[tuple[str, re.Pattern[str]]]:
    import csv

    text = resources.files("pipeline.data").joinpath("catalogue_columns.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#"))
    return [(r["role"], re.compile(r["pattern"])) for r in rows]


def column_role(cell_text: str) -> str | None:
    """The role a header cell names: an assignment table's (``extractors.tasks.header_role``) or,
    failing that, a catalogue of documents' (pipeline/data/catalogue_columns.csv): "Số, ký hiệu"
    → "number", "Ngày hết hiệu lực" → "date", "Văn bản hết hiệu lực" → "citation"."""
    from extractors.tasks import header_role

    role = header_role(cell_text)
    if role is not None:
        return role
    f = clean_space(fold(cell_text)).strip(" *:")
    return next((r for r, pattern in _catalogue_patterns() if pattern.search(f)), None) if len(f) <= 80 else None


# A header's first line holding the label column's name and the start of the next columns, glued
# on one baseline: "STT Văn bản hết hiệu lực một phần Nội dung, quy định".
_GLUED_LABEL = re.compile(r"^\s*(S?TT)\s+(\w.{0,80})$")


def may_open_header(text: str) -> bool:
    """A cheap test before ``find_header``: a short line opening with "S"/"T" ("STT", "TT"), or
    such a name glued to the next columns' ("STT Văn bản hết hiệu lực …")."""
    return text.lstrip()[:1] in "STst" and (len(text) <= 16 or bool(_GLUED_LABEL.match(text.strip())))


def glued_header_cells(text: str) -> list[str] | None:
    """The header cells a table's first header line holds: ["STT"] when it is the label column's
    name alone, the label column's and those glued after it when every one of these names a
    column, else None."""
    from extractors.tasks import header_role

    if header_role(text) == "label":
        return [text.strip()]
    m = _GLUED_LABEL.match(text.strip())
    if not m or not m.group(2)[:1].isupper():
        return None
    rest: list[str] = []
    for word in m.group(2).split():  # a capital after a word in lower case opens the next name ("… một phần Nội dung")
        if rest and word[:1].isupper() and (rest[-1][-1:].islower() or rest[-1].endswith(",")):
            rest.append(word)
        elif rest:
            rest[-1] = f"{rest[-1]} {word}"
        else:
            rest.append(word)
    return [m.group(1), *rest] if all(column_role(c) not in (None, "exclude") for c in rest[:-1]) else None


def find_header(lines: list[Line], i: int) -> Header | None:
    """The header row that starts at ``lines[i]`` ("TT"/"STT" alone on its line, then short lines
    naming the columns), or None. At least three columns, two of them known ones; a deadline
    column only with an agency column."""
    from extractors.tasks import header_role

    first = glued_header_cells(lines[i].text)
    if first is None:
        return None
    cells: list[str] = first
    texts = [clean_space(lines[i].text)]
    j = i + 1
    while j < len(lines) and j < i + 24:
        t = lines[j].text
        s = t.strip()
        if lines[j].page == -1 or not s:
            j += 1
            continue
        if len(s) > _HEADER_LINE_MAX or lone_label(s) or header_role(s) == "label" or roman_title(s) or len(s.split()) > 7:
            break
        if len(cells) > 1 and _continues_header_cell(cells[-1], s):
            cells[-1] = f"{cells[-1]} {s}"
        elif header_role(s) is None and len(cells) > 1 and header_role(cells[-1]) is None \
                and header_role(f"{cells[-1]} {s}") not in (None, "unit", "exclude"):
            cells[-1] = f"{cells[-1]} {s}"  # "Nhiệm vụ," / "giải pháp"
        else:
            cells.append(s)
        texts.append(clean_space(s))
        j += 1
    cells = [clean_space(c) for c in cells]
    roles = [column_role(c) for c in cells]
    return Header(cells, roles, i, j, texts) if _names_a_table(roles) else None


def _names_a_table(roles: list[str | None]) -> bool:
    """Whether a header's column roles make a table to rebuild: at least three columns, two of
    them known ones; a deadline column only with an agency column (not a schedule of steps or a
    form, "Nội dung" / "Thời gian"); a catalogue of documents only with their numbers or dates."""
    known = {r for r in roles[1:] if r not in (None, "unit", "exclude")}
    if not known & {"date", "number"}:
        known -= {"citation", "reason", "doctype"}
    if len(roles) < 3 or len(known) < 2 or "exclude" in roles:
        return False
    return not ("deadline" in known and not known & {"lead", "cooperating", "monitoring"})


def _roman(label: str) -> int | None:
    if not re.fullmatch(r"[IVXLC]+", label):
        return None
    total, prev = 0, 0
    for ch in reversed(label):
        v = _ROMAN[ch]
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total


def lone_label(text: str) -> str | None:
    """A label alone on its line: "1", "1.", "1.1", "II", "a)", "-", "+"."""
    label = label_only(text, ROW_KINDS | BULLET_KINDS)
    return label.value if label is not None and label.value not in "—•" else None


class Labels:
    """The row labels seen so far: a candidate is a label only when it follows them ("2" after
    "1" or "1.3", "1.2" after "1.1", "1.1" after "1", "II" after "I", "b" after "a", "1" under a
    new group), so that a number inside a cell does not cut the row."""

    def __init__(self) -> None:
        self.roman = 0
        self.number: list[int] = []
        self.letter = ""
        self.restart = True  # a new group began: numbering may start again at 1

    def accepts(self, label: str) -> bool:
        if label in "-–+":
            return bool(self.number or self.roman)  # a dash item under a numbered row
        r = _roman(label)
        if r is not None and r == self.roman + 1:
            return True
        if re.fullmatch(r"[a-zđ]", label):
            return (label == "a" and bool(self.number)) or (bool(self.letter) and ord(label) == ord(self.letter) + 1)
        if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", label):
            return False
        parts = [int(p) for p in label.split(".")]
        if parts == [1] and self.restart:
            return True
        old = self.number
        for depth in range(1, min(len(parts), len(old)) + 1):
            if parts[:depth - 1] == old[:depth - 1] and parts[depth - 1] == old[depth - 1] + 1:
                return all(p == 1 for p in parts[depth:])
        return len(parts) == len(old) + 1 and parts[:-1] == old and parts[-1] == 1

    def take(self, label: str) -> None:
        if label in "-–+":
            return
        r = _roman(label)
        if r is not None and r == self.roman + 1:
            self.roman, self.letter, self.restart = r, "", True
        elif re.fullmatch(r"[a-zđ]", label):
            self.letter = label
        else:
            self.number, self.letter, self.restart = [int(p) for p in label.split(".")], "", False


def _row_start(text: str, labels: Labels) -> tuple[str, str] | None:
    """(label, rest of the line) when the line opens a row ("2", "1.1.", "II" alone, or
    "I. Title …"), else None."""
    s = text.strip()
    label = lone_label(s)
    if label and labels.accepts(label):
        return label, ""
    m = _titled_row(s)
    return m if m and labels.accepts(m[0]) else None


# ---- cutting the lines of a row into cells ----------------------------------------------------

_KIND_OF_ROLE = {"text": "text", "lead": "agency", "cooperating": "agency", "monitoring": "agency",
                 "unit": "agency", "deadline": "deadline", "number": "number", "date": "date", "doctype": "doctype",
                 "citation": "citation", "product": "product"}
# What an empty cell costs, by the role of its column: a task has a text, mostly a lead and in a
# gazette plan a product, often no cooperating agency.
_EMPTY = {"text": -6.0, "lead": -2.0, "unit": -2.0, "deadline": -1.5, "citation": -4.0, "number": -2.0, "doctype": -2.0,
          "date": -1.5, "product": -1.5}
_EMPTY_OTHER = -0.8
# What each agency after the first costs in a lead cell: a task has mostly one lead, and the
# cooperating cell after it often opens with an agency too ("Bộ Tài chính" / "Bộ Khoa học và" / …)
_MORE_LEADS = -0.3
_NARROW = 28  # before widths are learnt: the width assumed for any column but the text


def column_kinds(roles: list[str | None]) -> list[str]:
    """What each data column holds, from the role its header names: text, agency, deadline, a
    document number, a date, a document type, a citation of a document, a product, free."""
    return [_KIND_OF_ROLE.get(r or "", "free") for r in roles]


@lru_cache(maxsize=1)
def _flat_heads() -> re.Pattern[str]:
    """The agency heads, and besides them the officials and generic bodies a plan names as leads
    (body_heads.csv, use "flat": "Lãnh đạo Sở Y tế", "Các tỉnh, thành phố"), on the folded text."""
    from extractors.agencies import agency_heads
    from pipeline.notation.offices import body_heads

    words = sorted({fold(w) for w in body_heads("flat")}, key=len, reverse=True)
    heads = agency_heads().pattern.removeprefix("^")
    return re.compile(rf"^(?:va\s+)?(?:{heads}|(?:{'|'.join(map(re.escape, words))})\b)")


@lru_cache(maxsize=16384)
def bare_head(text: str) -> bool:
    """A line that is an official's title and nothing after it, so the body's name goes on below:
    "Lãnh đạo" / "Sở Y tế" (body_heads.csv, use "title")."""
    return text.lstrip()[:1].isupper() and fold(text).strip(" ,;:.") in _titles()


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    from pipeline.notation.offices import body_heads

    return frozenset(fold(w) for w in body_heads("title"))


@lru_cache(maxsize=16384)
def opens_agency(text: str) -> bool:
    """A line that opens an agency's name ("Bộ Tài chính", "Các tỉnh, thành phố", "và các bộ, ngành")."""
    f = fold(text).lstrip(" (0123456789).-–+")
    if f.startswith("bao cao"):
        return False  # "Báo cáo" is a report, not a newspaper
    return bool(_flat_heads().match(f))


@lru_cache(maxsize=16384)
def reads_as_deadline(text: str) -> bool:
    from extractors.deadlines import normalize_deadline

    return len(text) <= 140 and normalize_deadline(text, 2000)["rule"] is not None


_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d\d|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d\d"
# A cell of a date column: "01/7/2015", "ngày 15 tháng 10 năm 2023".
_DATE_CELL = re.compile(rf"^(?:[Nn]gày\s+)?(?:{_DATE})\.?$")
# A cell of a number column: "Số 74/2014/QH13 ngày 27/11/2014", "35/2015/TTLT-BLĐTBXH-BNV".
_NUMBER_CELL = re.compile(rf"^(?:[Ss]ố\s*:?\s*)?\d[\w.]*(?:\s*/\s*[\w.Đđ-]+)+(?:\s*,?\s*(?:[Nn]gày|ban\s+hành)\s+(?:{_DATE}))?\.?$")


@lru_cache(maxsize=1)
def _doc_types() -> tuple[str, ...]:
    from pipeline.vocab import doc_type_names

    return tuple(fold(n) for n in doc_type_names())


@lru_cache(maxsize=16384)
def _reads_as(kind: str, text: str) -> bool:
    """Whether the whole of ``text`` is what a column of ``kind`` holds: a date, a document number
    (with its date), a document type's name ("Thông tư liên tịch")."""
    s = clean_space(text).strip(" ;,")
    if kind == "date":
        return bool(_DATE_CELL.match(s))
    if kind == "number":
        return bool(_NUMBER_CELL.match(s))
    return fold(s).rstrip(".") in _doc_types()


@lru_cache(maxsize=16384)
def _opens_citation(text: str) -> bool:
    """A line that opens the citation of a document: "Thông tư số 36/2017/TT-BLĐTBXH …"."""
    f = fold(text).lstrip(" (0123456789).-–+")
    return f.startswith(_doc_types())


@lru_cache(maxsize=65536)
def folded_words(text: str) -> tuple[str, ...]:
    """The folded words of a line, stripped of punctuation ("Sở Y tế," → ("so", "y", "te"))."""
    return tuple(w for w in (x.strip(".,;:()\"“”'") for x in fold(text).split()) if w)


@lru_cache(maxsize=65536)
def toned_words(text: str) -> tuple[str, ...]:
    """The words of a line in lower case with their tones, stripped of punctuation: a word pair
    keeps them, as folding makes different words one ("quyền quản" and "quyền" / "quan")."""
    return tuple(w for w in (x.strip(".,;:()\"“”'") for x in text.lower().split()) if w)


def bigrams(texts: list[str]) -> set[tuple[str, str]]:
    """Word pairs that stand next to each other inside a line: a line end between two such words
    is more likely inside a cell ("trực" / "thuộc trung ương") than between two cells."""
    out: set[tuple[str, str]] = set()
    for t in texts:
        w = toned_words(t)
        out.update(zip(w, w[1:]))
    return out


@dataclass(slots=True)
class Columns:
    """What the split knows of a table's data columns: their kinds, widths (in characters) and
    the word pairs of the table's lines."""

    kinds: list[str]
    widths: list[int]
    pairs: set[tuple[str, str]] = field(default_factory=set)
    empty: list[float] = field(default_factory=list)  # what an empty cell costs, per column
    more: list[float] = field(default_factory=list)  # what each agency after a cell's first costs, per column

    def joined(self, a: str, b: str) -> bool:
        """True when line ``b`` reads as going on from line ``a`` (their boundary words are a pair)."""
        wa, wb = toned_words(a), toned_words(b)
        return bool(wa and wb) and (wa[-1], wb[0]) in self.pairs


def _with_next_words(texts: list[str], k: int) -> str:
    """Line ``k`` with the lines after it while it holds one word, as a narrow justified cell
    writes a name one word a line ("Các" / "bộ" / "ở" / "Trung ương,")."""
    out = texts[k]
    for t in texts[k + 1:k + 3]:
        if " " in out.strip() or t[:1].isupper():
            break
        out = f"{out} {t}"
    return out


def _reads_on(prev: str, line: str, cols: Columns) -> bool:
    """Whether ``line`` goes on with the agency name of ``prev`` rather than opening one: a pair of
    the document across them, or ``prev`` ending on a linking word or a comma ("Bộ Khoa học và" /
    "Công nghệ")."""
    words = folded_words(prev)
    return cols.joined(prev, line) or bool(words and words[-1] in LINKING_FOLDED) or prev.rstrip().endswith((",", "-", "/", "–")) \
        or bare_head(prev)


def _start_score(line: str) -> float:
    """How well a line opens a cell: a capital, a digit, a quote or a dash item does; a word in
    lower case, a dash before a number (the rest of a range, "- 20 giờ 45 phút") and a paragraph
    numbered 2 or more (paragraph 1 is above it) do not."""
    if later_item(line):
        return -2.5
    if re.match(r"[-–+]\s*\d", line):
        return -0.5
    return 1.0 if (line[:1].isupper() or line[:1].isdigit() or line[:1] in "(\"“-–+") else -1.5


def _room_cost(line: str, following: str, width: int) -> float:
    """What it costs to keep ``following`` in the cell of ``line``: a wrapped line is full, so
    when the next word would have fitted on it the two are unlikely to be one cell (less so when
    the next line starts with a capital: a paragraph of its own, "Lãnh đạo" / "Sở Y tế")."""
    word = following.split()[0] if following.split() else ""
    if len(line) + 1 + len(word) > 0.85 * width:
        return 0.0
    return 0.3 if following[:1].isupper() else 1.0


def _goes_on(above: str, line: str, kind: str, cols: Columns) -> float:
    """How well ``line``, the first on a new page, goes on with a cell whose last line on the page
    before was ``above``: their words are a pair of the document, or ``above`` ends on a linking
    word ("… nhân dân các" / "tỉnh, thành"); a cell that was empty or already a whole deadline
    hardly goes on."""
    if not above:
        return -2.0
    last = folded_words(above)[-1:] or [""]
    if cols.joined(above, line) or last[0] in LINKING_FOLDED:
        return 1.5
    if kind == "deadline" and reads_as_deadline(above):
        return -1.5
    return -0.5


# The kinds of column whose cell is read as a whole (a deadline phrase, a date …), and the most
# lines such a cell takes.
_WHOLE_CELL = {"deadline": 12, "date": 3, "number": 4, "doctype": 3}


def _end_score(line: str, cut: bool = False) -> float:
    """A cell seldom ends on a comma, a dash or a linking word ("và", "các", "của"), unless a page
    break cuts it there (``cut``)."""
    if line.rstrip().endswith((",", ";", "-", "/")):
        return -1.5
    words = folded_words(line)
    return -1.5 if not cut and words and words[-1] in ("va", "cac", "cua") and not line.rstrip().endswith((".", ")")) else 0.0


def _prefix_counts(flags: list[bool]) -> list[int]:
    out = [0]
    for f in flags:
        out.append(out[-1] + f)
    return out


class _Scorer:
    """Scores of a candidate cell (lines [i, j) of a row fragment) in a column: line features are
    computed once per line, deadline readings once per span. ``above`` holds, for a fragment that
    goes on from the page before, the last line of each cell there."""

    def __init__(self, texts: list[str], cols: Columns, above: list[str] | None, glued: list[bool], cut: bool = False) -> None:
        self.texts, self.kinds, self.above, self.empty, self.glued = texts, cols.kinds, above, cols.empty, glued
        self.start = [_start_score(t) for t in texts]
        # (in a fragment cut by a page break a cell may end on a linking word: "Ủy ban nhân dân các" / page / "tỉnh, …")
        self.end = [_end_score(t, cut) for t in texts]
        # a cell boundary after line i where lines i and i+1 read on as one phrase costs
        # (a cut inside a line, between two pieces of it, costs a little: a line end is likelier)
        # and a code cut at its hyphen ("Số 12/2018/TT-" / "BLĐTBXH") is never two cells
        self.cut = [(-1.2 if cols.joined(texts[k], texts[k + 1]) else 0.0) - (0.3 if glued[k + 1] else 0.0)
                    - (4.0 if CUT_END.search(texts[k]) and CODE_START.match(texts[k + 1]) else 0.0)
                    for k in range(len(texts) - 1)] + [0.0]
        self._agency_features(texts, cols)
        self.citation = [1.5 if "citation" in cols.kinds and _opens_citation(t) else -1.0 for t in texts]
        # prefix counts of the lines that open a deadline phrase ("Từ 20 giờ 15 phút -", "Trong quý I"):
        # inside an agency cell, below its first line, such a line is the deadline's start
        self.dl_open = _prefix_counts([("deadline" in cols.kinds and _opens_deadline(t)) for t in texts])
        self._width_features(texts, cols.widths, glued)
        self.goes_on = ([[_goes_on(a, t, kind, cols) for t in texts] for a, kind in zip(above, cols.kinds)]
                        if above is not None else None)
        self.deadline: dict[tuple[int, int, str], float] = {}  # a span's reading as a whole cell

    def _agency_features(self, texts: list[str], cols: Columns) -> None:
        """Per line: whether it opens an agency (a line of one word read with the next), and the
        prefix counts of the lines that open an agency of their own (not going on from the line above)."""
        self.agency = [1.5 if "agency" in cols.kinds and opens_agency(_with_next_words(texts, k)) else -1.0
                       for k in range(len(texts))]
        self.own = _prefix_counts([k > 0 and self.agency[k] > 0 and t[:1].isupper() and not _reads_on(texts[k - 1], t, cols)
                                   for k, t in enumerate(texts)])
        self.more = cols.more or [0.0] * len(cols.kinds)

    def _width_features(self, texts: list[str], widths: list[int], glued: list[bool]) -> None:
        """Per column, prefix counts of lines too long for it, and prefix sums of the cost of lines
        that end with room to spare."""
        self.too_long: list[list[int]] = []
        self.room: list[list[float]] = []
        for w in widths:
            acc, room = [0], [0.0]
            for k, t in enumerate(texts):
                acc.append(acc[-1] + (len(t) > w + 2))
                room.append(room[-1] + (_room_cost(t, texts[k + 1], w) if k + 1 < len(texts) and not glued[k + 1] else 0.0))
            self.too_long.append(acc)
            self.room.append(room)

    def _holds_two(self, i: int, j: int) -> bool:
        """Whether a deadline span holds the start of the next cell: the deadline is whole before a
        line's second piece or from it on ("2026 - 2030" | "Quốc hội, Ủy"), or before a line that
        opens an agency ("Tháng 4/2027" / "Ban Chấp hành")."""
        for k in range(i + 1, j):
            if self.glued[k] and (reads_as_deadline(" ".join(self.texts[i:k])) or reads_as_deadline(" ".join(self.texts[k:j]))):
                return True
            if self.texts[k][:1].isupper() and self.agency[k] > 0 and reads_as_deadline(" ".join(self.texts[i:k])):
                return True
            if self.texts[k][:1].isupper() and self.end[k - 1] == 0 and (folded_words(self.texts[k - 1])[-1:] or [""])[0] not in LINKING_FOLDED \
                    and reads_as_deadline(" ".join(self.texts[k:j])) and not reads_as_deadline(" ".join(self.texts[i:k])):
                return True
        return False

    def score(self, i: int, j: int, c: int) -> float:
        kind = self.kinds[c]
        if i == j:
            return 0.0 if self.goes_on is not None else self.empty[c]
        s = -1.5 * (self.too_long[c][j] - self.too_long[c][i]) + self.cut[j - 1] - (self.room[c][j - 1] - self.room[c][i])
        if self.goes_on is not None:
            return s + self.goes_on[c][i]
        s += self.start[i] + self.end[j - 1]
        if kind == "agency":
            s += self.agency[i] - 1.0 * (self.dl_open[j] - self.dl_open[i + 1]) + self.more[c] * (self.own[j] - self.own[i + 1])
            if self.agency[i] < 0 and self.dl_open[i + 1] > self.dl_open[i]:
                s -= 1.5  # no agency opens with a deadline's word: "Năm" / "2026 - 2027" is the deadline's cell
        elif kind == "citation":
            s += self.citation[i]
        elif kind in ("free", "product"):
            if c + 1 < len(self.kinds) and self.kinds[c + 1] == "deadline":
                s -= 1.0 * (self.dl_open[j] - self.dl_open[i + 1])  # "Sản phẩm" above "Năm 2026 (…)"
            if kind == "product" and self.agency[i] > 0 and self.texts[i][:1].isupper():
                s -= 1.0  # a product seldom opens with an agency: "Cơ quan, tổ chức" is the cooperating cell's
        elif kind in _WHOLE_CELL:
            got = self.deadline.get((i, j, kind))
            if got is None:
                text = " ".join(self.texts[i:j])
                ok = j - i <= _WHOLE_CELL[kind] and (reads_as_deadline(text) if kind == "deadline" else _reads_as(kind, text))
                got = self.deadline[(i, j, kind)] = (1.0 if self._holds_two(i, j) else 2.5) if ok else -1.5
            s += got
        return s


def split_cells(texts: list[str], cols: Columns, above: list[str] | None = None, glued: list[bool] | None = None, cut: bool = False
                ) -> tuple[list[tuple[int, int]], set[int]]:
    """The best split of a row's lines into one span per column, and the columns whose boundary
    is not clear (moving it by one line costs almost nothing)."""
    n, k = len(texts), len(cols.kinds)
    sc = _Scorer(texts, cols, above, glued or [False] * n, cut)
    neg = float("-inf")
    best = [[neg] * (k + 1) for _ in range(n + 1)]
    back = [[0] * (k + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for c in range(1, k + 1):
        for j in range(n + 1):
            for i in range(max(0, j - (_MAX_CELL_LINES if cols.kinds[c - 1] == "text" else _MAX_NARROW_CELL_LINES)), j + 1):
                if best[i][c - 1] == neg:
                    continue
                v = best[i][c - 1] + sc.score(i, j, c - 1)
                if v > best[j][c]:
                    best[j][c], back[j][c] = v, i
    spans: list[tuple[int, int]] = []
    j = n
    for c in range(k, 0, -1):
        i = back[j][c]
        spans.append((i, j))
        j = i
    spans.reverse()
    return spans, _uncertain(sc, spans)


def _uncertain(sc: _Scorer, spans: list[tuple[int, int]]) -> set[int]:
    """Columns next to a boundary that could move by one line at a cost under 0.5."""
    out: set[int] = set()
    for c in range(len(spans) - 1):
        (a, b), (_, d) = spans[c], spans[c + 1]
        here = sc.score(a, b, c) + sc.score(b, d, c + 1)
        for nb in (b - 1, b + 1):
            if a <= nb <= d and here - (sc.score(a, nb, c) + sc.score(nb, d, c + 1)) < 0.5:
                out.update((c, c + 1))
    return out


# ---- rows ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class RawRow:
    """A row's label, the title on its label line, and its lines, one list per page it spans."""

    label: str
    title: str
    first: int
    last: int
    fragments: list[list[str]] = field(default_factory=lambda: [[]])


def _collect_rows(lines: list[Line], header: Header) -> tuple[list[RawRow], int]:
    """The table's rows from the line after its header, and the index where the table ends:
    at a different header, at what follows a table (an appendix, a signature), at the end, or at
    its own header repeated where the numbering starts again (a new table with the same columns)."""
    labels = Labels()
    rows: list[RawRow] = []
    j, end = header.end, header.end
    while j < len(lines):
        ln = lines[j]
        s = ln.text.strip()
        if ln.page == -1 or not s or is_page_number(lines, j):
            if ln.page == -1 and rows and rows[-1].fragments[-1]:
                rows[-1].fragments.append([])  # a page break: the row may go on below
            j += 1
            continue
        if glued_header_cells(s) is not None:
            after = _header_here(lines, j, header, bool(rows), labels)
            if after is None:
                break  # another table
            if after > j:
                if rows and rows[-1].fragments[-1]:
                    rows[-1].fragments.append([])
                j = end = after
                continue
        if _ends_table(lines, j):
            break
        start = _row_start(s, labels)
        if start is not None and next_text(lines, j) == s:
            start = None  # "3" above the label "3": the end of a narrow cell ("ngày 13 tháng" / "3")
        if start is not None:
            labels.take(start[0])
            label, rest = start
            roman = _roman(label) is not None
            rows.append(RawRow(label, rest if roman else "", j, j, [[rest] if rest and not roman else []]))
        elif not rows or sum(map(len, rows[-1].fragments)) >= MAX_ROW_LINES:
            break
        else:
            rows[-1].fragments[-1].append(s)
            rows[-1].last = j
        j += 1
        end = j
    if rows:
        end = _trim_prose(rows, lines, end)
    return rows, end


def _header_here(lines: list[Line], j: int, header: Header, has_rows: bool, labels: Labels) -> int | None:
    """At a header line: the index after it when it repeats the table's header at the top of a
    page; None when another table starts here (another header, or the same one with the numbering
    starting again); ``j`` when it is no header after all."""
    after = header.repeated_at(lines, j)
    if after is not None:
        return None if has_rows and _numbering_restarts(lines, after, labels) else after
    return None if find_header(lines, j) is not None else j


def _ends_table(lines: list[Line], j: int) -> bool:
    """What follows a table starts at ``lines[j]``, also as a word alone that begins it on the next
    line ("Nơi" / "nhận:")."""
    s = lines[j].text.strip()
    return bool(AFTER_TABLE.match(s) or (" " not in s and AFTER_TABLE.match(f"{s} {next_text(lines, j) or ''}")))


def is_page_number(lines: list[Line], j: int) -> bool:
    """A page's number printed again around its running head, left unmarked ("75" / "75" /
    "CÔNG BÁO …" / "75"): a number alone on its line with only blanks and numbers between it and
    page furniture, below or above it."""
    if not lines[j].text.strip().isdigit() or len(lines[j].text.strip()) > 4:
        return False
    for near in (lines[j + 1:j + 8], lines[max(0, j - 7):j][::-1]):
        for ln in near:
            if ln.page == -1:
                return True
            if ln.text.strip() and not ln.text.strip().isdigit():
                break
    return False


def _numbering_restarts(lines: list[Line], j: int, labels: Labels) -> bool:
    """Whether the first line from ``lines[j]`` is a row label that does not follow the labels
    seen ("1" after "11") but would open a table ("1", "I"): the header above it opens a new table."""
    text = next_text(lines, j - 1)
    if not text:
        return False
    m = _titled_row(text)
    label = lone_label(text) or (m[0] if m else None)
    return label is not None and not labels.accepts(label) and Labels().accepts(label)


def next_text(lines: list[Line], j: int) -> str | None:
    """The next line after ``lines[j]`` that is neither blank nor page furniture."""
    for ln in lines[j + 1:j + 12]:
        if ln.page != -1 and ln.text.strip():
            return ln.text.strip()
    return None


def _trim_prose(rows: list[RawRow], lines: list[Line], end: int) -> int:
    """The prose after a table's last row: from the first of two consecutive lines wider than any
    line of the other rows, those lines are not the table's."""
    widest = max((len(t) for r in rows[:-1] for f in r.fragments for t in f), default=0)
    last = rows[-1]
    frag = last.fragments[-1]
    if not widest:
        return end
    for k in range(len(frag) - 1):
        if len(frag[k]) > widest + 4 and len(frag[k + 1]) > widest + 4:
            cut = len(frag) - k
            del frag[k:]
            idx = last.last
            while cut and idx > last.first:  # walk back over the lines that were taken off
                if lines[idx].text.strip() and lines[idx].page != -1:
                    cut -= 1
                idx -= 1
            last.last = idx
            return idx + 1
    return end


def cell_paragraphs(texts: list[str]) -> list[str]:
    """The lines of one cell as its paragraphs (wrapped lines re-joined)."""
    from pipeline.readers.lines import join_wrapped

    groups: list[list[Line]] = []
    for g in join_wrapped([Line(t, 0, 0) for t in texts]):
        # a dash that a narrow cell wrapped to the line start ("Từ 20 giờ 15 phút" / "- 20 giờ 45
        # phút") goes on with the line before unless that ends a sentence or is a dash item too
        if groups and g[0].text.lstrip().startswith(("- ", "– ")) and not groups[-1][0].text.lstrip().startswith(("-", "–", "+")) \
                and not groups[-1][-1].text.rstrip().endswith((".", ";", ":")):
            groups[-1] = groups[-1] + g
        else:
            groups.append(g)
    return [p for p in (clean_space(join_lines([ln.text for ln in g])) for g in groups) if p]


def enumerated(text: str) -> bool:
    """An item of an enumerated list of agencies: "(2) Bộ Công an", "2. Bộ Tư pháp"."""
    label = parse_label(text)
    if label is None or not label.value.isdigit() or len(label.value) > 2 or label.rest == label.length:
        return False
    after = text[label.value_end:]  # for "(2)", what follows its bracket
    return (label.kind == PAREN and after[:1].isspace()) or (label.kind == DECIMAL and label.spaced_mark)


def agency_paragraphs(texts: list[str], cols: Columns) -> list[str]:
    """The lines of an agency cell as its agencies' paragraphs: a line in capitals that opens an
    agency ("Bộ Tài chính" / "Cơ quan, tổ chức") starts a paragraph of its own unless the line
    above reads on into it (``_reads_on``: a linking word or a comma at its end, a word pair of the
    document, "Văn phòng" / "Chính phủ", an official's title, "Lãnh đạo" / "Sở Y tế")."""
    groups: list[list[str]] = []
    for t in texts:
        own = groups and (t[:1].isupper() or enumerated(t)) and opens_agency(t) and not _reads_on(groups[-1][-1], t, cols)
        if own or not groups:
            groups.append([t])
        else:
            groups[-1].append(t)
    return [p for g in groups for p in _one_agency(cell_paragraphs(g))]


def _one_agency(paras: list[str]) -> list[str]:
    """The paragraphs of one agency's lines as one, unless they are items of a list ("2. Các Bộ: …",
    "- Bộ Y tế"): short lines read as paragraphs of their own ("Ban Chỉ huy" / "PTDS" / "các cấp")."""
    if len(paras) < 2 or any(enumerated(p) or p[:1] in "-–+•" for p in paras[1:]):
        return paras
    return [clean_space(" ".join(paras))]


def split_row(row: RawRow, cols: Columns) -> tuple[list[list[str]], set[int]]:
    """The lines of each cell of a row (its page fragments split one by one, each going on from
    the cells above it), and the columns whose split is uncertain."""
    cells: list[list[tuple[str, bool]]] = [[] for _ in cols.kinds]
    unsure: set[int] = set()
    for n, frag in enumerate(row.fragments):
        if not frag:
            continue
        items = [(p, k > 0) for line in frag for k, p in enumerate(pieces(line))]
        above = [c[-1][0] if c else "" for c in cells] if n and any(cells) else None
        cut = any(row.fragments[n + 1:])  # the row goes on below a page break
        spans, doubt = split_cells([t for t, _ in items], cols, above, [g for _, g in items], cut)
        unsure |= doubt
        for c, (a, b) in enumerate(spans):
            cells[c].extend((t, g and i > a) for i, (t, g) in enumerate(items[a:b], start=a))
    return [_glued_lines(c) for c in cells], unsure


# Where one line may hold the ends of two cells that stood on one baseline ("Bộ Nông nghiệp và
# Môi trường Các bộ, cơ quan, địa"): before a capitalised word that follows a word in lower case
# or a number, not after a linking word.
_GLUE = re.compile(r"(?<=[a-zđà-ỹ0-9)]) +(?=[A-ZĐÀ-Ỹ][a-zđà-ỹA-ZĐÀ-Ỹ]*\b)")
LINKING_FOLDED = {fold(w) for w in LINKING}  # as ``folded_words`` gives them


def pieces(line: str) -> list[str]:
    """A line cut where it may hold two cells: "Bộ Nông nghiệp và Môi trường Các bộ, cơ quan" →
    ["Bộ Nông nghiệp và Môi trường", "Các bộ, cơ quan"]."""
    out, last = [], 0
    for m in _GLUE.finditer(line):
        before = line[last:m.start()].split()
        rest = line[m.end():]
        word = before[-1] if before else ""
        if word[:1].islower() or word[:1].isdigit():  # not inside a name ("Bộ Công an")
            if word not in LINKING and (word[-1].isdigit() or opens_agency(rest) or _opens_deadline(rest)):
                out.append(line[last:m.start()])
                last = m.end()
    out.append(line[last:])
    return out


def _opens_deadline(text: str) -> bool:
    return bool(re.match(r"(?:Quý|Năm|Tháng|Trước|Trong|Từ|Hằng|Hàng|Thường|Giai đoạn)\b", text))


def _glued_lines(items: list[tuple[str, bool]]) -> list[str]:
    """Pieces back into lines: a piece glued to the one before it stands on the same line."""
    out: list[str] = []
    for text, glued in items:
        if glued and out:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def learn_widths(rows: list[RawRow], cols: Columns) -> list[int]:
    """Each column's width: the 90th percentile of the longest line of its cells, as split with
    the widths assumed so far (rows on one page only, no group titles)."""
    longest: list[list[int]] = [[] for _ in cols.kinds]
    for row in rows:
        if _roman(row.label) is not None or not row.fragments[0]:
            continue  # a group title spans the table
        cells, _ = split_row(RawRow(row.label, "", row.first, row.last, row.fragments[:1]), cols)
        for c, lines in enumerate(cells):
            if lines:
                longest[c].append(max(len(t) for t in lines))
    out = []
    for c, vals in enumerate(longest):
        vals.sort()
        out.append(vals[min(len(vals) - 1, int(len(vals) * 0.9))] if vals else cols.widths[c])
    return out


def _is_group(row: RawRow, cells: list[list[str]]) -> bool:
    """A roman-numbered row, or one with a title on its label line, whose other cells are empty."""
    if row.title:
        return True
    return _roman(row.label) is not None and all(not c for c in cells[1:])


def _carry_down(grid: list[list[Cell]], kinds: list[str]) -> bool:
    """Dash rows under one item ("- Công trình giao thông.") share the cells a merge wrote once,
    in the first of them: an empty cell other than the text takes the value of the dash row above.
    True when a cell was carried."""
    row, prev = grid[-1], grid[-2]
    if len(grid) < 3 or row[0].text not in ("-", "–", "+") or prev[0].text != row[0].text:
        return False
    carried = False
    for c, kind in enumerate(kinds, start=1):
        if kind != "text" and not row[c].paragraphs and prev[c].paragraphs:
            row[c] = prev[c]  # the merged cell's slot in this row
            carried = True
    return carried


def _columns(roles: list[str | None], pairs: set[tuple[str, str]]) -> Columns:
    """What the split knows of the data columns named ``roles`` before it learns their widths."""
    kinds = column_kinds(roles)
    return Columns(kinds, [999 if k == "text" else _NARROW for k in kinds], pairs,
                   [_EMPTY.get(r or "", _EMPTY_OTHER) for r in roles], [_MORE_LEADS if r == "lead" else 0.0 for r in roles])


def parse_flat_table(lines: list[Line], header: Header, pairs: set[tuple[str, str]] | None = None) -> FlatTable | None:
    """The table whose header is ``header``, rebuilt from the lines after it; None when no row
    follows it or its rows hold no text (a blank form). ``pairs``: the word pairs of the document's lines (``bigrams``), when known."""
    cols = _columns(header.roles[1:], bigrams([ln.text for ln in lines]) if pairs is None else pairs)
    kinds = cols.kinds
    if len(kinds) >= 3 and kinds[0] == "agency" and kinds[1] == "text":
        from pipeline.readers.flatleads import parse_lead_first

        return parse_lead_first(lines, header, cols)
    rows, end = _collect_rows(lines, header)
    if not rows:
        return None
    cols.widths = learn_widths(rows, cols)
    grid: list[list[Cell]] = [[Cell(0, c, [t]) for c, t in enumerate(header.cells)]]
    notes: list[str] = []
    for row in rows:
        r = len(grid)
        cells, unsure = split_row(row, cols)
        if row.title:
            cells[0].insert(0, row.title)
        if _is_group(row, cells):
            title = cell_paragraphs([t for c in cells for t in c])
            k = len(kinds)
            grid.append([Cell(r, 0, [row.label])] + [Cell(r, 1, title)] * k)
            continue
        grid.append([Cell(r, 0, [row.label])] + [Cell(r, c + 1, agency_paragraphs(t, cols) if kinds[c] == "agency"
                                                  else cell_paragraphs(t)) for c, t in enumerate(cells)])
        if _carry_down(grid, kinds):
            notes.append(f"row {row.label} (line {row.first + 1}): empty cells take the value of the dash row above "
                         "(a cell merged down over the rows)")
        if unsure:
            names = ", ".join(header.cells[c + 1] for c in sorted(unsure))
            notes.append(f"row {row.label} (line {row.first + 1}): the split between cells is uncertain ({names})")
    if not has_content(grid, kinds):
        return None
    return FlatTable(Table.from_slots(grid, header_rows=1), end, notes)


def has_content(grid: list[list[Cell]], kinds: list[str]) -> bool:
    """Whether the rows read as a table: most of them have words in their text column (a blank
    form's rows, "1" / "2 …", do not)."""
    text = kinds.index("text") + 1 if "text" in kinds else 1
    rows = grid[1:]
    full = sum(1 for row in rows if sum(map(str.isalpha, row[text].text)) >= 3)
    return full * 2 > len(rows)
