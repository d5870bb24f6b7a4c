"""`vanban batch --dask local` on 1 and 2 workers against the local worker pool, over one format
set of ../shared/corpus (default: the 110 DOCX files), each run a fresh batch in its own process
(cluster start-up, planning, workers writing the JSON, the store, the graph), interleaved.

    .venv/bin/python bench/bench_dask.py [--sets docx,pdf] [--rounds 2] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_batch import SETS, corpus_files, link_tree  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODES = (("pool", 1), ("dask", 1), ("dask", 2))


def batch(src: str, mode: str, workers: int) -> dict:
    """One fresh `vanban batch` over *src* in a new process; its summary and wall seconds."""
    with tempfile.TemporaryDirectory(prefix="vanban-dask-") as out:
        cmd = [sys.executable, "-m", "pipeline.cli", "batch", src, "-o", out, "--workers", str(workers), "-q"]
        if mode == "dask":
            cmd += ["--dask", "local"]
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        wall = time.perf_counter() - t0
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
    summary["wall"] = wall
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="docx", help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds of the three runs")
    ap.add_argument("--limit", type=int, default=None, help="at most this many files per extension")
    args = ap.parse_args()
    print(f"{'set':6} {'mode':5} {'workers':>7} {'docs':>5} {'failed':>6} {'wall s':>7} {'docs/s':>7} {'peak MB':>8}")
    for name in args.sets.split(","):
        with tempfile.TemporaryDirectory(prefix="vanban-dask-src-") as src:
            link_tree(corpus_files(SETS[name], args.limit), src)
            walls: dict[tuple[str, int], list[float]] = {m: [] for m in MODES}
            for _ in range(args.rounds):
                for mode, workers in MODES:
                    s = batch(src, mode, workers)
                    n = sum(s["converted"].values()) + sum(s["failed"].values())
                    walls[(mode, workers)].append(s["wall"])
                    print(f"{name:6} {mode:5} {workers:>7} {n:>5} {sum(s['failed'].values()):>6} {s['wall']:>7.1f}"
                          f" {n / s['wall']:>7.1f} {s['peak_rss_mb']:>8.0f}", flush=True)
            best = {m: min(w) for m, w in walls.items()}
            print(f"{name:6} dask 2 vs 1 workers: {best[('dask', 1)] / best[('dask', 2)]:.2f}x faster;"
                  f" dask on 1 worker against the local pool on 1: {best[('dask', 1)] / best[('pool', 1)]:.2f}x the time"
                  " (best of each)")


if __name__ == "__main__":
    main()
