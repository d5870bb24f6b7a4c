"""plan.walk takes each folder's real path and relative path once, not each entry's: it must find
what the walk it replaced found (that walk is kept here), on trees with linked folders and files,
an output folder inside the source (reached directly or through a link), hidden entries, FIFOs,
broken links, and sources given as relative paths or with a trailing slash; and on the corpus."""
from __future__ import annotations

import os
import stat
from collections import defaultdict
from pathlib import Path

import pytest

from pipeline.batch.plan import SUPPORTED, walk
from pipeline.readers import special_kind
from tests.conftest import CORPUS


def _walk_before(src: str, out: str | None = None):
    """plan.walk as it was: realpath and relpath asked of every folder and file."""
    found, other = [], defaultdict(int)
    skip = os.path.realpath(out) if out else None
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) != skip)
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            ext = os.path.splitext(name)[1].lower()
            try:
                mode = os.stat(path).st_mode
                special = None if stat.S_ISREG(mode) else special_kind(mode)
            except OSError:
                special = None
            if special:
                other[f"({special})"] += 1
            elif ext in SUPPORTED:
                found.append((path, os.path.relpath(path, src), SUPPORTED[ext]))
            else:
                other[ext or "(none)"] += 1
    return found, dict(other)


def _tree(root: Path) -> Path:
    """A source folder with the cases walk decides on; returns it (the outputs go in src/out)."""
    src = root / "src"
    for rel in ["a.docx", "b.PDF", "c.txt", "notes.xyz", "README", ".hidden.txt", "x/y/z/deep.md",
                "x/y/z/.dot/no.txt", ".git/config.txt", "x/out2/kept.txt", "out/old.json", "out/sub/o.txt"]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("t", encoding="utf-8")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "e.txt").write_text("e", encoding="utf-8")
    os.symlink(root / "elsewhere", src / "linked_dir")
    os.symlink(src / "out", src / "x" / "link_to_out")
    os.symlink(src / "a.docx", src / "x" / "linked.docx")
    os.symlink(root / "missing.txt", src / "broken.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(src / "x" / "pipe.txt")
    return src


@pytest.mark.parametrize("spell", ["plain", "slash", "relative", "dotted"])
@pytest.mark.parametrize("out_name", ["out", "x/link_to_out", None, "../elsewhere"])
def test_the_walk_finds_what_it_found_before(tmp_path, monkeypatch, spell, out_name):
    src = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    given = {"plain": str(src), "slash": str(src) + "/", "relative": "src", "dotted": "elsewhere/../src"}[spell]
    out = None if out_name is None else os.path.join(given, out_name)
    assert walk(given, out) == _walk_before(given, out)
    assert walk(given, out)[0]  # the tree has inputs: an empty answer proves nothing


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")
def test_the_corpus_walk_is_unchanged(tmp_path):
    assert walk(str(CORPUS), str(tmp_path)) == _walk_before(str(CORPUS), str(tmp_path))
