"""What the desk shows a person, in Vietnamese, from the data file labels.toml: warning messages
(matched by pattern, their details kept), relation, deadline and node kinds, roles, upload errors,
and dates written dd/mm/yyyy. The JSON and the API keep the pipeline's codes."""
from __future__ import annotations

import re
import time
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_PLACEHOLDER = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class WarningLabel:
    """One [[warning]] entry: its code, the English message pattern (None: the code's fallback)
    and the Vietnamese sentence with {group} or {group|table} placeholders."""
    code: str
    pattern: re.Pattern[str] | None
    vi: str
    example: str | None = None
    shown: str | None = None


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """pipeline/data/labels.toml, parsed once."""
    return tomllib.loads(resources.files("pipeline.data").joinpath("labels.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def warning_labels() -> tuple[WarningLabel, ...]:
    return tuple(WarningLabel(w["code"], re.compile(w["pattern"]) if w.get("pattern") else None, w["vi"],
                              w.get("example"), w.get("shown")) for w in data()["warning"])


def label(table: str, code: str | None, default: str = "—") -> str:
    """The Vietnamese name of *code* in *table* ("relation", "deadline_kind", "node_kind", "role",
    "field", "format", "account_role"); *default* for no code, the code itself when unknown."""
    if not code:
        return default
    return data()[table].get(code, code)


def _fill(template: str, groups: dict[str, str | None]) -> str:
    def one(m: re.Match[str]) -> str:
        value = groups.get(m.group(1)) or ""
        return label(m.group(2), value, "") if m.group(2) else value
    return _PLACEHOLDER.sub(one, template)


def warning_text(code: str, message: str) -> str:
    """A warning as the desk shows it: e.g. ("deadline_unread", "deadline not understood, kept raw:
    'Trước năm 2025'") → "Chưa hiểu được thời hạn, giữ nguyên văn: 'Trước năm 2025'"."""
    fallback = None
    for w in warning_labels():
        if w.code != code:
            continue
        if w.pattern is None:
            fallback = fallback or w
            continue
        m = w.pattern.search(message or "")
        if m:
            return _fill(w.vi, m.groupdict())
    if fallback is not None:
        return fallback.vi
    unknown = next(w for w in warning_labels() if w.code == "*")
    return _fill(unknown.vi, {"code": code})


def upload_error(code: str, **values: Any) -> str:
    """An upload's refusal in Vietnamese, e.g. upload_error("too_large", limit=50)."""
    return _fill(data()["upload_error"][code], {k: str(v) for k, v in values.items()})


def date_vi(value: str | None, default: str = "—") -> str:
    """An ISO date, month or year as written in Vietnamese papers: "2025-03-07" → "07/03/2025",
    "2025-03" → "03/2025"; other text unchanged."""
    if not value:
        return default
    m = _ISO.match(value)
    if not m:
        return value
    return "/".join(p for p in (m.group(3), m.group(2), m.group(1)) if p)


def http_error(status: int, path: str, code: str | None = None) -> str:
    """The sentence a page that cannot be shown says: *code*'s when given ("csrf"), "Không có văn
    bản này trong kho." for /documents/999 not found, else by *status* (a status the table lacks:
    the 500's or the 400's)."""
    if code:
        return data()["http_error"][code]
    if status == 404:
        first = path.strip("/").split("/", 1)[0]
        if first in data()["not_found"]:
            return data()["not_found"][first]
    table = data()["http_error"]
    return table.get(str(status), table["500"] if status >= 500 else table["400"])


def when_vi(at: float) -> str:
    """A moment (epoch seconds) in local time, "07/03/2025 14:05"."""
    return time.strftime("%d/%m/%Y %H:%M", time.localtime(at))


def install(env: Any) -> None:
    """Make the labels Jinja filters of *env*: |vi('relation'), |warning(code), |ngay, |when."""
    env.filters["vi"] = lambda code, table, default="—": label(table, code, default)
    env.filters["ngay"] = date_vi
    env.filters["when"] = when_vi
    env.globals["warning_text"] = warning_text
    env.globals["labels"] = data()
