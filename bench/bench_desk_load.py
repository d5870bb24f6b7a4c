"""A bounded load test of the review desk on 127.0.0.1, and a kill during uploads.

    python -m bench.bench_desk_load [--uploads 50] [--distinct 25] [--reads 500] [--kill 10]

Starts `vanban serve` over a fresh store (no accounts: local-only), sends UPLOADS uploads at once
(DISTINCT contents, each sent several times under different names), then READS page and API reads
at once, and prints the statuses and timings; every upload must be answered without a 5xx and every
content stored exactly once. Then it sends KILL more uploads, kills the server (SIGKILL) while they
run, starts it again and checks the store (SQLite integrity check, documents intact) and the
uploads folder (no file the store does not know, no unfinished temporary file).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "qd-2571-ubnd-lamdong-2022.txt"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path, port: int) -> subprocess.Popen:
    """`vanban serve` on *port*, answering once its home page does."""
    import urllib.request

    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("vanban serve did not start")


def contents(n: int, tag: str) -> list[bytes]:
    """*n* distinct documents: the seed with a line of its own."""
    seed = SEED.read_text(encoding="utf-8")
    return [(seed + f"\nGhi chú {tag} số {k}.\n").encode("utf-8") for k in range(n)]


async def _csrf(client) -> str:
    page = (await client.get("/")).text
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


async def uploads(base: str, files: list[tuple[str, bytes]]) -> list[tuple[int, float, dict]]:
    """Send every file at once; (status, seconds, answer) each."""
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=900) as client:
        csrf = await _csrf(client)

        async def one(name: str, data: bytes):
            t = time.perf_counter()
            r = await client.post("/api/documents", files={"file": (name, data)}, headers={"X-CSRF-Token": csrf})
            return r.status_code, time.perf_counter() - t, r.json()
        return await asyncio.gather(*(one(n, d) for n, d in files))


async def reads(base: str, urls: list[str]) -> list[tuple[int, float]]:
    import httpx

    limits = httpx.Limits(max_connections=len(urls), max_keepalive_connections=len(urls))
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        async def one(url: str):
            t = time.perf_counter()
            r = await client.get(url)
            return r.status_code, time.perf_counter() - t
        return await asyncio.gather(*(one(u) for u in urls))


def check_store(store: Path) -> dict[str, object]:
    """Integrity of the SQLite file, and uploads the store does not know (orphans) or left unfinished."""
    db = sqlite3.connect(store)
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    docs = db.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone()
    known = {r[0][:16] for r in db.execute("SELECT sha256 FROM documents UNION SELECT sha256 FROM manifest") if r[0]}
    db.close()
    root = store.parent / "uploads"
    folders = [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
    orphans = [str(p) for p in folders if p.name not in known]
    partial = [str(f) for p in folders for f in p.iterdir() if f.name.endswith(".tmp")]
    return {"integrity": integrity, "documents": docs[0], "contents": docs[1], "orphans": orphans, "partial": partial}


def _summary(label: str, timings: list[float]) -> str:
    q = statistics.quantiles(timings, n=20) if len(timings) > 1 else timings * 19
    return f"{label}: {len(timings)} in {max(timings):.1f} s, median {statistics.median(timings):.2f} s, p95 {q[18]:.2f} s"


def run(n_uploads: int, distinct: int, n_reads: int, n_kill: int) -> dict[str, object]:
    """The whole test; the figures and checks as a dict (raises AssertionError on a failed check)."""
    folder = Path(tempfile.mkdtemp(prefix="vanban-load-"))
    store, port = folder / "vanban.sqlite", _port()
    base = f"http://127.0.0.1:{port}"
    proc = start(store, port)
    try:
        data = contents(distinct, "tải")
        files = [(f"van-ban-{i % distinct}-ban-{i // distinct}.txt", data[i % distinct]) for i in range(n_uploads)]
        t = time.perf_counter()
        answered = asyncio.run(uploads(base, files))
        upload_seconds = time.perf_counter() - t
        statuses = sorted({s for s, _, _ in answered})
        ids = {d.get("id") for s, _, d in answered if s == 201}
        print(_summary(f"uploads ({distinct} distinct contents)", [t for _, t, _ in answered]), f"statuses {statuses}")
        urls = [u for k in range(n_reads)
                for u in ([f"/documents/{sorted(ids)[k % len(ids)]}", "/", f"/api/documents/{sorted(ids)[0]}",
                           "/search?q=cai+cach+hanh+chinh", "/browse"][k % 5],)]
        t = time.perf_counter()
        got = asyncio.run(reads(base, urls))
        read_seconds = time.perf_counter() - t
        read_statuses = sorted({s for s, _ in got})
        print(_summary("page and API reads", [t for _, t in got]), f"statuses {read_statuses}")
        after_load = check_store(store)
        assert statuses == [201] and read_statuses == [200], (statuses, read_statuses)
        assert len(ids) == distinct and after_load["documents"] == after_load["contents"] == distinct, after_load

        # kill the server while uploads run, start it again
        more = [(f"bi-ngat-{k}.txt", d) for k, d in enumerate(contents(n_kill, "ngắt"))]
        killer = subprocess.Popen([sys.executable, "-c", "import time, os, signal, sys; time.sleep(float(sys.argv[2]));"
                                   " os.killpg(int(sys.argv[1]), signal.SIGKILL)", str(proc.pid), "2.5"])
        try:
            asyncio.run(uploads(base, more))
        except Exception as exc:  # the connections drop when the server dies
            print(f"uploads cut by the kill: {type(exc).__name__}")
        killer.wait(30)
        proc.wait(30)
        before_restart = check_store(store)
        proc = start(store, port)
        restarted = check_store(store)
        print(f"after kill: {before_restart['documents']} documents, {len(before_restart['orphans'])} orphan folders and "
              f"{len(before_restart['partial'])} partial files before restart; after restart: integrity "
              f"{restarted['integrity']}, {restarted['documents']} documents, {len(restarted['orphans'])} orphans, "
              f"{len(restarted['partial'])} partial files")
        assert restarted["integrity"] == "ok" and restarted["documents"] >= distinct, restarted
        assert restarted["orphans"] == [] and restarted["partial"] == [], restarted
        assert restarted["documents"] == restarted["contents"]
        return {"upload_seconds": upload_seconds, "read_seconds": read_seconds, "after_load": after_load,
                "before_restart": before_restart, "restarted": restarted}
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--uploads", type=int, default=50)
    ap.add_argument("--distinct", type=int, default=25)
    ap.add_argument("--reads", type=int, default=500)
    ap.add_argument("--kill", type=int, default=10)
    args = ap.parse_args()
    run(args.uploads, args.distinct, args.reads, args.kill)
    return 0


if __name__ == "__main__":
    sys.exit(main())
