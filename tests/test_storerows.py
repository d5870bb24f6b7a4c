"""Issue 19 (storerows): a worker leaves the blob's compression and the FTS fold of a document's rows
to the batch process (DocRows.of later, finish), and the batch keeps the graph's inputs as it stores
its results (GraphInputs) instead of reading them back after the last one. Both must give exactly
what they replace: the same rows, stored the same, and the same graph inputs."""
from __future__ import annotations

import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.batch.graph_inputs import GraphInputs
from pipeline.batch.runner import Options, _graph, run_batch
from pipeline.graph_keys import keys_of
from pipeline.store import Store
from pipeline.store.db import DocRows
from tests.conftest import CORPUS, ROOT, SEED, converted

SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))


def _corpus_docx(n: int = 12) -> list[Path]:
    return sorted(CORPUS.rglob("*.docx"))[:n] if CORPUS.is_dir() else []


def _tables(path: str) -> dict[str, list[tuple]]:
    """Every table's rows but the clock's columns, the FTS text by rowid."""
    db = sqlite3.connect(path)
    out = {}
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'fts_%'"):
        cur = db.execute(f'SELECT {"rowid, " if table == "fts" else ""}* FROM "{table}"')
        names = [c[0] for c in cur.description]
        drop = {"added_at", "done_at", "seconds", "rss_mb"}
        out[table] = sorted((tuple(v for n, v in zip(names, row) if n not in drop) for row in cur), key=repr)
    db.close()
    return out


@pytest.mark.parametrize("path", SAMPLES + _corpus_docx(), ids=lambda p: p.name)
def test_rows_finished_later_are_the_rows_made_at_once_and_store_the_same(path, tmp_path):
    data = converted(str(path))
    later = pickle.loads(pickle.dumps(DocRows.of(data, later=True)))  # as a worker sends them
    assert later != DocRows.of(data)
    with Store(str(tmp_path / "later.sqlite")) as a, Store(str(tmp_path / "once.sqlite")) as b:
        a.record_document("x/a.docx", later, "v", "x/a.json")
        b.record_document("x/a.docx", DocRows.of(data), "v", "x/a.json")
    assert later == DocRows.of(data) and later.head is None
    assert _tables(str(tmp_path / "later.sqlite")) == _tables(str(tmp_path / "once.sqlite"))


def test_rows_without_header_words_are_finished_too():
    data = converted(str(SEED))
    d = dict(data, document={k: v for k, v in data["document"].items()
                             if k not in ("doc_type", "number", "issuer", "title")})
    rows = DocRows.of(d, later=True)
    assert rows.head == "" and rows.finish().folded == DocRows.of(d).folded and rows.folded.startswith("\n")


def _src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    for p in SAMPLES:
        if p.suffix != ".pdf":  # the scan's OCR is slow, and a text PDF adds nothing here
            shutil.copy(p, src / ("sub" if p.suffix == ".md" else "") / p.name)
    for p in _corpus_docx(6):
        shutil.copy(p, src / p.name)
    return src


def _gathered(tmp_path: Path, monkeypatch) -> list:
    """The GraphInputs of each run_batch call (the runner's own, kept)."""
    made = []

    class Kept(GraphInputs):
        def __init__(self, store):
            super().__init__(store)
            made.append(self)

    monkeypatch.setattr("pipeline.batch.runner.GraphInputs", Kept)
    return made


def test_a_batchs_gathered_graph_inputs_are_the_stores(tmp_path, monkeypatch):
    made = _gathered(tmp_path, monkeypatch)
    out = tmp_path / "out"
    run_batch(str(_src(tmp_path)), str(out), Options(workers=1, progress=False))
    gathered = made[-1]
    with Store(str(out / "vanban.sqlite")) as store:
        gathered.store = store
        gathered.version = store.data_version()
        assert gathered.exact and len(gathered.recorded) == store.count() >= 5
        monkeypatch.setattr(store, "graph_inputs", lambda: pytest.fail("read back from the store"))
        answer, keys = gathered.inputs()
        monkeypatch.undo()
        assert answer == list(store.graph_inputs()) and keys == [keys_of(data) for _, data in answer]
        _graph(store, str(tmp_path / "g.graphml"))  # from the store, as before
        assert (tmp_path / "g.graphml").read_bytes() == (out / "graph.graphml").read_bytes()


def test_the_store_is_read_when_it_holds_documents_of_an_earlier_run_or_another_writer(tmp_path, monkeypatch):
    src, out = _src(tmp_path), tmp_path / "out"
    run_batch(str(src), str(out), Options(workers=1, progress=False))
    (src / SEED.name).write_text(SEED.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    made = _gathered(tmp_path, monkeypatch)
    run_batch(str(src), str(out), Options(workers=1, progress=False))  # one document again, the rest kept
    assert len(made[-1].recorded) == 1
    with Store(str(out / "vanban.sqlite")) as store:
        made[-1].store, made[-1].version = store, store.data_version()
        assert store.count() > 1 and made[-1].inputs()[0] == list(store.graph_inputs())
        _graph(store, str(tmp_path / "g.graphml"))
        assert (tmp_path / "g.graphml").read_bytes() == (out / "graph.graphml").read_bytes()
        gathered = GraphInputs(store)
        rows = DocRows.of(converted(str(SEED)))
        for path in store.paths():
            gathered.stored(path, None, rows)
        other = sqlite3.connect(str(out / "vanban.sqlite"))
        other.execute("UPDATE documents SET title = 'khác' WHERE path = ?", (SEED.name,))
        other.commit()
        other.close()
        assert gathered.inputs()[0] == list(store.graph_inputs())  # another connection wrote: the store's


def test_a_value_the_store_would_turn_into_text_leaves_the_inputs_to_the_store(tmp_path):
    data = converted(str(SEED))
    rows = DocRows.of(data)
    with Store(str(tmp_path / "s.sqlite")) as store:
        rows.references[0] = (*rows.references[0][:3], 42, *rows.references[0][4:])  # a number as an int
        store.record_document("a.txt", rows, "v", "a.json")
        gathered = GraphInputs(store)
        gathered.stored("a.txt", "a.json", rows)
        assert not gathered.exact
        assert gathered.inputs()[0] == list(store.graph_inputs())
        assert gathered.inputs()[0][0][1]["references"][0]["number"] == "42"


def test_a_graph_built_from_given_keys_is_the_graph_built_without(tmp_path):
    from pipeline import graph

    paths = SAMPLES + _corpus_docx(30)
    outputs = [(str(p), converted(str(p))) for p in paths if p.suffix != ".pdf" or "scan" not in p.name]
    keys = [keys_of(data) for _, data in outputs]
    graph.write(graph.build(outputs), str(tmp_path / "a.graphml"))
    graph.write(graph.build(outputs, keys), str(tmp_path / "b.graphml"))
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
    shuffled = [keys[-1], *keys[:-1]]  # keys that are not the outputs' give another graph: they are used
    graph.write(graph.build(outputs, shuffled), str(tmp_path / "c.graphml"))
    assert (tmp_path / "c.graphml").read_bytes() != (tmp_path / "a.graphml").read_bytes()


def test_a_reference_the_graph_cannot_key_is_left_to_the_graph_step(tmp_path):
    rows = DocRows.of(converted(str(SEED)))
    rows.references[0] = (*rows.references[0][:9], None, *rows.references[0][10:])  # no target
    with Store(str(tmp_path / "s.sqlite")) as store:
        gathered = GraphInputs(store)
        gathered.stored("a.txt", "a.json", rows)  # raises nothing in the journal's thread
        assert not gathered.exact and gathered.inputs()[1] is None
