"""The desk's accounts and gate through FastAPI's test client: sign-in with a session cookie
(HttpOnly, SameSite), roles (viewer refused a correction, editor's correction under its name,
admin's audit log), CSRF and origin checks, API tokens for trackers, rate-limited sign-in, allowed
hosts, security headers, bounded bodies and item ids, undo, the queue, and `vanban users`."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("argon2")
from fastapi.testclient import TestClient  # noqa: E402

from pipeline.serve.app import create_app  # noqa: E402
from pipeline.store import Store, accounts  # noqa: E402
from tests.conftest import ROOT, SEED  # noqa: E402

BASE = "http://127.0.0.1:8000"
USERS = {"an": ("admin", "quan-tri-vien-1"), "lan": ("editor", "nguoi-sua-lan-2"), "minh": ("viewer", "chi-xem-minh-3")}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A desk over a store with three accounts and the seed uploaded by the editor; (app, store, doc id)."""
    store = str(tmp_path_factory.mktemp("office") / "vanban.sqlite")
    with Store(store) as s:
        for name, (role, password) in USERS.items():
            accounts.add(s, name, password, role)
    app = create_app(store, max_upload_mb=1, allowed_hosts={"desk.so-tu-phap.vn"})
    lan = signed_in(app, "lan")
    answer = lan.post("/api/documents", files={"file": ("qd-2571.txt", SEED.read_bytes())})
    assert answer.status_code == 201, answer.text
    return app, store, answer.json()["id"]


def signed_in(app, name: str) -> TestClient:
    """A client signed in through the form, sending its session's CSRF token."""
    client = TestClient(app, base_url=BASE)
    form = client.get("/signin").text
    csrf = _meta_csrf(form)
    answer = client.post("/signin", data={"name": name, "password": USERS[name][1], "csrf": csrf, "next": "/"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    client.headers["X-CSRF-Token"] = _meta_csrf(client.get("/").text)
    return client


def _meta_csrf(page: str) -> str:
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


def test_nothing_is_shown_before_signing_in(office):
    app, _, doc_id = office
    anon = TestClient(app, base_url=BASE)
    page = anon.get(f"/documents/{doc_id}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/signin?next=/documents/{doc_id}"
    assert anon.get(f"/api/documents/{doc_id}").status_code == 401
    assert anon.get("/api/documents").status_code == 401
    assert anon.get("/signin").status_code == 200 and anon.get("/static/desk.css").status_code == 200


def test_session_cookie_is_httponly_and_samesite(office):
    app, _, _ = office
    client = TestClient(app, base_url=BASE)
    csrf = _meta_csrf(client.get("/signin").text)
    answer = client.post("/signin", data={"name": "minh", "password": USERS["minh"][1], "csrf": csrf},
                         follow_redirects=False)
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie  # plain HTTP here
    secure = TestClient(app, base_url="https://127.0.0.1")
    csrf = _meta_csrf(secure.get("/signin").text)
    answer = secure.post("/signin", data={"name": "minh", "password": USERS["minh"][1], "csrf": csrf},
                         follow_redirects=False)
    assert "secure" in answer.headers["set-cookie"].lower()


def test_sign_in_refusals_and_rate_limit(tmp_path):
    store = str(tmp_path / "vanban.sqlite")
    with Store(store) as s:
        accounts.add(s, "lan", USERS["lan"][1], "editor")
    client = TestClient(create_app(store), base_url=BASE)
    csrf = _meta_csrf(client.get("/signin").text)
    assert client.post("/signin", data={"name": "lan", "password": "x" * 9}).status_code == 403  # no CSRF token
    for _ in range(5):
        wrong = client.post("/signin", data={"name": "lan", "password": "sai-mat-khau", "csrf": csrf})
        assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    limited = client.post("/signin", data={"name": "lan", "password": USERS["lan"][1], "csrf": csrf})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0  # even the right password waits
    assert client.post("/signin", data={"name": "lan" * 30, "password": "x", "csrf": csrf}).status_code == 422


def test_next_after_sign_in_stays_on_the_desk(office):
    app, _, _ = office
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client = TestClient(app, base_url=BASE)
        csrf = _meta_csrf(client.get("/signin").text)
        answer = client.post("/signin", data={"name": "minh", "password": USERS["minh"][1], "csrf": csrf,
                                              "next": target}, follow_redirects=False)
        assert answer.headers["location"] == "/"


def test_roles_viewer_editor_admin(office):
    app, store, doc_id = office
    minh, lan, an = signed_in(app, "minh"), signed_in(app, "lan"), signed_in(app, "an")
    url = f"/api/documents/{doc_id}/corrections"
    change = {"item": "task:task-3", "field": "lead", "value": "Sở Tư pháp"}
    refused = minh.post(url, json=change)
    assert refused.status_code == 403 and "editor" in refused.json()["detail"]
    assert minh.post("/api/documents", files={"file": ("x.txt", SEED.read_bytes())}).status_code == 403
    assert "button class=\"edit\"" not in minh.get(f"/documents/{doc_id}").text
    made = lan.post(url, json={**change, "who": "someone else"})
    assert made.status_code == 201 and made.json()["who"] == "lan"  # the author is the account, not what is sent
    assert minh.get("/api/audit").status_code == 403 and lan.get("/api/audit").status_code == 403
    log = an.get("/api/audit").json()
    assert any(e["who"] == "lan" and e["action"] == "correction" and "task:task-3" in e["detail"] for e in log)
    assert any(e["who"] == "lan" and e["action"] == "upload" for e in log)
    assert an.get("/api/me").json() == {"name": "an", "role": "admin", "local_only": False}


def test_csrf_and_origin(office):
    app, _, doc_id = office
    lan = signed_in(app, "lan")
    url = f"/api/documents/{doc_id}/corrections"
    change = {"item": "task:task-4", "field": "product", "value": "Báo cáo"}
    bare = TestClient(app, base_url=BASE, cookies=lan.cookies)
    assert bare.post(url, json=change).status_code == 403
    assert bare.post(url, json=change, headers={"X-CSRF-Token": "guess"}).status_code == 403
    evil = lan.post(url, json=change, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and "cross-origin" in evil.json()["detail"]
    upload = lan.post("/api/documents", files={"file": ("x.txt", SEED.read_bytes())}, headers={"Origin": "https://evil.example"})
    assert upload.status_code == 403
    assert lan.post(url, json=change, headers={"Origin": BASE}).status_code == 201


def test_api_tokens_for_trackers(office):
    app, _, doc_id = office
    lan = signed_in(app, "lan")
    made = lan.post("/api/tokens", json={"label": "tracker of Sở Tư pháp"})
    assert made.status_code == 201
    token = made.json()["token"]
    tracker = TestClient(app, base_url=BASE, headers={"Authorization": f"Bearer {token}"})
    assert tracker.get(f"/api/documents/{doc_id}").status_code == 200
    fixed = tracker.post(f"/api/documents/{doc_id}/corrections", json={"item": "task:task-5", "field": "product", "value": "Kế hoạch"})
    assert fixed.status_code == 201 and fixed.json()["who"] == "lan"  # no CSRF needed: not a cookie
    wrong = TestClient(app, base_url=BASE, headers={"Authorization": "Bearer vb_nope"})
    assert wrong.get(f"/api/documents/{doc_id}").status_code == 401
    assert lan.post("/api/tokens", json={"label": "x" * 101}).status_code == 422


def test_hosts_and_headers(office):
    app, _, _ = office
    minh = signed_in(app, "minh")
    rebinding = minh.get("/", headers={"Host": "attacker.example"})
    assert rebinding.status_code == 400 and "host not allowed" in rebinding.json()["detail"]
    assert minh.get("/", headers={"Host": "desk.so-tu-phap.vn"}).status_code == 200
    assert TestClient(app).get("/signin").status_code == 400  # 'testserver' is no allowed host
    page = minh.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # no inline script: scripts come from /static


def test_corrections_bounded_and_item_ids_ascii(office):
    app, _, doc_id = office
    lan = signed_in(app, "lan")
    url = f"/api/documents/{doc_id}/corrections"
    for body, status in [
        ({"item": "reference:³", "field": "number", "value": "1/QĐ"}, 422),
        ({"item": "reference:٣", "field": "number", "value": "1/QĐ"}, 422),
        ({"item": "reference:99999", "field": "number", "value": "1/QĐ"}, 422),
        ({"item": "task:task-1", "field": "text", "value": "x" * 6000}, 422),
        ({"item": "task:task-1", "field": "lead", "value": [f"Sở {i}" for i in range(51)]}, 422),
        ({"item": "task:task-1", "field": "lead", "value": "Sở; " * 60}, 422),
        ({"item": "task:" + "1" * 200, "field": "text", "value": "x"}, 422),
        ({"item": "task:task-1", "field": "f" * 50, "value": "x"}, 422),
    ]:
        answer = lan.post(url, json=body)
        assert answer.status_code == status, (body["item"][:20], answer.text[:200])
    huge = lan.post(url, content=b'{"item": "task:task-1", "field": "text", "value": "' + b"x" * 400_000 + b'"}',
                    headers={"Content-Type": "application/json"})
    assert huge.status_code == 413
    ok = lan.post(url, json={"item": "reference:3", "field": "number", "value": "1/QĐ-UBND"})
    assert ok.status_code == 201 and ok.json()["item"] == "reference:3"


def test_undo_keeps_history(office):
    app, _, doc_id = office
    lan = signed_in(app, "lan")
    url = f"/api/documents/{doc_id}/corrections"
    before = lan.get(f"/api/documents/{doc_id}").json()["tasks"][6]
    first = lan.post(url, json={"item": "task:task-7", "field": "deadline", "value": "Quý IV/2023"}).json()
    second = lan.post(url, json={"item": "task:task-7", "field": "deadline", "value": "31/12/2023"}).json()
    undone = lan.post(f"{url}/{second['id']}/undo")
    assert undone.status_code == 201 and undone.json()["new"] == "Quý IV/2023" and undone.json()["old"] == "31/12/2023"
    assert lan.get(f"/api/documents/{doc_id}").json()["tasks"][6]["deadline"]["raw"] == "Quý IV/2023"
    assert lan.post(f"{url}/{second['id']}/undo").status_code == 422  # already so
    assert lan.post(f"{url}/{first['id']}/undo").status_code == 201  # the first line: back to the machine's value
    assert lan.get(f"/api/documents/{doc_id}").json()["tasks"][6]["deadline"] == before["deadline"]
    assert [c["new"] for c in lan.get(url).json() if c["item"] == "task:task-7"] == [
        "Quý IV/2023", "31/12/2023", "Quý IV/2023", before["deadline"]["raw"]]  # every line kept
    assert lan.post(f"{url}/987654/undo").status_code == 404
    assert signed_in(app, "minh").post(f"{url}/{first['id']}/undo").status_code == 403


def test_queue_status(office):
    app, _, _ = office
    minh = signed_in(app, "minh")
    status = minh.get("/api/queue", params={"ticket": "nobody"}).json()
    assert status == {"running": 0, "waiting": 0, "limit": 2, "place": 0}


def test_same_content_is_one_document(office):
    app, store, doc_id = office
    lan = signed_in(app, "lan")
    again = lan.post("/api/documents", files={"file": ("another name.txt", SEED.read_bytes())})
    assert again.status_code == 201 and again.json()["id"] == doc_id
    with Store(store) as s:
        assert s.count("documents") == 1


def test_no_accounts_means_local_only(tmp_path):
    store = str(tmp_path / "vanban.sqlite")
    client = TestClient(create_app(store), base_url=BASE)
    page = client.get("/")
    assert page.status_code == 200 and 'id="local-only"' in page.text and "127.0.0.1" in page.text
    assert client.post("/api/tokens", json={}, headers={"X-CSRF-Token": _meta_csrf(page.text)}).status_code == 409
    assert client.post("/api/documents", files={"file": ("x.txt", b"abc")}).status_code == 403  # CSRF even so
    from pipeline.serve.commands import serve_refusal

    assert serve_refusal("127.0.0.1", store) is None and serve_refusal("::1", store) is None
    assert "needs accounts" in serve_refusal("0.0.0.0", store)
    with Store(store) as s:
        accounts.add(s, "an", USERS["an"][1], "admin")
    assert serve_refusal("0.0.0.0", store) is None


def _users(store: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "users", *args, "--store", store], cwd=ROOT,
                          input=password, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_users_command(tmp_path):
    store = str(tmp_path / "vanban.sqlite")
    assert _users(store, "add", "lan", "--role", "editor", password="mat-khau-dai\n").returncode == 0
    assert _users(store, "add", "minh", password="mat-khau-khac\n").returncode == 0
    assert _users(store, "list").stdout.splitlines() == ["lan\teditor", "minh\tviewer"]
    taken = _users(store, "add", "lan", password="mat-khau-dai\n")
    assert taken.returncode == 2 and "exists" in taken.stderr and "Traceback" not in taken.stderr
    short = _users(store, "add", "hoa", password="ngan\n")
    assert short.returncode == 2 and "8 to 1024" in short.stderr
    bad = _users(store, "add", "a b", password="mat-khau-dai\n")
    assert bad.returncode == 2 and "user name" in bad.stderr
    assert _users(store, "passwd", "minh", "--role", "admin", password="mat-khau-moi-1\n").returncode == 0
    with Store(store) as s:
        assert accounts.verify(s, "minh", "mat-khau-moi-1") == accounts.User("minh", "admin")
        assert accounts.verify(s, "minh", "mat-khau-khac") is None and accounts.verify(s, "nobody", "x") is None
        assert "mat-khau" not in str(s.db.execute("SELECT hash FROM users").fetchall())  # hashes only
    assert _users(store, "remove", "lan").returncode == 0
    assert _users(store, "remove", "lan").returncode == 2
    assert _users(store, "list").stdout.splitlines() == ["minh\tadmin"]


def test_source_pages_and_locate(office, tmp_path):
    from tests.test_serve_e2e import seed_pdf

    app, _, txt_id = office
    lan = signed_in(app, "lan")
    made = lan.post("/api/documents", files={"file": ("trang.pdf", seed_pdf(tmp_path / "trang.pdf").read_bytes())})
    assert made.status_code == 201, made.text
    doc_id = made.json()["id"]
    assert lan.get(f"/api/documents/{doc_id}/pages").json() == {"pages": 2, "format": "pdf"}
    png = lan.get(f"/api/documents/{doc_id}/pages/2.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    for bad in (0, 3, 99999):
        assert lan.get(f"/api/documents/{doc_id}/pages/{bad}.png").status_code == 404
    assert lan.get(f"/api/documents/{doc_id}/pages/x.png").status_code == 422
    where = lan.get(f"/api/documents/{doc_id}/locate", params={"item": "reference:2"}).json()
    assert where["page"] == 1 and len(where["boxes"]) == 1 and all(0 <= v <= 1 for v in where["boxes"][0])
    assert lan.get(f"/api/documents/{doc_id}/locate", params={"item": "reference:٣"}).status_code == 422
    assert lan.get(f"/api/documents/{doc_id}/locate", params={"item": "reference:999"}).status_code == 404
    assert lan.get(f"/api/documents/{doc_id}/locate", params={"item": "x" * 500}).status_code == 422
    assert lan.get(f"/api/documents/{txt_id}/pages").status_code == 409  # a .txt has no pages
    assert "không có trang" in lan.get(f"/documents/{txt_id}/source").text


def test_dossiers(office, tmp_path):
    app, _, seed_id = office
    lan, minh = signed_in(app, "lan"), signed_in(app, "minh")
    assert minh.post("/api/dossiers", json={"name": "x"}).status_code == 403
    assert lan.post("/api/dossiers", json={"name": "x" * 201}).status_code == 422
    made = lan.post("/api/dossiers", json={"name": "  Hồ sơ   trình QĐ 2571 "})
    assert made.status_code == 201 and made.json()["name"] == "Hồ sơ trình QĐ 2571" and made.json()["who"] == "lan"
    url = f"/api/dossiers/{made.json()['id']}"
    first = lan.post(f"{url}/files", files={"file": ("to-trinh.txt", SEED.read_bytes())}).json()
    assert first == {"name": "to-trinh.txt", "status": "ok", "doc_id": seed_id, "message": None}  # same content: same document
    bad = lan.post(f"{url}/files", files={"file": ("anh.pdf", b"\x89PNG\r\n\x1a\n" + bytes(300))})
    assert bad.status_code == 201 and bad.json()["status"] == "failed" and "Không phải văn bản" in bad.json()["message"]
    assert minh.post(f"{url}/files", files={"file": ("x.txt", SEED.read_bytes())}).status_code == 403
    assert lan.post("/api/dossiers/98765/files", files={"file": ("x.txt", b"abc")}).status_code == 404
    got = minh.get(url).json()
    assert [(f["name"], f["status"]) for f in got["files"]] == [("to-trinh.txt", "ok"), ("anh.pdf", "failed")]
    assert got["files"][0]["document"]["number"] == "2571/QĐ-UBND"
    page = minh.get(f"/dossiers/{got['id']}").text
    assert "Hồ sơ trình QĐ 2571" in page and "Không chuyển được" in page and f"/documents/{seed_id}" in page
    assert minh.get("/api/dossiers/98765").status_code == 404 and minh.get("/dossiers/98765").status_code == 404


def test_a_dossier_holds_a_bounded_number_of_files(tmp_path):
    store = str(tmp_path / "vanban.sqlite")
    with Store(store) as s:
        accounts.add(s, "lan", USERS["lan"][1], "editor")
    lan = signed_in(create_app(store, max_files=2), "lan")
    url = f"/api/dossiers/{lan.post('/api/dossiers', json={'name': 'h'}).json()['id']}"
    for i in range(2):
        assert lan.post(f"{url}/files", files={"file": (f"{i}.txt", b"")}).status_code == 201
    full = lan.post(f"{url}/files", files={"file": ("3.txt", b"")})
    assert full.status_code == 413 and full.json()["code"] == "too_many_files"


def test_agency_suggestions(office):
    app, _, _ = office
    minh = signed_in(app, "minh")
    got = minh.get("/api/agencies", params={"q": "so tai chinh", "place": "Lâm Đồng"}).json()
    assert "Sở Tài chính" in got["suggestions"] and got["normalized"]
    assert minh.get("/api/agencies", params={"q": "zzzz qqqq"}).json() == {"suggestions": [], "normalized": None}
    assert minh.get("/api/agencies", params={"q": ""}).status_code == 422
    assert minh.get("/api/agencies", params={"q": "x" * 201}).status_code == 422


def test_a_browser_refused_reads_why_in_vietnamese(office):
    """A form a browser posts without its page's token, from another site, or with an account
    lacking the right, is refused with a Vietnamese page; the API's refusals stay JSON."""
    app, _, _ = office
    html = {"accept": "text/html,application/xhtml+xml"}
    minh, lan = signed_in(app, "minh"), signed_in(app, "lan")
    stale = TestClient(app, base_url=BASE, cookies=lan.cookies)  # a page kept open past its session's token
    refused = stale.post("/agencies/ag:x/status", data={"uid": "u", "status": "done"}, headers=html)
    assert refused.status_code == 403 and "tải lại trang" in refused.text and 'lang="vi"' in refused.text
    other = lan.post("/agencies/ag:x/status", data={"uid": "u", "status": "done"},
                     headers={**html, "Origin": "https://evil.example"})
    assert other.status_code == 403 and "từ một trang khác" in other.text
    weak = minh.post("/agencies/ag:x/status", data={"uid": "u", "status": "done"}, headers=html)
    assert weak.status_code == 403 and "không có quyền" in weak.text
    anon = TestClient(app, base_url=BASE).post("/agencies/ag:x/status", data={"uid": "u"}, headers=html)
    assert anon.status_code == 401 and "Cần đăng nhập" in anon.text and 'href="/signin"' in anon.text
    wrong = TestClient(app, base_url="http://desk.example.org").get("/", headers=html)
    assert wrong.status_code == 400 and "--allowed-host" in wrong.text and 'lang="vi"' in wrong.text
    api = stale.post("/api/tasks/status", json={"uid": "u", "status": "done"}, headers=html)
    assert api.status_code == 403 and "CSRF" in api.json()["detail"]
