"""Property tests: the DOCX reader's third round of shortcuts (issue 19) reads every table, row, cell
and paragraph as the code it replaced (63fbbfe) did. Children and properties are found by a loop
over an element's children instead of a tag matcher per lookup; a flat cell (paragraphs only, after a
w:tcPr first) of a part without deletions or text boxes is read in one scan."""
from __future__ import annotations

import zipfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pipeline.model import Cell, Slot, Table, _new_slot
from pipeline.readers import docx as D
from tests.conftest import CORPUS, needs_corpus
from tests.test_docx_shortcuts import _PARAGRAPH, _XML, MC, _root


# -- the code replaced, as it was (63fbbfe) ---------------------------------------------------------
def _old_first(el, tag):
    return next(el.iterchildren(tag), None)


def _old_int_prop(props, name, default):
    el = _old_first(props, name) if props is not None else None
    return int(el.get(D._VAL) or default) if el is not None else default


def _old_cell_paragraphs(reader, tc, in_fallback):
    out = []
    for el in tc.iter(D._P):
        if reader.fallbacks and (in_fallback or el.getparent() is not tc
                                 and next(el.iterancestors(D._MC_FALLBACK), None) is not None):
            continue
        text = D._para_text(el, reader.plain)
        if text:
            out.extend(D._lines(reader.own_text(el, text)[0]))
    return out


def _old_table(reader, tbl):
    grid, header_rows = [], 0
    in_fallback = reader.fallbacks and next(tbl.iterancestors(D._MC_FALLBACK), None) is not None
    for r, tr in enumerate(tbl.iterchildren(D._TR)):
        row = []
        trpr = _old_first(tr, D._TRPR)
        if trpr is not None:
            row.extend(Cell(r, c, []) for c in range(_old_int_prop(trpr, D._GRID_BEFORE, 0)))
        for tc in tr.iterchildren(D._TC):
            tcpr = _old_first(tc, D._TCPR)
            span, vmerge = (1, None) if tcpr is None else (_old_int_prop(tcpr, D._GRID_SPAN, 1),
                                                           _old_first(tcpr, D._VMERGE))
            c = len(row)
            if vmerge is not None and vmerge.get(D._VAL) in (None, "continue") and r > 0 and c < len(grid[r - 1]):
                cell = grid[r - 1][c]
            else:
                cell = Cell(r, c, _old_cell_paragraphs(reader, tc, in_fallback))
            row.extend([cell] * span)
        grid.append(row)
        if header_rows == r and trpr is not None:
            mark = _old_first(trpr, D._TBL_HEADER)
            header_rows += mark is not None and mark.get(D._VAL) not in ("0", "false", "off")
    return Table.from_slots(grid, header_rows=header_rows)


def _table_view(table: Table) -> tuple:
    """Everything a Table holds: its cells with their spans, header rows and the grid's slots."""
    own = {id(c) for c in table.cells}
    return ([(c.row, c.col, tuple(c.paragraphs), c.rowspan, c.colspan) for c in table.cells], table.header_rows,
            [[(s.row, s.col, s.covered, s.cell.row, s.cell.col, id(s.cell) in own) for s in row] for row in table.grid()],
            table.source_widths)


def _readers(xml: bytes) -> tuple[D._Reader, D._Reader]:
    """Two readers of the same part, each with its own list counters (numId 3 numbers)."""
    readers = []
    for _ in range(2):
        reader = D._Reader(D.Numbering(levels={"3": {0: D.Level(), 1: D.Level("lowerLetter", "%2)")}}), {})
        reader.part(xml)
        readers.append(reader)
    return readers[0], readers[1]


# -- generated tables: properties anywhere, twice or missing, cells flat or not ---------------------
_VAL = st.sampled_from(["", ' w:val="0"', ' w:val="1"', ' w:val="2"', ' w:val="false"', ' w:val="off"',
                        ' w:val="continue"', ' w:val="restart"', ' w:val="true"'])
_NUM = st.sampled_from(["", ' w:val="0"', ' w:val="1"', ' w:val="2"', ' w:val="3"'])
_TCPR_KID = st.one_of(st.just("<w:r><w:t>in props</w:t></w:r>"), st.builds(lambda v: f"<w:gridSpan{v}/>", _NUM), st.builds(lambda v: f"<w:vMerge{v}/>", _VAL),
                      st.sampled_from(['<w:tcW w:w="100"/>', "<w:vAlign/>", "<!-- c -->", "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
                                       "<w:r><w:t>in props</w:t></w:r>"]))
_TCPR = st.builds(lambda kids: f"<w:tcPr>{''.join(kids)}</w:tcPr>", st.lists(_TCPR_KID, max_size=4))
_CELL = st.builds(lambda kids: f"<w:tc>{''.join(kids)}</w:tc>",
                  st.lists(st.one_of(_TCPR, _PARAGRAPH, _PARAGRAPH, _XML, st.just("<!-- c -->"),
                                     st.just("<w:r><w:t>stray</w:t></w:r>")), max_size=4))
_TRPR_KID = st.one_of(st.builds(lambda v: f"<w:gridBefore{v}/>", _NUM), st.builds(lambda v: f"<w:tblHeader{v}/>", _VAL),
                      st.sampled_from(["<w:cantSplit/>", "<!-- c -->"]))
_TRPR = st.builds(lambda kids: f"<w:trPr>{''.join(kids)}</w:trPr>", st.lists(_TRPR_KID, max_size=3))
_ROW = st.builds(lambda kids: f"<w:tr>{''.join(kids)}</w:tr>",
                 st.lists(st.one_of(_TRPR, _CELL, _CELL, _CELL, st.just("<!-- c -->")), max_size=5))
_TABLE = st.builds(lambda rows: f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>", st.lists(_ROW, min_size=1, max_size=4))
_PART_MARKS = st.sampled_from(["", "<w:p><w:del/></w:p>", "<w:p><w:txbxContent/></w:p>", "<w:p><w:numPr/></w:p>"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TABLE, st.booleans(), _PART_MARKS)
def test_a_table_is_read_as_before(table, in_fallback, marks):
    body = f"<mc:AlternateContent><mc:Fallback>{table}</mc:Fallback></mc:AlternateContent>" if in_fallback else table
    xml, root = _root(body + marks)
    old, new = _readers(xml)
    tbl = next(root.iter(D._TBL))
    assert _table_view(new.table(tbl)) == _table_view(_old_table(old, tbl))
    assert new.numbering.counters == old.numbering.counters


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_TCPR, _PARAGRAPH, _XML, st.just("<w:r><w:t>stray</w:t></w:r>")), max_size=5))
@example(["<w:p/>", "<w:tcPr><w:r><w:t>in props</w:t></w:r></w:tcPr>"])  # a w:tcPr after a paragraph: not flat
@example(["<w:tcPr/>", "<w:p><w:r><w:p/><w:t>x</w:t></w:r></w:p>"])  # a paragraph in a paragraph
def test_a_cells_paragraphs_and_properties_are_found_as_before(kids):
    xml, root = _root(f"<w:tbl><w:tr><w:tc>{''.join(kids)}</w:tc></w:tr></w:tbl>")
    old, new = _readers(xml)
    tc = next(root.iter(D._TC))
    tcpr, flat = D._cell_layout(tc)
    assert tcpr is _old_first(tc, D._TCPR)
    if tcpr is not None:
        assert D._first_two(tcpr, D._GRID_SPAN, D._VMERGE) == (_old_first(tcpr, D._GRID_SPAN),
                                                                _old_first(tcpr, D._VMERGE))
    assert new.cell_paragraphs(tc, False, flat) == _old_cell_paragraphs(old, tc, False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PARAGRAPH)
def test_the_first_child_named_so_is_what_iterchildren_gives(paragraph):
    _, root = _root(paragraph)
    for el in root.iter():
        for tag in (D._PPR, D._R, D._T, D._NUMPR, D._JC, D._B):
            assert D._first(el, tag) is _old_first(el, tag)


@needs_corpus
def test_every_corpus_table_reads_as_before():
    checked = 0
    for path in sorted(CORPUS.rglob("*.docx"))[::2]:
        xml = zipfile.ZipFile(path).read("word/document.xml")
        old, new = _readers(xml)
        for tbl in D._xml(xml, "document.xml").iter(D._TBL):
            assert _table_view(new.table(tbl)) == _table_view(_old_table(old, tbl)), path.name
            checked += 1
    assert checked > 100


@given(st.integers(-3, 300), st.integers(-3, 300), st.booleans())
def test_a_slot_made_through_its_descriptors_is_the_slot_its_init_makes(row, col, covered):
    cell = Cell(row, col, ["x"])
    made = _new_slot(row, col, cell, covered)
    assert made == Slot(row, col, cell, covered) and made.cell is cell and repr(made) == repr(Slot(row, col, cell, covered))
