"""One batch job in a worker: convert, write the JSON (or the error record) atomically, and
report time per stage and the worker's peak memory. Also the loop of a local worker process."""
from __future__ import annotations

import errno
import gc
import os
import resource
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any, Callable

from pipeline.batch.plan import Job

_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


RETIRE_MB = 220.0  # a worker this large after a job leaves, and a fresh one takes its place


def rss_mb(pid: int | str = "self") -> float:
    """Current resident memory of a process in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE_MB
    except (OSError, ValueError, IndexError):
        return 0.0


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def error_record(job: Job, kind: str, reason: str) -> dict[str, Any]:
    """The record an unconvertible input leaves beside the outputs: what, why, which pipeline."""
    from pipeline.batch.plan import pipeline_version

    return {"source": {"path": job.path, "sha256": job.sha256, "format": job.fmt},
            "error": {"kind": kind, "reason": reason}, "pipeline": pipeline_version()}


def write_error(job: Job, kind: str, reason: str) -> None:
    """Write the error record and remove any output an earlier version left for this input."""
    from pipeline.writers.json_out import dumps, write_atomic

    write_atomic(job.error_output, dumps(error_record(job, kind, reason)))
    if os.path.exists(job.output):
        os.unlink(job.output)


def disk_full(exc: BaseException) -> bool:
    """True for a failure to write for lack of space (or quota): the disk's fault, not the input's."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def process(job: Job, write: bool = True, hand_off: bool = False) -> dict[str, Any]:
    """Convert *job*; the result says ok or failed (kind: input | internal) with the reason and
    the seconds per stage, or "disk_full" when a write found no space (nothing is wrong with the
    input: the batch stops and the next run converts it). With *write* (local workers), the
    output or the error record is written here and "data" holds the store's rows for it;
    otherwise (Dask) "data" is the contract dict and the caller writes. With *hand_off* too, an
    output under OVERLAP_BYTES is not written here: its bytes go back as "content", for the batch
    process to write (write_output) before it journals the document."""
    try:
        return _process(job, write, hand_off)
    except OSError as exc:
        if not disk_full(exc):
            raise
        return {"rel": job.rel, "status": "disk_full", "error": f"disk full at {exc.filename or job.output}",
                "seconds": 0.0, "stages": {}, "rss_mb": peak_rss_mb(), "pid": os.getpid()}


def _process(job: Job, write: bool, hand_off: bool = False) -> dict[str, Any]:
    from pipeline.convert import convert
    from pipeline.readers.errors import InputError

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    result: dict[str, Any] = {"rel": job.rel, "status": "ok"}
    try:
        data = convert(job.path, timings)
    except InputError as exc:
        result.update(status="failed", kind="input", error=exc.reason)
    except MemoryError:
        result.update(status="failed", kind="memory", error="ran out of memory")
    except OSError as exc:
        if disk_full(exc):  # a temporary file (LibreOffice's) found no space
            raise
        result.update(status="failed", kind="internal", error=f"{type(exc).__name__}: {exc}"[:500])
    except Exception as exc:  # a bug must cost one file, never the batch
        result.update(status="failed", kind="internal", error=f"{type(exc).__name__}: {exc}"[:500])
    if result["status"] == "ok":
        t1 = time.perf_counter()
        if hand_off:
            result["data"], result["content"] = _rows_and_bytes(job, data)
        else:
            result["data"] = _write_output(job, data) if write else data
        timings["write"] = time.perf_counter() - t1
    elif write:
        write_error(job, result["kind"], result["error"])
    result.update(seconds=time.perf_counter() - t0, stages=timings, rss_mb=peak_rss_mb(), pid=os.getpid())
    return result


OVERLAP_BYTES = 1 << 20  # outputs smaller than this are written while their store rows are made


def _write_output(job: Job, data: dict[str, Any]) -> Any:
    """Write *job*'s output and return its store rows (DocRows). An output under OVERLAP_BYTES
    is written in a thread while the rows are made (its fsync, ~4 ms, is waiting for the disk);
    a larger one first, alone, so that its bytes and the rows' are never in memory together."""
    from pipeline.store.db import DocRows
    from pipeline.writers.json_out import dumps, write_atomic

    content = dumps(data)
    if len(content) >= OVERLAP_BYTES:
        write_atomic(job.output, content)
        del content
        rows = DocRows.of(data)
    else:
        written = in_thread(write_atomic, job.output, content)
        try:
            rows = DocRows.of(data)
        finally:
            written()
    _drop_error_record(job)
    return rows


def _rows_and_bytes(job: Job, data: dict[str, Any]) -> tuple[Any, bytes | None]:
    """*job*'s store rows and its output's bytes, for the batch process to write: the worker goes on
    to its next job instead of waiting for the fsync (~3 ms a file on a quiet disk, tens of ms on a
    busy one). The small output's rows come unfinished (DocRows.of later): the batch process
    compresses the blob and folds the FTS text, beside this worker's next job. An output of
    OVERLAP_BYTES or more is written here, first and alone, as _write_output does (bytes None):
    never in memory beside the rows, nor copied through the pipe; its rows come finished."""
    from pipeline.store.db import DocRows
    from pipeline.writers.json_out import dumps

    content = dumps(data)
    if len(content) < OVERLAP_BYTES:
        return DocRows.of(data, later=True), content
    write_output(job, content)
    del content
    return DocRows.of(data), None


def write_output(job: Job, content: bytes) -> None:
    """Write *job*'s output durably (renamed into place after its fsync) and remove the error
    record an earlier run left for it: what the batch process does with a handed-off output
    before its store rows and manifest row may say it is done."""
    from pipeline.writers.json_out import write_atomic

    write_atomic(job.output, content)
    _drop_error_record(job)


def _drop_error_record(job: Job) -> None:
    if os.path.exists(job.error_output):
        os.unlink(job.error_output)


def in_thread(fn: Callable[..., None], *args: Any) -> Callable[[], None]:
    """Start fn(*args) in a thread; the function returned waits for it and raises what it raised."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            fn(*args)
        except BaseException as exc:  # handed to the caller
            failed.append(exc)

    thread = threading.Thread(target=run, name="vanban-write")
    thread.start()

    def wait() -> None:
        thread.join()
        if failed:
            raise failed[0]
    return wait


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the batch process dies (even by SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def warm_up() -> None:
    """Load the models and compile the schema now (pipeline.convert.warm_up). A failure is left
    to the documents to meet, each recorded as failed with the reason, as without the warm-up,
    rather than stopping the worker before its first job (and the batch after a few)."""
    from pipeline.convert import warm_up as load

    try:
        load()
    except Exception:  # noqa: BLE001  (each document's conversion raises it again and says why)
        pass


def worker_main(conn: Connection, tmp: str | None = None) -> None:
    """A local worker: its own process group (so a time-limit kill takes LibreOffice or Tesseract
    with it), one OCR thread, imports loaded once, temporary files under *tmp* (the pool's own
    folder, removed after it); then jobs from *conn* until None. After a job that left it above
    RETIRE_MB (Python keeps freed memory), it says so and leaves, so memory stays flat over an
    archive."""
    os.setpgrp()
    if tmp:
        import tempfile

        os.environ["TMPDIR"] = tempfile.tempdir = tmp
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch process handles Ctrl-C for everyone
    os.environ["VANBAN_OCR_THREADS"] = "1"
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from extractors import extract_all  # noqa: F401  (warm-up: the first job is not charged the imports)
    from pipeline.readers.doc import use_warm_office

    warm_up()  # nor the models and the schema (~1.2 s), loaded while the batch plans
    use_warm_office()  # this worker's .doc files through one LibreOffice, started at its first .doc
    conn.send({"ready": os.getpid()})
    _serve(conn)
    gc.freeze()  # exit without collecting the heap one last time (~0.4 s of a 180 MB worker's exit)


def _serve(conn: Connection) -> None:
    """Convert the jobs *conn* sends, each as (job, hand_off: see process), until None, or until
    this worker should retire."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, hand_off = message
        result = process(job, hand_off=hand_off)
        result["retire"] = rss_mb() > RETIRE_MB
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return
        if result["retire"]:
            return
        if os.getppid() == 1:
            sys.exit(0)
