"""Issue 16, cases 5, 6, 8 and 9: a batch over FIFOs and devices, a full disk, hostile search
queries, and what killed runs leave behind."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest

from pipeline.batch.runner import Options, run_batch
from pipeline.store import Store
from tests.conftest import ROOT, SEED

QUIET = {"progress": False, "graph": False}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def _decisions(folder, n: int) -> None:
    """*n* small decisions, each with its own number."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(1, n + 1):
        (folder / f"qd-{k}.txt").write_text(
            f"ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: {k}/QĐ-UBND\nLâm Đồng, ngày 2 tháng 3 năm 2024\nQUYẾT ĐỊNH\n"
            f"Về việc ban hành Kế hoạch số {k}\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n", encoding="utf-8")


# -- 5. FIFOs and devices --------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_and_device_links_are_skipped_and_counted(tmp_path):
    src = tmp_path / "src"
    _decisions(src, 1)
    os.mkfifo(src / "a.txt")
    os.symlink("/dev/zero", src / "zero.txt")
    summary = run_batch(str(src), str(tmp_path / "out"), Options(workers=1, **QUIET))
    assert summary.inputs == 1 and sum(summary.converted.values()) == 1
    assert summary.unsupported == {"(FIFO)": 1, "(character device)": 1}
    out = run("convert", str(src / "a.txt"))
    assert out.returncode == 1 and "not a regular file (FIFO)" in out.stderr


# -- 6. full disk ------------------------------------------------------------------------------------
def _in_process(jobs, workers, on_result, timeout, max_memory_mb, tmp_root=None):
    from pipeline.batch.worker import process

    for job in jobs:
        on_result(job, process(job))


def test_a_full_disk_stops_cleanly_and_the_next_run_finishes(tmp_path, monkeypatch):
    from pipeline.batch import pool
    from pipeline.writers import json_out

    src, out = tmp_path / "src", tmp_path / "out"
    _decisions(src, 6)
    real_write = json_out.write_atomic
    writes = []

    def filling(path, content):  # two outputs fit, then the disk is full
        if str(path).endswith(".json"):
            if len(writes) >= 2:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            writes.append(path)
        real_write(path, content)

    monkeypatch.setattr(pool, "run_local", _in_process)
    monkeypatch.setattr(json_out, "write_atomic", filling)
    first = run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert first.disk_full and first.disk_full.startswith("disk full at ")
    assert "nothing lost" in first.lines()[0] and not first.failed and sum(first.converted.values()) == 2
    monkeypatch.undo()
    with Store(str(out / "vanban.sqlite")) as store:
        assert {r["status"] for r in store.manifest().values()} == {"ok"} and len(store.manifest()) == 2
    assert not list(out.rglob("*.error.json"))
    second = run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert not second.disk_full and not second.failed
    assert sum(second.converted.values()) == 4 and sum(second.unchanged.values()) == 2
    with Store(str(out / "vanban.sqlite")) as store:
        assert store.count() == 6


# -- 8. search -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    base = tmp_path_factory.mktemp("search")
    _decisions(base / "src", 3)
    run_batch(str(base / "src"), str(base / "out"), Options(workers=1, **QUIET))
    return str(base / "out" / "vanban.sqlite")


@pytest.mark.parametrize("query,message", [
    ('"', "nothing to search for"), ("*", "nothing to search for"), ("… ; !", "nothing to search for"),
    ("a " * 41, "too many words"), ("1/" * 200, "too long"),
])
def test_hostile_queries_are_refused(store_path, query, message):
    from pipeline.store.search import SearchError, search

    with Store(store_path) as store, pytest.raises(SearchError, match=message):
        search(store, query)


@pytest.mark.parametrize("args,message", [
    (["--limit", "-1", "ke hoach"], "limit must be between"), (["--from", "garbage", "ke hoach"], "not a date"),
    (["--to", "2024-13", "ke hoach"], "not a date"), ([], "give a query"),
])
def test_search_options_are_validated(store_path, args, message):
    out = run("search", "--store", store_path, *args)
    assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_the_longest_number_like_query_allowed_is_answered(store_path):
    out = run("search", "--store", store_path, "--json", "1/QĐ-UBND " * 13)
    assert out.returncode in (0, 1), out.stderr
    assert run("search", "--store", store_path, "--from", "2024-03", "quyet dinh").returncode == 0


# -- 9. leftovers -----------------------------------------------------------------------------------------
def test_a_killed_runs_temporary_folders_are_removed_on_the_next_start(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _decisions(src, 1)
    left = out / ".vanban-tmp" / "vanban-work-x" / "vanban-doc-y"
    left.mkdir(parents=True)
    (left / "input.doc").write_bytes(b"copy of an input")
    run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert not (out / ".vanban-tmp").exists()


def test_the_desk_removes_uploads_without_a_store_row(tmp_path):
    from pipeline.batch.plan import pipeline_version
    from pipeline.serve.desk import sweep_orphans

    store_path = tmp_path / "vanban.sqlite"
    orphan, known = tmp_path / "uploads" / "aaaa", tmp_path / "uploads" / "bbbb"
    for folder in (orphan, known):
        folder.mkdir(parents=True)
        (folder / "x.txt").write_text("QUYẾT ĐỊNH", encoding="utf-8")
    (orphan / "x.txt.json").write_text("{}", encoding="utf-8")
    with Store(str(store_path)) as store:
        store.record_failure("uploads/bbbb/x.txt", "0" * 64, pipeline_version(), "txt", "input", "empty")
    assert sweep_orphans(str(store_path)) == [str(orphan)]
    assert not orphan.exists() and (known / "x.txt").exists()


def test_a_newline_in_a_file_name_cannot_forge_a_second_error_line(tmp_path):
    path = tmp_path / "a\nvanban: error: forged.txt"
    path.write_bytes(b"")
    out = run("convert", str(path))
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1 and "a\\nvanban" in out.stderr


def test_batch_failure_lines_escape_names(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "b\nc.txt").write_bytes(b"")
    summary = run_batch(str(src), str(tmp_path / "out"), Options(workers=1, **QUIET))
    failed = [line for line in summary.lines() if line.startswith("failed: ")]
    assert len(failed) == 1 and "b\\nc.txt" in failed[0]
    record = json.loads((tmp_path / "out" / "b\nc.error.json").read_text(encoding="utf-8"))
    assert record["error"]["kind"] == "input"


def test_an_input_deleted_from_the_source_loses_its_output_and_rows(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _decisions(src, 3)
    run_batch(str(src), str(out), Options(workers=1, **QUIET))
    (src / "qd-2.txt").unlink()
    kept = run_batch(str(src), str(out), Options(workers=1, keep_removed=True, **QUIET))
    assert kept.gone_kept == 1 and (out / "qd-2.json").exists()
    summary = run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert summary.removed == 1 and any(line.startswith("removed: 1 inputs") for line in summary.lines())
    assert not (out / "qd-2.json").exists() and (out / "qd-1.json").exists()
    with Store(str(out / "vanban.sqlite")) as store:
        assert set(store.manifest()) == {"qd-1.txt", "qd-3.txt"} and store.count() == 2
    other = tmp_path / "other"
    _decisions(other, 1)
    (other / "qd-1.txt").rename(other / "elsewhere.txt")
    foreign = run_batch(str(other), str(out), Options(workers=1, **QUIET))
    assert foreign.gone_kept == 2 and foreign.removed == 0 and (out / "qd-1.json").exists()
