"""The desk's gate, one ASGI middleware in front of every route: the Host header must be one the
desk answers to (against DNS rebinding), the caller is identified (sign-in session cookie, API
token, or the local user when the store has no accounts), a state-changing request must carry its
CSRF token and come from the desk's own origin, request bodies are bounded, and every answer gets
the security headers (CSP without inline script, no framing, no content sniffing).

Routes read the caller from `request.state.user` (an accounts.User or None) and ask for a role with
the `require("editor")` dependency; templates read `request.state.user` and `request.state.csrf`."""
from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import HTTPException, Request

from pipeline.store import Store
from pipeline.store import accounts

COOKIE = "vanban_session"
CSRF_HEADER = "x-csrf-token"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PUBLIC = ("/static/", "/signin")          # reachable before signing in
MAX_FORM_BYTES = 64 * 1024                 # a sign-in or sign-out form
MAX_JSON_BYTES = 256 * 1024                # a correction, a token request
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
           (b"cross-origin-opener-policy", b"same-origin")]


@dataclass
class SignInLimiter:
    """At most *attempts* failed sign-ins per client address and per user name in *window* seconds."""
    attempts: int = 5
    window: float = 300.0
    _failed: dict[str, deque] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> deque:
        q = self._failed.setdefault(key, deque())
        while q and q[0] < now - self.window:
            q.popleft()
        return q

    def wait(self, *keys: str) -> float:
        """Seconds to wait before another attempt under these keys (0: go ahead)."""
        now = time.time()
        with self._lock:
            full = [self._recent(k, now) for k in keys]
            return max((q[0] + self.window - now for q in full if len(q) >= self.attempts), default=0.0)

    def failed(self, *keys: str) -> None:
        now = time.time()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)
            if len(self._failed) > 10_000:  # bounded memory under a spray of names
                self._failed = {k: q for k, q in self._failed.items() if q and q[-1] > now - self.window}


class Gate:
    """The desk's security settings and state, shared by the middleware and the routes."""

    def __init__(self, store_path: str, allowed_hosts: set[str] | None = None):
        self.store_path = store_path
        self.allowed_hosts = {h.lower() for h in (allowed_hosts or set())} | LOOPBACK
        self.secret = secrets.token_bytes(32)
        self.limiter = SignInLimiter()
        self.local_name = f"{_os_user()} (máy này)"

    def local_only(self) -> bool:
        """No accounts yet: the desk serves only this machine, and its user may do everything."""
        with Store(self.store_path) as s:
            return accounts.count(s) == 0

    def anonymous_csrf(self) -> str:
        """The CSRF token of pages served without a session (the sign-in form, local mode)."""
        return hmac.new(self.secret, b"anonymous", hashlib.sha256).hexdigest()

    def identify(self, headers: dict[str, str], cookies: dict[str, str]) -> tuple[accounts.User | None, str, str]:
        """(the caller, how it is known: session | token | local | none, the CSRF token it must send)."""
        auth = headers.get("authorization", "")
        with Store(self.store_path) as s:
            if auth.lower().startswith("bearer "):
                return accounts.token_user(s, auth[7:].strip()), "token", ""
            found = accounts.session(s, cookies.get(COOKIE))
            if found:
                return found.user, "session", found.csrf
            if accounts.count(s) == 0:
                return accounts.User(self.local_name, "admin"), "local", self.anonymous_csrf()
        return None, "none", self.anonymous_csrf()

    def host_allowed(self, host: str) -> bool:
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.strip("[]").lower() in self.allowed_hosts


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def require(role: str) -> Callable[[Request], Awaitable[accounts.User]]:
    """A route dependency: the signed-in caller when they hold *role*, else 401 (not signed in)
    or 403 (signed in with a weaker role)."""
    async def dependency(request: Request) -> accounts.User:
        user = getattr(request.state, "user", None)
        if user is None:
            raise HTTPException(401, "sign in first")
        if not user.can(role):
            raise HTTPException(403, f"the {role} role is needed (you are {user.role})")
        return user
    return dependency


def _cookies(raw: str) -> dict[str, str]:
    out = {}
    for part in raw.split(";"):
        k, _, v = part.strip().partition("=")
        if k:
            out[k] = v
    return out


async def _answer(send, status: int, detail: str, extra: list[tuple[bytes, bytes]] = (), page: str | None = None,
                  code: str | None = None) -> None:
    """A refusal before the application: JSON with the English *detail* (the API, scripts), or for
    a browser's request of the desk's page *page* a Vietnamese page saying why (labels.http_error
    of *code*, default the status)."""
    if page is None:
        body, kind = json.dumps({"detail": detail}).encode(), b"application/json"
    else:
        body, kind = _refusal_page(status, page, code), b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *HEADERS, *extra]})
    await send({"type": "http.response.body", "body": body})


def _refusal_page(status: int, path: str, code: str | None) -> bytes:
    """The small Vietnamese page of a refusal (templates/refusal.html: "Cần đăng nhập trước." and
    where to go), standalone: a refusal comes before the sign-in that the desk's pages show."""
    from pipeline.serve.labels import http_error

    return _refusal_template().render(message=http_error(status, path, code), sign_in=status == 401).encode()


@lru_cache(maxsize=1)
def _refusal_template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(__file__).resolve().parent / "templates"
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape()).get_template("refusal.html")


class GateMiddleware:
    """The ASGI middleware applying the Gate to every HTTP request (see the module's docstring)."""

    def __init__(self, app, gate: Gate, max_upload_bytes: int):
        self.app, self.gate, self.max_upload = app, gate, max_upload_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        page = None if scope["path"].startswith("/api/") or "text/html" not in headers.get("accept", "") else scope["path"]
        if not self.gate.host_allowed(headers.get("host", "")):
            return await _answer(send, 400, "host not allowed (start vanban serve with --allowed-host)", page=page, code="host")
        path, method = scope["path"], scope["method"]
        from starlette.concurrency import run_in_threadpool

        user, via, csrf = await run_in_threadpool(self.gate.identify, headers, _cookies(headers.get("cookie", "")))
        state = scope.setdefault("state", {})
        state.update(user=user, via=via, csrf=csrf, local=via == "local")
        if via == "token" and user is None:
            return await _answer(send, 401, "unknown API token")
        if user is None and not path.startswith(PUBLIC):
            if path.startswith("/api/") or method in UNSAFE:
                return await _answer(send, 401, "sign in first", page=page)
            target = "/signin?next=" + quote(path)
            return await _answer(send, 303, "sign in first", [(b"location", target.encode())])
        limit = self._limit(headers)
        size = headers.get("content-length")
        if size and size.isdigit() and int(size) > limit:
            return await _answer(send, 413, f"request too large (limit {limit // 1024} KB)", page=page)
        if method in UNSAFE:
            body, refusal = await self._check_unsafe(scope, receive, headers, via, csrf, limit)
            if refusal:
                return await _answer(send, refusal[0], refusal[1], page=page, code=refusal[2])
            receive = _replay(body, receive)
        await self.app(scope, receive, self._with_headers(send))

    def _limit(self, headers: dict[str, str]) -> int:
        if headers.get("content-type", "").startswith("multipart/form-data"):
            return self.max_upload
        return MAX_FORM_BYTES if "urlencoded" in headers.get("content-type", "") else MAX_JSON_BYTES

    async def _check_unsafe(self, scope, receive, headers, via, csrf, limit) -> tuple[list | None, tuple | None]:
        """(the body read, to replay to the route, or None; a refusal (status, detail, its label's code
        or None) or None). The token comes in the X-CSRF-Token header, a form's `csrf` field or the
        query's `csrf`."""
        origin = headers.get("origin") or headers.get("referer")
        if origin and urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
            return None, (403, "cross-origin request refused", "cross_origin")
        body, raw = None, b""
        if not headers.get("content-type", "").startswith("multipart/form-data"):  # bounded even when chunked
            body, raw = await _read(receive, limit)
            if raw is None:
                return None, (413, f"request too large (limit {limit // 1024} KB)", None)
        if via == "token":
            return body, None
        sent = headers.get(CSRF_HEADER) or parse_qs(scope.get("query_string", b"").decode()).get("csrf", [""])[0]
        if not sent and "urlencoded" in headers.get("content-type", ""):
            sent = parse_qs(raw.decode("utf-8", "replace")).get("csrf", [""])[0]
        if not sent or not hmac.compare_digest(sent.encode(), csrf.encode()):
            return None, (403, "missing or wrong CSRF token (reload the page)", "csrf")
        return body, None

    def _with_headers(self, send):
        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)
        return wrapped


async def _read(receive, limit: int) -> tuple[list, bytes | None]:
    """The request's body messages and bytes (None when longer than *limit*)."""
    messages, size, chunks = [], 0, []
    while True:
        m = await receive()
        messages.append(m)
        chunk = m.get("body", b"")
        size += len(chunk)
        chunks.append(chunk)
        if size > limit:
            return messages, None
        if not m.get("more_body"):
            return messages, b"".join(chunks)


def _replay(messages: list | None, receive):
    if not messages:
        return receive
    pending = list(messages)

    async def again() -> dict[str, Any]:
        return pending.pop(0) if pending else await receive()
    return again
