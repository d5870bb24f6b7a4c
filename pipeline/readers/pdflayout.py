"""Geometry of a PDF page read through pypdfium2: its characters and its ruling lines in the frame
where the text stands upright (a page whose text is set sideways is turned), and lines of text
assembled from characters by position. Used on pages with tables, pages set sideways and pages
whose text layer does not start at the top, where the layer's own order is not the reading order."""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from operator import attrgetter

import pypdfium2.raw as pdfium_c
from pypdfium2 import PdfiumError

from pipeline.readers.lines import starts_paragraph

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_BASE, _X0 = attrgetter("base"), attrgetter("x0")  # sort keys of characters


def _bare(fn):
    """pdfium's *fn* with its return type but without ctypes' argument conversion: a call costs
    half as much (0.7 against 1.4 µs for a character's three calls), for the loops that run once
    per character, path object or segment. Its arguments must be ctypes objects (handles, byref)
    or ints: a handle passed as a Python int would be cut to 32 bits."""
    return ctypes.CFUNCTYPE(fn.restype)(ctypes.cast(fn, ctypes.c_void_p).value)


_CHAR_ANGLE, _LOOSE_BOX, _CHAR_ORIGIN, _GET_RECT = map(_bare, (
    pdfium_c.FPDFText_GetCharAngle, pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin,
    pdfium_c.FPDFText_GetRect))
_PATH_SEGMENTS, _PATH_SEGMENT, _SEGMENT_POINT, _SEGMENT_TYPE, _SEGMENT_CLOSES = map(_bare, (
    pdfium_c.FPDFPath_CountSegments, pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint,
    pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose))
_PAGE_OBJECT, _FORM_OBJECT, _OBJ_TYPE, _DRAW_MODE, _STROKE_COLOR, _FILL_COLOR, _OBJ_BOUNDS, _OBJ_MATRIX = map(_bare, (
    pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFFormObj_GetObject, pdfium_c.FPDFPageObj_GetType,
    pdfium_c.FPDFPath_GetDrawMode, pdfium_c.FPDFPageObj_GetStrokeColor, pdfium_c.FPDFPageObj_GetFillColor,
    pdfium_c.FPDFPageObj_GetBounds, pdfium_c.FPDFPageObj_GetMatrix))


@dataclass(slots=True, frozen=True)
class Frame:
    """Maps PDF user space (y up) to the upright reading frame (x right, top down) of a page turned
    clockwise by ``turn`` degrees inside its box (x0, y0, x1, y1)."""

    turn: int
    x0: float
    y0: float
    x1: float
    y1: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.turn == 90:
            return y - self.y0, x - self.x0
        if self.turn == 180:
            return self.x1 - x, y - self.y0
        if self.turn == 270:
            return self.y1 - y, self.x1 - x
        return x - self.x0, self.y1 - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) in the frame of a user-space rectangle."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def frame(page, turn: int) -> Frame:
    """The reading frame of a pypdfium2 page turned by *turn* degrees."""
    left, bottom, right, top = page.get_bbox()
    return Frame(turn, left, bottom, right, top)


def text_turn(textpage) -> int:
    """The clockwise turn (0, 90, 180 or 270) that sets most of a page's characters upright, judged
    on a sample of 60; 0 when fewer than 40 characters or no angle holds 60% of them."""
    n = textpage.count_chars()
    if n < 40:
        return 0
    raw, angle_of = textpage.raw, _CHAR_ANGLE
    return _turn([round(math.degrees(angle_of(raw, k))) % 360 for k in range(0, n, max(1, n // 60))])


def _turn(angles: list[int]) -> int:
    """The turn that sets upright 60% of *angles* (whole degrees, 0-359) within 5 degrees, else 0."""
    if not any(angles):  # all upright (most pages): no other angle holds any of them
        return 0
    for angle in (270, 90, 180):
        if sum(1 for a in angles if min(abs(a - angle), 360 - abs(a - angle)) <= 5) >= 0.6 * len(angles):
            return 360 - angle
    return 0


@dataclass(slots=True)
class Char:
    """One character in the frame: its loose box, the baseline it sits on and the run of the text
    layer it was written in (runs part where pdfium breaks the line)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    base: float
    run: int = 0


def page_chars(textpage, fr: Frame) -> tuple[list[Char], list[list[Char]]]:
    """The page's characters as drawn, with the spaces pdfium finds between words: those
    upright in the frame, in the frame; and the others (a margin note set at another angle), each in
    the frame that sets it upright."""
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect_ref, ox_ref, oy_ref = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    # pdfium's functions bound once: this loop runs for every character of the page
    angle_of, loose_box, origin = _CHAR_ANGLE, _LOOSE_BOX, _CHAR_ORIGIN
    by_turn: dict[int, list[Char]] = {fr.turn: []}
    frames = {fr.turn: fr}
    upright = by_turn[fr.turn]
    plain, left0, top0 = fr.turn == 0, fr.x0, fr.y1
    run = 0
    for k, code in enumerate(_codes(textpage)):
        if code < 0xE or code > 0xFFFD:  # one test for the usual character, the marks below apart
            if code == 0xA or code == 0xD:
                run += 1
                continue
            if code == 0 or code == 0xFFFF:
                continue  # pdfium generates only line breaks (gone above) and the spaces it sees between words (kept)
            if code == 0x2 or code == 0xFFFE:  # pdfium's marks for a hyphen (at a line end)
                code = 0x2D
        angle = angle_of(raw, k)
        loose_box(raw, k, rect_ref)
        origin(raw, k, ox_ref, oy_ref)
        turn = (360 - round(math.degrees(angle) / 90) * 90) % 360 if angle else 0
        if plain and turn == 0:  # the usual case, without the frame's general mapping
            upright.append(Char(chr(code), rect.left - left0, top0 - rect.top, rect.right - left0,
                                top0 - rect.bottom, top0 - oy.value, run))
            continue
        f = frames.get(turn) or frames.setdefault(turn, Frame(turn, fr.x0, fr.y0, fr.x1, fr.y1))
        x0, top, x1, bottom = f.box(rect.left, rect.bottom, rect.right, rect.top)
        by_turn.setdefault(turn, []).append(Char(chr(code), x0, top, x1, bottom, f.point(ox.value, oy.value)[1], run))
    upright = by_turn.pop(fr.turn)
    return upright, list(by_turn.values())


def _codes(textpage) -> list[int]:
    """The Unicode of each character of a text page: read in one call, or one by one where the
    page's text does not come out a unit per character (characters without Unicode, surrogates)."""
    n = textpage.count_chars()
    buf = ctypes.create_string_buffer(2 * (n + 1))
    written = pdfium_c.FPDFText_GetText(textpage.raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    if written == n + 1:
        return memoryview(buf.raw).cast("H")[:n].tolist()
    return [pdfium_c.FPDFText_GetUnicode(textpage.raw, k) for k in range(n)]


def text_lines(chars: list[Char], columns: bool = False) -> list[tuple[float, str]]:
    """(top, text) of each visual line, top to bottom: characters whose baselines lie within a
    third of their height share a line; a gap wider than 0.15 of the height between two letters is
    a space; a character drawn twice at the same place (fake bold) counts once. With *columns*, the
    lines are read into paragraphs and side-by-side blocks left first (_read_columns)."""
    lines = [line for line in map(_segments, _baseline_groups(chars)) if line.segments]
    if not columns:
        return [(line.top, " ".join(s.text for s in line.segments)) for line in lines]
    return _read_columns(lines)


def cell_lines(chars: list[Char], cell: tuple[float, float, float, float]) -> list[tuple[str, bool]]:
    """The visual lines of a table cell, each with whether it wraps into the next: it does when the
    next line's first word would not have fitted after it within the cell (the writer's program
    broke the line), not when the line ends short (a new paragraph, one agency per line)."""
    lines = [line for line in map(_segments, _baseline_groups(chars)) if line.segments]
    if not lines:
        return []
    pad = min(max(min(ln.segments[0].x0 for ln in lines) - cell[0], 1.0), 8.0)
    room = cell[2] - cell[0] - 2 * pad
    out = []
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        width = line.segments[-1].x1 - line.segments[0].x0
        wraps = nxt is not None and width + 0.25 * nxt.height + nxt.lead > room - 1
        out.append((" ".join(seg.text for seg in line.segments), wraps))
    return out


def _baseline_groups(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into visual lines, top to bottom: baselines within a third of a height."""
    if not chars:
        return []
    chars = sorted(chars, key=_BASE)
    group = [chars[0]]
    groups: list[list[Char]] = [group]
    last = chars[0]
    for c in chars[1:]:
        reach = (last.bottom - last.top) / 3
        if c.base - last.base <= (reach if reach > 1.0 else 1.0):  # max(1.0, reach), inline
            group.append(c)
        else:
            group = [c]
            groups.append(group)
        last = c
    return groups


@dataclass(slots=True)
class _Segment:
    x0: float
    x1: float
    text: str


@dataclass(slots=True)
class _Line:
    top: float
    height: float
    segments: list[_Segment]
    lead: float = 0.0  # width of its first word


def _segments(group: list[Char]) -> _Line:
    """A visual line as its runs of text, cut where a gap is wider than 1.2 letter heights, or
    wider than 0.6 where the text layer wrote the two sides apart (a header's issuer and motto
    set close together)."""
    group.sort(key=_X0)
    height = max([c.bottom - c.top for c in group])
    wide, apart = 1.2 * height, 0.6 * height
    segments: list[_Segment] = []
    parts: list[str] = []
    start = prev = None
    for c in group:
        if c.text.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None:
            if c.text == prev.text and abs(c.x0 - prev.x0) < 1:
                continue
            gap = c.x0 - prev.x1
            if gap > wide or (gap > apart and c.run != prev.run):
                segments.append(_Segment(start.x0, prev.x1, "".join(parts).strip()))
                parts, start = [], None
            elif gap > 0.15 * (c.bottom - c.top) and parts and parts[-1] != " ":
                parts.append(" ")
        if start is None:
            start = c
        parts.append(c.text)
        prev = c
    if start is not None and prev is not None:
        segments.append(_Segment(start.x0, prev.x1, "".join(parts).strip()))
    return _Line(min([c.top for c in group]), height, [s for s in segments if s.text], _lead(group))


def _lead(group: list[Char]) -> float:
    """Width of the first word of a line (sorted by x): up to a space or a gap between letters."""
    start = prev = None
    for c in group:
        if c.text.isspace():
            if start is not None:
                break
            continue
        if prev is not None and c.x0 - prev.x1 > 0.15 * (c.bottom - c.top):
            break
        start = start or c
        prev = c
    return prev.x1 - start.x0 if start is not None and prev is not None else 0.0


@dataclass(slots=True, frozen=True)
class _TextBlock:
    """The left and right edges of a page's text block, and whether they are real ones: several
    lines reach both (not a few headings over a table)."""

    margin: float
    edge: float
    measured: bool

    @staticmethod
    def of(lines: list[_Line]) -> _TextBlock:
        edge = max((ln.segments[-1].x1 for ln in lines), default=0.0)
        margin = min((ln.segments[0].x0 for ln in lines), default=0.0)
        measured = (sum(ln.segments[0].x0 < margin + ln.height for ln in lines) >= 3
                    and sum(ln.segments[-1].x1 > edge - ln.height for ln in lines) >= 3)
        return _TextBlock(margin, edge, measured)

    def wrapped_into(self, line: _Line, nxt: _Line) -> bool:
        """False when the next line's first word would have fitted after *line*: the paragraph
        ends there (or the line is set from the margin of a measured block)."""
        segs = line.segments
        return not (self.measured and segs[0].x0 < self.margin + 3 * line.height
                    and segs[-1].x1 + 0.25 * nxt.height + nxt.lead < self.edge - nxt.height)


def _read_columns(lines: list[_Line]) -> list[tuple[float, str]]:
    """Lines in reading order, a blank line after each paragraph. A line goes on into the next
    when the next line's first word would not have fitted after it (the writer's program wrapped
    it); a wide gap, a marker ("2.", "a)") or a short line set from the margin ends a paragraph (a
    centred line, or lines with no text block's edges to measure by, are left to the text reader).
    A run of lines that opens with a line in parts and goes on with lines leaving a common gap
    between their parts (or standing wholly on one side of it) is read left side first, then right
    side, each line apart (a header's issuer and motto, recipients and signature)."""
    out: list[tuple[float, str]] = []
    para: list[tuple[float, str]] = []
    block = _TextBlock.of(lines)

    def flush() -> None:
        if para:  # the paragraph's lines, then a blank line; the text reader joins the lines
            out.extend([*para, (para[-1][0], "")])
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if i and line.top - lines[i - 1].top > 2.5 * max(line.height, lines[i - 1].height):
            flush()  # a wide gap above: a new paragraph (a title, then the body)
        if len(line.segments) < 2:
            text = " ".join(s.text for s in line.segments)
            if para and starts_paragraph(text, para[-1][1]):
                flush()
            para.append((line.top, text))
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is None or len(nxt.segments) != 1 or not block.wrapped_into(line, nxt):
                flush()
            i += 1
            continue
        flush()
        j, split = _side_by_side_run(lines, i)
        if split is None:  # a single line in parts ("CÔNG BÁO/Số 12 ... 47") stays one line
            out.extend([(line.top, " ".join(s.text for s in line.segments)), (line.top, "")])
        else:
            out.extend(_left_then_right(lines[i:j], split))
        i = j
    flush()
    return out


def _side_by_side_run(lines: list[_Line], i: int) -> tuple[int, float | None]:
    """Where the run of lines opened by line *i* (a line in parts) ends, and the x that parts its
    two sides: the middle of the gap all its lines leave free. None when the run is one line."""
    segs = lines[i].segments
    k = max(range(1, len(segs)), key=lambda k: segs[k].x0 - segs[k - 1].x1)
    lo, hi = segs[k - 1].x1, segs[k].x0
    j, prev = i + 1, lines[i]
    while j < len(lines):
        nxt = lines[j]
        if nxt.top - prev.top > 2 * max(prev.height, nxt.height):
            break
        gap = _common_gap(nxt.segments, lo, hi)
        if gap is None:
            break
        lo, hi = gap
        j, prev = j + 1, nxt
    return j, (None if j - i == 1 else (lo + hi) / 2)


def _left_then_right(run: list[_Line], split: float) -> list[tuple[float, str]]:
    """The left side's lines, then the right side's, each line its own paragraph (header and
    signature lines are not wrapped prose) but for a line going on in lower case ("V/v … thực
    hiện Nghị" / "quyết số …")."""
    left: list[tuple[float, str]] = []
    right: list[tuple[float, str]] = []
    for ln in run:
        for side, parts in ((left, [s for s in ln.segments if s.x1 <= split]),
                            (right, [s for s in ln.segments if s.x0 >= split])):
            if not parts:
                continue
            text = " ".join(s.text for s in parts)
            if side and text[:1].islower():
                side.pop()  # drop the blank line: the line goes on the previous one
            side.extend([(ln.top, text), (ln.top, "")])
    return left + right


def _common_gap(segments: list[_Segment], lo: float, hi: float) -> tuple[float, float] | None:
    """The part of (lo, hi) that a line leaves free between (or beside) its segments, if any."""
    edges = [-math.inf] + [x for s in segments for x in (s.x0, s.x1)] + [math.inf]
    best = None
    for a, b in zip(edges[::2], edges[1::2]):
        a, b = max(a, lo), min(b, hi)
        if b - a > 1 and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    return best


def reads_in_order(textpage) -> bool:
    """True when the text layer starts at the top of the page: its own order is the reading order.
    A layer that starts lower (a header table written after the body) is read by layout."""
    n = textpage.count_rects()
    if n < 2:
        return True
    raw, get_rect = textpage.raw, _GET_RECT
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = ctypes.byref(left), ctypes.byref(top), ctypes.byref(right), ctypes.byref(bottom)
    ok = get_rect(raw, 0, *refs)
    first_top, first_height = top.value, top.value - bottom.value
    highest = first_top
    for k in range(1, n):
        ok = get_rect(raw, k, *refs) and ok
        if top.value > highest:
            highest = top.value
    if not ok:  # as pypdfium2's get_rect says it
        raise PdfiumError("Failed to get rectangle.")
    return highest - first_top <= max(36.0, 3 * first_height)


def page_edges(paths: list[tuple], fr: Frame) -> list[tuple]:
    """The ruling segments of a page's *paths* (page_paths) in the frame, as the lattice takes them
    (pdflattice.Edge): every straight, axis-parallel segment of every path."""
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    edges: list[tuple] = []
    segment, point, kind_of, closes = _PATH_SEGMENT, _SEGMENT_POINT, _SEGMENT_TYPE, _SEGMENT_CLOSES
    lineto, moveto = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_MOVETO
    to_frame = None if fr.turn == 0 else fr.point  # upright: fr.point's arithmetic, inline below
    left0, top0 = fr.x0, fr.y1
    for obj, (a, b, c, d, e, f) in paths:
        prev = start = None
        for s in range(_PATH_SEGMENTS(obj)):
            seg = segment(obj, s)
            point(seg, x_ref, y_ref)
            px, py = x.value, y.value
            if to_frame is None:
                pt = (px * a + py * c + e - left0, top0 - (px * b + py * d + f))
            else:
                pt = to_frame(px * a + py * c + e, px * b + py * d + f)
            kind = kind_of(seg)
            if kind == lineto and prev is not None:
                _add_edge(edges, prev, pt)
            elif kind == moveto:
                start = pt
            prev = pt
            if closes(seg) and start is not None:
                _add_edge(edges, pt, start)
                prev = start
    return edges


def _add_edge(edges: list[tuple], p: tuple[float, float], q: tuple[float, float]) -> None:
    (ax, ay), (bx, by) = p, q
    if abs(ay - by) < 0.01 and abs(ax - bx) >= 1:
        edges.append(("h", min(ax, bx), ay, max(ax, bx), ay, abs(ax - bx), 0.0))
    elif abs(ax - bx) < 0.01 and abs(ay - by) >= 1:
        edges.append(("v", ax, min(ay, by), ax, max(ay, by), 0.0, abs(ay - by)))


def _collect_paths(container, count, get, outer: tuple, out: list, depth: int, draws=None) -> None:
    """Every path object with its matrix to page space, descending into form XObjects."""
    draws = draws or _LineTest()
    type_of, path = _OBJ_TYPE, pdfium_c.FPDF_PAGEOBJ_PATH
    for k in range(count(container)):
        obj = get(container, k)
        kind = type_of(obj)
        if kind == path:
            if draws(obj):
                out.append((obj, _multiply(draws.matrix(obj), outer)))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            _collect_paths(obj, pdfium_c.FPDFFormObj_CountObjects, _FORM_OBJECT,
                           _multiply(draws.matrix(obj), outer), out, depth + 1, draws)


class _LineTest:
    """True for a path that draws ruling lines: stroked in a colour that shows on white paper, or
    filled so as a thin bar. A white box under a line of text or a cell's shading draws none. Its
    ctypes buffers are made once per page, not once per path (the objects' matrices' too)."""

    def __init__(self) -> None:
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.modes = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.rgba_refs = tuple(map(ctypes.byref, self.rgba))
        self.bounds = tuple(ctypes.c_float() for _ in range(4))
        self.bounds_refs = tuple(map(ctypes.byref, self.bounds))
        self.m = pdfium_c.FS_MATRIX()
        self.m_ref = ctypes.byref(self.m)

    def matrix(self, obj) -> tuple:
        """The page object's matrix (identity when pdfium gives none)."""
        if not _OBJ_MATRIX(obj, self.m_ref):
            return _IDENTITY
        m = self.m
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def __call__(self, path) -> bool:
        if not _DRAW_MODE(path, *self.modes):
            return True
        if self.stroke.value and _STROKE_COLOR(path, *self.rgba_refs) and not self._white():
            return True
        if self.fill.value and _FILL_COLOR(path, *self.rgba_refs) and not self._white():
            left, bottom, right, top = self.bounds
            _OBJ_BOUNDS(path, *self.bounds_refs)
            return min(right.value - left.value, top.value - bottom.value) <= 2.5
        return False

    def _white(self) -> bool:
        r, g, b, a = self.rgba
        return a.value == 0 or min(r.value, g.value, b.value) >= 245


def page_paths(page) -> list[tuple]:
    """The path objects a page draws as lines (forms included), each with its matrix to page
    space: how many there are is a cheap test for ruling lines, and page_edges reads them."""
    found: list[tuple] = []
    _collect_paths(page.raw, pdfium_c.FPDFPage_CountObjects, _PAGE_OBJECT, _IDENTITY, found, 0)
    return found


def _multiply(a: tuple, b: tuple) -> tuple:
    """The matrix that applies *a*, then *b* (PDF row-vector convention)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


class CellIndex:
    """The cells (x0, top, x1, bottom) of a table by column strip, then by top: the cell holding a
    point is the last of its strip's ``strips[i]`` whose top is at or above it (``tops[i]``, by
    bisection), if the point is above that cell's bottom (pdftables.place_in_cells)."""

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
        self.strips: list[list[tuple[float, float, float, float]]] = [
            sorted((c for c in cells if c[0] <= a and c[2] >= b), key=lambda c: c[1])
            for a, b in zip(self.xs, self.xs[1:])]
        self.tops = [[c[1] for c in strip] for strip in self.strips]
