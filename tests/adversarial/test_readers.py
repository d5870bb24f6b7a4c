"""Issue 16, cases 1, 2, 3, 4, 7 and 9 (NUL blocks): damaged or hostile single files end as a
document with a warning or as a one-line input error, within a time and memory limit."""
from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from pipeline.convert import convert
from pipeline.limits import LimitExceeded, bounded
from pipeline.readers.errors import InputError
from tests.adversarial import make
from tests.conftest import ROOT, SEED

LIMITS = {"timeout": 60, "max_memory_mb": 1024}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def convert_bounded(path) -> dict:
    return bounded(convert, str(path), **LIMITS)


def codes(data: dict) -> list[str]:
    return [w["code"] for w in data["warnings"]]


# -- 1. one bad byte ---------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["truncated_last_char", "flipped_byte", "stray_cp1252_byte"])
def test_one_bad_byte_keeps_the_utf8_text(tmp_path, damage):
    data = SEED.read_bytes()
    if damage == "truncated_last_char":
        data += "Đ".encode()[:1]
    elif damage == "flipped_byte":
        k = data.index("Điều 2".encode())
        data = data[:k] + b"\xff" + data[k + 1:]
    else:
        k = data.index("Điều 3".encode())
        data = data[:k] + b"\x93" + data[k:]
    path = tmp_path / "seed.txt"
    path.write_bytes(data)
    out = convert_bounded(path)
    assert out["document"]["number"] == "2571/QĐ-UBND" and out["document"]["doc_type"] == "Quyết định"
    assert len(out["tasks"]) == 38
    encoding = [w["message"] for w in out["warnings"] if w["code"] == "encoding"]
    assert encoding and "not valid UTF-8" in encoding[0] and "line" in encoding[0]


def test_a_cp1258_file_is_still_read_as_cp1258(tmp_path):
    from tests.test_cli import _cp1258

    text = "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch năm 2024\n"
    path = tmp_path / "cp.txt"
    path.write_bytes(_cp1258(text))
    out = convert_bounded(path)
    assert out["document"]["doc_type"] == "Quyết định"
    assert any("decoded as cp1258" in w["message"] for w in out["warnings"])


def test_a_nul_block_is_stripped_with_a_warning(tmp_path):
    data = SEED.read_bytes()
    k = data.index("Điều 2".encode())
    path = tmp_path / "nul.txt"
    path.write_bytes(data[:k] + bytes(4096) + data[k:])
    out = convert_bounded(path)
    assert out["document"]["number"] == "2571/QĐ-UBND" and len(out["tasks"]) == 38
    assert any("4096 NUL or control bytes" in w["message"] for w in out["warnings"] if w["code"] == "encoding")


def test_binary_data_is_still_refused(tmp_path):
    rng = random.Random(16)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(20000)))
    with pytest.raises(InputError, match="not a text document"):
        convert_bounded(path)


# -- 2. memory bound and page pixels -------------------------------------------------------------------
def test_a_huge_blank_page_is_rendered_small(tmp_path):
    from pipeline.readers.ocr import MAX_PIXELS, render_dpi

    dpi = render_dpi(14400, 14400)
    assert (14400 * dpi / 72) ** 2 <= MAX_PIXELS * 1.001 and render_dpi(595, 842) == 300
    path = tmp_path / "big.pdf"
    path.write_bytes(make.big_page_pdf())
    out = run("convert", str(path), "--max-memory", "1024", "--timeout", "60")
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "limit" not in out.stderr  # stopped by the pixel cap, not by the memory limit


def _hog(megabytes: int) -> None:
    import time

    block = bytearray(megabytes * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])
    time.sleep(30)


def test_convert_stops_a_document_past_its_memory_limit():
    with pytest.raises(LimitExceeded) as exc:
        bounded(_hog, 600, timeout=20, max_memory_mb=300)
    assert exc.value.kind == "memory"


def test_convert_stops_a_document_past_its_time_limit():
    import time

    with pytest.raises(LimitExceeded) as exc:
        bounded(time.sleep, 30, timeout=0.5, max_memory_mb=1024)
    assert exc.value.kind == "timeout"


def test_a_time_limit_shorter_than_the_memory_checks_interval_is_kept():
    """A document done after its limit but before the watcher's next 0.1 s check was accepted."""
    import time

    with pytest.raises(LimitExceeded) as exc:
        bounded(time.sleep, 0.05, timeout=0.01, max_memory_mb=1024)
    assert exc.value.kind == "timeout"


def test_cli_limits_are_one_line_errors(tmp_path):
    out = run("convert", str(SEED), "--timeout", "0.01")
    assert out.returncode == 1 and out.stderr.strip().endswith("time limit of 0.01 s exceeded")
    assert run("convert", str(SEED), "--max-memory", "0").returncode == 2


# -- 3. zip members checked by the bytes inflated ------------------------------------------------------
def test_a_member_lying_about_its_size_is_refused(tmp_path):
    path = tmp_path / "liar.docx"
    path.write_bytes(make.lying_zip("word/document.xml", b" " * (200 * 1024 * 1024), 150))
    with pytest.raises(InputError, match="corrupt|damaged|refused"):
        convert_bounded(path)


def test_text_parts_inflating_past_the_cap_are_refused(tmp_path, monkeypatch):
    from pipeline.readers import docx

    monkeypatch.setattr(docx, "MAX_XML", 1024 * 1024)
    path = tmp_path / "big.docx"
    path.write_bytes(make.docx({"word/document.xml": make.document_xml(["Điều 1. Nội dung."] * 60000)}))
    with pytest.raises(InputError, match="inflate past 1 MB"):
        convert(str(path))


def test_too_many_members_are_refused(tmp_path):
    parts = {f"word/media/{k}.bin": b"" for k in range(10001)}
    parts["word/document.xml"] = make.document_xml(["QUYẾT ĐỊNH"])
    path = tmp_path / "many.docx"
    path.write_bytes(make.docx(parts))
    with pytest.raises(InputError, match="10002 parts"):
        convert_bounded(path)


# -- 7. failure kinds: damage in a part is the input's fault --------------------------------------------
def test_a_damaged_deflate_stream_is_an_input_error(tmp_path):
    good = make.docx({"word/document.xml": make.document_xml(["QUYẾT ĐỊNH"] * 2000)})
    start = good.index(b"word/document.xml") + len("word/document.xml") + 40
    bad = good[:start] + bytes(64) + good[start + 64:]
    path = tmp_path / "zlib.docx"
    path.write_bytes(bad)
    with pytest.raises(InputError):
        convert_bounded(path)


@pytest.mark.parametrize("part", ["word/footnotes.xml", "word/numbering.xml", "word/styles.xml"])
def test_damaged_xml_in_any_part_is_an_input_error(tmp_path, part):
    path = tmp_path / "xml.docx"
    path.write_bytes(make.docx({"word/document.xml": make.document_xml(["QUYẾT ĐỊNH"]), part: b"<w:x><unclosed"}))
    with pytest.raises(InputError, match="damaged"):
        convert_bounded(path)


def test_an_external_entity_is_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT KHẨU 12345", encoding="utf-8")
    doctype = f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
    path = tmp_path / "xxe.docx"
    path.write_bytes(make.docx({"word/document.xml": make.document_xml(["QUYẾT ĐỊNH", "Điều 1. Nội dung."]),
                                "word/footnotes.xml": make.footnotes_xml("&e;", doctype)}))
    try:
        out = convert_bounded(path)
    except InputError:
        return
    assert "12345" not in json.dumps(out, ensure_ascii=False)


@pytest.mark.parametrize("part", ["word/footnotes.xml", "word/numbering.xml"])
def test_an_entity_expansion_is_not_expanded(tmp_path, part):
    xml = make.footnotes_xml("&lol9;", make.LAUGHS)
    path = tmp_path / "laughs.docx"
    path.write_bytes(make.docx({"word/document.xml": make.document_xml(["QUYẾT ĐỊNH", "Điều 1. Nội dung."]), part: xml}))
    try:
        out = convert_bounded(path)
    except InputError:
        return
    assert "lollollol" not in json.dumps(out)


def test_damaged_pdfs_are_input_errors_never_internal(tmp_path):
    from tests.pdfmaker import make_pdf, text

    pdf = make_pdf([[text(72, 770, "QUYẾT ĐỊNH"), text(72, 740, "Điều 1. Ban hành kế hoạch năm 2024.")]] * 3)
    rng = random.Random(7)
    for k in range(40):
        _, data, _ = make.mutate(pdf, rng)
        path = tmp_path / f"m{k}.pdf"
        path.write_bytes(data)
        try:
            convert_bounded(path)
        except InputError:
            pass


# -- 4. long lines, tiny paragraphs: linear cost, bounded output -----------------------------------------
def test_a_whole_file_on_one_line_is_bounded(tmp_path):
    line = SEED.read_text(encoding="utf-8").replace("\n", " ")
    path = tmp_path / "one.txt"
    path.write_text(line * 20, encoding="utf-8")  # about 1.8 MB on one line
    out = bounded(convert, str(path), timeout=120, max_memory_mb=1024)
    assert "output_cut" in codes(out) and len(out["document"]["title"]) <= 2001
    assert len(json.dumps(out, ensure_ascii=False)) < 4 * path.stat().st_size
    assert out["references"] and all(len(r["target"]) < 600 for r in out["back_references"])


def test_a_docx_of_too_many_paragraphs_is_cut_with_a_warning(tmp_path, monkeypatch):
    from pipeline import bounds

    monkeypatch.setattr(bounds, "MAX_BLOCKS", 300)
    path = tmp_path / "tiny.docx"
    path.write_bytes(make.docx({"word/document.xml": make.document_xml(["QUYẾT ĐỊNH"] + ["a"] * 5000)}))
    out = convert(str(path))
    assert "output_cut" in codes(out)
    assert sum(1 for _ in _nodes(out["structure"]) if _["kind"] == "paragraph") <= 300


def _nodes(node):
    yield node
    for c in node["children"]:
        yield from _nodes(c)
