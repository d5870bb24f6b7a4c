"""The review desk end to end in real headless Chromium (Debian's, driven by Playwright): upload
the seed, see its tasks and references, correct a task's lead agency, export XLSX and read it back,
and show a document's `<script>` as text. Saves a screenshot of the document view."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, converted

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`vanban serve` on a free port over an empty store."""
    store = tmp_path_factory.mktemp("desk") / "vanban.sqlite"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"vanban serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _upload(page, base: str, path: Path) -> None:
    page.goto(base + "/")
    page.set_input_files("#file", str(path))
    page.click("#upload button[type=submit]")
    page.wait_for_url("**/documents/*", timeout=120_000)


def test_upload_review_correct_and_export(server, browser, tmp_path):
    from openpyxl import load_workbook

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _upload(page, server, SEED)
    assert page.locator("h1").first.inner_text().startswith("Quyết định 2571/QĐ-UBND")
    assert page.locator("#task-table tbody tr").count() == 38
    refs = page.locator("#reference-table tbody tr")
    assert refs.count() >= 50
    assert "Nghị quyết số 76/NQ-CP" in page.locator("#reference-table").inner_text()
    assert page.locator("#text mark.ref").count() >= 40
    assert page.locator("#text mark.agency").count() >= 38 and page.locator("#text mark.deadline").count() >= 30

    # filter by agency: fewer rows, and back
    from pipeline.text import fold

    expected = sum(any("so tai chinh" in fold(a) for a in t["lead"] + t["cooperating"]) for t in converted(str(SEED))["tasks"])
    page.fill("#filter-agency", "so tai chinh")
    assert 0 < page.locator("#task-table tbody tr:visible").count() == expected < 38
    page.fill("#filter-agency", "")
    assert page.locator("#task-table tbody tr:visible").count() == 38

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document-view.png"))

    # correct the first task's lead agency
    first = page.locator("#task-table tbody tr").first
    old_lead = first.locator(".f-lead").inner_text()
    page.fill("#who", "Nguyễn Thị Lan")
    page.dispatch_event("#who", "change")
    first.locator("button.edit").click()
    page.fill("#edit-fields textarea[name=lead]", "Sở Nội vụ")
    with page.expect_navigation():
        page.click("#edit-save")
    first = page.locator("#task-table tbody tr").first
    assert first.locator(".f-lead").inner_text() == "Sở Nội vụ" != old_lead
    assert "corrected" in (first.get_attribute("class") or "")
    assert "Nguyễn Thị Lan" in first.locator(".fix").inner_text()

    # export the tasks as XLSX: the correction is in it
    with page.expect_download() as download:
        page.click("#export-xlsx")
    target = tmp_path / "tasks.xlsx"
    download.value.save_as(str(target))
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]  # the workbook's title and note come first (pipeline/writers/workbook.py)
    body = [r for r in rows[3:] if r[2]]  # task rows; group headings have no text column
    assert len(body) == 38
    lead = header.index("Cơ quan chủ trì")
    assert body[0][lead] == "Sở Nội vụ"
    assert dialogs == []

    # the graph view draws the neighbourhood with the vendored cytoscape.js
    page.click("#graph-link")
    page.wait_for_function("document.querySelector('#cy canvas') !== null", timeout=20_000)
    page.close()


def test_a_document_with_markup_shows_it_as_text(server, browser, tmp_path):
    doc = tmp_path / "markup.txt"
    doc.write_text("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 7/KH-UBND\nLâm Đồng, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\n"
                   "Thử <script>alert('x')</script> và <b>đậm</b>\n\nI. MỤC ĐÍCH\n1. Nội dung <img src=x onerror=alert(1)>.\n",
                   encoding="utf-8")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _upload(page, server, doc)
    body = page.locator("main").inner_text()
    assert "<script>alert('x')</script>" in body and "<img src=x onerror=alert(1)>" in body
    assert page.locator("main script:not([type='application/json'])").count() == 0
    assert page.locator("main img").count() == 0
    assert dialogs == []
    page.close()


def test_a_bad_upload_says_why_on_the_page(server, browser, tmp_path):
    bad = tmp_path / "photo.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    page = browser.new_page()
    page.goto(server + "/")
    page.set_input_files("#file", str(bad))
    page.click("#upload button[type=submit]")
    error = page.locator("p.error")
    error.wait_for(timeout=20_000)
    assert "not a document vanban reads" in error.inner_text()
    assert page.url.rstrip("/") == server
    page.close()
