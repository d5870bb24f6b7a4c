"""Segmentation and the extractors after reading, each stage in CPU seconds, over read documents.

Every file is read once (the readers are not timed); then each document, unpickled afresh from
its read form, is segmented, extracted and turned into its contract dict while each stage is
timed in CPU seconds (``time.process_time``: other processes on a shared machine weigh less on it
than on the wall clock). Run it from two checkouts in turn to compare old and new code; with
``--prepare FILE`` the read documents are pickled once and ``--docs FILE`` times both checkouts on
the very same input, ``--rounds N`` keeps each stage's least of N rounds, and the digest printed
for each format (of every contract dict) says whether the two gave the same outputs.

    .venv/bin/python bench/bench_segtasks.py [CORPUS_DIR] [--formats docx,txt,md] [--txt 40] [--md 60]
    .venv/bin/python bench/bench_segtasks.py --prepare /tmp/read.pkl
    PYTHONPATH=OLD .venv/bin/python bench/bench_segtasks.py --docs /tmp/read.pkl --rounds 3   # then NEW, OLD, NEW
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import importlib
import json
import pickle
import random
import time
from pathlib import Path

STAGES = [("pipeline.segment", "build_structure"), ("pipeline.segment", "read_header")] + [
    (f"extractors.{m}", n) for m, n in (
        ("references", "extract_references"), ("backrefs", "extract_back_references"), ("effect", "extract_effect"),
        ("tasks", "extract_tasks"), ("prose_tasks", "extract_prose_tasks"), ("schedule", "schedule_deadlines"),
        ("task_ids", "assign_uids"), ("agency_ids", "assign_agency_ids"), ("targets", "extract_targets"),
        ("targets", "extract_budget_items"))] + [("pipeline.writers.json_out", "to_dict")]


def timing(spent: collections.Counter, module: str, name: str) -> None:
    """Replace *module*.*name* with a wrapper that adds its CPU seconds to spent[name]."""
    mod = importlib.import_module(module)
    fn = getattr(mod, name)

    def timed(*args, **kwargs):
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - t0

    setattr(mod, name, timed)


def chosen(corpus: Path, formats: list[str], n_txt: int, n_md: int) -> dict[str, list[Path]]:
    """Every DOCX; a fixed random sample of the .txt files (seed 7) and every one over 500 kB (the
    long gazettes); a fixed sample of the .md files."""
    rnd = random.Random(7)
    txt = sorted(corpus.rglob("*.txt"))
    md = [p for p in sorted(corpus.rglob("*.md")) if p.name != "README.md"]
    picked = {"docx": sorted(corpus.rglob("*.docx")),
              "txt": sorted(set(rnd.sample(txt, min(n_txt, len(txt))) + [p for p in txt if p.stat().st_size > 500_000])),
              "md": rnd.sample(md, min(n_md, len(md)))}
    return {k: picked[k] for k in formats}


def read_blobs(args: argparse.Namespace) -> dict[str, list[bytes]]:
    """Each format's documents as read and pickled: from ``--docs`` or read now."""
    if args.docs:
        blobs = pickle.loads(Path(args.docs).read_bytes())
        return {k: v for k, v in blobs.items() if k in args.formats.split(",")}
    from pipeline.readers import read

    files = chosen(Path(args.corpus), args.formats.split(","), args.txt, args.md)
    return {kind: [pickle.dumps(read(str(p))) for p in paths] for kind, paths in files.items()}


def one_round(docs: list[bytes], spent: collections.Counter) -> str:
    """Segment, extract and dict each document once, adding the stages' CPU seconds to *spent*;
    the digest of every contract dict."""
    from extractors import extract_all
    from pipeline import segment as seg
    from pipeline.writers import json_out

    digest = hashlib.sha256()
    for blob in docs:
        doc = pickle.loads(blob)
        t0 = time.process_time()
        seg.segment(doc)
        spent["segment"] += time.process_time() - t0
        extract_all(doc)
        out = json_out.to_dict(doc)
        out.pop("pipeline", None)  # the version string differs between checkouts
        digest.update(json.dumps(out, ensure_ascii=False, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--formats", default="docx,txt,md")
    ap.add_argument("--txt", type=int, default=40, help="sampled .txt files (besides the long ones)")
    ap.add_argument("--md", type=int, default=60, help="sampled .md files")
    ap.add_argument("--prepare", metavar="FILE", help="read the files, pickle them to FILE and stop")
    ap.add_argument("--docs", metavar="FILE", help="time the documents --prepare pickled")
    ap.add_argument("--rounds", type=int, default=1, help="each stage's least CPU seconds of N rounds")
    args = ap.parse_args()
    from pipeline.convert import warm_up

    warm_up()
    blobs = read_blobs(args)
    if args.prepare:
        Path(args.prepare).write_bytes(pickle.dumps(blobs))
        print(f"{sum(map(len, blobs.values()))} documents pickled to {args.prepare}")
        return
    spent: collections.Counter = collections.Counter()
    for module, name in STAGES:
        timing(spent, module, name)
    for kind, docs in blobs.items():
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            spent.clear()
            digest = one_round(docs, spent)
            best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
        print(f"{kind}: {len(docs)} files, digest {digest}")
        for key, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
            print(f"  {key:28} {seconds:7.3f} s")


if __name__ == "__main__":
    main()
