"""Local accounts of the review desk, kept in the store: users with a role (viewer, editor, admin)
and an argon2 password hash, sign-in sessions and API tokens (only their SHA-256 is stored), and
an audit log of who changed what. The desk reads and writes them only through these functions."""
from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from pipeline.store.db import Store

ROLES = ("viewer", "editor", "admin")
SESSION_SECONDS = 12 * 3600
_NAME = re.compile(r"^[\w.@-]{1,64}$")
_MIN_PASSWORD = 8
_MAX_PASSWORD = 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL, created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token TEXT PRIMARY KEY,           -- sha256 of the cookie's value
    name TEXT NOT NULL, csrf TEXT NOT NULL, expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token TEXT PRIMARY KEY,           -- sha256 of the token
    name TEXT NOT NULL, label TEXT, created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, detail TEXT
);
"""


class AccountError(ValueError):
    """A name, role or password the accounts cannot take, or an unknown user."""


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user holds *role* or a stronger one (admin ⊃ editor ⊃ viewer)."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str


def _ready(store: Store) -> Store:
    store.db.executescript(SCHEMA)
    return store


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check(name: str, role: str | None = None, password: str | None = None) -> None:
    if not _NAME.match(name or ""):
        raise AccountError(f"a user name is 1-64 letters, digits, '.', '@', '_' or '-': {name!r}")
    if role is not None and role not in ROLES:
        raise AccountError(f"role is one of: {', '.join(ROLES)}")
    if password is not None and not _MIN_PASSWORD <= len(password) <= _MAX_PASSWORD:
        raise AccountError(f"a password has {_MIN_PASSWORD} to {_MAX_PASSWORD} characters")


def count(store: Store) -> int:
    """How many accounts there are (none: the desk stays local-only)."""
    return _ready(store).db.execute("SELECT count(*) FROM users").fetchone()[0]


def add(store: Store, name: str, password: str, role: str = "viewer") -> User:
    """A new account; AccountError when the name is taken or a value is refused."""
    _check(name, role, password)
    _ready(store)
    if store.db.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone():
        raise AccountError(f"user {name} exists (use passwd, or remove it first)")
    store.db.execute("INSERT INTO users VALUES (?,?,?,?)", (name, role, _hasher().hash(password), time.time()))
    return User(name, role)


def listing(store: Store) -> list[User]:
    return [User(r[0], r[1]) for r in _ready(store).db.execute("SELECT name, role FROM users ORDER BY name")]


def _require(store: Store, name: str) -> None:
    if not _ready(store).db.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone():
        raise AccountError(f"no user {name}")


def remove(store: Store, name: str) -> None:
    """Delete an account with its sessions and API tokens."""
    _require(store, name)
    with store.transaction():
        for table in ("users", "sessions", "api_tokens"):
            store.db.execute(f"DELETE FROM {table} WHERE name=?", (name,))


def set_password(store: Store, name: str, password: str, role: str | None = None) -> User:
    """A new password (and role, when given) for an account; its sessions end."""
    _check(name, role, password)
    _require(store, name)
    with store.transaction():
        store.db.execute("UPDATE users SET hash=? WHERE name=?", (_hasher().hash(password), name))
        if role:
            store.db.execute("UPDATE users SET role=? WHERE name=?", (role, name))
        store.db.execute("DELETE FROM sessions WHERE name=?", (name,))
    row = store.db.execute("SELECT role FROM users WHERE name=?", (name,)).fetchone()
    return User(name, row[0])


def verify(store: Store, name: str, password: str) -> User | None:
    """The account when *password* is its own, else None (same work for an unknown name)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    row = _ready(store).db.execute("SELECT role, hash FROM users WHERE name=?", (name,)).fetchone()
    hasher = _hasher()
    stored = row[1] if row else hasher.hash(secrets.token_hex(8))
    try:
        hasher.verify(stored, (password or "")[:_MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    return User(name, row[0]) if row else None


def open_session(store: Store, user: User) -> tuple[str, str]:
    """(cookie token, CSRF token) of a new sign-in session; expired sessions are dropped."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = time.time()
    with _ready(store).transaction():
        store.db.execute("DELETE FROM sessions WHERE expires < ?", (now,))
        store.db.execute("INSERT INTO sessions VALUES (?,?,?,?)", (_digest(token), user.name, csrf, now + SESSION_SECONDS))
    return token, csrf


def session(store: Store, token: str | None) -> Session | None:
    """The live session of a cookie token, with its user (None when unknown or expired)."""
    if not token or len(token) > 200:
        return None
    row = _ready(store).db.execute(
        "SELECT s.csrf, u.name, u.role FROM sessions s JOIN users u ON u.name = s.name"
        " WHERE s.token=? AND s.expires >= ?", (_digest(token), time.time())).fetchone()
    return Session(User(row[1], row[2]), row[0]) if row else None


def close_session(store: Store, token: str | None) -> None:
    if token:
        _ready(store).db.execute("DELETE FROM sessions WHERE token=?", (_digest(token),))


def new_token(store: Store, name: str, label: str = "") -> str:
    """A new API token for a tracker acting as *name* (shown once; only its hash is kept)."""
    _require(store, name)
    token = "vb_" + secrets.token_urlsafe(32)
    store.db.execute("INSERT INTO api_tokens VALUES (?,?,?,?)", (_digest(token), name, label[:100], time.time()))
    return token


def token_user(store: Store, token: str | None) -> User | None:
    """The account an API token acts for."""
    if not token or len(token) > 200:
        return None
    row = _ready(store).db.execute("SELECT u.name, u.role FROM api_tokens t JOIN users u ON u.name = t.name"
                                   " WHERE t.token=?", (_digest(token),)).fetchone()
    return User(row[0], row[1]) if row else None


def audit(store: Store, who: str, action: str, detail: str = "") -> None:
    """One line of the audit log: who did what (sign-in, correction, undo, upload, account change)."""
    _ready(store).db.execute("INSERT INTO audit (at, who, action, detail) VALUES (?,?,?,?)",
                             (time.time(), who, action, detail[:2000]))


def audit_log(store: Store, limit: int = 200) -> list[dict[str, object]]:
    """The latest audit lines, newest first."""
    return [dict(r) for r in _ready(store).db.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))]
