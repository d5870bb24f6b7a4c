"""`vanban batch` and `vanban search`: every input accounted for, limits, incremental re-runs,
resuming after kill -9, the store and its search, and the same batch on a Dask LocalCluster."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch.runner import Options, run_batch
from pipeline.store import Store
from pipeline.store.search import search
from tests.conftest import CORPUS, ROOT, SEED, needs_corpus

QUIET = dict(progress=False)


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, **kw)


def outputs(out: Path) -> dict[str, bytes]:
    """Every output and error record under *out* by relative path (not the store or summary)."""
    found = {}
    for path in sorted(out.rglob("*.json")):
        rel = path.relative_to(out).as_posix()
        if rel != "summary.json":
            found[rel] = path.read_bytes()
    return found


def _plan(number: int) -> str:
    return (f"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nSố: {number}/KH-UBND\n\nLâm Đồng, ngày 5 tháng 1 năm 2024\n\n"
            "# KẾ HOẠCH\n\nTriển khai công tác văn thư\n\n## I. MỤC ĐÍCH\n\n1. Triển khai Nghị định số "
            "108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ.\n")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A small archive: the seed twice (two folders), a Markdown file, an empty file, a corrupt
    PDF, a .docx that is really a text file, a note with an unsupported extension, a hidden file."""
    src = tmp_path / "src"
    (src / "2022" / "copy").mkdir(parents=True)
    shutil.copy(SEED, src / "2022" / "qd-2571.txt")
    shutil.copy(SEED, src / "2022" / "copy" / "qd-2571.txt")
    (src / "plan.md").write_text(_plan(12), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    (src / "renamed.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (src / "notes.html").write_text("<p>not a document</p>", encoding="utf-8")
    (src / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return src


def test_every_input_ends_as_output_or_error_record(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = run_batch(str(archive), str(out), Options(workers=2, **QUIET))
    assert summary.inputs == 6
    assert sum(summary.converted.values()) + sum(summary.failed.values()) == 6
    assert summary.unsupported == {".html": 1}
    files = outputs(out)
    for rel in ("2022/qd-2571.json", "2022/copy/qd-2571.json", "plan.json"):
        data = json.loads(files[rel])
        assert data["source"]["sha256"]
    assert json.loads(files["2022/qd-2571.json"])["document"]["number"] == "2571/QĐ-UBND"
    assert json.loads(files["plan.json"])["document"]["number"] == "12/KH-UBND"
    for rel in ("empty.error.json", "broken.error.json", "renamed.error.json"):
        record = json.loads(files[rel])
        assert record["error"]["kind"] == "input" and record["error"]["reason"], record
    assert set(files) == {"2022/qd-2571.json", "2022/copy/qd-2571.json", "plan.json", "empty.error.json",
                          "broken.error.json", "renamed.error.json"}
    saved = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert saved["converted"] == {"txt": 2, "md": 1} and saved["failed"] == {"txt": 1, "pdf": 1, "docx": 1}
    assert {"read", "segment", "extract", "write", "journal"} <= set(saved["stage_seconds"])
    assert saved["stage_seconds"]["journal"] > 0  # the batch process's recording is counted too
    assert not list(out.rglob(".vanban-*"))
    assert (out / "graph.graphml").is_file()


def test_store_holds_documents_and_search_finds_them(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    run_batch(str(archive), str(out), Options(workers=1, **QUIET))
    with Store(str(out / "vanban.sqlite")) as store:
        assert store.count("documents") == 3
        assert store.count("tasks") >= 2 * 38
        assert store.count("references") > 10
        assert store.count("edges") > 0
        manifest = store.manifest()
        assert {r["status"] for r in manifest.values()} == {"ok", "failed"}
        assert manifest["broken.pdf"]["kind"] == "input"
        by_number = search(store, "2571/QĐ-UBND")
        assert {h.path for h in by_number} == {"2022/qd-2571.txt", "2022/copy/qd-2571.txt"}
        assert search(store, "2571/qd-ubnd")[0].number == "2571/QĐ-UBND"
        folded = search(store, "nghi dinh 108")  # the seed cites Nghị định 108/2020 too
        assert {h.path for h in folded} == {"plan.md", "2022/qd-2571.txt", "2022/copy/qd-2571.txt"}
        assert all(("Nghị định số 108" in h.excerpt or "Nghị định 108" in h.excerpt) for h in folded), folded
        assert search(store, "quyet dinh 2571") != [] and search(store, "quyet dinh 257") == []  # numbers whole
        assert len(search(store, "cai cach hanh chinh", issuer="lam dong", doc_type="qd", date_from="2022")) == 2
        assert search(store, "cai cach hanh chinh", date_to="2021") == []
        assert search(store, "zzzz khong co") == []
        doc_id = by_number[0].doc_id
        assert store.document(doc_id)["document"]["number"] == "2571/QĐ-UBND"


def test_rerun_does_no_work_and_a_changed_file_is_converted_again(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    run_batch(str(archive), str(out), Options(workers=2, **QUIET))
    first = outputs(out)
    again = run_batch(str(archive), str(out), Options(workers=2, **QUIET))
    assert not again.converted and not again.failed
    assert sum(again.unchanged.values()) == 6
    assert any("nothing to convert" in line for line in again.lines())
    assert outputs(out) == first
    (archive / "plan.md").write_text(_plan(13), encoding="utf-8")
    (archive / "empty.txt").write_text("QUYẾT ĐỊNH\nSố: 5/QĐ-UBND\n", encoding="utf-8")
    third = run_batch(str(archive), str(out), Options(workers=2, **QUIET))
    assert sum(third.converted.values()) == 2 and sum(third.unchanged.values()) == 4
    assert json.loads((out / "plan.json").read_bytes())["document"]["number"] == "13/KH-UBND"
    assert not (out / "empty.error.json").exists() and (out / "empty.json").is_file()


def test_time_limit_kills_the_job_and_a_retry_converts_it(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    # the seed eight times over: ~1.6 s of converting, well past the limit and the pool's 0.25 s
    # poll (the seed alone converts in 0.2 s once the worker has loaded its models before the job)
    (src / "seed.txt").write_text(SEED.read_text(encoding="utf-8") * 8, encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch(str(src), str(out), Options(workers=1, timeout=0.05, **QUIET))
    assert summary.failed == {"txt": 1}
    record = json.loads((out / "seed.error.json").read_text(encoding="utf-8"))
    assert record["error"]["kind"] == "timeout"
    skipped = run_batch(str(src), str(out), Options(workers=1, **QUIET))
    assert skipped.unchanged == {"txt": 1}
    retried = run_batch(str(src), str(out), Options(workers=1, retry_failed=True, **QUIET))
    assert retried.converted == {"txt": 1}
    assert (out / "seed.json").is_file() and not (out / "seed.error.json").exists()


def test_memory_limit_kills_the_worker_and_the_batch_goes_on(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    out = tmp_path / "out"
    # below what a worker holds once the pipeline is imported (~25 MB; spaCy's model used to add ~130)
    summary = run_batch(str(src), str(out), Options(workers=1, max_memory_mb=15, **QUIET))
    assert summary.failed == {"txt": 1}
    assert json.loads((out / "seed.error.json").read_text(encoding="utf-8"))["error"]["kind"] == "memory"


def test_cli_batch_and_search(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    done = cli("batch", str(archive), "-o", str(out), "--workers", "2")
    assert done.returncode == 1, done.stderr  # three inputs cannot be converted
    assert "converted: 3" in done.stderr and "failed: 3" in done.stderr
    assert "broken.pdf" in done.stderr and "Traceback" not in done.stderr
    store = str(out / "vanban.sqlite")
    found = cli("search", "nghi dinh 108", "--store", store, "--json")
    assert found.returncode == 0 and "plan.md" in [h["path"] for h in json.loads(found.stdout)]
    by_issuer = cli("search", "ke hoach", "--issuer", "Lâm Đồng", "--store", store)
    assert by_issuer.returncode == 0 and "2571/QĐ-UBND" in by_issuer.stdout
    none = cli("search", "xyzzy plugh", "--store", store)
    assert none.returncode == 1 and "no documents found" in none.stderr
    again = cli("batch", str(archive), "-o", str(out))
    assert again.returncode == 0 and "nothing to convert" in again.stderr


@pytest.mark.parametrize("args, message", [
    (("batch", "/nonexistent/folder", "-o", "x"), "not a folder"),
    (("batch", ".", "-o", "x", "--workers", "0"), "must be positive"),
    (("search", "x", "--store", "/nonexistent/vanban.sqlite"), "no store here"),
])
def test_cli_errors_are_one_line(args, message):
    done = cli(*args)
    assert done.returncode == 2 and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_output_folder_inside_the_source_is_not_read(tmp_path: Path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    out = tmp_path / "out"
    run_batch(str(tmp_path), str(out), Options(workers=1, **QUIET))
    again = run_batch(str(tmp_path), str(out), Options(workers=1, **QUIET))
    assert again.inputs == 1 and again.unsupported == {}


def test_dask_local_cluster_gives_the_same_outputs_and_store(archive: Path, tmp_path: Path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_batch(str(archive), str(local), Options(workers=2, **QUIET))
    summary = run_batch(str(archive), str(dask), Options(workers=2, dask="local", **QUIET))
    assert sum(summary.converted.values()) == 3 and sum(summary.failed.values()) == 3
    assert outputs(dask).keys() == outputs(local).keys()
    for rel, content in outputs(local).items():
        if not rel.endswith(".error.json"):
            assert outputs(dask)[rel] == content, rel
    with Store(str(local / "vanban.sqlite")) as a, Store(str(dask / "vanban.sqlite")) as b:
        for table in ("documents", "references", "tasks", "agencies", "edges"):
            assert a.count(table) == b.count(table), table


def test_a_dask_worker_writes_the_output_and_sends_back_only_the_store_rows(tmp_path: Path):
    """The worker writes the JSON itself (the client gets the store's rows, not the document),
    and writes nothing once the job's time limit has passed: the client has recorded it as failed."""
    from pipeline.batch.dask_run import _remote
    from pipeline.batch.plan import Job
    from pipeline.store.db import DocRows

    job = Job(str(SEED), "qd.txt", "txt", "0" * 64, str(tmp_path / "qd.json"))
    result = _remote(job, time.time() + 60)
    assert result["status"] == "ok" and isinstance(result["data"], DocRows)
    assert json.loads((tmp_path / "qd.json").read_text(encoding="utf-8"))["document"]["number"]
    late = Job(str(SEED), "late.txt", "txt", "0" * 64, str(tmp_path / "late.json"))
    assert _remote(late, time.time() - 1)["status"] == "late"
    assert not (tmp_path / "late.json").exists()


def _asks_for_a_warm_office() -> bool:
    """Run on a Dask worker: dask_run.warm_office(), then whether this process has one."""
    from pipeline.batch import dask_run
    from pipeline.readers import doc

    dask_run.warm_office()
    return doc.warm_office() is not None


def test_a_dask_worker_running_one_task_at_a_time_converts_doc_in_a_warm_office(monkeypatch):
    """As a local worker does (not a fresh LibreOffice per .doc); a worker running several tasks at
    once keeps one-shot conversions (an office converts one document at a time)."""
    from distributed import Client, LocalCluster

    monkeypatch.delenv("VANBAN_WARM_OFFICE", raising=False)
    for threads, expected in ((1, True), (2, False)):
        with LocalCluster(n_workers=1, threads_per_worker=threads, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            assert client.submit(_asks_for_a_warm_office, pure=False).result() is expected, threads


def _corpus_subset(dest: Path, n: int) -> None:
    """*n* Markdown files of the corpus, linked under *dest*."""
    files = sorted((CORPUS / "tnt305-legal-md").rglob("*.md"))[:n]
    assert len(files) == n
    for f in files:
        target = dest / f.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(f)


@needs_corpus
def test_a_batch_killed_with_sigkill_resumes_to_the_same_outputs(tmp_path: Path):
    src = tmp_path / "src"
    _corpus_subset(src, 120)
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    run_batch(str(src), str(whole), Options(workers=2, **QUIET))
    expected = outputs(whole)
    assert len(expected) == 120

    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "batch", str(src), "-o", str(resumed),
                             "--workers", "2", "-q"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(resumed.rglob("*.json"))) < 30 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    partial = len(outputs(resumed))
    assert 30 <= partial < 120

    second = run_batch(str(src), str(resumed), Options(workers=2, **QUIET))
    assert sum(second.unchanged.values()) >= partial - 2  # the last outputs may predate their store rows
    assert sum(second.converted.values()) + sum(second.unchanged.values()) == 120
    assert outputs(resumed) == expected
    assert not list(resumed.rglob(".vanban-*"))
    with Store(str(resumed / "vanban.sqlite")) as store:
        assert store.count("documents") == 120 and len(store.manifest()) == 120


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_legacy_doc_converts_with_a_relative_output_folder(tmp_path: Path):
    """`vanban batch samples -o output` (as `make run` writes it): the workers' temporary folder is
    relative then, and LibreOffice must still get a profile URL it takes (it hung 90 s before)."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "samples" / "ttr-cai-nghien-ma-tuy-lamdong.doc", src / "a.doc")
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "batch", "src", "-o", "out", "--workers", "1",
                           "--timeout", "60"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))["source"]["format"] == "doc"


def test_a_job_sent_to_a_worker_that_died_stays_first_in_the_queue():
    """A worker may die between its last result and its next job (killed from outside, out of
    memory): the send fails, and the job goes to the worker that takes its place, instead of the
    BrokenPipeError stopping the batch."""
    import multiprocessing as mp
    from collections import deque
    from types import SimpleNamespace

    from pipeline.batch import pool
    from pipeline.batch.plan import Job

    dead = pool._Worker.__new__(pool._Worker)
    dead.conn, child = mp.Pipe()
    child.close()  # the worker's end, as its death leaves it
    dead.ready, dead.used, dead.job, dead.started = True, True, None, 0.0
    jobs = [Job(path=f"/in/{n}.txt", rel=f"{n}.txt", fmt="txt", sha256="0", output=f"/out/{n}.json") for n in "ab"]
    queue = deque(jobs)
    feeding = pool._Pool(queue, SimpleNamespace(workers=[dead], hand_off=False), lambda job, result: None, 60, 1000)
    feeding.feed(dead)
    assert list(queue) == jobs and dead.job is None and not dead.ready
    assert feeding.busy()  # the batch waits to hear the death, and replaces the worker
    dead.conn.close()
