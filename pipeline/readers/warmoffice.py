"""A warm LibreOffice for .doc: one headless office per worker process, started once and driven
through UNO (pipeline/readers/office_driver.py, run by the system Python that has python3-uno),
so a batch pays LibreOffice's start-up (~1 s a file) once per worker instead of once per file.

Bounded like the one-shot conversion it replaces: a per-document time limit and memory limit
(past either, the office is killed and the document refused; the next one starts a fresh office),
a restart after MAX_DOCUMENTS conversions or when the office has grown past RESTART_MB, a crash
reported as such (the caller converts that document one-shot, which decides). Its profile and
files live in one `vanban-doc-*` folder of the temporary folder (a batch's own working area,
removed at the end of the run or at the next start). The office and its driver die with the
process that started them (PR_SET_PDEATHSIG) and stay in its process group, so a batch's or
`vanban convert`'s time-limit kill takes them too."""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from pipeline.batch.worker import rss_mb

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "office_driver.py")
UNO_PYTHON = "/usr/bin/python3"   # Debian's python3-uno is for the system Python
START_SECONDS = 90.0              # the first start writes a profile: slow on a loaded machine
MAX_DOCUMENTS = 200               # conversions before a fresh office (LibreOffice keeps caches)
RESTART_MB = 600.0                # an office this large after a document is restarted
MAX_MEMORY_MB = 2048.0            # an office this large during a conversion is killed


class OfficeUnavailable(Exception):
    """The warm office cannot start here (no python3-uno, no soffice.bin, or it never answered)."""


class OfficeCrashed(Exception):
    """The office died during a conversion: the document's fault or the office's, undecided."""


class OfficeRefused(Exception):
    """LibreOffice answered that it cannot convert the document; *reason* in its own words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class OfficeLimit(Exception):
    """The conversion passed its time or memory limit; the office was killed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def soffice_bin() -> str | None:
    """LibreOffice's soffice.bin (the `soffice` launcher's target), or None when not installed."""
    launcher = shutil.which("soffice") or shutil.which("libreoffice")
    if not launcher:
        return None
    program = os.path.dirname(os.path.realpath(launcher))
    binary = os.path.join(program, "soffice.bin")
    return binary if os.path.isfile(binary) else None


def _parent(pid: int) -> int:
    """The parent of process *pid* (0 when it is gone or a zombie): an office is killed only while
    its driver is its parent, never a process that took its number since."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return 0 if fields[0] == "Z" else int(fields[1])
    except (OSError, ValueError, IndexError):
        return 0


def _peak_mb(pid: int) -> float:
    """Peak resident memory of process *pid* in MB (VmHWM; 0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:")), 0.0)
    except (OSError, ValueError, IndexError):
        return 0.0


_PIPE_FOLDERS = ("/tmp", "/var/tmp")  # where LibreOffice makes its pipes' sockets (OSL_PIPE_<uid>_<name>)


def _remove_pipe(name: str) -> None:
    """Remove the socket LibreOffice made for the UNO pipe *name* (OSL_PIPE_<uid>_<name>, in /tmp or
    /var/tmp): a killed office leaves it, one per office started, for ever."""
    remove_sockets([os.path.join(folder, f"OSL_PIPE_{os.getuid()}_{name}") for folder in _PIPE_FOLDERS])


def office_pipes(profile_url: str) -> list[str]:
    """The sockets of the pipe by which an office on the profile *profile_url* tells a second start
    to hand over ("SingleOfficeIPC_" and the MD5 of the URL's UTF-16 code units, each byte in hex
    without its leading zero, as LibreOffice's desktop/source/app/officeipcthread.cxx names it). Its
    launcher makes it at once and a killed office leaves it for ever (948 in this machine's /tmp
    after the fuzz runs); the profile is the caller's own, so no other office uses it."""
    digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()
    name = "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)
    return [os.path.join(folder, f"OSL_PIPE_{os.getuid()}_{name}") for folder in _PIPE_FOLDERS]


def remove_office_pipes_under(folder: str) -> None:
    """Remove the pipe sockets of the warm offices whose folders (vanban-doc-*) are in *folder*: a
    worker killed for its time or memory takes its office with it, and nothing else would."""
    try:
        names = [name for name in os.listdir(folder) if name.startswith("vanban-doc-")]
    except OSError:
        return
    for name in names:
        remove_sockets(office_pipes(Path(folder, name, "profile").resolve().as_uri()))


def remove_sockets(paths: list[str]) -> None:
    """Unlink the socket files *paths* (those already gone are no error)."""
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class WarmOffice:
    """One long-lived office of this process; `convert(data, timeout)` gives the DOCX bytes."""

    def __init__(self, max_documents: int = MAX_DOCUMENTS, restart_mb: float = RESTART_MB,
                 max_memory_mb: float = MAX_MEMORY_MB):
        self.max_documents, self.restart_mb, self.max_memory_mb = max_documents, restart_mb, max_memory_mb
        self.proc: subprocess.Popen | None = None
        self.pipe = ""  # the UNO pipe's name of the office running
        self.office_pid = 0
        self.owner = os.getpid()
        self.folder: str | None = None
        self.done = 0       # conversions by the current office
        self.starts = 0     # offices started (restarts included)
        self.peak_mb = 0.0  # the largest peak resident memory of its offices so far
        self.slow_starts = 0  # starts in a row that ran out of the document's time

    def convert(self, data: bytes, timeout: float) -> bytes:
        """The DOCX bytes of a .doc given as bytes, within *timeout* seconds in all (an office's
        start included). Raises OfficeUnavailable, OfficeCrashed, OfficeRefused or OfficeLimit;
        after any but OfficeRefused the office is gone."""
        deadline = time.monotonic() + timeout
        self._ensure(timeout)
        src, dst = os.path.join(self.folder, "input.doc"), os.path.join(self.folder, "input.docx")
        if os.path.exists(dst):
            os.unlink(dst)
        with open(src, "wb") as f:
            f.write(data)
        try:
            answer = self._ask({"src": src, "dst": dst}, timeout, deadline)
        finally:
            os.unlink(src)
        self.done += 1
        if not answer.get("ok"):
            self._after()
            raise OfficeRefused(answer.get("error") or "LibreOffice could not convert it")
        with open(dst, "rb") as f:
            out = f.read()
        os.unlink(dst)
        self._after()
        return out

    def _ensure(self, timeout: float) -> None:
        """A running office owned by this process (a forked child starts its own)."""
        if self.owner != os.getpid():  # inherited across fork: the parent's, not ours to drive
            self.proc, self.office_pid, self.folder, self.owner = None, 0, None, os.getpid()
        if self.proc is not None and self.proc.poll() is None:
            return
        self.stop()
        self._start(timeout)

    def _start(self, timeout: float) -> None:
        binary = soffice_bin()
        if binary is None or not os.access(UNO_PYTHON, os.X_OK):
            raise OfficeUnavailable("LibreOffice or the system Python with python3-uno is missing")
        if self.folder is None or not os.path.isdir(self.folder):
            self.folder = tempfile.mkdtemp(prefix="vanban-doc-")
            atexit.register(self.close)
        profile = self._profile()
        import uuid  # here: uuid imports platform (~2 ms, 9 patterns), and most workers start no office

        pipe = self.pipe = f"vanban-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.proc = subprocess.Popen([UNO_PYTHON, DRIVER, binary, profile, pipe], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.starts += 1
        try:
            ready = self._read(min(START_SECONDS, timeout), timeout)
        except OfficeLimit:  # slow (a loaded machine) or never: twice in a row is never
            self.stop()
            self.slow_starts += 1
            if self.slow_starts >= 2:
                raise OfficeUnavailable("the warm LibreOffice did not start in time, twice") from None
            raise
        except OfficeCrashed:
            ready = {}
        if not ready.get("ready"):
            self.stop()
            raise OfficeUnavailable(ready.get("error") or "the warm LibreOffice did not start")
        self.slow_starts = 0
        self.office_pid, self.done = int(ready["office_pid"]), 0

    def _ask(self, request: dict, timeout: float, deadline: float) -> dict:
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            self.stop()
            raise OfficeCrashed("the warm LibreOffice was gone") from None
        try:
            answer = self._read(deadline - time.monotonic(), timeout)
        except (OfficeLimit, OfficeCrashed):
            self.stop()
            raise
        if "crash" in answer:
            self.stop()
            raise OfficeCrashed(answer["crash"])
        return answer

    def _read(self, seconds: float, limit: float | None = None) -> dict:
        """The driver's next answer line within *seconds*, watching the office's memory meanwhile;
        past them, OfficeLimit names the document's time *limit* (default: *seconds*)."""
        fd = self.proc.stdout.fileno()
        started, buf = time.monotonic(), b""
        while not buf.endswith(b"\n"):
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise OfficeCrashed("the warm LibreOffice died")
                buf += chunk
            elif time.monotonic() - started > seconds:
                raise OfficeLimit(f"LibreOffice did not convert it within {limit or seconds:g} s")
            elif self.office_pid and rss_mb(self.office_pid) > self.max_memory_mb:
                raise OfficeLimit(f"LibreOffice passed the memory limit of {self.max_memory_mb:g} MB on it")
        return json.loads(buf)

    def _after(self) -> None:
        """Restart (lazily, at the next document) an office that converted enough or grew too large."""
        self.peak_mb = max(self.peak_mb, _peak_mb(self.office_pid))
        if self.done >= self.max_documents or rss_mb(self.office_pid) > self.restart_mb:
            self.stop()

    def stop(self) -> None:
        """Kill the office (SIGKILL: a hung office answers nothing; its profile is thrown away), let
        its driver reap it and leave, kill the driver if it does not; nothing when there is no office."""
        if self.proc is None:
            return
        office = self.office_pid if self.office_pid and _parent(self.office_pid) == self.proc.pid else 0
        if office:
            self.peak_mb = max(self.peak_mb, _peak_mb(office))
            _kill(office)
        self._end_driver(2.0)
        deadline = time.monotonic() + 2.0
        while office and _parent(office) and time.monotonic() < deadline:  # no office writing on after us
            time.sleep(0.02)
        _remove_pipe(self.pipe)
        if self.folder:
            remove_sockets(office_pipes(self._profile()))

    def _profile(self) -> str:
        """The URL of the office's profile, in its folder."""
        return Path(self.folder, "profile").resolve().as_uri()

    def _end_driver(self, grace: float) -> None:
        """Close the driver's stdin (it then ends its office and leaves), wait *grace* seconds, kill it."""
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            _kill(self.proc.pid)
            self.proc.wait()
        self.proc, self.office_pid = None, 0

    def close(self) -> None:
        """Stop the office, then remove its folder, profile included."""
        self.stop()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
