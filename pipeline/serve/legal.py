"""The review desk's "Căn cứ pháp lý" panel and Lược đồ: a document's own status, each basis with its
status badge and finding, and the related documents of the store grouped by relation, both ways."""
from __future__ import annotations

from datetime import date
from typing import Any

from pipeline import status
from pipeline.legal.numbers import number_key
from pipeline.store import Store

BADGE = {status.Status.IN_FORCE: "ok", status.Status.AMENDED: "ok", status.Status.REPLACED: "bad",
         status.Status.REPEALED: "bad", status.Status.EXPIRED: "bad", status.Status.NOT_YET: "warn",
         status.Status.UNKNOWN: "unknown"}
# (relation in the store, direction, heading): outgoing from the references and the document's acts,
# incoming from the other documents' references and acts
GROUPS = (
    ("can_cu", "out", "Căn cứ"), ("can_cu", "in", "Là căn cứ của"),
    ("implements", "out", "Hướng dẫn, thực hiện"), ("implements", "in", "Được hướng dẫn, thực hiện bởi"),
    ("amends", "out", "Sửa đổi, bổ sung"), ("amends", "in", "Bị sửa đổi, bổ sung bởi"),
    ("replaces", "out", "Thay thế"), ("replaces", "in", "Bị thay thế bởi"),
    ("repeals", "out", "Bãi bỏ"), ("repeals", "in", "Bị bãi bỏ bởi"),
)


def _archive(store: Store) -> status.Archive:
    archive = status.Archive()
    archive.add_facts(status.central_facts())
    status.add_store(archive, store)
    return archive


def _bases(data: dict[str, Any], archive: status.Archive, links: dict[int, int]) -> list[dict[str, Any]]:
    """Each Căn cứ with its status on the document's date and the finding's text."""
    d = data["document"]
    findings = {}
    for f in status.check_document(data, archive):
        if f.reference is not None:
            findings.setdefault(f.reference, []).append(f)
    own = status.key_of(d.get("doc_type"), d.get("number"), None, d.get("issued_date")) if d.get("number") else None
    out = []
    for i, r in enumerate(data["references"]):
        if r.get("relation") != "can_cu":
            continue
        st = archive.status(status.key_of(r.get("doc_type"), r.get("number"), r.get("title"), r.get("issued_date")),
                            d.get("issued_date"), besides=own)
        out.append({"surface": r["surface"], "node": r.get("node"), "badge": BADGE[st.status], "status": st.text(),
                    "findings": [{"level": f.level, "text": f.message} for f in findings.get(i, [])], "link": links.get(i)})
    return out


def _groups(store: Store, data: dict[str, Any], links: dict[int, int]) -> list[dict[str, Any]]:
    """The Lược đồ: related documents by relation, both directions, each with its link when stored."""
    d = data["document"]
    items: dict[tuple[str, str], dict[str, dict[str, Any]]] = {(g[0], g[1]): {} for g in GROUPS}
    for i, r in enumerate(data["references"]):
        if r.get("relation") in ("can_cu", "implements"):
            items[(r["relation"], "out")].setdefault(r["target"], {"label": r["surface"], "link": links.get(i), "since": None})
    for r in ((d.get("effective") or {}).get("relations") or []):
        items[(r["relation"], "out")].setdefault(r["target"], {"label": r["surface"], "since": r.get("effective_from"),
                                                               "link": store.doc_for_number(r.get("number"))})
    key = number_key(d.get("number"))
    own = status.key_of(d.get("doc_type"), d.get("number"), None, d.get("issued_date"))
    if key:
        for row in store.citing(key):
            if status.key_of(row["ref_type"], d.get("number"), None, row["ref_date"])[1] != own[1]:
                continue  # "893/QĐ-TTg" of another year, "15/2025/QĐ-UBND" of another province
            items[(row["relation"], "in")].setdefault(str(row["doc_id"]), {
                "label": status.label(row["doc_type"], row["number"], None, row["issued_date"]), "link": row["doc_id"], "since": None})
        for row in store.acting_on(key):
            if status.key_of(d.get("doc_type"), d.get("number"), None, row["ref_date"])[1] != own[1]:
                continue
            items[(row["relation"], "in")].setdefault(str(row["doc_id"]), {
                "label": status.label(row["doc_type"], row["number"], None, row["issued_date"]), "link": row["doc_id"],
                "since": row["effective_from"]})
    return [{"relation": rel, "direction": way, "heading": head, "docs": list(items[(rel, way)].values())}
            for rel, way, head in GROUPS if items[(rel, way)]]


def panel(store: Store, data: dict[str, Any], links: dict[int, int], today: str | None = None) -> dict[str, Any]:
    """What the document page shows of legal force: its own status today, its bases, its Lược đồ."""
    d = data["document"]
    archive = _archive(store)
    own = archive.status(status.key_of(d.get("doc_type"), d.get("number"), None, d.get("issued_date")),
                         today or date.today().isoformat()) \
        if d.get("number") else status.StatusOf(status.Status.UNKNOWN)
    eff = d.get("effective") or {}
    return {"own": {"badge": BADGE[own.status], "text": own.text(), "from": eff.get("from"), "to": eff.get("to"),
                    "raw": eff.get("raw")},
            "bases": _bases(data, archive, links), "groups": _groups(store, data, links)}
