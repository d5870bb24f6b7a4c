"""The review desk's legal force in real headless Chromium: a decree replaced by a stored one shows
"bị thay thế bởi …" at the top, a draft citing it shows a red badge on that basis with the finding,
and both Lược đồ list their related documents by relation, both ways, with counts and links.
Saves the screenshot the README shows (docs/legal-status.png)."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.test_check import REPLACING, _draft
from tests.test_serve_e2e import ARTIFACTS, CHROMIUM, _sign_in, _upload, browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")

# the replaced decree, from its number, date and title as Nghị định 191/2026/NĐ-CP cites them
REPLACED = """CHÍNH PHỦ
Số: 39/2022/NĐ-CP
Hà Nội, ngày 18 tháng 6 năm 2022
NGHỊ ĐỊNH
Ban hành Quy chế làm việc của Chính phủ
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Điều 1. Ban hành kèm theo Nghị định này Quy chế làm việc của Chính phủ.
Điều 2. Nghị định này có hiệu lực thi hành từ ngày ký ban hành.
"""


def test_basis_panel_status_and_luoc_do(server, browser, tmp_path):  # noqa: F811
    page = _sign_in(browser, server, "lan", viewport={"width": 1400, "height": 1100})  # an editor
    pages = {}
    for name, text in (("nd39.txt", REPLACED), ("nd191.txt", REPLACING),
                       ("draft.txt", _draft("Căn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ ban hành Quy chế làm việc của Chính phủ;"))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        _upload(page, server, path)
        pages[name] = page.url

    page.goto(pages["draft.txt"])
    basis = page.locator("#bases li.basis").first
    assert "bad" in (basis.locator(".badge").get_attribute("class") or "")
    assert "bị thay thế bởi Nghị định số 191/2026/NĐ-CP" in basis.inner_text()
    assert "29/05/2026" in basis.locator(".finding").inner_text()
    assert basis.locator("a[href^='/documents/']").first.get_attribute("href") == pages["nd39.txt"].split(server)[1]

    page.goto(pages["nd39.txt"])
    assert "bị thay thế bởi Nghị định số 191/2026/NĐ-CP" in page.locator("#own-status").inner_text()
    replaced_by = page.locator("#luoc-do .group[data-relation=replaces][data-direction=in]")
    assert "(1)" in replaced_by.locator(".count").inner_text()
    with page.expect_navigation():
        replaced_by.locator("a").first.click()
    assert page.url == pages["nd191.txt"]
    assert "Thay thế" in page.locator("#luoc-do .group[data-relation=replaces][data-direction=out]").inner_text()

    page.goto(pages["nd39.txt"])
    cited = page.locator("#luoc-do .group[data-relation=can_cu][data-direction=in]")
    assert "(1)" in cited.locator(".count").inner_text() and "12/2026/QĐ-UBND" in cited.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#legal").screenshot(path=str(ARTIFACTS / "legal-status.png"))
    page.close()
