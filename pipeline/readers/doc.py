"""Legacy Word .doc files: converted to DOCX by LibreOffice headless (Debian's
libreoffice-writer-nogui) in a throw-away profile with a time limit, then read as DOCX."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.model import Source
from pipeline.readers.base import ReadError, ReadResult
from pipeline.readers.docx import read_docx

TIMEOUT = 90


class DocError(ReadError):
    """A .doc file LibreOffice cannot convert (corrupt, encrypted, or LibreOffice missing)."""


def doc_to_docx(data: bytes) -> bytes:
    """The DOCX bytes LibreOffice makes of a .doc file given as bytes."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise DocError("legacy .doc needs LibreOffice (Debian package libreoffice-writer-nogui), not installed")
    with tempfile.TemporaryDirectory(prefix="vanban-doc-") as tmp:
        src = os.path.join(tmp, "input.doc")
        with open(src, "wb") as f:
            f.write(data)
        profile = Path(tmp, "profile").resolve().as_uri()  # a relative temp folder makes no URL LibreOffice takes
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, src]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise DocError(f"LibreOffice did not convert it within {TIMEOUT} s") from None
        out = os.path.join(tmp, "input.docx")
        if proc.returncode != 0 or not os.path.exists(out):
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DocError(f"LibreOffice could not convert it (corrupt or encrypted?){': ' + detail[-1] if detail else ''}")
        with open(out, "rb") as f:
            return f.read()


class DocReader:
    """The Reader of Word 97-2003 .doc files: converted, then read as DOCX."""

    def read(self, data: bytes, source: Source) -> ReadResult:
        return ReadResult(read_docx(doc_to_docx(data)))
