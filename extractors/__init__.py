"""Extractors annotate a segmented Document: references, tasks, targets and budget lines."""
from __future__ import annotations

from pipeline.model import Document


def extract_all(doc: Document) -> None:
    """Run every extractor on *doc* in dependency order (tasks use references' context)."""
