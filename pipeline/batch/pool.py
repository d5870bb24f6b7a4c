"""Local worker processes with per-document limits: a job that runs past its time limit, or a
worker whose memory grows past its limit, is killed (with its children) and recorded as failed;
a fresh worker takes its place, so one pathological file never stalls or sinks the run."""
from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import threading
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
        self.used = False
        self.job: Job | None = None
        self.started = 0.0

    def give(self, job: Job, hand_off: bool = False) -> bool:
        """Send *job*; False if the worker died meanwhile: the job never reached it (the caller
        queues it again), it takes no more, and its pipe's end is heard next (_Pool.died)."""
        try:
            self.conn.send((job, hand_off))
        except OSError:
            self.ready = False
            return False
        self.job, self.started, self.used = job, time.monotonic(), True
        return True

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def leave(self) -> None:
        """Tell the worker to leave after its loop (it exits on its own; stop() waits for it)."""
        try:
            self.conn.send(None)
        except OSError:
            pass

    def stop(self) -> None:
        self.leave()
        self.proc.join(5)
        if self.proc.is_alive():
            self.kill()


def may_fork() -> bool:
    """Whether a worker may fork from this process: a fork copies one thread only (another's lock,
    an import it holds, would never be released in the child), so only a process without threads."""
    return threading.active_count() == 1 and "fork" in mp.get_all_start_methods()


class LocalWorkers:
    """Worker processes started before the batch knows its jobs, so that their start (imports,
    models, the schema: ~0.4 s each) overlaps the planning; give them to run_local in place of a
    count. With *fork* (and may_fork()), the first ones fork from this process, which saves each
    a fresh interpreter and the imports this process holds already (~0.1 s); replacements always
    start a fresh interpreter. Closing (or leaving the with block) waits for the workers that
    converted something and were told to leave, kills the others (never given a job, or still
    busy after a failure) and removes their temporary folder (under *tmp_root*: copies of inputs
    for LibreOffice)."""

    def __init__(self, n: int, tmp_root: str | None = None, fork: bool = False):
        if tmp_root:
            os.makedirs(tmp_root, exist_ok=True)
        self.ctx = mp.get_context("spawn")  # replacements: this process may hold threads and the store by then
        self.tmp = tempfile.mkdtemp(prefix="vanban-work-", dir=tmp_root)
        first = mp.get_context("fork") if fork and may_fork() else self.ctx
        self.workers = [_Worker(first, self.tmp) for _ in range(max(1, n))]
        self.leaving: list[_Worker] = []   # retired workers, exiting on their own
        self.hand_off = False  # True: small outputs come back as bytes, for on_result to write (worker.process)

    def __enter__(self) -> "LocalWorkers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def trim(self, n: int) -> None:
        """Keep at most *n* workers (at least one): the others, never given a job, are killed."""
        while len(self.workers) > max(1, n):
            self.workers.pop().kill()

    def reap(self) -> None:
        """Forget the retired workers that have exited."""
        for w in [w for w in self.leaving if not w.proc.is_alive()]:
            self.leaving.remove(w)
            w.conn.close()

    def close(self) -> None:
        for w in self.workers + self.leaving:
            if w.job is not None or not w.used:
                w.kill()
            else:
                w.stop()
        self.workers, self.leaving = [], []
        from pipeline.readers.warmoffice import remove_office_pipes_under

        remove_office_pipes_under(self.tmp)  # those of offices whose workers were killed
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_local(jobs: Iterable[Job], workers: "int | LocalWorkers", on_result: Callable[[Job, dict[str, Any]], None],
              timeout: float, max_memory_mb: float, tmp_root: str | None = None) -> None:
    """Run *jobs* on *workers* processes (a count, or LocalWorkers started earlier); *on_result(job,
    result)* is called in this process for every job, in completion order, with a failed result
    (kind timeout | memory | crash) for the jobs the limits stopped. With a count, the workers'
    temporary files go in a folder of their own under *tmp_root* (default: the system's), removed
    at the end; LocalWorkers are only told to leave after the last result, and the caller closes
    them (so their exit, ~0.3 s, overlaps what it does next)."""
    queue = deque(jobs)
    if not queue:
        return
    if isinstance(workers, LocalWorkers):
        workers.trim(len(queue))
        _run(queue, workers, on_result, timeout, max_memory_mb)
        return
    with LocalWorkers(min(workers, len(queue)), tmp_root) as started:
        _run(queue, started, on_result, timeout, max_memory_mb)


def _run(queue: deque, started: LocalWorkers, on_result: Callable[[Job, dict[str, Any]], None],
         timeout: float, max_memory_mb: float) -> None:
    """Feed the queue to the workers until every job has its result; then tell them to leave."""
    pool = _Pool(queue, started, on_result, timeout, max_memory_mb)
    try:
        while pool.busy():
            for conn in wait([w.conn for w in pool.workers], timeout=0.25):
                pool.hear(next(x for x in pool.workers if x.conn is conn))
            pool.enforce_limits()
    except BaseException:
        pool.close()
        raise
    for w in pool.workers:
        w.leave()


class _Pool:
    """The worker processes of one run and what each is doing."""

    def __init__(self, queue: deque, started: LocalWorkers, on_result: Callable[[Job, dict[str, Any]], None],
                 timeout: float, max_memory_mb: float):
        self.started, self.workers = started, started.workers   # one list: replacements show in both
        self.queue, self.on_result = queue, on_result
        self.timeout, self.max_memory_mb = timeout, max_memory_mb
        self.start_failures = 0

    def busy(self) -> bool:
        return any(w.job is not None or (self.queue and not w.ready) for w in self.workers)

    def replace(self, w: _Worker) -> _Worker:
        self.workers[self.workers.index(w)] = fresh = _Worker(self.started.ctx, self.started.tmp)
        return fresh

    def feed(self, w: _Worker) -> None:
        w.job = None
        if self.queue and w.ready and w.give(self.queue[0], self.started.hand_off):
            self.queue.popleft()  # sent; one whose worker died meanwhile stays first, for the next worker

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
        if msg.get("retire"):  # it leaves on its own; its replacement starts meanwhile
            w.job = None
            w.leave()
            self.started.leaving.append(w)
            w = self.replace(w)
        self.feed(w)  # the next job first: the worker converts while this process records
        self.on_result(job, msg)

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
        self.started.reap()
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
