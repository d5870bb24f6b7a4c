"""The whole pipeline for one file: read → segment → extract → contract dict (validated)."""
from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from pipeline.model import Document
from pipeline.readers import read
from pipeline.segment import segment
from pipeline.writers.json_out import to_dict, validate

STAGES = ("read", "segment", "extract", "validate")


def run_extractors(doc: Document) -> None:
    """Annotate the structure tree: references, tasks, targets, budgets."""
    from extractors import extract_all

    extract_all(doc)


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load the extractors' models and compile the schema's validator once in this process
    (before forking children, or a batch worker's first job: ~1.2 s the first document paid)."""
    from extractors import load_models
    from pipeline.writers.json_out import compile_schema

    load_models()
    compile_schema()


def convert(path: str, timings: dict[str, float] | None = None) -> dict[str, Any]:
    """Convert one input file to its validated contract dict; raises InputError for bad input.
    When *timings* is given, the seconds spent in each of STAGES are added to it."""
    t0 = time.perf_counter()
    doc = read(path)
    t1 = time.perf_counter()
    segment(doc)
    t2 = time.perf_counter()
    run_extractors(doc)
    t3 = time.perf_counter()
    data = to_dict(doc)
    validate(data)
    if timings is not None:
        for stage, dt in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, time.perf_counter() - t3)):
            timings[stage] = timings.get(stage, 0.0) + dt
    return data
