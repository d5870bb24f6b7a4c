"""Batch throughput over ../shared/corpus: documents/s and pages/s per format on 1 and 2 workers,
time per stage, peak RSS per worker, and DOCX throughput against the lxml-only floor.

Each run is a fresh `vanban batch` (new output folder and store) over a folder of symlinks to the
corpus files of one format set, so the figures are end to end: planning, hashing, workers,
writing JSON, the SQLite store and the citation graph.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pipeline.batch.runner import Options, run_batch  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")
SETS = {"md": ("md",), "txt": ("txt",), "docx": ("docx",), "doc": ("doc",), "pdf": ("pdf",),
        "non-pdf": ("md", "txt", "docx")}


def corpus_files(exts: tuple[str, ...], limit: int | None) -> list[str]:
    """Corpus files with these extensions, sorted, at most *limit* per extension."""
    found: dict[str, list[str]] = {e: [] for e in exts}
    for root, dirs, files in os.walk(CORPUS):
        dirs.sort()
        for name in sorted(files):
            ext = name.rsplit(".", 1)[-1].lower()
            if ext in found and (limit is None or len(found[ext]) < limit):
                found[ext].append(os.path.join(root, name))
    return [p for e in exts for p in found[e]]


def link_tree(files: list[str], dest: str) -> None:
    """Mirror *files* under *dest* as symlinks, keeping their paths relative to the corpus."""
    for path in files:
        rel = os.path.relpath(path, CORPUS)
        os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
        os.symlink(os.path.abspath(path), os.path.join(dest, rel))


def pages_of(out: str) -> int:
    """Sum of source.pages over the outputs of a run (PDF and text pages)."""
    import json

    total = 0
    for root, _, files in os.walk(out):
        for name in files:
            if name.endswith(".json") and name != "summary.json" and not name.endswith(".error.json"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    total += json.load(f)["source"].get("pages") or 0
    return total


def run(files: list[str], workers: int) -> dict:
    """One fresh batch over *files*; its summary plus the pages converted."""
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        src, out = os.path.join(tmp, "src"), os.path.join(tmp, "out")
        link_tree(files, src)
        summary = run_batch(src, out, Options(workers=workers, progress=False))
        info = summary.to_json()
        info["pages"] = pages_of(out)
    return info


def docx_floor(files: list[str]) -> float:
    """Documents/s of parsing word/document.xml with lxml and nothing else, one core."""
    from lxml import etree

    t0 = time.perf_counter()
    for path in files:
        with zipfile.ZipFile(path) as z:
            etree.fromstring(z.read("word/document.xml"))
    return len(files) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="md,txt,docx,pdf,non-pdf", help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--workers", default="1,2", help="worker counts to compare")
    ap.add_argument("--limit", type=int, default=None, help="at most this many files per extension")
    args = ap.parse_args()
    if not os.path.isdir(CORPUS):
        sys.exit(f"no corpus at {CORPUS}")
    counts = [int(w) for w in args.workers.split(",")]
    print(f"{'set':8} {'workers':>7} {'docs':>5} {'failed':>6} {'pages':>6} {'seconds':>8} {'docs/s':>7}"
          f" {'pages/s':>8} {'peak MB':>8}  stage share (worker time)")
    for name in args.sets.split(","):
        files = corpus_files(SETS[name], args.limit)
        rates = {}
        for w in counts:
            info = run(files, w)
            n = sum(info["converted"].values()) + sum(info["failed"].values())
            rate = n / info["seconds"]
            rates[w] = rate
            stages = info["stage_seconds"]
            total = sum(stages.values()) or 1.0
            share = "  ".join(f"{k} {v / total:.0%}" for k, v in stages.items())
            print(f"{name:8} {w:>7} {n:>5} {sum(info['failed'].values()):>6} {info['pages']:>6}"
                  f" {info['seconds']:>8.1f} {rate:>7.1f} {info['pages'] / info['seconds']:>8.1f}"
                  f" {info['peak_rss_mb']:>8.0f}  {share}", flush=True)
        if len(counts) > 1:
            print(f"{name:8} speed-up {counts[-1]} vs {counts[0]} workers: {rates[counts[-1]] / rates[counts[0]]:.2f}x")
        if name == "docx":
            floor = docx_floor(files)
            print(f"docx     lxml-only floor {floor:.0f} docs/s on one core; batch on 1 worker is"
                  f" {rates.get(1, rates[counts[0]]) / floor:.1%} of it")


if __name__ == "__main__":
    main()
