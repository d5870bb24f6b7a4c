"""The citation graph over many outputs (networkx): a node per document, converted or only cited,
an edge per citing pair with its relation and count; exports and the report people ask for."""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from typing import Any, Iterable, Iterator

import networkx as nx

from pipeline.graph_keys import keys_of
from pipeline.legal.numbers import number_key
from pipeline.text import fold, slug
from pipeline.vocab import doc_type_by_code

# When one document cites another in several ways, the edge shows the most telling relation.
RELATION_RANK = ["can_cu", "ban_hanh_kem_theo", "amends", "repeals", "replaces", "implements", "cites", "version_of"]
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


def build(outputs: Iterable[tuple[str, dict[str, Any]]],
          keys: list[tuple[tuple[str, str], list[tuple[str, str]]]] | None = None) -> nx.DiGraph:
    """One graph over the outputs; ids of the same document cited in different ways are merged;
    a draft and its issued version are joined by a ``version_of`` edge. *keys*: each output's
    graph_keys.keys_of, when the caller made them already (a batch, as its results arrived)."""
    docs: list[tuple[str, dict[str, Any]]] = list(outputs)
    keys = [keys_of(data) for _, data in docs] if keys is None else keys  # each once: every pass asks
    canonical: dict[tuple[str, str], str] = {}
    # converted documents name their own node; then dated targets; then the rest
    for (_, data), (own, _) in zip(docs, keys):
        canonical.setdefault(own, data["document"]["id"])
    converted = set(canonical.values())
    for (_, data), (_, ref_keys) in zip(docs, keys):
        for r, k in zip(data["references"], ref_keys):
            known = canonical.get(k)
            if known is None or (known not in converted and known.endswith(":nd") and not r["target"].endswith(":nd")):
                canonical[k] = r["target"]
    g = nx.DiGraph()
    for (path, data), (own, _) in zip(docs, keys):
        d = data["document"]
        g.add_node(canonical[own], **{f: d.get(f) or "" for f in FIELDS}, converted=True, path=path)
    for (path, data), (own, ref_keys) in zip(docs, keys):
        source = canonical[own]
        for r, k in zip(data["references"], ref_keys):
            if r["relation"] == "self":
                continue
            target = canonical.get(k, r["target"])
            _add_mention(g, source, target, r)
    for draft, issued in versions(docs, canonical, [own for own, _ in keys]):
        g.add_edge(draft, issued, relation="version_of", count=1)
    _decorate(g)
    return g


def _add_mention(g: nx.DiGraph, source: str, target: str, r: dict[str, Any]) -> None:
    """One more mention of *target* by *source*: the edge counts it and keeps the most telling relation."""
    node = g.nodes.get(target)
    if node is None:
        g.add_node(target, **{f: r.get(f) or "" for f in FIELDS}, converted=False, path="")
    else:
        for f in FIELDS:  # a cited-only node learns what later mentions tell
            if not node[f] and r.get(f):
                node[f] = r[f]
    e = g.succ[source].get(target)
    if e is not None:
        e["count"] += 1
        if RELATION_RANK.index(r["relation"]) < RELATION_RANK.index(e["relation"]):
            e["relation"] = r["relation"]
    else:
        g.add_edge(source, target, relation=r["relation"], count=1)


# A draft says so in its file name ("Du thao KH CCHC …", "Dự-thảo-Quyết-định …") or in a line of its
# own above the header ("DỰ THẢO"); a file marked "(phát hành)" is the issued text.
_DRAFT_NAME = re.compile(r"(?<![a-z])du[\s_-]*thao(?![a-z])")
_ISSUED_NAME = re.compile(r"(?<![a-z])phat[\s_-]*hanh(?![a-z])")


def is_draft(data: dict[str, Any]) -> bool:
    """True when an output is of a draft: by its file name or a "DỰ THẢO" line in its first nodes."""
    name = fold(os.path.basename(data.get("source", {}).get("path", "")))
    if _ISSUED_NAME.search(name):
        return False
    if _DRAFT_NAME.search(name):
        return True
    first = list(_walk(data.get("structure") or {}))[:12]
    return any(fold((n.get("text") or "").strip(" *()[]")) == "du thao" for n in first)


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if node:
        yield node
        for c in node.get("children", []):
            yield from _walk(c)


def versions(docs: list[tuple[str, dict[str, Any]]], canonical: dict[tuple[str, str], str],
             own: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(draft node, issued node) for each draft whose archive also holds a text of the same type,
    issuer and title that is not a draft. *own*: each document's key (graph_keys.doc_key)."""
    groups: dict[tuple[str, str, str], list[tuple[bool, str]]] = {}
    for i, (_, data) in enumerate(docs):
        d = data["document"]
        if not (d.get("doc_type") and d.get("title")):
            continue
        key = (fold(d["doc_type"]), fold(d.get("issuer") or ""), slug(d["title"]))
        groups.setdefault(key, []).append((is_draft(data), canonical[own[i]]))
    pairs = []
    for members in groups.values():
        issued = sorted({n for draft, n in members if not draft})
        for draft in sorted({n for d, n in members if d}):
            pairs += [(draft, n) for n in issued if n != draft]
    return pairs


_SHORT_TYPES: dict[str, str] = {}


def _short_type(doc_type: str) -> str:
    """"Quyết định" → "QĐ", "Kế hoạch" → "KH" (the type codes of doc_types.csv)."""
    if not _SHORT_TYPES:
        _SHORT_TYPES.update({name: code for code, name in sorted(doc_type_by_code().items(), key=lambda kv: len(kv[0]))
                             if name not in _SHORT_TYPES.values()})
    return _SHORT_TYPES.get(doc_type, doc_type)


def short_label(a: dict[str, Any]) -> str:
    """A node's short label for Gephi and trackers: "QĐ 2571/QĐ-UBND", "Luật Đất đai",
    "KH (dự thảo số) Cải cách hành chính nhà …" for a document without a number."""
    typ, number, title = a.get("doc_type") or "", a.get("number") or "", a.get("title") or ""
    if typ in ("Luật", "Bộ luật") and not number:
        return f"{typ} {title}".strip()
    head = _short_type(typ) if typ else "VB"
    if number and not number.startswith("/"):
        return f"{head} {number}"
    words = title.split()
    return f"{head} {number} {' '.join(words[:_LABEL_WORDS])}{' …' if len(words) > _LABEL_WORDS else ''}".replace("  ", " ").strip()


_LABEL_WORDS = 6


def _decorate(g: nx.DiGraph) -> None:
    """Export attributes: a short ``label`` and ``issued_year`` (int) on nodes, ``weight`` on edges."""
    for n, a in g.nodes(data=True):
        a["label"] = short_label(a)
        a["issued_year"] = int(a["issued_date"][:4]) if a.get("issued_date") else 0
    for _, _, e in g.edges(data=True):
        e["weight"] = e["count"]


def write(g: nx.DiGraph, path: str) -> None:
    """Write GraphML, GEXF or node-link JSON, chosen by the extension of *path*."""
    ext = os.path.splitext(path)[1].lower()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if ext == ".graphml":
        _write_graphml(g, path)
    elif ext == ".gexf":
        nx.write_gexf(_timeline(g), path)
    elif ext == ".json":
        with open(path, "w", encoding="utf-8") as f:
            json.dump(nx.node_link_data(g, edges="edges"), f, ensure_ascii=False, indent=1)
    else:
        raise ValueError(f"unknown graph format {ext!r}: use .graphml, .gexf or .json")


def _write_graphml(g: nx.DiGraph, path: str) -> None:
    """networkx's GraphML, from pipeline.graphml when it is shown to give the same bytes (0.05 s
    instead of 0.2 s with numpy's import, for a batch of 110 documents), else from networkx."""
    from pipeline import graphml

    if not graphml.writable(g):
        nx.write_graphml(g, path)
        return
    with open(path, "wb") as f:
        f.write(graphml.graphml_bytes(g))


def _timeline(g: nx.DiGraph) -> nx.DiGraph:
    """A copy whose dated nodes carry ``start`` (their issue date), so Gephi's timeline places them."""
    h = g.copy()
    for _, a in h.nodes(data=True):
        if a.get("issued_date"):
            a["start"] = a["issued_date"]
    return h


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
    if basis_of or cited_by:
        lines += ["", answer(g, basis_of=basis_of, cited_by=cited_by)]
    return "\n".join(lines)


def resolve(g: nx.DiGraph, query: str) -> str:
    """The node a user means: an id, a number ("2571/QĐ-UBND") or words of its type, number or title
    ("kế hoạch cải cách hành chính 2026"); converted documents win over cited-only ones.
    Raises LookupError with a one-line message when nothing or several documents match."""
    if query in g:
        return query
    q = number_key(query)
    hits = [n for n, a in g.nodes(data=True) if a.get("number") and number_key(a["number"]) == q]
    if not hits:
        words = fold(query).split()
        hits = [n for n, a in g.nodes(data=True)
                if all(w in fold(" ".join(str(a.get(f) or "") for f in ("label", *FIELDS))).split() or w in fold(n) for w in words)]
    if len(hits) > 1 and any(g.nodes[n]["converted"] for n in hits):
        hits = [n for n in hits if g.nodes[n]["converted"]]
    if not hits:
        raise LookupError(f"no document in the graph matches {query!r}")
    if len(hits) > 1:
        shown = ", ".join(sorted(hits)[:3])
        raise LookupError(f"{len(hits)} documents match {query!r} ({shown}{', …' if len(hits) > 3 else ''}): give an id or a number")
    return hits[0]


def answer(g: nx.DiGraph, basis_of: str | None = None, cited_by: str | None = None) -> str:
    """The basis chain of *basis_of* and/or the documents citing *cited_by* (ids, numbers or phrases)."""
    lines = []
    if basis_of:
        node = resolve(g, basis_of)
        lines.append(f"legal basis of {label(g, node)} [{node}]:")
        lines += [f"  {'  ' * (d - 1)}{label(g, n)}  [{n}]" for d, n in basis_chain(g, node)] or ["  (none)"]
    if cited_by:
        node = resolve(g, cited_by)
        lines.append(f"cited by (documents citing {label(g, node)} [{node}]):")
        lines += [f"  {g.edges[u, node]['relation']:18} {label(g, u)}  [{u}]" for u in sorted(g.predecessors(node))] or ["  (none)"]
    return "\n".join(lines)
