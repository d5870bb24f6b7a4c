"""The source beside the result: a stored document's original as page images (PDF pages rendered
by pypdfium2; DOCX and DOC converted to PDF by LibreOffice once, cached by content hash), and where
an extracted item stands on its page (its text found in the page's text layer, as boxes), so a
person can check what was read against what is printed."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.readers.doc import kill_tree
from pipeline.readers.warmoffice import office_pipes, remove_sockets

SCALE = 1.5             # 108 dpi: readable at 1366×768 beside the fields
MAX_PAGES = 2000
OFFICE_SECONDS = 120    # LibreOffice's time to convert one document
_OFFICE = threading.Lock()   # one LibreOffice at a time (it shares its profile)
_KEY_CHARS = 48


class SourceMissing(LookupError):
    """The original file is not where the store says, or its format has no pages (txt, md)."""


@dataclass
class Place:
    """Where an item stands: its page (1-based) and boxes as fractions of the page (left, top, right, bottom)."""
    page: int | None
    boxes: list[tuple[float, float, float, float]]

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "boxes": [list(b) for b in self.boxes]}


def original(data: dict[str, Any], store_path: str) -> str:
    """The original file of a stored document: its source path as converted, absolute or relative
    to the working folder or to the store's folder."""
    given = data["source"]["path"]
    for candidate in (given, os.path.join(os.path.dirname(os.path.abspath(store_path)), given)):
        if candidate and os.path.isfile(candidate):
            return candidate
    raise SourceMissing(f"original not found: {given}")


def as_pdf(data: dict[str, Any], store_path: str) -> str:
    """A PDF of the original: itself, or for DOCX/DOC LibreOffice's conversion, cached under the
    store's folder by the input's SHA-256 (previews/<sha>.pdf)."""
    fmt = data["source"]["format"]
    path = original(data, store_path)
    if fmt == "pdf":
        return path
    if fmt not in ("docx", "doc"):
        raise SourceMissing(f"a {fmt} file has no pages")
    cache = os.path.join(os.path.dirname(os.path.abspath(store_path)), "previews")
    target = os.path.join(cache, f"{data['source']['sha256']}.pdf")
    if not os.path.isfile(target):
        _office_to_pdf(path, fmt, target)
    return target


def _office_to_pdf(path: str, fmt: str, target: str) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SourceMissing("LibreOffice is not installed (needed to show DOCX/DOC pages)")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with _OFFICE, tempfile.TemporaryDirectory(prefix="vanban-office-", ignore_cleanup_errors=True) as tmp:
        src = os.path.join(tmp, f"input.{fmt}")
        shutil.copyfile(path, src)
        profile = Path(tmp, "profile").resolve().as_uri()
        cmd = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, src]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            proc.wait(timeout=OFFICE_SECONDS)
        except subprocess.TimeoutExpired:
            _stop_office(proc)
            raise SourceMissing("LibreOffice took too long to convert the document") from None
        finally:
            remove_sockets(office_pipes(profile))  # a killed office's is left behind
        made = os.path.join(tmp, "input.pdf")
        if not os.path.isfile(made):
            raise SourceMissing("LibreOffice could not convert the document")
        shutil.copyfile(made, target + ".part")
        os.replace(target + ".part", target)  # never a half-written preview


def _stop_office(proc: subprocess.Popen) -> None:
    """Kill a preview's LibreOffice whole: the `soffice` launcher, the soffice.bin it started (which
    would convert on, writing into the folder being removed) and anything of its session, then
    wait (at most 5 s) until none of them is left."""
    kill_tree(proc.pid)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def page_count(pdf_path: str) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        return min(len(pdf), MAX_PAGES)
    finally:
        pdf.close()


def render(pdf_path: str, page_no: int) -> bytes:
    """Page *page_no* (1-based) as PNG; IndexError when there is no such page."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        if not 1 <= page_no <= min(len(pdf), MAX_PAGES):
            raise IndexError(page_no)
        image = pdf[page_no - 1].render(scale=SCALE).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        return buf.getvalue()
    finally:
        pdf.close()


def item_text(data: dict[str, Any], item: str) -> tuple[str, str | None]:
    """(the text to look for, its node id) of "task:<id>" or "reference:<index>"."""
    kind, _, key = item.partition(":")
    if kind == "task":
        for t in data["tasks"] + data.get("prose_tasks", []):
            if t["id"] == key:
                return t["text"], t["node"]
    elif kind == "reference" and re.fullmatch(r"[0-9]{1,6}", key) and int(key) < len(data["references"]):
        r = data["references"][int(key)]
        return r["surface"], r["node"]
    raise KeyError(item)


def node_page(structure: dict[str, Any], node_id: str | None) -> int | None:
    """The page provenance gives the node (None for formats without pages, or unknown)."""
    stack = [structure]
    while stack:
        n = stack.pop()
        if n.get("id") == node_id:
            return (n.get("loc") or {}).get("page")
        stack.extend(n.get("children") or [])
    return None


def locate(pdf_path: str, text: str, page: int | None) -> Place:
    """Find *text* (its first words) in the PDF's text layer: on *page* when provenance gives it,
    else on every page in turn; Place(page, []) when not found (a scanned page has no text layer)."""
    import pypdfium2 as pdfium

    key = " ".join(text.split())[:_KEY_CHARS].rsplit(" ", 1)[0] if len(text) > _KEY_CHARS else " ".join(text.split())
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        pages = [page] if page and 1 <= page <= len(pdf) else range(1, min(len(pdf), MAX_PAGES) + 1)
        for no in pages:
            boxes = _search(pdf[no - 1], key)
            if boxes:
                return Place(no, boxes)
        return Place(page, [])
    finally:
        pdf.close()


def _search(page, key: str) -> list[tuple[float, float, float, float]]:
    if not key:
        return []
    width, height = page.get_size()
    textpage = page.get_textpage()
    found = textpage.search(key, match_case=False).get_next()
    if not found:
        return []
    index, count = found
    boxes = []
    for i in range(textpage.count_rects(index, count)):
        left, bottom, right, top = textpage.get_rect(i)
        boxes.append((left / width, 1 - top / height, right / width, 1 - bottom / height))
    return boxes
