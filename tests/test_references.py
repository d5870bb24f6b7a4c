"""References: hand-picked sentences (tests/cases/reference_cases.json) give exactly the expected
documents with their number, date, issuer and relation; spans always index the node text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.references import Context, references_in
from pipeline.model import Node
from pipeline.text import nfc

CASES = json.loads((Path(__file__).parent / "cases" / "reference_cases.json").read_text(encoding="utf-8"))
LAM_DONG = Context(place="Lâm Đồng", issuer="UBND tỉnh Lâm Đồng")


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_reference_sentence(case):
    node = Node("n", case["kind"], text=nfc(case["text"]))  # readers normalise at the edge
    refs = references_in(node, LAM_DONG, in_header=False)
    got = [[r["doc_type"], r["number"], r["issued_date"], r["issuer"], r["relation"]] for r in refs]
    assert got == case["refs"]
    for r in refs:
        # the surface is the span as written, its whitespace and Markdown emphasis collapsed
        assert " ".join(node.text[r["span"][0]:r["span"][1]].replace("**", " ").split()) == r["surface"]
    if "provisions" in case:
        assert [p for r in refs for p in r.get("provisions", [])] == case["provisions"]


def test_self_reference_in_header():
    node = Node("header.p-3", "paragraph", text="Số: 2571/QĐ-UBND")
    refs = references_in(node, LAM_DONG, in_header=True)
    assert [(r["number"], r["relation"]) for r in refs] == [("2571/QĐ-UBND", "self")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "Căn cứ ", "Nghị định số ", "108/2014/NĐ-CP", " ngày 20/11/2014", " của Chính phủ", " về ", "Luật ", "Tổ chức ",
    "sửa đổi, bổ sung một số điều của ", "; ", ", số ", " và số ", "48-KH/TU", "Điều 5 ", "khoản 2 ", "các ", ": ",
    "Quyết định ", "QĐ-UBND", "/", "-", " ", "ngày 15 tháng 7 năm 2021", "(", ")", "“", "”", "Bộ luật ",
]) | st.text(max_size=8), max_size=40).map("".join))
def test_extractor_never_raises_and_spans_index_the_text(text):
    node = Node("n", "paragraph", text=text)
    for r in references_in(node, LAM_DONG, in_header=False):
        start, end = r["span"]
        assert 0 <= start < end <= len(text)
        assert r["surface"]


def test_back_references_resolve_to_their_document(tmp_path):
    from pipeline.convert import convert

    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/QĐ-UBND\nLâm Đồng, ngày 05 tháng 3 năm 2024\n"
            "QUYẾT ĐỊNH\nVề việc triển khai Nghị định\n"
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;\n"
            "QUYẾT ĐỊNH:\n"
            "Điều 1. Triển khai thực hiện Nghị định nêu trên trong toàn tỉnh.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n")
    path = tmp_path / "qd.txt"
    path.write_text(text, encoding="utf-8")
    out = convert(str(path))
    backs = [(b["surface"], b["refers_to"], b["target"]) for b in out["back_references"]]
    assert backs == [("Nghị định nêu trên", "previous", "vn:nghi-dinh:30/2020/NĐ-CP:2020-03-05"),
                     ("Quyết định này", "self", "vn:quyet-dinh:12/QĐ-UBND:2024-03-05")]
    # back-references are not cited documents: references keep the numbered mention only
    assert [r["number"] for r in out["references"]] == ["12/QĐ-UBND", "30/2020/NĐ-CP"]


def test_mentions_of_one_number_share_its_issuer(tmp_path):
    """The Tờ trình cited bare in the basis takes the issuer its other mention names; the document's
    own number in its attachment's "kèm theo" line takes the header's issuer (vbai-lamdong-ubnd CV
    1376/VP-NC, Tờ trình 85 STP)."""
    from pipeline.convert import convert

    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/QĐ-UBND\nLâm Đồng, ngày 05 tháng 3 năm 2024\n"
            "QUYẾT ĐỊNH\nVề việc phê duyệt Đề án\n"
            "Căn cứ Tờ trình số 34/TTr-ĐLS ngày 24 tháng 3 năm 2024;\n"
            "QUYẾT ĐỊNH:\n"
            "Điều 1. Phê duyệt Đề án tại Tờ trình số 34/TTr-ĐLS ngày 24 tháng 3 năm 2024 của Đoàn Luật sư tỉnh Lâm Đồng.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n"
            "(kèm theo Quyết định số 12/QĐ-UBND ngày 05/3/2024)\n")
    path = tmp_path / "qd.txt"
    path.write_text(text, encoding="utf-8")
    out = convert(str(path))
    got = [(r["number"], r["relation"], r["issuer"]) for r in out["references"]]
    assert ("34/TTr-ĐLS", "can_cu", "Đoàn Luật sư tỉnh Lâm Đồng") in got
    assert ("12/QĐ-UBND", "ban_hanh_kem_theo", "UBND tỉnh Lâm Đồng") in got
