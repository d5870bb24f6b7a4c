"""pdflattice finds the same cells as pdfplumber's lattice geometry, to the last bit: on random
ruled grids (rows and columns of random sizes, segments cut in pieces, drawn twice, shifted by
less than the snap, some missing, stray short strokes) and on pages of the corpus's PDFs."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.readers.pdflattice import _pdfplumber_groups, as_edge, lattice_groups
from tests.conftest import CORPUS, needs_corpus

SNAP = 3


def _h(x0: float, x1: float, y: float) -> tuple:
    return ("h", min(x0, x1), y, max(x0, x1), y, abs(x1 - x0), 0.0)


def _v(x: float, y0: float, y1: float) -> tuple:
    return ("v", x, min(y0, y1), x, max(y0, y1), 0.0, abs(y1 - y0))


def _same(ours: list[list[tuple]], theirs: list[list[tuple]]) -> bool:
    """Equal groups in equal order, each group's cells as a set (their order inside a group is
    not pdfplumber's, and nothing downstream depends on it)."""
    return [sorted(t) for t in ours] == [sorted(t) for t in theirs]


@st.composite
def ruled(draw) -> list[tuple]:
    """The segments of one or two ruled grids, jittered and broken the way PDFs draw them."""
    edges: list[tuple] = []
    jitter = st.sampled_from([0.0, 0.0, 0.0, 0.3, -0.7, 1.4, 2.9, 3.0, 3.1, 0.1 + 0.2])
    for _ in range(draw(st.integers(1, 2))):
        x, y = draw(st.floats(0, 300)), draw(st.floats(0, 500))
        xs = [x]
        for w in draw(st.lists(st.sampled_from([0.5, 2.0, 3.0, 4.5, 20.0, 57.25, 120.0]), min_size=1, max_size=5)):
            xs.append(xs[-1] + w)
        ys = [y]
        for h in draw(st.lists(st.sampled_from([1.0, 3.0, 6.0, 14.0, 24.0, 38.5]), min_size=1, max_size=6)):
            ys.append(ys[-1] + h)
        for yy in ys:
            if draw(st.integers(0, 9)) == 0:
                continue  # a rule not drawn
            cuts = sorted(draw(st.lists(st.floats(xs[0], xs[-1]), max_size=2)))
            ends = [xs[0], *cuts, xs[-1]]
            for a, b in zip(ends, ends[1:]):
                edges.append(_h(a + draw(jitter), b + draw(jitter), yy + draw(jitter)))
        for xx in xs:
            if draw(st.integers(0, 9)) == 0:
                continue
            edges.append(_v(xx + draw(jitter), ys[0] + draw(jitter), ys[-1] + draw(jitter)))
            if draw(st.booleans()):
                edges.append(_v(xx, ys[0], ys[-1]))  # drawn twice
    for _ in range(draw(st.integers(0, 3))):  # stray strokes
        a, b = draw(st.floats(0, 400)), draw(st.floats(0, 600))
        edges.append(_h(a, a + draw(st.floats(1, 30)), b) if draw(st.booleans()) else _v(a, b, b + draw(st.floats(1, 30))))
    return draw(st.permutations(edges))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ruled())
def test_same_cells_as_pdfplumber(edges):
    assert _same(lattice_groups(edges, SNAP), _pdfplumber_groups(edges, SNAP))


def test_grid_and_odd_values():
    grid = [_h(0, 100, y) for y in (0, 10, 20)] + [_v(x, 0, 20) for x in (0, 50, 100)]
    found = lattice_groups(grid, SNAP)
    assert len(found) == 1 and sorted(found[0]) == [(0, 0, 50, 10), (0, 10, 50, 20), (50, 0, 100, 10), (50, 10, 100, 20)]
    assert lattice_groups([], SNAP) == [] == _pdfplumber_groups([], SNAP)
    odd = grid + [_v(float("nan"), 0, 20), _h(0, float("inf"), 5)]  # left to pdfplumber itself
    assert _same(lattice_groups(odd, SNAP), _pdfplumber_groups(odd, SNAP))
    scan_edge = {"object_type": "scan_edge", "orientation": "h", "x0": 1.0, "x1": 4.0, "top": 2.0, "bottom": 2.0,
                 "width": 3.0000001, "height": 0.0}
    assert as_edge(scan_edge) == ("h", 1.0, 2.0, 4.0, 2.0, 3.0000001, 0.0)


@needs_corpus
def test_corpus_pages_same_cells():
    import pypdfium2 as pdfium

    from pipeline.readers.pdflayout import frame, page_edges, page_paths, text_turn

    pages = 0
    for path in sorted(CORPUS.rglob("*.pdf"))[:24]:
        pdf = pdfium.PdfDocument(path.read_bytes())
        for i in range(min(len(pdf), 6)):
            page = pdf[i]
            textpage = page.get_textpage()
            paths = page_paths(page)
            if len(paths) >= 3:
                edges = page_edges(paths, frame(page, text_turn(textpage)))
                assert _same(lattice_groups(edges, SNAP), _pdfplumber_groups(edges, SNAP)), (path.name, i)
                pages += 1
            textpage.close()
            page.close()
        pdf.close()
    assert pages > 10
