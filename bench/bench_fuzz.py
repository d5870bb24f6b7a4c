"""Fuzz run (not CI): mutated copies of corpus files, per reader, converted by the batch's worker
pool under its time and memory limits; prints how each variant ended.

    python bench/bench_fuzz.py [--per-reader 10000] [--readers txt,md,docx,pdf,doc] [--workers 2]

Each variant is a corpus file truncated, with bytes flipped, a range zeroed or a range duplicated
(tests/adversarial/make.py). A run is clean when no variant ends as `internal` (a traceback) or
`crash`, none passes the time or memory limit, and no text file damaged only after its first
2 KB (still readable UTF-8 there) loses the number and type its intact original has."""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pipeline.batch.plan import Job  # noqa: E402
from pipeline.batch.pool import run_local  # noqa: E402
from tests.adversarial.make import mutate  # noqa: E402

CORPUS = os.path.join(os.environ.get("VANBAN_SHARED", os.path.join(ROOT, "..", "shared")), "corpus")
HEADER_BYTES = 2048


def corpus_files(fmt: str, limit_mb: float) -> list[str]:
    """Corpus files of format *fmt* (by extension) up to *limit_mb*, sorted by size."""
    found = []
    for root, _, files in os.walk(CORPUS):
        for name in files:
            path = os.path.join(root, name)
            if name.lower().endswith("." + fmt) and os.path.getsize(path) <= limit_mb * 2**20:
                found.append(path)
    return sorted(found, key=os.path.getsize)


def header_of(path: str) -> tuple[str | None, str | None]:
    """(doc_type, number) of an intact file."""
    from pipeline.convert import convert
    from pipeline.readers.errors import InputError

    try:
        d = convert(path)["document"]
    except InputError:
        return None, None
    return d["doc_type"], d["number"]


def fuzz_reader(fmt: str, n: int, workers: int, timeout: float, memory: float, seed: int, limit_mb: float,
                sample: int) -> None:
    rng = random.Random(seed)
    files = corpus_files(fmt, limit_mb)
    if not files:
        print(f"{fmt}: no corpus files")
        return
    files = sorted(rng.sample(files, min(sample, len(files))))
    originals = {p: open(p, "rb").read() for p in files}
    headers = {p: header_of(p) for p in files} if fmt in ("txt", "md") else {}
    ends, kinds, lost = Counter(), Counter(), []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vanban-fuzz-") as tmp:
        for batch_start in range(0, n, 500):
            jobs, meta = [], {}
            for k in range(batch_start, min(n, batch_start + 500)):
                src = rng.choice(files)
                kind, data, where = mutate(originals[src], rng)
                path = os.path.join(tmp, f"v{k}.{fmt}")
                with open(path, "wb") as f:
                    f.write(data)
                job = Job(path, f"v{k}.{fmt}", fmt, "", path + ".json")
                jobs.append(job)
                meta[job.rel] = (src, kind, where)
                kinds[kind] += 1

            def on_result(job: Job, result: dict) -> None:
                end = "ok" if result["status"] == "ok" else result.get("kind", result["status"])
                ends[end] += 1
                src, kind, where = meta[job.rel]
                typ, number = headers.get(src, (None, None))
                if end == "ok" and number and where >= HEADER_BYTES:
                    with open(job.output, encoding="utf-8") as f:
                        d = json.load(f)["document"]
                    if (d["doc_type"], d["number"]) != (typ, number):
                        lost.append((os.path.relpath(src, CORPUS), kind, where))
                elif end not in ("ok", "input"):
                    print(f"  {end}: {os.path.relpath(src, CORPUS)} {kind} at byte {where}: {result.get('error')}")
                for out in (job.output, job.error_output, job.path):
                    if os.path.exists(out):
                        os.unlink(out)

            run_local(jobs, workers, on_result, timeout, memory, tmp_root=tmp)
    seconds = time.perf_counter() - t0
    bad = sum(v for k, v in ends.items() if k not in ("ok", "input"))
    print(f"{fmt}: {n} variants of {len(files)} files ({dict(kinds)}) in {seconds:.0f} s: "
          f"{dict(sorted(ends.items()))}; tracebacks {ends['internal'] + ends['crash']}, over time {ends['timeout']},"
          f" over memory {ends['memory']}, text files losing their header {len(lost)}"
          + ("  CLEAN" if not bad and not lost else "  NOT CLEAN"), flush=True)
    for item in lost[:10]:
        print(f"  header lost: {item}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-reader", type=int, default=10000)
    ap.add_argument("--readers", default="txt,md,docx,pdf,doc")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--max-memory", type=float, default=2048.0)
    ap.add_argument("--max-file-mb", type=float, default=2.0, help="fuzz corpus files up to this size")
    ap.add_argument("--files", type=int, default=40, help="corpus files per reader to mutate")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    for fmt in args.readers.split(","):
        fuzz_reader(fmt, args.per_reader, args.workers, args.timeout, args.max_memory, args.seed, args.max_file_mb, args.files)


if __name__ == "__main__":
    main()
