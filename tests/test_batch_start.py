"""The batch's first workers fork from the command line's process (issue 19: no fresh interpreter,
no second import of what it holds): only from a process without threads; a forked worker writes
the very bytes a spawned one writes; a worker that retires is replaced by a spawned one."""
from __future__ import annotations

import shutil
import threading
from multiprocessing.context import ForkProcess, SpawnProcess
from pathlib import Path

from pipeline.batch import pool, worker
from pipeline.batch.plan import Job, sha256_file
from pipeline.batch.start import start
from tests.conftest import SEED


def _jobs(tmp_path: Path, names: list[str]) -> list[Job]:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    jobs = []
    for name in names:
        shutil.copy(SEED, src / name)
        jobs.append(Job(str(src / name), name, "txt", sha256_file(str(src / name)),
                        str(tmp_path / "out" / name.replace(".txt", ".json"))))
    return jobs


def test_a_process_with_a_thread_spawns_its_workers(tmp_path):
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not pool.may_fork()
        with pool.LocalWorkers(1, str(tmp_path / "tmp"), fork=True) as started:
            assert isinstance(started.workers[0].proc, SpawnProcess)
    finally:
        release.set()
        waiting.join()


def test_a_forked_worker_writes_what_a_spawned_one_writes_and_its_replacement_spawns(tmp_path, monkeypatch):
    assert pool.may_fork()
    forked, spawned = _jobs(tmp_path, ["a.txt", "b.txt"])
    results = []
    monkeypatch.setattr(worker, "RETIRE_MB", 0.0)  # the forked worker inherits it: it retires after one job
    with pool.LocalWorkers(1, str(tmp_path / "tmp"), fork=True) as started:
        first = started.workers[0].proc
        assert isinstance(first, ForkProcess)
        pool.run_local([forked, spawned], started, lambda job, result: results.append(result), 120.0, 2048.0)
        assert isinstance(started.workers[0].proc, SpawnProcess)  # the replacement: a fresh interpreter
    assert [r["status"] for r in results] == ["ok", "ok"]
    assert results[0]["pid"] == first.pid != results[1]["pid"]
    assert Path(forked.output).read_bytes() == Path(spawned.output).read_bytes().replace(b"b.txt", b"a.txt")


def test_the_first_steps_start_no_worker_for_an_empty_source_or_dask(tmp_path):
    (tmp_path / "src").mkdir()
    empty = start(str(tmp_path / "src"), str(tmp_path / "out"), 2, fork=True)
    assert empty.found == [] and empty.workers is None and (tmp_path / "out").is_dir()
    _jobs(tmp_path, ["a.txt"])
    dask = start(str(tmp_path / "src"), str(tmp_path / "out"), 2, local=False)
    assert [rel for _, rel, _ in dask.found] == ["a.txt"] and dask.workers is None
