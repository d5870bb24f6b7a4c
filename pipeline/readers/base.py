"""What every reader is: ``read(data, source) -> ReadResult``, and the registry that finds the
reader of a format. `readers.read` sniffs the format, looks its reader up here, calls it and runs
the checks common to all formats; a reader says what went wrong with a ReadError and what it is
unsure of with warnings that carry their own codes."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Protocol

from pipeline.model import Block, Source, Warning_


class ReadError(ValueError):
    """Input a reader refuses, with a one-line reason a person can act on ("encrypted PDF
    (password protected)"); `readers.read` names the file in front of it."""


@dataclass(slots=True)
class ReadResult:
    """A reader's output: the blocks, the page count where the format has pages, the warnings in
    the order they arose, and the text that block offsets index ("" when the blocks come from a
    binary format whose joined text is not kept)."""

    blocks: list[Block]
    pages: int | None = None
    warnings: list[Warning_] = field(default_factory=list)
    text: str = ""


class Reader(Protocol):
    """Reads one format's bytes into blocks; *source* is the file being read (path, hash, format)."""

    def read(self, data: bytes, source: Source) -> ReadResult: ...


# format → (module, class) of its reader, imported on first use: the PDF and DOCX libraries load
# only for the formats a run meets.
_BUILT_IN = {
    "docx": ("pipeline.readers.docx", "DocxReader"),
    "doc": ("pipeline.readers.doc", "DocReader"),
    "pdf": ("pipeline.readers.pdf", "PdfReader"),
    "txt": ("pipeline.readers.txt", "TextReader"),
    "md": ("pipeline.readers.md", "MarkdownReader"),
}
_REGISTRY: dict[str, Reader] = {}


def register(fmt: str, reader: Reader) -> None:
    """Make *reader* the reader of *fmt* (a format name `readers.sniff` returns)."""
    _REGISTRY[fmt] = reader


def reader_for(fmt: str) -> Reader | None:
    """The reader registered for *fmt*, the built-in one loaded on first use; None for a format
    vanban does not read (rtf, html)."""
    if fmt not in _REGISTRY and fmt in _BUILT_IN:
        module, name = _BUILT_IN[fmt]
        register(fmt, getattr(import_module(module), name)())
    return _REGISTRY.get(fmt)
