"""The end of a document's conversion in a batch, two checkouts interleaved: to_dict, validate, the
worker's write (`worker._write_output`: the JSON bytes, their write and fsync in a thread beside the
store's rows), the rows' pickling to the parent and back, and the parent's `record_document`.

Each checkout runs in a process of its own (PYTHONPATH set to it) that reads, segments and extracts
the files once (not timed), then times each part over all of them, the least of --repeat runs, in
CPU seconds (the write also in wall seconds: its fsync waits for the disk). Rounds alternate the
checkouts' order. A digest of what each wrote (the output files' bytes, the store blobs
decompressed, every other row of the store) shows both give the same.

With --batch, each round runs `vanban batch --workers 1` of each checkout over the corpus's DOCX
instead and prints its wall seconds, the CPU seconds of the batch and its worker (user + system),
and the worker's write stage (summary.json).

    .venv/bin/python bench/bench_write.py --base /path/to/old/checkout [--new .] [--rounds 2] [--formats docx,pdf,txt]
    .venv/bin/python bench/bench_write.py --base /path/to/old/checkout --batch [--rounds 4]
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("to_dict", "validate", "dumps", "rows", "write", "write_wall", "pickle", "unpickle", "store", "store_wall")


def _files(corpus: str, formats: list[str]) -> list[str]:
    """The corpus's DOCX, the first 20 PDFs (sorted) and every tenth .txt: the same for each checkout."""
    everything = sorted(glob.glob(os.path.join(corpus, "**", "*"), recursive=True))
    picks = {"docx": [f for f in everything if f.endswith(".docx")],
             "pdf": [f for f in everything if f.endswith(".pdf")][:20],
             "txt": [f for f in everything if f.endswith(".txt")][::10]}
    return [f for fmt in formats for f in picks[fmt]]


def _prepare(files: list[str]) -> list:
    """Each file read, segmented and extracted (the stages before the end), skipping bad inputs."""
    from pipeline.convert import run_extractors, warm_up
    from pipeline.readers import read
    from pipeline.segment import segment

    warm_up()
    docs = []
    for path in files:
        try:
            doc = read(path)
        except Exception:  # noqa: BLE001  (an unreadable input is not this benchmark's business)
            continue
        segment(doc)
        run_extractors(doc)
        docs.append(doc)
    return docs


def _least(fn, repeat: int) -> tuple[float, float, object]:
    """(least CPU seconds, least wall seconds, last result) of *repeat* calls of fn()."""
    cpu, wall, out = float("inf"), float("inf"), None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn()
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return cpu, wall, out


def _digest(folder: str, rows: list, store_path: str) -> str:
    """One hash of the output files, the rows (blobs decompressed) and the store's rows but timings."""
    import sqlite3
    import zlib
    from dataclasses import fields

    h = hashlib.sha256()
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            h.update(Path(folder, name).read_bytes())
    for r in rows:
        h.update(zlib.decompress(r.blob))
        h.update(repr([getattr(r, f.name) for f in fields(r) if f.name != "blob"]).encode())
    db = sqlite3.connect(store_path)
    for table in ("texts", '"references"', "tasks", "agencies", "agency_entities", "task_agencies", "effects", "relations"):
        h.update(repr(db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()).encode())
    h.update(repr(db.execute("SELECT rowid, folded FROM fts ORDER BY rowid").fetchall()).encode())
    h.update(repr(db.execute("SELECT doc_id, path, node_id, doc_type, number, number_key, issued_date, issuer, title,"
                             " signer, format, pages, sha256, n_references, n_tasks, n_warnings FROM documents"
                             " ORDER BY doc_id").fetchall()).encode())
    for (blob,) in db.execute("SELECT data FROM documents ORDER BY doc_id"):
        h.update(zlib.decompress(blob))
    db.close()
    return h.hexdigest()[:16]


def run(files: list[str], repeat: int) -> dict:
    """Time each part over the prepared documents of this checkout (the one on sys.path)."""
    from multiprocessing.reduction import ForkingPickler

    from pipeline.batch import worker
    from pipeline.batch.plan import Job
    from pipeline.store.db import DocRows, Store
    from pipeline.writers.json_out import dumps, to_dict, validate

    docs = _prepare(files)
    out: dict = {"documents": len(docs)}
    out["to_dict"], _, datas = _least(lambda: [to_dict(d) for d in docs], repeat)
    out["validate"], _, _ = _least(lambda: [validate(d) for d in datas], repeat)
    out["dumps"], _, _ = _least(lambda: [dumps(d) for d in datas], repeat)
    out["rows"], _, _ = _least(lambda: [DocRows.of(d) for d in datas], repeat)
    folder = tempfile.mkdtemp(prefix="bench-write-")
    jobs = [Job(d.source.path, f"{i}", "x", d.source.sha256, os.path.join(folder, f"{i}.json")) for i, d in enumerate(docs)]
    out["write"], out["write_wall"], rows = _least(lambda: [worker._write_output(j, d) for j, d in zip(jobs, datas)], repeat)
    results = [{"rel": j.rel, "status": "ok", "data": r} for j, r in zip(jobs, rows)]
    out["pickle"], _, sent = _least(lambda: [ForkingPickler.dumps(r) for r in results], repeat)
    out["pickled_mb"] = sum(len(s) for s in sent) / 1e6
    out["unpickle"], _, got = _least(lambda: [pickle.loads(s) for s in sent], repeat)
    stores = iter(range(repeat))

    def store() -> str:
        path = os.path.join(folder, f"store{next(stores)}.sqlite")
        with Store(path) as st:
            for j, r in zip(jobs, got):
                st.record_document(j.rel, r["data"], "bench", j.output, 1.0, 1.0)
        return path

    out["store"], out["store_wall"], path = _least(store, repeat)
    out["store_mb"] = os.path.getsize(path) / 1e6
    out["digest"] = _digest(folder, rows, path)
    return out


def _round(tree: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--run", "--repeat", str(args.repeat),
           "--formats", args.formats, args.corpus]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=tree, env=dict(os.environ, PYTHONPATH=tree), check=False)
    if done.returncode:
        sys.exit(f"{tree}: {done.stderr[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _batch(tree: str, src: str, out: str) -> dict:
    """One `vanban batch --workers 1` of *tree*: wall and CPU seconds (its workers are its children)."""
    import resource
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline.cli", "batch", src, "-o", out, "--workers", "1", "-q"],
                   cwd=tree, env=dict(os.environ, PYTHONPATH=tree), capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stages = json.loads(Path(out, "summary.json").read_text(encoding="utf-8"))["stage_seconds"]
    return {"wall": wall, "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
            "write": stages.get("write", 0.0)}


def batches(trees: list[tuple[str, str]], corpus: str, rounds: int) -> None:
    """Interleaved whole batches of the checkouts over links to the corpus's DOCX."""
    with tempfile.TemporaryDirectory(prefix="bench-write-") as tmp:
        src = Path(tmp, "src")
        for path in _files(corpus, ["docx"]):
            link = src / os.path.relpath(path, corpus)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(os.path.abspath(path))
        for k in range(rounds):
            for name, tree in (trees if k % 2 == 0 else trees[::-1]):
                r = _batch(tree, str(src), str(Path(tmp, f"out-{name}")))
                print(f"round {k + 1} {name:5} wall {r['wall']:6.2f} s  cpu {r['cpu']:6.2f} s  write stage {r['write']:5.2f} s",
                      flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=os.path.join(os.environ.get("VANBAN_SHARED", str(ROOT.parent / "shared")), "corpus"))
    ap.add_argument("--base", help="the old checkout")
    ap.add_argument("--new", default=str(ROOT))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", default="docx")
    ap.add_argument("--batch", action="store_true", help="whole `vanban batch --workers 1` runs over the DOCX")
    ap.add_argument("--run", action="store_true", help="(internal) time this process's checkout and print JSON")
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run(_files(args.corpus, args.formats.split(",")), args.repeat)))
        return
    trees = [("base", args.base), ("new", args.new)] if args.base else [("new", args.new)]
    if args.batch:
        batches(trees, args.corpus, args.rounds)
        return
    print(f"{'round':8}{'tree':6}" + "".join(f"{p:>11}" for p in PARTS) + "   pickled MB  store MB  digest")
    for k in range(args.rounds):
        for name, tree in (trees if k % 2 == 0 else trees[::-1]):
            r = _round(tree, args)
            print(f"{k + 1:<8}{name:6}" + "".join(f"{r[p]:11.3f}" for p in PARTS)
                  + f"   {r['pickled_mb']:10.2f}  {r['store_mb']:8.2f}  {r['digest']}  ({r['documents']} documents)", flush=True)


if __name__ == "__main__":
    main()
