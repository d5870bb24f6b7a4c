"""What a batch has to do: every file under the source folder, its output name, its content hash,
and whether the manifest says it is already done by this version of the pipeline."""
from __future__ import annotations

import hashlib
import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Iterator

from pipeline import __version__

SUPPORTED = {".docx": "docx", ".doc": "doc", ".pdf": "pdf", ".txt": "txt", ".text": "txt",
             ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class Job:
    """One input of a batch: its path as given, its path relative to the source folder, its
    expected format (by extension), its content hash and the output it will be written to."""
    path: str
    rel: str
    fmt: str
    sha256: str
    output: str

    @property
    def error_output(self) -> str:
        """Where the error record goes when the file cannot be converted."""
        return self.output[: -len(".json")] + ".error.json"


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """vanban's version plus a digest of its rule data and schema: a change to either makes a
    batch convert again the files the manifest holds as done."""
    h = hashlib.sha256()
    for package in ("pipeline.data", "pipeline.notation.data", "extractors.data", "schemas"):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".csv", ".tsv", ".txt", ".json")):
                h.update(entry.name.encode())
                h.update(entry.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


def sha256_file(path: str, limit: int | None = None) -> str:
    """The file's sha256, or "" when it cannot be read (the conversion then reports why) or holds
    more than *limit* bytes (a file that grew after its size was read is never hashed endlessly)."""
    h = hashlib.sha256()
    seen = 0
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                seen += len(chunk)
                if limit is not None and seen > limit:
                    return ""
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def _hash(path: str) -> str:
    """sha256_file, except for a file larger than the readers accept (hashing 100 GB would stall
    the run before any time limit applies; the worker refuses it at once): hashing happens in the
    planning, before the per-document time limit, so it reads at most MAX_BYTES + 1 bytes."""
    from pipeline.readers import MAX_BYTES

    try:
        if os.path.getsize(path) > MAX_BYTES:
            return ""
    except OSError:
        return ""
    return sha256_file(path, MAX_BYTES)


def walk(src: str, out: str | None = None) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """(path, relative path, format) of every supported file under *src*, sorted, and the count of
    other files by extension (they are reported as skipped, never silently dropped). Linked files
    are read; linked folders are not entered (no cycles); the output folder *out* is not entered
    when it lies inside *src*. A FIFO, a device or a link to one (reading it could block forever)
    is counted under "(FIFO)", "(character device)" … and never opened."""
    found, other = [], defaultdict(int)
    for path, rel, fmt in _entries(src, out):
        if fmt is None:
            other[rel] += 1
        else:
            found.append((path, rel, fmt))
    return found, dict(other)


def count_supported(src: str, out: str | None, at_most: int) -> int:
    """min(*at_most*, how many supported files walk() finds), walking only as far as that needs:
    for the workers to start before the rest of a large source is walked."""
    return sum(1 for _ in islice((e for e in _entries(src, out) if e[2] is not None), at_most))


def _entries(src: str, out: str | None) -> Iterator[tuple[str, str, str | None]]:
    """walk()'s files one at a time, in its order: (path, relative path, format) of a supported
    file, (path, what it is counted as: ".xlsx", "(none)", "(FIFO)" …, None) of another."""
    skip = os.path.realpath(out) if out else None
    for root, dirs, files in os.walk(src):
        # a folder's real path is its parent's plus its name (a linked one is never entered anyway);
        # a file's relative path its folder's plus its name: both once per folder, not per entry
        real, rel = os.path.realpath(root), os.path.relpath(root, src)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.join(real, d) != skip)
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            ext = os.path.splitext(name)[1].lower()
            special = _special(path)
            if special:
                yield path, f"({special})", None
            elif ext in SUPPORTED:
                yield path, name if rel == "." else os.path.join(rel, name), SUPPORTED[ext]
            else:
                yield path, ext or "(none)", None


def _special(path: str) -> str | None:
    """What *path* is when it is neither a regular file nor a missing one (a broken link is left
    to the conversion, which says so): "FIFO", "character device" …"""
    from pipeline.readers import special_kind

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else special_kind(mode)


def output_names(rels: list[str]) -> dict[str, str]:
    """Relative output path per input: `dir/name.json`, or `dir/name.ext.json` when two inputs of
    one folder share a name (a .doc and its .docx)."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for rel in rels:
        by_stem[os.path.splitext(rel)[0]].append(rel)
    names = {}
    for stem, group in by_stem.items():
        for rel in group:
            names[rel] = (stem if len(group) == 1 else rel) + ".json"
    return names


def plan(src: str, out: str) -> tuple[list[Job], dict[str, int]]:
    """Jobs for every supported file under *src* (hashing each), and the skipped extensions."""
    found, other = walk(src, out)
    return jobs_of(found, out), other


def jobs_of(found: list[tuple[str, str, str]], out: str) -> list[Job]:
    """A job for each (path, relative path, format) that walk found, its content hashed."""
    names = output_names([rel for _, rel, _ in found])
    return [Job(path, rel, fmt, _hash(path), os.path.join(out, names[rel])) for path, rel, fmt in found]
