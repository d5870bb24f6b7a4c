"""Legacy Word .doc files: converted to DOCX by LibreOffice headless (Debian's
libreoffice-writer-nogui) with a time limit, then read as DOCX. One-shot (a fresh `soffice
--convert-to` in a throw-away profile per file) unless the process asked for a warm office
(use_warm_office: a batch worker, the fuzz run), which converts file after file without
LibreOffice's start-up; a crash there is decided by a one-shot conversion of that file, and a
warm office that cannot start leaves the process on one-shot conversions."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from pipeline.model import Source
from pipeline.readers.base import ReadError, ReadResult
from pipeline.readers.docx import read_docx
from pipeline.readers.warmoffice import (OfficeCrashed, OfficeLimit, OfficeRefused, OfficeUnavailable, WarmOffice,
                                          office_pipes, remove_sockets)

TIMEOUT = 90
_WARM: list[WarmOffice] = []  # this process's warm office, once use_warm_office() asked for one


class DocError(ReadError):
    """A .doc file LibreOffice cannot convert (corrupt, encrypted, or LibreOffice missing)."""


def use_warm_office(enabled: bool = True) -> None:
    """Convert this process's .doc files in one long-lived office (unless VANBAN_WARM_OFFICE=0),
    or, with *enabled* False, stop it and go back to one-shot conversions."""
    while _WARM:
        _WARM.pop().close()
    if enabled and os.environ.get("VANBAN_WARM_OFFICE", "1") != "0":
        _WARM.append(WarmOffice())


def warm_office() -> WarmOffice | None:
    """This process's warm office, None when it converts one-shot."""
    return _WARM[0] if _WARM else None


def doc_to_docx(data: bytes) -> bytes:
    """The DOCX bytes LibreOffice makes of a .doc file given as bytes, within TIMEOUT seconds in
    all (a warm office's start and a crash's one-shot conversion included)."""
    deadline = time.monotonic() + TIMEOUT
    if _WARM:
        try:
            return _WARM[0].convert(data, TIMEOUT)
        except OfficeRefused as exc:
            raise DocError(f"LibreOffice could not convert it (corrupt or encrypted?): {exc.reason}") from None
        except OfficeLimit as exc:
            raise DocError(exc.reason) from None
        except OfficeCrashed:
            pass  # the one-shot conversion below decides whether the file is to blame
        except OfficeUnavailable:
            use_warm_office(False)
    return one_shot(data, deadline - time.monotonic())


def one_shot(data: bytes, timeout: float = TIMEOUT) -> bytes:
    """The DOCX bytes of a fresh `soffice --convert-to` in a throw-away profile, within *timeout*
    seconds (what is left of the document's TIMEOUT after a warm office failed on it)."""
    if timeout <= 0:
        raise DocError(f"LibreOffice did not convert it within {TIMEOUT} s")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise DocError("legacy .doc needs LibreOffice (Debian package libreoffice-writer-nogui), not installed")
    with tempfile.TemporaryDirectory(prefix="vanban-doc-", ignore_cleanup_errors=True) as tmp:
        src = os.path.join(tmp, "input.doc")
        with open(src, "wb") as f:
            f.write(data)
        profile = Path(tmp, "profile").resolve().as_uri()  # a relative temp folder makes no URL LibreOffice takes
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, src]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(proc.pid)  # the launcher and the soffice.bin it started, still writing in tmp
            proc.communicate()
            raise DocError(f"LibreOffice did not convert it within {TIMEOUT} s") from None
        finally:
            remove_sockets(office_pipes(profile))  # a killed office's is left behind
        out = os.path.join(tmp, "input.docx")
        if proc.returncode != 0 or not os.path.exists(out):
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise DocError(f"LibreOffice could not convert it (corrupt or encrypted?){': ' + detail[-1] if detail else ''}")
        with open(out, "rb") as f:
            return f.read()


def kill_tree(pid: int) -> None:
    """SIGKILL *pid* and its descendants (`soffice` is a launcher: killing it alone leaves the
    office running on), children first found, then all killed."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        found.append(parent)
        todo.extend(_children(parent))
    for p in found:
        try:
            os.kill(p, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except (OSError, ValueError):
        return []


class DocReader:
    """The Reader of Word 97-2003 .doc files: converted, then read as DOCX."""

    def read(self, data: bytes, source: Source) -> ReadResult:
        return ReadResult(read_docx(doc_to_docx(data)))
