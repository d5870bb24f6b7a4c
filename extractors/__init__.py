"""Extractors annotate a segmented Document: references, tasks, targets and budget lines."""
from __future__ import annotations

from pipeline.model import Document


def extract_all(doc: Document) -> None:
    """Run every extractor on *doc* (references first: tasks and graphs use them)."""
    from extractors.agency_ids import assign_agency_ids
    from extractors.backrefs import extract_back_references
    from extractors.effect import extract_effect
    from extractors.prose_tasks import extract_prose_tasks
    from extractors.references import extract_references
    from extractors.schedule import schedule_deadlines
    from extractors.task_ids import assign_uids
    from extractors.targets import extract_budget_items, extract_targets
    from extractors.tasks import extract_tasks

    extract_references(doc)
    extract_back_references(doc)
    extract_effect(doc)
    extract_tasks(doc)
    extract_prose_tasks(doc)
    schedule_deadlines(doc)
    assign_uids(doc)
    assign_agency_ids(doc)
    extract_targets(doc)
    extract_budget_items(doc)


def load_models() -> None:
    """Load the gazetteer's matcher (the tokenizer's rules and the names' tokens) and underthesea's
    sentence splitter now (both load on first use): processes forked afterwards, one per document
    in `vanban convert`, share them instead of loading them each."""
    from extractors.agencies import gazetteer_spans
    from extractors.prose_tasks import sentences

    gazetteer_spans("Sở Nội vụ")
    sentences("Sở Nội vụ chủ trì.")
