"""The graph step after a batch's last result, two checkouts in one process, interleaved: the
inputs (read back from the store, or as the batch gathered them: GraphInputs), graph.build and
the GraphML bytes, in CPU seconds (least and median of --rounds), on a copy of a finished batch's
store (OUT/vanban.sqlite); each checkout's GraphML is compared, byte for byte, with OUT/graph.graphml.

    .venv/bin/python bench/bench_graph_tail.py --old OLD_CHECKOUT --out OUT [--rounds 15]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_STEP = r'''
import os, shutil, sys, time
from pipeline import graph, graphml
from pipeline.store import Store
out, tmp = sys.argv[1], sys.argv[2]
shutil.copy(os.path.join(out, "vanban.sqlite"), os.path.join(tmp, "s.sqlite"))
store = Store(os.path.join(tmp, "s.sqlite"))
try:
    from pipeline.batch.graph_inputs import GraphInputs
    from pipeline.store.db import DocRows
    gathered = GraphInputs(store)
    docs = {r["path"]: r for r in store.db.execute("SELECT * FROM documents")}
    refs = {}
    for r in store.db.execute('SELECT * FROM "references" ORDER BY doc_id, ord'):
        refs.setdefault(r["doc_id"], []).append(tuple(r)[1:])
    for path, d in docs.items():  # the rows each document was stored with, as the journal hands them on
        rows = DocRows(tuple(d)[2:13], (), b"", "", "", refs.get(d["doc_id"], []), [], [])
        gathered.stored(path, d["output"], rows)
    inputs = gathered.inputs
except ImportError:
    inputs = lambda: (list(store.graph_inputs()), None)
c = time.process_time(); got, keys = inputs(); t_in = time.process_time() - c
assert got == list(store.graph_inputs())
c = time.process_time(); g = graph.build(got) if keys is None else graph.build(got, keys); t_build = time.process_time() - c
c = time.process_time(); ok = graphml.writable(g); data = graphml.graphml_bytes(g); t_bytes = time.process_time() - c
with open(os.path.join(out, "graph.graphml"), "rb") as f:
    same = f.read() == data
print(t_in, t_build, t_bytes, same)
'''


def _run(tree: str, out: str) -> list[float | bool]:
    with tempfile.TemporaryDirectory(prefix="vanban-gtail-") as tmp:
        done = subprocess.run([sys.executable, "-c", _STEP, out, tmp], capture_output=True, text=True, check=True,
                              env=dict(os.environ, PYTHONPATH=tree), cwd=tree)
    *times, same = done.stdout.split()
    return [float(t) for t in times] + [same == "True"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", default=ROOT)
    ap.add_argument("--out", required=True, help="a finished batch's output folder")
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    runs: dict[str, list[list]] = {"old": [], "new": []}
    for i in range(args.rounds):
        for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
            runs[name].append(_run(getattr(args, name), args.out))
    print(f"{'':5} {'inputs':>17} {'build':>17} {'graphml':>17} {'sum':>17}  (least / median CPU s)  same bytes")
    for name, rows in runs.items():
        cols = [[r[i] for r in rows] for i in range(3)] + [[sum(r[:3]) for r in rows]]
        cells = "  ".join(f"{min(c):.4f} / {statistics.median(c):.4f}" for c in cols)
        print(f"{name:5} {cells}  {all(r[3] for r in rows)}")


if __name__ == "__main__":
    main()
