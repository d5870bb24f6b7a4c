"""The warm LibreOffice of the DOC reader (pipeline/readers/warmoffice.py): the DOCX it makes is
the one-shot conversion's, a hung office is killed within the time limit and the next document
gets a fresh one, a crashed office is replaced (that document decided by a one-shot conversion),
a machine without the UNO bridge falls back to one-shot, and the office dies with its process."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from pipeline.readers import doc, warmoffice
from pipeline.readers.docx import read_docx
from tests.conftest import CORPUS, ROOT

DOCS = sorted(CORPUS.rglob("*.doc"))[:3] if CORPUS.is_dir() else []
needs_office = pytest.mark.skipif(
    not DOCS or warmoffice.soffice_bin() is None or subprocess.run(
        [warmoffice.UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode != 0,
    reason="needs the corpus's .doc files, LibreOffice and python3-uno")


def members(docx: bytes) -> dict[str, bytes]:
    """The parts of a DOCX (the zip's own timestamps aside) but docProps/app.xml, which holds the
    word and page counts only when LibreOffice's idle statistics job ran before the store: timing,
    in either mode (seen both ways in one-shot and warm conversions); vanban does not read it."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/app.xml"}


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    warm = warmoffice.WarmOffice()
    yield warm
    warm.close()
    assert not list(tmp_path.glob("vanban-doc-*")), "the office's folder was left behind"


@needs_office
def test_warm_docx_is_the_one_shot_docx(office):
    for path in DOCS:
        data = path.read_bytes()
        warm, once = office.convert(data, doc.TIMEOUT), doc.one_shot(data)
        assert members(warm) == members(once), path.name
        assert read_docx(warm) == read_docx(once)
    assert office.starts == 1, "one office for every document"


@needs_office
def test_a_hung_office_is_killed_and_replaced(office):
    data = DOCS[0].read_bytes()
    office.convert(data, doc.TIMEOUT)
    hung = office.office_pid
    os.kill(hung, signal.SIGSTOP)  # it answers nothing from now on, as a looping import would
    t0 = time.monotonic()
    with pytest.raises(warmoffice.OfficeLimit, match="did not convert it within 3 s"):
        office.convert(data, 3.0)
    assert time.monotonic() - t0 < 10
    assert not _alive(hung)
    assert members(office.convert(data, doc.TIMEOUT)) == members(doc.one_shot(data))
    assert office.starts == 2 and office.office_pid != hung


@needs_office
def test_a_crashed_office_is_replaced_and_the_document_decided_one_shot(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    doc.use_warm_office()
    try:
        data = DOCS[0].read_bytes()
        first = doc.doc_to_docx(data)
        office = doc.warm_office()
        crashed = office.office_pid
        os.kill(crashed, signal.SIGKILL)
        assert members(doc.doc_to_docx(data)) == members(first)  # one-shot, this once
        assert office.proc is None
        assert members(doc.doc_to_docx(data)) == members(first)  # a fresh warm office
        assert office.starts == 2 and office.office_pid not in (0, crashed)
    finally:
        doc.use_warm_office(False)
    assert doc.warm_office() is None


@needs_office
def test_refused_and_restarted_after_enough_documents(office):
    office.max_documents = 2
    with pytest.raises(warmoffice.OfficeRefused, match="could not be loaded"):
        office.convert(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), doc.TIMEOUT)  # an OLE header, nothing after
    first = office.office_pid
    office.convert(DOCS[0].read_bytes(), doc.TIMEOUT)
    assert office.proc is None, "two documents: retired"
    office.convert(DOCS[0].read_bytes(), doc.TIMEOUT)
    assert office.starts == 2 and office.office_pid != first


def test_without_the_uno_bridge_the_reader_converts_one_shot(monkeypatch):
    calls = []
    monkeypatch.setattr(warmoffice, "UNO_PYTHON", "/nonexistent/python3")
    monkeypatch.setattr(doc, "one_shot", lambda data, timeout: calls.append(data) or b"docx")
    doc.use_warm_office()
    assert doc.doc_to_docx(b"x") == b"docx" and calls == [b"x"]
    assert doc.warm_office() is None, "back on one-shot conversions for the rest of the process"


def test_off_by_environment(monkeypatch):
    monkeypatch.setenv("VANBAN_WARM_OFFICE", "0")
    doc.use_warm_office()
    assert doc.warm_office() is None


@needs_office
def test_the_office_dies_with_its_process(tmp_path):
    """kill -9 of the process that started it takes the driver and the office (no orphan keeps
    running); its folder stays in that process's temporary folder, which the batch removes."""
    script = ("import sys, tempfile; tempfile.tempdir = sys.argv[2]\n"
              "from pipeline.readers import doc\n"
              "doc.use_warm_office(); doc.doc_to_docx(open(sys.argv[1], 'rb').read())\n"
              "w = doc.warm_office(); print(w.office_pid, w.proc.pid, flush=True)\n"
              "import time; time.sleep(60)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(DOCS[0]), str(tmp_path)], stdout=subprocess.PIPE, env=env)
    pids = [int(x) for x in proc.stdout.readline().split()]
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(pids) == 2 and not any(_alive(p) for p in pids)
    assert [p.name[:11] for p in tmp_path.iterdir()] == ["vanban-doc-"]
    pipes = warmoffice.office_pipes((next(tmp_path.iterdir()) / "profile").resolve().as_uri())
    assert any(os.path.exists(p) for p in pipes)  # left by the killed office, and removed with its folder:
    warmoffice.remove_office_pipes_under(str(tmp_path))  # what the batch's pool does at its close
    assert not any(os.path.exists(p) for p in pipes)


def _alive(pid: int) -> bool:
    """True while *pid* runs (a zombie waiting to be reaped counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_slow_start_counts_in_the_documents_time(office, tmp_path, monkeypatch):
    """An office that never answers costs the document its time limit, not a start-up wait on
    top of it; the second such start in a row leaves the process on one-shot conversions."""
    never = tmp_path / "never.py"
    never.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setattr(warmoffice, "DRIVER", str(never))
    monkeypatch.setattr(warmoffice, "UNO_PYTHON", sys.executable)
    monkeypatch.setattr(warmoffice, "soffice_bin", lambda: "/bin/true")
    t0 = time.monotonic()
    with pytest.raises(warmoffice.OfficeLimit, match="within 2 s"):
        office.convert(b"x", 2.0)
    assert time.monotonic() - t0 < 6 and office.proc is None
    with pytest.raises(warmoffice.OfficeUnavailable):
        office.convert(b"x", 2.0)


@needs_office
def test_a_one_shot_past_its_time_leaves_no_office_nor_folder(tmp_path, monkeypatch):
    """Killing the `soffice` launcher alone left soffice.bin converting on, writing into the
    folder being removed (a traceback from the cleanup, seen in the fuzz run): the whole tree goes."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(doc.DocError, match="did not convert it within"):
        doc.one_shot(DOCS[0].read_bytes(), 1.0)
    deadline = time.monotonic() + 5
    while _offices_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _offices_in(tmp_path)
    assert not list(tmp_path.iterdir())


def _offices_in(folder) -> list[int]:
    """Running processes whose command line names *folder* (LibreOffice's profile there)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if str(folder).encode() in f.read() and _alive(int(pid)):
                    found.append(int(pid))
        except OSError:
            continue
    return found


@needs_office
def test_the_desks_preview_past_its_time_leaves_no_office_nor_folder(tmp_path, monkeypatch):
    """The desk's DOC → PDF preview had the same launcher-only kill: past OFFICE_SECONDS the
    whole office tree goes, and the preview is refused with its reason."""
    from pipeline.serve import source
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(work))
    monkeypatch.setattr(source, "OFFICE_SECONDS", 0.3)
    data = {"source": {"path": str(DOCS[0]), "format": "doc", "sha256": "0" * 64}}
    with pytest.raises(source.SourceMissing, match="too long"):
        source.as_pdf(data, str(tmp_path / "store.sqlite"))
    deadline = time.monotonic() + 5
    while _offices_in(work) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _offices_in(work)
    assert not list(work.iterdir())
    assert not (tmp_path / "previews" / f"{'0' * 64}.pdf").exists()


@needs_office
def test_a_stopped_office_leaves_no_pipe_socket(office):
    """LibreOffice makes its UNO pipe a socket in /tmp (OSL_PIPE_<uid>_<name>); a killed office
    left one per start (hundreds after a fuzz run): stopping it removes its own."""
    office.convert(DOCS[0].read_bytes(), doc.TIMEOUT)
    sockets = [f"/tmp/OSL_PIPE_{os.getuid()}_{office.pipe}", f"/var/tmp/OSL_PIPE_{os.getuid()}_{office.pipe}"]
    assert any(os.path.exists(s) for s in sockets)
    single = [s for s in warmoffice.office_pipes(office._profile()) if os.path.exists(s)]
    assert single  # the one named from its profile's hash
    office.stop()
    assert not any(os.path.exists(s) for s in sockets + single)


@needs_office
def test_office_pipes_name_the_handover_socket_libreoffice_makes(tmp_path):
    """The socket office_pipes names for a profile is made by an office started on it (and by no
    other: the profile is ours); a killed office leaves it, and removing it leaves nothing. The
    first start on a new profile may exit 81 (restart wanted, as soffice's launcher would): started again."""
    profile = (tmp_path / "profile").resolve().as_uri()
    ours = warmoffice.office_pipes(profile)[0]
    for _ in range(3):
        proc = subprocess.Popen([warmoffice.soffice_bin(), f"-env:UserInstallation={profile}", "--headless",
                                 "--norestore", "--nologo"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while not os.path.exists(ours) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            made = os.path.exists(ours)
        finally:
            doc.kill_tree(proc.pid)
            proc.wait()
        if made or proc.returncode != 81:
            break
    assert made
    assert os.path.exists(ours)  # a killed office leaves it
    warmoffice.remove_sockets(warmoffice.office_pipes(profile))
    assert not os.path.exists(ours)
