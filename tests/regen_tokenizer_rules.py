"""Regenerate extractors/data/tokenizer_xx.json from spaCy's blank multilingual ("xx") tokenizer:
its prefix, suffix and infix expressions, URL pattern and special cases, which
extractors/tokenize.py runs without importing spaCy, and the same four expressions with their
character classes spelled to compile faster ("compact", tests/compact_classes.py), which it compiles.
spaCy is MIT-licensed (Explosion AI); run with spaCy installed (`pip install spacy`):
`python -m tests.regen_tokenizer_rules`; `--compact` redoes the compact forms alone, without spaCy."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.compact_classes import compact

TARGET = Path(__file__).resolve().parent.parent / "extractors" / "data" / "tokenizer_xx.json"


def _licence() -> list[str]:
    """spaCy's MIT licence, whose notice goes with the expressions copied from it."""
    from importlib.metadata import distribution

    dist = distribution("spacy")
    name = next(f for f in dist.files if f.name.upper().startswith("LICEN"))
    return dist.locate_file(name).read_text(encoding="utf-8").strip().splitlines()


def rules() -> dict:
    """The xx tokenizer's rules as plain data (ORTH of each special case's tokens)."""
    import spacy
    from spacy.attrs import ORTH

    tok = spacy.blank("xx").tokenizer
    if tok.token_match is not None:
        raise SystemExit("the xx tokenizer now has a token_match: extractors/tokenize.py does not run one")
    patterns = {name: getattr(tok, name).__self__ for name in ("prefix_search", "suffix_search", "infix_finditer", "url_match")}
    return {
        "source": f"spaCy {spacy.__version__} spacy.blank('xx').tokenizer",
        "licence": _licence(),
        "faster_heuristics": tok.faster_heuristics,
        "flags": {name: p.flags for name, p in patterns.items()},
        "prefix": patterns["prefix_search"].pattern,
        "suffix": patterns["suffix_search"].pattern,
        "infix": patterns["infix_finditer"].pattern,
        "url": patterns["url_match"].pattern,
        "special_cases": {k: [t[ORTH] for t in v] for k, v in sorted(tok.rules.items())},
    }


EXPRESSIONS = {"prefix": "prefix_search", "suffix": "suffix_search", "infix": "infix_finditer", "url": "url_match"}


def with_compact(data: dict) -> dict:
    """*data* with "compact": each expression, its classes in their cheaper spelling."""
    return {**data, "compact": {name: compact(data[name], data["flags"][flag]) for name, flag in EXPRESSIONS.items()}}


def main() -> None:
    data = json.loads(TARGET.read_text(encoding="utf-8")) if "--compact" in sys.argv[1:] else rules()
    TARGET.write_text(json.dumps(with_compact(data), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
