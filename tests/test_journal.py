"""The batch process writes the small outputs its workers hand back (issue 19: the fsync off the
worker's path) and journals each only once it is durable: the same bytes and rows as a worker's
own write, results recorded in arrival order, a failure to write stopping the run (no space) or
costing that document only (any other error), and nothing journaled after a failed record."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import orjson
import pytest

from pipeline.batch import worker
from pipeline.batch.journal import Journal, journaled
from pipeline.batch.plan import Job, sha256_file
from pipeline.batch.runner import Options, run_batch
from pipeline.store import Store
from pipeline.store.db import DocRows
from pipeline.writers import json_out
from tests.conftest import SEED

QUIET = {"progress": False, "graph": False}


def _job(tmp_path: Path, name: str = "seed.txt") -> Job:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    shutil.copy(SEED, src / name)
    return Job(str(src / name), name, "txt", sha256_file(str(src / name)),
               str(tmp_path / "out" / name.replace(".txt", ".json")))


def test_a_handed_off_output_is_the_bytes_and_rows_a_worker_writes(tmp_path):
    job = _job(tmp_path)
    handed = worker.process(job, hand_off=True)
    assert handed["status"] == "ok" and not os.path.exists(job.output)  # the worker wrote nothing
    data = worker.process(job, write=False)["data"]
    assert handed["content"] == json_out.dumps(data)
    rows = handed["data"]  # left for the batch process to finish: the blob not compressed, the FTS text not folded
    assert rows.head is not None and rows.folded == "" and rows.blob == orjson.dumps(data)
    assert rows.finish() == DocRows.of(data) and rows.finish() == DocRows.of(data)  # finished once, then as it is
    os.makedirs(os.path.dirname(job.output))
    Path(job.error_output).write_text("{}", encoding="utf-8")  # an earlier run's error record
    worker.write_output(job, handed["content"])
    written = Path(job.output).read_bytes()
    assert not os.path.exists(job.error_output)
    os.unlink(job.output)
    assert worker.process(job)["data"] == handed["data"] and Path(job.output).read_bytes() == written


def test_a_large_output_is_written_by_the_worker_itself(tmp_path, monkeypatch):
    job = _job(tmp_path)
    monkeypatch.setattr(worker, "OVERLAP_BYTES", 0)
    handed = worker.process(job, hand_off=True)
    assert handed["content"] is None and os.path.exists(job.output)
    assert Path(job.output).read_bytes() == json_out.dumps(worker.process(job, write=False)["data"])


def test_the_journal_records_in_order_and_stops_at_its_first_failure():
    seen = []

    def record(job, result):
        if result["n"] == 3:
            raise OSError(errno.EIO, "broken disk")
        seen.append(result["n"])

    journal = Journal(record, depth=2)
    for n in range(3):
        journal.submit(None, {"n": n})
    journal.submit(None, {"n": 3})
    with pytest.raises(OSError, match="broken disk"):
        for n in range(4, 100):  # raised at a later submit, once the thread met it
            journal.submit(None, {"n": n})
        journal.close()
    journal.close(raising=False)
    assert seen == [0, 1, 2]


def test_journaled_records_everything_before_it_returns_or_raises():
    seen = []

    def run(submit):
        for n in range(50):
            submit(None, n)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        journaled(lambda job, n: seen.append(n), 4, run)
    assert seen == list(range(50))


def _sources(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for k in range(n):
        text = SEED.read_text(encoding="utf-8").replace("2571", str(3000 + k))
        (src / f"qd-{k}.txt").write_text(text, encoding="utf-8")
    return src


def _failing_write(monkeypatch, fails_after: int, error: int):
    """json_out.write_atomic raising *error* for the outputs after the first *fails_after*."""
    real, outputs = json_out.write_atomic, []

    def write(path, content):
        if Path(path).name.startswith("qd-") and not str(path).endswith(".error.json"):
            if len(outputs) >= fails_after:
                raise OSError(error, os.strerror(error), str(path))
            outputs.append(path)
        real(path, content)
    monkeypatch.setattr(json_out, "write_atomic", write)


def test_no_space_for_a_handed_off_output_stops_the_run_and_the_next_finishes(tmp_path, monkeypatch):
    src, out = _sources(tmp_path, 5), tmp_path / "out"
    _failing_write(monkeypatch, 2, errno.ENOSPC)  # in this process: the workers hand their outputs here
    first = run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert first.disk_full and first.disk_full.startswith("disk full at ") and not first.failed
    with Store(str(out / "vanban.sqlite")) as store:
        done = {rel for rel, row in store.manifest().items() if row["status"] == "ok"}
    assert len(done) == 2 and all((out / rel.replace(".txt", ".json")).exists() for rel in done)
    monkeypatch.undo()
    second = run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert not second.disk_full and sum(second.converted.values()) == 3 and sum(second.unchanged.values()) == 2


def test_another_failure_to_write_costs_that_document_only(tmp_path, monkeypatch):
    src, out = _sources(tmp_path, 4), tmp_path / "out"
    _failing_write(monkeypatch, 3, errno.EACCES)
    summary = run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert sum(summary.converted.values()) == 3 and sum(summary.failed.values()) == 1
    [(path, kind, reason)] = summary.failures
    assert kind == "internal" and reason.startswith("PermissionError")
    failed = out / Path(path).name.replace(".txt", ".error.json")
    assert failed.exists() and not failed.with_name(failed.name.replace(".error", "")).exists()
    with Store(str(out / "vanban.sqlite")) as store:
        assert store.count() == 3 and len(store.manifest()) == 4
