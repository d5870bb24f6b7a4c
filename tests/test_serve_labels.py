"""The desk speaks Vietnamese: every example of labels.toml is a test, every code the pipeline and
the schema can emit has a label, and every page of a converted corpus sample (and of a document
carrying every known warning) is rendered and read for English message text."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.serve import labels
from pipeline.text import fold
from tests.conftest import CORPUS, ROOT, SEED, converted, needs_corpus

SCHEMA = json.loads((ROOT / "schemas" / "document.schema.json").read_text(encoding="utf-8"))
EXAMPLES = [w for w in labels.warning_labels() if w.example]
# Words of the pipeline's English messages and codes; none may reach a person outside a document's own text.
ENGLISH = set("""the of and is are not read from page pages deadline lead cooperating monitoring table header recurring
period none event cites can_cu amends repeals replaces implements warning error file left blank found by with row
cells kept could unknown correction applies issuer number date type title draft copy understood column points
elsewhere names agency encoding legacy converted decoded named content stamp layer signature notices""".split())


@pytest.mark.parametrize("entry", EXAMPLES, ids=lambda w: f"{w.code}:{w.example[:30]}")
def test_warning_example(entry):
    assert entry.pattern is None or entry.pattern.search(entry.example), "the example must match its own pattern"
    assert labels.warning_text(entry.code, entry.example) == entry.shown


def test_every_code_has_a_label():
    emitted = set()
    for path in list((ROOT / "pipeline").rglob("*.py")) + list((ROOT / "extractors").rglob("*.py")):
        emitted |= set(re.findall(r'warn\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    emitted |= {"ocr", "reader"}  # the readers' notes: warn("ocr" if … else "reader", note)
    known = {w.code for w in labels.warning_labels()}
    assert emitted and emitted <= known, emitted - known
    assert all(any(w.code == c and w.pattern is None for w in labels.warning_labels()) for c in known - {"*"}), \
        "each code needs a fallback sentence for messages no pattern matches"
    props = SCHEMA["$defs"]
    enums = json.dumps(SCHEMA)
    for table, values in (("relation", _enum(props, "relation")), ("deadline_kind", _enum(props, "kind", "date")),
                          ("node_kind", _enum(props, "kind", "document"))):
        assert values and set(values) <= set(labels.data()[table]), (table, set(values) - set(labels.data()[table]))
    assert "can_cu" in enums


def _enum(tree, key: str, member: str | None = None) -> list[str]:
    """The first enum under *key* anywhere in the schema (holding *member* when given)."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k == key and isinstance(v, dict) and "enum" in v and (member is None or member in v["enum"]):
                return v["enum"]
            found = _enum(v, key, member)
            if found:
                return found
    elif isinstance(tree, list):
        for v in tree:
            found = _enum(v, key, member)
            if found:
                return found
    return []


def test_an_unknown_code_or_message_is_still_vietnamese():
    assert labels.warning_text("ocr", "something new the reader says") == next(
        w.vi for w in labels.warning_labels() if w.code == "ocr" and w.pattern is None)
    assert labels.warning_text("brand_new", "a new message") == "Có điểm cần kiểm tra (mã cảnh báo: brand_new)."


@pytest.mark.parametrize("iso, shown", [("2025-03-07", "07/03/2025"), ("2025-03", "03/2025"), ("2025", "2025"),
                                        (None, "—"), ("sau 2025", "sau 2025")])
def test_dates_dd_mm_yyyy(iso, shown):
    assert labels.date_vi(iso) == shown


class _Shown(HTMLParser):
    """The text a person reads on a page: text nodes outside scripts and styles, and tooltips,
    placeholders and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.chunks += [v for k, v in attrs if k in ("title", "placeholder", "aria-label", "alt") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("warnings", "kind", "relation", "code") for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def english_in(page: str, documents: list[dict]) -> list[str]:
    """The chunks of *page* a person reads that hold English words and are not a document's own text."""
    content = "\n".join(fold(s) for d in documents for s in _strings(d))
    found = []
    parser = _Shown()
    parser.feed(page)
    for chunk in parser.chunks:
        text = " ".join(chunk.split())
        if fold(text.removesuffix("...").strip()) in content:  # the outline shortens long texts
            continue
        words = {w for w in re.findall(r"[a-z_]+", text.lower())}
        if words & ENGLISH:
            found.append(text)
    return found


def _store_with(tmp_path: Path, outputs: list[dict]) -> str:
    from pipeline.store import Store

    store = str(tmp_path / "vanban.sqlite")
    with Store(store) as s:
        for i, data in enumerate(outputs):
            s.record_document(f"sample/{i}-{Path(data['source']['path']).name}", data, "test", None)
    return store


def _pages(client, n: int) -> list[str]:
    urls = ["/", "/browse", "/graph", "/search?q=quyet+dinh", "/search?q=zzzz-khong-co"]
    for doc_id in range(1, n + 1):
        urls += [f"/documents/{doc_id}", f"/documents/{doc_id}/graph"]
    pages = []
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        pages.append((url, answer.text))
    return pages


def _client(store: str):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from pipeline.serve.app import create_app

    return TestClient(create_app(store), base_url="http://127.0.0.1:8000")


def test_every_known_warning_is_shown_in_vietnamese(tmp_path):
    data = json.loads(json.dumps(converted(str(SEED))))
    data["warnings"] = [{"code": w.code, "message": w.example, "node": None} for w in EXAMPLES]
    client = _client(_store_with(tmp_path, [data]))
    page = client.get("/documents/1").text
    for w in EXAMPLES:
        assert w.example not in page
    assert page.count('class="warning"') >= len(EXAMPLES)
    assert english_in(page, [data]) == []


def _sample() -> list[Path]:
    """Three corpus inputs of each format (first, middle and last by path): a spread, not a pick."""
    out = []
    for ext in ("docx", "doc", "pdf", "txt", "md"):
        files = sorted(p for p in CORPUS.rglob(f"*.{ext}") if p.is_file())
        if files:
            out += sorted({files[0], files[len(files) // 2], files[-1]})
    return out


@needs_corpus
@pytest.mark.corpus
def test_no_english_on_any_page_of_a_corpus_sample(tmp_path):
    outputs = [converted(str(p)) for p in _sample()]
    client = _client(_store_with(tmp_path, outputs))
    bad = {}
    for url, page in _pages(client, len(outputs)):
        for data in outputs:
            for w in data["warnings"]:
                assert w["message"] not in page, (url, w["message"])
        found = english_in(page, outputs)
        if found:
            bad[url] = found[:5]
    assert bad == {}
    assert sum(len(d["warnings"]) for d in outputs) > 10  # the sample does carry warnings to show


@pytest.mark.parametrize("url, shown", [
    ("/documents/999999", "Không có văn bản này trong kho."),
    ("/agencies/ag:khong-co", "Không có cơ quan, đơn vị này trong kho."),
    ("/dossiers/9999", "Không có hồ sơ này."),
    ("/khong-co-trang-nay", "Không tìm thấy trang này."),
])
def test_a_page_that_cannot_be_shown_says_why_in_vietnamese(tmp_path, url, shown):
    """A browser gets a Vietnamese page (not FastAPI's English JSON); the API keeps its JSON."""
    client = _client(_store_with(tmp_path, [converted(str(SEED))]))
    page = client.get(url, headers={"accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert shown in page.text and english_in(page.text, []) == []
    api = client.get("/api" + url if url.startswith("/documents") else url, headers={"accept": "application/json"})
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"


@pytest.mark.parametrize("status", [400, 403, 404, 405, 409, 413, 422, 500, 502])
def test_every_http_error_has_a_sentence(status):
    from pipeline.serve.labels import data, http_error

    said = http_error(status, "/")
    assert said in data()["http_error"].values() and english_in(f"<p>{said}</p>", []) == []
