"""References extracted per second and citation-graph build time over ../shared/corpus (text and
Markdown, which need no external converter). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_references.py [CORPUS_DIR]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from extractors.references import extract_references
from pipeline import graph
from pipeline.convert import convert
from pipeline.readers import read
from pipeline.segment import segment


def main() -> None:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus")
    paths = [p for p in sorted(corpus.rglob("*")) if p.suffix in (".txt", ".md") and p.name != "README.md"]
    docs = []
    for p in paths:
        doc = read(str(p))
        segment(doc)
        docs.append(doc)
    chars = sum(len(n.text) for d in docs for n in d.root.walk())
    start = time.perf_counter()
    found = 0
    for doc in docs:
        extract_references(doc)
        found += len(doc.references)
    spent = time.perf_counter() - start
    print(f"references: {found} in {len(docs)} documents ({chars / 1e6:.1f} M characters) in {spent:.2f} s: "
          f"{found / spent:,.0f} references/s, {len(docs) / spent:.0f} documents/s")
    outputs = [(str(p), convert(str(p))) for p in paths]
    start = time.perf_counter()
    g = graph.build(outputs)
    built = time.perf_counter() - start
    start = time.perf_counter()
    graph.report(g)
    reported = time.perf_counter() - start
    print(f"graph: {g.number_of_nodes()} documents, {g.number_of_edges()} citing pairs built in {built:.2f} s; "
          f"report in {reported:.2f} s")


if __name__ == "__main__":
    main()
