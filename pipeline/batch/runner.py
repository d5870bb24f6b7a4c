"""A whole batch: plan, skip what the manifest holds as done, convert the rest in parallel,
record every result in the store as it arrives, rebuild the citation graph, summarise."""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.batch.graph_inputs import GraphInputs
from pipeline.batch.journal import journaled
from pipeline.batch.plan import Job, jobs_of, pipeline_version
from pipeline.batch.pool import LocalWorkers
from pipeline.batch.start import Started, start
from pipeline.batch.worker import disk_full, in_thread, write_error, write_output
from pipeline.readers.errors import show_path
from pipeline.store import Store
from pipeline.store.db import DocRows, StoreError, store_full


@dataclass
class Options:
    workers: int = os.cpu_count() or 1
    store: str | None = None          # default OUT/vanban.sqlite
    dask: str | None = None           # None, "local" or "tcp://host:port"
    timeout: float = 300.0            # seconds per document
    max_memory_mb: float = 2048.0     # resident memory per worker
    retry_failed: bool = False
    keep_removed: bool = False        # keep outputs and store rows of inputs gone from the source
    graph: bool = True
    progress: bool | None = None      # None: when stderr is a terminal


@dataclass
class Summary:
    """What a batch did, by format; every supported input is in exactly one of converted,
    failed and unchanged."""
    inputs: int = 0
    converted: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    unsupported: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str, str]] = field(default_factory=list)   # (path, kind, reason)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    peak_rss_mb: dict[int, float] = field(default_factory=dict)          # per worker pid
    graph: str | None = None
    pipeline: str = ""
    disk_full: str | None = None      # where a write found no space: the run stopped there
    removed: int = 0                  # inputs gone from the source: outputs and rows removed
    gone_kept: int = 0                # inputs gone from the source, kept (--keep-removed, another source)

    def to_json(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline, "inputs": self.inputs, "converted": dict(self.converted),
            "failed": dict(self.failed), "unchanged": dict(self.unchanged),
            "unsupported": self.unsupported, "seconds": round(self.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "peak_rss_mb": round(max(self.peak_rss_mb.values(), default=0.0), 1),
            "workers": len(self.peak_rss_mb), "graph": self.graph, "disk_full": self.disk_full,
            "removed": self.removed, "gone_kept": self.gone_kept,
            "failures": [{"path": p, "kind": k, "reason": r} for p, k, r in self.failures],
        }

    def lines(self) -> list[str]:
        """The summary a person reads at the end of a run."""
        def by_fmt(c: Counter) -> str:
            return f"{sum(c.values())}" + (f" ({', '.join(f'{k} {v}' for k, v in sorted(c.items()))})" if c else "")
        n = sum(self.converted.values()) + sum(self.failed.values())
        out = [f"{self.disk_full}; nothing lost; run again after freeing space"] if self.disk_full else []
        out += [f"inputs: {self.inputs}  converted: {by_fmt(self.converted)}  failed: {by_fmt(self.failed)}"
               f"  unchanged: {by_fmt(self.unchanged)}"]
        if self.unsupported:
            out.append("not converted (unsupported extension, or not a regular file): "
                       + ", ".join(f"{k} {v}" for k, v in sorted(self.unsupported.items())))
        if self.removed:
            out.append(f"removed: {self.removed} inputs no longer in the source folder (their outputs and store"
                       " rows; --keep-removed keeps them)")
        if self.gone_kept:
            out.append(f"kept: {self.gone_kept} inputs of the store not in this source folder"
                       " (--keep-removed, or the store was made from another folder)")
        if n or self.disk_full:
            rate = n / self.seconds if self.seconds else 0.0
            rss = max(self.peak_rss_mb.values(), default=0.0)
            out.append(f"time: {self.seconds:.1f} s ({rate:.1f} documents/s), peak worker memory {rss:.0f} MB")
        else:
            out.append(f"nothing to convert: all {self.inputs} inputs are unchanged since the last run"
                       f" (pipeline {self.pipeline})")
        out += [f"failed: {show_path(p)}: {k}: {show_path(r)}" for p, k, r in self.failures[:20]]
        if len(self.failures) > 20:
            out.append(f"… and {len(self.failures) - 20} more failures (see summary.json)")
        if self.graph:
            out.append(f"graph: {self.graph}")
        return out


def _todo(jobs: list[Job], store: Store, version: str, retry_failed: bool, summary: Summary) -> list[Job]:
    """The jobs the manifest does not hold as done for this content and pipeline version."""
    manifest = store.manifest()
    todo = []
    for job in jobs:
        row = manifest.get(job.rel)
        done = (row is not None and job.sha256 and row["sha256"] == job.sha256 and row["pipeline"] == version
                and ((row["status"] == "ok" and os.path.exists(job.output))
                     or (row["status"] == "failed" and not retry_failed and os.path.exists(job.error_output))))
        if done:
            summary.unchanged[job.fmt] += 1
        else:
            todo.append(job)
    return todo


def _removed_inputs(src: str, out: str, jobs: list[Job], store: Store, keep: bool, summary: Summary) -> None:
    """Inputs in the manifest that are no longer under *src*: their outputs and store rows go,
    unless *keep* or the store was last filled from another source folder (OUT/.vanban-source
    names it; a store without it is claimed by this run), when they are only counted."""
    current = {job.rel for job in jobs}
    gone = [row for rel, row in store.manifest().items() if rel not in current]
    marker = os.path.join(out, ".vanban.source")
    try:
        with open(marker, encoding="utf-8") as f:
            same_source = f.read() == os.path.realpath(src)
    except OSError:
        from pipeline.writers.json_out import write_atomic

        same_source = not gone  # a store from before the marker: never prune on a guess
        write_atomic(marker, os.path.realpath(src))
    if gone and (keep or not same_source):
        summary.gone_kept = len(gone)
        return
    outputs = {job.output for job in jobs} | {job.error_output for job in jobs}
    for row in gone:
        stem = os.path.join(out, os.path.splitext(row["path"])[0])
        for path in (row["output"] and os.path.join(out, row["output"]), stem + ".json", stem + ".error.json",
                     os.path.join(out, row["path"]) + ".json", os.path.join(out, row["path"]) + ".error.json"):
            if path and path not in outputs and os.path.isfile(path):
                os.unlink(path)
        store.forget(row["path"])
    summary.removed = len(gone)


def _size(job: Job) -> int:
    try:
        return os.path.getsize(job.path)
    except OSError:
        return 0


def run_batch(src: str, out: str, opts: Options, started: Started | None = None) -> Summary:
    """Convert every supported file under *src* into *out* and the store; return the summary.
    *started*: the first steps (start.start), when the caller took them earlier (the command line,
    so that the workers start before its imports); this run closes their workers."""
    from pipeline.writers.json_out import dumps, write_atomic

    version = pipeline_version()
    summary = Summary(pipeline=version)
    # the workers start up (imports, models) while this process hashes the inputs and reads the manifest
    started = started or start(src, out, opts.workers, local=not opts.dask)
    found, summary.unsupported, tmp_root, workers = started.found, started.unsupported, started.tmp_root, started.workers
    t0 = started.t0
    if workers is not None:
        workers.hand_off = True  # the journal writes their small outputs (_Recorder.record)
    try:
        jobs = jobs_of(found, out)
        summary.inputs = len(jobs)
        with Store(opts.store or os.path.join(out, "vanban.sqlite")) as store:
            todo = _todo(jobs, store, version, opts.retry_failed, summary)
            todo.sort(key=_size, reverse=True)  # largest first: the last minutes are not one worker on one long file
            try:
                _removed_inputs(src, out, jobs, store, opts.keep_removed, summary)
                graph_ready = _preload_graph() if opts.graph else None
                gathered = GraphInputs(store) if opts.graph else None
                with _Progress(len(todo), opts.progress) as progress:
                    record = _Recorder(store, summary, version, out, progress, gathered).record
                    journaled(record, 4 * max(1, opts.workers), lambda submit: _convert_all(todo, opts, submit, workers))
                graph_path = os.path.join(out, "graph.graphml")
                if opts.graph and (todo or summary.removed or not os.path.exists(graph_path)) and store.count():
                    summary.graph = _graph(store, graph_path, graph_ready, gathered)  # while the workers exit
                elif opts.graph and os.path.exists(graph_path):
                    summary.graph = graph_path
            except (DiskFull, OSError, StoreError) as exc:
                summary.disk_full = _disk_full_at(exc)  # the run that finishes the rest rebuilds the graph
                if summary.disk_full is None:
                    raise
    finally:
        if workers is not None:
            workers.close()
        shutil.rmtree(tmp_root, ignore_errors=True)
    summary.seconds = time.perf_counter() - t0
    try:
        write_atomic(os.path.join(out, "summary.json"), dumps(summary.to_json()))
    except OSError as exc:
        if not disk_full(exc):
            raise
        summary.disk_full = summary.disk_full or f"disk full at {exc.filename or out}"
    return summary


@dataclass
class _Recorder:
    """Each result of a batch, recorded as it arrives (in the journal's thread): the output a worker
    handed back, written before anything says it is done; the store, the summary, the progress bar,
    the graph's inputs."""
    store: Store
    summary: Summary
    version: str
    out: str
    progress: "_Progress"
    gathered: GraphInputs | None = None

    def record(self, job: Job, result: dict[str, Any]) -> None:
        """Record one result; the seconds it took this thread (the handed-off write's fsync, the
        rows finished, the store) are the summary's "journal" stage, beside the workers' stages."""
        t0 = time.perf_counter()
        self._record(job, result)
        self.summary.stage_seconds["journal"] += time.perf_counter() - t0

    def _record(self, job: Job, result: dict[str, Any]) -> None:
        summary = self.summary
        if result["status"] == "disk_full":
            raise DiskFull(result["error"])
        if result["status"] == "ok" and result.get("content") is not None:
            _write_handed_off(job, result)
        if result["status"] == "ok":
            output = os.path.relpath(job.output, self.out)
            self.store.record_document(job.rel, result["data"], self.version, output, result["seconds"], result["rss_mb"])
            if self.gathered is not None:
                self.gathered.stored(job.rel, output, result["data"])
            summary.converted[job.fmt] += 1
        else:
            self.store.record_failure(job.rel, job.sha256, self.version, job.fmt, result["kind"], result["error"],
                                      result["seconds"], result["rss_mb"])
            summary.failed[job.fmt] += 1
            summary.failures.append((job.path, result["kind"], result["error"]))
        for stage, dt in result["stages"].items():
            summary.stage_seconds[stage] += dt
        if result["pid"]:
            pid = result["pid"]
            summary.peak_rss_mb[pid] = max(summary.peak_rss_mb.get(pid, 0.0), result["rss_mb"])
        self.progress.advance(result["status"] == "ok")


def _write_handed_off(job: Job, result: dict[str, Any]) -> None:
    """Write the output bytes a worker handed back (popped from *result*); rows the worker left
    unfinished (DocRows.of later) are finished meanwhile, while the write's fsync waits for the
    disk. No space: the batch's disk full, as in a worker; another failure to write costs this
    document only (*result* becomes its failure, with the error record beside the outputs)."""
    content, rows = result.pop("content"), result["data"]
    try:
        if not isinstance(rows, DocRows) or rows.finished:
            write_output(job, content)
        else:
            written = in_thread(write_output, job, content)
            try:
                rows.finish()
            finally:
                written()
    except OSError as exc:
        if disk_full(exc):
            raise DiskFull(f"disk full at {exc.filename or job.output}") from exc
        reason = f"{type(exc).__name__}: {exc}"[:500]
        write_error(job, "internal", reason)
        result.update(status="failed", kind="internal", error=reason)


class DiskFull(Exception):
    """A write of the batch found no space; the message says where."""


def _disk_full_at(exc: BaseException) -> str | None:
    """The one-line "disk full at …" for a failure to write for lack of space; None for others."""
    if isinstance(exc, DiskFull):
        return str(exc)
    if isinstance(exc, StoreError):
        return "disk full at the store" if store_full(exc) else None
    return f"disk full at {exc.filename or '?'}" if disk_full(exc) else None


def _convert_all(todo: list[Job], opts: Options, on_result, workers: LocalWorkers | None) -> None:
    """Run the jobs on the local *workers* (started before) or on Dask, each result handed to
    *on_result* as it arrives."""
    if opts.dask:
        from pipeline.batch.dask_run import run_dask

        run_dask(todo, opts.dask, opts.workers, on_result, opts.timeout, opts.max_memory_mb)
    else:
        from pipeline.batch import pool

        pool.run_local(todo, workers or opts.workers, on_result, opts.timeout, opts.max_memory_mb)


def _preload_graph() -> threading.Thread:
    """Import networkx (~0.4 s) in a thread while the workers convert, instead of after the last
    document (the GraphML is pipeline.graphml's: neither networkx's writer nor numpy is needed)."""
    def load() -> None:
        try:
            from pipeline import graph, graphml  # noqa: F401
        except ImportError:  # the graph step imports again and says what is missing
            pass
    thread = threading.Thread(target=load, name="vanban-graph-imports", daemon=True)
    thread.start()
    return thread


def _graph(store: Store, path: str, ready: threading.Thread | None = None, gathered: GraphInputs | None = None) -> str:
    """Rebuild the citation graph from the store (its inputs as *gathered* while the results were
    recorded, when they are the store's); keep its edges in the store too."""
    if ready is not None:
        ready.join()
    from pipeline import graph

    g = graph.build(*gathered.inputs()) if gathered is not None else graph.build(store.graph_inputs())
    tmp = path + ".part.graphml"
    graph.write(g, tmp)
    os.replace(tmp, path)
    store.replace_edges((u, v, e["relation"], e["count"]) for u, v, e in g.edges(data=True))
    return path


class _Progress:
    """A rich progress bar (count, rate, ETA, failures) on a terminal; nothing otherwise."""

    def __init__(self, total: int, enabled: bool | None):
        self.total = total
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.failed = 0
        self.bar = None

    def __enter__(self) -> "_Progress":
        if self.enabled and self.total:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self.bar = Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[failed]}"),
                                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=False)
            self.bar.start()
            self.task = self.bar.add_task("batch", total=self.total, rate="", failed="")
            self.t0 = time.perf_counter()
        return self

    def advance(self, ok: bool) -> None:
        self.failed += not ok
        if self.bar is not None:
            done = self.bar.tasks[0].completed + 1
            rate = done / max(time.perf_counter() - self.t0, 1e-9)
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f} docs/s",
                            failed=f"{self.failed} failed" if self.failed else "")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
