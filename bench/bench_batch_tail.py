"""The batch's fixed costs in two checkouts, interleaved (old, new, old, new …), in CPU seconds (least
and median of the rounds), each measured in a fresh process of that checkout:

- `ready`: what a forked worker does before it says ready (the imports worker_main makes and
  warm_up: the models, the tokenizer's rules, the schema), after the batch process's own imports;
- `rules`: the tokenizer's rules alone (extractors.tokenize.rules) in that process;
- `walk`: plan.walk over SRC (what the batch process does before it forks the workers), least of 5;
- `graph`: the graph step after the last result (inputs from the store, build, GraphML write,
  edges back into the store), on a copy of the store of a finished batch (OUT); the GraphML each
  checkout writes is compared, byte for byte, with OUT/graph.graphml.

    .venv/bin/python bench/bench_batch_tail.py --old OLD_CHECKOUT --out OUT [--src SRC] [--rounds 10]
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

_READY = r'''
import time
import pipeline.cli, pipeline.batch.start
c = time.process_time()
import extractors.tokenize
extractors.tokenize.rules()
rules = time.process_time() - c
from extractors import extract_all
from pipeline.readers.doc import use_warm_office
from pipeline.batch.worker import warm_up
warm_up()
print(rules, time.process_time() - c)
'''

_GRAPH = r'''
import os, sys, time
from pipeline.batch import runner
from pipeline.store import Store
from pipeline import graph, graphml
with Store(os.path.join(sys.argv[1], "vanban.sqlite")) as store:
    c = time.process_time()
    runner._graph(store, os.path.join(sys.argv[1], "graph.graphml"))
    print(time.process_time() - c)
'''


_WALK = r'''
import sys, time
from pipeline.batch.plan import walk
best = 9.0
for _ in range(5):
    c = time.process_time()
    walk(sys.argv[1], sys.argv[2])
    best = min(best, time.process_time() - c)
print(best)
'''


def _run(root: str, code: str, *args: str) -> list[float]:
    env = {**os.environ, "PYTHONPATH": root}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=root,
                          check=True)
    return [float(x) for x in done.stdout.split()]


def _graph_round(root: str, out: str) -> tuple[float, bool]:
    """The graph step on a copy of OUT's store; and whether its GraphML is OUT's, byte for byte."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(out, "vanban.sqlite"), tmp)
        seconds = _run(root, _GRAPH, tmp)[0]
        with open(os.path.join(tmp, "graph.graphml"), "rb") as a, open(os.path.join(out, "graph.graphml"), "rb") as b:
            return seconds, a.read() == b.read()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", required=True, help="the other checkout")
    ap.add_argument("--out", help="output folder of a finished batch (its store and graph.graphml)")
    ap.add_argument("--src", help="a source folder to walk")
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    seen: dict[str, dict[str, list[float]]] = {"old": {}, "new": {}}
    same = True
    for _ in range(args.rounds):
        for name, root in (("old", os.path.abspath(args.old)), ("new", ROOT)):
            rules, ready = _run(root, _READY)
            figures = {"rules": rules, "ready": ready}
            if args.src:
                figures["walk"] = _run(root, _WALK, args.src, tempfile.gettempdir())[0]
            if args.out:
                figures["graph"], equal = _graph_round(root, args.out)
                same &= equal
            for k, v in figures.items():
                seen[name].setdefault(k, []).append(v)
    for k in seen["new"]:
        old, new = seen["old"][k], seen["new"][k]
        print(f"{k:6s} old least {min(old) * 1000:6.1f} ms median {statistics.median(old) * 1000:6.1f}   "
              f"new least {min(new) * 1000:6.1f} ms median {statistics.median(new) * 1000:6.1f}   "
              f"new/old (least) {min(new) / min(old):.3f}")
    if args.out:
        print("GraphML of both checkouts identical to OUT/graph.graphml:", same)


if __name__ == "__main__":
    main()
