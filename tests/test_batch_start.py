"""The batch's first workers fork from the command line's process (issue 19: no fresh interpreter,
no second import of what it holds): only from a process without threads; a forked worker writes
the very bytes a spawned one writes; a worker that retires is replaced by a spawned one."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from multiprocessing.context import SpawnProcess
from pathlib import Path

from pipeline.batch import pool
from pipeline.batch.plan import Job, sha256_file
from pipeline.batch.start import start
from tests.conftest import ROOT, SEED


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


# in a process of its own: the test session may hold threads (a server's, a pool's) by then
_FORKED = """
import json, sys
from pipeline.batch import pool, worker
from pipeline.batch.plan import Job
jobs = [Job(*j) for j in json.loads(sys.argv[1])]
worker.RETIRE_MB = 0.0  # the forked worker inherits it: it retires after one job
results = []
assert pool.may_fork()
with pool.LocalWorkers(1, sys.argv[2], fork=True) as started:
    first = started.workers[0].proc
    kinds = [type(first).__name__]
    pool.run_local(jobs, started, lambda job, result: results.append(result), 120.0, 2048.0)
    kinds.append(type(started.workers[0].proc).__name__)  # the replacement
print(json.dumps({"kinds": kinds, "first": first.pid, "results": [[r["status"], r["pid"]] for r in results]}))
"""


def test_a_forked_worker_writes_what_a_spawned_one_writes_and_its_replacement_spawns(tmp_path):
    forked, spawned = _jobs(tmp_path, ["a.txt", "b.txt"])
    jobs = json.dumps([[j.path, j.rel, j.fmt, j.sha256, j.output] for j in (forked, spawned)])
    done = subprocess.run([sys.executable, "-c", _FORKED, jobs, str(tmp_path / "tmp")], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=True)
    seen = json.loads(done.stdout)
    assert seen["kinds"] == ["ForkProcess", "SpawnProcess"]
    assert [status for status, _ in seen["results"]] == ["ok", "ok"]
    assert seen["results"][0][1] == seen["first"] != seen["results"][1][1]
    assert Path(forked.output).read_bytes() == Path(spawned.output).read_bytes().replace(b"b.txt", b"a.txt")


def test_the_first_steps_start_no_worker_for_an_empty_source_or_dask(tmp_path):
    (tmp_path / "src").mkdir()
    empty = start(str(tmp_path / "src"), str(tmp_path / "out"), 2, fork=True)
    assert empty.found == [] and empty.workers is None and (tmp_path / "out").is_dir()
    _jobs(tmp_path, ["a.txt"])
    dask = start(str(tmp_path / "src"), str(tmp_path / "out"), 2, local=False)
    assert [rel for _, rel, _ in dask.found] == ["a.txt"] and dask.workers is None
