"""Every example in a data file is a test case (as eyecite keeps its reporters)."""
from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

from extractors.agencies import abbreviations, gazetteer, normalize_agency, split_agencies
from extractors.deadlines import normalize_deadline, rules
from extractors.tasks import header_role
from pipeline.legal import issuer_from_number, number_parts, type_from_number
from pipeline.text import fold
from pipeline.vocab import doc_type_rows, issuer_rows, law_rows


def _csv(package: str, name: str) -> list[dict[str, str]]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


@pytest.mark.parametrize("row", doc_type_rows(), ids=lambda r: r["code"])
def test_doc_type_example(row):
    example = row["example"]
    if "/" in example:
        parts = number_parts(example)
        if row["code"] == "CV":
            assert parts.type_code is None and type_from_number(example) == "Công văn"
        else:
            assert parts.type_code.upper() == row["code"].upper(), example
            assert type_from_number(example) == row["name"]
    else:
        assert fold(example).startswith(fold(row["name"]))


@pytest.mark.parametrize("row", issuer_rows(), ids=lambda r: r["code"])
def test_issuer_example(row):
    parts = number_parts(row["example"])
    if row["code"] in ("UBND", "HĐND", "TU"):
        assert parts.issuer_code == row["code"] and issuer_from_number(row["example"]) is None  # the context decides
    elif "/" in row["example"] and row["example"].split("/")[-1].split("-")[-1].rstrip("0123456789") == row["code"]:
        assert issuer_from_number(row["example"]) == row["name"]


@pytest.mark.parametrize("row", law_rows(), ids=lambda r: r["number"])
def test_law_example(row):
    """The example states the law's name, number and date; the name alone with that date resolves
    to the same numbered target."""
    from extractors.references import Context, _finish, references_in
    from pipeline.model import Document, Node, Source

    node = Node("basis-1", "basis", text=row["example"])
    (ref,) = [r for r in references_in(node, Context(None, None), False) if r["doc_type"] == "Luật"]
    assert (ref["title"], ref["number"], ref["issued_date"]) == (row["name"], row["number"], row["issued_date"])
    by_name = [{**ref, "number": None, "surface": "Luật " + row["name"]}]
    _finish(by_name, Document(Source("x", "0" * 64, "txt"), []))
    assert by_name[0]["target"] == f"vn:luat:{row['number'].upper()}:{row['issued_date']}"


DEADLINES = _csv("extractors.data", "deadlines.csv")


@pytest.mark.parametrize("row", DEADLINES, ids=lambda r: r["raw"])
def test_deadline_phrase(row):
    got = normalize_deadline(row["raw"], int(row["plan_year"]))
    assert (got["kind"], got["start"], got["end"]) == (row["kind"], row["start"] or None, row["end"] or None)
    assert got["raw"] == row["raw"]


def test_unknown_deadline_is_kept_raw_not_guessed():
    got = normalize_deadline("Đang cập nhật", 2023)
    assert got["kind"] == "none" and got["raw"] and got["rule"] is None


def test_every_deadline_rule_has_an_example():
    used = {normalize_deadline(r["raw"], int(r["plan_year"]))["rule"] for r in DEADLINES}
    assert {name for name, _, _ in rules()} <= used


@pytest.mark.parametrize("row", _csv("extractors.data", "abbreviations.csv"), ids=lambda r: r["abbr"])
def test_abbreviation_example(row):
    assert row["abbr"] in row["example"]
    assert row["expansion"] in normalize_agency(row["example"], "Lâm Đồng")


@pytest.mark.parametrize("name", sorted(v[0] for v in gazetteer().values()))
def test_gazetteer_name_stays_whole_and_normalises(name):
    assert split_agencies([name]) == [name]
    norm = normalize_agency(name, "Lâm Đồng")
    assert "{place}" not in norm and norm


@pytest.mark.parametrize("row", _csv("extractors.data", "task_columns.csv"), ids=lambda r: r["role"])
def test_task_column_example(row):
    assert header_role(row["example"]) == row["role"]


def test_web_noise_examples():
    text = resources.files("pipeline.data").joinpath("web_noise.tsv").read_text(encoding="utf-8")
    rows = [r for r in csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t")]
    assert rows
    for where, pattern, example in rows:
        assert where in ("notice", "start", "end", "end-1")
        assert re.search(pattern, example), (pattern, example)


def test_abbreviations_are_unique():
    abbrs = [a for a, _ in abbreviations()]
    assert len(abbrs) == len(set(abbrs))


@pytest.mark.parametrize("row", _csv("extractors.data", "budgets.csv"), ids=lambda r: r["raw"][:30])
def test_budget_phrase(row):
    from extractors.budgets import normalize_budget

    got = normalize_budget(row["raw"])
    assert got.raw == row["raw"]
    assert got.amount_vnd == (int(row["amount_vnd"]) if row["amount_vnd"] else None)


@pytest.mark.parametrize("row", _csv("pipeline.data", "provinces.csv"), ids=lambda r: r["name"])
def test_province_row(row):
    from pipeline.places import fix_place_names, province

    assert row["level"] in ("tỉnh", "thành phố") and row["status"] in ("current", "former")
    assert province(row["name"]) == row["name"] and province(row["name"].upper()) == row["name"].upper()
    if row["also"]:
        assert province(row["also"]) == row["also"]  # an accepted spelling is kept as written
    if row["example"]:
        assert province(row["example"]) == row["name"]
        assert fix_place_names(f"Công an tinh {row['example']}") == f"Công an tỉnh {row['name']}"


def test_provinces_are_34_current_and_a_name_that_is_none_stays_unknown():
    from pipeline.places import province

    assert sum(r["status"] == "current" for r in _csv("pipeline.data", "provinces.csv")) == 34
    assert province("Đà Lạt") is None and province("Phan Thiết") is None
    assert province("Kien Giang") == "Kiên Giang" and province("Tien Giang") == "Tiền Giang"  # one letter apart: exact only


@pytest.mark.parametrize("lines", [
    ["TÓM TẮT TRỌNG TÂM, TRỌNG ĐIỂM BÁO CÁO CÔNG TÁC", "CẢI CÁCH HÀNH CHÍNH NĂM 2025"],
    ["CỦA ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"],
    ["ĐIỂM TỔNG HỢP – SỞ TƯ PHÁP"],
    ["ĐỀ CƯƠNG BÁO CÁO"],
    ["BỔ SUNG KẾ HOẠCH"],  # "bổ", not "bộ"
])
def test_capitals_that_open_with_no_body_name_no_issuer(lines):
    from pipeline.segment.header import split_issuer

    assert split_issuer(lines) == (None, None)


@pytest.mark.parametrize("row", _csv("extractors.data", "task_words.csv"), ids=lambda r: r["word"])
def test_task_word(row):
    """A word of task_words.csv ends the cooperating agencies before it, or is no part of a name."""
    from extractors import prose_actors
    from extractors.prose_coop import cooperating

    assert row["kind"] in ("verb", "adverb", "preposition") and set(row["ends"].split()) <= {"cooperators", "name"}
    if "cooperators" in row["ends"]:
        sentence = f"Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp {row['word']} việc này."
        assert cooperating(sentence, fold(sentence)) == ["Sở Tư pháp"]
    if "name" in row["ends"]:
        assert prose_actors._VERB_IN_NAME.search(f"Sở Tư pháp {row['word']} việc này") is not None
