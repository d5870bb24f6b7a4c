"""Which node of the citation graph a document or a reference stands for (pipeline.graph.build):
without networkx, so a batch's journal thread computes each stored document's keys as it arrives
(while networkx is still being imported), and the graph step after the last result only builds."""
from __future__ import annotations

from typing import Any

from pipeline.legal.numbers import number_key
from pipeline.text import fold, slug


def key(doc_type: str | None, number: str | None, title: str | None, own_id: str = "") -> tuple[str, str]:
    """Identity of a document across outputs: type and number, or type and name for laws by name;
    a document without a number (a draft's "/QĐ-UBND", a report) is only ever itself (*own_id*)."""
    num = number_key(number)
    if num and not number.startswith("/"):
        return fold(doc_type or ""), num
    if own_id and (number or not _named_law(doc_type)):
        return "id", own_id
    return fold(doc_type or ""), slug(title or "")


def _named_law(doc_type: str | None) -> bool:
    return fold(doc_type or "") in ("luat", "bo luat")


def doc_key(d: dict[str, Any]) -> tuple[str, str]:
    """A converted document's identity (its "document" object)."""
    return key(d.get("doc_type"), d.get("number"), d.get("title"), d["id"])


def ref_key(r: dict[str, Any]) -> tuple[str, str]:
    """A law cited by name whose target the extractor resolved to a number ("vn:luat:31/2024/QH15:…")
    joins that number's node."""
    parts = r["target"].split(":")
    if not r.get("number") and len(parts) >= 4 and "/" in parts[2]:
        return key(r.get("doc_type"), parts[2], r.get("title"))
    return key(r.get("doc_type"), r.get("number"), r.get("title"), r["target"] if r.get("number") else "")


def keys_of(data: dict[str, Any]) -> tuple[tuple[str, str], list[tuple[str, str]]]:
    """An output's (document key, [each reference's key])."""
    return doc_key(data["document"]), [ref_key(r) for r in data["references"]]
