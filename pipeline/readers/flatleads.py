"""Flattened tables whose lead column stands left of the task text, its cell (and the row
number's) merged down over the row's sub-rows: "STT | Đơn vị chủ trì | Nhiệm vụ | Đơn vị phối
hợp | Thời gian". A text extraction writes the merged cells once, at their vertical middle, so the
number and the lead ("1" / "Bộ Thông tin và" / "Truyền thông") stand between two sub-rows, with
sub-rows of that row above and below them.

Each sub-row (text, cooperating agencies, deadline) is cut where its deadline ends and split into
cells as in pipeline/readers/flattables.py. A sub-row belongs to a number when it is certain: it
lies before the first number or after the last, or the number stands inside its lines (the row's
middle is in it); and, when the table shows its merged cells centred (sub-rows before its first
number and after its last), the sub-rows right above and below a number standing between two
sub-rows. Any other sub-row between two numbers could belong to either: it keeps its own cells,
with no number and no lead, and a warning names both candidates (a guess would put a task under
the wrong agency).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Cell, Table
from pipeline.readers.flattables import (AFTER_TABLE, LINKING_FOLDED, MAX_ROW_LINES, Columns, FlatTable, Header,
                                         agency_paragraphs, cell_paragraphs, glued_header_cells, has_content,
                                         Labels, learn_widths, next_text, opens_agency, RawRow, reads_as_deadline,
                                         split_row, folded_words, find_header, is_page_number, lone_label)
from pipeline.readers.lines import Line

_MAX_LEAD_LINES = 4
_MAX_DEADLINE = 40  # the longest line read as a whole deadline cell ("Trong năm 2024")


@dataclass(slots=True)
class _Marker:
    """A row number and the lines of its merged lead cell, at line ``at``."""

    label: str
    lead: list[str]
    at: int
    inside: bool = False  # it stands inside a sub-row's lines


@dataclass(slots=True)
class _Sub:
    """A sub-row: its first line's index, its lines, and the markers standing inside them."""

    first: int
    texts: list[str]
    inside: list[_Marker] = field(default_factory=list)


@dataclass(slots=True)
class _Walk:
    """What walking the table's lines gives: sub-rows (their lines and first line index) and the
    markers between them, in order, and the index where the table ends."""

    items: list[_Marker | _Sub] = field(default_factory=list)
    end: int = 0


def _lead_lines(lines: list[Line], j: int, cols: Columns) -> list[int]:
    """The indices of a lead cell's lines from ``lines[j]`` (which opens an agency): lines go on
    while the one above ends on a linking word or a comma or the next starts in lower case
    ("Bộ Thông tin và" / "Truyền thông"; "Bộ Khoa học và Công" / "nghệ")."""
    out = [j]
    k = j + 1
    while k < len(lines) and len(out) < _MAX_LEAD_LINES:
        if lines[k].page == -1 or not lines[k].text.strip():
            k += 1
            continue
        prev, s = lines[out[-1]].text.strip(), lines[k].text.strip()
        words = folded_words(prev)
        if len(s) > max(cols.widths[0], 30) + 2 or not (s[:1].islower() or prev.endswith((",", "-")) or (words and words[-1] in LINKING_FOLDED)):
            break
        out.append(k)
        k += 1
    return out


def _ends_deadline(texts: list[str]) -> bool:
    """Whether a sub-row's lines so far end with its deadline cell: the last line (or the last two)
    read as a whole deadline ("Quý IV/2023", "Trong năm" / "2024")."""
    last = texts[-1]
    words = folded_words(last)
    if not words or words[-1] in LINKING_FOLDED or last.rstrip().endswith((",", "-", "–")):
        return False  # "Theo lộ trình của" / "Đề án …": the deadline goes on
    if len(last) <= _MAX_DEADLINE and reads_as_deadline(last) and last[:1].isupper():
        return True
    return len(texts) >= 2 and len(texts[-2]) <= _MAX_DEADLINE and reads_as_deadline(f"{texts[-2]} {last}") \
        and texts[-2][:1].isupper() and not reads_as_deadline(texts[-2])


def _walk(lines: list[Line], header: Header, cols: Columns) -> _Walk:
    """The sub-rows and markers of the table below ``header`` (repeated headers and page furniture
    skipped), up to a different header, what follows a table, or a sub-row too long to be one."""
    labels, out = Labels(), _Walk(end=header.end)
    labels.restart = True
    pending = _Sub(header.end, [])
    j = header.end
    while j < len(lines):
        ln, s = lines[j], lines[j].text.strip()
        if ln.page == -1 or not s or is_page_number(lines, j):
            j += 1
            continue
        if glued_header_cells(s) is not None:
            after = header.repeated_at(lines, j)
            if after is None and find_header(lines, j) is not None:
                break
            if after is not None:
                j = after
                continue
        if AFTER_TABLE.match(s) or len(pending.texts) >= MAX_ROW_LINES:
            break
        label = lone_label(s)
        nxt = next_text(lines, j)
        if label and labels.accepts(label) and nxt and opens_agency(nxt) and nxt[:1].isupper():
            labels.take(label)
            lead = _lead_lines(lines, j + 1 + next(k for k, x in enumerate(lines[j + 1:]) if x.page != -1 and x.text.strip()), cols)
            marker = _Marker(label, [lines[k].text.strip() for k in lead], j, bool(pending.texts))
            if marker.inside:
                pending.inside.append(marker)
            out.items.append(marker)
            j = out.end = lead[-1] + 1
            continue
        if not pending.texts:
            pending.first = j
        pending.texts.append(s)
        j = out.end = j + 1
        if _ends_deadline(pending.texts):
            out.items.append(pending)
            pending = _Sub(j, [])
    if pending.texts:
        out.items.append(pending)
    return out


def _owners(items: list[_Marker | _Sub]) -> list[tuple[_Marker | None, tuple[_Marker, _Marker] | None, bool]]:
    """For each sub-row, the marker whose merged cells it certainly lies in, or None with the two
    markers it lies between; and whether the choice rests on the sub-row being cut right (a
    number inside it, or next to it)."""
    markers = [k for k, it in enumerate(items) if isinstance(it, _Marker)]
    subs = [k for k, it in enumerate(items) if isinstance(it, _Sub)]
    centred = bool(markers) and subs[0] < markers[0] and subs[-1] > markers[-1]
    out: list[tuple[_Marker | None, tuple[_Marker, _Marker] | None, bool]] = []
    for k in subs:
        sub = items[k]
        before = next((items[m] for m in reversed(markers) if m < k and not items[m].inside), None)
        after = next((items[m] for m in markers if m > k and not items[m].inside), None)
        if len(sub.inside) == 1:
            out.append((sub.inside[0], None, True))
        elif sub.inside:
            out.append((None, (sub.inside[0], sub.inside[-1]), False))
        elif before is None or after is None:
            out.append((after if before is None else before, None, False))
        elif centred and (items[k - 1] is before or items[k + 1] is after):
            out.append((before if items[k - 1] is before else after, None, True))
        else:
            out.append((None, (before, after), False))
    return out


def _cut_right(cells: list[list[str]], kinds: list[str]) -> bool:
    """Whether a sub-row's cells read as one sub-row: each agency cell opens with an agency and the
    deadline cell reads as one (two sub-rows taken as one put a text in an agency cell)."""
    for lines, kind in zip(cells, kinds):
        if lines and kind == "agency" and not opens_agency(lines[0]):
            return False
        if lines and kind == "deadline" and not reads_as_deadline(" ".join(lines)):
            return False
    return True


def _between(items: list[_Marker | _Sub], sub: _Sub) -> tuple[_Marker, _Marker]:
    """The markers nearest above and below a sub-row (itself when it is at an end)."""
    k = items.index(sub)
    markers = [m for m in items if isinstance(m, _Marker)]
    before = next((m for m in reversed(items[:k + 1]) if isinstance(m, _Marker)), markers[0])
    after = next((m for m in items[k:] if isinstance(m, _Marker)), markers[-1])
    if sub.inside:
        before, after = sub.inside[0], sub.inside[-1]
    return before, after


def parse_lead_first(lines: list[Line], header: Header, cols: Columns) -> FlatTable | None:
    """The table below ``header`` whose first data column is a lead merged over sub-rows, or None
    when it has no number, no sub-row, or no text."""
    walk = _walk(lines, header, cols)
    subrows = [it for it in walk.items if isinstance(it, _Sub)]
    if not subrows or len(subrows) == len(walk.items):
        return None
    sub = Columns(cols.kinds[1:], cols.widths[1:], cols.pairs, cols.empty[1:], cols.more[1:])
    raws = [RawRow("", "", it.first, it.first + len(it.texts), [it.texts]) for it in subrows]
    sub.widths = learn_widths(raws, sub)
    grid: list[list[Cell]] = [[Cell(0, c, [t]) for c, t in enumerate(header.cells)]]
    notes: list[str] = []
    seen: dict[int, int] = {}  # a marker's line → the grid row that holds its own cells
    for raw, it, (owner, between, needs_cut) in zip(raws, subrows, _owners(walk.items)):
        r = len(grid)
        cells, unsure = split_row(raw, sub)
        if owner is not None and needs_cut and (unsure or not _cut_right(cells, sub.kinds)):
            owner, between = None, _between(walk.items, it)
        body = [Cell(r, c + 2, agency_paragraphs(t, sub) if sub.kinds[c] == "agency" else cell_paragraphs(t))
                for c, t in enumerate(cells)]
        if owner is None:
            grid.append([Cell(r, 0, []), Cell(r, 1, [])] + body)
            notes.append(f"line {raw.first + 1}: a sub-row between rows {between[0].label} ({' '.join(between[0].lead)}) and "
                         f"{between[1].label} ({' '.join(between[1].lead)}), whose merged cells it may be under: "
                         "left without a number and a lead")
        elif owner.at in seen:
            top = seen[owner.at]
            grid.append(grid[top][:2] + body)  # the slots of the number and lead merged over the rows
        else:
            seen[owner.at] = r
            grid.append([Cell(r, 0, [owner.label]), Cell(r, 1, agency_paragraphs(owner.lead, sub))] + body)
        if unsure:
            names = ", ".join(header.cells[c + 2] for c in sorted(unsure))
            notes.append(f"line {raw.first + 1}: the split between cells is uncertain ({names})")
    if not has_content(grid, cols.kinds):
        return None
    return FlatTable(Table.from_slots(grid, header_rows=1), walk.end, notes)
