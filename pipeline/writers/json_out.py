"""Document → contract JSON, validated against schemas/document.schema.json, written atomically."""
from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from importlib import resources
from typing import Any

from pipeline import __version__
from pipeline.model import Document

SCHEMA_VERSION = "1.0"


class SchemaViolation(Exception):
    """An output that does not match the schema: a bug in vanban, never in the input."""


def load_schema() -> dict[str, Any]:
    """The published schema (schemas/document.schema.json)."""
    return json.loads(resources.files("schemas").joinpath("document.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    """The schema compiled by jsonschema-rs (a tree of a few thousand nodes validates in
    milliseconds instead of seconds), which checks it against the 2020-12 meta-schema first and
    raises on a schema that breaks it. jsonschema's own meta-schema check (0.12 s of every
    worker's start with its import) runs in tests/test_schema_check.py instead."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(), validate_formats=True)


def compile_schema() -> None:
    """Compile the validator now (~0.01 s), not in the first document's validation."""
    _validator()


DOCUMENT_FIELDS = ("id", "doc_type", "number", "issued_date", "issuer", "issuer_parent", "place", "title",
                   "signer", "signer_capacity", "signer_position", "recipients", "attached_to", "effective")
# the contract's lists after "structure", in its order; each item a dataclass with its to_json() (the
# model's, with the contract's fields in order; an agency is extractors.agency_ids.Agency)
ITEM_LISTS = ("references", "back_references", "tasks", "prose_tasks", "agencies", "targets", "budget_items", "warnings")


def _items(items: list[Any]) -> list[Any]:
    """Each item as JSON: its to_json()."""
    return [x.to_json() for x in items]


def to_dict(doc: Document) -> dict[str, Any]:
    """The contract's fields for *doc*, in the contract's order."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "vanban", "version": __version__},
        "source": {"path": doc.source.path, "sha256": doc.source.sha256, "format": doc.source.format,
                   "pages": doc.source.pages},
        "document": {k: doc.header.get(k) for k in DOCUMENT_FIELDS},
        "attachments": _items(doc.attachments),
        "structure": doc.root.to_json() if doc.root else {"id": "doc", "kind": "document", "label": None,
                                                          "title": None, "text": "", "loc": None, "children": []},
    }
    for name in ITEM_LISTS:
        out[name] = _items(getattr(doc, name))
    return out


def validate(data: dict[str, Any]) -> None:
    """Raise SchemaViolation naming the first offending field."""
    validator = _validator()
    if validator.is_valid(data):
        return
    err = next(iter(validator.iter_errors(data)))
    where = "/".join(str(p) for p in err.instance_path) or "(root)"
    raise SchemaViolation(f"output does not match the schema at {where}: {err.message[:200]}")


def dumps(data: dict[str, Any]) -> bytes:
    """The output as written: UTF-8 bytes, two-space indent (orjson: json's indenting encoder is
    pure Python and took a fifth of a batch's time; bytes, as a decoded copy of a gazette
    annex's 28 MB would double a worker's peak memory)."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str, content: str | bytes) -> None:
    """Write *content* (text as UTF-8) to *path* through a temporary file in the same folder and a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".vanban-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str) else content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
