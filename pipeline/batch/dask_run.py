"""The same batch jobs on Dask distributed: `local` starts a LocalCluster of single-threaded
worker processes with a memory limit each; `tcp://host:port` joins a running scheduler, whose
workers must have vanban installed and see the input and output paths. Each worker writes its
document's JSON (or error record) itself and sends back only the store's rows, as local workers do."""
from __future__ import annotations

import os
import time
from functools import lru_cache
from typing import Any, Callable, Iterable

from pipeline.batch.plan import Job

# A worker writes no output later than this many seconds before the job's time limit, so that a
# job the client has given up on (and recorded as failed) leaves no output behind.
_WRITE_MARGIN = 2.0


def _remote(job: Job, write_before: float) -> dict[str, Any]:
    """Runs on a Dask worker: convert and write the output there, unless the time limit (a wall
    clock time: *write_before*) has passed meanwhile; the result carries the store's rows."""
    from pipeline.batch.worker import disk_full, process, warm_up

    os.environ["VANBAN_OCR_THREADS"] = "1"
    warm_up()  # the local workers' warm-up, once per Dask worker process (its first job waits for it)
    warm_office()
    result = process(job, write=False)
    if time.time() > write_before:
        return {**result, "status": "late", "data": None}
    t0 = time.perf_counter()
    try:
        _write(job, result)
    except OSError as exc:
        if not disk_full(exc):
            raise
        return {**result, "status": "disk_full", "error": f"disk full at {exc.filename or job.output}", "data": None}
    spent = time.perf_counter() - t0
    result["stages"]["write"] = result["stages"].get("write", 0.0) + spent
    if result["status"] == "ok":
        from pipeline.store.db import DocRows

        result["data"] = DocRows.of(result["data"])
    return {**result, "seconds": result["seconds"] + spent}


@lru_cache(maxsize=1)
def warm_office() -> None:
    """This Dask worker's .doc files through one long-lived LibreOffice, as a local worker's (not
    a fresh office, ~1 s, per file), when the worker runs one task at a time: an office converts
    one document at a time. Nothing off a worker, or on one with more threads."""
    from distributed import get_worker

    from pipeline.readers.doc import use_warm_office

    try:
        threads = get_worker().state.nthreads
    except ValueError:  # not on a Dask worker
        return
    if threads == 1:
        use_warm_office()


def _write(job: Job, result: dict[str, Any]) -> None:
    """Write *result*'s output for *job*, or its error record when it failed; nothing when the
    worker found no space for temporary files (on_result then stops the run, and the next run converts it)."""
    from pipeline.batch.worker import write_error
    from pipeline.writers.json_out import dumps, write_atomic

    if result["status"] == "ok":
        write_atomic(job.output, dumps(result["data"]))
        if os.path.exists(job.error_output):
            os.unlink(job.error_output)
    elif result["status"] == "failed":
        write_error(job, result["kind"], result["error"])


def _failed(job: Job, kind: str, error: str, seconds: float) -> dict[str, Any]:
    return {"rel": job.rel, "status": "failed", "kind": kind, "error": error, "seconds": seconds,
            "stages": {}, "rss_mb": 0.0, "pid": 0}


def _connect(address: str, workers: int, max_memory_mb: float):
    """(client, cluster): a fresh LocalCluster for "local" (cluster None otherwise)."""
    from distributed import Client, LocalCluster

    if address != "local":
        return Client(address, timeout=30), None
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           memory_limit=f"{int(max_memory_mb)}MB", dashboard_address=None)
    return Client(cluster), cluster


class _Run:
    """The jobs of one Dask run: those waiting, those running (future → job, start), and the
    client's bookkeeping of each result."""

    def __init__(self, client: Any, jobs: list[Job], slots: int, timeout: float,
                 on_result: Callable[[Job, dict[str, Any]], None]):
        self.client, self.slots, self.timeout, self.on_result = client, slots, timeout, on_result
        self.queue = list(reversed(jobs))
        self.running: dict[Any, tuple[Job, float]] = {}

    def submit(self) -> None:
        """Fill the free slots (one job per worker thread, so a job's clock starts when it does)."""
        while self.queue and len(self.running) < self.slots:
            job = self.queue.pop()
            write_before = time.time() + self.timeout - _WRITE_MARGIN
            key = f"vanban-{job.sha256[:16]}-{len(self.queue)}"
            self.running[self.client.submit(_remote, job, write_before, pure=False, key=key)] = (job, time.monotonic())

    def collect(self, done: Iterable[Any]) -> None:
        """Hand each finished job's result on; a worker's crash is the job's failure."""
        from pipeline.batch.worker import write_error

        for fut in done:
            job, started = self.running.pop(fut)
            try:
                result = fut.result()
            except Exception as exc:  # KilledWorker and the like
                result = _failed(job, "crash", f"{type(exc).__name__}: {exc}"[:500], time.monotonic() - started)
                write_error(job, "crash", result["error"])
            if result["status"] == "late":  # finished after its limit, unwritten
                reason = f"time limit of {self.timeout:g} s exceeded"
                write_error(job, "timeout", reason)
                result = _failed(job, "timeout", reason, result["seconds"])
            self.on_result(job, result)

    def expire(self) -> None:
        """Record the jobs past their time limit as failed and cancel them (a worker thread cannot
        be stopped: it finishes the document in the background and writes nothing)."""
        from pipeline.batch.worker import write_error

        now = time.monotonic()
        for fut, (job, started) in list(self.running.items()):
            if now - started > self.timeout:
                self.running.pop(fut)
                fut.cancel()
                reason = f"time limit of {self.timeout:g} s exceeded"
                write_error(job, "timeout", reason)
                self.on_result(job, _failed(job, "timeout", reason, now - started))


def run_dask(jobs: Iterable[Job], address: str, workers: int,
             on_result: Callable[[Job, dict[str, Any]], None], timeout: float, max_memory_mb: float) -> None:
    """Run *jobs* on Dask; *on_result(job, result)* as in pool.run_local. A job past *timeout* is
    recorded as failed and its future cancelled; a worker past its memory limit is restarted by
    its nanny, and a job that kills workers repeatedly is recorded as failed."""
    from distributed import wait

    jobs = list(jobs)
    if not jobs:
        return
    client, cluster = _connect(address, workers, max_memory_mb)
    try:
        slots = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        run = _Run(client, jobs, slots, timeout, on_result)
        while run.queue or run.running:
            run.submit()
            try:
                done, _ = wait(list(run.running), timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:  # distributed's wait raises when nothing finished in time
                done = set()
            run.collect(done)
            run.expire()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
