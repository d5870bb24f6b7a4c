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
    """Feed the queue to the workers until every job has its result."""
    pool = _Pool(queue, workers, on_result, timeout, max_memory_mb, tmp)
    try:
        while pool.busy():
            for conn in wait([w.conn for w in pool.workers], timeout=0.25):
                pool.hear(next(x for x in pool.workers if x.conn is conn))
            pool.enforce_limits()
    finally:
        pool.close()


class _Pool:
    """The worker processes of one run and what each is doing."""

    def __init__(self, queue: deque, workers: int, on_result: Callable[[Job, dict[str, Any]], None],
                 timeout: float, max_memory_mb: float, tmp: str):
        self.ctx = mp.get_context("spawn")
        self.queue, self.on_result, self.tmp = queue, on_result, tmp
        self.timeout, self.max_memory_mb = timeout, max_memory_mb
        self.workers = [_Worker(self.ctx, tmp) for _ in range(max(1, min(workers, len(queue))))]
        self.start_failures = 0

    def busy(self) -> bool:
        return any(w.job is not None or (self.queue and not w.ready) for w in self.workers)

    def replace(self, w: _Worker) -> _Worker:
        self.workers[self.workers.index(w)] = fresh = _Worker(self.ctx, self.tmp)
        return fresh

    def feed(self, w: _Worker) -> None:
        w.job = None
        if self.queue and w.ready:
            w.give(self.queue.popleft())

    def fail(self, w: _Worker, kind: str, reason: str) -> None:
        """Kill the worker, record its job as failed (kind timeout | memory | crash), replace it."""
        from pipeline.batch.worker import write_error

        job = w.job
        assert job is not None
        w.kill()
        write_error(job, kind, reason)
        self.on_result(job, {"rel": job.rel, "status": "failed", "kind": kind, "error": reason,
                             "seconds": time.monotonic() - w.started, "stages": {}, "rss_mb": 0.0, "pid": w.proc.pid})
        self.feed(self.replace(w))

    def hear(self, w: _Worker) -> None:
        """One message of a worker: ready, a result (retiring the worker when it asks), or its death."""
        try:
            msg = w.conn.recv()
        except (EOFError, OSError):
            self.died(w)
            return
        if "ready" in msg:
            w.ready = True
            self.feed(w)
            return
        job = w.job
        assert job is not None
        self.on_result(job, msg)
        if msg.get("retire"):
            w.job = None
            w.stop()
            w = self.replace(w)
        self.feed(w)

    def died(self, w: _Worker) -> None:
        """A worker's pipe closed: its job crashed, or it died before taking one (replaced, unless
        workers cannot start at all)."""
        code = w.proc.exitcode if not w.proc.is_alive() else None
        if w.job is not None:
            self.fail(w, "crash", f"worker process died (exit code {code})")
            return
        w.kill()
        self.start_failures += 1
        if self.start_failures > 2 * len(self.workers):
            raise RuntimeError(f"worker processes cannot start (exit code {code})")
        self.replace(w)

    def enforce_limits(self) -> None:
        now = time.monotonic()
        for w in list(self.workers):
            if w.job is None:
                continue
            if now - w.started > self.timeout:
                self.fail(w, "timeout", f"time limit of {self.timeout:g} s exceeded")
            elif rss_mb(w.proc.pid) > self.max_memory_mb:
                self.fail(w, "memory", f"memory limit of {self.max_memory_mb:g} MB exceeded")

    def close(self) -> None:
        for w in self.workers:
            if w.job is not None:
                w.kill()
            else:
                w.stop()
