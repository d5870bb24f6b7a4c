"""The citation graph over many outputs (networkx): a node per document, converted or only cited,
an edge per citing pair with its relation and count; exports and the report people ask for."""
from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any, Iterable, Iterator

import networkx as nx

from pipeline.text import fold, slug

# When one document cites another in several ways, the edge shows the most telling relation.
RELATION_RANK = ["can_cu", "ban_hanh_kem_theo", "amends", "repeals", "replaces", "implements", "cites"]
FIELDS = ("doc_type", "number", "issued_date", "issuer", "title")


def iter_outputs(paths: Iterable[str]) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(path, parsed output or None when unreadable) for every .json file under *paths*."""
    for path in paths:
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                for name in sorted(files):
                    if name.endswith(".json"):
                        yield from iter_outputs([os.path.join(root, name)])
            continue
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            yield path, None
            continue
        yield path, data if isinstance(data, dict) and "document" in data and "references" in data else None


def _key(doc_type: str | None, number: str | None, title: str | None) -> tuple[str, str]:
    """Identity of a document across outputs: type and number, or type and name for laws by name."""
    if number:
        return fold(doc_type or ""), number.replace(" ", "").upper()
    return fold(doc_type or ""), slug(title or "")


def build(outputs: Iterable[tuple[str, dict[str, Any]]]) -> nx.DiGraph:
    """One graph over the outputs; ids of the same document cited in different ways are merged."""
    docs: list[tuple[str, dict[str, Any]]] = list(outputs)
    canonical: dict[tuple[str, str], str] = {}
    # converted documents name their own node; then dated targets; then the rest
    for _, data in docs:
        d = data["document"]
        canonical.setdefault(_key(d.get("doc_type"), d.get("number"), d.get("title")), d["id"])
    converted = set(canonical.values())
    for _, data in docs:
        for r in data["references"]:
            k = _key(r.get("doc_type"), r.get("number"), r.get("title"))
            known = canonical.get(k)
            if known is None or (known not in converted and known.endswith(":nd") and not r["target"].endswith(":nd")):
                canonical[k] = r["target"]
    g = nx.DiGraph()
    for path, data in docs:
        d = data["document"]
        node = canonical[_key(d.get("doc_type"), d.get("number"), d.get("title"))]
        g.add_node(node, **{f: d.get(f) or "" for f in FIELDS}, converted=True, path=path)
    for path, data in docs:
        d = data["document"]
        source = canonical[_key(d.get("doc_type"), d.get("number"), d.get("title"))]
        for r in data["references"]:
            if r["relation"] == "self":
                continue
            target = canonical.get(_key(r.get("doc_type"), r.get("number"), r.get("title")), r["target"])
            if target not in g:
                g.add_node(target, **{f: r.get(f) or "" for f in FIELDS}, converted=False, path="")
            else:
                for f in FIELDS:  # a cited-only node learns what later mentions tell
                    if not g.nodes[target][f] and r.get(f):
                        g.nodes[target][f] = r[f]
            if g.has_edge(source, target):
                e = g.edges[source, target]
                e["count"] += 1
                if RELATION_RANK.index(r["relation"]) < RELATION_RANK.index(e["relation"]):
                    e["relation"] = r["relation"]
            else:
                g.add_edge(source, target, relation=r["relation"], count=1)
    return g


def write(g: nx.DiGraph, path: str) -> None:
    """Write GraphML, GEXF or node-link JSON, chosen by the extension of *path*."""
    ext = os.path.splitext(path)[1].lower()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if ext == ".graphml":
        nx.write_graphml(g, path)
    elif ext == ".gexf":
        nx.write_gexf(g, path)
    elif ext == ".json":
        with open(path, "w", encoding="utf-8") as f:
            json.dump(nx.node_link_data(g, edges="edges"), f, ensure_ascii=False, indent=1)
    else:
        raise ValueError(f"unknown graph format {ext!r}: use .graphml, .gexf or .json")


def label(g: nx.DiGraph, n: str) -> str:
    """How a person reads a node: type, number (or a law's name) and date."""
    a = g.nodes[n]
    name = " ".join(x for x in (a.get("doc_type"), a.get("number") or a.get("title")) if x)
    return f"{name} ({a['issued_date']})" if a.get("issued_date") else name or n


def most_cited(g: nx.DiGraph, top: int = 20) -> list[tuple[str, int, int]]:
    """(node, citing documents, mentions), most cited first."""
    rows = [(n, g.in_degree(n), sum(g.edges[u, n]["count"] for u in g.predecessors(n))) for n in g]
    return sorted((r for r in rows if r[1]), key=lambda r: (-r[1], -r[2], r[0]))[:top]


def missing(g: nx.DiGraph, top: int = 50) -> list[tuple[str, int]]:
    """Documents cited but not in the archive, most cited first: what to fetch next."""
    rows = [(n, g.in_degree(n)) for n, a in g.nodes(data=True) if not a["converted"]]
    return sorted(rows, key=lambda r: (-r[1], r[0]))[:top]


def basis_chain(g: nx.DiGraph, node: str, depth: int = 6) -> list[tuple[int, str]]:
    """(depth, node) along the can_cu edges from *node*: its legal bases, their bases …"""
    out, seen, frontier = [], {node}, [node]
    for level in range(1, depth + 1):
        nxt = []
        for n in frontier:
            for t in sorted(g.successors(n)):
                if g.edges[n, t]["relation"] == "can_cu" and t not in seen:
                    seen.add(t)
                    out.append((level, t))
                    nxt.append(t)
        frontier = nxt
    return out


def report(g: nx.DiGraph, basis_of: str | None = None, cited_by: str | None = None) -> str:
    """The text report of `vanban graph --report`."""
    lines = [f"{g.number_of_nodes()} documents ({sum(1 for _, a in g.nodes(data=True) if a['converted'])} converted), "
             f"{g.number_of_edges()} citing pairs"]
    relations = Counter(e["relation"] for _, _, e in g.edges(data=True))
    lines.append("relations: " + ", ".join(f"{r} {n}" for r, n in relations.most_common()))
    lines.append("\nmost cited:")
    lines += [f"  {cites:4d} documents, {mentions:4d} mentions  {label(g, n)}  [{n}]" for n, cites, mentions in most_cited(g)]
    lines.append("\ncited but missing from the archive (fetch next):")
    lines += [f"  {cites:4d}  {label(g, n)}  [{n}]" for n, cites in missing(g)]
    loops = [n for n in g if g.has_edge(n, n)]
    lines.append(f"\nself-citations: {len(loops)}")
    lines += [f"  {label(g, n)}" for n in loops]
    cycles = [c for c in nx.simple_cycles(g, length_bound=4) if len(c) > 1][:20]
    lines.append(f"cycles (up to 4 documents): {len(cycles)}")
    lines += ["  " + " -> ".join(label(g, n) for n in c) for c in cycles]
    if basis_of:
        lines.append(f"\nlegal basis of {basis_of}:")
        lines += [f"  {'  ' * (d - 1)}{label(g, n)}  [{n}]" for d, n in basis_chain(g, basis_of)] or ["  (none)"]
    if cited_by:
        lines.append(f"\ncited by {cited_by}:")
        lines += [f"  {g.edges[u, cited_by]['relation']:18} {label(g, u)}  [{u}]"
                  for u in sorted(g.predecessors(cited_by))] if cited_by in g else ["  (not in the graph)"]
    return "\n".join(lines)
