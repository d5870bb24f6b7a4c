"""The review desk's JSON API and pages through FastAPI's test client: every endpoint, bad uploads
with clear 4xx answers, corrections kept apart and kept over a new conversion, exports."""
from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from pipeline.serve.app import create_app  # noqa: E402
from pipeline.store import Store  # noqa: E402
from tests.conftest import SEED  # noqa: E402


def local_client(app) -> TestClient:
    """A client of a desk without accounts (this machine's user may do everything), sending the
    CSRF token its pages carry."""
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    page = client.get("/").text
    client.headers["X-CSRF-Token"] = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    return client


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A desk over a fresh store with the seed uploaded; (client, store path, seed id)."""
    store = str(tmp_path_factory.mktemp("api") / "vanban.sqlite")
    client = local_client(create_app(store, max_upload_mb=1))
    answer = client.post("/api/documents", files={"file": ("qd-2571.txt", SEED.read_bytes(), "text/plain")})
    assert answer.status_code == 201, answer.text
    return client, store, answer.json()["id"]


def test_upload_answers_id_and_page(desk):
    client, store, doc_id = desk
    again = client.post("/api/documents", files={"file": ("qd-2571.txt", SEED.read_bytes())})
    assert again.status_code == 201
    body = again.json()
    assert body["id"] == doc_id or body["page"] == f"/documents/{body['id']}"
    assert body["tasks"] == 38 and body["document"]["number"] == "2571/QĐ-UBND"
    assert body["path"].startswith("uploads/") and body["path"].endswith("/qd-2571.txt")
    with Store(store) as s:
        assert s.count("documents") == 1  # the same content under the same name is one document


@pytest.mark.parametrize("name, content, status, words", [
    ("empty.txt", b"", 400, "empty file"),
    ("big.txt", b"a" * (1024 * 1024 + 10), 413, "too large"),
    ("photo.docx", b"\x89PNG\r\n\x1a\n" + bytes(500), 415, "not a document vanban reads"),
    ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", 415, "not a document vanban reads"),
    ("binary.txt", bytes(range(256)) * 20, 415, "not a document vanban reads"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", 422, "cannot convert"),
    ("broken.docx", b"PK\x03\x04" + bytes(300), 422, "cannot convert"),
])
def test_bad_uploads_get_clear_4xx(desk, name, content, status, words):
    client, _, _ = desk
    answer = client.post("/api/documents", files={"file": (name, content)})
    assert answer.status_code == status, answer.text
    assert words in answer.json()["detail"]


def test_upload_without_a_file_field_is_422(desk):
    client, _, _ = desk
    assert client.post("/api/documents", data={"other": "x"}).status_code == 422


def test_upload_never_writes_outside_the_store(desk, tmp_path):
    client, store, _ = desk
    answer = client.post("/api/documents", files={"file": ("../../../../tmp/evil name?.txt", SEED.read_bytes()[:3000])})
    assert answer.status_code == 201, answer.text
    path = answer.json()["path"]
    assert ".." not in path and path.count("/") == 2 and path.endswith("/evil name.txt")
    root = Path(store).parent / "uploads"
    assert (root / path.split("/", 1)[1]).is_file()
    assert not Path("/tmp/evil name?.txt").exists()


def test_document_search_browse_and_report(desk):
    client, _, doc_id = desk
    data = client.get(f"/api/documents/{doc_id}").json()
    assert data["document"]["number"] == "2571/QĐ-UBND" and len(data["tasks"]) == 38
    assert client.get("/api/documents/999999").status_code == 404
    hits = client.get("/api/documents", params={"q": "nghi dinh 108"}).json()
    assert doc_id in [h["doc_id"] for h in hits]
    assert client.get("/api/documents", params={"q": "2571/QĐ-UBND"}).json()[0]["doc_id"] == doc_id
    assert client.get("/api/documents", params={"issuer": "lam dong", "type": "qd"}).json()
    browse = client.get("/api/browse").json()
    assert ["UBND tỉnh Lâm Đồng", 1] in [list(x) for x in browse["issuer"]] or browse["issuer"]
    report = client.get("/api/graph/report").json()
    assert report["documents"] > 10 and report["most_cited"] and report["missing"]
    near = client.get(f"/api/documents/{doc_id}/neighbourhood").json()
    me = [n for n in near["nodes"] if n["data"]["me"]]
    assert len(me) == 1 and me[0]["data"]["doc"] == doc_id and len(near["edges"]) >= 5
    assert len(near["nodes"]) <= 1 + 2 * 12 and near["omitted"] > 0  # a readable neighbourhood, the rest counted
    assert {e["data"]["label"] for e in near["edges"]} <= {"Căn cứ", "Dẫn chiếu", "Ban hành kèm theo", "Chính văn bản này",
                                                          "Sửa đổi, bổ sung", "Bãi bỏ", "Thay thế", "Triển khai thực hiện"}


def test_corrections_are_kept_apart_validated_and_survive_a_new_conversion(desk):
    client, store, doc_id = desk
    task = client.get(f"/api/documents/{doc_id}").json()["tasks"][1]
    item = f"task:{task['id']}"
    url = f"/api/documents/{doc_id}/corrections"
    made = client.post(url, json={"item": item, "field": "lead", "value": "Sở Nội vụ\nSở Tư pháp", "who": "Lan"})
    assert made.status_code == 201, made.text
    assert made.json()["old"] == task["lead"] and made.json()["new"] == ["Sở Nội vụ", "Sở Tư pháp"]
    dl = client.post(url, json={"item": item, "field": "deadline", "value": "Quý III/2023", "who": "Lan"})
    assert dl.status_code == 201
    corrected = client.get(f"/api/documents/{doc_id}").json()["tasks"][1]
    assert corrected["lead"] == ["Sở Nội vụ", "Sở Tư pháp"]
    assert corrected["deadline"] == {"raw": "Quý III/2023", "kind": "period", "start": "2023-07-01", "end": "2023-09-30"}
    ref = client.post(url, json={"item": "reference:4", "field": "issued_date", "value": "2021-07-16", "who": "Minh"})
    assert ref.status_code == 201
    assert client.get(f"/api/documents/{doc_id}").json()["references"][4]["target"].endswith("2021-07-16")
    for bad, words in [({"item": "task:nope", "field": "lead", "value": "x"}, "no such item"),
                       ({"item": item, "field": "label", "value": "x"}, "cannot be corrected"),
                       ({"item": "reference:4", "field": "issued_date", "value": "32/13/2021"}, "YYYY-MM-DD"),
                       ({"item": "reference:4", "field": "issued_date", "value": "2021-02-30"}, "YYYY-MM-DD"),
                       ({"item": item, "field": "deadline", "value": "asdf 99/99"}, "deadline not understood"),
                       ({"item": "reference:4", "field": "relation", "value": "likes"}, "relation is one of")]:
        answer = client.post(url, json=bad)
        assert answer.status_code == 422 and words in answer.json()["detail"], answer.text
        assert answer.json()["message"] and words not in answer.json()["message"]  # said in Vietnamese too
    listed = client.get(url).json()
    me = client.get("/api/me").json()["name"]
    assert [(c["field"], c["who"]) for c in listed] == [("lead", me), ("deadline", me), ("issued_date", me)]
    # the machine output is untouched in the store
    with Store(store) as s:
        assert s.document(doc_id)["tasks"][1]["lead"] == task["lead"]
    # a new conversion (another pipeline version) keeps the corrections
    from pipeline.serve import desk as d

    path = client.get(f"/api/documents/{doc_id}").json()["source"]["path"]
    with Store(store) as s:
        s.db.execute("UPDATE manifest SET pipeline='old'")
    new_id, _, result = d.store_upload(store, "qd-2571.txt", Path(path).read_bytes(), "txt", 120, 2048)
    assert result["status"] == "ok" and new_id == doc_id  # converted again, same id
    assert client.get(f"/api/documents/{new_id}").json()["tasks"][1]["lead"] == ["Sở Nội vụ", "Sở Tư pháp"]


def test_exports(desk):
    client, _, doc_id = desk
    exported = client.get(f"/api/documents/{doc_id}/export.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    from pipeline.writers.json_out import validate

    data = json.loads(exported.content)
    validate(data)
    assert {(c["item"], c["field"]) for c in data["corrections"]} >= {("task:task-2", "lead"), ("task:task-2", "deadline")}
    xlsx = client.get(f"/api/documents/{doc_id}/export.xlsx")
    assert xlsx.status_code == 200 and zipfile.is_zipfile(io.BytesIO(xlsx.content))
    from openpyxl import load_workbook

    from pipeline.writers.workbook import HEADER_ROW

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]  # the plan's sheet
    header = [c.value for c in sheet[HEADER_ROW]]
    lead, fixed, uid = (header.index(h) + 1 for h in ("Cơ quan chủ trì", "Đã sửa (trường: người, lúc)", "Mã nhiệm vụ"))
    task_rows = [r for r in range(HEADER_ROW + 1, sheet.max_row + 1) if sheet.cell(r, uid).value]
    corrected = [r for r in task_rows if sheet.cell(r, fixed).value]
    assert len(task_rows) == 38 and len(corrected) == 1 and sheet.cell(corrected[0], fixed).value.startswith("Chủ trì: ")
    other = next(r for r in task_rows if r not in corrected)
    assert sheet.cell(corrected[0], lead).fill.fgColor.rgb.endswith("EDE9FE") and sheet.cell(other, lead).fill.fill_type is None
    csv = client.get(f"/api/documents/{doc_id}/export.csv")
    assert csv.content.startswith("\ufeff".encode()) and csv.content.decode("utf-8-sig").count("\r\n") == 39
    import csv as csvlib

    table = list(csvlib.reader(io.StringIO(csv.content.decode("utf-8-sig"))))
    assert table[0][-1] == "Đã sửa (trường: người, lúc)" and "Thời hạn: " in table[2][-1] and table[1][-1] == ""
    assert client.get(f"/api/documents/{doc_id}/export.pdf").status_code == 404


def test_pages_render_and_escape(desk):
    client, _, doc_id = desk
    for url in ("/", f"/documents/{doc_id}", f"/documents/{doc_id}/graph", "/search?q=cai+cach", "/browse", "/graph",
                "/static/desk.js", "/static/vendor/cytoscape.min.js", "/openapi.json"):
        assert client.get(url).status_code == 200, url
    assert client.get("/documents/424242").status_code == 404
    page = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    doc = client.get(f"/documents/{doc_id}").text
    assert doc.count('<tr class="task') == 38 and '<mark class="ref"' in doc
    assert "cdn" not in doc.lower() and "https://" not in client.get("/").text


def test_openapi_describes_every_api_endpoint(desk):
    client, _, _ = desk
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/corrections",
            "/api/documents/{doc_id}/export.{fmt}", "/api/documents/{doc_id}/neighbourhood", "/api/browse",
            "/api/graph/report"} <= set(paths)
    assert "multipart/form-data" in paths["/api/documents"]["post"]["requestBody"]["content"]


def test_page_upload_error_is_shown(desk):
    client, _, _ = desk
    answer = client.post("/upload", files={"file": ("x.txt", b"")})
    assert answer.status_code == 400 and "Tệp rỗng." in answer.text
    ok = client.post("/upload", files={"file": ("qd.txt", SEED.read_bytes())}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith("/documents/")


def test_cli_serve_help():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "serve", "--help"], capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.dirname(__file__)))
    assert done.returncode == 0 and "--store" in done.stdout and "--port" in done.stdout


def test_exports_of_a_document_with_a_vietnamese_file_name(desk):
    client, _, _ = desk
    doc_id = client.post("/api/documents", files={"file": ("Kế hoạch cải cách.txt", SEED.read_bytes()[:5000])}).json()["id"]
    for fmt, name in (("json", "Kế hoạch cải cách.json"), ("xlsx", "Kế hoạch cải cách.tasks.xlsx")):
        answer = client.get(f"/api/documents/{doc_id}/export.{fmt}")
        assert answer.status_code == 200
        disposition = answer.headers["content-disposition"]
        from urllib.parse import quote

        assert f"filename*=UTF-8''{quote(name)}" in disposition and 'filename="ke-hoach-cai-cach' in disposition


def test_a_batch_of_an_uploaded_file_keeps_one_document_and_its_corrections(tmp_path):
    """Uploaded first, then converted by `vanban batch` into the same store: still one document
    (the batch's path, the upload's id), the correction made in the desk kept."""
    import shutil

    from pipeline.cli import main

    store = str(tmp_path / "out" / "vanban.sqlite")
    client = local_client(create_app(store, max_upload_mb=1))
    doc_id = client.post("/api/documents", files={"file": ("qd.txt", SEED.read_bytes())}).json()["id"]
    fixed = client.post(f"/api/documents/{doc_id}/corrections", json={"item": "task:task-1", "field": "lead", "value": "Sở Tư pháp"})
    assert fixed.status_code == 201
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src / "qd-2571.txt")
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--workers", "1", "-q", "--no-graph"]) == 0
    with Store(store) as s:
        assert s.count("documents") == 1
    data = client.get(f"/api/documents/{doc_id}").json()
    assert data["tasks"][0]["lead"] == ["Sở Tư pháp"]
    assert [c["field"] for c in client.get(f"/api/documents/{doc_id}/corrections").json()] == ["lead"]
