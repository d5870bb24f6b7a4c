"""The batch's fixed costs paid off the critical path (issue 19) without changing what it writes:
an output written in a thread while its store rows are made is the same file, with the same rows,
as one written alone; a write's failure still reaches the caller; workers started before the
plan are the ones that convert, and those never given a job are stopped with their folder."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from pipeline.batch import pool, worker
from pipeline.batch.plan import Job, sha256_file
from pipeline.writers import json_out
from tests.conftest import SEED


def _job(tmp_path: Path) -> Job:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    return Job(str(src / "seed.txt"), "seed.txt", "txt", sha256_file(str(src / "seed.txt")),
               str(tmp_path / "out" / "seed.json"))


@pytest.mark.parametrize("overlap_bytes", [1 << 30, 0], ids=["in a thread", "alone"])
def test_both_ways_of_writing_give_the_same_output_and_rows(tmp_path, monkeypatch, overlap_bytes):
    job = _job(tmp_path)
    os.makedirs(os.path.dirname(job.output))
    Path(job.error_output).write_text("{}", encoding="utf-8")  # an earlier run's error record
    monkeypatch.setattr(worker, "OVERLAP_BYTES", overlap_bytes)
    result = worker.process(job)
    assert result["status"] == "ok" and not os.path.exists(job.error_output)
    data = worker.process(job, write=False)["data"]
    assert Path(job.output).read_bytes() == json_out.dumps(data)
    from pipeline.store.db import DocRows

    assert result["data"] == DocRows.of(data)


def test_a_full_disk_in_the_writing_thread_is_the_batchs_disk_full(tmp_path, monkeypatch):
    job = _job(tmp_path)

    def no_space(path, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(json_out, "write_atomic", no_space)
    result = worker.process(job)
    assert result["status"] == "disk_full" and result["error"] == f"disk full at {job.output}"
    assert not os.path.exists(job.output)


def test_workers_started_before_the_jobs_convert_them_and_the_idle_are_stopped(tmp_path):
    jobs = [_job(tmp_path)]
    results = []
    with pool.LocalWorkers(2, str(tmp_path / "tmp")) as started:
        pids = {w.proc.pid for w in started.workers}
        procs = [w.proc for w in started.workers]
        folder = started.tmp
        pool.run_local(jobs, started, lambda job, result: results.append(result), 120.0, 2048.0)
        assert len(started.workers) == 1  # one job: the other worker, never used, is gone already
    assert [r["status"] for r in results] == ["ok"] and results[0]["pid"] in pids
    assert not any(p.is_alive() for p in procs) and not os.path.exists(folder)


def test_a_failing_warm_up_is_left_to_the_documents(monkeypatch):
    import extractors
    from pipeline import convert

    def missing_model() -> None:
        raise RuntimeError("model missing")

    monkeypatch.setattr(extractors, "load_models", missing_model)
    convert.warm_up.cache_clear()
    try:
        worker.warm_up()  # the worker still starts; each document meets the error and records it
        with pytest.raises(RuntimeError, match="model missing"):
            convert.warm_up()
    finally:
        convert.warm_up.cache_clear()
