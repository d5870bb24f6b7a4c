"""Effect of a document (document.effective): the phrases of data/effect_phrases.tsv, each example a
case, and the dates of 40 corpus documents read by hand (tests/cases/effective_dates.csv)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractors.effect import Act, document_effect, read_end, rules
from tests.conftest import CORPUS, converted, needs_corpus

CASES = Path(__file__).parent / "cases" / "effective_dates.csv"


def _doc(*paragraphs: str) -> dict:
    """A structure of numbered articles, as segmentation makes them."""
    kids = [{"id": f"article-{i}", "kind": "article", "text": t, "children": []} for i, t in enumerate(paragraphs, 1)]
    return {"id": "doc", "kind": "document", "text": "", "children": kids}


def _refs_of(text: str, node: str) -> list[dict]:
    from extractors.references import Context, references_in
    from pipeline.model import Node

    return references_in(Node(node, "article", text=text), Context(place=None, issuer=None), False)


@pytest.mark.parametrize("rule", [r for r in rules() if r.part in ("start", "end")], ids=lambda r: r.name)
def test_effect_phrase_example(rule):
    doc_type = rule.example.split(" này")[0].split(". ")[-1].split("/")[0].strip()
    eff = document_effect(_doc(rule.example), [], doc_type, rule.issued)
    assert eff is not None and eff.raw
    got = eff.from_ if rule.part == "start" else (eff.to or read_end(rule.example))
    assert got == rule.expect, (rule.name, eff)


@pytest.mark.parametrize("rule", [r for r in rules() if r.part == "act"], ids=lambda r: r.name)
def test_act_phrase_example(rule):
    text = rule.example
    refs = [r for r in _refs_of(text, "article-1") if r["number"]]
    eff = document_effect(_doc(text), refs, "Nghị quyết" if text.startswith("Nghị quyết") else "Thông tư", rule.issued)
    assert eff is not None and eff.relations, rule.name
    assert eff.relations[0].relation is Act(rule.expect)
    assert eff.relations[0].number == refs[0]["number"]


def test_draft_without_date_keeps_the_sentence_and_no_date():
    eff = document_effect(_doc("Điều 3. Quyết định này có hiệu lực kể từ ngày ký ban hành."), [], "Quyết định", None)
    assert eff.from_ is None and eff.raw.startswith("Điều 3.") and eff.rule == "signing"


def test_condition_about_the_document_is_not_its_effect():
    text = "Hồ sơ đã nộp trước ngày Thông tư này có hiệu lực thi hành thì tiếp tục giải quyết theo quy định cũ."
    assert document_effect(_doc(text), [], "Thông tư", "2024-01-01") is None


def test_list_of_repealed_documents_under_a_head():
    # chapter-vi.article-62 of Nghị định 12/2022/NĐ-CP: a head, then the documents on their own lines
    head = "2. Các Nghị định sau đây hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành:"
    item = "a) Nghị định số 95/2013/NĐ-CP ngày 22 tháng 8 năm 2013 của Chính phủ quy định xử phạt vi phạm hành chính;"
    root = {"id": "doc", "kind": "document", "text": "", "children": [
        {"id": "article-1", "kind": "article", "text": "1. Nghị định này có hiệu lực thi hành kể từ ngày 17 tháng 01 năm 2022.", "children": []},
        {"id": "article-2", "kind": "clause", "text": head, "children": [
            {"id": "article-2.point-a", "kind": "point", "text": item, "children": []}]}]}
    refs = _refs_of(item, "article-2.point-a")
    eff = document_effect(root, refs, "Nghị định", "2022-01-17")
    assert [(r.relation, r.number, r.effective_from) for r in eff.relations] == [(Act.REPEALS, "95/2013/NĐ-CP", "2022-01-17")]


def test_partial_repeal_amends_with_its_provisions():
    text = "1. Bãi bỏ khoản 1 Điều 19 Thông tư số 38/2018/TT-BNNPTNT ngày 25 tháng 12 năm 2018 của Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn."
    eff = document_effect(_doc(text), _refs_of(text, "article-1"), "Thông tư", "2026-05-19")
    assert [(r.relation, r.number, r.provisions) for r in eff.relations] == [(Act.AMENDS, "38/2018/TT-BNNPTNT", ["khoản 1 Điều 19"])]


def _cases() -> list[dict[str, str]]:
    with open(CASES, encoding="utf-8") as f:
        return list(csv.DictReader(ln for ln in f if not ln.startswith("#")))


@needs_corpus
def test_effective_dates_of_forty_corpus_documents():
    rows = _cases()
    assert len(rows) == 40
    misses = []
    for row in rows:
        eff = converted(str(CORPUS / row["path"]))["document"]["effective"]
        got = (eff or {}).get("from"), (eff or {}).get("to")
        if got != (row["from"], row["to"] or None):
            misses.append((row["path"], got, row["from"], row["to"]))
    assert len(misses) <= 2, misses  # ≥ 95 %
    assert not misses, misses


def _relations_cases() -> list[dict]:
    import json

    return json.loads((Path(__file__).parent / "cases" / "effect_relations.json").read_text(encoding="utf-8"))["cases"]


@needs_corpus
def test_acts_of_thirty_corpus_documents_precision_and_recall():
    """Every (relation, target, effective_from) read by hand in 34 documents, against what is found."""
    cases = _relations_cases()
    assert len(cases) >= 30
    expected = found = hits = 0
    misses, extra = [], []
    for case in cases:
        eff = converted(str(CORPUS / case["path"]))["document"]["effective"] or {"relations": []}
        got = {(r["relation"], r["number"], r["effective_from"]) for r in eff["relations"]}
        want = {tuple(r) for r in case["relations"]}
        expected, found, hits = expected + len(want), found + len(got), hits + len(want & got)
        misses += [(case["path"], w) for w in want - got]
        extra += [(case["path"], g) for g in got - want]
    precision, recall = hits / found, hits / expected
    print(f"acts: precision {precision:.3f} ({hits}/{found}), recall {recall:.3f} ({hits}/{expected})")
    assert precision >= 0.95, extra
    assert recall >= 0.95, misses


def test_second_document_of_an_expiring_pair_expires_too():
    # Điều 42 khoản 2 of Nghị định 181/2026/NĐ-CP (congbao-8chude/txt/nghi-dinh-so-181-2026-nd-cp-469622.txt)
    text = ("2. Nghị định số 159/2020/NĐ-CP ngày 31 tháng 12 năm 2020 của Chính phủ về quản lý người giữ chức danh, chức vụ "
            "và người đại diện phần vốn nhà nước tại doanh nghiệp và Nghị định số 69/2023/NĐ-CP ngày 14 tháng 7 năm 2023 "
            "của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 159/2020/NĐ-CP ngày 31 tháng 12 năm 2020 của "
            "Chính phủ hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.")
    eff = document_effect(_doc("1. Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.", text),
                          _refs_of(text, "article-2"), "Nghị định", "2026-05-21")
    assert [(r.relation, r.number, r.effective_from) for r in eff.relations] == [
        (Act.REPEALS, "159/2020/NĐ-CP", "2026-05-21"), (Act.REPEALS, "69/2023/NĐ-CP", "2026-05-21")]


def _paragraphs(*texts: str) -> dict:
    """A structure of plain paragraphs (a web page's Markdown, a gazette's lines), as segmentation makes them."""
    kids = [{"id": f"p-{i}", "kind": "paragraph", "text": t, "children": []} for i, t in enumerate(texts, 1)]
    return {"id": "doc", "kind": "document", "text": "", "children": kids}


@pytest.mark.parametrize("texts, doc_type, expect", [
    # tnt305-legal-md f40e7ad008712591: the heading "Điều 2: Hiệu lực thi hành" joined to its sentence
    (("Điều 2: Hiệu lực thi hành", "Quyết định có hiệu lực thi hành kể từ ngày 04 tháng 12 năm 2025."), "Quyết định", "2025-12-04"),
    # tnt305-legal-md b668e92c0a910d62: the article's label without its dot
    (("Điều 2", "Nghị quyết này có hiệu lực thi hành từ ngày 06 tháng 02 năm 2025."), "Nghị quyết", "2025-02-06"),
    # negative: a provision of the document ("Điều 2 Nghị quyết này …") inside a sentence is not its statement
    (("Các nội dung quy định tại Điều 2 Nghị quyết này có hiệu lực từ ngày 01 tháng 7 năm 2026.",), "Nghị quyết", None),
])
def test_statement_of_effect_after_its_article_heading(texts, doc_type, expect):
    eff = document_effect(_paragraphs(*texts), [], doc_type, "2025-01-01")
    assert (eff.from_ if eff else None) == expect


def test_effect_from_passing_takes_the_adoption_statement_date():
    # congbao-8chude nghi-quyet-so-25-2022-ubtvqh15: no date line in the header, the closing statement has it
    lines = ("Nghị quyết này có hiệu lực thi hành từ ngày thông qua.",
             "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội",
             "chủ nghĩa Việt Nam khóa XV, phiên họp chuyên đề pháp luật tháng 8 thông qua",
             "ngày 17 tháng 8 năm 2022.")
    root = {"id": "doc", "kind": "document", "text": "", "children": [
        {"id": "article-3", "kind": "article", "text": "Điều 3. Hiệu lực thi hành", "children": [
            {"id": f"article-3.p-{i}", "kind": "paragraph", "text": t, "children": []} for i, t in enumerate(lines, 1)]}]}
    eff = document_effect(root, [], "Nghị quyết", None)
    assert (eff.from_, eff.rule) == ("2022-08-17", "passing")
    # a date the document's header gives wins over nothing; without an adoption statement it stays unknown
    assert document_effect(_paragraphs("Nghị quyết này có hiệu lực thi hành từ ngày thông qua."), [], "Nghị quyết", None).from_ is None


@pytest.mark.parametrize("clause, quoted, cited", [
    # Thông tư 03/2023/TT-BLĐTBXH, Điều 1 khoản 4: a decree named in the second sentence of the new wording
    ("4. Sửa đổi, bổ sung Điều 10 như sau:",
     "“a) Thực hiện theo quy định của pháp luật về giá; Nghị định số 60/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của "
     "Chính phủ quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập;", "60/2021/NĐ-CP"),
    # Nghị định 128/2026/NĐ-CP, Điều 6 khoản 1: a law the new wording cites
    ("1. Sửa đổi, bổ sung điểm g khoản 1 Điều 25 như sau:",
     "“g) Chứng thư thẩm định giá theo quy định tại khoản 5 Điều 55 Luật Giá số 16/2023/QH15, không kèm theo báo cáo "
     "thẩm định giá;”.", "16/2023/QH15"),
])
def test_a_document_the_quoted_new_wording_cites_is_not_amended(clause, quoted, cited):
    root = {"id": "doc", "kind": "document", "text": "", "children": [
        {"id": "article-1", "kind": "article", "text": "Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số "
         "17/2022/TT-BLĐTBXH ngày 06 tháng 9 năm 2022", "children": [
            {"id": "article-1.clause-1", "kind": "clause", "text": clause, "children": [
                {"id": "article-1.clause-1.p-1", "kind": "paragraph", "text": quoted, "children": []}]}]}]}
    refs = _refs_of(root["children"][0]["text"], "article-1") + _refs_of(quoted, "article-1.clause-1.p-1")
    assert cited in [r["number"] for r in refs]
    eff = document_effect(root, refs, "Thông tư", "2023-05-15")
    assert [(r.relation, r.number) for r in eff.relations] == [(Act.AMENDS, "17/2022/TT-BLĐTBXH")]
