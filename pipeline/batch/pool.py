"""Local worker processes with per-document limits: a job that runs past its time limit, or a
worker whose memory grows past its limit, is killed (with its children) and recorded as failed;
a fresh worker takes its place, so one pathological file never stalls or sinks the run."""
from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable

from pipeline.batch.plan import Job
from pipeline.batch.worker import rss_mb, worker_main


class _Worker:
    def __init__(self, ctx: mp.context.BaseContext, tmp: str | None = None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, tmp), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.job: Job | None = None
        self.started = 0.0

    def give(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.kill()


def run_local(jobs: Iterable[Job], workers: int, on_result: Callable[[Job, dict[str, Any]], None],
              timeout: float, max_memory_mb: float, tmp_root: str | None = None) -> None:
    """Run *jobs* on *workers* processes; *on_result(job, result)* is called in this process for
    every job, in completion order, with a failed result (kind timeout | memory | crash) for the
    jobs the limits stopped. The workers' temporary files (copies of inputs for LibreOffice) go
    in a folder of their own under *tmp_root* (default: the system's), removed at the end."""
    queue = deque(jobs)
    if not queue:
        return
    if tmp_root:
        os.makedirs(tmp_root, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="vanban-work-", dir=tmp_root)
    try:
        _run(queue, workers, on_result, timeout, max_memory_mb, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(queue: deque, workers: int, on_result: Callable[[Job, dict[str, Any]], None],
         timeout: float, max_memory_mb: float, tmp: str) -> None:
    from pipeline.batch.worker import write_error

    ctx = mp.get_context("spawn")
    pool = [_Worker(ctx, tmp) for _ in range(max(1, min(workers, len(queue))))]

    def fail(w: _Worker, kind: str, reason: str) -> None:
        job = w.job
        assert job is not None
        w.kill()
        write_error(job, kind, reason)
        on_result(job, {"rel": job.rel, "status": "failed", "kind": kind, "error": reason,
                        "seconds": time.monotonic() - w.started, "stages": {}, "rss_mb": 0.0, "pid": w.proc.pid})
        pool[pool.index(w)] = replacement = _Worker(ctx, tmp)
        feed(replacement)

    def feed(w: _Worker) -> None:
        w.job = None
        if queue and w.ready:
            w.give(queue.popleft())

    start_failures = 0
    try:
        while any(w.job is not None or (queue and not w.ready) for w in pool):
            for conn in wait([w.conn for w in pool], timeout=0.25):
                w = next(x for x in pool if x.conn is conn)
                try:
                    msg = conn.recv()
                except (EOFError, OSError):
                    code = w.proc.exitcode if not w.proc.is_alive() else None
                    if w.job is not None:
                        fail(w, "crash", f"worker process died (exit code {code})")
                    else:  # died before taking a job: replace it, unless workers cannot start at all
                        w.kill()
                        start_failures += 1
                        if start_failures > 2 * len(pool):
                            raise RuntimeError(f"worker processes cannot start (exit code {code})")
                        pool[pool.index(w)] = _Worker(ctx, tmp)
                    continue
                if "ready" in msg:
                    w.ready = True
                    feed(w)
                    continue
                job = w.job
                assert job is not None
                on_result(job, msg)
                if msg.get("retire"):
                    w.job = None
                    w.stop()
                    pool[pool.index(w)] = w = _Worker(ctx, tmp)
                feed(w)
            now = time.monotonic()
            for w in list(pool):
                if w.job is None:
                    continue
                if now - w.started > timeout:
                    fail(w, "timeout", f"time limit of {timeout:g} s exceeded")
                elif rss_mb(w.proc.pid) > max_memory_mb:
                    fail(w, "memory", f"memory limit of {max_memory_mb:g} MB exceeded")
    finally:
        for w in pool:
            if w.job is not None:
                w.kill()
            else:
                w.stop()
