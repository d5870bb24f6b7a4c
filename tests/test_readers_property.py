"""Property tests: the readers and the whole pipeline never raise on arbitrary text, and
provenance offsets always lie inside the source."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.model import Document, Source
from pipeline.readers.decode import NotText, decode
from pipeline.readers.md import read_markdown
from pipeline.readers.txt import read_text

# Text made of the pieces these documents are built from, so that the parsers' branches are reached.
PIECES = st.sampled_from([
    "QUYẾT ĐỊNH", "KẾ HOẠCH", "Số: 12/QĐ-UBND", "Số:   /KH-UBND", "Lâm Đồng, ngày 30 tháng 12 năm 2022",
    "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014;", "Điều 1.", "I. MỤC TIÊU", "1.", "a)", "- ", "+ ",
    "PHỤ LỤC", "(Kèm theo Quyết định số 2571/QĐ-UBND ngày 30/12/2022)", "Nơi nhận:", "KT. CHỦ TỊCH", " \t", "\t",
    "\t\u00a0", "|", "| a | b |", "|---|---|", "**", "*", "\n", "\n\n", "CÔNG BÁO/Số 1/Ngày 01-01-2024", "27",
    "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015", "các Nghị định: số 1/2020/NĐ-CP, số 2/2021/NĐ-CP",
    "Văn phòng UBND tỉnh; Các sở, ban, ngành", "Quý II/2023", "300 triệu đồng", "./.",
])
DOC_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=60).map("".join)


def _check_blocks(blocks, text):
    for b in blocks:
        assert 0 <= b.loc.start <= b.loc.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOC_TEXT)
def test_text_reader_never_raises(text):
    blocks, pages = read_text(text)
    _check_blocks(blocks, text.replace("\r\n", "\n").replace("\r", "\n"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOC_TEXT)
def test_markdown_reader_never_raises(text):
    blocks, notes = read_markdown(text)
    _check_blocks(blocks, text.replace("\r\n", "\n").replace("\r", "\n"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decode_returns_text_or_refuses(data):
    try:
        text, enc = decode(data)
    except NotText:
        return
    assert isinstance(text, str) and enc


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOC_TEXT)
def test_whole_pipeline_never_raises_and_validates(text):
    from extractors import extract_all
    from pipeline.segment import segment
    from pipeline.writers.json_out import to_dict, validate

    blocks, _ = read_text(text)
    doc = Document(Source("x.txt", "0" * 64, "txt"), blocks, text)
    segment(doc)
    extract_all(doc)
    validate(to_dict(doc))
    for ref in doc.references:
        node = doc.node(ref.node)
        start, end = ref.span
        assert 0 <= start < end <= len(node.text)


def test_tcvn3_text_is_detected_and_converted(tmp_path):
    from pipeline.convert import convert

    legacy = ("QUYÕT §ÞNH\nVÒ viÖc ban hµnh KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2023\n"
              "C¨n cø NghÞ quyÕt sè 76/NQ-CP ngµy 15/7/2021 cña ChÝnh phñ;\n"
              "§iÒu 1. Ban hµnh kÌm theo QuyÕt ®Þnh nµy KÕ ho¹ch c¶i c¸ch hµnh chÝnh.\n")
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(legacy.encode("cp1252"))
    out = convert(str(path))
    assert out["document"]["title"] == "Về việc ban hành Kế hoạch cải cách hành chính năm 2023"
    assert [r["number"] for r in out["references"]] == ["76/NQ-CP"]
    assert any(w["code"] == "encoding" and "TCVN3" in w["message"] for w in out["warnings"])


def test_latin1_text_that_is_not_tcvn3_is_left_alone():
    from pipeline.readers.legacy import looks_tcvn3

    assert not looks_tcvn3("Café au lait, à la française, très élégant, naïve résumé, déjà vu. " * 5)
    assert not looks_tcvn3("Quyết định về việc ban hành kế hoạch cải cách hành chính năm 2023 " * 5)


def _vni_rows() -> list[dict[str, str]]:
    import csv
    from importlib import resources

    text = resources.files("pipeline.data").joinpath("vni.tsv").read_text(encoding="utf-8")
    return list(csv.DictReader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t"))


@pytest.mark.parametrize("row", _vni_rows(), ids=lambda r: r["unicode"])
def test_vni_table_row(row):
    """Every row of vni.tsv: the sequence alone, and inside a word, gives its letter."""
    from pipeline.readers.legacy import from_vni

    assert from_vni(row["vni"]) == row["unicode"]
    assert from_vni("th" + row["vni"] + "n") == "th" + row["unicode"] + "n"


def _to_vni(text: str) -> str:
    """Unicode → VNI through the table (the inverse of the reader's conversion)."""
    inverse = {r["unicode"]: r["vni"] for r in _vni_rows()}
    return "".join(inverse.get(ch, ch) for ch in text)


@given(st.lists(st.sampled_from("Quyết định Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc "
                                "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG kế hoạch cải cách hành chính năm 2023 "
                                "thuở ưu tiên ngoài nguồn lực đẩy mạnh ứng dụng yêu cầu Ỵ ỵ".split()), min_size=1, max_size=40))
def test_vni_round_trip(words):
    from pipeline.readers.legacy import from_vni

    text = " ".join(words)
    assert from_vni(_to_vni(text)) == text


def test_vni_text_and_docx_are_detected_and_converted(tmp_path):
    import docx

    from pipeline.convert import convert

    plain = ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 15/QĐ-UBND\nLâm Đồng, ngày 5 tháng 1 năm 2024\n\nQUYẾT ĐỊNH\n"
             "Về việc ban hành Kế hoạch cải cách hành chính năm 2024\n"
             "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
             "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính.\n")
    legacy = _to_vni(plain)
    assert "Quyeát ñònh naøy" in legacy and "COÄNG" not in legacy
    path = tmp_path / "vni.txt"
    path.write_bytes(legacy.encode("cp1252"))
    word = docx.Document()
    for line in legacy.split("\n"):
        word.add_paragraph(line)
    word.save(str(tmp_path / "vni.docx"))
    for name in ("vni.txt", "vni.docx"):
        out = convert(str(tmp_path / name))
        assert out["document"]["number"] == "15/QĐ-UBND", name
        assert out["document"]["issuer"] == "UBND tỉnh Lâm Đồng", name
        assert out["document"]["title"] == "Về việc ban hành Kế hoạch cải cách hành chính năm 2024", name
        assert "76/NQ-CP" in [r["number"] for r in out["references"]], name
        assert any(w["code"] == "encoding" and "VNI" in w["message"] for w in out["warnings"]), name


def test_latin1_text_that_is_not_vni_is_left_alone():
    from pipeline.readers.legacy import detect

    assert detect("Café au lait, à la française, très élégant, naïve résumé, déjà vu. " * 5) is None
    assert detect("El niño comió piñata y jalapeño en São Paulo, Señor Muñoz. " * 5) is None
    assert detect("Où est-il? Le goût du mois d'août, une idée naïve, très élégant. " * 5) is None
    assert detect("Quyết định về việc ban hành kế hoạch cải cách hành chính năm 2023 " * 5) is None


# The first lines of a corpus PDF (CV 298 PC04) whose font has no Unicode map, as its text layer gives them.
_GARBLED = ("BØC ÔNG AN CÔNG AN TÈNH LÂM \x10ÒNG SÑg8 /TTr- CAT-PC04 CØNG HOÀ XÃ HØI CHæN GH(A VIÆT NAM "
            "\x10Ùc l-p - Tå do - H¡nh phúc Lâm \x10ông, ngày24 tháng 10 n\x03m 2025 TÜT RÌNH V/vx in chçt "
            "r°¡ng tri¿n khai thñce hiÇn công tác cai nghiÇn ma túy tñ nguyÇn t¡i gia \x11ình, cÙng \x11Óng "
            "trên \x11Ëa bàn tÉnh Lâm \x10Óng")


def test_text_in_a_font_without_a_unicode_map_is_garbled():
    from pipeline.readers.legacy import garbled

    assert garbled(_GARBLED)
    assert not garbled(_GARBLED[:60])  # too few letters to judge


@pytest.mark.parametrize("text", [
    "Quyết định về việc ban hành kế hoạch cải cách hành chính năm 2023; " * 3,
    "Hợp tác với Đại học München và Zürich, ông François Müller, bà Núñez; Căn cứ Luật Tổ chức Chính phủ "
    "ngày 19 tháng 6 năm 2015; Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ.",
    "Café au lait, à la française, très élégant, naïve résumé, déjà vu. " * 3,
    "El niño comió piñata y jalapeño en São Paulo, Señor Muñoz. " * 3,
])
def test_vietnamese_with_foreign_names_and_other_languages_are_not_garbled(text):
    from pipeline.readers.legacy import garbled

    assert not garbled(text)


def test_a_document_that_stays_garbled_is_said_to_be_unreadable(tmp_path):
    from pipeline.readers import read

    path = tmp_path / "pc04.txt"  # control characters would make it binary: without them, a few letters mapped right
    path.write_text(re.sub(r"[\x00-\x1f]", "", _GARBLED) + " theo phương án của đơn vị\n", encoding="utf-8")
    doc = read(str(path))
    assert any(w.code == "encoding" and "not readable Vietnamese" in w.message for w in doc.warnings)
    path.write_text("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n" * 3, encoding="utf-8")
    assert not any("not readable" in w.message for w in read(str(path)).warnings)
