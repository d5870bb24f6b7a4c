"""Readers: one input file → a Document holding blocks with provenance.

The format is decided from the file's content (magic bytes), the extension only breaks
ties between text formats.
"""
from __future__ import annotations

import hashlib
import os
import stat
from functools import lru_cache

from pipeline.bounds import cap_blocks
from pipeline.model import Document, Source, WarningCode
from pipeline.readers.base import ReadError, reader_for
from pipeline.readers.decode import LEGACY_NAMES
from pipeline.readers.errors import InputError

MAX_BYTES = 200 * 1024 * 1024
TEXT_EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
_BY_EXTENSION = {**TEXT_EXTENSIONS, ".docx": "docx", ".doc": "doc", ".pdf": "pdf"}
# Formats recognised by content that later readers handle; until then they are refused clearly.
_MAGIC = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # OLE compound file: a Word 97-2003 document
    (b"{\\rtf", "rtf"),
)


def sniff(path: str, head: bytes) -> str:
    """Return the format of a file from its first bytes and, for text, its extension."""
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    ext = os.path.splitext(path)[1].lower()
    if ext in (".html", ".htm") or head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return TEXT_EXTENSIONS.get(ext, "txt")


def read(path: str) -> Document:
    """Read *path* into a Document; raise InputError with a one-line reason when it cannot be read.
    Text typed in the legacy TCVN3 or VNI encodings is converted to Unicode whatever the format;
    text that stays unreadable (a font without a Unicode map) is said so in a warning."""
    from pipeline.readers.legacy import fix_blocks, garbled

    doc = _read(path)
    cap_blocks(doc)
    claimed = _BY_EXTENSION.get(os.path.splitext(path)[1].lower())
    if claimed and claimed != doc.source.format and {claimed, doc.source.format} != {"txt", "md"}:
        doc.warn(WarningCode.EXTENSION, f"named {os.path.splitext(path)[1]} but its content is {doc.source.format};"
                              f" read as {doc.source.format}")
    legacy = fix_blocks(doc.blocks)
    if legacy:
        doc.warn(WarningCode.ENCODING, f"legacy {LEGACY_NAMES[legacy]} text converted to Unicode")
    if garbled(" ".join(b.text for b in doc.blocks[:400])):
        doc.warn(WarningCode.ENCODING, "the text is not readable Vietnamese (a font without a Unicode map, or an "
                             "unknown encoding): fields read from it are unreliable; check against the source")
    return doc


def _read(path: str) -> Document:
    try:
        return _read_format(path)
    except InputError:
        raise
    except _parse_errors() as exc:  # a library's complaint about a damaged part is the input's fault
        raise InputError(path, f"corrupt or damaged file ({type(exc).__name__}: {str(exc)[:200]})") from None


@lru_cache(maxsize=1)
def _parse_errors() -> tuple[type[BaseException], ...]:
    """Exceptions the parsing libraries raise on damaged input (zlib, XML, zip, pdfium, images)."""
    import struct
    import zipfile
    import zlib

    from lxml import etree

    errors: list[type[BaseException]] = [zlib.error, etree.LxmlError, zipfile.BadZipFile, EOFError, struct.error,
                                         UnicodeDecodeError]
    try:
        import pypdfium2

        errors.append(pypdfium2.PdfiumError)
    except ImportError:
        pass
    try:
        from PIL import UnidentifiedImageError

        errors.append(UnidentifiedImageError)
    except ImportError:
        pass
    return tuple(errors)


def _read_format(path: str) -> Document:
    """The file's bytes, its format sniffed from them, the reader of that format, and the checks
    every format shares: a reader's refusal named with the file, no blocks at all refused."""
    data = _file_bytes(path)
    fmt = sniff(path, data[:64])
    source = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), format=fmt)
    reader = reader_for(fmt)
    if reader is None:
        raise InputError(path, f"unsupported format: {fmt} (vanban reads .txt, .md, .docx, .doc and .pdf)")
    try:
        result = reader.read(data, source)
    except ReadError as exc:
        raise InputError(path, str(exc)) from None
    if not result.blocks:
        raise InputError(path, "no readable content")
    source.pages = result.pages
    doc = Document(source=source, blocks=result.blocks, text=result.text)
    doc.warnings.extend(result.warnings)
    return doc


def _file_bytes(path: str) -> bytes:
    """The whole content of a regular, non-empty file under MAX_BYTES; anything else is an
    InputError saying why (a FIFO or device is never opened for reading)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, f"not a regular file ({special_kind(st.st_mode)}): not read")
    size = st.st_size
    if size == 0:
        raise InputError(path, "empty file")
    if size > MAX_BYTES:
        raise InputError(path, f"file too large ({size // (1024 * 1024)} MB, limit {MAX_BYTES // (1024 * 1024)} MB)")
    try:  # non-blocking: a file swapped for a FIFO since the check above cannot hang the open
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise InputError(path, "not a regular file: not read")
            return _read_at_most(f, size, MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def _read_at_most(f, size: int, limit: int) -> bytes:
    """f.read(limit) for a file of *size* bytes when opened: its size and one byte asked first, so that
    the buffer allocated is the file's, not *limit*'s (200 MB mapped and shrunk on every read: 2.5x the
    time); a file grown since is read on, up to *limit* in all, as f.read(limit) reads until EOF."""
    data = f.read(min(size + 1, limit))
    if len(data) > size and len(data) < limit:
        data += f.read(limit - len(data))
    return data


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is: "FIFO", "character device" …"""
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"
