"""Two checkouts' `vanban batch --workers 1` path to the worker's second job, interleaved round by round.

Each run is a fresh process calling the checkout's own `pipeline.cli.main(["batch", …])` over the
corpus's DOCX (links in a temporary folder), with marks: the batch process's CPU and wall time up
to its fork, the worker's CPU from its fork to the end of its second job (its imports, warm-up and
first two documents), and the wall time of those marks from the process's start. Printed: each
run's figures, then per checkout the least and median of the rounds, and the median ratios new/old
of the critical path's CPU (the batch process up to the fork plus the worker up to its second job).

    .venv/bin/python bench/bench_worker_path.py --old /path/to/old/checkout [--new .] [--rounds 8] [CORPUS]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run inside the measured checkout: os.fork is wrapped (the batch's first workers fork), and in the
# child the worker's process() to time its first two jobs; the child prints its marks as JSON.
_RUN = r"""
import json, os, sys, time
def _boot():
    st = open("/proc/self/stat").read().split()
    up = float(open("/proc/uptime").read().split()[0])
    return time.time() - (up - int(st[21]) / os.sysconf("SC_CLK_TCK"))
START = _boot()
parent = {}
_fork = os.fork
def fork():
    mark = (time.time() - START, time.process_time())
    pid = _fork()
    if pid == 0:
        _child(mark[0])
    elif "fork_wall" not in parent:
        parent.update(fork_wall=mark[0], fork_cpu=mark[1])
    return pid
os.fork = fork
def _child(fork_wall):
    import pipeline.batch.worker as W
    seen, original = [], W.process
    def process(job, *a, **k):
        r = original(job, *a, **k)
        seen.append(time.time() - START)
        if len(seen) == 2:
            print("MARKS " + json.dumps({"fork_wall": fork_wall, "job1_end_wall": seen[0], "job2_end_wall": seen[1],
                                         "worker_cpu": time.process_time(), "worker_sys": os.times().system}),
                  file=sys.stderr, flush=True)
        return r
    W.process = process
from pipeline.cli import main
main(["batch", sys.argv[1], "-o", sys.argv[2], "--workers", "1", "-q"])
print("MARKS " + json.dumps(parent), file=sys.stderr, flush=True)
"""


def _links(corpus: Path, src: Path) -> None:
    """Links to the corpus's DOCX files under *src*, as bench_batch_ab.py makes them."""
    for path in sorted(corpus.rglob("*.docx")):
        link = src / path.relative_to(corpus)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path.resolve())


def _run(tree: str, src: Path, out: Path) -> dict[str, float]:
    """One batch of *tree*'s code; its marks (both processes')."""
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", _RUN, str(src), str(out)], capture_output=True, text=True, cwd=tree,
                          env=dict(os.environ, PYTHONPATH=tree), check=False, timeout=900)
    marks: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("MARKS "):
            marks.update(json.loads(line[6:]))
    if len(marks) < 5:
        sys.exit(f"{tree}: no marks (exit {done.returncode}): {done.stderr[-500:]}")
    marks["path_cpu"] = marks["fork_cpu"] + marks["worker_cpu"]
    return marks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--old", required=True, help="the checkout to compare against")
    ap.add_argument("--new", default=str(ROOT), help="this checkout (default)")
    ap.add_argument("--rounds", type=int, default=8)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vanban-path-"))
    try:
        _links(Path(args.corpus), work / "src")
        runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
        for r in range(args.rounds):
            for name in (("old", "new") if r % 2 == 0 else ("new", "old")):
                m = _run(getattr(args, name), work / "src", work / "out")
                runs[name].append(m)
                print(f"round {r + 1} {name}: to the fork {m['fork_cpu'] * 1000:.1f} ms CPU ({m['fork_wall']:.3f} s), worker to its "
                      f"second job {m['worker_cpu'] * 1000:.1f} ms CPU (first job ends {m['job1_end_wall']:.3f} s, second "
                      f"{m['job2_end_wall']:.3f} s; system {m['worker_sys'] * 1000:.0f} ms); path {m['path_cpu'] * 1000:.1f} ms CPU",
                      flush=True)
        for name, ms in runs.items():
            for key in ("fork_cpu", "worker_cpu", "worker_sys", "path_cpu", "job2_end_wall"):
                vals = [m[key] for m in ms]
                print(f"{name} {key}: least {min(vals):.4f}  median {statistics.median(vals):.4f}")
        ratios = [n["path_cpu"] / o["path_cpu"] for o, n in zip(runs["old"], runs["new"])]
        print("path CPU new/old per round " + " ".join(f"{x:.2f}" for x in ratios) + f", median {statistics.median(ratios):.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
