"""Two checkouts' `vanban batch --workers 1` against the DOCX floor, interleaved round by round.

Each round runs the floor process (lxml parsing every file's `word/document.xml`, as
`bench_floors.py --batch` does), then a batch of the same files with each checkout, the order
alternating from round to round, so that a busier moment of the shared machine weighs on both.
Printed: each round's wall seconds, how much of each batch is beyond its jobs (wall minus the
worker's stage seconds of summary.json: start-up, planning, store, graph, shutdown), the CPU
seconds of the whole process tree (the batch process and its workers: what a shared machine's
load weighs on less than wall), and the median ratios new/old of the rounds.

    .venv/bin/python bench/bench_batch_ab.py --old /path/to/old/checkout [--new .] [--rounds 6] [--workers 1] [CORPUS]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    """CPU seconds of the reaped children so far (a batch's workers are reaped by the batch)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _wall(cmd: list[str], tree: str, cpu: list[float] | None = None) -> float:
    """Wall seconds of *cmd* run in *tree*; its CPU seconds appended to *cpu*."""
    t0, c0 = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=tree, env=dict(os.environ, PYTHONPATH=tree), check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} in {tree} failed: {done.stderr[-500:]}")
    if cpu is not None:
        cpu.append(_cpu() - c0)
    return time.perf_counter() - t0


def _links(corpus: Path, src: Path) -> Path:
    """A folder of links to the corpus's DOCX files, and the list the floor process reads."""
    files = sorted(corpus.rglob("*.docx"))
    for path in files:
        link = src / path.relative_to(corpus)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path.resolve())
    listing = src.parent / "files.txt"
    listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
    return listing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--old", required=True, help="the checkout to compare against")
    ap.add_argument("--new", default=str(ROOT))
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--workers", type=int, default=1, help="the batches' --workers (the floor stays one process)")
    args = ap.parse_args()
    trees = {"old": os.path.abspath(args.old), "new": os.path.abspath(args.new)}
    wall: dict[str, list[float]] = {"floor": [], "old": [], "new": []}
    beyond: dict[str, list[float]] = {"old": [], "new": []}
    cpu: dict[str, list[float]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory(prefix="vanban-ab-") as tmp:
        src = Path(tmp) / "src"
        listing = _links(Path(args.corpus), src)
        for r in range(args.rounds):
            wall["floor"].append(_wall([sys.executable, str(ROOT / "bench" / "bench_floors.py"), "--floor", "docx", str(listing)], trees["new"]))
            for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
                out = Path(tmp) / f"out-{name}"
                shutil.rmtree(out, ignore_errors=True)
                wall[name].append(_wall([sys.executable, "-m", "pipeline.cli", "batch", str(src), "-o", str(out),
                                         "--workers", str(args.workers), "-q"], trees[name], cpu[name]))
                stages = json.loads((out / "summary.json").read_text(encoding="utf-8"))["stage_seconds"]
                beyond[name].append(wall[name][-1] - sum(stages.values()))
            print(f"round {r + 1}: floor {wall['floor'][-1]:.2f} s  old {wall['old'][-1]:.2f} s (beyond the jobs"
                  f" {beyond['old'][-1]:.2f}, CPU {cpu['old'][-1]:.2f} s)  new {wall['new'][-1]:.2f} s"
                  f" ({beyond['new'][-1]:.2f}, CPU {cpu['new'][-1]:.2f} s)", flush=True)
    ratios = [n / o for o, n in zip(wall["old"], wall["new"])]
    cpu_ratios = [n / o for o, n in zip(cpu["old"], cpu["new"])]
    floor = statistics.median(wall["floor"])
    print(f"median: floor {floor:.2f} s  old {statistics.median(wall['old']):.2f} s ({statistics.median(wall['old']) / floor:.1f}x)"
          f"  new {statistics.median(wall['new']):.2f} s ({statistics.median(wall['new']) / floor:.1f}x)"
          f"  new/old per round {' '.join(f'{x:.2f}' for x in ratios)}, median {statistics.median(ratios):.3f}")
    print(f"CPU: old {min(cpu['old']):.2f} s, new {min(cpu['new']):.2f} s (least of the rounds)  new/old per round"
          f" {' '.join(f'{x:.2f}' for x in cpu_ratios)}, median {statistics.median(cpu_ratios):.3f}")


if __name__ == "__main__":
    main()
