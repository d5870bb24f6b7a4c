"""The desk's tracker: a page per agency (its tasks as lead and cooperating agency across plans, by
month of deadline, overdue marked, linked to their rows) and task statuses kept over reconversion;
through the API and in real headless Chromium."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from extractors.agency_ids import agency  # noqa: E402
from extractors.schedule import due_dates  # noqa: E402
from pipeline.serve.app import create_app  # noqa: E402
from tests.conftest import ROOT, SEED, converted  # noqa: E402
from tests.test_serve_api import local_client  # noqa: E402
from tests.test_serve_e2e import _start  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SNV = agency("Sở Nội vụ", "Lâm Đồng").id


def _batch(src: Path, out: Path) -> Path:
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "batch", str(src), "-o", str(out), "--workers", "1", "-q",
                          "--no-graph"], capture_output=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr
    return out / "vanban.sqlite"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    src = tmp_path_factory.mktemp("plans")
    shutil.copy(SEED, src / SEED.name)
    return src, _batch(src, tmp_path_factory.mktemp("out"))


def _snv_tasks(role):
    return [t for t in converted(str(SEED))["tasks"] + converted(str(SEED))["prose_tasks"] if "Sở Nội vụ" in t[role]]


def test_agency_tasks_by_role_month_and_overdue(archive):
    client = local_client(create_app(str(archive[1])))
    got = client.get(f"/api/agencies/{SNV}/tasks", params={"today": "2023-07-01"}).json()
    assert got["agency"]["name"] == "Sở Nội vụ tỉnh Lâm Đồng"
    rows = got["tasks"]
    assert sorted(r["uid"] for r in rows if r["role"] == "lead") == sorted(t["uid"] for t in _snv_tasks("lead"))
    assert sorted(r["uid"] for r in rows if r["role"] == "cooperating") == sorted(t["uid"] for t in _snv_tasks("cooperating"))
    by_uid = {t["uid"]: t for t in _snv_tasks("lead") + _snv_tasks("cooperating")}
    for r in rows:
        days = due_dates(by_uid[r["uid"]]["deadline"])
        assert r["overdue"] == any(d < "2023-07-01" for d in days)
    page = client.get(f"/agencies/{SNV}", params={"today": "2023-07-01"})
    assert page.status_code == 200 and "Tháng 12/2023" in page.text and f'href="/documents/' in page.text
    assert client.get("/agencies/ag:khong-co").status_code == 404


def test_status_is_kept_apart_and_over_reconversion(archive, tmp_path):
    src, store = archive
    client = local_client(create_app(str(store)))
    me = client.get("/api/me").json()["name"]  # the status is recorded under the caller's account
    uid = _snv_tasks("lead")[0]["uid"]
    assert client.post("/api/tasks/status", json={"uid": uid, "status": "doing"}).status_code == 201
    assert client.post("/api/tasks/status", json={"uid": uid, "status": "finished"}).status_code == 422
    assert client.post("/api/tasks/status", json={"uid": "vn:x#1/abc", "status": "done"}).status_code == 422
    unsigned = TestClient(client.app, base_url="http://127.0.0.1:8000")  # no CSRF token: refused
    assert unsigned.post("/api/tasks/status", json={"uid": uid, "status": "done"}).status_code == 403
    # the plan converted again (a changed file, the same task): the status stays with the task's uid
    text = (src / SEED.name).read_text(encoding="utf-8")
    (src / SEED.name).write_text(text + "\n", encoding="utf-8")
    _batch(src, store.parent)
    client = local_client(create_app(str(store)))
    history = client.get("/api/tasks/status", params={"uid": uid}).json()
    assert [(h["status"], h["who"]) for h in history] == [("doing", me)]
    row = next(r for r in client.get(f"/api/agencies/{SNV}/tasks").json()["tasks"] if r["uid"] == uid)
    assert (row["status"], row["who"]) == ("doing", me)
    assert "status" not in converted(str(SEED))["tasks"][0]  # the machine output is untouched
    # the plan's task export says where the task stands, and who said so
    doc_id = row["doc_id"]
    table = list(csv.DictReader(io.StringIO(client.get(f"/api/documents/{doc_id}/export.csv").content.decode("utf-8-sig"))))
    assert [(r["Trạng thái"], r["Ghi chú tiến độ"].split(",")[0]) for r in table if r["Mã nhiệm vụ"] == uid] == [("doing", me)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    src = tmp_path_factory.mktemp("plans-e2e")
    shutil.copy(SEED, src / SEED.name)
    store = _batch(src, tmp_path_factory.mktemp("out-e2e"))
    proc, base = _start(store)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_agency_page_and_status_in_a_browser(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(server + "/agencies?q=so noi vu")
        page.click("#agencies a:has-text('Sở Nội vụ tỉnh Lâm Đồng')")
        assert page.inner_text("#agency-name") == "Sở Nội vụ tỉnh Lâm Đồng"
        rows = page.locator("tr.task")
        assert rows.count() == len(_snv_tasks("lead")) + len(_snv_tasks("cooperating"))
        # every task of a 2023 plan is past: those with a date are overdue today
        dated = sum(1 for t in _snv_tasks("lead") + _snv_tasks("cooperating") if due_dates(t["deadline"]))
        assert page.locator("tr.task.overdue").count() == dated
        first = rows.first
        uid = first.get_attribute("id")
        first.locator("select[name=status]").select_option("done")
        first.locator("button").click()
        page.wait_for_load_state()
        row = page.locator(f"tr[id='{uid}']")
        assert row.get_attribute("data-status") == "done"
        assert "Hoàn thành" in row.inner_text() and row.locator("small.who").count() == 1  # by this machine's account
        assert "overdue" not in (row.get_attribute("class") or "")  # done is no longer overdue
        link = row.locator("a.row-link").get_attribute("href")
        page.goto(server + link)
        node = link.split("#", 1)[1]
        assert page.locator(f"[id='{node}']").count() == 1  # the row of the task in its plan
        browser.close()
