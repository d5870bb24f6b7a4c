"""Corpus-wide smoke tests over ../shared/corpus (skipped when it is absent): every text and
Markdown file converts to schema-valid output, and headers agree with the gazette's index."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from pipeline.readers.errors import InputError
from pipeline.text import slug
from tests.conftest import CORPUS, converted, needs_corpus

pytestmark = [needs_corpus, pytest.mark.corpus]


def _files(*patterns: str) -> list[str]:
    out: list[str] = []
    for pattern in patterns:
        out.extend(str(p) for p in sorted(CORPUS.glob(pattern)))
    return out


def test_every_text_and_markdown_file_converts():
    files = _files("**/*.md", "**/*.txt")
    files = [f for f in files if not f.endswith("README.md")]
    counts: Counter[str] = Counter()
    failures = []
    for path in files:
        try:
            converted(path)  # validated against the schema inside
            counts[path.rsplit(".", 1)[1]] += 1
        except InputError as exc:
            failures.append(str(exc))
    print(f"\nconverted: {dict(counts)}; refused: {len(failures)}")
    assert not failures, failures[:5]
    assert sum(counts.values()) >= 500


def _slug_number(text: str) -> str:
    """Compare as the gazette's slugs do: no punctuation, no leading zeros."""
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", slug(text.replace(".", "")))


def test_congbao_header_number_and_type_agree_with_index():
    index = [json.loads(line) for line in (CORPUS / "congbao-8chude" / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in index if r.get("txt") and (CORPUS / "congbao-8chude" / r["txt"]).is_file()]
    agree = 0
    disagree = []
    for r in rows:
        doc = converted(str(CORPUS / "congbao-8chude" / r["txt"]))["document"]
        got = _slug_number(f"{doc['doc_type'] or ''} so {doc['number'] or ''}")
        want = _slug_number(re.sub(r"-\d+$", "", r["slug"]))
        if got == want:
            agree += 1
        else:
            disagree.append((r["txt"], got, want))
    share = agree / len(rows)
    print(f"\ncongbao header type+number agreement: {agree}/{len(rows)} = {share:.1%}")
    for d in disagree:
        print("  disagree:", d)
    assert share >= 0.95


def test_markdown_numbers_agree_with_index_hints():
    """The tnt305 index's numbers were guessed by a quick regex: a hint, so the bar is agreement where
    both have one."""
    index = [json.loads(line) for line in (CORPUS / "tnt305-legal-md" / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    both = agree = 0
    for r in index:
        hint = r.get("heuristic_so_ky_hieu")
        doc = converted(str(CORPUS / "tnt305-legal-md" / r["file"]))["document"]
        if hint and doc["number"]:
            both += 1
            agree += hint.replace(" ", "").upper() == doc["number"].upper()
    print(f"\ntnt305 number agreement with index hints: {agree}/{both}")
    assert both >= 250 and agree / both >= 0.97


def test_every_office_file_converts_or_is_refused_clearly():
    """DOCX, DOC and PDF (scans through OCR): each converts to valid output, or (only when
    unreadable) a one-line reason."""
    import time

    counts: Counter[str] = Counter()
    refused: list[str] = []
    slowest = 0.0
    for path in _files("**/*.docx", "**/*.doc", "**/*.pdf"):
        start = time.perf_counter()
        try:
            converted(path)
            counts[path.rsplit(".", 1)[1]] += 1
        except InputError as exc:
            assert "\n" not in str(exc)
            refused.append(str(exc))
        slowest = max(slowest, time.perf_counter() - start)
    print(f"\nconverted: {dict(counts)}; refused: {len(refused)}; slowest {slowest:.1f} s")
    for r in refused:
        print("  refused:", r)
    assert counts["docx"] >= 100 and counts["pdf"] >= 60
    assert all("encrypted" in r or "corrupt" in r for r in refused)
    assert slowest < 60


def test_gazette_pdf_agrees_with_its_text_version():
    """The congbao documents that have both a PDF and a text extraction: same header fields."""
    index = [json.loads(line) for line in (CORPUS / "congbao-8chude" / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = [r for r in index if r.get("pdf") and r.get("txt") and (CORPUS / "congbao-8chude" / r["pdf"]).is_file()]
    fields = ("doc_type", "number", "issued_date", "issuer")
    agree = 0
    ref_common = ref_all = 0
    for r in pairs:
        a = converted(str(CORPUS / "congbao-8chude" / r["pdf"]))
        b = converted(str(CORPUS / "congbao-8chude" / r["txt"]))
        agree += all(a["document"][f] == b["document"][f] for f in fields)
        ka = Counter((x["doc_type"], x["number"]) for x in a["references"] if x["number"])
        kb = Counter((x["doc_type"], x["number"]) for x in b["references"] if x["number"])
        ref_common += sum((ka & kb).values())
        ref_all += sum((ka | kb).values())
    print(f"\nPDF/text header agreement: {agree}/{len(pairs)}; numbered references in common: {ref_common}/{ref_all}")
    assert len(pairs) >= 25 and agree / len(pairs) >= 0.9
