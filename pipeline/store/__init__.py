"""The embedded store (SQLite, WAL): converted documents with their references, tasks and
agencies, the citation edges, a full-text index over a diacritic-folded copy of the text, and the
batch manifest. `vanban batch` fills it, `vanban search` and `vanban serve` read it."""
from pipeline.store.db import Store

__all__ = ["Store"]
