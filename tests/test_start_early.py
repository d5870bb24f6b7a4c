"""The batch's first steps start its workers once the source is known to hold enough files for
them, then walk the whole source: as many workers as when the walk came first (min(--workers,
files found)), counted by the same rules as plan.walk, and the same files found."""
from __future__ import annotations

import os

import pytest

from pipeline.batch.plan import count_supported, walk
from pipeline.batch.start import start
from tests.conftest import CORPUS
from tests.test_walk_shortcuts import _tree, _walk_before


@pytest.mark.parametrize("at_most", [0, 1, 2, 3, 4, 5, 6, 7, 50])
def test_the_early_count_is_the_walks_up_to_its_bound(tmp_path, at_most):
    src = _tree(tmp_path)
    for out in (str(src / "out"), str(src / "x" / "link_to_out"), None):
        found, _ = walk(str(src), out)
        assert count_supported(str(src), out, at_most) == min(at_most, len(found))
        assert walk(str(src), out) == _walk_before(str(src), out)


def test_a_source_without_supported_files_counts_none(tmp_path):
    src = tmp_path / "src"
    (src / ".hidden").mkdir(parents=True)
    (src / ".hidden" / "a.txt").write_text("t", encoding="utf-8")
    (src / "notes.xyz").write_text("t", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(src / "pipe.docx")
    assert count_supported(str(src), None, 4) == 0 == len(walk(str(src))[0])


@pytest.mark.parametrize("workers, files", [(1, 3), (2, 1), (2, 3), (3, 2)])
def test_the_first_steps_start_as_many_workers_as_before(tmp_path, workers, files):
    src = tmp_path / "src"
    src.mkdir()
    for k in range(files):
        (src / f"d{k}.txt").write_text("Số: 1/QĐ-UBND", encoding="utf-8")
    started = start(str(src), str(tmp_path / "out"), workers)
    try:
        assert len(started.found) == files
        assert len(started.workers.workers) == min(workers, files)
    finally:
        started.workers.close()


@pytest.mark.corpus
def test_the_corpus_early_count(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip("corpus absent")
    found, _ = walk(str(CORPUS), str(tmp_path))
    for at_most in (1, 2, 8, len(found) + 1):
        assert count_supported(str(CORPUS), str(tmp_path), at_most) == min(at_most, len(found))
