"""pipeline.graphml writes the bytes networkx's GraphML writer writes, for graphs drawn by
hypothesis with the citation graph's shapes (string ids, str, int and bool values, names and
texts with XML's special characters and Vietnamese), and for the graph of real outputs; a graph
it is not shown exact for goes to networkx."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import graph, graphml

# XML's special characters, blanks, Vietnamese letters; then characters left to networkx
PLAIN = list("aZ09 :/-_~.&<>\"'\t\n\r;#=?") + list("ĐđƯưỦủếỆệàáảãạ")
UNSURE = ["\x7f", "\x01", "\ue000", "😀"]
NAMES = ["doc_type", "title", "count", "converted", "a&b", "x<y", "sp ace"]


@st.composite
def graphs(draw, alphabet: list[str]) -> nx.DiGraph:
    text = st.text(alphabet=st.sampled_from(alphabet), max_size=12)
    value = st.one_of(text, st.integers(min_value=-10**12, max_value=10**12), st.booleans())
    data = st.dictionaries(st.sampled_from(NAMES), value, max_size=5)
    g = nx.DiGraph()
    nodes = draw(st.lists(text, max_size=8, unique=True))
    for n in nodes:
        g.add_node(n, **draw(data))
    if nodes:
        for u, v in draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=10)):
            g.add_edge(u, v, **draw(data))
    return g


def _networkx(g: nx.DiGraph, tmp_path) -> bytes:
    path = tmp_path / "nx.graphml"
    nx.write_graphml(g, str(path))
    return path.read_bytes()


@settings(max_examples=300, deadline=None)
@given(graphs(PLAIN))
def test_a_plain_graphs_bytes_are_networkxs(tmp_path_factory, g):
    assert graphml.writable(g)
    assert graphml.graphml_bytes(g) == _networkx(g, tmp_path_factory.mktemp("g"))


@settings(max_examples=200, deadline=None)
@given(graphs(PLAIN + UNSURE))
def test_graph_write_gives_networkxs_bytes_or_its_error(tmp_path_factory, g):
    tmp = tmp_path_factory.mktemp("g")
    try:
        expected = _networkx(g, tmp)
    except ValueError:  # lxml refuses control characters: so does graph.write, through networkx
        assert not graphml.writable(g)
        with pytest.raises(ValueError):
            graph.write(g, str(tmp / "ours.graphml"))
        return
    if graphml.writable(g):
        assert graphml.graphml_bytes(g) == expected
    graph.write(g, str(tmp / "ours.graphml"))
    assert (tmp / "ours.graphml").read_bytes() == expected


def test_what_it_leaves_to_networkx(tmp_path):
    g = nx.DiGraph()
    g.add_node("a", title="tab\x01")
    assert not graphml.writable(g)
    g = nx.DiGraph(name="citations")
    assert not graphml.writable(g)
    assert not graphml.writable(nx.MultiDiGraph())
    assert not graphml.writable(nx.Graph())
    g = nx.DiGraph()
    g.add_node("a", weight=1.5)
    assert not graphml.writable(g)
    g = nx.DiGraph()
    g.add_node(7, title="t")
    assert not graphml.writable(g)


def test_the_citation_graph_of_real_outputs(tmp_path):
    from tests.conftest import SEED
    from pipeline.convert import convert

    data = convert(str(SEED))
    g = graph.build([("seed.json", data)])
    assert graphml.writable(g) and g.number_of_edges() > 0
    assert graphml.graphml_bytes(g) == _networkx(g, tmp_path)
