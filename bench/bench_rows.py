"""A batch's per-result work after `convert`, two checkouts interleaved, in CPU seconds: the worker's
part (`worker._rows_and_bytes`: the output's bytes and the store rows, as a local worker hands them
back), the rows' pickling through the pipe and back, and the batch process's part
(`Store.record_document`, which finishes rows a worker left unfinished). Each checkout runs in a
process of its own that converts the corpus's DOCX once (untimed), then times each part over all of
them, the least of --repeat runs; rounds alternate the checkouts' order. A digest of the stored
rows (every table but the clock's columns) shows both store the same.

    .venv/bin/python bench/bench_rows.py --old OLD_CHECKOUT [--new .] [--rounds 3] [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("worker", "pickle", "record", "sum")

_RUN = r'''
import glob, hashlib, json, os, pickle, sys, tempfile, time
from pipeline.batch import worker
from pipeline.batch.plan import Job
from pipeline.convert import convert, warm_up
from pipeline.store import Store
warm_up()
files = sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.docx"), recursive=True))
datas, repeat = [convert(f) for f in files], int(sys.argv[2])
tmp = tempfile.mkdtemp()
jobs = [Job(f, os.path.relpath(f, sys.argv[1]), "docx", "", os.path.join(tmp, "out", f"{i}.json")) for i, f in enumerate(files)]

def least(fn):
    best, out = None, None
    for _ in range(repeat):
        c = time.process_time(); out = fn(); t = time.process_time() - c
        best = t if best is None else min(best, t)
    return best, out

t_worker, handed = least(lambda: [worker._rows_and_bytes(j, d) for j, d in zip(jobs, datas)])
assert all(content is not None for _, content in handed)
t_pickle, _ = least(lambda: [pickle.loads(pickle.dumps(rows, -1)) for rows, _ in handed])
records = []
def record():
    path = os.path.join(tmp, f"s{len(records)}.sqlite")
    rows = [pickle.loads(pickle.dumps(r, -1)) for r, _ in handed]  # fresh, unfinished where they came so
    with Store(path) as store:
        c = time.process_time()
        for j, r in zip(jobs, rows):
            store.record_document(j.rel, r, "v", j.rel + ".json")
        records.append(time.process_time() - c)
    return path
least(record)
h = hashlib.sha256()
import sqlite3
db = sqlite3.connect(record())
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'fts_%' ORDER BY name"):
    cur = db.execute(f'SELECT * FROM "{table}" ORDER BY 1')
    names = [c[0] for c in cur.description]
    for row in sorted((repr([v for n, v in zip(names, r) if n not in ("added_at", "done_at", "seconds", "rss_mb")]) for r in cur)):
        h.update(row.encode())
print(json.dumps({"worker": t_worker, "pickle": t_pickle, "record": min(records), "digest": h.hexdigest()[:16]}))
'''


def _round(tree: str, corpus: str, repeat: int) -> dict:
    done = subprocess.run([sys.executable, "-c", _RUN, corpus, str(repeat)], capture_output=True, text=True,
                          check=True, cwd=tree, env=dict(os.environ, PYTHONPATH=tree))
    out = json.loads(done.stdout.splitlines()[-1])
    out["sum"] = out["worker"] + out["pickle"] + out["record"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", default=str(ROOT))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    for i in range(args.rounds):
        for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
            runs[name].append(_round(getattr(args, name), args.corpus, args.repeat))
    print(f"{'':4}" + "".join(f"{p:>20}" for p in PARTS) + "   (least / median of the rounds, CPU s)  digest")
    for name, rows in runs.items():
        cells = "".join(f"{min(r[p] for r in rows):>11.4f} / {statistics.median(r[p] for r in rows):.4f}" for p in PARTS)
        print(f"{name:4}{cells}   {' '.join(sorted({r['digest'] for r in rows}))}")


if __name__ == "__main__":
    main()
