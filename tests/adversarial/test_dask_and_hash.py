"""A full disk on the Dask path (a simulated ENOSPC, in the parent's write or in a worker's temporary
files) stops the run cleanly and the next run finishes the rest; the content hash taken while
planning (before any per-document time limit) never reads more than the readers accept."""
from __future__ import annotations

import errno

import pytest

from pipeline.batch.runner import Options, run_batch
from pipeline.store import Store
from tests.adversarial.test_batch import QUIET, _decisions

distributed = pytest.importorskip("distributed")


class _Future:
    """A job run at once in this process (the Dask scheduler's part is not what is tested)."""

    def __init__(self, fn, *args):
        self.value = fn(*args)

    def result(self):
        return self.value

    def cancel(self):
        pass


class _Client:
    def __init__(self, *args, **kwargs):
        pass

    def scheduler_info(self):
        return {"workers": {"w1": {}}}

    def submit(self, fn, *args, **kwargs):
        return _Future(fn, *args)

    def close(self):
        pass


class _Cluster(_Client):
    pass


@pytest.fixture
def in_process_dask(monkeypatch):
    monkeypatch.setattr(distributed, "Client", _Client)
    monkeypatch.setattr(distributed, "LocalCluster", _Cluster)
    monkeypatch.setattr(distributed, "wait", lambda futs, timeout, return_when: (set(futs), set()))


def _no_space(path):
    return OSError(errno.ENOSPC, "No space left on device", str(path))


def _check_resumed(src, out, first):
    assert first.disk_full and first.disk_full.startswith("disk full at ")
    assert "nothing lost" in first.lines()[0] and not first.failed
    with Store(str(out / "vanban.sqlite")) as store:
        assert {r["status"] for r in store.manifest().values()} <= {"ok"}
    assert not list(out.rglob("*.error.json"))
    second = run_batch(str(src), str(out), Options(workers=1, dask="local", **QUIET))
    assert not second.disk_full and not second.failed
    with Store(str(out / "vanban.sqlite")) as store:
        assert store.count() == 5 and {r["status"] for r in store.manifest().values()} == {"ok"}


def test_dask_full_disk_in_the_parents_write(tmp_path, monkeypatch, in_process_dask):
    from pipeline.writers import json_out

    src, out = tmp_path / "src", tmp_path / "out"
    _decisions(src, 5)
    real_write, writes = json_out.write_atomic, []

    def filling(path, content):  # two outputs fit, then the disk is full
        if str(path).endswith(".json") and "summary" not in str(path):
            if len(writes) >= 2:
                raise _no_space(path)
            writes.append(path)
        real_write(path, content)

    monkeypatch.setattr(json_out, "write_atomic", filling)
    first = run_batch(str(src), str(out), Options(workers=1, dask="local", **QUIET))
    monkeypatch.setattr(json_out, "write_atomic", real_write)
    assert sum(first.converted.values()) == 2
    _check_resumed(src, out, first)


def test_dask_full_disk_in_a_workers_temporary_files(tmp_path, monkeypatch, in_process_dask):
    import pipeline.convert

    src, out = tmp_path / "src", tmp_path / "out"
    _decisions(src, 5)
    real_convert, seen = pipeline.convert.convert, []

    def filling(path, timings=None):  # the third document finds no space for its temporary files
        seen.append(path)
        if len(seen) == 3:
            raise _no_space("/tmp/lu123.tmp")
        return real_convert(path, timings)

    monkeypatch.setattr(pipeline.convert, "convert", filling)
    first = run_batch(str(src), str(out), Options(workers=1, dask="local", **QUIET))
    monkeypatch.setattr(pipeline.convert, "convert", real_convert)
    assert sum(first.converted.values()) == 2 and "lu123" in first.disk_full
    _check_resumed(src, out, first)


def test_hashing_reads_no_more_than_the_readers_accept(tmp_path, monkeypatch):
    from pipeline.batch import plan

    f = tmp_path / "a.txt"
    f.write_bytes(b"x" * 5000)
    assert plan.sha256_file(str(f)) and plan.sha256_file(str(f), 4999) == ""
    monkeypatch.setattr("pipeline.readers.MAX_BYTES", 4096)
    assert plan._hash(str(f)) == ""  # refused by the worker as too large, never hashed whole
    grown = tmp_path / "b.txt"  # a file that grows after its size was taken is not read past the cap
    grown.write_bytes(b"y" * 100)
    real_getsize = plan.os.path.getsize
    monkeypatch.setattr(plan.os.path, "getsize", lambda p: 100 if p == str(grown) else real_getsize(p))
    grown.write_bytes(b"y" * 8192)
    assert plan._hash(str(grown)) == ""
