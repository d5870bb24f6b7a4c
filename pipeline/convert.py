"""The whole pipeline for one file: read → segment → extract → contract dict (validated)."""
from __future__ import annotations

from typing import Any

from pipeline.model import Document
from pipeline.readers import read
from pipeline.segment import segment
from pipeline.writers.json_out import to_dict, validate


def run_extractors(doc: Document) -> None:
    """Annotate the structure tree: references, tasks, targets, budgets."""
    from extractors import extract_all

    extract_all(doc)


def convert(path: str) -> dict[str, Any]:
    """Convert one input file to its validated contract dict; raises InputError for bad input."""
    doc = read(path)
    segment(doc)
    run_extractors(doc)
    data = to_dict(doc)
    validate(data)
    return data
