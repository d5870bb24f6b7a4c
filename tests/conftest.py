"""Shared test fixtures: where the shared corpus and seed live, and a cached converter."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VANBAN_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SEED = ROOT / "samples" / "qd-2571-ubnd-lamdong-2022.txt"
SEED_GOLD = SHARED / "seed" / "qd-2571-ubnd-lamdong-2022.gold.json"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
needs_gold = pytest.mark.skipif(not SEED_GOLD.is_file(), reason="../shared/seed gold is not present")


@lru_cache(maxsize=None)
def converted(path: str) -> dict:
    """The validated output for *path* (converted once per test session)."""
    from pipeline.convert import convert

    return convert(path)
