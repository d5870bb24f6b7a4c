"""The same batch jobs on Dask distributed: `local` starts a LocalCluster of single-threaded
worker processes with a memory limit each; `tcp://host:port` joins a running scheduler, whose
workers must have vanban installed and see the input paths. Outputs are written here."""
from __future__ import annotations

import os
import time
from typing import Any, Callable, Iterable

from pipeline.batch.plan import Job


def _remote(job: Job) -> dict[str, Any]:
    """Runs on a Dask worker: convert without writing (this process writes)."""
    from pipeline.batch.worker import process

    os.environ["VANBAN_OCR_THREADS"] = "1"
    return process(job, write=False)


def _write(job: Job, result: dict[str, Any]) -> None:
    """A finished job's output or error record, written here; nothing when its worker found no
    space for temporary files (on_result then stops the run, and the next run converts it)."""
    from pipeline.batch.worker import write_error
    from pipeline.writers.json_out import dumps, write_atomic

    if result["status"] == "ok":
        write_atomic(job.output, dumps(result["data"]))
        if os.path.exists(job.error_output):
            os.unlink(job.error_output)
    elif result["status"] != "disk_full":
        write_error(job, result["kind"], result["error"])


def run_dask(jobs: Iterable[Job], address: str, workers: int,
             on_result: Callable[[Job, dict[str, Any]], None], timeout: float, max_memory_mb: float) -> None:
    """Run *jobs* on Dask; *on_result(job, result)* as in pool.run_local. A job past *timeout* is
    recorded as failed and its future cancelled (a worker thread cannot be stopped: it finishes
    the document in the background); a worker past its memory limit is restarted by its nanny,
    and a job that kills workers repeatedly is recorded as failed."""
    from distributed import Client, LocalCluster, wait

    from pipeline.batch.worker import write_error

    queue = list(jobs)
    queue.reverse()
    if not queue:
        return
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               memory_limit=f"{int(max_memory_mb)}MB", dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address, timeout=30)
    try:
        slots = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        running: dict[Any, tuple[Job, float]] = {}
        while queue or running:
            while queue and len(running) < slots:
                job = queue.pop()
                running[client.submit(_remote, job, pure=False, key=f"vanban-{job.sha256[:16]}-{len(queue)}")] = (job, time.monotonic())
            try:
                done, _ = wait(list(running), timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:  # distributed's wait raises when nothing finished in time
                done = set()
            for fut in done:
                job, started = running.pop(fut)
                try:
                    result = fut.result()
                except Exception as exc:  # KilledWorker and the like
                    result = {"rel": job.rel, "status": "failed", "kind": "crash",
                              "error": f"{type(exc).__name__}: {exc}"[:500], "seconds": time.monotonic() - started,
                              "stages": {}, "rss_mb": 0.0, "pid": 0}
                _write(job, result)
                on_result(job, result)
            now = time.monotonic()
            for fut, (job, started) in list(running.items()):
                if now - started > timeout:
                    running.pop(fut)
                    fut.cancel()
                    reason = f"time limit of {timeout:g} s exceeded"
                    write_error(job, "timeout", reason)
                    on_result(job, {"rel": job.rel, "status": "failed", "kind": "timeout", "error": reason,
                                    "seconds": now - started, "stages": {}, "rss_mb": 0.0, "pid": 0})
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
