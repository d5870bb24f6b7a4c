"""The citation graph: merged ids, cited-only nodes, relations and counts, exports, the report."""
from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx

from pipeline import graph
from tests.conftest import ROOT, SEED, converted


def _seed_graph():
    return graph.build([(str(SEED), converted(str(SEED)))])


def test_seed_graph_nodes_and_edges():
    g = _seed_graph()
    me = "vn:quyet-dinh:2571/QĐ-UBND:2022-12-30"
    assert g.nodes[me]["converted"] is True
    # 76/NQ-CP is cited as a legal basis and again in the plan: one node, one edge, its strongest relation
    target = "vn:nghi-quyet:76/NQ-CP:2021-07-15"
    assert g.nodes[target]["converted"] is False and g.nodes[target]["issuer"] == "Chính phủ"
    assert g.edges[me, target]["relation"] == "can_cu" and g.edges[me, target]["count"] == 2
    # the nested mentions of 108/2014/NĐ-CP without a date join the dated node
    assert sum(1 for n in g if ":108/2014/NĐ-CP:" in n) == 1
    # the plan's own 'kèm theo' mentions are self-citations of the decision
    assert g.has_edge(me, me) and g.edges[me, me]["relation"] == "ban_hanh_kem_theo"


def test_report_and_basis_chain():
    g = _seed_graph()
    text = graph.report(g, basis_of="vn:quyet-dinh:2571/QĐ-UBND:2022-12-30", cited_by="vn:nghi-quyet:76/NQ-CP:2021-07-15")
    assert "most cited:" in text and "cited but missing" in text and "self-citations: 1" in text
    basis = [n for _, n in graph.basis_chain(g, "vn:quyet-dinh:2571/QĐ-UBND:2022-12-30")]
    # six bases are cited; the law on local government is named twice (alone and inside the amending law)
    assert "vn:nghi-quyet:76/NQ-CP:2021-07-15" in basis and len(basis) == 5


def test_exports_read_back(tmp_path):
    g = _seed_graph()
    for ext in ("graphml", "gexf", "json"):
        path = tmp_path / f"g.{ext}"
        graph.write(g, str(path))
        if ext == "graphml":
            back = nx.read_graphml(path)
        elif ext == "gexf":
            back = nx.read_gexf(path)
        else:
            back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
        assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()


def test_graph_command(tmp_path):
    out = tmp_path / "out"
    run = lambda *a: subprocess.run([sys.executable, "-m", "pipeline.cli", *a], capture_output=True, text=True, cwd=ROOT)
    assert run("convert", str(SEED), "-o", str(out)).returncode == 0
    (out / "junk.json").write_text("{not json", encoding="utf-8")
    res = run("graph", str(out), "-o", str(tmp_path / "g.graphml"), "--report")
    assert res.returncode == 0, res.stderr
    assert "junk.json: not a vanban output" in res.stderr
    assert "most cited:" in res.stdout and (tmp_path / "g.graphml").is_file()
    assert run("graph", str(tmp_path / "nothing")).returncode == 1


def test_graph_over_the_whole_text_corpus():
    """Every text and Markdown output of the corpus in one graph; the report runs."""
    from tests.conftest import CORPUS

    import pytest

    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    paths = [p for p in sorted(CORPUS.rglob("*")) if p.suffix in (".txt", ".md") and p.name != "README.md"]
    g = graph.build([(str(p), converted(str(p))) for p in paths])
    converted_nodes = sum(1 for _, a in g.nodes(data=True) if a["converted"])
    print(f"\ncorpus graph: {g.number_of_nodes()} documents ({converted_nodes} converted), {g.number_of_edges()} citing pairs")
    assert converted_nodes >= 550 and g.number_of_edges() > 5000
    text = graph.report(g)
    assert "Luật" in text.split("most cited:")[1].split("\n")[1]
