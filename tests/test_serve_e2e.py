"""The review desk end to end in real headless Chromium (Debian's, driven by Playwright): sign in,
upload the seed, filter its tasks by agency at 1366×768, correct a task's lead agency (recorded
under the account), undo it, export XLSX and read it back; a viewer refused a correction, a request
without its CSRF token refused; a document's `<script>` shown as text. Saves screenshots."""
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


PASSWORDS = {"lan": ("editor", "mật-khẩu-của-Lan"), "minh": ("viewer", "minh-chi-xem-thoi")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(store: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/signin", timeout=2)
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"vanban serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`vanban serve` over a store with an editor and a viewer, made by `vanban users add` reading
    the password from standard input as a script would."""
    store = tmp_path_factory.mktemp("desk") / "vanban.sqlite"
    for name, (role, password) in PASSWORDS.items():
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "users", "add", name, "--role", role, "--store", str(store)],
                              cwd=ROOT, input=password + "\n", capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    proc, base = _start(store)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """`vanban serve` over a store without accounts: local-only, this machine's user may do everything."""
    proc, base = _start(tmp_path_factory.mktemp("local") / "vanban.sqlite")
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


def _sign_in(browser, base: str, name: str, **options):
    """A new page signed in as *name* (through the sign-in form)."""
    page = browser.new_page(**options)
    page.goto(base + "/")
    assert "/signin" in page.url  # nothing is shown before signing in
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name][1])
    page.click("#signin button[type=submit]")
    page.wait_for_url(base + "/")
    assert page.locator("#me").inner_text() == name
    return page


def _post_from_page(page, url: str, body: dict, csrf: bool = True) -> int:
    """The status of a JSON POST made by the page's own script context (its cookies), with or
    without the page's CSRF token."""
    return page.evaluate("""async ([url, body, csrf]) => {
        const headers = {"Content-Type": "application/json"};
        if (csrf) headers["X-CSRF-Token"] = document.querySelector("meta[name=csrf-token]").content;
        return (await fetch(url, {method: "POST", headers, body: JSON.stringify(body)})).status;
    }""", [url, body, csrf])


def test_sign_in_upload_filter_correct_undo_and_export(server, browser, tmp_path):
    from openpyxl import load_workbook

    page = _sign_in(browser, server, "lan", viewport={"width": 1366, "height": 768}, accept_downloads=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _upload(page, server, SEED)
    assert page.locator("h1").first.inner_text().startswith("Quyết định 2571/QĐ-UBND")
    assert page.locator("#task-table tbody tr.task").count() == 38
    # readable at 1366×768: the first task row is above the fold, under group rows naming its groups
    first_row = page.locator("#task-table tbody tr.task").first.bounding_box()
    assert first_row["y"] + first_row["height"] < 768, first_row
    assert page.locator("#task-table tr.group-row").count() >= 5
    assert page.locator("#task-table thead th").first.evaluate("e => getComputedStyle(e).position") == "sticky"
    assert page.locator("#task-table th", has_text="Chủ trì").bounding_box()["width"] > 150
    refs = page.locator("#reference-table tbody tr")
    assert refs.count() >= 50
    assert "Nghị quyết số 76/NQ-CP" in page.locator("#reference-table").inner_text()
    assert page.locator("#text mark.ref").count() >= 40
    assert page.locator("#text mark.agency").count() >= 38 and page.locator("#text mark.deadline").count() >= 30

    # at 1366×768 the agency filter works: fewer rows, and back
    from pipeline.text import fold

    expected = sum(any("so tai chinh" in fold(a) for a in t["lead"] + t["cooperating"]) for t in converted(str(SEED))["tasks"])
    page.fill("#filter-agency", "so tai chinh")
    assert 0 < page.locator("#task-table tbody tr.task:visible").count() == expected < 38
    page.fill("#filter-agency", "")
    assert page.locator("#task-table tbody tr.task:visible").count() == 38

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document-view.png"))

    # correct the first task's lead agency: recorded under the signed-in account
    first = page.locator("#task-table tbody tr.task").first
    old_lead = first.locator(".f-lead").inner_text()
    first.locator("button.edit").click()
    page.fill("#edit-fields textarea[name=lead]", "Sở Nội vụ")
    with page.expect_navigation():
        page.click("#edit-save")
    first = page.locator("#task-table tbody tr.task").first
    assert first.locator(".f-lead").inner_text() == "Sở Nội vụ" != old_lead
    assert "corrected" in (first.get_attribute("class") or "")
    assert "Chủ trì: lan," in first.locator(".fix").inner_text()

    # a deadline the pipeline cannot read is refused in the dialog, in Vietnamese; agencies are suggested
    first.locator("button.edit").click()
    page.locator("#edit-fields textarea[name=cooperating]").fill("so tai chinh")
    page.locator("#edit-fields textarea[name=cooperating]").dispatch_event("input")
    page.locator(".hints .hint", has_text="Sở Tài chính").first.click()
    assert page.locator("#edit-fields textarea[name=cooperating]").input_value().startswith("Sở Tài chính")
    page.click("#edit-cancel")
    first.locator("button.edit").click()
    page.fill("#edit-fields input[name=deadline]", "asdf 99/99")
    page.click("#edit-save")
    page.locator("#edit-error", has_text="Không").wait_for()
    assert "Không hiểu được thời hạn" in page.locator("#edit-error").inner_text()
    page.click("#edit-cancel")

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

    # undo: the lead goes back, and the history keeps both lines
    with page.expect_navigation():
        page.locator("#task-table tbody tr.task").first.locator("button.undo").click()
    first = page.locator("#task-table tbody tr.task").first
    assert first.locator(".f-lead").inner_text() == old_lead
    assert first.locator(".fix").count() == 2
    assert dialogs == []

    # a request without its CSRF token is refused, with it accepted
    doc = page.url.rsplit("/", 1)[1]
    item = {"item": "task:task-2", "field": "product", "value": "Báo cáo"}
    assert _post_from_page(page, f"/api/documents/{doc}/corrections", item, csrf=False) == 403
    assert _post_from_page(page, f"/api/documents/{doc}/corrections", item) == 201

    # the graph view draws the neighbourhood with the vendored cytoscape.js
    page.click("#graph-link")
    page.locator("#cy canvas").first.wait_for(state="attached", timeout=20_000)
    page.close()


def seed_pdf(path: Path) -> Path:
    """The seed's first 90 lines drawn as a two-page PDF with a text layer."""
    from tests.pdfmaker import make_pdf, text

    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()][:90]
    pages = [[text(40, 800 - 16 * i, ln[:95], 9) for i, ln in enumerate(lines[k:k + 45])] for k in range(0, len(lines), 45)]
    path.write_bytes(make_pdf(pages))
    return path


def test_source_view_marks_the_selected_item(server, browser, tmp_path):
    page = _sign_in(browser, server, "lan", viewport={"width": 1366, "height": 768})
    _upload(page, server, seed_pdf(tmp_path / "qd-2571-trang-dau.pdf"))
    page.click("#source-link")
    page.wait_for_url("**/source")
    page.locator("#page-img").wait_for()
    assert page.locator("#page-no").inner_text() == "1" and page.locator(".hit").count() == 0
    page.locator("button.locate", has_text="Nghị quyết số 76/NQ-CP").first.click()
    page.locator(".hit").first.wait_for()
    assert "trang 1" in page.locator("#place").inner_text()
    sheet, hit = page.locator("#sheet").bounding_box(), page.locator(".hit").first.bounding_box()
    assert sheet["y"] < hit["y"] < sheet["y"] + sheet["height"] / 3 and hit["width"] > 50  # near the top, where it is printed
    page.screenshot(path=str(ARTIFACTS / "source-view.png"))
    page.click("#next")
    assert page.locator("#page-no").inner_text() == "2" and page.locator(".hit").count() == 0
    page.close()


def test_dossier_upload_shows_each_file(server, browser, tmp_path):
    page = _sign_in(browser, server, "lan", viewport={"width": 1366, "height": 768})
    page.goto(server + "/")
    draft = tmp_path / "du-thao.txt"
    draft.write_text(SEED.read_text(encoding="utf-8")[:4000], encoding="utf-8")
    broken = tmp_path / "phu-luc.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    page.set_input_files("#file", [str(seed_pdf(tmp_path / "to-trinh.pdf")), str(draft), str(broken)])
    page.fill("#dossier-name", "Hồ sơ trình Kế hoạch CCHC 2023")
    page.click("#upload button[type=submit]")
    page.locator("#dossier-link").wait_for(timeout=120_000)
    lines = page.locator("#dossier-status li")
    assert lines.count() == 3
    assert [lines.nth(i).get_attribute("class") for i in range(3)] == ["ok", "ok", "failed"]
    assert "không chuyển được" in lines.nth(2).inner_text()
    page.click("#dossier-link")
    page.wait_for_url("**/dossiers/*")
    assert "Hồ sơ trình Kế hoạch CCHC 2023" in page.locator("h1").inner_text()
    assert page.locator("#dossier-files tbody tr").count() == 3
    page.close()


def test_a_viewer_reads_but_is_refused_a_correction(server, browser):
    page = _sign_in(browser, server, "minh")
    page.goto(server + "/documents/1")  # the seed, uploaded by the editor's test
    assert page.locator("#task-table tbody tr.task").count() == 38
    assert page.locator("button.edit").count() == 0  # no edit buttons for a viewer
    doc = page.url.rsplit("/", 1)[1]
    status = _post_from_page(page, f"/api/documents/{doc}/corrections",
                             {"item": "task:task-1", "field": "lead", "value": "Sở Tư pháp"})
    assert status == 403
    page.close()


def test_a_document_with_markup_shows_it_as_text(local_server, browser, tmp_path):
    doc = tmp_path / "markup.txt"
    doc.write_text("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 7/KH-UBND\nLâm Đồng, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\n"
                   "Thử <script>alert('x')</script> và <b>đậm</b>\n\nI. MỤC ĐÍCH\n1. Nội dung <img src=x onerror=alert(1)>.\n",
                   encoding="utf-8")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _upload(page, local_server, doc)
    assert page.locator("#local-only").is_visible()  # no accounts: the desk says it is local-only
    body = page.locator("main").inner_text()
    assert "<script>alert('x')</script>" in body and "<img src=x onerror=alert(1)>" in body
    assert page.locator("main script:not([type='application/json'])").count() == 0
    assert page.locator("main img").count() == 0
    assert dialogs == []
    page.close()


def test_a_bad_upload_says_why_on_the_page(local_server, browser, tmp_path):
    bad = tmp_path / "photo.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    page = browser.new_page()
    page.goto(local_server + "/")
    page.set_input_files("#file", str(bad))
    page.click("#upload button[type=submit]")
    error = page.locator("p.error")
    error.wait_for(timeout=20_000)
    assert "Không phải văn bản vanban đọc được" in error.inner_text()
    assert page.url.rstrip("/") == local_server
    page.close()
