"""The citation graph's inputs gathered while a batch records its results, so that the graph step
after the last result need not read every document and reference back from the store (0.013 s of
its 0.042 s for the corpus's 110 DOCX), nor work out which node each stands for: what
Store.graph_inputs() would yield, made from the rows each result was stored with, and their keys."""
from __future__ import annotations

from typing import Any, Iterable

from pipeline.graph_keys import keys_of
from pipeline.store import Store
from pipeline.store.db import DocRows


def _text_columns(values: Iterable[Any]) -> bool:
    """Whether the store gives these values back as they are: None or str (a TEXT column would
    turn an int into its digits)."""
    return all(v is None or type(v) is str for v in values)


class GraphInputs:
    """The graph inputs of the documents this run stored, by path. inputs() answers from them when
    the store holds those documents only and no other connection changed it since; otherwise
    (documents of earlier runs, a review desk writing meanwhile) from the store, as before."""

    def __init__(self, store: Store):
        self.store = store
        self.version = store.data_version()
        self.recorded: dict[str, tuple[tuple[str, dict[str, Any]], Any]] = {}  # path: ((output, data), keys)
        self.exact = True

    def stored(self, path: str, output: str | None, rows: Any) -> None:
        """The document stored under *path* with *rows* (by this run's connection: record_document)."""
        if not isinstance(rows, DocRows):
            self.exact = False
            return
        data = rows.graph_input()
        self.exact = self.exact and _text_columns(data["document"].values()) and all(
            _text_columns(r.values()) for r in data["references"])
        if not self.exact:
            return
        try:
            keys = keys_of(data)
        except Exception:  # noqa: BLE001  (the graph step meets it, reading the store, as it did before)
            self.exact = False
            return
        self.recorded[path] = ((output or path, data), keys)

    def inputs(self) -> tuple[list[tuple[str, dict[str, Any]]], list | None]:
        """What store.graph_inputs() yields now, in its order (the documents by path), and their
        keys for graph.build (None when read from the store)."""
        if self.exact and self.store.data_version() == self.version:
            paths = self.store.paths()
            if all(p in self.recorded for p in paths):
                return [self.recorded[p][0] for p in paths], [self.recorded[p][1] for p in paths]
        return list(self.store.graph_inputs()), None
