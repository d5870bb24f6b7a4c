"""Graph identity of a converted document: its number where it has one; otherwise what its header
says (type, issuer, title, date) plus its source's content hash, so that two files without a number
never share a node and the same file converted twice keeps its id."""
from __future__ import annotations

from pipeline.legal import canonical_id
from pipeline.text import slug

_ISSUER_CHARS = 40
_TITLE_CHARS = 80
_HASH_CHARS = 12


def is_blank(number: str | None) -> bool:
    """True for a number left for the registry to fill ("/QĐ-UBND") or none at all."""
    return not number or number.startswith("/")


def document_id(doc_type: str | None, number: str | None, issued: str | None, issuer: str | None,
                title: str | None, sha256: str) -> str:
    """"vn:quyet-dinh:2571/QĐ-UBND:2022-12-30" for a numbered document; for one without a number
    "vn:ke-hoach:ubnd-tinh-lam-dong~tang-cuong-cong-tac…:nd:h7a03fd00e447" (the hash of its file)."""
    if not is_blank(number):
        return canonical_id(doc_type, number, issued)
    readable = "~".join(p for p in (slug(issuer or "")[:_ISSUER_CHARS].strip("-"),
                                    slug(title or "")[:_TITLE_CHARS].strip("-")) if p)
    return f"vn:{slug(doc_type or 'van-ban')}:{readable or 'khong-so'}:{issued or 'nd'}:h{sha256[:_HASH_CHARS]}"
