"""`vanban check` on documents built from corpus sentences, and the central facts' corpus sentences."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from pipeline.status import Archive, Status, central_facts, check_document, key_of
from tests.conftest import CORPUS, ROOT, needs_corpus

# Điều 2 of Nghị định 191/2026/NĐ-CP (congbao-8chude/txt/nghi-dinh-so-191-2026-nd-cp-469672.txt)
REPLACING = """CHÍNH PHỦ
Số: 191/2026/NĐ-CP
Hà Nội, ngày 29 tháng 5 năm 2026
NGHỊ ĐỊNH
Ban hành Quy chế làm việc của Chính phủ
Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Chính phủ ban hành Nghị định về Quy chế làm việc của Chính phủ.
Điều 1. Ban hành kèm theo Nghị định này Quy chế làm việc của Chính phủ.
Điều 2. Nghị định này có hiệu lực thi hành từ ngày ký ban hành, thay thế Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ ban hành Quy chế làm việc của Chính phủ.
"""


def _draft(basis: str, date: str = "ngày 10 tháng 6 năm 2026") -> str:
    return f"""ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Số: 12/2026/QĐ-UBND
Lâm Đồng, {date}
QUYẾT ĐỊNH
Ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh
ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
{basis}
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân tỉnh.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


def _check(tmp_path, basis: str, *extra: str) -> tuple[int, list[dict]]:
    (tmp_path / "arch").mkdir(exist_ok=True)
    src = tmp_path / "arch" / "nd191.txt"
    src.write_text(REPLACING, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pipeline.cli", "convert", str(src), "-o", str(tmp_path / "out"), "-q"],
                   cwd=ROOT, check=True)
    draft = tmp_path / "draft.txt"
    draft.write_text(_draft(basis), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "check", str(draft), "--archive", str(tmp_path / "out"),
                          "--format", "json", *extra], cwd=ROOT, capture_output=True, text=True)
    return res.returncode, json.loads(res.stdout)[0]["findings"]


def test_basis_cited_after_its_replacement_is_an_error_naming_the_replacement(tmp_path):
    code, findings = _check(tmp_path, "Căn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ ban hành Quy chế làm việc của Chính phủ;")
    errors = [f for f in findings if f["level"] == "error"]
    assert code == 1 and len(errors) == 1
    assert "bị thay thế bởi Nghị định số 191/2026/NĐ-CP" in errors[0]["message"] and "29/05/2026" in errors[0]["message"]
    assert errors[0]["node"] == "basis-1"


def test_basis_before_the_replacement_took_effect_is_fine(tmp_path):
    code, findings = _check(tmp_path, "Căn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ;", "--as-of", "2026-01-05")
    assert code == 0 and not [f for f in findings if f["level"] == "error"]


def test_wrong_date_on_a_known_decree_is_flagged_with_the_right_date(tmp_path):
    code, findings = _check(tmp_path, "Căn cứ Nghị định số 191/2026/NĐ-CP ngày 29 tháng 6 năm 2026 của Chính phủ ban hành Quy chế làm việc của Chính phủ;")
    assert code == 0
    assert [f["code"] for f in findings] == ["date_mismatch"]
    assert "29/05/2026" in findings[0]["message"]


def test_correct_basis_gives_no_finding(tmp_path):
    code, findings = _check(tmp_path, "Căn cứ Nghị định số 191/2026/NĐ-CP ngày 29 tháng 5 năm 2026 của Chính phủ ban hành Quy chế làm việc của Chính phủ;")
    assert code == 0 and findings == []


def test_archive_document_wins_over_a_fact_and_the_disagreement_is_reported():
    a = Archive()
    a.add_facts([{"doc_type": "Nghị định", "number": "1/2020/NĐ-CP", "issued_date": "2020-01-02", "issuer": "Chính phủ",
                  "title": "x", "effective_from": "", "replaced_by": "", "replaced_from": "", "source": "", "sentence": ""}])
    a.add_output("o.json", {"document": {"doc_type": "Nghị định", "number": "1/2020/NĐ-CP", "issued_date": "2020-01-03",
                                         "effective": {"from": "2020-01-03", "to": None, "relations": []}},
                            "references": [], "structure": {}})
    assert a.docs[key_of("Nghị định", "1/2020/NĐ-CP")].issued_date == "2020-01-03"
    assert a.disagreements and "2020-01-03" in a.disagreements[0]
    assert a.status(key_of("Nghị định", "1/2020/NĐ-CP"), "2021-01-01").status is Status.IN_FORCE


@needs_corpus
@pytest.mark.parametrize("row", central_facts(), ids=lambda r: r["number"])
def test_central_fact_sentence_is_in_the_corpus(row):
    text = (CORPUS / row["source"]).read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", re.sub(r"CÔNG BÁO/Số \d+/Ngày [\d-]+ \d+", " ", text))
    assert re.sub(r"\s+", " ", row["sentence"]) in flat
    assert row["number"] in row["sentence"] or row["number"] in flat


def test_graph_as_of_gives_node_status_typed_dated_edges_and_late_bases(tmp_path):
    out = tmp_path / "out"
    for name, text in (("nd191.txt", REPLACING),
                       ("draft.txt", _draft("Căn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ;"))):
        (tmp_path / name).write_text(text, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "pipeline.cli", "convert", str(tmp_path / name), "-o", str(out), "-q"],
                       cwd=ROOT, check=True)
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "graph", str(out), "--as-of", "2026-06-01", "--report",
                          "-o", str(tmp_path / "g.json"), "-q"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "cited as a basis after being replaced, repealed or expired: 1" in res.stdout
    assert "draft.json:basis-1" in res.stdout and "191/2026/NĐ-CP" in res.stdout
    g = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in g["nodes"]}
    old = next(n for n in nodes.values() if n.get("number") == "39/2022/NĐ-CP")
    assert old["status"] == "replaced" and old["status_since"] == "2026-05-29"
    edge = next(e for e in g["edges"] if e.get("act"))
    assert (edge["act"], edge["effective_from"], nodes[edge["target"]]["number"]) == ("replaces", "2026-05-29", "39/2022/NĐ-CP")
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "graph", str(out), "--as-of", "2026-05-01",
                          "-o", str(tmp_path / "g2.json"), "-q"], cwd=ROOT, capture_output=True, text=True, check=True)
    old = next(n for n in json.loads((tmp_path / "g2.json").read_text(encoding="utf-8"))["nodes"] if n.get("number") == "39/2022/NĐ-CP")
    assert old["status"] == "in_force"  # before its replacement (known from central_documents.csv)
